import { DeviceActivatedV1 } from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain-errors';
import type { EventPublisher } from '@hcv/messaging';
import { transition, type Device } from '../devices/device';
import type { DeviceRepository } from '../devices/device.repository';

export class ActivateDeviceHandler {
  constructor(
    private readonly devices: DeviceRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async execute(command: { deviceId: string; activatedBy: string }, correlationId: string): Promise<Device> {
    const current = await this.devices.get(command.deviceId);
    if (!current) throw new NotFoundError('device', command.deviceId);
    const at = this.clock();
    const next = transition(current, 'active', command.activatedBy, at);
    if (!(await this.devices.replace(next, current.state))) {
      throw new DomainError('device-changed-concurrently', `Device ${command.deviceId} changed meanwhile; retry.`, 409);
    }
    await this.publisher.publish(
      DeviceActivatedV1,
      {
        deviceId: next.deviceId,
        institutionNumber: next.institutionNumber,
        siteId: next.siteId,
        kind: next.kind,
        activatedAt: at.toISOString(),
        activatedBy: command.activatedBy,
      },
      { subject: next.deviceId, correlationId },
    );
    return next;
  }
}
