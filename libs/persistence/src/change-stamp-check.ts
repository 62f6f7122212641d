/**
 * A cache's check of its source's change stamp: read at most every `checkEveryMillis` (one read for
 * every caller waiting meanwhile); a stamp other than the one the cache holds calls `changed`. The
 * check counts from when its read started, since the stamp read may be that old by its answer.
 */
export class ChangeStampCheck<S> {
  private stamp: S | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;

  constructor(
    private readonly options: {
      read: () => Promise<S>;
      checkEveryMillis: number;
      now: () => number;
      /** The stamp moved: what the cache holds may be from before the change. */
      changed: () => void;
    },
  ) {}

  /** Reads the stamp when it is due; resolves once it is known to be the one the cache holds. */
  whenDue(): Promise<void> {
    if (this.options.now() - this.checkedAt < this.options.checkEveryMillis) return Promise.resolve();
    this.checking ??= (async () => {
      const started = this.options.now();
      try {
        const stamp = await this.options.read();
        if (stamp !== this.stamp) {
          this.options.changed();
          this.stamp = stamp;
        }
        this.checkedAt = Math.max(this.checkedAt, started);
      } finally {
        this.checking = undefined;
      }
    })();
    return this.checking;
  }
}
