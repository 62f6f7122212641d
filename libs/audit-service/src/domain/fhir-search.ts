/**
 * FHIR date search (`created=ge2026-11-24&created=lt2026-11-25`) to an instant range [from, to) in
 * UTC, the form the audit records' times are compared in. A bare date is a checkup day: a JST day
 * (UTC+9, no daylight saving), so `created=2026-11-24` is 2026-11-23T15:00Z .. 2026-11-24T15:00Z.
 */
const JST_OFFSET_MS = 9 * 3600_000;
const DAY_MS = 86_400_000;

function bounds(value: string): { start: number; end: number } {
  if (value.length === 10) {
    const start = Date.parse(`${value}T00:00:00Z`) - JST_OFFSET_MS;
    return { start, end: start + DAY_MS };
  }
  const at = Date.parse(value);
  // An instant given to the second (or finer) covers that second.
  return { start: at, end: at + (/\.\d+/.test(value) ? 1 : 1000) };
}

export function createdRange(values: string | string[] | undefined): { from?: string; to?: string } {
  let from = -Infinity;
  let to = Infinity;
  for (const raw of values === undefined ? [] : Array.isArray(values) ? values : [values]) {
    const prefix = /^(eq|ge|gt|le|lt)/.exec(raw)?.[1] ?? 'eq';
    const { start, end } = bounds(raw.slice(/^(eq|ge|gt|le|lt)/.test(raw) ? 2 : 0));
    if (prefix === 'eq' || prefix === 'ge') from = Math.max(from, start);
    if (prefix === 'gt') from = Math.max(from, end);
    if (prefix === 'eq' || prefix === 'le') to = Math.min(to, end);
    if (prefix === 'lt') to = Math.min(to, start);
  }
  return {
    ...(Number.isFinite(from) ? { from: new Date(from).toISOString() } : {}),
    ...(Number.isFinite(to) ? { to: new Date(to).toISOString() } : {}),
  };
}
