import type { Counter, Histogram } from 'prom-client';

/**
 * Counts and observations of one label set kept as plain numbers on the hot path and handed to
 * prom-client when the registry is read (the metrics' `collect`, `flushPending`). prom-client
 * hashes and validates the label set on every call — its `labels()` children too — and the bus
 * makes four such calls per delivery: ≈ 3 % of embedded mode's CPU. A scrape still sees every
 * count and observation made before it.
 */
interface Pending {
  flush(): void;
}

const pending = new Set<Pending>();

/** Hands every pending count and observation to its prom-client metric (called by the metrics' `collect`). */
export function flushPending(): void {
  for (const p of pending) p.flush();
}

/** A counter's series for one label set, fixed at creation. */
export class PendingCount<L extends string> implements Pending {
  private n = 0;

  constructor(
    private readonly counter: Counter<L>,
    private readonly labels: Record<L, string>,
  ) {
    pending.add(this);
  }

  inc(by = 1): void {
    this.n += by;
  }

  flush(): void {
    if (!this.n) return;
    const n = this.n;
    this.n = 0;
    this.counter.inc(this.labels, n);
  }
}

/** What prom-client keeps per label set of a histogram (lib/histogram.js, `createBaseValues`). */
interface HistogramValues {
  labels: Record<string, string | number>;
  bucketValues: Record<number, number>;
  sum: number;
  count: number;
}

/**
 * A histogram's series for one label set, fixed at creation: an observation is a bucket increment
 * here; the flush adds the buckets, sum and count to prom-client's values for the label set (the
 * same numbers `observe` would have left: metrics.unit.spec compares the exposition text).
 */
export class PendingObservations<L extends string> implements Pending {
  private readonly counts: number[];
  private sum = 0;
  private count = 0;
  /** prom-client's values for the label set and their key, found once (again after a reset). */
  private values?: { key: string; entry: HistogramValues };

  constructor(
    private readonly histogram: Histogram<L>,
    private readonly labels: Record<L, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = bounds.map(() => 0);
    pending.add(this);
  }

  observe(value: number): void {
    // prom-client refuses (throws) a value that is not a finite number: it is not counted either way.
    if (!Number.isFinite(value)) return;
    const { bounds } = this;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    // Above the last bound: counted (sum, count, +Inf) in no finite bucket, as prom-client does.
    if (i < bounds.length) this.counts[i]!++;
    this.sum += value;
    this.count++;
  }

  flush(): void {
    if (!this.count) return;
    const entry = this.entry();
    for (let i = 0; i < this.bounds.length; i++) {
      entry.bucketValues[this.bounds[i]!] = (entry.bucketValues[this.bounds[i]!] ?? 0) + this.counts[i]!;
      this.counts[i] = 0;
    }
    entry.sum += this.sum;
    entry.count += this.count;
    this.sum = 0;
    this.count = 0;
  }

  private entry(): HistogramValues {
    const hashMap = (this.histogram as unknown as { hashMap: Record<string, HistogramValues> }).hashMap;
    if (this.values && hashMap[this.values.key] === this.values.entry) return this.values.entry;
    const find = () => Object.entries(hashMap).find(([, v]) => sameLabels(v.labels, this.labels));
    let found = find();
    if (!found) {
      // The public way to create a label set's values (all zero).
      this.histogram.zero(this.labels);
      found = find();
    }
    if (!found) throw new Error(`${(this.histogram as unknown as { name: string }).name}: no values for its label set after zero()`);
    this.values = { key: found[0], entry: found[1] };
    return found[1];
  }
}

function sameLabels(a: Record<string, string | number>, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => String(a[k]) === b[k]);
}
