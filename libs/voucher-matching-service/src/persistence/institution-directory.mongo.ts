import { Schema, type Connection, type Model } from 'mongoose';
import { isDuplicateKeyError } from '@hcv/persistence';
import type { DeviceStateChange, InstitutionDirectory, ListedInstitution } from './institution-directory.repository';

type InstitutionDoc = Omit<ListedInstitution, 'institutionNumber'> & { _id: string };
const institutionSchema = new Schema<InstitutionDoc>(
  {
    _id: String,
    name: String,
    postalCode: String,
    address: String,
    phone: String,
    checkupKinds: { type: [String], default: undefined },
    openingHours: { type: Schema.Types.Mixed, default: undefined },
    openingNote: String,
    existingTypeTerminal: Boolean,
    registeredAt: String,
  },
  { collection: 'listed_institutions', versionKey: false },
);

interface DeviceDoc {
  _id: string;
  state?: DeviceStateChange['state'];
  stateAsOf: string;
  institutionNumber?: string;
}
const deviceSchema = new Schema<DeviceDoc>(
  { _id: String, state: String, stateAsOf: String, institutionNumber: String },
  { collection: 'institution_devices', versionKey: false },
);
// Serves activeDevices: the devices of the listed institutions.
deviceSchema.index({ institutionNumber: 1 });

interface InsurerDoc {
  _id: string;
  insurerNumber: string;
}
const insurerSchema = new Schema<InsurerDoc>(
  { _id: String, insurerNumber: String },
  { collection: 'insurer_operators', versionKey: false },
);

/** Lists are read in slices, so a contract of tens of thousands of institutions never builds one huge query. */
const SLICE = 1_000;
const slices = <T>(items: readonly T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / SLICE) }, (_, i) => items.slice(i * SLICE, (i + 1) * SLICE));

export class MongoInstitutionDirectory implements InstitutionDirectory {
  private readonly institutions: Model<InstitutionDoc>;
  private readonly devices: Model<DeviceDoc>;
  private readonly insurers: Model<InsurerDoc>;
  constructor(connection: Connection) {
    this.insurers = connection.models.InsurerOperator ?? connection.model<InsurerDoc>('InsurerOperator', insurerSchema);
    this.institutions = connection.models.ListedInstitution ?? connection.model<InstitutionDoc>('ListedInstitution', institutionSchema);
    this.devices = connection.models.InstitutionDevice ?? connection.model<DeviceDoc>('InstitutionDevice', deviceSchema);
  }

  /**
   * Newer-wins writes: the filter matches only an older (or the same) stored time; when a newer one is
   * stored the upsert's insert meets the existing id, and there is nothing to do.
   */
  private async newerWins<T extends { _id: string }>(model: Model<T>, id: string, field: string, asOf: string, set: object) {
    try {
      await model
        .updateOne({ _id: id, [field]: { $lte: asOf } } as never, { $set: { ...set, [field]: asOf } } as never, { upsert: true })
        .exec();
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  async record({ institutionNumber, registeredAt, ...rest }: ListedInstitution) {
    await this.newerWins(this.institutions, institutionNumber, 'registeredAt', registeredAt, rest);
  }

  async setDeviceState(deviceId: string, { state, institutionNumber }: DeviceStateChange, asOf: string) {
    await this.newerWins(this.devices, deviceId, 'stateAsOf', asOf, { state });
    // The document exists now (written or newer): where the device belongs is kept whatever the order.
    if (institutionNumber) await this.devices.updateOne({ _id: deviceId }, { $set: { institutionNumber } }).exec();
  }

  async recordInsurer(onlineEligibilityCode: string, insurerNumber: string) {
    // A code is one insurer's for good (支払基金 assigns it once): a redelivery writes the same.
    await this.insurers.updateOne({ _id: onlineEligibilityCode }, { $set: { insurerNumber } }, { upsert: true }).exec();
  }

  async insurerOf(onlineEligibilityCode: string) {
    const doc = await this.insurers.findById(onlineEligibilityCode).lean<InsurerDoc>().exec();
    return doc?.insurerNumber ?? null;
  }

  async find(institutionNumbers: readonly string[]) {
    const found = new Map<string, ListedInstitution>();
    for (const slice of slices(institutionNumbers)) {
      const docs = await this.institutions
        .find({ _id: { $in: slice } })
        .lean<InstitutionDoc[]>()
        .exec();
      for (const { _id, ...rest } of docs) found.set(_id, { institutionNumber: _id, ...rest });
    }
    return found;
  }

  async activeDevices(institutionNumbers: readonly string[]) {
    const counts = new Map<string, number>();
    for (const slice of slices(institutionNumbers)) {
      const docs = await this.devices
        .find({ institutionNumber: { $in: slice }, state: 'active' }, { institutionNumber: 1 })
        .lean<Pick<DeviceDoc, 'institutionNumber'>[]>()
        .exec();
      for (const { institutionNumber: n } of docs) if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return counts;
  }
}
