interface Waiting<T, R> {
  item: T;
  resolve: (result: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns many concurrent single-item database calls into few multi-item ones. A call made while no
 * request of this kind is in flight goes at once, alone; calls made while one is in flight wait for
 * it and then leave together in the next request (at most `maxBatch` items). So at low load nothing
 * waits for companions, and under load one round trip serves every call that queued meanwhile —
 * the same scheme as the bus's producer batching (libs/messaging producer-batcher.ts).
 *
 * Each call still resolves on its own result, after its request completed: the caller's guarantees
 * (e.g. "recorded before the offset is committed") are unchanged. A failed request rejects every
 * call it carried, each with the request's error.
 */
export class RoundTripCoalescer<T, R> {
  private queue: Waiting<T, R>[] = [];
  private inFlight = 0;
  private gathering = false;

  /**
   * @param run one request for many items; returns one result per item, in the items' order.
   * @param maxInFlight requests of this kind at once (more than one keeps a slow request from
   *   holding every caller, at the price of smaller batches).
   * @param gatherMillis for callers not on a latency path (a read model fed by many partitions at
   *   once): a call made while no request is in flight waits for companions instead of leaving
   *   alone — 0 until the calls of the current turn of the event loop are in (setImmediate), more
   *   for a timer of that length. Absent: it leaves at once.
   */
  constructor(
    private readonly run: (items: T[]) => Promise<R[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number; gatherMillis?: number } = {},
  ) {}

  call(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.due();
    });
  }

  /**
   * Several items queued at once: they leave together (in the next request, or now when none is
   * in flight), as one caller's batch should — `call` per item would send the first one alone.
   */
  callMany(items: readonly T[]): Promise<R[]> {
    if (!items.length) return Promise.resolve([]);
    const answers = items.map((item) => new Promise<R>((resolve, reject) => this.queue.push({ item, resolve, reject })));
    this.due();
    return Promise.all(answers);
  }

  /** Sends what is queued now, or once companions had their chance (`gatherMillis`), if a request may leave. */
  private due(): void {
    if (this.inFlight >= (this.options.maxInFlight ?? 1)) return;
    const gather = this.options.gatherMillis;
    if (gather === undefined) return void this.flush();
    if (this.gathering) return;
    this.gathering = true;
    const go = () => {
      this.gathering = false;
      if (this.inFlight < (this.options.maxInFlight ?? 1)) void this.flush();
    };
    if (gather > 0) setTimeout(go, gather);
    else setImmediate(go);
  }

  private async flush(): Promise<void> {
    if (!this.queue.length) return;
    this.inFlight++;
    const batch = this.queue.splice(0, this.options.maxBatch ?? 500);
    try {
      const results = await this.run(batch.map((w) => w.item));
      if (results.length !== batch.length)
        throw new Error(`coalesced request answered ${results.length} results for ${batch.length} items`);
      batch.forEach((w, i) => w.resolve(results[i]!));
    } catch (error) {
      for (const w of batch) w.reject(error);
    } finally {
      this.inFlight--;
      // What queued meanwhile has waited one round trip already: it leaves now.
      if (this.queue.length) void this.flush();
    }
  }
}
