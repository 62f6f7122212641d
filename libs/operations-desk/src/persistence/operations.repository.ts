import type { SessionMerge } from '@hcv/domain';
import type { Alert } from '../domain/alert-rules';
import type { PlannedStop } from '../domain/bus-hours';
import type { DeviceStatus } from '../domain/device-status';
import type { SiteInfo } from '../domain/operations-view';
import type { MinuteBucket, MinuteFact } from '../domain/operations-window';

export type { SiteInfo };

/**
 * Where a reader of a collection's changes stands (see OperationsRepository.devicesChangedSince): the
 * newest change it has been given. Opaque to the reader: it only passes it back.
 */
export type ChangeStamp = number;

/** What a read of changes returns: the documents, and the stamp to pass next time. */
export interface Changes<T> {
  changed: T[];
  stamp: ChangeStamp;
}

/** What the desk keeps of a session: where, and whether it is still in flight. */
export interface OpsSession {
  sessionId: string;
  siteId?: string;
  deviceId?: string;
  opened: boolean;
  closed: boolean;
  outcome?: string;
  /** online / transcribed, as the v3 outcome or completion said it (absent for older events). */
  source?: string;
  completedAt?: string;
  elapsedMillis?: number;
  /** When it stopped being in flight (completed, cancelled, expired); pruning uses it. */
  closedAt?: string;
}

export interface CircuitStatus {
  upstream: string;
  instance: string;
  state: 'closed' | 'open' | 'half-open';
  at: string;
  consecutiveFailures: number;
}

export type FeedKind =
  'outcome' | 'device-offline' | 'device-online' | 'alert-raised' | 'alert-cleared' | 'alert-acknowledged' | 'alert-resolved' | 'circuit';

/** One line of the live feed (no personal data: ids, places, outcome kinds, times). */
export interface FeedEntry {
  id: string;
  at: string;
  kind: FeedKind;
  text: string;
  siteId?: string;
  deviceId?: string;
  sessionId?: string;
  outcome?: string;
  elapsedMillis?: number;
}

/**
 * The operations read models. Every write is a single-document atomic update (no transactions on
 * the test server): state documents change by compare-and-set, minute buckets by a conditional
 * `$inc` that remembers the facts it counted, so a redelivered event changes nothing.
 */
export interface OperationsRepository {
  upsertSite(site: SiteInfo): Promise<void>;
  sites(): Promise<SiteInfo[]>;
  /**
   * The sites written since `stamp` (every site when it is absent), and the stamp to pass next time.
   * Every write gives its document a change stamp: a site written after this answer was read is in
   * the next answer (the read looks a little behind the stamp, for writes still committing while it
   * ran); a site may come again unchanged, so a reader compares what it is given.
   */
  sitesChangedSince(stamp?: ChangeStamp): Promise<Changes<SiteInfo>>;
  /** A bus's itinerary replaced as a whole (a site heard of first through its itinerary is of kind unknown until registered). */
  planItinerary(siteId: string, itinerary: PlannedStop[]): Promise<void>;
  /** Compare-and-set: `next` sees the current device and returns the new one (null: no change). */
  updateDevice(deviceId: string, next: (current: DeviceStatus | undefined) => DeviceStatus | null): Promise<DeviceStatus | null>;
  devices(siteId?: string): Promise<DeviceStatus[]>;
  /** The devices written since `stamp` (every device when it is absent), as sitesChangedSince. */
  devicesChangedSince(stamp?: ChangeStamp): Promise<Changes<DeviceStatus>>;
  /** Adds an event's fields (and its id, to tell a redelivery) in one update; see SessionMerge. */
  mergeSession(sessionId: string, patch: Partial<Omit<OpsSession, 'sessionId'>>, eventId: string): Promise<SessionMerge<OpsSession>>;
  /** Sessions opened and not yet completed, cancelled or expired, per site. */
  inFlightBySite(): Promise<Map<string, number>>;
  /** Adds a fact to its minute once (`factId` remembered); false if it was already counted. */
  addToMinute(siteId: string, minute: string, factId: string, fact: MinuteFact): Promise<boolean>;
  /** The buckets from `fromMinute` on (up to `toMinute` inclusive when given), of one site when `siteId` is set. */
  minutes(fromMinute: string, siteId?: string, toMinute?: string): Promise<MinuteBucket[]>;
  /** Keeps the newest state per upstream and instance; false when `circuit` was older. */
  setCircuit(circuit: CircuitStatus): Promise<boolean>;
  circuits(): Promise<CircuitStatus[]>;
  /**
   * Alert states as the monitors published them, shared by every audit instance: claiming a change
   * (raise or clear) succeeds for one instance only, so each change is published once.
   */
  raisedAlerts(): Promise<Map<string, Pick<Alert, 'alertId' | 'kind' | 'scope'>>>;
  claimAlertChange(alert: Pick<Alert, 'alertId' | 'kind' | 'scope'>, raised: boolean): Promise<boolean>;
  /** Idempotent by entry id. */
  addFeed(entry: FeedEntry): Promise<void>;
  /** Newest first; only the given sites when `siteIds` is set, only the given device when `deviceId` is. */
  feed(limit: number, siteIds?: readonly string[], deviceId?: string): Promise<FeedEntry[]>;
  /** One device's status (the desk's device drill-down). */
  device(deviceId: string): Promise<DeviceStatus | undefined>;
  /** Forgets minute buckets and feed lines older than `before` (no TTL index on the test server). */
  prune(before: Date): Promise<void>;
}
