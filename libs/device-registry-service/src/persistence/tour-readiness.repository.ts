import type { OutboxEntry, OutboxStore } from '@hcv/persistence';
import type { TourReport } from '../domain/tour-readiness.decide';

export type { TourReport };

/** The only code that touches the registry's readiness reports (one per bus and tour day, id `tourKey`). */
export interface TourReadinessRepository {
  /** Events staged with a write ride in the report's document until the relay sent them. */
  readonly outbox: OutboxStore;
  get(tourId: string): Promise<TourReport | null>;
  /** Stores a new report with its events; false (nothing written) when the bus and day already have one. */
  insert(report: TourReport, events?: readonly OutboxEntry[]): Promise<boolean>;
  /**
   * Stores `next` with its events only if the stored report is still at `current.revision` (two devices
   * of a bus check at once); the stored report (its revision one higher), or null when it changed meanwhile.
   */
  write(current: TourReport, next: TourReport, events?: readonly OutboxEntry[]): Promise<TourReport | null>;
}
