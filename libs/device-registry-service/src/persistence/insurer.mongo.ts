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
import { codeAlreadyRegistered, type InsurerEnrolment, type InsurerRepository } from './insurer.repository';

type InsurerDoc = Omit<InsurerEnrolment, 'onlineEligibilityCode'> & { _id: string } & WithOutbox;
const schema = new Schema<InsurerDoc>(
  {
    _id: String,
    insurerNumber: { type: String, required: true },
    name: { type: String, required: true },
    facilities: [{ _id: false, name: String, address: String }],
    contact: { _id: false, name: String, phone: String },
    plannedStartDate: String,
    filedFor: String,
    status: { type: String, required: true },
    registeredAt: String,
    withdrawal: { _id: false, effectiveDate: String, effectiveFrom: String, filedAt: String, filedBy: String, reason: String },
    postalCode: String,
    address: String,
    phone: String,
    checkupKinds: { type: [String], default: undefined },
    outbox: outboxSchemaPath,
  },
  { collection: 'insurer_enrolments', versionKey: false },
);
// Serves activeEnrolment: one active code per insurer.
schema.index({ insurerNumber: 1, status: 1 });
// Serves dueWithdrawals: the sweep over active enrolments with a filed withdrawal.
schema.index({ status: 1, 'withdrawal.effectiveFrom': 1 });

const toEnrolment = ({ _id, outbox: _outbox, ...rest }: InsurerDoc): InsurerEnrolment => ({ onlineEligibilityCode: _id, ...rest });

export class MongoInsurerRepository implements InsurerRepository {
  private readonly model: Model<InsurerDoc>;
  readonly outbox: OutboxStore;
  constructor(connection: Connection) {
    this.model = connection.models.InsurerEnrolment ?? connection.model<InsurerDoc>('InsurerEnrolment', schema);
    this.outbox = new MongoOutboxStore(connection, 'insurer_enrolments');
  }
  async insert({ onlineEligibilityCode, ...rest }: InsurerEnrolment, events: readonly OutboxEntry[] = []) {
    try {
      await this.model.create({ _id: onlineEligibilityCode, ...rest, ...(events.length ? { outbox: [...events] } : {}) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw codeAlreadyRegistered(onlineEligibilityCode);
      throw error;
    }
  }
  async get(code: string) {
    const doc = await this.model.findById(code).lean<InsurerDoc>().exec();
    return doc ? toEnrolment(doc) : null;
  }
  async write(current: InsurerEnrolment, { onlineEligibilityCode, ...rest }: InsurerEnrolment, events: readonly OutboxEntry[] = []) {
    const r = await this.model
      .updateOne(
        { _id: current.onlineEligibilityCode, status: current.status, 'withdrawal.filedAt': current.withdrawal?.filedAt ?? null },
        replaceKeepingOutbox(this.model, rest, events),
      )
      .exec();
    return r.matchedCount === 1 ? { onlineEligibilityCode, ...rest } : null;
  }
  async activeEnrolment(insurerNumber: string) {
    const doc = await this.model.findOne({ insurerNumber, status: 'active' }).lean<InsurerDoc>().exec();
    return doc ? toEnrolment(doc) : null;
  }
  async dueWithdrawals(at: string) {
    return (
      await this.model
        .find({ status: 'active', 'withdrawal.effectiveFrom': { $lte: at } })
        .lean<InsurerDoc[]>()
        .exec()
    ).map(toEnrolment);
  }
  async list() {
    return (await this.model.find({}).sort({ _id: 1 }).lean<InsurerDoc[]>().exec()).map(toEnrolment);
  }
}
