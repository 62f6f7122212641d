/** A stop of a bus's day, as device-registry announced it (HH:MM in Japan time). */
export interface KnownStop {
  stopId: string;
  name: string;
  date: string;
  from: string;
  to: string;
}

/**
 * card-session's read copy of the sites its devices work at, built from device-registry's events
 * (`site.registered`, `site.itinerary-planned`): the reception app shows a device its site's name
 * and, on a bus, today's stops, without a call to the registry. An itinerary is replaced as a
 * whole, newest by the time it was planned (events may arrive in any order).
 */
export interface KnownSite {
  siteId: string;
  name?: string;
  kind?: 'facility' | 'bus';
  itinerary: KnownStop[];
  itineraryAsOf?: string;
}

export interface SiteDirectory {
  /** What a site is: its name and kind never change once registered. */
  setSite(siteId: string, site: { name: string; kind: 'facility' | 'bus' }): Promise<void>;
  /** The bus's stops, unless a newer itinerary is already kept. */
  setItinerary(siteId: string, itinerary: KnownStop[], asOf: string): Promise<void>;
  get(siteId: string): Promise<KnownSite | null>;
}
