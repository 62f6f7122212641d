import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import {
  formatProgress,
  planLoad,
  runLoad,
  seedFederation,
  waitForDevices,
  type LoadMix,
  type LoadOptions,
  type LoadPlan,
  type LoadReport,
} from '@hcv/federation-driver';
import type { ServiceName } from '@hcv/contracts';
import { BenchPlatform, ROOT, SERVICES, startInfra, type BenchPlatformOptions, type Infra } from './bench-platform';
import { EventTimeline } from './event-timeline';
import { commandKindShare, formatCommandKindShare, type CommandKindShare } from './command-kinds';
import { summariseProfile } from './profile-summary';

/** The population the services' simulator and the plan share (SIMULATOR_SEED / SIMULATOR_POPULATION). */
export const SEED = 7007;
export const POPULATION = 5000;

export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
}

export function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Writes a figure set to .cache/bench/<name>.json (for BENCHMARKS.md) and prints it as one JSON line. */
export function recordResult(name: string, result: Record<string, unknown>): void {
  const dir = join(ROOT, '.cache/bench');
  mkdirSync(dir, { recursive: true });
  const body = { name, at: new Date().toISOString(), loadAverage: loadAverage(), ...result };
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(body, null, 2) + '\n');
  log(`BENCH_RESULT ${JSON.stringify(body)}`);
}

export interface FederationShape {
  facilities: number;
  buses: number;
  devicesPerSite: number;
  visits: number;
}

/** CPU seconds per process over a run, and milliseconds per completed verification. */
export type CpuShare = Record<string, { seconds: number; millisPerVerification: number }>;

/** The difference of two `BenchPlatform.cpu()` readings, shared out over `completed` verifications. */
export function cpuShare(before: Record<string, number>, after: Record<string, number>, completed: number): CpuShare {
  return Object.fromEntries(
    Object.keys(after).map((name) => {
      const seconds = (after[name] ?? Number.NaN) - (before[name] ?? Number.NaN);
      return [name, { seconds, millisPerVerification: completed ? (seconds * 1000) / completed : Number.NaN }];
    }),
  );
}

/** Database commands per completed verification, per service instance (`undefined`: metric not exposed). */
export type CommandShare = Record<string, number | undefined>;
export { commandKindShare, formatCommandKindShare, type CommandKindShare };

/** The difference of two `BenchPlatform.databaseCommands()` readings over `completed` verifications. */
export function commandShare(
  before: Record<string, number | undefined>,
  after: Record<string, number | undefined>,
  completed: number,
): CommandShare {
  return Object.fromEntries(
    Object.keys(after).map((name) => {
      const a = after[name];
      const b = before[name];
      return [name, a === undefined || b === undefined || !completed ? undefined : (a - b) / completed];
    }),
  );
}

/** Commands per verification in all (over the instances that expose the metric), or undefined if none does. */
export function commandTotal(share: CommandShare): number | undefined {
  const exposed = Object.values(share).filter((v): v is number => v !== undefined);
  return exposed.length ? exposed.reduce((sum, v) => sum + v, 0) : undefined;
}

export function formatCommandShare(share: CommandShare): string {
  const total = commandTotal(share);
  if (total === undefined) return '  database commands per verification: not exposed';
  return (
    `  database commands per verification: ${total.toFixed(2)} in all — ` +
    Object.entries(share)
      .map(([name, v]) => `${name} ${v === undefined ? 'not exposed' : v.toFixed(2)}`)
      .join(', ')
  );
}

export function formatMemory(memoryMb: Record<string, number>): string {
  return (
    '  RSS (MB): ' +
    Object.entries(memoryMb)
      .map(([name, v]) => `${name} ${v.toFixed(0)}`)
      .join(', ')
  );
}

export function formatCpuShare(share: CpuShare): string {
  const rows = Object.entries(share).sort((a, b) => (b[1].seconds || 0) - (a[1].seconds || 0));
  const total = rows.reduce((sum, [, v]) => sum + (Number.isFinite(v.millisPerVerification) ? v.millisPerVerification : 0), 0);
  return (
    `  CPU per completed verification: ${total.toFixed(1)} ms in all — ` +
    rows.map(([name, v]) => `${name} ${v.millisPerVerification.toFixed(1)} ms (${v.seconds.toFixed(1)} s)`).join(', ')
  );
}

export interface StartedBench {
  infra: Infra;
  platform: BenchPlatform;
  timeline: EventTimeline;
  plan: LoadPlan;
  checkupDate: string;
  /** Runs the open-loop driver; the report carries where the CPU and the database commands went during the run. */
  load(
    options: Omit<LoadOptions, 'checkupDate' | 'awaitOutcome'> & { quiet?: boolean },
  ): Promise<LoadReport & { cpu: CpuShare; commands: CommandShare; commandKinds: CommandKindShare }>;
  stop(): Promise<void>;
}

/**
 * Kafka + MongoDB, the five services as processes, a seeded federation (institutions, sites,
 * devices activated and known to card-session, vouchers, a collective contract) and the event
 * timeline; `load` runs the open-loop driver with outcomes read from the events.
 */
/**
 * Load run before any measured one, its figures dropped: the first seconds after seeding (JIT,
 * connection pools, the consumers' first fetches) otherwise land in the first run's p99.
 */
export const WARM_UP = { rate: 20, seconds: 10 };

export async function startBench(options: {
  shape: FederationShape;
  env?: Record<string, string>;
  nodeArgs?: BenchPlatformOptions['nodeArgs'];
  /** Processes of each consumer service (CONSUMER_SERVICES), in the same groups (default 1). */
  instances?: number;
  /** The plan's mix of methods and scenarios (default DEFAULT_LOAD_MIX). */
  mix?: Partial<LoadMix>;
  /** `false`: measure from the first request (default: WARM_UP on visits beyond the shape's). */
  warmUp?: { rate: number; seconds: number } | false;
  /**
   * A folder: each measured `load` of the driver (this process) is CPU-profiled (node:inspector,
   * the load window only), written there and summarised. Its CPU figure then includes the profiler.
   */
  driverProfileDir?: string;
}): Promise<StartedBench> {
  const warmUp = options.warmUp ?? WARM_UP;
  const warmUpVisits = warmUp ? Math.ceil(warmUp.rate * warmUp.seconds * 1.2) + 10 : 0;
  const started = performance.now();
  const infra = await startInfra();
  const workDir = mkdtempSync(join(tmpdir(), 'hcv-bench-'));
  const platform = new BenchPlatform({ infra, workDir, env: options.env, nodeArgs: options.nodeArgs });
  const timeline = new EventTimeline(infra.brokers);
  const stop = async () => {
    await timeline.stop().catch(() => undefined);
    await platform.stop();
    await infra.stop();
  };
  try {
    await platform.startAll(options.instances ?? 1);
    log(`platform up in ${((performance.now() - started) / 1000).toFixed(1)} s (logs in ${workDir})`);
    const checkupDate = new Date().toISOString().slice(0, 10);
    const plan = planLoad({
      seed: SEED,
      population: POPULATION,
      checkupDate,
      ...options.shape,
      visits: options.shape.visits + warmUpVisits,
      ...(options.mix ? { mix: options.mix } : {}),
    });
    const client = platform.client();
    const seeding = performance.now();
    await seedFederation(client, plan);
    await waitForDevices(
      client,
      plan.sites.flatMap((s) => s.devices),
      { checkupDate, timeoutMillis: 180_000 },
    );
    log(
      `federation seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s: ${options.shape.facilities} facilities + ${options.shape.buses} buses × ` +
        `${options.shape.devicesPerSite} devices, ${plan.vouchers.length} vouchers`,
    );
    await timeline.start();
    if (warmUp) {
      // On the plan's last visits, which the measured runs (from visit 0) do not reach.
      const report = await runLoad(client, plan, {
        rate: warmUp.rate,
        durationSeconds: warmUp.seconds,
        firstVisit: options.shape.visits,
        checkupDate,
        awaitOutcome: timeline.awaitOutcome,
      });
      log(`warm-up: ${report.completed} verifications at ${warmUp.rate}/s for ${warmUp.seconds} s (not measured)`);
      timeline.reset();
    }
    return {
      infra,
      platform,
      timeline,
      plan,
      checkupDate,
      load: async ({ quiet, ...load }) => {
        // Only session.completed is read during the window; the other stages after it (EventTimeline).
        await timeline.pauseSteps();
        const commandsBefore = await platform.databaseCommandDetail();
        const before = platform.cpu();
        const profiler = options.driverProfileDir ? await startProfile() : undefined;
        const report = await runLoad(client, plan, {
          ...load,
          checkupDate,
          awaitOutcome: timeline.awaitOutcome,
          onProgress: quiet ? undefined : (p) => log(formatProgress(p)),
        });
        const cpu = cpuShare(before, platform.cpu(), report.completed);
        if (profiler) {
          const file = join(options.driverProfileDir!, `driver-${load.rate}-${Date.now()}.cpuprofile`);
          await profiler.stop(file);
          log(`driver profile (${report.completed} verifications at ${load.rate}/s):\n${summariseProfile(file, 40)}`);
        }
        const commandsAfter = await platform.databaseCommandDetail();
        const totals = (d: typeof commandsAfter) => Object.fromEntries(Object.entries(d).map(([label, v]) => [label, v?.total]));
        const commands = commandShare(totals(commandsBefore), totals(commandsAfter), report.completed);
        const commandKinds = commandKindShare(commandsBefore, commandsAfter, report.completed);
        await timeline.catchUpSteps();
        if (!quiet) {
          log(formatCpuShare(cpu));
          log(formatCommandShare(commands));
          log(formatCommandKindShare(commandKinds));
        }
        return { ...report, cpu, commands, commandKinds };
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A V8 CPU profile of this process from now until `stop` writes it to `file`. */
async function startProfile(): Promise<{ stop(file: string): Promise<void> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await session.post('Profiler.stop');
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** parseArgs over process.argv with the options given; numbers are read by the caller. */
export function cliArgs<T extends NonNullable<ParseArgsConfig['options']>>(options: T) {
  return parseArgs({ options, allowPositionals: false }).values;
}

/** `KEY=VALUE` arguments (a repeatable `--env`) as an environment. */
export function envArgs(pairs: string[]): Record<string, string> {
  return Object.fromEntries(pairs.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

/** `--node-flags="--a --b"` as the same node flags for every service (what a deployment sets in NODE_OPTIONS). */
export function nodeFlagsArg(flags: string, extra: (service: ServiceName) => string[] = () => []): BenchPlatformOptions['nodeArgs'] {
  const list = flags.split(' ').filter(Boolean);
  return Object.fromEntries(SERVICES.map((s) => [s, [...list, ...extra(s)]]));
}

/** Runs a bench entry point, exiting non-zero (after the error) if it throws. */
export function runMain(main: () => Promise<void>): void {
  // The services are started with this process's Node. The same code took 58 ms of CPU per
  // verification on Node 20 and 28 ms on Node 24 (CHANGELOG.md): say which one runs.
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24) log(`WARNING: running on Node ${process.versions.node}; the project's runtime is Node 24 (use npm run bench:…)`);
  // Ctrl-C / SIGTERM still run the 'exit' handlers that stop this run's broker and database.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
