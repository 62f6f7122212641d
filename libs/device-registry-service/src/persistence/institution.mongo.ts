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
import { institutionAlreadyRegistered, type Institution, type InstitutionRepository } from './institution.repository';

type InstitutionDoc = Omit<Institution, 'institutionNumber'> & { _id: string } & WithOutbox;
const schema = new Schema<InstitutionDoc>(
  {
    _id: String,
    kind: { type: String, required: true },
    name: { type: String, required: true },
    insurerNumber: String,
    status: { type: String, required: true },
    registeredAt: String,
    withdrawnAt: String,
    withdrawalReason: String,
    postalCode: String,
    address: String,
    phone: String,
    checkupKinds: { type: [String], default: undefined },
    openingHours: { type: Schema.Types.Mixed, default: undefined },
    openingNote: String,
    existingTypeTerminal: Boolean,
    outbox: outboxSchemaPath,
  },
  { collection: 'institutions', versionKey: false },
);

const toInstitution = ({ _id, outbox: _outbox, ...rest }: InstitutionDoc): Institution => ({ institutionNumber: _id, ...rest });

export class MongoInstitutionRepository implements InstitutionRepository {
  private readonly model: Model<InstitutionDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.Institution ?? connection.model<InstitutionDoc>('Institution', schema);
    this.outbox = new MongoOutboxStore(connection, 'institutions');
  }
  async insert({ institutionNumber, ...rest }: Institution, events: readonly OutboxEntry[] = []) {
    try {
      await this.model.create({ _id: institutionNumber, ...rest, ...(events.length ? { outbox: [...events] } : {}) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw institutionAlreadyRegistered(institutionNumber);
      throw error;
    }
  }
  async get(n: string) {
    const doc = await this.model.findById(n).lean<InstitutionDoc>().exec();
    return doc ? toInstitution(doc) : null;
  }
  async write(current: Institution, { institutionNumber, ...rest }: Institution, events: readonly OutboxEntry[] = []) {
    const r = await this.model
      .updateOne({ _id: current.institutionNumber, status: current.status }, replaceKeepingOutbox(this.model, rest, events))
      .exec();
    return r.matchedCount === 1 ? { institutionNumber, ...rest } : null;
  }
  async list() {
    // The whole registry (thousands of institutions at most), in _id order: the list is a full table by nature.
    return (await this.model.find({}).sort({ _id: 1 }).lean<InstitutionDoc[]>().exec()).map(toInstitution);
  }
}
