import { decideDevice, type Device } from '../domain/device.decide';
import type { DeviceStore } from '../persistence/device.store';

/** An operator retires a device for good, saying why. */
export class RetireDeviceHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
  ) {}

  execute(deviceId: string, by: string, reason: string, correlationId: string): Promise<Device> {
    const at = this.clock();
    return this.devices.update(deviceId, (d) => decideDevice({ kind: 'retire', by, reason, at }, d), { context: { correlationId } });
  }
}
