import { plainCopy } from '@hcv/messaging';
import { mergeInMemory, type SessionMerge } from '../read-model/session-merge';
import type { Alert } from './alert-rules';
import type { DeviceStatus } from './device-status';
import { applyIncrement, emptyBucket, incrementOf, type MinuteBucket, type MinuteFact } from './operations-window';

/** A facility or a checkup bus (巡回健診), as site.registered described it. */
export interface SiteInfo {
  siteId: string;
  kind: 'facility' | 'bus' | 'unknown';
  name?: string;
  institutionNumber?: string;
}

/** What the desk keeps of a session: where, and whether it is still in flight. */
export interface OpsSession {
  sessionId: string;
  siteId?: string;
  deviceId?: string;
  opened: boolean;
  closed: boolean;
  outcome?: string;
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

export interface AlertRecord extends Alert {
  active: boolean;
  raisedAt?: string;
  clearedAt?: string;
  /** Event time of the last change; an older event arriving late changes nothing. */
  changedAt: string;
}

export type FeedKind = 'outcome' | 'device-offline' | 'device-online' | 'alert-raised' | 'alert-cleared' | 'circuit';

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
  /** Compare-and-set: `next` sees the current device and returns the new one (null: no change). */
  updateDevice(deviceId: string, next: (current: DeviceStatus | undefined) => DeviceStatus | null): Promise<DeviceStatus | null>;
  devices(siteId?: string): Promise<DeviceStatus[]>;
  /** Adds an event's fields (and its id, to tell a redelivery) in one update; see SessionMerge. */
  mergeSession(sessionId: string, patch: Partial<Omit<OpsSession, 'sessionId'>>, eventId: string): Promise<SessionMerge<OpsSession>>;
  /** Sessions opened and not yet completed, cancelled or expired, per site. */
  inFlightBySite(): Promise<Map<string, number>>;
  /** Adds a fact to its minute once (`factId` remembered); false if it was already counted. */
  addToMinute(siteId: string, minute: string, factId: string, fact: MinuteFact): Promise<boolean>;
  minutes(fromMinute: string, siteId?: string): Promise<MinuteBucket[]>;
  /** Keeps the newest state per upstream and instance; false when `circuit` was older. */
  setCircuit(circuit: CircuitStatus): Promise<boolean>;
  circuits(): Promise<CircuitStatus[]>;
  /** Keeps the newest change per alert id; false when `alert` was older. */
  putAlert(alert: AlertRecord): Promise<boolean>;
  alerts(): Promise<AlertRecord[]>;
  /**
   * Alert states as the monitors published them, shared by every audit instance: claiming a change
   * (raise or clear) succeeds for one instance only, so each change is published once.
   */
  raisedAlerts(): Promise<Map<string, Pick<Alert, 'alertId' | 'kind' | 'scope'>>>;
  claimAlertChange(alert: Pick<Alert, 'alertId' | 'kind' | 'scope'>, raised: boolean): Promise<boolean>;
  /** Idempotent by entry id. */
  addFeed(entry: FeedEntry): Promise<void>;
  /** Newest first; only the given sites when `siteIds` is set. */
  feed(limit: number, siteIds?: readonly string[]): Promise<FeedEntry[]>;
  /** Forgets minute buckets and feed lines older than `before` (no TTL index on the test server). */
  prune(before: Date): Promise<void>;
}

const newer = (a: string, b: string | undefined) => !b || Date.parse(a) >= Date.parse(b);

export class InMemoryOperationsRepository implements OperationsRepository {
  private readonly siteMap = new Map<string, SiteInfo>();
  private readonly deviceMap = new Map<string, DeviceStatus>();
  private readonly sessions = new Map<string, OpsSession>();
  private readonly sessionEvents = new Map<string, Set<string>>();
  private readonly buckets = new Map<string, MinuteBucket & { facts: Set<string> }>();
  private readonly circuitMap = new Map<string, CircuitStatus>();
  private readonly alertMap = new Map<string, AlertRecord>();
  private readonly feedMap = new Map<string, FeedEntry>();
  private readonly claims = new Map<string, Pick<Alert, 'alertId' | 'kind' | 'scope'> & { raised: boolean }>();

  async upsertSite(site: SiteInfo) {
    this.siteMap.set(site.siteId, { ...this.siteMap.get(site.siteId), ...site });
  }
  async sites() {
    return [...this.siteMap.values()].map((s) => ({ ...s }));
  }
  async updateDevice(deviceId: string, next: (current: DeviceStatus | undefined) => DeviceStatus | null) {
    const updated = next(this.deviceMap.get(deviceId));
    if (updated) this.deviceMap.set(deviceId, { ...updated });
    return updated;
  }
  async devices(siteId?: string) {
    return [...this.deviceMap.values()].filter((d) => !siteId || d.siteId === siteId).map((d) => ({ ...d }));
  }
  async mergeSession(sessionId: string, patch: Partial<Omit<OpsSession, 'sessionId'>>, eventId: string) {
    return mergeInMemory<OpsSession>(this.sessions, this.sessionEvents, { sessionId, initial: { sessionId, opened: false, closed: false }, patch, eventId });
  }
  async inFlightBySite() {
    const counts = new Map<string, number>();
    for (const s of this.sessions.values()) if (s.opened && !s.closed && s.siteId) counts.set(s.siteId, (counts.get(s.siteId) ?? 0) + 1);
    return counts;
  }
  async addToMinute(siteId: string, minute: string, factId: string, fact: MinuteFact) {
    const id = `${siteId}|${minute}`;
    let bucket = this.buckets.get(id);
    if (!bucket) this.buckets.set(id, (bucket = { ...emptyBucket(siteId, minute), facts: new Set() }));
    if (bucket.facts.has(factId)) return false;
    bucket.facts.add(factId);
    applyIncrement(bucket, incrementOf(fact));
    return true;
  }
  async minutes(fromMinute: string, siteId?: string) {
    return [...this.buckets.values()]
      .filter((b) => b.minute >= fromMinute && (!siteId || b.siteId === siteId))
      .map(({ facts: _f, ...b }) => plainCopy(b));
  }
  async setCircuit(c: CircuitStatus) {
    const key = `${c.upstream}|${c.instance}`;
    if (!newer(c.at, this.circuitMap.get(key)?.at)) return false;
    this.circuitMap.set(key, { ...c });
    return true;
  }
  async circuits() {
    return [...this.circuitMap.values()].map((c) => ({ ...c }));
  }
  async putAlert(a: AlertRecord) {
    if (!newer(a.changedAt, this.alertMap.get(a.alertId)?.changedAt)) return false;
    this.alertMap.set(a.alertId, { ...this.alertMap.get(a.alertId), ...structuredClone(a) });
    return true;
  }
  async alerts() {
    return [...this.alertMap.values()].map((a) => plainCopy(a));
  }
  async raisedAlerts() {
    return new Map([...this.claims.values()].filter((c) => c.raised).map(({ raised: _r, ...a }) => [a.alertId, a]));
  }
  async claimAlertChange(alert: Pick<Alert, 'alertId' | 'kind' | 'scope'>, raised: boolean) {
    if ((this.claims.get(alert.alertId)?.raised ?? false) === raised) return false;
    this.claims.set(alert.alertId, { alertId: alert.alertId, kind: alert.kind, scope: alert.scope, raised });
    return true;
  }
  async addFeed(entry: FeedEntry) {
    if (!this.feedMap.has(entry.id)) this.feedMap.set(entry.id, { ...entry });
  }
  async feed(limit: number, siteIds?: readonly string[]) {
    return [...this.feedMap.values()]
      .filter((e) => !siteIds || (e.siteId !== undefined && siteIds.includes(e.siteId)))
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit)
      .map((e) => ({ ...e }));
  }
  async prune(before: Date) {
    const minute = before.toISOString().slice(0, 16);
    for (const [id, b] of this.buckets) if (b.minute < minute) this.buckets.delete(id);
    for (const [id, e] of this.feedMap) if (Date.parse(e.at) < before.getTime()) this.feedMap.delete(id);
    for (const [id, s] of this.sessions) {
      if (!s.closed || !s.closedAt || Date.parse(s.closedAt) >= before.getTime()) continue;
      this.sessions.delete(id);
      this.sessionEvents.delete(id);
    }
  }
}
