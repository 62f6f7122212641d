import type { SiteName, SiteNameRepository } from './site-name.repository';

/** Site names in a map (embedded mode, unit specs); the same contract as MongoSiteNameRepository. */
export class InMemorySiteNameRepository implements SiteNameRepository {
  private readonly sites = new Map<string, SiteName>();
  async record(site: SiteName) {
    const known = this.sites.get(site.siteId);
    if (!known || known.registeredAt <= site.registeredAt) this.sites.set(site.siteId, { ...site });
  }
  async nameOf(siteId: string) {
    return this.sites.get(siteId)?.name ?? null;
  }
}
