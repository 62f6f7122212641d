/**
 * Percentiles of the actual time-to-outcome values (pure). The desk keeps every outcome's elapsed
 * milliseconds in its minute bucket, so "p95" is a value that some verification really took, not the
 * upper edge of the histogram bucket that holds it (a bucket edge read "250 ms" when every
 * verification took under 100 ms).
 *
 * Method: nearest rank — the smallest value such that at least p of all values are at or below it
 * (sorted ascending, the value at rank ⌈p·n⌉). It never interpolates, so it is exact for small
 * counts and always one of the observed values. The value is selected, not sorted for (the
 * federation's hour holds a hundred thousand values and the desk asks every few seconds).
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (!(p > 0 && p <= 1)) throw new RangeError(`a percentile lies in (0, 1], not ${p}`);
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) finite[n++] = v;
  }
  if (!n) return null;
  return select(finite.subarray(0, n), Math.max(1, Math.ceil(p * n)) - 1);
}

/** The k-th smallest value (0-based) of `a`, reordering `a` in place (Hoare's selection, median of three). */
function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    // median of three as the pivot: sorted input (the usual case) stays linear
    if (a[mid]! < a[lo]!) swap(a, mid, lo);
    if (a[hi]! < a[lo]!) swap(a, hi, lo);
    if (a[hi]! < a[mid]!) swap(a, hi, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) swap(a, i++, j--);
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}
