import { randomUUID } from 'node:crypto';
import { OperationsAlertClearedV1, OperationsAlertRaisedV1 } from '@hcv/contracts';
import type { ConsumerGroupLag } from '@hcv/messaging';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import { alertChanges, desiredAlerts, type Alert, type AlertThresholds } from '../domain/alert-rules';
import { busOperatingNow } from '../domain/bus-hours';
import { isOfflineInService } from '../domain/device-status';
import { summarise, windowStart } from '../domain/operations-window';
import { FleetMirror } from '../persistence/fleet-mirror';
import type { OperationsRepository } from '../persistence/operations.repository';
import { DESK_FULL_REFRESH_MILLIS } from '../refresh-desk/desk-index';

export interface LagReport {
  /** false where the bus cannot measure lag. */
  applicable: boolean;
  measuredAt?: string;
  groups: ConsumerGroupLag[];
  error?: string;
}

/** How long minute buckets, the feed and closed sessions are kept. */
const RETENTION_MILLIS = 24 * 3600_000;
const PRUNE_EVERY_MILLIS = 10 * 60_000;
/**
 * A breaker reports only when it changes, and half-open is seen only when the next call comes: an
 * instance that stopped (or saw no traffic) while open would alert forever. States older than this
 * no longer raise the circuit alert; they stay listed on the page.
 */
const CIRCUIT_STALE_MILLIS = 15 * 60_000;
/**
 * Groups audit no longer runs (their projections moved into `audit.record`). After an upgrade their
 * committed offsets stay on the broker until deleted or expired, and their "lag" would grow forever:
 * once nobody is a member (state Empty) they are left out; during a rolling update an old instance
 * still consuming one keeps it measured.
 */
export const RETIRED_GROUPS: ReadonlySet<string> = new Set(['audit.analytics', 'audit.operations']);

/**
 * The alert monitor: on every tick (EvaluateAlertsScheduler) evaluates the alert rules on the read
 * models, measures consumer lag, and publishes operations.alert-raised / -cleared for what changed. Which alerts are raised is kept in the
 * database and each change is claimed there first, so with several audit instances (k8s runs two)
 * and across restarts every change is published once.
 */
export class EvaluateAlertsHandler {
  private lastPrune = 0;
  private lastLag = Number.NEGATIVE_INFINITY;
  lag: LagReport = { applicable: false, groups: [] };
  /** The sites and devices, read as they change (not the whole fleet on every tick). */
  private readonly fleet: FleetMirror;

  constructor(
    private readonly ops: OperationsRepository,
    private readonly runtime: Pick<ServiceRuntime, 'bus' | 'publisher' | 'clock' | 'logger'>,
    readonly thresholds: AlertThresholds,
    /** Lag costs the broker a few dozen admin requests: measured at most this often. */
    private readonly lagEveryMillis = 15_000,
    /** How often every site and device is read again (OPS_DESK_FULL_REFRESH_MS); in between, those changed. */
    fullReadMillis = DESK_FULL_REFRESH_MILLIS,
  ) {
    this.fleet = new FleetMirror(ops, fullReadMillis);
  }

  async tick(): Promise<void> {
    const now = this.runtime.clock();
    if (now.getTime() - this.lastLag >= this.lagEveryMillis) {
      this.lastLag = now.getTime();
      this.lag = await this.measureLag(now);
    }
    const [minutes, circuits] = await Promise.all([
      this.ops.minutes(windowStart(now, 5)),
      this.ops.circuits(),
      this.fleet.read(now.getTime()),
    ]);
    const sites = [...this.fleet.sites.values()];
    const devices = [...this.fleet.devices.values()];
    const minutesBySite = new Map<string, typeof minutes>();
    for (const m of minutes) minutesBySite.set(m.siteId, [...(minutesBySite.get(m.siteId) ?? []), m]);
    const offHours = new Set(sites.filter((s) => s.kind === 'bus' && !busOperatingNow(s.itinerary, now)).map((s) => s.siteId));
    const desired = desiredAlerts(
      {
        offlineDevices: devices.filter(isOfflineInService),
        sites: [...minutesBySite].map(([siteId, mine]) => ({ siteId, last5: summarise(mine, now, 5) })),
        circuits: circuits.filter((c) => now.getTime() - Date.parse(c.at) < CIRCUIT_STALE_MILLIS),
        lag: this.lag.applicable && !this.lag.error ? this.lag.groups : null,
        offHours,
      },
      this.thresholds,
    );
    const { raise, clear } = alertChanges(await this.ops.raisedAlerts(), desired);
    for (const alert of raise) {
      if (!(await this.ops.claimAlertChange(alert, true))) continue; // another audit instance raised it
      await this.publishOrRelease(alert, true, () =>
        this.runtime.publisher.publish(
          OperationsAlertRaisedV1,
          { ...alert, raisedAt: now.toISOString() },
          { subject: alert.alertId, correlationId: `alert-${randomUUID()}` },
        ),
      );
    }
    // Lag that could not be measured is unknown, not over: its alerts stay until a measurement says so.
    for (const alert of clear.filter((a) => a.kind !== 'consumer-lag' || !this.lag.error)) {
      if (!(await this.ops.claimAlertChange(alert, false))) continue;
      await this.publishOrRelease(alert, false, () =>
        this.runtime.publisher.publish(
          OperationsAlertClearedV1,
          { alertId: alert.alertId, kind: alert.kind, scope: alert.scope, clearedAt: now.toISOString() },
          { subject: alert.alertId, correlationId: `alert-${randomUUID()}` },
        ),
      );
    }
    if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MILLIS) {
      this.lastPrune = now.getTime();
      await this.ops.prune(new Date(now.getTime() - RETENTION_MILLIS));
    }
  }

  /** A change that could not be published is given back, so the next tick tries again. */
  private async publishOrRelease(
    alert: Pick<Alert, 'alertId' | 'kind' | 'scope'>,
    raised: boolean,
    publish: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await publish();
    } catch (error) {
      await this.ops.claimAlertChange(alert, !raised);
      throw error;
    }
  }

  private async measureLag(now: Date): Promise<LagReport> {
    if (!this.runtime.bus.consumerLag) return { applicable: false, groups: [] };
    try {
      const groups = (await this.runtime.bus.consumerLag()).filter((g) => !(RETIRED_GROUPS.has(g.groupId) && g.state === 'Empty'));
      return { applicable: true, measuredAt: now.toISOString(), groups };
    } catch (error) {
      this.runtime.logger.warn('consumer lag could not be measured', { error });
      return { applicable: true, measuredAt: now.toISOString(), groups: [], error: (error as Error).message.slice(0, 200) };
    }
  }
}
