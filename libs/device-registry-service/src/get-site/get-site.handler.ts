import type { StaffClaims } from '@hcv/contracts';
import { NotFoundError } from '@hcv/domain';
import { assertSiteAccess } from '@hcv/platform-access';
import type { Site, SiteRepository } from '../persistence/site.repository';

/** One site, for staff who may see it (a site manager: their own sites only). */
export class GetSiteHandler {
  constructor(private readonly sites: SiteRepository) {}

  async execute(siteId: string, staff: StaffClaims): Promise<Site> {
    assertSiteAccess(staff, siteId);
    const site = await this.sites.get(siteId);
    if (!site) throw new NotFoundError('site', siteId);
    return site;
  }
}
