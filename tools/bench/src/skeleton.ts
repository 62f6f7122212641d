import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { summarise, type LatencySummary } from '@hcv/federation-driver';
import { cpuSeconds, startInfra, type Infra } from './bench-platform';
import { cliArgs, loadAverage, log, recordResult, runMain, startBench } from './bench-run';
import { measurePlatform, searchSustainedRate, type PlatformRateFigures, type SustainedSearch } from './skeleton-platform';
import {
  nowMillis,
  SKELETON_ALL_TOPICS,
  SKELETON_ROLES,
  type SkeletonCommand,
  type SkeletonReply,
  type SkeletonRole,
} from './skeleton-flow';

/**
 * `npm run bench:skeleton [-- --rates 10,30,100 --seconds 15 --partitions 3 --skeleton-only]`
 *
 * The messaging skeleton — card-session, qualification-lookup, voucher-matching and audit as four
 * Node processes on the platform's Kafka client settings, the flow's seven ~1 KB events keyed by
 * session, four hops in a row, audit reading all seven, no validation, logic or database — on its
 * own fresh broker (tools/infra), then the platform on another fresh broker and database, both
 * measured the same way in the same run: CPU per verification of each process and the broker
 * (/proc/<pid>/stat), pipeline p50/p95/p99 (eligibility.requested → session.completed, as stamped
 * by their producers) at each rate, and the sustained rate (saturation, then open loop at 90 %
 * stepping down until nothing is shed and every verification completes). Prints the platform's
 * figures beside the skeleton's as ratios; written to .cache/bench/skeleton.json.
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
  ) {}

  async start(partitions: number): Promise<void> {
    const kafka = new Kafka({ clientId: 'skeleton-admin', brokers: this.infra.brokers.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: SKELETON_ALL_TOPICS.map((topic) => ({ topic, numPartitions: partitions })), waitForLeaders: true });
    await admin.disconnect();
    const ready = SKELETON_ROLES.map((role) => this.next(role, 'ready', 120_000));
    for (const role of SKELETON_ROLES) {
      const child = fork(
        join(__dirname, 'skeleton-service.js'),
        [role, this.infra.brokers, String(this.concurrency), ...(this.fetchMaxWait ? [this.fetchMaxWait] : [])],
        { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
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
    /** Extra environment for every platform service, repeatable: `--env KAFKA_FETCH_MAX_WAIT_MS=10`. */
    env: { type: 'string', multiple: true, default: [] },
  });
  const rates = String(args.rates).split(',').map(Number);
  const seconds = Number(args.seconds);

  // --- the skeleton, on its own broker ---
  const infra = await startInfra();
  const skeleton = new Skeleton(infra, Number(args.concurrency), args['fetch-max-wait']);
  const skeletonRuns: SkeletonRun[] = [];
  let skeletonSearch: SustainedSearch<SkeletonRun>;
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
  } finally {
    await skeleton.stop();
    await infra.stop();
  }

  // --- the platform, on a fresh broker and database, measured the same way ---
  let platform: Awaited<ReturnType<typeof measurePlatform>> | undefined;
  if (!args['skeleton-only']) {
    const openLoopSeconds = Number(args['open-loop-seconds']);
    const bench = await startBench({
      shape: { facilities: 20, buses: 10, devicesPerSite: 15, visits: 20_000 },
      env: {
        SIMULATOR_LATENCY_MS: '0',
        ...Object.fromEntries(args.env.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])),
      },
    });
    try {
      platform = await measurePlatform(bench, {
        rates,
        seconds,
        saturateRate: Number(args.saturate),
        saturateSeconds: Number(args['saturate-seconds']),
        openLoopSeconds,
      });
    } finally {
      await bench.stop();
    }
  }

  // --- side by side ---
  log('\n| figure | skeleton | platform | platform ÷ skeleton |\n|---|---|---|---|');
  for (const s of skeletonRuns) {
    const p: PlatformRateFigures | undefined = platform?.rates.find((r) => r.rate === s.rate);
    log(
      `| CPU per verification at ${s.rate}/s, all processes and the broker (platform: database excluded; with it) | ${ms(s.cpuMillisAll)} ms | ` +
        `${p ? `${ms(p.cpuMillisNoDatabase)} ms (${ms(p.cpuMillisAll)} ms)` : '—'} | ${p ? ratio(p.cpuMillisNoDatabase, s.cpuMillisAll) : '—'} |`,
    );
    for (const q of ['p50', 'p95', 'p99'] as const) {
      log(
        `| pipeline ${q} at ${s.rate}/s | ${ms(s.pipeline[q])} ms | ${p ? `${ms(p.pipeline[q])} ms` : '—'} | ${p ? ratio(p.pipeline[q], s.pipeline[q]) : '—'} |`,
      );
    }
  }
  const sustainedPlatform = platform?.search.sustainedRate;
  log(
    `| sustained rate | ${skeletonSearch.sustainedRate.toFixed(1)}/s | ${sustainedPlatform !== undefined ? `${sustainedPlatform.toFixed(1)}/s` : '—'} | ` +
      `${sustainedPlatform !== undefined && skeletonSearch.sustainedRate > 0 ? (sustainedPlatform / skeletonSearch.sustainedRate).toFixed(3) : '—'} |`,
  );
  const at30 = platform?.rates.find((r) => r.rate === 30);
  if (at30)
    log(
      `| RSS per service at 30/s (MB) | — | ${Object.entries(at30.memoryMb)
        .map(([k, v]) => `${k} ${v.toFixed(0)}`)
        .join(', ')} | — |`,
    );
  if (platform)
    for (const r of platform.rates)
      log(
        `  platform ${r.rate}/s CPU per verification: ${Object.entries(r.cpu)
          .map(([k, v]) => `${k} ${ms(v.millisPerVerification)}`)
          .join(', ')}`,
      );
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
    },
    skeleton: {
      rates: skeletonRuns,
      saturation: skeletonSearch.saturation,
      openLoop: skeletonSearch.runs,
      sustainedRate: skeletonSearch.sustainedRate,
    },
    platform: platform
      ? {
          rates: platform.rates,
          saturation: platform.search.saturation,
          openLoop: platform.search.runs,
          sustainedRate: platform.search.sustainedRate,
        }
      : null,
  });
});
