/** One committed position: the next offset to read on a topic partition. */
export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Commits a consumer's handled offsets every `intervalMillis` instead of after every batch.
 *
 * kafkajs with autoCommit commits at the end of every batch of every partition: at a steady trickle
 * that is one OffsetCommit request per message or two, which measured as 73 % of all requests the
 * broker served (BENCHMARKS.md). Here a handled message only raises the partition's position in
 * memory; a timer commits what moved. Delivery stays at-least-once: what a crash leaves uncommitted
 * (at most one interval) is read again and skipped by the processed-event log.
 *
 * Positions only move forward while the partition stays ours. After a rebalance the positions of
 * partitions now assigned elsewhere are dropped, so a late commit can never move another member's
 * partition back.
 */
export class OffsetCommitter {
  private readonly pending = new Map<string, TopicPartitionOffset>();
  private readonly committed = new Map<string, bigint>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly commit: (offsets: TopicPartitionOffset[]) => Promise<void>,
    private readonly intervalMillis: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.intervalMillis);
    this.timer.unref();
  }

  /** The message at `offset` was handled (or dead-lettered): the partition may resume after it. */
  handled(topic: string, partition: number, offset: string): void {
    const next = BigInt(offset) + 1n;
    const key = `${topic}\u0000${partition}`;
    const known = this.pending.get(key);
    if (known && BigInt(known.offset) >= next) return;
    if ((this.committed.get(key) ?? -1n) >= next) return;
    this.pending.set(key, { topic, partition, offset: next.toString() });
  }

  /** After a rebalance: forget positions of partitions that are no longer this member's. */
  assigned(assignment: Record<string, readonly number[]>): void {
    const ours = new Set(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((p) => `${topic}\u0000${p}`)));
    for (const key of [...this.pending.keys(), ...this.committed.keys()]) {
      if (!ours.has(key)) {
        this.pending.delete(key);
        this.committed.delete(key);
      }
    }
  }

  /** Commits every position that moved since the last commit; one commit request at a time. */
  flush(): Promise<void> {
    this.flushing ??= this.commitPending().finally(() => (this.flushing = undefined));
    return this.flushing;
  }

  /** Stops the timer, committing nothing more (the consumer is gone: what it had not committed is read again). */
  stopTimer(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the timer and commits what is left. */
  async stop(): Promise<void> {
    this.stopTimer();
    await this.flushing;
    await this.flush();
  }

  private async commitPending(): Promise<void> {
    if (!this.pending.size) return;
    const batch = [...this.pending.entries()];
    for (const [key] of batch) this.pending.delete(key);
    try {
      await this.commit(batch.map(([, position]) => position));
      for (const [key, position] of batch) this.committed.set(key, BigInt(position.offset));
    } catch (error) {
      // Put back what no newer position replaced meanwhile; the next tick tries again.
      for (const [key, position] of batch) if (!this.pending.has(key)) this.pending.set(key, position);
      this.onError(error);
    }
  }
}
