import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { deadLetterTopic } from '@hcv/contracts';
import { originalHeaders, retryLater, retryTopic } from './delivery';
import { kafkaClientSecurity, type KafkaSecurity } from './kafka-security';

export interface DeadLetterReplayOptions {
  brokers: string[];
  /** TLS and SASL towards the brokers: the services' settings (kafkaClientSettingsFromEnv). */
  security?: KafkaSecurity;
  /** The topic whose dead letters are replayed (its `<topic>.dlq` is read). */
  topic: string;
  /** Only the dead letters of this consumer group (default: every group's). */
  group?: string;
  /** List what would be replayed; send and commit nothing. */
  dryRun?: boolean;
  clientId?: string;
  /** Gives up (and says so) if the watermarks read at start are not reached by then. */
  timeoutMillis?: number;
}

/** One dead letter as listed (no body: it may hold personal data). */
export interface DeadLetterListing {
  partition: number;
  offset: string;
  group: string | null;
  eventId: string | null;
  reason: string | null;
  action: 'replayed' | 'would-replay' | 'skipped-other-group' | 'skipped-no-group';
}

export interface DeadLetterReplayReport {
  topic: string;
  deadLetterTopic: string;
  /** The replay's own consumer group: its committed offsets say where the next replay starts. */
  replayGroup: string;
  dryRun: boolean;
  replayed: number;
  skipped: number;
  entries: DeadLetterListing[];
}

/**
 * Replays dead letters after a fix. Reads `<topic>.dlq` from where the last replay stopped (the
 * committed offsets of `dlq-replay.<topic>[.<group>]`) up to the end offsets read at start — so a
 * message dead-lettered again during the replay is not replayed in a loop — and sends each one to
 * `<topic>.retry` addressed to the group that dead-lettered it, with its original headers (trace,
 * correlation) and a fresh retry budget. Only that group takes it; one that already handled the
 * event skips it (processed-event log), so the replayed event is handled once. Offsets are
 * committed after each send; the consumer is stopped and disconnected before this resolves.
 */
export async function replayDeadLetters(options: DeadLetterReplayOptions): Promise<DeadLetterReplayReport> {
  const dlq = deadLetterTopic(options.topic);
  const replayGroup = `dlq-replay.${options.topic}${options.group ? `.${options.group}` : ''}`;
  const dryRun = options.dryRun ?? false;
  const report: DeadLetterReplayReport = {
    topic: options.topic,
    deadLetterTopic: dlq,
    replayGroup,
    dryRun,
    replayed: 0,
    skipped: 0,
    entries: [],
  };
  const kafka = new Kafka({
    clientId: options.clientId ?? 'dlq-replay',
    brokers: options.brokers,
    ...kafkaClientSecurity(options.security),
    logLevel: logLevel.ERROR,
    retry: { retries: 5 },
  });

  // Where to stop (end offsets now) and where to start (the last replay's commits, else the log start).
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<number, bigint>();
  let partitions: number[] = [];
  try {
    const ends = await admin.fetchTopicOffsets(dlq);
    partitions = ends.map((e) => e.partition);
    const [committed] = await admin.fetchOffsets({ groupId: replayGroup, topics: [dlq] });
    for (const { partition, high, low } of ends) {
      const done = committed?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
      const start = BigInt(done) >= 0n ? BigInt(done) : BigInt(low);
      if (start < BigInt(high)) remaining.set(partition, BigInt(high));
    }
  } finally {
    await admin.disconnect();
  }
  if (!remaining.size) return report;

  let producer: Producer | undefined;
  if (!dryRun) {
    producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
  }
  const consumer: Consumer = kafka.consumer({
    groupId: replayGroup,
    allowAutoTopicCreation: false,
    sessionTimeout: 10_000,
    heartbeatInterval: 1_000,
  });
  let finish!: () => void;
  let fail!: (error: Error) => void;
  const finished = new Promise<void>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  const timer = setTimeout(
    () => fail(new Error(`replay of ${dlq} did not reach the end offsets read at start within ${options.timeoutMillis ?? 120_000} ms`)),
    options.timeoutMillis ?? 120_000,
  );
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    // A partition that is done (or had nothing to replay) is paused, so nothing past the end is read.
    consumer.on(consumer.events.GROUP_JOIN, () => {
      const idle = partitions.filter((p) => !remaining.has(p));
      if (idle.length) consumer.pause([{ topic: dlq, partitions: idle }]);
    });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const end = remaining.get(batch.partition);
        for (const message of batch.messages) {
          if (end === undefined || !isRunning() || isStale()) break;
          const offset = BigInt(message.offset);
          if (offset >= end) break;
          const headers = Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, Buffer.isBuffer(v) ? v.toString('utf8') : String(v)]),
          );
          const deadLetteredBy = headers['dlq-group'] ?? null;
          const action: DeadLetterListing['action'] = !deadLetteredBy
            ? 'skipped-no-group'
            : options.group && deadLetteredBy !== options.group
              ? 'skipped-other-group'
              : dryRun
                ? 'would-replay'
                : 'replayed';
          report.entries.push({
            partition: batch.partition,
            offset: message.offset,
            group: deadLetteredBy,
            eventId: headers.ce_id ?? null,
            reason: headers['dlq-reason'] ?? null,
            action,
          });
          if (action === 'replayed') {
            const again = retryLater(
              {
                key: message.key?.toString('utf8') ?? null,
                value: message.value?.toString('utf8') ?? '',
                headers: originalHeaders(headers),
                topic: options.topic,
              },
              deadLetteredBy!,
              0,
              new Date(),
              `replayed from ${dlq} ${batch.partition}:${message.offset} (${headers['dlq-reason'] ?? 'no reason'})`,
            );
            await producer!.send({
              topic: retryTopic(options.topic),
              acks: -1,
              messages: [{ key: again.key, value: again.value, headers: again.headers }],
            });
          }
          if (action === 'replayed' || action === 'would-replay') report.replayed++;
          else report.skipped++;
          resolveOffset(message.offset);
          if (!dryRun) await consumer.commitOffsets([{ topic: dlq, partition: batch.partition, offset: String(offset + 1n) }]);
          await heartbeat();
          if (offset + 1n >= end) {
            remaining.delete(batch.partition);
            consumer.pause([{ topic: dlq, partitions: [batch.partition] }]);
            break;
          }
        }
        if (!remaining.size) finish();
      },
    });
    await finished;
  } finally {
    clearTimeout(timer);
    // Stop fetching and leave the group before resolving: nothing runs after the caller moves on.
    await consumer.disconnect();
    await producer?.disconnect();
  }
  return report;
}
