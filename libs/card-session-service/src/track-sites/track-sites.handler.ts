import type { DataOf, SiteItineraryPlannedV1, SiteRegisteredV2 } from '@hcv/contracts';
import type { SiteDirectory } from '../persistence/site-directory.repository';

/** card-session's copy of the sites: name and kind from their registration, a bus's newest itinerary. */
export class TrackSitesHandler {
  constructor(private readonly sites: SiteDirectory) {}

  registered(d: DataOf<typeof SiteRegisteredV2>): Promise<void> {
    return this.sites.setSite(d.siteId, { name: d.name, kind: d.kind });
  }

  itineraryPlanned(d: DataOf<typeof SiteItineraryPlannedV1>): Promise<void> {
    return this.sites.setItinerary(
      d.siteId,
      d.itinerary.map(({ stopId, name, date, from, to }) => ({ stopId, name, date, from, to })),
      d.plannedAt,
    );
  }
}
