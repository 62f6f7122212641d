import type { ChangeStamp, Changes } from './operations.repository';

/** What one read of a mirror changed: the documents new or different (with what was kept before), and those gone. */
export interface MirrorChanges<T> {
  changed: { before?: T; after: T }[];
  removed: T[];
}

/**
 * One collection as stored, kept in memory by reading only the documents changed since the previous
 * read (a repository's `…ChangedSince`: every one when no stamp is given). A full read replaces it:
 * a document kept and not among those read is gone. A document read the same as kept (one read again
 * within the look-behind) is no change. `keeps`: whether a document read belongs in the mirror (an
 * alert resolved leaves it).
 */
export class ChangeMirror<T> {
  readonly items = new Map<string, T>();
  /** Each document's JSON as kept: what tells a document read again unchanged. */
  private readonly marks = new Map<string, string>();
  private stamp?: ChangeStamp;

  constructor(
    private readonly readChanges: (stamp?: ChangeStamp) => Promise<Changes<T>>,
    private readonly keyOf: (item: T) => string,
    private readonly keeps: (item: T) => boolean = () => true,
  ) {}

  /** Reads the changes since the previous read applied (every document when `full`); changes nothing yet. */
  fetch(full: boolean): Promise<Changes<T>> {
    return this.readChanges(full ? undefined : this.stamp);
  }

  /**
   * Takes what `fetch` returned (every document when `full`) and tells what changed. Apart from
   * `fetch`, so that a reader whose other reads failed takes none (the next fetch reads them again).
   */
  apply(read: Changes<T>, full: boolean): MirrorChanges<T> {
    this.stamp = read.stamp;
    const changes: MirrorChanges<T> = { changed: [], removed: [] };
    const seen = full ? new Set<string>() : undefined;
    for (const item of read.changed) {
      const key = this.keyOf(item);
      const before = this.items.get(key);
      if (!this.keeps(item)) {
        if (before === undefined) continue;
        this.items.delete(key);
        this.marks.delete(key);
        changes.removed.push(before);
        continue;
      }
      seen?.add(key);
      const mark = JSON.stringify(item);
      if (this.marks.get(key) === mark) continue;
      this.marks.set(key, mark);
      this.items.set(key, item);
      changes.changed.push(before === undefined ? { after: item } : { before, after: item });
    }
    if (seen)
      for (const [key, item] of this.items) {
        if (seen.has(key)) continue;
        this.items.delete(key);
        this.marks.delete(key);
        changes.removed.push(item);
      }
    return changes;
  }

  /** Whether a read's changes changed anything. */
  static changed<T>(changes: MirrorChanges<T>): boolean {
    return changes.changed.length > 0 || changes.removed.length > 0;
  }
}
