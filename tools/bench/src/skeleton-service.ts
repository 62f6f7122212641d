import { randomUUID } from 'node:crypto';
import { Kafka, type KafkaMessage } from 'kafkajs';
import type { EventEnvelope } from '@hcv/contracts';
import {
  consumerConfig,
  DEFAULT_COMMIT_INTERVAL_MILLIS,
  DEFAULT_PRODUCER_BATCHING,
  kafkaClientConfig,
  OffsetCommitter,
  PRODUCER_CONFIG,
  ProducerBatcher,
  type ConsumerFetchSettings,
} from '@hcv/messaging';
import {
  nowMillis,
  SKELETON_EVENT_BYTES,
  SKELETON_HOPS,
  SKELETON_TOPICS,
  type SkeletonCommand,
  type SkeletonReply,
  type SkeletonRole,
} from './skeleton-flow';

/**
 * One process of the messaging skeleton (`npm run bench:skeleton` forks four): the platform's Kafka
 * client settings (libs/messaging's builders: idempotent producer, acks=all, concurrent publishes
 * batched, batch consumers, offsets committed on a timer), ~1 KB JSON events, and nothing else — no
 * validation, no logic, no database. card-session also plays the devices: it starts verifications
 * at the rate the bench asks (open loop, Poisson arrivals), publishing the session's first four
 * events, and closes each one on its verification.outcome. audit reads all seven and reports, per
 * session.completed, the pipeline's time (eligibility.requested → session.completed, both as
 * their producers stamped them — the platform's pipeline figure).
 *
 * argv: <role> <brokers> <partitionsConsumedConcurrently> [fetchMaxWaitMs]; the services' variables
 * KAFKA_PARTITIONS_CONCURRENCY, KAFKA_FETCH_MAX_WAIT_MS and KAFKA_FETCH_MIN_BYTES, when set, win.
 */

/** The platform's envelope (libs/contracts), with the skeleton's own data and no validation. */
type SkeletonEvent = EventEnvelope<{ sessionId: string; requestedAt: number; completedAt?: number; padding?: string }>;

const role = process.argv[2] as SkeletonRole;
const brokers = (process.argv[3] ?? '').split(',');
// The services' variables win over the arguments (an A/B run of settings gives both the same env).
const concurrency = Number(process.env.KAFKA_PARTITIONS_CONCURRENCY ?? process.argv[4] ?? 8);
const fetchMaxWait = process.env.KAFKA_FETCH_MAX_WAIT_MS
  ? Number(process.env.KAFKA_FETCH_MAX_WAIT_MS)
  : process.argv[5]
    ? Number(process.argv[5])
    : undefined;
const fetchMinBytes = process.env.KAFKA_FETCH_MIN_BYTES ? Number(process.env.KAFKA_FETCH_MIN_BYTES) : undefined;

const kafka = new Kafka(kafkaClientConfig({ clientId: `skeleton-${role}`, brokers }));
const producer = kafka.producer(PRODUCER_CONFIG);
const batcher = new ProducerBatcher(
  (batch) => producer.sendBatch({ acks: -1, topicMessages: batch }).then(() => undefined),
  DEFAULT_PRODUCER_BATCHING,
);

const send = (message: SkeletonReply) => process.send?.(message);

/** Builds a ~1 KB event as the platform's envelope looks, with the headers the platform sends. */
function publish(topic: string, sessionId: string, requestedAt: number, causationId?: string, completedAt?: number): Promise<void> {
  const now = new Date();
  const event: SkeletonEvent = {
    id: randomUUID(),
    type: topic.slice(0, topic.lastIndexOf('.')),
    version: Number(topic.slice(topic.lastIndexOf('.v') + 2)),
    time: now.toISOString(),
    source: role,
    subject: sessionId,
    correlationId: sessionId,
    ...(causationId ? { causationId } : {}),
    data: { sessionId, requestedAt, ...(completedAt !== undefined ? { completedAt } : {}) },
  };
  const bare = JSON.stringify(event).length;
  event.data.padding = 'x'.repeat(Math.max(0, SKELETON_EVENT_BYTES - bare - 14));
  return batcher.send(topic, {
    key: sessionId,
    value: JSON.stringify(event),
    headers: {
      ce_specversion: '1.0',
      ce_id: event.id,
      ce_type: event.type,
      ce_source: event.source,
      ce_time: event.time,
      ce_subject: event.subject,
      'event-version': String(event.version),
      'correlation-id': event.correlationId,
      'content-type': 'application/json',
      traceparent: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-01`,
      'hcv-origin-time': event.time,
    },
  });
}

// card-session: sessions started and not yet closed by their outcome.
const open = new Set<string>();
// audit: (completed at, pipeline ms) per session.completed since the last collect.
let completions: [number, number][] = [];

async function handle(topic: string, message: KafkaMessage): Promise<void> {
  const event = JSON.parse(message.value?.toString('utf8') ?? '{}') as SkeletonEvent;
  const { sessionId, requestedAt } = event.data;
  switch (role) {
    case 'qualification-lookup':
    case 'voucher-matching':
      return publish(SKELETON_HOPS[role].publishes!, sessionId, requestedAt, event.id);
    case 'card-session':
      await publish(SKELETON_TOPICS.completed, sessionId, requestedAt, event.id, nowMillis());
      open.delete(sessionId);
      return;
    case 'audit':
      if (topic === SKELETON_TOPICS.completed) completions.push([nowMillis(), event.data.completedAt! - requestedAt]);
      return;
  }
}

/** Messages of one batch: one lane per key (the platform's key order), all lanes at once. */
async function handleBatch(topic: string, messages: KafkaMessage[]): Promise<void> {
  const lanes = new Map<string, KafkaMessage[]>();
  for (const m of messages) {
    const key = m.key?.toString('utf8') ?? '';
    const lane = lanes.get(key);
    if (lane) lane.push(m);
    else lanes.set(key, [m]);
  }
  await Promise.all(
    [...lanes.values()].map(async (lane) => {
      for (const m of lane) await handle(topic, m);
    }),
  );
}

/** A Poisson process from a seeded generator, ticking every 2 ms; arrivals beyond the cap are shed. */
async function drive(command: Extract<SkeletonCommand, { cmd: 'load' }>): Promise<void> {
  let state = command.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  const start = nowMillis();
  const end = start + command.seconds * 1000;
  let next = start;
  let offered = 0;
  let sent = 0;
  let shed = 0;
  const verification = async (): Promise<void> => {
    const sessionId = randomUUID();
    open.add(sessionId);
    // A device's three requests, each stored and published in turn; the voucher's request also
    // asks for eligibility (one outbox write, two events).
    await publish(SKELETON_TOPICS.opened, sessionId, 0);
    await publish(SKELETON_TOPICS.cardRead, sessionId, 0);
    const requestedAt = nowMillis();
    await Promise.all([
      publish(SKELETON_TOPICS.voucherPresented, sessionId, 0),
      publish(SKELETON_TOPICS.requested, sessionId, requestedAt),
    ]);
  };
  while (next < end) {
    const now = nowMillis();
    while (next <= now && next < end) {
      offered++;
      if (open.size >= command.maxInFlight) shed++;
      else {
        sent++;
        void verification();
      }
      next += (-Math.log(1 - random()) * 1000) / command.rate;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  send({ type: 'loaded', offered, sent, shed });
}

async function main(): Promise<void> {
  const hop = SKELETON_HOPS[role];
  await producer.connect();
  const fetch: ConsumerFetchSettings = {
    ...(fetchMaxWait !== undefined ? { maxWaitTimeInMs: fetchMaxWait } : {}),
    ...(fetchMinBytes !== undefined ? { minBytes: fetchMinBytes } : {}),
  };
  const consumer = kafka.consumer(consumerConfig(`skeleton.${role}`, { fetch }));
  const committer = new OffsetCommitter((offsets) => consumer.commitOffsets(offsets), DEFAULT_COMMIT_INTERVAL_MILLIS);
  const joined = new Promise<void>((resolve) =>
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      committer.assigned(event.payload.memberAssignment);
      resolve();
    }),
  );
  await consumer.connect();
  await consumer.subscribe({ topics: hop.consumes, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: concurrency,
    eachBatch: async ({ batch, resolveOffset }) => {
      if (!batch.messages.length) return;
      await handleBatch(batch.topic, batch.messages);
      const last = batch.messages[batch.messages.length - 1]!.offset;
      resolveOffset(last);
      committer.handled(batch.topic, batch.partition, last);
    },
  });
  committer.start();
  await joined;
  process.on('message', (command: SkeletonCommand) => {
    if (command.cmd === 'load') void drive(command);
    else if (command.cmd === 'collect') {
      send({ type: 'collected', completions });
      completions = [];
    } else if (command.cmd === 'stop') {
      void (async () => {
        consumer.pause(hop.consumes.map((topic) => ({ topic })));
        await committer.stop();
        await consumer.disconnect();
        await producer.disconnect();
        process.exit(0);
      })();
    }
  });
  send({ type: 'ready' });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
