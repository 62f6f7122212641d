import { formatReport, type LatencySummary, type LoadReport } from '@hcv/federation-driver';
import { formatPipelineSteps, formatPipelineTail } from './event-timeline';
import {
  commandTotal,
  formatCommandKindShare,
  formatCommandShare,
  formatCpuShare,
  formatMemory,
  loadAverage,
  log,
  type CommandKindShare,
  type CommandShare,
  type CpuShare,
  type StartedBench,
} from './bench-run';

/**
 * How many open-loop rates the search tries: 90 % of the saturation throughput, then 20 % less each
 * time (the fourth is about 46 % of it). A search for a sustained rate, not a retried write, so not
 * the persistence's write bound (withWriteAttempts); a machine that sustains none of these rates
 * records 0 verifications/s rather than running ever slower.
 */
export const OPEN_LOOP_RATES = 4;

/** Sustained: nothing shed, nothing failed, every verification completed, p99 under 10 s. */
export interface RunCounts {
  sent: number;
  completed: number;
  shed: number;
  errors: number;
  p99: number;
}
export const sustained = (r: RunCounts) => r.shed === 0 && r.errors === 0 && r.completed === r.sent && r.p99 < 10_000;

export interface SustainedSearch<R> {
  saturation: R;
  runs: R[];
  /** Completions per second within the window of the first sustained open-loop run (0: none). */
  sustainedRate: number;
}

/**
 * A saturation run (offered far above capacity, in flight capped) finds the capacity; then open-loop
 * runs at 90 % of it, stepping down 20 % until one is sustained. Shared by the platform (e2e) and
 * the messaging skeleton.
 */
export async function searchSustainedRate<R>(options: {
  saturate: (rate: number) => Promise<R>;
  openLoop: (rate: number) => Promise<R>;
  saturateRate: number;
  throughput: (r: R) => number;
  counts: (r: R) => RunCounts;
  label: string;
}): Promise<SustainedSearch<R>> {
  log(`${options.label} saturation: ${options.saturateRate}/s offered; load average ${loadAverage()}`);
  const saturation = await options.saturate(options.saturateRate);
  const runs: R[] = [];
  let rate = Math.max(10, Math.floor(options.throughput(saturation) * 0.9));
  for (let step = 0; step < OPEN_LOOP_RATES; step++) {
    log(`${options.label} open loop at ${rate}/s; load average ${loadAverage()}`);
    const report = await options.openLoop(rate);
    runs.push(report);
    if (sustained(options.counts(report))) return { saturation, runs, sustainedRate: options.throughput(report) };
    rate = Math.floor(rate * 0.8);
  }
  return { saturation, runs, sustainedRate: 0 };
}

/** One measured rate of the platform: pipeline latency from the events, CPU per process, memory. */
export interface PlatformRateFigures {
  rate: number;
  completed: number;
  sent: number;
  shed: number;
  errors: number;
  pipeline: LatencySummary;
  device: LatencySummary;
  cpu: CpuShare;
  /** CPU ms per verification of every process but the driver and the database (the skeleton has neither). */
  cpuMillisNoDatabase: number;
  cpuMillisAll: number;
  /** Database commands per verification, per service instance (undefined: metric not exposed). */
  commands: CommandShare;
  commandsTotal: number | undefined;
  /** The same by command and collection, per service instance. */
  commandKinds: CommandKindShare;
  memoryMb: Record<string, number>;
  loadAverage: string;
}

export const EXCLUDED_FROM_COMPARISON = new Set(['mongo', 'driver (bench)']);

export function cpuTotals(cpu: CpuShare, excluded: Set<string>): number {
  return Object.entries(cpu)
    .filter(([name, v]) => !excluded.has(name) && Number.isFinite(v.millisPerVerification))
    .reduce((sum, [, v]) => sum + v.millisPerVerification, 0);
}

/** The platform at each rate (open loop, `seconds` each), then its sustained rate. */
export async function measurePlatform(
  bench: StartedBench,
  options: {
    rates: number[];
    seconds: number;
    saturateRate: number;
    saturateSeconds: number;
    openLoopSeconds: number;
    /** `false`: the rates only, no saturation and open-loop search. */
    sustained?: boolean;
  },
): Promise<{ rates: PlatformRateFigures[]; search: SustainedSearch<LoadReport & { cpu: CpuShare }> | undefined }> {
  const rates: PlatformRateFigures[] = [];
  let firstVisit = 0;
  for (const rate of options.rates) {
    bench.timeline.reset();
    log(`platform: ${rate}/s for ${options.seconds} s; load average ${loadAverage()}`);
    const report = await bench.load({ rate, durationSeconds: options.seconds, firstVisit, maxInFlight: 2_000, quiet: true });
    firstVisit += report.offered;
    const latency = bench.timeline.latency();
    log(formatReport(report));
    const memoryMb = bench.platform.memory();
    log(formatCpuShare(report.cpu));
    log(formatCommandShare(report.commands));
    log(formatCommandKindShare(report.commandKinds));
    log(formatMemory(memoryMb));
    log(
      `  pipeline p50 ${latency.pipeline.p50.toFixed(1)} p95 ${latency.pipeline.p95.toFixed(1)} p99 ${latency.pipeline.p99.toFixed(1)} ms`,
    );
    log(formatPipelineSteps(latency.steps));
    log(formatPipelineTail(latency.tail));
    log(`    slowest (cs out | → ql in | ql out | → vm in | vm out | → cs in):\n      ${bench.timeline.slowest(8).join('\n      ')}`);
    rates.push({
      rate,
      completed: report.completed,
      sent: report.sent,
      shed: report.shed,
      errors: report.errors,
      pipeline: latency.pipeline,
      device: report.latency,
      cpu: report.cpu,
      cpuMillisNoDatabase: cpuTotals(report.cpu, EXCLUDED_FROM_COMPARISON),
      cpuMillisAll: cpuTotals(report.cpu, new Set(['driver (bench)'])),
      commands: report.commands,
      commandsTotal: commandTotal(report.commands),
      commandKinds: report.commandKinds,
      memoryMb,
      loadAverage: loadAverage(),
    });
  }
  if (options.sustained === false) return { rates, search: undefined };
  const search = await searchSustainedRate({
    label: 'platform',
    saturateRate: options.saturateRate,
    saturate: async (rate) => {
      const r = await bench.load({ rate, durationSeconds: options.saturateSeconds, firstVisit, maxInFlight: 400, quiet: true });
      firstVisit += r.offered;
      log(formatReport(r));
      return r;
    },
    openLoop: async (rate) => {
      const r = await bench.load({ rate, durationSeconds: options.openLoopSeconds, firstVisit, maxInFlight: 2_000, quiet: true });
      firstVisit += r.offered;
      log(formatReport(r));
      return r;
    },
    throughput: (r) => r.throughputInWindow,
    counts: (r) => ({ sent: r.sent, completed: r.completed, shed: r.shed, errors: r.errors, p99: r.latency.p99 }),
  });
  return { rates, search };
}
