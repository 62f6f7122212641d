import { plainCopy } from '@hcv/messaging';
import { Schema, type Connection, type Model } from 'mongoose';
import type { ContractRequest } from '@hcv/contracts';

/** A collective (集合契約 A/B) or individual contract: who may serve whose vouchers, for what, when. */
export type Contract = ContractRequest & { contractId: string; updatedAt: string };

export interface CoverageQuery {
  insurerNumber: string;
  institutionNumber: string;
  purpose: string;
  onDate: string;
}

export interface ContractRepository {
  put(contract: Contract): Promise<void>;
  get(contractId: string): Promise<Contract | null>;
  /** A contract under which this institution may serve this insurer's voucher for this purpose on that date. */
  findCovering(query: CoverageQuery): Promise<Contract | null>;
}

const covers = (c: Contract, q: CoverageQuery) =>
  c.insurerNumbers.includes(q.insurerNumber) &&
  c.institutionNumbers.includes(q.institutionNumber) &&
  (c.purposes as string[]).includes(q.purpose) &&
  c.validFrom <= q.onDate &&
  q.onDate <= c.validUntil;

export class InMemoryContractRepository implements ContractRepository {
  private readonly contracts = new Map<string, Contract>();
  async put(contract: Contract) {
    this.contracts.set(contract.contractId, plainCopy(contract));
  }
  async get(contractId: string) {
    const c = this.contracts.get(contractId);
    return c ? plainCopy(c) : null;
  }
  async findCovering(query: CoverageQuery) {
    const c = [...this.contracts.values()].find((x) => covers(x, query));
    return c ? plainCopy(c) : null;
  }
}

type ContractDoc = Omit<Contract, 'contractId'> & { _id: string };
const schema = new Schema<ContractDoc>(
  {
    _id: String,
    kind: String,
    name: String,
    insurerNumbers: [String],
    institutionNumbers: [String],
    purposes: [String],
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
    const doc = await this.model
      .findOne({ insurerNumbers: q.insurerNumber, institutionNumbers: q.institutionNumber, purposes: q.purpose as ContractDoc['purposes'][number], validFrom: { $lte: q.onDate }, validUntil: { $gte: q.onDate } })
      .lean<ContractDoc>()
      .exec();
    if (!doc) return null;
    const { _id, ...rest } = doc;
    return { contractId: _id, ...rest };
  }
}
