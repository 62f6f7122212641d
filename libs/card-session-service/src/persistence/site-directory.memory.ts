import type { KnownSite, KnownStop, SiteDirectory } from './site-directory.repository';

/** The memory twin of MongoSiteDirectory (embedded mode, unit specs); the contract proves them equal. */
export class InMemorySiteDirectory implements SiteDirectory {
  private readonly sites = new Map<string, KnownSite>();
  private entry(siteId: string): KnownSite {
    let s = this.sites.get(siteId);
    if (!s) this.sites.set(siteId, (s = { siteId, itinerary: [] }));
    return s;
  }
  async setSite(siteId: string, site: { name: string; kind: 'facility' | 'bus' }) {
    Object.assign(this.entry(siteId), { name: site.name, kind: site.kind });
  }
  async setItinerary(siteId: string, itinerary: KnownStop[], asOf: string) {
    const s = this.entry(siteId);
    if ((s.itineraryAsOf ?? '') > asOf) return;
    Object.assign(s, { itinerary: itinerary.map((stop) => ({ ...stop })), itineraryAsOf: asOf });
  }
  async get(siteId: string) {
    const s = this.sites.get(siteId);
    return s ? { ...s, itinerary: s.itinerary.map((stop) => ({ ...stop })) } : null;
  }
}
