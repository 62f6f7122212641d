import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SiteRegisteredV1, SiteRegisteredV2, type EventOf } from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { RecordSiteHandler } from './record-site.handler';

/** A registered site's name, for the "already used at …" sentences. */
@Controller()
export class RecordSiteConsumer {
  constructor(private readonly handler: RecordSiteHandler) {}

  @EventPattern(eventPattern(SiteRegisteredV1))
  async registered(@Payload() event: EventOf<typeof SiteRegisteredV1>): Promise<void> {
    await this.handler.handle(event);
  }

  @EventPattern(eventPattern(SiteRegisteredV2))
  async registeredV2(@Payload() event: EventOf<typeof SiteRegisteredV2>): Promise<void> {
    await this.handler.handleV2(event);
  }
}
