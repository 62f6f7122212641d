import type { Logger } from '@hcv/observability';

/**
 * Runs `task` every `intervalMillis`, never two at once (a slow run makes the next tick skip), and
 * logs a failure instead of crashing the process. Returns the function that stops it.
 */
export function runEvery(intervalMillis: number, task: () => Promise<unknown>, logger: Logger, what: string): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch((error: unknown) => logger.error(`${what} failed`, { error }))
      .finally(() => (running = false));
  }, intervalMillis);
  timer.unref();
  return () => clearInterval(timer);
}

/** The caller's X-Correlation-Id if it is a sensible token, else undefined (the caller picks one). */
export function correlationIdFrom(header: string | undefined): string | undefined {
  return header && /^[\w.:-]{1,128}$/.test(header) ? header : undefined;
}
