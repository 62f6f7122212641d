import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain';
import { copyWithoutOutbox, InMemoryOutboxStore, isDuplicateKeyError, MongoOutboxStore, outboxSchemaPath, storeWithOutbox, withoutOutbox, type OutboxEntry, type OutboxStore, replaceKeepingOutbox, type WithOutbox } from '@hcv/persistence';
import type { Institution } from '../domain/institution.decide';

export type { Institution };

export interface InstitutionRepository {
  /** Events staged with a write ride in the institution's document until the relay sent them. */
  readonly outbox: OutboxStore;
  insert(institution: Institution, events?: readonly OutboxEntry[]): Promise<void>;
  get(institutionNumber: string): Promise<Institution | null>;
  /** Stores `next` with its events only if the stored status is still `current`'s (the unit of work's write); null otherwise. */
  write(current: Institution, next: Institution, events?: readonly OutboxEntry[]): Promise<Institution | null>;
  /** Next serial for an online eligibility code (atomic across instances). */
  nextCodeSerial(): Promise<number>;
  /** An insurer's active enrolment, if it already filed an introduction notice. */
  activeEnrolment(insurerNumber: string): Promise<Institution | null>;
  /** Every institution, active or withdrawn, by number. */
  list(): Promise<Institution[]>;
}

const duplicate = (n: string) => new DomainError('institution-already-registered', `Institution ${n} is already registered.`, 409, 'institutionNumber');

export class InMemoryInstitutionRepository implements InstitutionRepository {
  private readonly items = new Map<string, Institution>();
  readonly outbox = new InMemoryOutboxStore('institutions', this.items);
  private serial = 0;
  async insert(i: Institution, events: readonly OutboxEntry[] = []) {
    if (this.items.has(i.institutionNumber)) throw duplicate(i.institutionNumber);
    this.items.set(i.institutionNumber, storeWithOutbox(undefined, i, events));
  }
  async get(n: string) {
    const i = this.items.get(n);
    return i ? withoutOutbox({ ...i }) : null;
  }
  async write(current: Institution, next: Institution, events: readonly OutboxEntry[] = []) {
    const i = this.items.get(current.institutionNumber);
    if (!i || i.status !== current.status) return null;
    this.items.set(current.institutionNumber, storeWithOutbox(i, next, events));
    return next;
  }
  async nextCodeSerial() {
    return ++this.serial;
  }
  async activeEnrolment(insurerNumber: string) {
    const found = [...this.items.values()].find((i) => i.kind === 'insurer' && i.insurerNumber === insurerNumber && i.status === 'active');
    return found ? withoutOutbox({ ...found }) : null;
  }
  async list() {
    return [...this.items.values()].map((i) => copyWithoutOutbox(i)).sort((a, b) => a.institutionNumber.localeCompare(b.institutionNumber));
  }
}

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
    outbox: outboxSchemaPath,
  },
  { collection: 'institutions', versionKey: false },
);
// Serves activeEnrolment: one active online eligibility code per insurer.
schema.index({ insurerNumber: 1, status: 1 });

const toInstitution = ({ _id, outbox: _outbox, ...rest }: InstitutionDoc): Institution => ({ institutionNumber: _id, ...rest });

const counterSchema = new Schema<{ _id: string; seq: number }>({ _id: String, seq: Number }, { collection: 'counters', versionKey: false });

export class MongoInstitutionRepository implements InstitutionRepository {
  private readonly model: Model<InstitutionDoc>;
  private readonly counters: Model<{ _id: string; seq: number }>;
  constructor(connection: Connection) {
    this.model = connection.models.Institution ?? connection.model<InstitutionDoc>('Institution', schema);
    this.counters = connection.models.Counter ?? connection.model('Counter', counterSchema);
    this.outbox = new MongoOutboxStore(connection, 'institutions');
  }
  readonly outbox: OutboxStore;
  async insert({ institutionNumber, ...rest }: Institution, events: readonly OutboxEntry[] = []) {
    try {
      await this.model.create({ _id: institutionNumber, ...rest, ...(events.length ? { outbox: [...events] } : {}) });
    } catch (error) {
      if (isDuplicateKeyError(error)) throw duplicate(institutionNumber);
      throw error;
    }
  }
  async get(n: string) {
    const doc = await this.model.findById(n).lean<InstitutionDoc>().exec();
    return doc ? toInstitution(doc) : null;
  }
  async write(current: Institution, { institutionNumber, ...rest }: Institution, events: readonly OutboxEntry[] = []) {
    const r = await this.model.updateOne({ _id: current.institutionNumber, status: current.status }, replaceKeepingOutbox(this.model, rest, events)).exec();
    return r.matchedCount === 1 ? { institutionNumber, ...rest } : null;
  }
  async nextCodeSerial() {
    const doc = await this.counters.findOneAndUpdate({ _id: 'online-eligibility-code' }, { $inc: { seq: 1 } }, { upsert: true, new: true }).lean().exec();
    return doc!.seq;
  }
  async activeEnrolment(insurerNumber: string) {
    const doc = await this.model.findOne({ kind: 'insurer', insurerNumber, status: 'active' }).lean<InstitutionDoc>().exec();
    return doc ? toInstitution(doc) : null;
  }
  async list() {
    // The whole registry (thousands of institutions at most), in _id order: the list is a full table by nature.
    return (await this.model.find({}).sort({ _id: 1 }).lean<InstitutionDoc[]>().exec()).map(toInstitution);
  }
}
