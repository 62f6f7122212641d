/**
 * The desk's changes inside one audit process: what GET /operations/stream pushes. Refreshes of the
 * desk's picture publish `overview-changed` and `alert-changed` deltas (read from the database, so a
 * change another replica made arrives too); a staff step publishes its alert at once; the operations
 * projection publishes `readiness-changed` as a bus's tour readiness events reach it.
 */
export type DeskChangeEvent = 'overview-changed' | 'alert-changed' | 'readiness-changed';

export interface DeskChange {
  event: DeskChangeEvent;
  data: Record<string, unknown>;
  /**
   * Whom it concerns: the sites it is about (a site manager gets only those of their sites; an
   * `overview-changed` delta is cut to them), or none for federation-wide news (central desk only).
   */
  siteIds?: readonly string[];
}

export class DeskChanges {
  private readonly listeners = new Set<(change: DeskChange) => void>();

  /** Returns the unsubscribe function (the stream calls it when the client goes away). */
  subscribe(listener: (change: DeskChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscribers(): number {
    return this.listeners.size;
  }

  publish(change: DeskChange): void {
    for (const listener of this.listeners) listener(change);
  }
}
