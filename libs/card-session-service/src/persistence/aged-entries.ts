/**
 * A bounded map whose entries are served only while younger than `maxAgeMillis`. The map's
 * insertion order is the eviction order: an entry set again moves to the end, and past `limit` the
 * oldest goes. Used for what card-session keeps in memory between requests (device entries, the
 * sessions it wrote last); `now` is injectable for tests.
 */
export class AgedEntries<V> {
  private readonly entries = new Map<string, { value: V; at: number }>();

  constructor(private readonly options: { maxAgeMillis: number; limit: number; now?: () => number }) {}

  now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The value if it is young enough; an expired entry is dropped. */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (this.now() - entry.at >= this.options.maxAgeMillis) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` as of `at` (default: now), last in the eviction order. */
  set(key: string, value: V, at = this.now()): void {
    this.entries.delete(key);
    this.entries.set(key, { value, at });
    if (this.entries.size > this.options.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
