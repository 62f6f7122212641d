import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  DeviceCredentialIssuedV2,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  type EventOf,
} from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { TrackBridgeDevicesHandler } from './track-bridge-devices.handler';

/** device-registry's events keep the directory the on-site bridges' signed calls are checked against. */
@Controller()
export class TrackBridgeDevicesConsumer {
  constructor(private readonly devices: TrackBridgeDevicesHandler) {}

  @EventPattern(eventPattern(DeviceActivatedV1))
  async activated(@Payload() e: EventOf<typeof DeviceActivatedV1>): Promise<void> {
    await this.devices.activated(e.data);
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
