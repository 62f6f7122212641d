import { fork, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { summarise, type LatencySummary } from '@hcv/federation-driver';
import { cpuSeconds, IMAGE_NODE_FLAGS, startInfra, type Infra } from './bench-platform';
import { formatPipelineSteps } from './event-timeline';
import {
  cliArgs,
  commandTotal,
  envArgs,
  formatCommandKindShare,
  formatCommandShare,
  formatCpuShare,
  formatMemory,
  loadAverage,
  log,
  nodeFlagsArg,
  recordResult,
  runMain,
  startBench,
} from './bench-run';
import {
  cpuTotals,
  EXCLUDED_FROM_COMPARISON,
  measurePlatform,
  searchSustainedRate,
  type PlatformRateFigures,
  type SustainedSearch,
} from './skeleton-platform';
import {
  nowMillis,
  SKELETON_ALL_TOPICS,
  SKELETON_ROLES,
  type SkeletonCommand,
  type SkeletonReply,
  type SkeletonRole,
} from './skeleton-flow';
import { benchKafkaClient } from './bench-kafka';

/**
 * `npm run bench:skeleton [-- --rates 10,30,100 --seconds 15 --partitions 3 --skeleton-only | --platform-only --driver-prof
 *  --no-sustained --instances N --node-flags="…" --env K=V --ab VARIANT --ab VARIANT --ab-rounds 2]` (`--help`)
 *
 * The messaging skeleton — card-session, qualification-lookup, voucher-matching and audit as four
 * Node processes on the platform's Kafka client settings, the flow's seven ~1 KB events keyed by
 * session, four hops in a row, audit reading all seven, no validation, logic or database — on its
 * own fresh broker (tools/infra), then the platform on another fresh broker and database, both
 * measured the same way in the same run: CPU per verification of each process and the broker
 * (/proc/<pid>/stat), pipeline p50/p95/p99 (eligibility.requested → session.completed, as stamped
 * by their producers) at each rate, and the sustained rate (saturation, then open loop at 90 %
 * stepping down until nothing is shed and every verification completes). For the platform also
 * database commands per verification per service (each one's hcv_mongodb_commands_total from
 * /metrics, before and after each rate; "not exposed" where a service lacks it) and RSS per service
 * at each rate. The services run with the images' Node flags (deploy/docker/Dockerfile
 * NODE_OPTIONS) unless `--node-flags` says otherwise; `--instances N` starts N processes of each
 * consumer service in the same groups (figures per instance, `audit#2` for the second). `--ab`
 * alternates settings variants in one run instead (see abRun). Prints the platform's figures
 * beside the skeleton's as ratios; written to .cache/bench/skeleton.json.
 */

interface SkeletonRun {
  rate: number;
  offered: number;
  sent: number;
  shed: number;
  completed: number;
  completedInWindow: number;
  throughputInWindow: number;
  pipeline: LatencySummary;
  /** CPU ms per completed verification, per process and the broker. */
  cpu: Record<string, number>;
  cpuMillisAll: number;
  loadAverage: string;
}

class Skeleton {
  private readonly children = new Map<SkeletonRole, ChildProcess>();
  private readonly waiters: ((reply: SkeletonReply, role: SkeletonRole) => boolean)[] = [];

  constructor(
    private readonly infra: Infra,
    private readonly concurrency: number,
    private readonly fetchMaxWait: string | undefined,
    /** Extra environment of the four processes (an A/B variant's KAFKA_* settings). */
    private readonly env: Record<string, string> = {},
  ) {}

  async start(partitions: number): Promise<void> {
    const kafka = new Kafka({ clientId: 'skeleton-admin', ...benchKafkaClient(this.infra.brokers), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: SKELETON_ALL_TOPICS.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
    await admin.disconnect();
    const ready = SKELETON_ROLES.map((role) => this.next(role, 'ready', 120_000));
    for (const role of SKELETON_ROLES) {
      const child = fork(
        join(__dirname, 'skeleton-service.js'),
        [role, this.infra.brokers, String(this.concurrency), ...(this.fetchMaxWait ? [this.fetchMaxWait] : [])],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, ...this.env } },
      );
      child.on('message', (reply: SkeletonReply) => {
        const index = this.waiters.findIndex((w) => w(reply, role));
        if (index >= 0) this.waiters.splice(index, 1);
      });
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit);
      child.once('exit', () => process.removeListener('exit', killOnExit));
      this.children.set(role, child);
    }
    await Promise.all(ready);
  }

  private next<T extends SkeletonReply['type']>(
    role: SkeletonRole,
    type: T,
    timeoutMillis: number,
  ): Promise<Extract<SkeletonReply, { type: T }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`skeleton ${role}: no ${type} within ${timeoutMillis} ms`)), timeoutMillis);
      this.waiters.push((reply, from) => {
        if (from !== role || reply.type !== type) return false;
        clearTimeout(timer);
        resolve(reply as Extract<SkeletonReply, { type: T }>);
        return true;
      });
    });
  }

  private command(role: SkeletonRole, command: SkeletonCommand): void {
    this.children.get(role)!.send(command);
  }

  private cpu(): Record<string, number> {
    return {
      ...Object.fromEntries(SKELETON_ROLES.map((role) => [role, cpuSeconds(this.children.get(role)!.pid)])),
      kafka: cpuSeconds(this.infra.pids.kafka),
    };
  }

  async collect(): Promise<[number, number][]> {
    const reply = this.next('audit', 'collected', 30_000);
    this.command('audit', { cmd: 'collect' });
    return (await reply).completions;
  }

  /** One open-loop run: card-session offers `rate`/s for `seconds`; waits until audit read every session it sent. */
  async run(rate: number, seconds: number, maxInFlight: number): Promise<SkeletonRun> {
    await this.collect();
    const before = this.cpu();
    const started = nowMillis();
    const loaded = this.next('card-session', 'loaded', seconds * 1000 + 60_000);
    this.command('card-session', { cmd: 'load', rate, seconds, maxInFlight, seed: Math.round(rate * 1000 + seconds) });
    const load = await loaded;
    const windowEnd = started + seconds * 1000;
    const completions: [number, number][] = [];
    const deadline = Date.now() + 60_000;
    while (completions.length < load.sent && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      completions.push(...(await this.collect()));
    }
    const after = this.cpu();
    const completed = completions.length;
    const cpu = Object.fromEntries(
      Object.keys(after).map((k) => [k, completed ? ((after[k]! - before[k]!) * 1000) / completed : Number.NaN]),
    );
    const completedInWindow = completions.filter(([at]) => at <= windowEnd).length;
    return {
      rate,
      offered: load.offered,
      sent: load.sent,
      shed: load.shed,
      completed,
      completedInWindow,
      throughputInWindow: completedInWindow / seconds,
      pipeline: summarise(completions.map(([, millis]) => millis)),
      cpu,
      cpuMillisAll: Object.values(cpu).reduce((s, v) => s + (Number.isFinite(v) ? v : 0), 0),
      loadAverage: loadAverage(),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.children.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.send({ cmd: 'stop' } satisfies SkeletonCommand);
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }
}

const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '—');
const ratio = (platform: number, skeleton: number) =>
  skeleton > 0 && Number.isFinite(platform) ? `${(platform / skeleton).toFixed(1)}×` : '—';

function formatSkeletonRun(r: SkeletonRun): string {
  return (
    `  skeleton ${r.rate}/s: offered ${r.offered}, shed ${r.shed}, completed ${r.completed} (${r.throughputInWindow.toFixed(1)}/s in window); ` +
    `pipeline p50 ${ms(r.pipeline.p50)} p95 ${ms(r.pipeline.p95)} p99 ${ms(r.pipeline.p99)} ms; CPU per verification ${ms(r.cpuMillisAll)} ms — ` +
    Object.entries(r.cpu)
      .map(([k, v]) => `${k} ${ms(v)}`)
      .join(', ')
  );
}

/** An A/B variant: `KAFKA_FETCH_MAX_WAIT_MS=100,KAFKA_FETCH_MIN_BYTES=1`, or `default` (no extra setting). */
export interface SettingsVariant {
  label: string;
  env: Record<string, string>;
}
function parseVariant(text: string): SettingsVariant {
  const pairs = text === 'default' ? [] : text.split(',').filter(Boolean);
  return { label: text, env: envArgs(pairs) };
}

const mean = (values: number[]) => (values.length ? values.reduce((s, v) => s + v, 0) / values.length : Number.NaN);

/**
 * `--ab A --ab B [--ab-rounds 2]`: the settings variants alternated in one run (A B A B …) at each
 * rate, on the skeleton (the four processes restarted per variant on one broker) and on the
 * platform (every service restarted per variant, same broker, database and federation), CPU per
 * verification compared. A short warm-up after each restart is not measured.
 */
async function abRun(args: {
  variants: SettingsVariant[];
  rounds: number;
  rates: number[];
  seconds: number;
  partitions: number;
  concurrency: number;
  platformOnly: boolean;
  skeletonOnly: boolean;
  baseEnv: Record<string, string>;
  nodeArgs: ReturnType<typeof nodeFlagsArg>;
  instances: number;
  driverProfileDir?: string;
}): Promise<void> {
  const warmUp = { rate: 20, seconds: 5 };
  type Cell = { skeleton: number[]; platform: number[]; commands: number[]; perService: Record<string, number[]> };
  const cells = new Map<string, Cell>();
  const cell = (variant: string, rate: number) => {
    const key = `${variant}@${rate}`;
    if (!cells.has(key)) cells.set(key, { skeleton: [], platform: [], commands: [], perService: {} });
    return cells.get(key)!;
  };
  if (!args.platformOnly) {
    const infra = await startInfra();
    try {
      for (let round = 1; round <= args.rounds; round++) {
        for (const variant of args.variants) {
          const skeleton = new Skeleton(infra, args.concurrency, undefined, variant.env);
          try {
            await skeleton.start(args.partitions);
            await skeleton.run(warmUp.rate, warmUp.seconds, 2_000);
            for (const rate of args.rates) {
              const r = await skeleton.run(rate, args.seconds, 2_000);
              log(`A/B round ${round} [${variant.label}] ${formatSkeletonRun(r).trim()}`);
              cell(variant.label, rate).skeleton.push(r.cpuMillisAll);
            }
          } finally {
            await skeleton.stop();
          }
        }
      }
    } finally {
      await infra.stop();
    }
  }
  if (!args.skeletonOnly) {
    const perVariant = args.rates.reduce((sum, rate) => sum + rate * args.seconds, 0) + warmUp.rate * warmUp.seconds;
    const bench = await startBench({
      shape: {
        facilities: 20,
        buses: 10,
        devicesPerSite: 15,
        visits: Math.ceil(perVariant * args.variants.length * args.rounds * 1.2) + 200,
      },
      env: args.baseEnv,
      nodeArgs: args.nodeArgs,
      instances: args.instances,
      warmUp: false,
      driverProfileDir: args.driverProfileDir,
    });
    try {
      let firstVisit = 0;
      for (let round = 1; round <= args.rounds; round++) {
        for (const variant of args.variants) {
          await bench.platform.restartAll(variant.env);
          const warm = await bench.load({
            rate: warmUp.rate,
            durationSeconds: warmUp.seconds,
            firstVisit,
            maxInFlight: 2_000,
            quiet: true,
          });
          firstVisit += warm.offered;
          for (const rate of args.rates) {
            bench.timeline.reset();
            const report = await bench.load({ rate, durationSeconds: args.seconds, firstVisit, maxInFlight: 2_000, quiet: true });
            firstVisit += report.offered;
            const latency = bench.timeline.latency();
            const c = cell(variant.label, rate);
            c.platform.push(cpuTotals(report.cpu, EXCLUDED_FROM_COMPARISON));
            const commands = commandTotal(report.commands);
            if (commands !== undefined) c.commands.push(commands);
            for (const [name, v] of Object.entries(report.cpu)) (c.perService[name] ??= []).push(v.millisPerVerification);
            log(
              `A/B round ${round} [${variant.label}] platform ${rate}/s: completed ${report.completed}/${report.sent}, shed ${report.shed}, errors ${report.errors}`,
            );
            log(formatCpuShare(report.cpu));
            log(formatCommandShare(report.commands));
            log(formatCommandKindShare(report.commandKinds));
            log(`  pipeline p50 ${latency.pipeline.p50.toFixed(1)} p99 ${latency.pipeline.p99.toFixed(1)} ms`);
            log(formatPipelineSteps(latency.steps));
          }
        }
      }
    } finally {
      await bench.stop();
    }
  }
  log(
    '\n| variant | rate | skeleton CPU ms/verification (runs) | platform CPU ms/verification, database excluded (runs) | DB commands/verification |\n|---|---|---|---|---|',
  );
  for (const rate of args.rates)
    for (const variant of args.variants) {
      const c = cell(variant.label, rate);
      log(
        `| ${variant.label} | ${rate}/s | ${ms(mean(c.skeleton))} (${c.skeleton.map(ms).join(', ')}) | ${ms(mean(c.platform))} (${c.platform.map(ms).join(', ')}) | ${c.commands.length ? mean(c.commands).toFixed(2) : 'not exposed'} |`,
      );
    }
  for (const rate of args.rates)
    for (const variant of args.variants)
      log(
        `  platform ${rate}/s [${variant.label}] mean CPU ms per verification: ${Object.entries(cell(variant.label, rate).perService)
          .map(([k, v]) => `${k} ${ms(mean(v))}`)
          .join(', ')}`,
      );
  recordResult('skeleton-ab', {
    settings: { rates: args.rates, seconds: args.seconds, rounds: args.rounds, instances: args.instances, nodeArgs: args.nodeArgs },
    cells: Object.fromEntries(cells),
  });
}

runMain(async () => {
  const args = cliArgs({
    rates: { type: 'string', default: '10,30,100' },
    seconds: { type: 'string', default: '15' },
    saturate: { type: 'string', default: '2000' },
    'saturate-seconds': { type: 'string', default: '15' },
    'open-loop-seconds': { type: 'string', default: '20' },
    /** Partitions per topic of the skeleton: sized to the load (a consumer's concurrency), not the platform's maximum. */
    partitions: { type: 'string', default: '3' },
    /** The platform's KAFKA_PARTITIONS_CONCURRENCY default (libs/platform/runtime service-config). */
    concurrency: { type: 'string', default: '8' },
    'fetch-max-wait': { type: 'string' },
    'skeleton-only': { type: 'boolean', default: false },
    'platform-only': { type: 'boolean', default: false },
    /** The rates only: no saturation and open-loop search for the sustained rate. */
    'no-sustained': { type: 'boolean', default: false },
    /** Extra environment for every platform service, repeatable: `--env KAFKA_FETCH_MAX_WAIT_MS=10`. */
    env: { type: 'string', multiple: true, default: [] },
    /** Node flags of every service (default: the images' NODE_OPTIONS); `--node-flags=` for none. */
    'node-flags': { type: 'string', default: IMAGE_NODE_FLAGS },
    /** Processes of each consumer service of the platform (card-session, qualification-lookup, voucher-matching, audit). */
    instances: { type: 'string', default: '1' },
    /** A/B settings variants, repeatable (`--ab default --ab KAFKA_FETCH_MAX_WAIT_MS=100`): alternated in one run. */
    ab: { type: 'string', multiple: true, default: [] },
    'ab-rounds': { type: 'string', default: '2' },
    /** CPU-profile the load driver (this process) during each measured platform run; summaries printed, profiles kept in the temporary folder. */
    'driver-prof': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  });
  if (args.help) {
    log(
      'npm run bench:skeleton -- [--rates 10,30,100] [--seconds 15] [--partitions 3] [--concurrency 8] [--fetch-max-wait MS]\n' +
        '  [--skeleton-only | --platform-only] [--no-sustained] [--env K=V …] [--node-flags="…" (default: the images\' flags)]\n' +
        '  [--instances N] [--ab VARIANT --ab VARIANT … [--ab-rounds 2]]  (VARIANT: default | K=V,K=V) [--driver-prof]\n' +
        'Prints CPU per verification per process, database commands per verification per service (hcv_mongodb_commands_total\n' +
        'from /metrics), RSS per service, pipeline p50/p95/p99 per rate and the sustained rate; skeleton and platform side by side.',
    );
    return;
  }
  const rates = String(args.rates).split(',').map(Number);
  const seconds = Number(args.seconds);
  const instances = Number(args.instances);
  const nodeArgs = nodeFlagsArg(args['node-flags']);
  const baseEnv = { SIMULATOR_LATENCY_MS: '0', ...envArgs(args.env) };
  const driverProfileDir = args['driver-prof'] ? join(tmpdir(), `hcv-bench-driver-prof-${process.pid}`) : undefined;
  log(`services' node flags: ${args['node-flags'] || '(none)'}; ${instances} instance(s) of each consumer service`);

  if (args.ab.length) {
    await abRun({
      variants: args.ab.map(parseVariant),
      rounds: Number(args['ab-rounds']),
      rates,
      seconds,
      partitions: Number(args.partitions),
      concurrency: Number(args.concurrency),
      platformOnly: args['platform-only'],
      skeletonOnly: args['skeleton-only'],
      baseEnv,
      nodeArgs,
      instances,
      driverProfileDir,
    });
    return;
  }

  // --- the skeleton, on its own broker ---
  const skeletonRuns: SkeletonRun[] = [];
  let skeletonSearch: SustainedSearch<SkeletonRun> | undefined;
  if (!args['platform-only']) {
    const infra = await startInfra();
    const skeleton = new Skeleton(infra, Number(args.concurrency), args['fetch-max-wait']);
    try {
      await skeleton.start(Number(args.partitions));
      log(`skeleton up: 4 processes, ${SKELETON_ALL_TOPICS.length} topics × ${args.partitions} partitions; load average ${loadAverage()}`);
      const warmUp = await skeleton.run(20, 5, 2_000);
      log(`skeleton warm-up: ${warmUp.completed} verifications (not measured)`);
      for (const rate of rates) {
        const r = await skeleton.run(rate, seconds, 2_000);
        log(formatSkeletonRun(r));
        skeletonRuns.push(r);
      }
      if (!args['no-sustained']) {
        skeletonSearch = await searchSustainedRate({
          label: 'skeleton',
          saturateRate: Number(args.saturate),
          saturate: (rate) => skeleton.run(rate, Number(args['saturate-seconds']), 400),
          openLoop: (rate) => skeleton.run(rate, Number(args['open-loop-seconds']), 2_000),
          throughput: (r) => r.throughputInWindow,
          counts: (r) => ({ sent: r.sent, completed: r.completed, shed: r.shed, errors: 0, p99: r.pipeline.p99 }),
        });
        for (const r of [skeletonSearch.saturation, ...skeletonSearch.runs]) log(formatSkeletonRun(r));
        log(`skeleton sustained: ${skeletonSearch.sustainedRate.toFixed(1)}/s`);
      }
    } finally {
      await skeleton.stop();
      await infra.stop();
    }
  }

  // --- the platform, on a fresh broker and database, measured the same way ---
  let platform: Awaited<ReturnType<typeof measurePlatform>> | undefined;
  if (!args['skeleton-only']) {
    const openLoopSeconds = Number(args['open-loop-seconds']);
    const bench = await startBench({
      shape: { facilities: 20, buses: 10, devicesPerSite: 15, visits: 20_000 },
      env: baseEnv,
      nodeArgs,
      instances,
      driverProfileDir,
    });
    try {
      platform = await measurePlatform(bench, {
        rates,
        seconds,
        saturateRate: Number(args.saturate),
        saturateSeconds: Number(args['saturate-seconds']),
        openLoopSeconds,
        sustained: !args['no-sustained'],
      });
    } finally {
      await bench.stop();
    }
  }

  // --- side by side ---
  log('\n| figure | skeleton | platform | platform ÷ skeleton |\n|---|---|---|---|');
  for (const rate of rates) {
    const s = skeletonRuns.find((r) => r.rate === rate);
    const p: PlatformRateFigures | undefined = platform?.rates.find((r) => r.rate === rate);
    log(
      `| CPU per verification at ${rate}/s, all processes and the broker (platform: database excluded; with it) | ${s ? `${ms(s.cpuMillisAll)} ms` : '—'} | ` +
        `${p ? `${ms(p.cpuMillisNoDatabase)} ms (${ms(p.cpuMillisAll)} ms)` : '—'} | ${p && s ? ratio(p.cpuMillisNoDatabase, s.cpuMillisAll) : '—'} |`,
    );
    if (p)
      log(
        `| database commands per verification at ${rate}/s | — | ${p.commandsTotal === undefined ? 'not exposed' : p.commandsTotal.toFixed(2)} | — |`,
      );
    for (const q of ['p50', 'p95', 'p99'] as const) {
      log(
        `| pipeline ${q} at ${rate}/s | ${s ? `${ms(s.pipeline[q])} ms` : '—'} | ${p ? `${ms(p.pipeline[q])} ms` : '—'} | ${p && s ? ratio(p.pipeline[q], s.pipeline[q]) : '—'} |`,
      );
    }
  }
  const sustainedSkeleton = skeletonSearch?.sustainedRate;
  const sustainedPlatform = platform?.search?.sustainedRate;
  log(
    `| sustained rate | ${sustainedSkeleton !== undefined ? `${sustainedSkeleton.toFixed(1)}/s` : '—'} | ${sustainedPlatform !== undefined ? `${sustainedPlatform.toFixed(1)}/s` : '—'} | ` +
      `${sustainedPlatform !== undefined && sustainedSkeleton ? (sustainedPlatform / sustainedSkeleton).toFixed(3) : '—'} |`,
  );
  const at30 = platform?.rates.find((r) => r.rate === 30);
  if (at30)
    log(
      `| RSS per service at 30/s (MB) | — | ${Object.entries(at30.memoryMb)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')} | — |`,
    );
  if (platform)
    for (const r of platform.rates) {
      log(
        `  platform ${r.rate}/s CPU per verification: ${Object.entries(r.cpu)
          .map(([k, v]) => `${k} ${ms(v.millisPerVerification)}`)
          .join(', ')}`,
      );
      log(`  platform ${r.rate}/s ${formatCommandShare(r.commands).trim()}`);
      log(`  platform ${r.rate}/s ${formatMemory(r.memoryMb).trim()}`);
    }
  for (const r of skeletonRuns)
    log(
      `  skeleton ${r.rate}/s CPU per verification: ${Object.entries(r.cpu)
        .map(([k, v]) => `${k} ${ms(v)}`)
        .join(', ')}`,
    );
  recordResult('skeleton', {
    settings: {
      partitions: Number(args.partitions),
      concurrency: Number(args.concurrency),
      fetchMaxWait: args['fetch-max-wait'] ?? null,
      seconds,
      instances,
      nodeFlags: args['node-flags'],
      env: baseEnv,
    },
    skeleton: {
      rates: skeletonRuns,
      saturation: skeletonSearch?.saturation ?? null,
      openLoop: skeletonSearch?.runs ?? null,
      sustainedRate: skeletonSearch?.sustainedRate ?? null,
    },
    platform: platform
      ? {
          rates: platform.rates,
          saturation: platform.search?.saturation ?? null,
          openLoop: platform.search?.runs ?? null,
          sustainedRate: platform.search?.sustainedRate ?? null,
        }
      : null,
  });
});
