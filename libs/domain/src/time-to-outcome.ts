/**
 * The time-to-outcome histogram every read side keeps (outcome analytics per day, the operations
 * desk per minute): fixed buckets closed above, and quantiles read back as the upper bound of the
 * bucket that holds them. One set of buckets, so the desk's p95 and the analytics export agree.
 */

/** Upper bounds (ms) of the time-to-outcome histogram buckets; the last bucket is open. */
export const LATENCY_BUCKETS_MS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;
export const BUCKET_LABELS = [...LATENCY_BUCKETS_MS.map((b) => `le${b}`), 'gt60000'] as const;
export type BucketLabel = (typeof BUCKET_LABELS)[number];

export function bucketOf(millis: number): BucketLabel {
  const i = LATENCY_BUCKETS_MS.findIndex((b) => millis <= b);
  return BUCKET_LABELS[i === -1 ? BUCKET_LABELS.length - 1 : i]!;
}

/** Approximate quantile from the histogram: the upper bound of the bucket holding it. */
export function quantileMillis(histogram: { count: number; buckets: Partial<Record<BucketLabel, number>> }, q: number): number | null {
  if (!histogram.count) return null;
  const rank = Math.ceil(q * histogram.count);
  let seen = 0;
  for (const [i, label] of BUCKET_LABELS.entries()) {
    seen += histogram.buckets[label] ?? 0;
    if (seen >= rank) return LATENCY_BUCKETS_MS[i] ?? Infinity;
  }
  return Infinity;
}
