import type { EventOf, SiteRegisteredV1 } from '@hcv/contracts';
import type { SiteNameRepository } from '../persistence/site-name.repository';

/** Keeps the name of every registered site, so a voucher's first use can name where it was. */
export class RecordSiteHandler {
  constructor(private readonly sites: SiteNameRepository) {}

  async handle(event: EventOf<typeof SiteRegisteredV1>): Promise<void> {
    const { siteId, institutionNumber, name, registeredAt } = event.data;
    await this.sites.record({ siteId, institutionNumber, name, registeredAt });
  }
}
