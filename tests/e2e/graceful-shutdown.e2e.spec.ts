import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { ALL_EVENT_CONTRACTS, DeviceOfflineV1 } from '@hcv/contracts';
import { connectMongo } from '@hcv/persistence';
import { KafkaMessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { startServiceProcess, temporaryFolder, waitFor, type ServiceProcess } from '@hcv/testing';

/**
 * Graceful shutdown of a real service process over the real broker: the
 * probes reflect broker and database; SIGTERM mid-stream exits 0 after the in-flight messages were
 * handled AND their offsets committed (committed = handled, nothing handled twice after a restart),
 * and the restarted process finishes the rest.
 */
jest.setTimeout(240_000);

describe('graceful shutdown and health probes (audit service as a separate process)', () => {
  const run = randomUUID().slice(0, 8);
  const workDir = temporaryFolder('drain');
  const databasePrefix = `e2e_drain_${run}`;
  const logger = createLogger({ service: 'test', level: 'error' });
  let service: ServiceProcess | undefined;
  let bus: KafkaMessageBus;
  const topic = DeviceOfflineV1.topic;
  /** What the shared group 'audit.record' has committed on the topic (earlier tests' audit processes use it too). */
  const committedOffsets = async () => {
    const admin = new Kafka({ brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const [group] = await admin.fetchOffsets({ groupId: 'audit.record', topics: [topic] });
      return group!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  };
  let baseline = 0;

  beforeAll(async () => {
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'drain-producer',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
    });
    await bus.start();
    baseline = await committedOffsets();
  });
  afterAll(async () => {
    await service?.stop();
    await bus?.stop();
  });

  it('answers liveness and readiness with the broker and database checks', async () => {
    service = await startServiceProcess({ service: 'audit', workDir, databasePrefix });
    const live = await fetch(`${service.url}/health/live`);
    expect(live.status).toBe(200);
    const ready = await fetch(`${service.url}/health/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; details: Record<string, { status: string }> };
    expect(body.status).toBe('ok');
    expect(Object.keys(body.details).sort()).toEqual(['accepting', 'broker', 'database']);
  });

  it('drains on SIGTERM: exits 0 with every handled message committed, and a restart completes the stream exactly once', async () => {
    // 600 events before the stop, 200 more while the service is down: the restart always has work,
    // however much of the first wave the drain handled (audit starts a fetched batch together).
    const beforeStop = 600;
    const total = 800;
    const marker = `drain-${run}`;
    const publisher = bus.publisher('device-registry');
    const now = new Date().toISOString();
    const publishRange = (from: number, to: number) =>
      Promise.all(
        Array.from({ length: to - from }, (_, k) =>
          publisher.publish(
            DeviceOfflineV1,
            { deviceId: `${marker}-${from + k}`, siteId: marker, lastSeenAt: now, detectedAt: now, thresholdSeconds: 90 },
            { correlationId: randomUUID(), subject: `${marker}-${from + k}` },
          ),
        ),
      );
    await publishRange(0, beforeStop);
    const connection = await connectMongo({ url: process.env.MONGO_URL!, dbName: `${databasePrefix}_audit` });
    const recorded = () => connection.collection('audit_events').countDocuments({ 'data.siteId': marker });
    // Everything this process recorded from the topic (earlier tests' events too, if the group was new).
    const recordedFromTopic = () => connection.collection('audit_events').countDocuments({ topic });
    try {
      await waitFor(async () => (await recorded()) >= 20, 60_000, 'the first events to be recorded');
      const child = service!.child;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      const handledBeforeStop = await recorded();
      const committed = (await committedOffsets()) - baseline;
      // Every handled message is committed, and nothing was committed without being handled.
      console.log(
        `drain: ${handledBeforeStop}/${beforeStop} of this test's events handled at SIGTERM; ${committed} offsets committed for ${await recordedFromTopic()} recorded`,
      );
      expect(committed).toBe(await recordedFromTopic());
      expect(handledBeforeStop).toBeLessThanOrEqual(beforeStop);
      await publishRange(beforeStop, total);

      service = await startServiceProcess({ service: 'audit', workDir, databasePrefix });
      await waitFor(async () => (await recorded()) >= total, 120_000, 'the rest of the stream after the restart');
      expect(await recorded()).toBe(total);
      const ids = await connection.collection('audit_events').distinct('_id', { 'data.siteId': marker });
      expect(ids).toHaveLength(total);
    } finally {
      await connection.close();
    }
  });
});
