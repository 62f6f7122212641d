import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { QualificationResolvedV1, QualificationTranscribedV1, type EventOf } from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { MatchVoucherHandler } from './match-voucher.handler';

/** A resolved (or transcribed) qualification is matched against the presented voucher. */
@Controller()
export class MatchVoucherConsumer {
  constructor(private readonly handler: MatchVoucherHandler) {}

  @EventPattern(eventPattern(QualificationResolvedV1))
  async resolved(@Payload() event: EventOf<typeof QualificationResolvedV1>): Promise<void> {
    await this.handler.handleResolved(event);
  }

  @EventPattern(eventPattern(QualificationTranscribedV1))
  async transcribed(@Payload() event: EventOf<typeof QualificationTranscribedV1>): Promise<void> {
    await this.handler.handleTranscribed(event);
  }
}
