import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DeviceActivatedV1,
  DeviceActivatedV2,
  DeviceCredentialIssuedV1,
  DeviceCredentialIssuedV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  type EventOf,
} from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { TrackDevicesHandler } from './track-devices.handler';

/** device-registry's events keep card-session's device directory (the devices it signs requests against). */
@Controller()
export class TrackDevicesConsumer {
  constructor(private readonly devices: TrackDevicesHandler) {}

  @EventPattern(eventPattern(DeviceActivatedV1))
  async activated(@Payload() e: EventOf<typeof DeviceActivatedV1>): Promise<void> {
    await this.devices.activated(e.data);
  }

  @EventPattern(eventPattern(DeviceActivatedV2))
  async activatedForInsurer(@Payload() e: EventOf<typeof DeviceActivatedV2>): Promise<void> {
    await this.devices.activatedForInsurer(e.data);
  }

  @EventPattern(eventPattern(DeviceSuspendedV1))
  async suspended(@Payload() e: EventOf<typeof DeviceSuspendedV1>): Promise<void> {
    await this.devices.suspended(e.data);
  }

  @EventPattern(eventPattern(DeviceRetiredV1))
  async retired(@Payload() e: EventOf<typeof DeviceRetiredV1>): Promise<void> {
    await this.devices.retired(e.data);
  }

  @EventPattern(eventPattern(DeviceCredentialIssuedV1))
  async credentialIssued(@Payload() e: EventOf<typeof DeviceCredentialIssuedV1>): Promise<void> {
    await this.devices.credentialIssued(e.data);
  }

  @EventPattern(eventPattern(DeviceCredentialIssuedV2))
  async credentialIssuedSealed(@Payload() e: EventOf<typeof DeviceCredentialIssuedV2>): Promise<void> {
    await this.devices.credentialIssuedSealed(e.data);
  }
}
