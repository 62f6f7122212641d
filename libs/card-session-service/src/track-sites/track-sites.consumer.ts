import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { SiteItineraryPlannedV1, SiteRegisteredV2, type EventOf } from '@hcv/contracts';
import { eventPattern } from '@hcv/messaging';
import { TrackSitesHandler } from './track-sites.handler';

/** device-registry's site events keep card-session's site directory (what a device is shown of its site and day). */
@Controller()
export class TrackSitesConsumer {
  constructor(private readonly sites: TrackSitesHandler) {}

  @EventPattern(eventPattern(SiteRegisteredV2))
  async registered(@Payload() e: EventOf<typeof SiteRegisteredV2>): Promise<void> {
    await this.sites.registered(e.data);
  }

  @EventPattern(eventPattern(SiteItineraryPlannedV1))
  async itineraryPlanned(@Payload() e: EventOf<typeof SiteItineraryPlannedV1>): Promise<void> {
    await this.sites.itineraryPlanned(e.data);
  }
}
