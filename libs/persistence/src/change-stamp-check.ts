/**
 * A cache's check of its source's change stamp: read at most every `checkEveryMillis` (one read for
 * every caller waiting meanwhile); a stamp other than the one the cache holds calls `changed`. The
 * check counts from when its read started, since the stamp read may be that old by its answer.
 *
 * With `refreshAheadMillis`, while the cache is in use (asked since the last read started) the next
 * read starts on a timer `refreshAheadMillis` before the check is due, so no caller waits for the
 * stamp's round trip unless it takes longer than that; reads then come every `checkEveryMillis −
 * refreshAheadMillis`. Once nobody asked since the last read, none is started: the next caller
 * waits, as without it. Freshness is unchanged: no caller goes on with a stamp read that started
 * more than `checkEveryMillis` before.
 */
export class ChangeStampCheck<S> {
  private stamp: S | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private checking: Promise<void> | undefined;
  /** Asked since the last read started: the next one is read ahead. */
  private used = false;
  private ahead: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly options: {
      read: () => Promise<S>;
      checkEveryMillis: number;
      now: () => number;
      /** The stamp moved: what the cache holds may be from before the change. */
      changed: () => void;
      /** How long before the check is due the next read starts while the cache is in use (0 or absent: never ahead). */
      refreshAheadMillis?: number;
    },
  ) {}

  /** Reads the stamp when it is due; resolves once it is known to be the one the cache holds. */
  whenDue(): Promise<void> {
    this.used = true;
    if (this.options.now() - this.checkedAt < this.options.checkEveryMillis) return Promise.resolve();
    return this.check();
  }

  private check(): Promise<void> {
    this.checking ??= (async () => {
      const started = this.options.now();
      this.used = false;
      try {
        const stamp = await this.options.read();
        if (stamp !== this.stamp) {
          this.options.changed();
          this.stamp = stamp;
        }
        this.checkedAt = Math.max(this.checkedAt, started);
      } finally {
        this.checking = undefined;
        this.scheduleAhead();
      }
    })();
    return this.checking;
  }

  /**
   * The next read, `refreshAheadMillis` before the check is due, if the cache is asked meanwhile. A
   * failed read ahead leaves checkedAt as it was: the first caller past the period reads again and
   * gets that read's failure.
   */
  private scheduleAhead(): void {
    const ahead = this.options.refreshAheadMillis ?? 0;
    if (ahead <= 0 || this.ahead) return;
    const delay = Math.max(0, this.checkedAt + this.options.checkEveryMillis - ahead - this.options.now());
    this.ahead = setTimeout(() => {
      this.ahead = undefined;
      if (this.used) this.check().catch(() => undefined);
    }, delay);
    // A timer of a cache in use only: it keeps no process alive.
    this.ahead.unref?.();
  }
}
