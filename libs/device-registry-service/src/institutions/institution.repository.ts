import { Schema, type Connection, type Model } from 'mongoose';
import { DomainError } from '@hcv/domain-errors';
import type { CheckPurpose } from '@hcv/contracts';
import {
  copyWithoutOutbox,
  InMemoryOutboxStore,
  isDuplicateKeyError,
  MongoOutboxStore,
  outboxSchemaPath,
  pushOutbox,
  storeWithOutbox,
  withoutOutbox,
  type OutboxEntry,
  type OutboxStore,
  type WithOutbox,
} from '@hcv/persistence';

/**
 * A checkup/guidance institution (by its 健診・保健指導機関番号) or an insurer running checkups itself
 * (by the オンライン資格確認用コード issued on its 導入届; a 廃止届 withdraws it).
 */
export interface Institution {
  institutionNumber: string;
  kind: 'checkup-institution' | 'insurer';
  name: string;
  insurerNumber?: string;
  status: 'active' | 'withdrawn';
  registeredAt: string;
  withdrawnAt?: string;
  withdrawalReason?: string;
  /** For the 実施機関一覧表 (optional; see InstitutionListingFields). */
  postalCode?: string;
  address?: string;
  phone?: string;
  checkupKinds?: CheckPurpose[];
}

export interface InstitutionRepository {
  /** Events staged with a write ride in the institution's document until the relay sent them. */
  readonly outbox: OutboxStore;
  insert(institution: Institution, events?: readonly OutboxEntry[]): Promise<void>;
  get(institutionNumber: string): Promise<Institution | null>;
  /** Marks an active institution withdrawn (with its events); false if it was not active. */
  withdraw(institutionNumber: string, at: string, reason: string, events?: readonly OutboxEntry[]): Promise<boolean>;
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
  async withdraw(n: string, at: string, reason: string, events: readonly OutboxEntry[] = []) {
    const i = this.items.get(n);
    if (!i || i.status !== 'active') return false;
    this.items.set(n, storeWithOutbox(i, { ...withoutOutbox(i), status: 'withdrawn', withdrawnAt: at, withdrawalReason: reason }, events));
    return true;
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
  async withdraw(n: string, at: string, reason: string, events: readonly OutboxEntry[] = []) {
    const r = await this.model
      .updateOne({ _id: n, status: 'active' }, { $set: { status: 'withdrawn', withdrawnAt: at, withdrawalReason: reason }, ...pushOutbox(events) })
      .exec();
    return r.modifiedCount === 1;
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
