import { planItinerary, type ItineraryStop, type Site } from '../domain/site.decide';
import type { SiteStore } from '../persistence/site.store';

/** An operator sets a bus's stops (replacing the previous itinerary). */
export class SetItineraryHandler {
  constructor(
    private readonly sites: SiteStore,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  execute(siteId: string, itinerary: ItineraryStop[]): Promise<Site> {
    const at = this.clock();
    return this.sites.update(siteId, (s) => planItinerary(s, itinerary, at));
  }
}
