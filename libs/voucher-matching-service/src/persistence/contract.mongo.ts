import { Schema, type Connection, type Model } from 'mongoose';
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

export class MongoContractRepository implements ContractRepository {
  private readonly model: Model<ContractDoc>;
  constructor(connection: Connection) {
    this.model = connection.models.Contract ?? connection.model<ContractDoc>('Contract', schema);
  }
  async put({ contractId, ...rest }: Contract) {
    await this.model.replaceOne({ _id: contractId }, rest, { upsert: true }).exec();
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
}
