import { formatMillis } from './latency-stats';
import type { LoadProgress, LoadReport } from './load-driver';

/** One progress line per second, as the load driver reports it. */
export function formatProgress(p: LoadProgress): string {
  return (
    `  [${String(p.second).padStart(3)} s] sent ${String(p.sent).padStart(5)}  completed ${String(p.completed).padStart(5)}  ` +
    `in flight ${String(p.inFlight).padStart(5)}  errors ${p.errors}  shed ${p.shed}  p50 ${formatMillis(p.p50)}  p95 ${formatMillis(p.p95)}`
  );
}

/** The summary of a load run, several lines. */
export function formatReport(r: LoadReport): string {
  const kinds = (o: Record<string, number>) =>
    Object.entries(o)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'none';
  return [
    `  offered ${r.offered} at ${r.rate}/s (${r.arrival}) over ${r.durationSeconds} s; sent ${r.sent}, completed ${r.completed}, shed ${r.shed} (in-flight cap ${r.inFlightCap}, max in flight ${r.maxInFlight}), errors ${r.errors}`,
    `  throughput ${r.throughput.toFixed(1)}/s (in the arrival window ${r.throughputInWindow.toFixed(1)}/s); device latency p50 ${formatMillis(r.latency.p50)} p95 ${formatMillis(r.latency.p95)} p99 ${formatMillis(r.latency.p99)} max ${formatMillis(r.latency.max)}`,
    `  outcomes: ${kinds(r.outcomes)}`,
    `  methods: ${kinds(r.methods)}`,
    `  errors: ${kinds(r.errorKinds)}`,
  ].join('\n');
}
