/** Tries of the topic set-up at start before the service gives up (about 10 s in all). */
export const TOPIC_SETUP_ATTEMPTS = 12;

/**
 * A Kafka error worth asking again at start: services starting together on a fresh cluster create
 * the same topics at the same moment, and a topic another one has just created may not be hosted or
 * led yet ("This server does not host this topic-partition", "There is no leader for this
 * topic-partition"). kafkajs marks such protocol errors `retriable`.
 */
export function isRetriableKafkaError(error: unknown): boolean {
  const e = error as { retriable?: boolean; message?: string; cause?: unknown } | undefined;
  if (e?.retriable === true) return true;
  return /does not host this topic-partition|no leader for this topic-partition|leader not available/i.test(e?.message ?? '');
}

/** Runs `setUp` again (after 250 ms, 500 ms, …, at most 1 s) while it fails with a retriable Kafka error. */
export async function withTopicSetupRetries<T>(
  setUp: () => Promise<T>,
  attempts = TOPIC_SETUP_ATTEMPTS,
  sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setUp();
    } catch (error) {
      if (attempt >= attempts || !isRetriableKafkaError(error)) throw error;
      await sleep(Math.min(1_000, 250 * attempt));
    }
  }
}
