import type { EventOf, SiteRegisteredV1, SiteRegisteredV2 } from '@hcv/contracts';
import type { SiteNameRepository } from '../persistence/site-name.repository';

/** Keeps the name of every registered site, so a voucher's first use can name where it was. */
export class RecordSiteHandler {
  constructor(private readonly sites: SiteNameRepository) {}

  async handle(event: EventOf<typeof SiteRegisteredV1>): Promise<void> {
    const { siteId, institutionNumber, name, registeredAt } = event.data;
    await this.sites.record({ siteId, institutionNumber, name, registeredAt });
  }

  /** v2: a site of an insurer running checkups itself names its code, not an institution number. */
  async handleV2(event: EventOf<typeof SiteRegisteredV2>): Promise<void> {
    const { siteId, institutionNumber, onlineEligibilityCode, name, registeredAt } = event.data;
    await this.sites.record({ siteId, institutionNumber: institutionNumber ?? onlineEligibilityCode!, name, registeredAt });
  }
}
