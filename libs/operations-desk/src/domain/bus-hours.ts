/**
 * A checkup bus's operating hours, from its itinerary (pure). The itinerary's stops carry a date and
 * `from`/`to` times as the federation plans them: Japan's calendar and clock (JST, UTC+9, no daylight
 * saving), whatever the server's zone. A bus operates on a day from its first stop's `from` to its
 * last stop's `to` (between stops it is driving, still at work).
 */

/** One planned stop, as the desk keeps it (no address, no personal data). */
export interface PlannedStop {
  stopId: string;
  name?: string;
  /** `YYYY-MM-DD`, JST. */
  date: string;
  /** `HH:MM`, JST. */
  from: string;
  to: string;
}

const JST_OFFSET_MILLIS = 9 * 3600_000;

/** The JST calendar date and clock time of an instant: `{ date: 'YYYY-MM-DD', time: 'HH:MM' }`. */
export function jstClock(at: Date): { date: string; time: string } {
  const iso = new Date(at.getTime() + JST_OFFSET_MILLIS).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** The stops of one JST day, in time order. */
export function stopsOn(itinerary: readonly PlannedStop[], date: string): PlannedStop[] {
  return itinerary.filter((s) => s.date === date).sort((a, b) => a.from.localeCompare(b.from));
}

/** The day's operating hours (`from` of the first stop, `to` of the last), or null when it has no stop that day. */
export function operatingHours(itinerary: readonly PlannedStop[], date: string): { from: string; to: string } | null {
  const stops = stopsOn(itinerary, date);
  if (!stops.length) return null;
  return { from: stops[0]!.from, to: stops.reduce((to, s) => (s.to > to ? s.to : to), stops[0]!.to) };
}

/**
 * Whether a bus is operating at `now`. An itinerary the desk has never heard of (`undefined`) counts
 * as operating: without a plan the desk cannot tell a parked bus from a broken one, and says so rather
 * than staying silent. A known itinerary without a stop today means the bus is off.
 */
export function busOperatingNow(itinerary: readonly PlannedStop[] | undefined, now: Date): boolean {
  if (itinerary === undefined) return true;
  const { date, time } = jstClock(now);
  const hours = operatingHours(itinerary, date);
  return !!hours && hours.from <= time && time < hours.to;
}
