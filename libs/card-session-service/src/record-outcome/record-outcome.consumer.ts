import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { VerificationOutcomeV1, VerificationOutcomeV2, VerificationOutcomeV3, VerificationOutcomeV4, type EventOf } from '@hcv/contracts';
import { eventPattern, type EventContext } from '@hcv/messaging';
import { RecordOutcomeHandler } from './record-outcome.handler';

/** A verification's outcome completes its session. */
@Controller()
export class RecordOutcomeConsumer {
  constructor(private readonly outcomes: RecordOutcomeHandler) {}

  @EventPattern(eventPattern(VerificationOutcomeV1))
  async outcomeV1(@Payload() event: EventOf<typeof VerificationOutcomeV1>, @Ctx() _ctx: EventContext): Promise<void> {
    await this.outcomes.handle(event);
  }

  @EventPattern(eventPattern(VerificationOutcomeV2))
  async outcomeV2(@Payload() event: EventOf<typeof VerificationOutcomeV2>, @Ctx() _ctx: EventContext): Promise<void> {
    await this.outcomes.handle(event);
  }

  @EventPattern(eventPattern(VerificationOutcomeV3))
  async outcomeV3(@Payload() event: EventOf<typeof VerificationOutcomeV3>, @Ctx() _ctx: EventContext): Promise<void> {
    await this.outcomes.handle(event);
  }

  @EventPattern(eventPattern(VerificationOutcomeV4))
  async outcomeV4(@Payload() event: EventOf<typeof VerificationOutcomeV4>, @Ctx() _ctx: EventContext): Promise<void> {
    await this.outcomes.handle(event);
  }
}
