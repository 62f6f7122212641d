import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  DeviceActivatedV1,
  DeviceRetiredV1,
  DeviceSuspendedV1,
  InstitutionRegisteredV1,
  InstitutionRegisteredV2,
  InsurerIntroducedV1,
  type EventOf,
} from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { RecordInstitutionHandler } from './record-institution.handler';

/** Institutions and their devices' states, for the 実施機関一覧表 of a contract. */
@Controller()
export class RecordInstitutionConsumer {
  constructor(private readonly handler: RecordInstitutionHandler) {}

  @EventPattern(eventPattern(InstitutionRegisteredV1))
  async registeredV1(@Payload() event: EventOf<typeof InstitutionRegisteredV1>): Promise<void> {
    await this.handler.registeredV1(event.data);
  }

  @EventPattern(eventPattern(InstitutionRegisteredV2))
  async registered(@Payload() event: EventOf<typeof InstitutionRegisteredV2>): Promise<void> {
    await this.handler.registered(event.data);
  }

  @EventPattern(eventPattern(InsurerIntroducedV1))
  async insurerIntroduced(@Payload() event: EventOf<typeof InsurerIntroducedV1>): Promise<void> {
    await this.handler.insurerIntroduced(event.data);
  }

  @EventPattern(eventPattern(DeviceActivatedV1))
  async activated(@Payload() event: EventOf<typeof DeviceActivatedV1>): Promise<void> {
    await this.handler.activated(event.data);
  }

  @EventPattern(eventPattern(DeviceSuspendedV1))
  async suspended(@Payload() event: EventOf<typeof DeviceSuspendedV1>): Promise<void> {
    await this.handler.suspended(event.data);
  }

  @EventPattern(eventPattern(DeviceRetiredV1))
  async retired(@Payload() event: EventOf<typeof DeviceRetiredV1>): Promise<void> {
    await this.handler.retired(event.data);
  }
}
