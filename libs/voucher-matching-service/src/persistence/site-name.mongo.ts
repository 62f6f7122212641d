import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { SiteName, SiteNameRepository } from './site-name.repository';

type SiteNameDoc = Omit<SiteName, 'siteId'> & { _id: string };
const schema = new Schema<SiteNameDoc>(
  { _id: String, institutionNumber: String, name: String, registeredAt: String },
  { collection: 'site_names', versionKey: false },
);

export class MongoSiteNameRepository implements SiteNameRepository {
  private readonly model: Model<SiteNameDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.SiteName ?? connection.model<SiteNameDoc>('SiteName', schema);
  }

  async record({ siteId, ...rest }: SiteName) {
    try {
      // Replaces an older (or the same) registration; a newer one fails the filter, and the upsert's
      // insert then meets the existing id: nothing to do.
      await this.model.updateOne({ _id: siteId, registeredAt: { $lte: rest.registeredAt } }, { $set: rest }, { upsert: true }).exec();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async nameOf(siteId: string) {
    const doc = await this.model.findById(siteId, { name: 1 }).lean<Pick<SiteNameDoc, 'name'>>().exec();
    return doc?.name ?? null;
  }
}
