import { Controller, Inject } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeviceActivatedV1, DeviceCredentialIssuedV1, DeviceRetiredV1, DeviceSuspendedV1, type EventOf } from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { DEVICE_DIRECTORY } from '../tokens';
import type { DeviceDirectory } from './device-directory.repository';

/** card-session's copy of the device registry: each device's state and signing key, newest by event time. */
@Controller()
export class DeviceDirectoryConsumer {
  constructor(@Inject(DEVICE_DIRECTORY) private readonly devices: DeviceDirectory) {}

  @EventPattern(eventPattern(DeviceActivatedV1))
  async activated(@Payload() e: EventOf<typeof DeviceActivatedV1>): Promise<void> {
    await this.devices.setState(e.data.deviceId, { state: 'active', institutionNumber: e.data.institutionNumber, siteId: e.data.siteId }, e.data.activatedAt);
  }

  @EventPattern(eventPattern(DeviceSuspendedV1))
  async suspended(@Payload() e: EventOf<typeof DeviceSuspendedV1>): Promise<void> {
    await this.devices.setState(e.data.deviceId, { state: 'suspended' }, e.data.at);
  }

  @EventPattern(eventPattern(DeviceRetiredV1))
  async retired(@Payload() e: EventOf<typeof DeviceRetiredV1>): Promise<void> {
    await this.devices.setState(e.data.deviceId, { state: 'retired' }, e.data.at);
  }

  @EventPattern(eventPattern(DeviceCredentialIssuedV1))
  async credentialIssued(@Payload() e: EventOf<typeof DeviceCredentialIssuedV1>): Promise<void> {
    await this.devices.setKey(e.data.deviceId, e.data.signingKey, e.data.issuedAt);
  }
}
