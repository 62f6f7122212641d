import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  EligibilityRequestedV1,
  EligibilityRequestedV2,
  EligibilityRequestedV3,
  EligibilityRequestedV4,
  EligibilityRetryV1,
  EligibilityRetryV2,
  EligibilityRetryV3,
  EligibilityRetryV4,
  type EventOf,
} from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { ResolveEligibilityHandler } from './resolve-eligibility.handler';

/** A session's eligibility request is answered from its source (v3; v2 and v1 still on the topics). */
@Controller()
export class EligibilityRequestConsumer {
  constructor(private readonly handler: ResolveEligibilityHandler) {}

  @EventPattern(eventPattern(EligibilityRequestedV4))
  async requestedV4(@Payload() event: EventOf<typeof EligibilityRequestedV4>): Promise<void> {
    await this.handler.handle(event);
  }

  @EventPattern(eventPattern(EligibilityRequestedV3))
  async requestedV3(@Payload() event: EventOf<typeof EligibilityRequestedV3>): Promise<void> {
    await this.handler.handle(event);
  }

  @EventPattern(eventPattern(EligibilityRequestedV2))
  async requested(@Payload() event: EventOf<typeof EligibilityRequestedV2>): Promise<void> {
    await this.handler.handle(event);
  }

  @EventPattern(eventPattern(EligibilityRequestedV1))
  async requestedV1(@Payload() event: EventOf<typeof EligibilityRequestedV1>): Promise<void> {
    await this.handler.handle(event);
  }
}

/** A lookup the guard put off (rate limit, open circuit) is tried again when its time comes. */
@Controller()
export class EligibilityRetryConsumer {
  constructor(private readonly handler: ResolveEligibilityHandler) {}

  @EventPattern(eventPattern(EligibilityRetryV4))
  async retryV4(@Payload() event: EventOf<typeof EligibilityRetryV4>): Promise<void> {
    await this.handler.handleRetry(event);
  }

  @EventPattern(eventPattern(EligibilityRetryV3))
  async retryV3(@Payload() event: EventOf<typeof EligibilityRetryV3>): Promise<void> {
    await this.handler.handleRetry(event);
  }

  @EventPattern(eventPattern(EligibilityRetryV2))
  async retry(@Payload() event: EventOf<typeof EligibilityRetryV2>): Promise<void> {
    await this.handler.handleRetry(event);
  }

  @EventPattern(eventPattern(EligibilityRetryV1))
  async retryV1(@Payload() event: EventOf<typeof EligibilityRetryV1>): Promise<void> {
    await this.handler.handleRetry(event);
  }
}
