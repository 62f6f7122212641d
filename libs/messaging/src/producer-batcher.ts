import type { RawMessage } from './message-bus';

export interface ProducerBatching {
  /** Most messages in one produce request. */
  maxBatch: number;
  /**
   * Longest a message waits for companions when no request is in flight (0: send at once). While a
   * request is in flight, messages wait for it anyway — the idempotent producer allows one — and
   * leave together with the next request.
   */
  lingerMillis: number;
}

export const DEFAULT_PRODUCER_BATCHING: ProducerBatching = { maxBatch: 500, lingerMillis: 0 };

export type TopicMessages = { topic: string; messages: RawMessage[] }[];

interface Pending {
  topic: string;
  message: RawMessage;
  resolve: () => void;
  reject: (error: unknown) => void;
  /** Messages given together by `sendAll`: they leave in one request, or fail together. */
  group?: object;
}

/**
 * Gathers concurrent publishes into one produce request. The bus's producer is idempotent with one
 * request in flight (per-partition order survives retries), so single-message sends queue behind
 * each other, one broker round trip each; here every message published while a request is in
 * flight leaves with the next one. At low load a message goes at once (or after `lingerMillis`),
 * so batching adds no latency of its own. Each publish resolves when its request was acknowledged
 * (acks=all) and rejects with its request's error; requests leave in publish order.
 */
export class ProducerBatcher {
  private queue: Pending[] = [];
  private inFlight = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly sendBatch: (batch: TopicMessages) => Promise<void>,
    private readonly options: ProducerBatching = DEFAULT_PRODUCER_BATCHING,
  ) {}

  send(topic: string, message: RawMessage): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
      this.scheduleFlush();
    });
  }

  /**
   * Several messages that must not be published apart (one outbox document's entries, in order):
   * they leave together in one produce request, after what was queued before them; the answer
   * resolves once all were acknowledged and rejects if any failed. A group larger than `maxBatch` is
   * split over consecutive requests; if one of them fails, the group's messages still queued fail
   * with it, so none is published after one that was not.
   */
  sendAll(messages: readonly { topic: string; message: RawMessage }[]): Promise<void> {
    if (!messages.length) return Promise.resolve();
    const group = {};
    const answers = messages.map(
      ({ topic, message }) => new Promise<void>((resolve, reject) => this.queue.push({ topic, message, resolve, reject, group })),
    );
    this.scheduleFlush();
    return Promise.all(answers).then(() => undefined);
  }

  private scheduleFlush(): void {
    if (this.inFlight) return;
    if (this.options.lingerMillis > 0 && this.queue.length < this.options.maxBatch) {
      this.timer ??= setTimeout(() => void this.flush(), this.options.lingerMillis);
      return;
    }
    void this.flush();
  }

  /** Up to `maxBatch` messages, without cutting a group that fits in a request of its own. */
  private batchLength(): number {
    const max = this.options.maxBatch;
    if (this.queue.length <= max) return this.queue.length;
    const cut = this.queue[max]!.group;
    if (!cut || this.queue[max - 1]!.group !== cut) return max;
    let start = max - 1;
    while (start > 0 && this.queue[start - 1]!.group === cut) start--;
    let end = max;
    while (end < this.queue.length && this.queue[end]!.group === cut) end++;
    // The group would fit alone: it leaves with the next request instead.
    return start > 0 && end - start <= max ? start : max;
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || !this.queue.length) return;
    this.inFlight = true;
    const items = this.queue.splice(0, this.batchLength());
    const byTopic = new Map<string, RawMessage[]>();
    for (const item of items) {
      const list = byTopic.get(item.topic) ?? [];
      list.push(item.message);
      byTopic.set(item.topic, list);
    }
    try {
      await this.sendBatch([...byTopic].map(([topic, messages]) => ({ topic, messages })));
      for (const item of items) item.resolve();
    } catch (error) {
      for (const item of items) item.reject(error);
      // The rest of a group split over requests is not published after its failed part.
      const failedGroups = new Set(items.map((i) => i.group).filter(Boolean));
      if (failedGroups.size) {
        const [dropped, kept] = [this.queue.filter((i) => failedGroups.has(i.group)), this.queue.filter((i) => !failedGroups.has(i.group))];
        this.queue = kept;
        for (const item of dropped) item.reject(error);
      }
    } finally {
      this.inFlight = false;
      // What gathered meanwhile leaves now: it has waited one round trip already.
      if (this.queue.length) void this.flush();
    }
  }
}
