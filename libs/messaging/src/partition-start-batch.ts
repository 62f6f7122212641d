import type { KeyedMessage, KeyOrderedBatchControl } from './key-ordered-batch';

export type PartitionStartControl = Omit<KeyOrderedBatchControl, 'concurrency'>;

/**
 * Handles one partition's batch for a group ordered `partition-start` (see Subscription.ordering).
 *
 * First try: the messages are started in offset order, each once the one before called its
 * `begun` (its handler's order-sensitive part has begun — audit's ledger queued its chain append)
 * or its first try ended, so the batch's writes leave together instead of one message's at a time.
 * The first failure (a handler that failed, the infrastructure away, a dead letter not written)
 * or a stop starts nothing more; the running tries settle; offsets are resolved over the unbroken
 * prefix of handled messages.
 *
 * Then, from the first message not handled on, the rest is delivered the usual way, one at a
 * time in offset order (`deliverAgain`: retries in place, the retry topic, the dead-letter topic),
 * so a message that keeps failing is retried or dead-lettered alone and its batch-mates after it
 * are still handled. Those that had succeeded in the first try come again (handlers of such a
 * group are idempotent, or skipped by the batch's processed-event log). A failure there stops the
 * batch and is rethrown: the rest, and everything after it, is delivered again by Kafka. A first
 * try's failure is not rethrown: `tryFirst` logged it and its message is delivered again here.
 *
 * At most MAX_TRIES_IN_FLIGHT first tries are under way at once: the next starts when one settles.
 *
 * The batch heartbeats once a second while it runs, also while it only waits for its tries (with
 * the database away they can outlast the group's session timeout). A heartbeat refused (the group
 * rebalances) starts nothing more and delivers nothing more again; the running tries settle, the
 * handled prefix is resolved, and the refusal is thrown.
 */
export async function handlePartitionStartBatch<M extends KeyedMessage>(
  messages: readonly M[],
  tryFirst: (message: M, begun: () => void) => Promise<unknown>,
  deliverAgain: (message: M) => Promise<unknown>,
  control: PartitionStartControl,
): Promise<void> {
  const done = new Array<boolean>(messages.length).fill(false);
  const running: Promise<void>[] = [];
  let failed = false;
  // Tries started and not settled; a slot frees when one settles.
  let unsettled = 0;
  let slotFreed: (() => void) | undefined;
  const heart = new Heartbeats(control.heartbeat);
  try {
    for (let i = 0; i < messages.length && !failed && !heart.refused && control.isActive(); i++) {
      while (unsettled >= MAX_TRIES_IN_FLIGHT) await new Promise<void>((resolve) => (slotFreed = resolve));
      let begun!: () => void;
      const started = new Promise<void>((resolve) => (begun = resolve));
      unsettled++;
      const settled = tryFirst(messages[i]!, begun)
        .then(
          () => void (done[i] = true),
          () => void (failed = true),
        )
        .finally(() => {
          unsettled--;
          slotFreed?.();
          slotFreed = undefined;
        });
      running.push(settled);
      await Promise.race([started, settled]);
    }
    // The tries started settle before the batch goes on or ends, so none is still writing when its
    // message is fetched again.
    await Promise.all(running);

    let prefix = 0;
    while (prefix < messages.length && done[prefix]) prefix++;
    if (prefix > 0) control.resolveOffset(messages[prefix - 1]!.offset);

    for (let i = prefix; i < messages.length; i++) {
      if (heart.refused) break;
      if (!control.isActive()) return;
      await deliverAgain(messages[i]!);
      control.resolveOffset(messages[i]!.offset);
    }
    if (heart.refused) throw heart.refused.error;
  } finally {
    heart.stop();
  }
}

/**
 * Most first tries of one batch under way at once. A fetched batch can hold a thousand messages per
 * partition (kafkajs' 1 MB per partition) and audit consumes 32 partitions at once: after an outage's
 * backlog, starting them all together held every message's work in memory at once (audit's heap is
 * 96 MB in the images). Runs of this size still leave as one insert per chain.
 */
export const MAX_TRIES_IN_FLIGHT = 100;

/** How often a batch heartbeats while it runs (the group's session timeout is several times longer). */
const HEARTBEAT_EVERY_MILLIS = 1_000;

/**
 * A batch's heartbeats, once a second while it runs, also while it only waits for its tries: with
 * the database away, a batch's tries can outlast the group's session timeout, and a member that
 * stops heartbeating is expelled from the group mid-batch. One timer per batch; a refused heartbeat
 * (the group rebalances) is kept in `refused` for the batch to stop at.
 */
class Heartbeats {
  refused: { error: unknown } | undefined;
  private beating = false;
  private readonly timer: NodeJS.Timeout;

  constructor(heartbeat: () => Promise<void>) {
    this.timer = setInterval(() => {
      if (this.beating || this.refused) return;
      this.beating = true;
      heartbeat().then(
        () => void (this.beating = false),
        (error: unknown) => void ((this.refused = { error }), (this.beating = false)),
      );
    }, HEARTBEAT_EVERY_MILLIS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
