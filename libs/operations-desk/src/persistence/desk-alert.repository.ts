import type { AlertState, DeskAlert } from '../domain/alert-lifecycle';
import type { ChangeStamp, Changes } from './operations.repository';

export interface DeskAlertQuery {
  states?: readonly AlertState[];
  /** Only alerts of these sites (a site manager's); federation-wide alerts (no site) are left out. */
  siteIds?: readonly string[];
  /** Newest change first; at most this many. */
  limit: number;
}

/**
 * The alerts as people work with them (`ops_alerts`): one document per alert id with its state and
 * history. Every change is a compare-and-set on the document (the projection applies the monitor's
 * and the staff's events; a staff route applies its own step at once), so two writers never lose
 * each other's history line.
 */
export interface DeskAlertRepository {
  get(alertId: string): Promise<DeskAlert | undefined>;
  /** Compare-and-set: `next` sees the current alert and returns the new one (null: no change). */
  update(alertId: string, next: (current: DeskAlert | undefined) => DeskAlert | null): Promise<DeskAlert | null>;
  /** Newest change first (index on state and changedAt). */
  list(query: DeskAlertQuery): Promise<DeskAlert[]>;
  /** Alerts changed at or after `at` (index on changedAt): what the desk's refresh and stream read. */
  changedSince(at: string): Promise<DeskAlert[]>;
  /**
   * The alerts written since `stamp`, in any state (a resolved one tells a reader to drop it), and the
   * stamp to pass next time; without a stamp, every unresolved alert (UNRESOLVED_STATES): the desk's
   * read at its start and every OPS_DESK_FULL_REFRESH_MS. As OperationsRepository.sitesChangedSince:
   * every write gives the document a change stamp (the database's time, not the alert's `changedAt`);
   * an alert written after this answer was read is in the next answer; one may come again unchanged.
   * An alert last written before alerts had stamps is in every answer without a stamp only.
   */
  alertsChangedSince(stamp?: ChangeStamp): Promise<Changes<DeskAlert>>;
}
