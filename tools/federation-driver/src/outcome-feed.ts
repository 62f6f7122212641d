/**
 * Outcomes learnt from events (session.completed) rather than by polling the device API: whoever
 * reads the events calls `completed`, the load driver awaits `awaitOutcome`. An outcome that
 * arrives before anyone waits for it is kept.
 */
export class OutcomeFeed {
  private readonly outcomes = new Map<string, string>();
  private readonly waiters = new Map<string, (kind: string) => void>();
  count = 0;

  completed(sessionId: string, kind: string): void {
    if (!this.outcomes.has(sessionId)) this.count++;
    this.outcomes.set(sessionId, kind);
    this.waiters.get(sessionId)?.(kind);
    this.waiters.delete(sessionId);
  }

  readonly awaitOutcome = (sessionId: string, timeoutMillis: number): Promise<{ kind: string }> => {
    const known = this.outcomes.get(sessionId);
    if (known) return Promise.resolve({ kind: known });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(sessionId);
        reject(new Error(`session ${sessionId} not completed within ${timeoutMillis} ms`));
      }, timeoutMillis);
      this.waiters.set(sessionId, (kind) => {
        clearTimeout(timer);
        resolve({ kind });
      });
    });
  };

  reset(): void {
    this.outcomes.clear();
    this.count = 0;
  }
}
