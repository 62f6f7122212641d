import { DeviceRegisteredV1, type RegisterDeviceRequest } from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import { requestDevice, type Device } from '../devices/device';
import type { DeviceRepository } from '../devices/device.repository';

export class RegisterDeviceHandler {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async execute(command: RegisterDeviceRequest, correlationId: string): Promise<Device> {
    const device = requestDevice({ ...command, at: this.clock() });
    await this.devices.insert(device);
    await this.publisher.publish(DeviceRegisteredV1, command, { subject: device.deviceId, correlationId });
    return device;
  }
}
