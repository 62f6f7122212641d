import type { EachBatchPayload, IHeaders, KafkaMessage } from 'kafkajs';
import type { Logger } from '@hcv/observability';
import { BatchProcessedLog } from './batch-processed-log';
import { deliver, type DeliveryOptions, type handlerMap } from './delivery';
import type { HandlersInFlight } from './handlers-in-flight';
import { handleKeyOrderedBatch } from './key-ordered-batch';
import type { RawMessage, Subscription } from './message-bus';
import type { OffsetCommitter } from './offset-committer';
import { handlePartitionStartBatch } from './partition-start-batch';

function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? String(v[0]) : Buffer.isBuffer(v) ? v.toString('utf8') : String(v);
  }
  return out;
}

/** What one consumer group's batches are handled with (kafka-message-bus.ts builds it per consumer). */
export interface ConsumerBatchContext {
  subscription: Subscription;
  handlers: ReturnType<typeof handlerMap>;
  logger: Logger;
  committer: OffsetCommitter;
  inFlight: HandlersInFlight;
  /** Aborted when the bus stops: nothing more is started, deferred messages are not resumed. */
  signal: AbortSignal;
  delivery: DeliveryOptions;
  /** For subscriptions ordered by key: keys handled at once within one partition's batch. */
  keyConcurrency: number;
  /** Sends a message as it is (dead letters). */
  publishRaw: (topic: string, raw: RawMessage) => Promise<void>;
}

/**
 * kafkajs' `eachBatch` of one consumer group. Partition order is one lane per batch (every
 * message, one at a time, in offset order); key order is one lane per key, `keyConcurrency` lanes
 * at once; partition-start order starts the batch's messages in offset order without waiting for
 * each other's writes (retry topics: one at a time, as partition order — their messages wait for
 * their time one by one). The batch's processed ids are recorded before its offsets move; offsets
 * are committed by the committer on its timer, not by kafkajs.
 */
export function consumerBatchHandler(ctx: ConsumerBatchContext): (payload: EachBatchPayload) => Promise<void> {
  const { subscription, handlers, logger, committer, inFlight, signal } = ctx;
  // A partition-start batch's first try (partition-start-batch.ts): a failed handler is thrown, not retried later.
  const firstTry: DeliveryOptions = { ...ctx.delivery, firstTry: true };
  const byKey = subscription.ordering === 'key';
  const startsInOrder = subscription.ordering === 'partition-start';
  const handle = (
    topic: string,
    partition: number,
    message: KafkaMessage,
    heartbeat: () => Promise<void>,
    pause: () => () => void,
    processedInBatch: BatchProcessedLog,
    headers: Record<string, string>,
    begun?: () => void,
  ) =>
    deliver(
      {
        topic,
        partition,
        offset: message.offset,
        key: message.key?.toString('utf8') ?? null,
        value: message.value?.toString('utf8') ?? '',
        headers,
        heartbeat,
        defer: (untilMillis) => {
          const resume = pause();
          setTimeout(
            () => {
              if (!signal.aborted) resume();
            },
            Math.max(0, untilMillis - Date.now()),
          ).unref();
        },
        processedInBatch,
        ...(begun ? { begun } : {}),
      },
      subscription,
      handlers,
      ctx.publishRaw,
      logger,
      begun ? firstTry : ctx.delivery,
    );
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale, pause }) => {
    // Counted for the whole batch, its record and its offsets included: stop() waits for them.
    inFlight.enter();
    try {
      const headers = batch.messages.map((raw) => headersToStrings(raw.headers));
      const processed = new BatchProcessedLog(subscription.processedLog, subscription.groupId, headers);
      let handledUpTo: string | undefined;
      const messages = batch.messages.map((raw, i) => ({
        key: byKey ? (raw.key?.toString('utf8') ?? null) : null,
        offset: raw.offset,
        raw,
        headers: headers[i]!,
      }));
      type Item = (typeof messages)[number];
      const handleOne = (m: Item, begun?: () => void) =>
        handle(batch.topic, batch.partition, m.raw, heartbeat, pause, processed, m.headers, begun);
      const control = {
        resolveOffset: (offset: string) => void (handledUpTo = offset),
        heartbeat,
        isActive: () => isRunning() && !isStale() && !signal.aborted,
      };
      const failed = await (
        startsInOrder && !batch.topic.endsWith('.retry')
          ? handlePartitionStartBatch(messages, handleOne, (m) => handleOne(m), control)
          : handleKeyOrderedBatch(messages, (m) => handleOne(m), { ...control, concurrency: byKey ? ctx.keyConcurrency : 1 })
      ).then(
        () => undefined,
        (error: unknown) => ({ error }),
      );
      // Recorded before the offsets move (a failed record throws: nothing resolved, the batch
      // comes again).
      await processed.flush();
      if (handledUpTo !== undefined) {
        resolveOffset(handledUpTo);
        committer.handled(batch.topic, batch.partition, handledUpTo);
      }
      if (failed) throw failed.error;
    } finally {
      inFlight.leave();
    }
  };
}
