/**
 * Counts one consumer's batches in hand (their handlers, record and offsets); `idle()` resolves
 * when the last of them finishes (at once when none runs), so stop() waits on a promise instead
 * of polling the count every 10 ms.
 */
export class HandlersInFlight {
  private count = 0;
  private waiting: (() => void)[] = [];

  get running(): number {
    return this.count;
  }

  enter(): void {
    this.count++;
  }

  leave(): void {
    if (--this.count > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }

  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((resolve) => this.waiting.push(resolve));
  }
}
