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
      if (this.inFlight) return;
      if (this.options.lingerMillis > 0 && this.queue.length < this.options.maxBatch) {
        this.timer ??= setTimeout(() => void this.flush(), this.options.lingerMillis);
        return;
      }
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.inFlight || !this.queue.length) return;
    this.inFlight = true;
    const items = this.queue.splice(0, this.options.maxBatch);
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
    } finally {
      this.inFlight = false;
      // What gathered meanwhile leaves now: it has waited one round trip already.
      if (this.queue.length) void this.flush();
    }
  }
}
