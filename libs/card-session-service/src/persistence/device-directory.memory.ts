import type { DeviceDirectory, DeviceStateChange, KnownDevice } from './device-directory.repository';

/** The memory twin of the device directory (embedded mode, unit specs); the contract proves it equal to MongoDB's. */
export class InMemoryDeviceDirectory implements DeviceDirectory {
  private readonly devices = new Map<string, KnownDevice>();
  private changes = 0;
  private entry(deviceId: string): KnownDevice {
    let d = this.devices.get(deviceId);
    if (!d) this.devices.set(deviceId, (d = { deviceId }));
    return d;
  }
  async setState(deviceId: string, change: DeviceStateChange, asOf: string) {
    const d = this.entry(deviceId);
    const { state, ...identity } = change;
    Object.assign(d, identity); // where a device belongs never changes: no ordering needed
    if ((d.stateAsOf ?? '') <= asOf) Object.assign(d, { state, stateAsOf: asOf });
    this.changes++;
  }
  async setKey(deviceId: string, signingKey: string, asOf: string) {
    const d = this.entry(deviceId);
    if ((d.keyAsOf ?? '') <= asOf) Object.assign(d, { signingKey, keyAsOf: asOf });
    this.changes++;
  }
  async changeStamp() {
    return this.changes;
  }
  async get(deviceId: string) {
    const d = this.devices.get(deviceId);
    return d ? { ...d } : null;
  }
}
