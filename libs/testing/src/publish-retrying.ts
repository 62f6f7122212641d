/**
 * On a just-started, heavily loaded single-node broker, freshly created partitions answered "not
 * the leader" for longer than the producer's own retries (seen on a shared 2-core machine):
 * a test's publish is retried a little longer. Any other error is thrown at once.
 */
export async function publishRetrying<T>(publish: () => Promise<T>, timeoutMillis = 60_000): Promise<T> {
  for (const deadline = Date.now() + timeoutMillis; ;) {
    try {
      return await publish();
    } catch (error) {
      const message = String((error as { cause?: Error }).cause?.message ?? (error as Error).message);
      if (!/not the leader/.test(message) || Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 1_000));
    }
  }
}
