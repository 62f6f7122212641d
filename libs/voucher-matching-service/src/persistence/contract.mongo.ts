import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model, type mongo } from 'mongoose';
import type { Contract } from '../domain/contract';
import type { ContractRepository, CoverageQuery } from './contract.repository';

type ContractDoc = Omit<Contract, 'contractId'> & { _id: string };
const schema = new Schema<ContractDoc>(
  {
    _id: String,
    kind: String,
    name: String,
    coordinator: { type: Schema.Types.Mixed, default: undefined },
    insurerNumbers: [String],
    institutionNumbers: [String],
    purposes: [String],
    guidanceLevels: { type: [String], default: undefined },
    unitPrices: { type: Schema.Types.Mixed, default: undefined },
    validFrom: String,
    validUntil: String,
    updatedAt: String,
  },
  { collection: 'contracts', versionKey: false },
);
// Serves findCovering: contracts naming the voucher's insurer (multikey), then the rest of the filter.
schema.index({ insurerNumbers: 1 });

/** One document: a new random stamp after every put (random, so two puts at once never leave the same stamp). */
interface StampDoc {
  _id: string;
  stamp: string;
}
const STAMP_ID = 'contracts';

export class MongoContractRepository implements ContractRepository {
  private readonly model: Model<ContractDoc>;
  private readonly stamps: mongo.Collection<StampDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Contract ?? connection.model<ContractDoc>('Contract', schema);
    this.stamps = connection.collection<StampDoc>('contract_changes');
  }
  async put({ contractId, ...rest }: Contract) {
    await this.model.replaceOne({ _id: contractId }, rest, { upsert: true }).exec();
    // After the contract: a cache that read the old stamp and then the new contract is merely fresh
    // early; one that read the old contract sees the new stamp at its next check.
    await this.stamps.updateOne({ _id: STAMP_ID }, { $set: { stamp: randomUUID() } }, { upsert: true });
  }
  async changeStamp() {
    const doc = await this.stamps.findOne({ _id: STAMP_ID });
    return doc?.stamp ?? '';
  }
  async get(contractId: string) {
    const doc = await this.model.findById(contractId).lean<ContractDoc>().exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { contractId: _id, ...rest };
  }
  async findCovering(q: CoverageQuery) {
    const docs = await this.model
      .find({
        insurerNumbers: q.insurerNumber,
        institutionNumbers: q.institutionNumber,
        purposes: q.purpose as ContractDoc['purposes'][number],
        validFrom: { $lte: q.onDate },
        validUntil: { $gte: q.onDate },
      })
      .sort({ _id: 1 })
      .lean<ContractDoc[]>()
      .exec();
    return docs.map(({ _id, ...rest }) => ({ contractId: _id, ...rest }));
  }
  async namingInsurer(insurerNumber: string) {
    // The insurerNumbers index (multikey) serves it.
    const docs = await this.model.find({ insurerNumbers: insurerNumber }).sort({ _id: 1 }).lean<ContractDoc[]>().exec();
    return docs.map(({ _id, ...rest }) => ({ contractId: _id, ...rest }));
  }
}
