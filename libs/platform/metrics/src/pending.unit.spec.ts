import { Counter, Histogram, Registry } from 'prom-client';
import { LATENCY_BUCKETS } from './metrics';
import { flushPending, PendingCount, PendingObservations } from './pending';

/**
 * The exposition text with each `_sum` to 12 significant digits: a sum added up in batches may differ
 * from one added value by value in the last bits of a double. Everything else must be equal.
 */
async function text(registry: Registry): Promise<string> {
  return (await registry.metrics()).replace(
    /^(\S+_sum\{[^}]*\}) (\S+)$/gm,
    (_, series: string, v: string) => `${series} ${Number(v).toPrecision(12)}`,
  );
}

/** Two registries, one fed directly and one through pending series: their exposition texts must match. */
function twins() {
  const make = (registry: Registry, collect?: () => void) => ({
    histogram: new Histogram({
      name: 'spec_latency_seconds',
      help: 'h',
      labelNames: ['topic', 'group'] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
      ...(collect ? { collect } : {}),
    }),
    counter: new Counter({
      name: 'spec_total',
      help: 'c',
      labelNames: ['topic', 'group', 'result'] as const,
      registers: [registry],
      ...(collect ? { collect } : {}),
    }),
  });
  const direct = new Registry();
  const viaPending = new Registry();
  return { direct, viaPending, a: make(direct), b: make(viaPending, flushPending) };
}

describe('pending metric series', () => {
  it('leave the same exposition text as prom-client fed directly, across scrapes and a reset', async () => {
    const { direct, viaPending, a, b } = twins();
    const labels = [
      { topic: 't.v1', group: 'g.one' },
      { topic: 't.v1', group: 'g.two' },
      { topic: 'u.v2', group: 'g.one' },
    ];
    const observations = labels.map((l) => new PendingObservations(b.histogram, l, LATENCY_BUCKETS));
    const counts = labels.map((l) => new PendingCount(b.counter, { ...l, result: 'handled' }));
    // Values on bucket bounds, between them, above the last, zero; and ones prom-client refuses.
    const values = [0, 0.001, 0.0011, 0.05, 0.07, 10, 11, 250, 0.0004];
    const feed = (round: number) => {
      values.forEach((v, i) => {
        const k = (i + round) % labels.length;
        a.histogram.observe(labels[k]!, v * (round + 1));
        observations[k]!.observe(v * (round + 1));
        a.counter.inc({ ...labels[k]!, result: 'handled' }, round + 1);
        counts[k]!.inc(round + 1);
      });
    };
    feed(0);
    expect(await text(viaPending)).toBe(await text(direct));
    feed(1);
    feed(2);
    expect(await text(viaPending)).toBe(await text(direct));
    // A reset (prom-client's) drops the values; later observations start again from zero.
    direct.resetMetrics();
    viaPending.resetMetrics();
    feed(3);
    expect(await text(viaPending)).toBe(await text(direct));
    expect(await viaPending.metrics()).toContain('spec_latency_seconds_count{topic="t.v1",group="g.one"} 3');
  });

  it('counts nothing for a value prom-client would refuse', async () => {
    const { viaPending, b } = twins();
    const series = new PendingObservations(b.histogram, { topic: 't', group: 'g' }, LATENCY_BUCKETS);
    series.observe(Number.NaN);
    series.observe(Number.POSITIVE_INFINITY);
    series.observe(0.2);
    const text = await viaPending.metrics();
    expect(text).toContain('spec_latency_seconds_count{topic="t",group="g"} 1');
    expect(text).toContain('spec_latency_seconds_sum{topic="t",group="g"} 0.2');
  });
});
