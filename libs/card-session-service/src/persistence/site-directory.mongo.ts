import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError, withWriteAttempts } from '@hcv/persistence';
import type { KnownSite, KnownStop, SiteDirectory } from './site-directory.repository';

type SiteDoc = Omit<KnownSite, 'siteId'> & { _id: string };
const schema = new Schema<SiteDoc>(
  {
    _id: String,
    name: String,
    kind: String,
    itinerary: [{ _id: false, stopId: String, name: String, date: String, from: String, to: String }],
    itineraryAsOf: { type: String, default: '' },
  },
  { collection: 'site_directory', versionKey: false },
);
// No secondary index: every query is by site id (_id).

const toSite = ({ _id, itineraryAsOf, ...rest }: SiteDoc): KnownSite => ({
  siteId: _id,
  ...rest,
  itinerary: (rest.itinerary ?? []).map(({ stopId, name, date, from, to }) => ({ stopId, name, date, from, to })),
  ...(itineraryAsOf ? { itineraryAsOf } : {}),
});

export class MongoSiteDirectory implements SiteDirectory {
  private readonly model: Model<SiteDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.KnownSite ?? connection.model<SiteDoc>('KnownSite', schema);
  }
  async setSite(siteId: string, site: { name: string; kind: 'facility' | 'bus' }) {
    await this.model
      .updateOne(
        { _id: siteId },
        { $set: { name: site.name, kind: site.kind }, $setOnInsert: { itinerary: [], itineraryAsOf: '' } },
        { upsert: true },
      )
      .exec();
  }
  /** Newer-wins by compare-and-set on the stored time ('' until first set), as the device directory does. */
  async setItinerary(siteId: string, itinerary: KnownStop[], asOf: string) {
    await withWriteAttempts(
      async () => {
        const doc = await this.model.findById(siteId).lean<SiteDoc>().exec();
        if (!doc) {
          try {
            await this.model.collection.insertOne({ _id: siteId as never, itinerary, itineraryAsOf: asOf });
            return true;
          } catch (error) {
            if (isDuplicateKeyError(error)) return undefined; // created meanwhile: compare with it
            throw error;
          }
        }
        const stored = doc.itineraryAsOf ?? '';
        if (stored > asOf) return true;
        const r = await this.model.updateOne({ _id: siteId, itineraryAsOf: stored }, { $set: { itinerary, itineraryAsOf: asOf } }).exec();
        return r.matchedCount === 1 ? true : undefined;
      },
      () => new Error(`site ${siteId} kept changing while recording its itinerary`),
    );
  }
  async get(siteId: string) {
    const doc = await this.model.findById(siteId).lean<SiteDoc>().exec();
    return doc ? toSite(doc) : null;
  }
}
