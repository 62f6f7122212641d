/**
 * Windowed outcome counters for the operations desk (pure): one bucket per site per UTC minute,
 * kept with single-document `$inc` upserts (the test server has no $setWindowFields and no change
 * streams), summed into "last 5 / last 60 minutes" windows and per-minute chart series. Each bucket
 * keeps every outcome's time to outcome (`latencies`), so p95 is the nearest-rank percentile of the
 * actual values; the analytics histogram is kept beside it for buckets written before the values were.
 */
import { bucketOf, LATENCY_BUCKETS_MS, quantileMillis, type BucketLabel } from '@hcv/domain';
import { percentile } from './percentile';

export interface MinuteBucket {
  siteId: string;
  /** UTC minute, `YYYY-MM-DDTHH:MM`. */
  minute: string;
  /** Outcomes decided in this minute. */
  count: number;
  outcomes: Record<string, number>;
  /** Outcomes by where the eligibility came from (online / transcribed), where the event said it. */
  sources: Record<string, number>;
  /** Settlements by staff (matched-after-settlement) made in this minute. */
  settled: number;
  totalMillis: number;
  buckets: Partial<Record<BucketLabel, number>>;
  /** Every outcome's time to outcome in this minute (ms): the actual distribution behind p95. */
  latencies: number[];
  /** Lookups the national system could not answer (each retry parked, each final "unavailable"). */
  nationalFailures: number;
}

/** What one fact adds to its minute: an outcome with its time to outcome, or a national-system failure. */
export type MinuteFact =
  { kind: 'outcome'; outcome: string; elapsedMillis: number; source?: string } | { kind: 'national-failure' } | { kind: 'settled' };

export interface WindowSummary {
  minutes: number;
  outcomes: number;
  byOutcome: Record<string, number>;
  /** Outcomes by source: online, or transcribed from a document (not verified online). */
  bySource: Record<string, number>;
  /** Settlements by staff in the window (a settled outcome stays counted as what was decided first). */
  settled: number;
  /** Outcomes other than a match: the visitor could not be confirmed against the voucher. */
  failures: number;
  failureRate: number | null;
  nationalFailures: number;
  avgMillis: number | null;
  /**
   * The 95th percentile of the window's times to outcome (nearest rank over the actual values; null
   * when nothing was decided). Only where a bucket predates the kept values: the upper bound of the
   * histogram bucket holding it, OVERFLOW_MILLIS when that is the open bucket above 60 s.
   */
  p95Millis: number | null;
}

export interface SeriesPoint {
  minute: string;
  count: number;
  failures: number;
  nationalFailures: number;
}

/** Stands for "above the last histogram bound" (JSON has no Infinity). */
export const OVERFLOW_MILLIS = LATENCY_BUCKETS_MS[LATENCY_BUCKETS_MS.length - 1] + 1;

/** Outcomes that honour the voucher: a match, a match after a settlement, an insurer confirmed for 人間ドック. */
const HONOURED = new Set(['matched', 'matched-after-settlement', 'insurer-confirmed']);
export const isFailureOutcome = (outcome: string) => !HONOURED.has(outcome);

export function minuteOf(time: string | Date): string {
  return new Date(time).toISOString().slice(0, 16);
}

/** The first minute of a window of `minutes` minutes ending with the minute of `now`. */
export function windowStart(now: Date, minutes: number): string {
  return minuteOf(new Date(Math.floor(now.getTime() / 60_000) * 60_000 - (minutes - 1) * 60_000));
}

/** The `$push` document of a fact: an outcome's time to outcome joins its minute's values. */
export function pushOf(fact: MinuteFact): Record<string, number> {
  return fact.kind === 'outcome' ? { latencies: fact.elapsedMillis } : {};
}

/** The `$inc` document of a fact (the same paths in memory and in MongoDB). */
export function incrementOf(fact: MinuteFact): Record<string, number> {
  switch (fact.kind) {
    case 'outcome':
      return {
        count: 1,
        [`outcomes.${fact.outcome}`]: 1,
        ...(fact.source ? { [`sources.${fact.source}`]: 1 } : {}),
        totalMillis: fact.elapsedMillis,
        [`buckets.${bucketOf(fact.elapsedMillis)}`]: 1,
      };
    case 'national-failure':
      return { nationalFailures: 1 };
    case 'settled':
      return { settled: 1 };
  }
}

export function emptyBucket(siteId: string, minute: string): MinuteBucket {
  return {
    siteId,
    minute,
    count: 0,
    outcomes: {},
    sources: {},
    settled: 0,
    totalMillis: 0,
    buckets: {},
    latencies: [],
    nationalFailures: 0,
  };
}

/** Applies an increment document (and a push document) to a bucket in memory (dotted paths one level deep). */
export function applyIncrement(bucket: MinuteBucket, inc: Record<string, number>, push: Record<string, number> = {}): void {
  if (push.latencies !== undefined) (bucket.latencies ??= []).push(push.latencies);
  const target = bucket as unknown as Record<string, number | Record<string, number>>;
  for (const [path, by] of Object.entries(inc)) {
    const [head, key] = path.split('.') as [string, string | undefined];
    if (key === undefined) target[head] = ((target[head] as number) ?? 0) + by;
    else {
      const map = (target[head] ??= {}) as Record<string, number>;
      map[key] = (map[key] ?? 0) + by;
    }
  }
}

/** Sums the buckets that fall in the last `minutes` minutes before `now`. */
export function summarise(buckets: readonly MinuteBucket[], now: Date, minutes: number): WindowSummary {
  const from = windowStart(now, minutes);
  const to = minuteOf(now);
  const byOutcome: Record<string, number> = {};
  const bySource: Record<string, number> = {};
  let settled = 0;
  const histogram: Partial<Record<BucketLabel, number>> = {};
  let outcomes = 0;
  let totalMillis = 0;
  let nationalFailures = 0;
  let kept = 0;
  for (const b of buckets) if (b.minute >= from && b.minute <= to) kept += b.latencies?.length ?? 0;
  // every time to outcome of the window in one typed buffer (the federation's hour holds ~10⁵)
  const latencies = new Float64Array(kept);
  let n = 0;
  let complete = true;
  for (const b of buckets) {
    if (b.minute < from || b.minute > to) continue;
    outcomes += b.count;
    const values = b.latencies ?? [];
    if (values.length === b.count) for (let i = 0; i < values.length; i++) latencies[n++] = values[i]!;
    else complete = false;
    totalMillis += b.totalMillis;
    nationalFailures += b.nationalFailures;
    for (const k in b.outcomes) byOutcome[k] = (byOutcome[k] ?? 0) + b.outcomes[k]!;
    for (const k in b.sources ?? {}) bySource[k] = (bySource[k] ?? 0) + b.sources[k]!;
    settled += b.settled ?? 0;
    for (const k in b.buckets) histogram[k as BucketLabel] = (histogram[k as BucketLabel] ?? 0) + b.buckets[k as BucketLabel]!;
  }
  let failures = 0;
  for (const k in byOutcome) if (isFailureOutcome(k)) failures += byOutcome[k]!;
  const p95 = complete ? percentile(latencies.subarray(0, n), 0.95) : quantileMillis({ count: outcomes, buckets: histogram }, 0.95);
  return {
    minutes,
    outcomes,
    byOutcome,
    bySource,
    settled,
    failures,
    failureRate: outcomes ? failures / outcomes : null,
    nationalFailures,
    avgMillis: outcomes ? Math.round(totalMillis / outcomes) : null,
    p95Millis: p95 === null ? null : Number.isFinite(p95) ? p95 : OVERFLOW_MILLIS,
  };
}

/** One point per minute of the window (zero where nothing happened), oldest first, for the charts. */
export function series(buckets: readonly MinuteBucket[], now: Date, minutes: number): SeriesPoint[] {
  const points = new Map<string, SeriesPoint>();
  const start = Date.parse(`${windowStart(now, minutes)}:00Z`);
  for (let i = 0; i < minutes; i++) {
    const minute = minuteOf(new Date(start + i * 60_000));
    points.set(minute, { minute, count: 0, failures: 0, nationalFailures: 0 });
  }
  for (const b of buckets) {
    const p = points.get(b.minute);
    if (!p) continue;
    p.count += b.count;
    p.nationalFailures += b.nationalFailures;
    for (const [k, n] of Object.entries(b.outcomes)) if (isFailureOutcome(k)) p.failures += n;
  }
  return [...points.values()];
}

/**
 * The sum of some buckets of one minute (the federation's minute from its sites'), with every time to
 * outcome kept: a bucket that predates the kept values leaves the sum short of values, so a window
 * over it falls back to the histogram as it would over the bucket itself.
 */
export function mergeBuckets(siteId: string, minute: string, buckets: Iterable<MinuteBucket>): MinuteBucket {
  const sum = emptyBucket(siteId, minute);
  for (const b of buckets) {
    sum.count += b.count;
    sum.totalMillis += b.totalMillis;
    sum.nationalFailures += b.nationalFailures;
    sum.settled += b.settled ?? 0;
    for (const k in b.outcomes) sum.outcomes[k] = (sum.outcomes[k] ?? 0) + b.outcomes[k]!;
    for (const k in b.sources ?? {}) sum.sources[k] = (sum.sources[k] ?? 0) + b.sources[k]!;
    for (const k in b.buckets) {
      const label = k as BucketLabel;
      sum.buckets[label] = (sum.buckets[label] ?? 0) + b.buckets[label]!;
    }
    for (const v of b.latencies ?? []) sum.latencies.push(v);
  }
  return sum;
}
