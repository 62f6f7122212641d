import type { ChangeCardReaderRequest } from '@hcv/contracts';
import { decideDevice, type Device } from '../domain/device.decide';
import type { DeviceStore } from '../persistence/device.store';

/** An operator records a device's card reader: a swap, or the first report (the same reader again changes nothing). */
export class ChangeCardReaderHandler {
  constructor(
    private readonly devices: DeviceStore,
    private readonly clock: () => Date,
  ) {}

  execute(deviceId: string, command: ChangeCardReaderRequest, correlationId: string): Promise<Device> {
    const at = this.clock();
    const { cardReader, by, reason } = command;
    return this.devices.update(
      deviceId,
      (d) => decideDevice({ kind: 'change-card-reader', cardReader, by, ...(reason ? { reason } : {}), at }, d),
      { context: { correlationId } },
    );
  }
}
