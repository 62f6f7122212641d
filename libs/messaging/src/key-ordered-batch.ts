/** What a batch handler needs to know of a message: its key (the order that matters) and its offset. */
export interface KeyedMessage {
  key: string | null;
  offset: string;
}

export interface KeyOrderedBatchControl {
  /** Lanes (keys) handled at once. */
  concurrency: number;
  /** Marks every message up to this offset as done (committed later by the consumer). */
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  /** False once the consumer is stopping or the partition was taken away: start nothing new. */
  isActive: () => boolean;
}

/**
 * Handles one partition's batch with the messages of one key in order and different keys at once
 * (keys are aggregates: a session, a device). Offsets are resolved only over the unbroken prefix
 * of handled messages, so what a failure or a stop leaves unhandled — and anything after it — is
 * delivered again (handlers are idempotent through the processed-event log). The first failure
 * stops the batch and is rethrown once the running lanes have settled.
 */
export async function handleKeyOrderedBatch<M extends KeyedMessage>(
  messages: readonly M[],
  handle: (message: M) => Promise<unknown>,
  control: KeyOrderedBatchControl,
): Promise<void> {
  const lanes = new Map<string, number[]>();
  messages.forEach((m, i) => {
    const key = m.key ?? '\u0000no-key';
    const lane = lanes.get(key) ?? [];
    lane.push(i);
    lanes.set(key, lane);
  });
  const queue = [...lanes.values()];
  const done = new Array<boolean>(messages.length).fill(false);
  let prefix = 0;
  let failure: { error: unknown } | undefined;
  let lastBeat = Date.now();

  const runLane = async (lane: number[]) => {
    for (const index of lane) {
      if (failure || !control.isActive()) return;
      try {
        await handle(messages[index]!);
      } catch (error) {
        failure ??= { error };
        return;
      }
      done[index] = true;
      while (prefix < messages.length && done[prefix]) control.resolveOffset(messages[prefix++]!.offset);
      if (Date.now() - lastBeat > 1_000) {
        lastBeat = Date.now();
        await control.heartbeat();
      }
    }
  };
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(control.concurrency, queue.length)) }, worker));
  if (failure) throw failure.error;
}
