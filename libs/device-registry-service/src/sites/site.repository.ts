import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain';
import { copyWithoutOutbox, InMemoryOutboxStore, isDuplicateKeyError, MongoOutboxStore, outboxSchemaPath, storeWithOutbox, type OutboxEntry, type OutboxStore, replaceKeepingOutbox, type WithOutbox } from '@hcv/persistence';
import type { ItineraryStop, Site } from '../domain/site.decide';

export type { ItineraryStop, Site };

export interface SiteRepository {
  /** Events staged with a write ride in the site's document until the relay sent them. */
  readonly outbox: OutboxStore;
  insert(site: Site, events?: readonly OutboxEntry[]): Promise<void>;
  get(siteId: string): Promise<Site | null>;
  /** Stores `next` with its events (the unit of work's write; last writer wins: only an operator changes a site). */
  write(current: Site, next: Site, events?: readonly OutboxEntry[]): Promise<Site | null>;
}

const duplicate = (id: string) => new DomainError('site-already-registered', `Site ${id} is already registered.`, 409, 'siteId');

export class InMemorySiteRepository implements SiteRepository {
  private readonly sites = new Map<string, Site>();
  readonly outbox = new InMemoryOutboxStore('sites', this.sites);
  async insert(site: Site, events: readonly OutboxEntry[] = []) {
    if (this.sites.has(site.siteId)) throw duplicate(site.siteId);
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

type SiteDoc = Omit<Site, 'siteId'> & { _id: string } & WithOutbox;
const schema = new Schema<SiteDoc>(
  {
    _id: String,
    institutionNumber: { type: String, required: true },
    kind: { type: String, required: true },
    name: String,
    plate: String,
    itinerary: [{ _id: false, stopId: String, name: String, date: String, from: String, to: String }],
    registeredAt: String,
    outbox: outboxSchemaPath,
  },
  { collection: 'sites', versionKey: false },
);
// Serves the institution's list of sites.
schema.index({ institutionNumber: 1 });

export class MongoSiteRepository implements SiteRepository {
  private readonly model: Model<SiteDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Site ?? connection.model<SiteDoc>('Site', schema);
    this.outbox = new MongoOutboxStore(connection, 'sites');
  }
  async insert({ siteId, ...rest }: Site, events: readonly OutboxEntry[] = []) {
    try {
      await this.model.create({ _id: siteId, ...rest, ...(events.length ? { outbox: [...events] } : {}) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw duplicate(siteId);
      throw error;
    }
  }
  async get(siteId: string) {
    const doc = await this.model.findById(siteId).lean<SiteDoc>().exec();
    if (!doc) return null;
    const { _id, outbox: _outbox, ...rest } = doc;
    return { siteId: _id, ...rest };
  }
  async write(current: Site, { siteId, ...rest }: Site, events: readonly OutboxEntry[] = []) {
    const result = await this.model.updateOne({ _id: current.siteId }, replaceKeepingOutbox(this.model, rest, events)).exec();
    return result.matchedCount === 1 ? { siteId, ...rest } : null;
  }
}
