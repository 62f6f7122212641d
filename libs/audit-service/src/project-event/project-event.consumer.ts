import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ALL_EVENT_CONTRACTS, type EventEnvelope } from '@hcv/contracts';
import { eventPattern, type EventContext } from '@hcv/messaging';
import { ProjectEventHandler } from './project-event.handler';

/**
 * Every event, once, into the projections (ledger, analytics, the operations desk's): one group so each
 * event is fetched, parsed and validated once. The projection needs the delivery (its topic: the
 * ledger chains per topic and partition).
 */
@Controller()
export class ProjectEventConsumer {
  constructor(private readonly projections: ProjectEventHandler) {}

  @EventPattern(ALL_EVENT_CONTRACTS.map(eventPattern))
  async project(@Payload() event: EventEnvelope, @Ctx() ctx: EventContext): Promise<void> {
    await this.projections.handle(event, ctx.meta);
  }
}
