/**
 * A call sent again while the service says it is briefly unavailable (503 with Retry-After: its
 * database or broker is unreachable) or while there is no answer at all. Only for calls that are
 * idempotent by their body — opening a session carries an idempotency key, so a retry returns the
 * session the first attempt stored and never makes a second one.
 */
export interface Transient {
  /** Seconds the service asked to wait (Retry-After), when it answered. */
  retryAfterSeconds?: number;
}

export async function retryTransient<T>(
  work: () => Promise<T>,
  isTransient: (error: unknown) => Transient | undefined,
  options: { attempts?: number; defaultWaitSeconds?: number; maxWaitSeconds?: number; sleep?: (ms: number) => Promise<void> } = {},
): Promise<T> {
  const attempts = options.attempts ?? 3;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const transient = isTransient(error);
      if (!transient || attempt >= attempts) throw error;
      const seconds = Math.min(transient.retryAfterSeconds ?? options.defaultWaitSeconds ?? 2, options.maxWaitSeconds ?? 5);
      await sleep(seconds * 1000);
    }
  }
}
