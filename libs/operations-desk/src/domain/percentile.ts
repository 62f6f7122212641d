/**
 * Percentiles of the actual time-to-outcome values (pure). The desk keeps every outcome's elapsed
 * milliseconds in its minute bucket, so "p95" is a value that some verification really took, not the
 * upper edge of the histogram bucket that holds it (a bucket edge read "250 ms" when every
 * verification took under 100 ms).
 *
 * Method: nearest rank — the smallest value such that at least p of all values are at or below it
 * (sorted ascending, the value at rank ⌈p·n⌉). It never interpolates, so it is exact for small
 * counts and always one of the observed values.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`a percentile lies in (0, 1], not ${p}`);
  const finite = values.filter((v) => Number.isFinite(v));
  if (!finite.length) return null;
  const sorted = Float64Array.from(finite).sort();
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}
