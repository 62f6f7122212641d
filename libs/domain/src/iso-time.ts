/** The ISO form of the last millisecond formatted: stamps are taken in bursts (a batch, a flow's events). */
let lastMillis = Number.NaN;
let lastIso = '';

/**
 * `new Date(millis).toISOString()`, formatted once per millisecond instead of once per call
 * (≈ 0.8 µs each): the outbox's staging time and audit's recorded-at stamp. An invalid time throws
 * (RangeError), as Date#toISOString always did.
 */
export function isoOfMillis(millis: number): string {
  if (millis !== lastMillis) {
    lastIso = new Date(millis).toISOString();
    lastMillis = millis;
  }
  return lastIso;
}
