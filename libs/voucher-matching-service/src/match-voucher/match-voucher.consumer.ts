import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  QualificationResolvedV1,
  QualificationResolvedV2,
  QualificationResolvedV3,
  QualificationResolvedV4,
  QualificationTranscribedV1,
  QualificationTranscribedV2,
  QualificationTranscribedV3,
  QualificationTranscribedV4,
  type EventOf,
} from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { MatchVoucherHandler } from './match-voucher.handler';

/**
 * A resolved (or transcribed) qualification is matched against the presented voucher: v4 (v3 naming
 * the operator, an insurer running checkups itself on its own device), v3 and v2
 * requests carry the voucher as printed (a v3 人間ドック may carry none: the insurer only is
 * confirmed); v1 requests, still on the topics, only its number.
 */
@Controller()
export class MatchVoucherConsumer {
  constructor(private readonly handler: MatchVoucherHandler) {}

  @EventPattern(eventPattern(QualificationResolvedV4))
  async resolvedV4(@Payload() event: EventOf<typeof QualificationResolvedV4>): Promise<void> {
    await this.handler.handleResolvedV3(event);
  }

  @EventPattern(eventPattern(QualificationTranscribedV4))
  async transcribedV4(@Payload() event: EventOf<typeof QualificationTranscribedV4>): Promise<void> {
    await this.handler.handleTranscribedV3(event);
  }

  @EventPattern(eventPattern(QualificationResolvedV3))
  async resolvedV3(@Payload() event: EventOf<typeof QualificationResolvedV3>): Promise<void> {
    await this.handler.handleResolvedV3(event);
  }

  @EventPattern(eventPattern(QualificationTranscribedV3))
  async transcribedV3(@Payload() event: EventOf<typeof QualificationTranscribedV3>): Promise<void> {
    await this.handler.handleTranscribedV3(event);
  }

  @EventPattern(eventPattern(QualificationResolvedV2))
  async resolved(@Payload() event: EventOf<typeof QualificationResolvedV2>): Promise<void> {
    await this.handler.handleResolved(event);
  }

  @EventPattern(eventPattern(QualificationResolvedV1))
  async resolvedV1(@Payload() event: EventOf<typeof QualificationResolvedV1>): Promise<void> {
    await this.handler.handleResolvedV1(event);
  }

  @EventPattern(eventPattern(QualificationTranscribedV2))
  async transcribed(@Payload() event: EventOf<typeof QualificationTranscribedV2>): Promise<void> {
    await this.handler.handleTranscribed(event);
  }

  @EventPattern(eventPattern(QualificationTranscribedV1))
  async transcribedV1(@Payload() event: EventOf<typeof QualificationTranscribedV1>): Promise<void> {
    await this.handler.handleTranscribedV1(event);
  }
}
