import { Schema, type Connection, type Model } from 'mongoose';
import {
  isDuplicateKeyError,
  MongoOutboxStore,
  outboxSchemaPath,
  replaceKeepingOutbox,
  type OutboxEntry,
  type OutboxStore,
  type WithOutbox,
} from '@hcv/persistence';
import { siteAlreadyRegistered, type Site, type SiteRepository } from './site.repository';

type SiteDoc = Omit<Site, 'siteId'> & { _id: string } & WithOutbox;
const schema = new Schema<SiteDoc>(
  {
    _id: String,
    institutionNumber: String,
    onlineEligibilityCode: String,
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
      if (isDuplicateKeyError(error)) throw siteAlreadyRegistered(siteId);
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
