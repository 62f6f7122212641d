import { Kafka, logLevel } from 'kafkajs';
import { benchKafkaClient } from './bench-kafka';
import { ALL_EVENT_CONTRACTS } from '@hcv/contracts';
import type { ServiceName } from '@hcv/contracts';
import { cliArgs, loadAverage, log, recordResult, runMain, startBench } from './bench-run';

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

/**
 * (e) Backlog drain: qualification-lookup, voucher-matching and audit are stopped; checkup buses
 * come back online and send the sessions they captured offline (POST /sessions/captured) until
 * `--count` verifications are queued on the broker; the three are restarted and the time until
 * every session is completed (and until audit has caught up) is measured.
 */
runMain(async () => {
  const args = cliArgs({ count: { type: 'string', default: '60000' }, concurrency: { type: 'string', default: '48' } });
  const count = Number(args.count);
  // The test database keeps everything in its heap; 20,000 verifications (with audit's records)
  // filled 1 GB. About 1 GB per 10,000, plus room to spare, unless the caller chose.
  process.env.HCV_INFRA_MONGO_HEAP ??= `${Math.ceil(count / 10_000) + 1}g`;
  const bench = await startBench({
    shape: { facilities: 2, buses: 18, devicesPerSite: 10, visits: count },
    env: { SIMULATOR_LATENCY_MS: '0' },
  });
  // Every visit is a captured bus session: no live device slot is held while the consumers are down.
  const visits = bench.plan.visits.map((v, i) => ({ ...v, deviceId: bench.plan.busDevices[i % bench.plan.busDevices.length]! }));
  const kafka = new Kafka({ clientId: 'bench-backlog', ...benchKafkaClient(bench.infra.brokers), logLevel: logLevel.NOTHING });
  // The device API lives in card-session, which stays up; the client is made while all five run.
  const client = bench.platform.client();
  try {
    await Promise.all(CONSUMERS.map((s) => bench.platform.running.find((r) => r.service === s)!.stop()));
    log(`(e) stopped ${CONSUMERS.join(', ')}; queueing ${count} captured verifications; load average ${loadAverage()}`);
    const queueing = performance.now();
    let next = 0;
    let failed = 0;
    const sender = async () => {
      while (next < visits.length) {
        const i = next++;
        const v = visits[i]!;
        await client
          .submitCaptured({
            idempotencyKey: `backlog-${i}`,
            deviceId: v.deviceId,
            purpose: v.purpose,
            checkupDate: bench.checkupDate,
            capturedAt: new Date(Date.now() - 3_600_000).toISOString(),
            card: {
              identityCheck: v.identityCheck,
              cardReference: v.cardReference,
              ...(v.identityCheck === 'pin' ? { pinVerified: true } : {}),
            },
            voucher: v.voucher,
          })
          .catch((error: Error) => {
            if (failed++ === 0) log(`  first refusal: ${error.message.slice(0, 300)}`);
          });
        if (i % 5_000 === 0) log(`  queued ${i} (${((performance.now() - queueing) / 1000).toFixed(0)} s)`);
      }
    };
    await Promise.all(Array.from({ length: Number(args.concurrency) }, sender));
    const queued = count - failed;
    log(
      `  queued ${queued} in ${((performance.now() - queueing) / 1000).toFixed(1)} s (${failed} refused); completed so far ${bench.timeline.completed}`,
    );
    const loadBefore = loadAverage();
    const restart = performance.now();
    await Promise.all(CONSUMERS.map((s) => bench.platform.start(s)));
    const upSeconds = (performance.now() - restart) / 1000;
    log(`  consumers restarted in ${upSeconds.toFixed(1)} s`);
    let drainSeconds: number | undefined;
    let auditSeconds: number | undefined;
    const deadline = restart + 15 * 60_000;
    while (performance.now() < deadline && auditSeconds === undefined) {
      await new Promise((r) => setTimeout(r, 1_000));
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
      `(e) drained ${queued} verifications in ${drainSeconds?.toFixed(1) ?? '>900'} s after the restart (audit caught up at ${auditSeconds?.toFixed(1) ?? '>900'} s)`,
    );
    recordResult('backlog', {
      queued,
      refused: failed,
      restartSeconds: upSeconds,
      drainSeconds,
      auditCaughtUpSeconds: auditSeconds,
      loadAverageBefore: loadBefore,
      memoryMb: bench.platform.memory(),
    });
  } finally {
    await bench.stop();
  }
});
