import { plainCopy } from '@hcv/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain-errors';
import {
  copyWithoutOutbox,
  InMemoryOutboxStore,
  isDuplicateKeyError,
  MongoOutboxStore,
  outboxSchemaPath,
  storeWithOutbox,
  type OutboxEntry,
  type OutboxStore,
  type WithOutbox,
} from '@hcv/persistence';

export interface ItineraryStop {
  stopId: string;
  name: string;
  date: string;
  from: string;
  to: string;
}

/** A fixed facility, or a checkup bus (巡回健診) with its plate and the day's stops. */
export interface Site {
  siteId: string;
  institutionNumber: string;
  kind: 'facility' | 'bus';
  name: string;
  plate?: string;
  itinerary: ItineraryStop[];
  registeredAt: string;
}

export interface SiteRepository {
  /** Events staged with a write ride in the site's document until the relay sent them. */
  readonly outbox: OutboxStore;
  insert(site: Site, events?: readonly OutboxEntry[]): Promise<void>;
  get(siteId: string): Promise<Site | null>;
  setItinerary(siteId: string, itinerary: ItineraryStop[]): Promise<boolean>;
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
  async setItinerary(siteId: string, itinerary: ItineraryStop[]) {
    const s = this.sites.get(siteId);
    if (!s) return false;
    s.itinerary = plainCopy(itinerary);
    return true;
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
  async setItinerary(siteId: string, itinerary: ItineraryStop[]) {
    return (await this.model.updateOne({ _id: siteId }, { $set: { itinerary } }).exec()).matchedCount === 1;
  }
}
