import type { DeviceStateChange, InstitutionDirectory, ListedInstitution } from './institution-directory.repository';

interface KnownDevice {
  state?: DeviceStateChange['state'];
  stateAsOf: string;
  institutionNumber?: string;
}

/** Institutions and device states in maps (embedded mode, unit specs); the same contract as MongoInstitutionDirectory. */
export class InMemoryInstitutionDirectory implements InstitutionDirectory {
  private readonly institutions = new Map<string, ListedInstitution>();
  private readonly devices = new Map<string, KnownDevice>();
  private readonly insurers = new Map<string, string>();

  async recordInsurer(onlineEligibilityCode: string, insurerNumber: string) {
    this.insurers.set(onlineEligibilityCode, insurerNumber);
  }

  async insurerOf(onlineEligibilityCode: string) {
    return this.insurers.get(onlineEligibilityCode) ?? null;
  }

  async record(institution: ListedInstitution) {
    const known = this.institutions.get(institution.institutionNumber);
    if (!known || known.registeredAt <= institution.registeredAt)
      this.institutions.set(institution.institutionNumber, structuredClone(institution));
  }

  async setDeviceState(deviceId: string, { state, institutionNumber }: DeviceStateChange, asOf: string) {
    const known = this.devices.get(deviceId) ?? { stateAsOf: '' };
    if (known.stateAsOf <= asOf) Object.assign(known, { state, stateAsOf: asOf });
    if (institutionNumber) known.institutionNumber = institutionNumber;
    this.devices.set(deviceId, known);
  }

  async find(institutionNumbers: readonly string[]) {
    const found = new Map<string, ListedInstitution>();
    for (const n of institutionNumbers) {
      const i = this.institutions.get(n);
      if (i) found.set(n, structuredClone(i));
    }
    return found;
  }

  async activeDevices(institutionNumbers: readonly string[]) {
    const wanted = new Set(institutionNumbers);
    const counts = new Map<string, number>();
    for (const d of this.devices.values())
      if (d.state === 'active' && d.institutionNumber && wanted.has(d.institutionNumber))
        counts.set(d.institutionNumber, (counts.get(d.institutionNumber) ?? 0) + 1);
    return counts;
  }
}
