import { Kafka, logLevel } from 'kafkajs';
import { benchKafkaClient } from './bench-kafka';
import { ALL_EVENT_CONTRACTS } from '@hcv/contracts';
import type { ServiceName } from '@hcv/contracts';
import { IMAGE_NODE_FLAGS } from './bench-platform';
import { cliArgs, envArgs, loadAverage, log, nodeFlagsArg, recordResult, runMain, startBench } from './bench-run';

const CONSUMERS: ServiceName[] = ['qualification-lookup', 'voucher-matching', 'audit'];

/** Messages the audit's recording group has not yet committed, over every topic it reads. */
async function auditLag(kafka: Kafka): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = ALL_EVENT_CONTRACTS.map((c) => c.topic);
    const committed = await admin.fetchOffsets({ groupId: 'audit.record', topics });
    let lag = 0;
    for (const { topic, partitions } of committed) {
      const ends = await admin.fetchTopicOffsets(topic);
      for (const p of partitions) {
        const end = Number(ends.find((e) => e.partition === p.partition)?.offset ?? 0);
        lag += end - Math.max(0, Number(p.offset));
      }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

/** A settings variant of the drained services: `default` or `K=V,K=V`. */
function variantOf(text: string): { label: string; env: Record<string, string> } {
  return { label: text, env: text === 'default' ? {} : envArgs(text.split(',').filter(Boolean)) };
}

/**
 * (e) Backlog drain: qualification-lookup, voucher-matching and audit are stopped; checkup buses
 * come back online and send the sessions they captured offline (POST /sessions/captured) until
 * `--count` verifications are queued on the broker; the three are restarted and the time until
 * every session is completed (and until audit has caught up) is measured, with the three's peak
 * RSS meanwhile (sampled each second). `--ab A --ab B` (variants `default` or `K=V,K=V`, e.g.
 * `AUDIT_FETCH_MAX_BYTES_PER_PARTITION=1048576`): one drain per variant in turn on the same broker,
 * database and federation, the three restarted with the variant's settings (`--count` each; a
 * variant given twice drains twice). The services run with the images' Node flags (heap caps)
 * unless `--node-flags` says otherwise.
 */
runMain(async () => {
  const args = cliArgs({
    count: { type: 'string', default: '60000' },
    concurrency: { type: 'string', default: '48' },
    ab: { type: 'string', multiple: true, default: [] },
    /** Node flags of every service (default: the images' NODE_OPTIONS, their heap caps); `--node-flags=` for none. */
    'node-flags': { type: 'string', default: IMAGE_NODE_FLAGS },
  });
  const count = Number(args.count);
  const variants = (args.ab.length ? args.ab : ['default']).map(variantOf);
  // The test database keeps everything in its heap; 20,000 verifications (with audit's records)
  // filled 1 GB. About 1 GB per 10,000, plus room to spare, unless the caller chose.
  process.env.HCV_INFRA_MONGO_HEAP ??= `${Math.ceil((count * variants.length) / 10_000) + 1}g`;
  const bench = await startBench({
    // Room for the visits whose card names nobody of the population (they stay card reads).
    shape: { facilities: 2, buses: 18, devicesPerSite: 10, visits: Math.ceil(count * variants.length * 1.5) },
    env: { SIMULATOR_LATENCY_MS: '0' },
    nodeArgs: nodeFlagsArg(args['node-flags']),
    // Every visit a captured bus session where it can be (the 資格確認書 transcribed offline: a card
    // cannot be read offline): no live device slot is held while the consumers are down.
    mix: { alternative: 0, captured: 1 },
  });
  const visits = bench.plan.visits.filter((v) => v.method === 'captured');
  if (visits.length < count * variants.length)
    throw new Error(`the plan has ${visits.length} captured visits, fewer than ${count * variants.length}`);
  const kafka = new Kafka({ clientId: 'bench-backlog', ...benchKafkaClient(bench.infra.brokers), logLevel: logLevel.NOTHING });
  // The device API lives in card-session, which stays up; the client is made while all five run.
  const client = bench.platform.client();
  const results: Record<string, unknown>[] = [];
  try {
    for (const [round, variant] of variants.entries()) {
      const ports = new Map(CONSUMERS.map((s) => [s, bench.platform.running.find((r) => r.service === s)!.port]));
      await Promise.all(CONSUMERS.map((s) => bench.platform.running.find((r) => r.service === s)!.stop()));
      bench.timeline.reset();
      log(
        `(e) [${variant.label}] stopped ${CONSUMERS.join(', ')}; queueing ${count} captured verifications; load average ${loadAverage()}`,
      );
      const queueing = performance.now();
      let next = round * count;
      const end = next + count;
      let failed = 0;
      const sender = async () => {
        while (next < end) {
          const i = next++;
          const v = visits[i]!;
          await client
            .submitCaptured({
              idempotencyKey: `backlog-${i}`,
              deviceId: v.deviceId,
              purpose: v.purpose,
              checkupDate: bench.checkupDate,
              capturedAt: new Date(Date.now() - 3_600_000).toISOString(),
              alternative: v.alternative!,
              voucher: v.voucher,
            })
            .catch((error: Error) => {
              if (failed++ === 0) log(`  first refusal: ${error.message.slice(0, 300)}`);
            });
          if (i % 5_000 === 0) log(`  queued ${i - round * count} (${((performance.now() - queueing) / 1000).toFixed(0)} s)`);
        }
      };
      await Promise.all(Array.from({ length: Number(args.concurrency) }, sender));
      const queued = count - failed;
      log(
        `  queued ${queued} in ${((performance.now() - queueing) / 1000).toFixed(1)} s (${failed} refused); completed so far ${bench.timeline.completed}`,
      );
      const loadBefore = loadAverage();
      const restart = performance.now();
      await Promise.all(CONSUMERS.map((s) => bench.platform.start(s, '1', { port: ports.get(s), env: variant.env })));
      const upSeconds = (performance.now() - restart) / 1000;
      log(`  consumers restarted in ${upSeconds.toFixed(1)} s`);
      const peakMb: Record<string, number> = {};
      const samplePeaks = () => {
        for (const [label, mb] of Object.entries(bench.platform.memory()))
          if (Number.isFinite(mb)) peakMb[label] = Math.max(peakMb[label] ?? 0, mb);
      };
      let drainSeconds: number | undefined;
      let auditSeconds: number | undefined;
      const deadline = restart + 15 * 60_000;
      while (performance.now() < deadline && auditSeconds === undefined) {
        await new Promise((r) => setTimeout(r, 1_000));
        samplePeaks();
        const elapsed = (performance.now() - restart) / 1000;
        if (drainSeconds === undefined && bench.timeline.completed >= queued) drainSeconds = elapsed;
        const lag = drainSeconds === undefined ? undefined : await auditLag(kafka);
        if (lag === 0) auditSeconds = elapsed;
        if (Math.round(elapsed) % 5 === 0)
          log(
            `  [${elapsed.toFixed(0)} s] completed ${bench.timeline.completed}/${queued}${lag !== undefined ? `, audit lag ${lag}` : ''}; load average ${loadAverage()}`,
          );
      }
      log(
        `(e) [${variant.label}] drained ${queued} verifications in ${drainSeconds?.toFixed(1) ?? '>900'} s after the restart ` +
          `(${drainSeconds ? (queued / drainSeconds).toFixed(1) : '—'}/s; audit caught up at ${auditSeconds?.toFixed(1) ?? '>900'} s, ` +
          `${auditSeconds ? (queued / auditSeconds).toFixed(1) : '—'}/s); peak RSS (MB) ${Object.entries(peakMb)
            .map(([k, v]) => `${k} ${v.toFixed(0)}`)
            .join(', ')}; load average ${loadAverage()}`,
      );
      results.push({
        variant: variant.label,
        queued,
        refused: failed,
        restartSeconds: upSeconds,
        drainSeconds,
        auditCaughtUpSeconds: auditSeconds,
        loadAverageBefore: loadBefore,
        loadAverageAfter: loadAverage(),
        peakMemoryMb: peakMb,
        memoryMb: bench.platform.memory(),
      });
    }
    recordResult('backlog', results.length === 1 ? results[0]! : { variants: results });
  } finally {
    await bench.stop();
  }
});
