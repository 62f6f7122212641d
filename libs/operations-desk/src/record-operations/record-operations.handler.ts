import { ALL_EVENT_CONTRACTS, type EventEnvelope } from '@hcv/contracts';
import { countsNow } from '@hcv/domain';
import { onCleared, onRaised, onStaffStep, type DeskAlert } from '../domain/alert-lifecycle';
import type { Alert } from '../domain/alert-rules';
import type { PlannedStop } from '../domain/bus-hours';
import { nextDeviceStatus } from '../domain/device-status';
import { minuteOf } from '../domain/operations-window';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';
import type { FeedEntry, OperationsRepository, OpsSession } from '../persistence/operations.repository';

/** The event types the operations read models are built from (the ones handle() reads). */
export const OPERATIONS_EVENT_TYPES = [
  'site.registered',
  'device.registered',
  'device.activated',
  'device.credential-issued',
  'device.suspended',
  'device.retired',
  'device.offline',
  'device.online',
  'session.opened',
  'verification.outcome',
  'session.completed',
  'session.cancelled',
  'session.expired',
  'eligibility.retry',
  'qualification.resolved',
  'lookup.circuit-changed',
  'operations.alert-raised',
  'operations.alert-cleared',
  'operations.alert-acknowledged',
  'operations.alert-resolved',
  'site.itinerary-planned',
  'tour.readiness-checked',
  'tour.marked-ready',
] as const;

/**
 * Every registered version of those types: handle() reads fields every version carries, so a new
 * version is projected without touching this list (a list of versions here once left out the
 * insurers' own session events — session.opened v3, verification.outcome v4 — and the credential
 * that shows a device activated by a code).
 */
export const OPERATIONS_CONTRACTS = OPERATIONS_EVENT_TYPES.flatMap((type) =>
  ALL_EVENT_CONTRACTS.filter((c) => c.type === type).sort((a, b) => a.version - b.version),
);

/**
 * What the desk's stream pushes as `readiness-changed` when a bus's tour readiness changes: a device's
 * check (each check green or red with its reason; whether the whole bus is ready after it; a withdrawn
 * mark) or the tour day marked ready. No personal data: ids, check names, reasons written for staff.
 */
export interface ReadinessChange {
  at: string;
  busId: string;
  tourDate: string;
  /** `checked`: a device ran its checks; `marked-ready`: the tour day was marked ready. */
  change: 'checked' | 'marked-ready';
  /** Every device of the bus green (after this check), or the day marked ready. */
  tourReady: boolean;
  deviceId?: string;
  checks?: { check: string; state: 'green' | 'red'; reason?: string }[];
  markWithdrawn?: boolean;
  markedReadyBy?: string;
  deviceIds?: string[];
}

type Data = Record<string, unknown>;
type Countable = OpsSession & Required<Pick<OpsSession, 'siteId' | 'outcome' | 'completedAt' | 'elapsedMillis'>>;
/** A session's outcome can be counted in its minute once its place and its completion are known. */
const countable = (s: OpsSession): s is Countable => !!s.siteId && !!s.outcome && !!s.completedAt && s.elapsedMillis !== undefined;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const iso = (v: unknown, fallback: string) => new Date(str(v) ?? fallback).toISOString();

/** Writes that go out in one round: all settled before the first failure is thrown (none still writing when the message is retried). */
async function together(writes: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(writes)).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/**
 * Keeps the operations read models from events (a projection run by audit's consumer group
 * `audit.record`, see OperationsDeskModule.alongsideAudit): sites, device
 * status, sessions in flight, per-minute outcome and national-system failure counts, upstream
 * circuits, alerts, and the live feed. Reads no personal field; every write is idempotent.
 */
export class RecordOperationsHandler {
  constructor(
    private readonly ops: OperationsRepository,
    private readonly alerts: DeskAlertRepository,
    /** Told of every alert change this projection makes (the desk's stream pushes it at once). */
    private readonly announce: (alert: DeskAlert) => void = () => undefined,
    /** Told of every tour readiness change (the desk's stream pushes it as `readiness-changed`). */
    private readonly announceReadiness: (change: ReadinessChange) => void = () => undefined,
  ) {}

  async handle(event: EventEnvelope): Promise<void> {
    const d = obj(event.data);
    switch (event.type) {
      case 'site.registered':
        return this.ops.upsertSite({
          siteId: d.siteId as string,
          kind: d.kind === 'bus' ? 'bus' : 'facility',
          name: str(d.name),
          institutionNumber: str(d.institutionNumber),
        });
      case 'device.registered':
      case 'device.activated':
      case 'device.credential-issued':
      case 'device.suspended':
      case 'device.retired':
      case 'device.offline':
      case 'device.online':
        return this.device(event);
      case 'session.opened':
        await this.session(event.id, d.sessionId as string, { opened: true, siteId: str(d.siteId), deviceId: str(d.deviceId) });
        return;
      case 'verification.outcome':
        // a settlement comes after the session completed: counted in its own minute, the outcome stays as decided
        if (d.outcome === 'matched-after-settlement') return this.settled(event);
        await this.session(event.id, d.sessionId as string, { siteId: str(d.siteId), source: str(d.source) });
        return;
      case 'session.completed': {
        const at = iso(d.completedAt, event.time);
        await this.session(event.id, d.sessionId as string, {
          closed: true,
          closedAt: at,
          outcome: str(d.outcome),
          source: str(d.source),
          completedAt: at,
          elapsedMillis: Number(d.elapsedMillis),
        });
        return;
      }
      case 'session.cancelled':
      case 'session.expired':
        await this.session(event.id, d.sessionId as string, { closed: true, closedAt: iso(d.at, event.time) });
        return;
      case 'eligibility.retry':
        return this.nationalFailure(event, str(obj(obj(d.request)).siteId));
      case 'qualification.resolved':
        if (obj(d.result).status === 'unavailable') return this.nationalFailure(event, str(obj(d.request).siteId));
        return;
      case 'lookup.circuit-changed':
        return this.circuit(event);
      case 'operations.alert-raised':
      case 'operations.alert-cleared':
      case 'operations.alert-acknowledged':
      case 'operations.alert-resolved':
        return this.alert(event);
      case 'site.itinerary-planned':
        return this.ops.planItinerary(d.siteId as string, (d.itinerary as PlannedStop[]) ?? []);
      case 'tour.readiness-checked':
        this.announceReadiness({
          at: iso(d.checkedAt, event.time),
          busId: d.busId as string,
          tourDate: d.tourDate as string,
          change: 'checked',
          tourReady: d.tourReady === true,
          ...(str(d.deviceId) ? { deviceId: str(d.deviceId) } : {}),
          checks: (Array.isArray(d.checks) ? d.checks : []) as NonNullable<ReadinessChange['checks']>,
          ...(d.markWithdrawn === true ? { markWithdrawn: true } : {}),
        });
        return;
      case 'tour.marked-ready':
        this.announceReadiness({
          at: iso(d.markedReadyAt, event.time),
          busId: d.busId as string,
          tourDate: d.tourDate as string,
          change: 'marked-ready',
          tourReady: true,
          ...(str(d.markedReadyBy) ? { markedReadyBy: str(d.markedReadyBy) } : {}),
          deviceIds: (Array.isArray(d.deviceIds) ? d.deviceIds : []) as string[],
        });
        return;
      default:
        return;
    }
  }

  private async device(event: EventEnvelope): Promise<void> {
    const deviceEvent = { type: event.type, time: event.time, data: obj(event.data) };
    const updated = await this.ops.updateDevice(deviceEvent.data.deviceId as string, (current) => nextDeviceStatus(current, deviceEvent));
    if (!updated || (event.type !== 'device.offline' && event.type !== 'device.online')) return;
    await this.ops.addFeed({
      id: `e:${event.id}`,
      at: updated.connectivityAt,
      kind: event.type === 'device.offline' ? 'device-offline' : 'device-online',
      siteId: updated.siteId,
      deviceId: updated.deviceId,
      text:
        event.type === 'device.offline'
          ? `${updated.deviceId} went offline`
          : `${updated.deviceId} is back online${updated.stopId ? ` at stop ${updated.stopId}` : ''}`,
    });
  }

  /**
   * Merges what an event says about a session; once its place and its completion are both known
   * (they come from different topics, in any order), counts its outcome in its minute exactly once:
   * from the event that completed it (a later event of the session writes nothing more).
   */
  private async session(eventId: string, sessionId: string, patch: Partial<Omit<OpsSession, 'sessionId'>>): Promise<void> {
    for (const k of Object.keys(patch) as (keyof typeof patch)[]) if (patch[k] === undefined || Number.isNaN(patch[k])) delete patch[k];
    const merge = await this.ops.mergeSession(sessionId, patch, eventId);
    const s = merge.after;
    if (!countable(s) || !countsNow(merge, countable)) return;
    // The count and the feed line leave together: the line is written by id, so a redelivery (or the
    // count's second try after a failure) adds it only if it is not there yet.
    await together([
      this.ops.addToMinute(s.siteId, minuteOf(s.completedAt), `o:${sessionId}`, {
        kind: 'outcome',
        outcome: s.outcome,
        elapsedMillis: s.elapsedMillis,
        ...(s.source ? { source: s.source } : {}),
      }),
      this.ops.addFeed({
        id: `o:${sessionId}`,
        at: s.completedAt,
        kind: 'outcome',
        siteId: s.siteId,
        ...(s.deviceId ? { deviceId: s.deviceId } : {}),
        sessionId,
        outcome: s.outcome,
        elapsedMillis: s.elapsedMillis,
        text: `${s.outcome}${s.source === 'transcribed' ? ' (transcribed, not verified online)' : ''} in ${Math.round(s.elapsedMillis)} ms`,
      }),
    ]);
  }

  /** A staff settlement: counted once in the minute it was decided, with a feed line naming who settled and how. */
  private async settled(event: EventEnvelope): Promise<void> {
    const d = obj(event.data);
    const siteId = str(d.siteId);
    const sessionId = str(d.sessionId);
    if (!siteId || !sessionId) return;
    const at = iso(d.decidedAt, event.time);
    const settlement = obj(d.settlement);
    // the line by id, so a redelivery adds it if the first delivery stopped before it, and nothing otherwise
    await together([
      this.ops.addToMinute(siteId, minuteOf(at), `s:${sessionId}`, { kind: 'settled' }),
      this.ops.addFeed({
        id: `s:${sessionId}`,
        at,
        kind: 'outcome',
        siteId,
        sessionId,
        outcome: 'matched-after-settlement',
        text: `matched-after-settlement (${str(settlement.kind) ?? 'settled'} by ${str(settlement.by) ?? 'staff'})`,
      }),
    ]);
  }

  private async nationalFailure(event: EventEnvelope, siteId: string | undefined): Promise<void> {
    if (!siteId) return;
    await this.ops.addToMinute(siteId, minuteOf(event.time), `f:${event.id}`, { kind: 'national-failure' });
  }

  private async circuit(event: EventEnvelope): Promise<void> {
    const d = obj(event.data);
    const at = iso(d.at, event.time);
    const state = d.state as 'closed' | 'open' | 'half-open';
    const changed = await this.ops.setCircuit({
      upstream: d.upstream as string,
      instance: d.instance as string,
      state,
      at,
      consecutiveFailures: Number(d.consecutiveFailures ?? 0),
    });
    if (!changed) return;
    await this.ops.addFeed({
      id: `e:${event.id}`,
      at,
      kind: 'circuit',
      text: `circuit to ${String(d.upstream)} ${state} (${String(d.instance)})`,
    });
  }

  /**
   * The monitor's raise/clear and the staff's acknowledge/resolve, applied to the alert (idempotent
   * by event id: a redelivery, or a step its route already applied, changes nothing).
   */
  private async alert(event: EventEnvelope): Promise<void> {
    const d = obj(event.data);
    const alertId = d.alertId as string;
    const scope = obj(d.scope) as Alert['scope'];
    let at: string;
    let next: (current: DeskAlert | undefined) => DeskAlert | null;
    switch (event.type) {
      case 'operations.alert-raised': {
        at = iso(d.raisedAt, event.time);
        const raised = {
          alertId,
          kind: d.kind as Alert['kind'],
          severity: d.severity as Alert['severity'],
          scope,
          message: d.message as string,
          ...(typeof d.value === 'number' ? { value: d.value } : {}),
          ...(typeof d.threshold === 'number' ? { threshold: d.threshold } : {}),
          raisedAt: at,
        };
        next = (current) => onRaised(current, raised, event.id);
        break;
      }
      case 'operations.alert-cleared':
        at = iso(d.clearedAt, event.time);
        next = (current) => onCleared(current, at, event.id);
        break;
      default: {
        at = iso(d.at, event.time);
        const step = { by: str(d.by) ?? 'staff', at, ...(str(d.note) ? { note: str(d.note) } : {}) };
        const action = event.type === 'operations.alert-acknowledged' ? 'acknowledged' : 'resolved';
        next = (current) => onStaffStep(current, action, step, event.id);
      }
    }
    const updated = await this.alerts.update(alertId, next);
    if (!updated) return;
    this.announce(updated);
    const last = updated.history[updated.history.length - 1]!;
    await this.ops.addFeed({
      id: `e:${event.id}`,
      at,
      kind: `alert-${last.action}` as FeedEntry['kind'],
      ...(scope.siteId ? { siteId: scope.siteId } : {}),
      ...(scope.deviceId ? { deviceId: scope.deviceId } : {}),
      text:
        last.action === 'raised'
          ? `ALERT ${updated.message}`
          : `${last.action} ${alertId}${last.action === 'cleared' ? '' : ` by ${last.by}`}${last.note ? `: ${last.note}` : ''}`.slice(
              0,
              300,
            ),
    });
  }
}
