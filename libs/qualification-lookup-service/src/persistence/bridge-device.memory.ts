import type { BridgeDevice, BridgeDeviceDirectory } from './bridge-device.repository';

/** The memory twin (embedded mode, unit specs); the contract proves it equal to MongoDB's. */
export class InMemoryBridgeDeviceDirectory implements BridgeDeviceDirectory {
  private readonly devices = new Map<string, BridgeDevice>();
  private entry(deviceId: string): BridgeDevice {
    let d = this.devices.get(deviceId);
    if (!d) this.devices.set(deviceId, (d = { deviceId }));
    return d;
  }
  async setState(deviceId: string, change: { state: NonNullable<BridgeDevice['state']>; institutionNumber?: string }, asOf: string) {
    const d = this.entry(deviceId);
    if (change.institutionNumber) d.institutionNumber = change.institutionNumber;
    if ((d.stateAsOf ?? '') > asOf) return;
    Object.assign(d, { state: change.state, stateAsOf: asOf });
  }
  async setKey(deviceId: string, signingKey: string, asOf: string) {
    const d = this.entry(deviceId);
    if ((d.keyAsOf ?? '') > asOf) return;
    Object.assign(d, { signingKey, keyAsOf: asOf });
  }
  async get(deviceId: string) {
    const d = this.devices.get(deviceId);
    return d ? { ...d } : null;
  }
}
