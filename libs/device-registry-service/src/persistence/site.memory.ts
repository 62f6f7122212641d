import { copyWithoutOutbox, InMemoryOutboxStore, storeWithOutbox, type OutboxEntry } from '@hcv/persistence';
import { siteAlreadyRegistered, type Site, type SiteRepository } from './site.repository';

/** The memory twin of MongoSiteRepository (embedded mode, unit specs). */
export class InMemorySiteRepository implements SiteRepository {
  private readonly sites = new Map<string, Site>();
  readonly outbox = new InMemoryOutboxStore('sites', this.sites);
  async insert(site: Site, events: readonly OutboxEntry[] = []) {
    if (this.sites.has(site.siteId)) throw siteAlreadyRegistered(site.siteId);
    this.sites.set(site.siteId, storeWithOutbox(undefined, site, events));
  }
  async get(siteId: string) {
    const s = this.sites.get(siteId);
    return s ? copyWithoutOutbox(s) : null;
  }
  async write(current: Site, next: Site, events: readonly OutboxEntry[] = []) {
    const stored = this.sites.get(current.siteId);
    if (!stored) return null;
    this.sites.set(current.siteId, storeWithOutbox(stored, next, events));
    return next;
  }
}
