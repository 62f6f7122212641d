import { decideDevice, type Device } from '../domain/device.decide';
import type { DeviceStore } from '../persistence/device.store';

/** An operator suspends a device (lost, stolen…), saying why; it can be activated again. */
export class SuspendDeviceHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
  ) {}

  execute(deviceId: string, by: string, reason: string, correlationId: string): Promise<Device> {
    const at = this.clock();
    return this.devices.update(deviceId, (d) => decideDevice({ kind: 'suspend', by, reason, at }, d), { context: { correlationId } });
  }
}
