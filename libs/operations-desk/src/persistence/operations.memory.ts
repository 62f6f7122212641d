import { mergeInMemory } from '@hcv/domain';
import type { Alert } from '../domain/alert-rules';
import type { PlannedStop } from '../domain/bus-hours';
import type { DeviceStatus } from '../domain/device-status';
import type { SiteInfo } from '../domain/operations-view';
import { applyIncrement, emptyBucket, incrementOf, pushOf, type MinuteBucket, type MinuteFact } from '../domain/operations-window';
import type { ChangeStamp, CircuitStatus, FeedEntry, OperationsRepository, OpsSession } from './operations.repository';

// an explicit copy (the desk's refresh reads many buckets: a generic deep copy cost seconds at 700 sites)
const copyOf = ({ facts: _f, ...b }: MinuteBucket & { facts: Set<string> }): MinuteBucket => ({
  ...b,
  outcomes: { ...b.outcomes },
  sources: { ...b.sources },
  buckets: { ...b.buckets },
  latencies: b.latencies.slice(),
});

const newer = (a: string, b: string | undefined) => !b || Date.parse(a) >= Date.parse(b);

export class InMemoryOperationsRepository implements OperationsRepository {
  private readonly siteMap = new Map<string, SiteInfo>();
  private readonly deviceMap = new Map<string, DeviceStatus>();
  private readonly sessions = new Map<string, OpsSession>();
  private readonly sessionEvents = new Map<string, Set<string>>();
  /** Minute → site → bucket: a window reads its minutes only, not the day's buckets. */
  private readonly buckets = new Map<string, Map<string, MinuteBucket & { facts: Set<string> }>>();
  private readonly circuitMap = new Map<string, CircuitStatus>();
  private readonly feedMap = new Map<string, FeedEntry>();
  private readonly claims = new Map<string, Pick<Alert, 'alertId' | 'kind' | 'scope'> & { raised: boolean }>();
  /** The change stamps: a sequence (one process, no write still committing), each site's and device's last. */
  private sequence = 0;
  private readonly siteStamps = new Map<string, number>();
  private readonly deviceStamps = new Map<string, number>();

  async upsertSite(site: SiteInfo) {
    this.siteMap.set(site.siteId, { ...this.siteMap.get(site.siteId), ...site });
    this.siteStamps.set(site.siteId, ++this.sequence);
  }
  async planItinerary(siteId: string, itinerary: PlannedStop[]) {
    this.siteMap.set(siteId, { siteId, kind: 'unknown', ...this.siteMap.get(siteId), itinerary: structuredClone(itinerary) });
    this.siteStamps.set(siteId, ++this.sequence);
  }
  async sites() {
    return [...this.siteMap.values()].map((s) => structuredClone(s));
  }
  async sitesChangedSince(stamp?: ChangeStamp) {
    const changed = [...this.siteMap.values()].filter((s) => stamp === undefined || this.siteStamps.get(s.siteId)! > stamp);
    return { changed: changed.map((s) => structuredClone(s)), stamp: this.sequence };
  }
  async updateDevice(deviceId: string, next: (current: DeviceStatus | undefined) => DeviceStatus | null) {
    const updated = next(this.deviceMap.get(deviceId));
    if (updated) {
      this.deviceMap.set(deviceId, { ...updated });
      this.deviceStamps.set(deviceId, ++this.sequence);
    }
    return updated;
  }
  async devices(siteId?: string) {
    return [...this.deviceMap.values()].filter((d) => !siteId || d.siteId === siteId).map((d) => ({ ...d }));
  }
  async devicesChangedSince(stamp?: ChangeStamp) {
    const changed = [...this.deviceMap.values()].filter((d) => stamp === undefined || this.deviceStamps.get(d.deviceId)! > stamp);
    return { changed: changed.map((d) => ({ ...d })), stamp: this.sequence };
  }
  async mergeSession(sessionId: string, patch: Partial<Omit<OpsSession, 'sessionId'>>, eventId: string) {
    return mergeInMemory<OpsSession>(this.sessions, this.sessionEvents, {
      sessionId,
      initial: { sessionId, opened: false, closed: false },
      patch,
      eventId,
    });
  }
  async inFlightBySite() {
    const counts = new Map<string, number>();
    for (const s of this.sessions.values()) if (s.opened && !s.closed && s.siteId) counts.set(s.siteId, (counts.get(s.siteId) ?? 0) + 1);
    return counts;
  }
  async addToMinute(siteId: string, minute: string, factId: string, fact: MinuteFact) {
    let ofMinute = this.buckets.get(minute);
    if (!ofMinute) this.buckets.set(minute, (ofMinute = new Map()));
    let bucket = ofMinute.get(siteId);
    if (!bucket) ofMinute.set(siteId, (bucket = { ...emptyBucket(siteId, minute), facts: new Set() }));
    if (bucket.facts.has(factId)) return false;
    bucket.facts.add(factId);
    applyIncrement(bucket, incrementOf(fact), pushOf(fact));
    return true;
  }
  async minutes(fromMinute: string, siteId?: string, toMinute?: string) {
    const found: MinuteBucket[] = [];
    for (const [minute, ofMinute] of this.buckets) {
      if (minute < fromMinute || (toMinute !== undefined && minute > toMinute)) continue;
      if (siteId === undefined) for (const b of ofMinute.values()) found.push(copyOf(b));
      else {
        const b = ofMinute.get(siteId);
        if (b) found.push(copyOf(b));
      }
    }
    return found;
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
  async device(deviceId: string) {
    const d = this.deviceMap.get(deviceId);
    return d ? { ...d } : undefined;
  }
  async feed(limit: number, siteIds?: readonly string[], deviceId?: string) {
    return [...this.feedMap.values()]
      .filter((e) => !siteIds || (e.siteId !== undefined && siteIds.includes(e.siteId)))
      .filter((e) => !deviceId || e.deviceId === deviceId)
      .sort((a, b) => b.at.localeCompare(a.at))
      .slice(0, limit)
      .map((e) => ({ ...e }));
  }
  async prune(before: Date) {
    const minute = before.toISOString().slice(0, 16);
    for (const m of this.buckets.keys()) if (m < minute) this.buckets.delete(m);
    for (const [id, e] of this.feedMap) if (Date.parse(e.at) < before.getTime()) this.feedMap.delete(id);
    for (const [id, s] of this.sessions) {
      if (!s.closed || !s.closedAt || Date.parse(s.closedAt) >= before.getTime()) continue;
      this.sessions.delete(id);
      this.sessionEvents.delete(id);
    }
  }
}
