import { randomUUID } from 'node:crypto';
import { OperationsAlertClearedV1, OperationsAlertRaisedV1 } from '@hcv/contracts';
import type { ConsumerGroupLag } from '@hcv/messaging';
import type { ServiceRuntime } from '@hcv/service-kit';
import { alertChanges, desiredAlerts, type Alert, type AlertThresholds } from './alert-rules';
import { isOfflineInService } from './device-status';
import { summarise, windowStart } from './operations-window';
import type { OperationsRepository } from './operations.repository';

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
 * Evaluates the alert rules on the read models every tick, measures consumer lag, and publishes
 * operations.alert-raised / -cleared for what changed. The raised set starts from the alert read
 * model (so a restart does not raise twice) and then follows what this instance published.
 * Run one audit instance per deployment (or accept duplicate alert events from each instance).
 */
export class OperationsMonitor {
  private raised?: Map<string, Pick<Alert, 'alertId' | 'kind' | 'scope'>>;
  private lastPrune = 0;
  lag: LagReport = { applicable: false, groups: [] };

  constructor(
    private readonly ops: OperationsRepository,
    private readonly runtime: Pick<ServiceRuntime, 'bus' | 'publisher' | 'clock' | 'logger'>,
    readonly thresholds: AlertThresholds,
  ) {}

  async tick(): Promise<void> {
    const now = this.runtime.clock();
    this.lag = await this.measureLag(now);
    const [devices, minutes, circuits] = await Promise.all([this.ops.devices(), this.ops.minutes(windowStart(now, 5)), this.ops.circuits()]);
    const siteIds = [...new Set(minutes.map((m) => m.siteId))];
    const desired = desiredAlerts(
      {
        offlineDevices: devices.filter(isOfflineInService),
        sites: siteIds.map((siteId) => ({ siteId, last5: summarise(minutes.filter((m) => m.siteId === siteId), now, 5) })),
        circuits: circuits.filter((c) => now.getTime() - Date.parse(c.at) < CIRCUIT_STALE_MILLIS),
        lag: this.lag.applicable && !this.lag.error ? this.lag.groups : null,
      },
      this.thresholds,
    );
    this.raised ??= new Map((await this.ops.alerts()).filter((a) => a.active).map((a) => [a.alertId, a]));
    const { raise, clear } = alertChanges(this.raised, desired);
    for (const alert of raise) {
      await this.runtime.publisher.publish(OperationsAlertRaisedV1, { ...alert, raisedAt: now.toISOString() }, { subject: alert.alertId, correlationId: `alert-${randomUUID()}` });
      this.raised.set(alert.alertId, alert);
    }
    // Lag that could not be measured is unknown, not over: its alerts stay until a measurement says so.
    for (const alert of clear.filter((a) => a.kind !== 'consumer-lag' || !this.lag.error)) {
      await this.runtime.publisher.publish(
        OperationsAlertClearedV1,
        { alertId: alert.alertId, kind: alert.kind, scope: alert.scope, clearedAt: now.toISOString() },
        { subject: alert.alertId, correlationId: `alert-${randomUUID()}` },
      );
      this.raised.delete(alert.alertId);
    }
    if (now.getTime() - this.lastPrune >= PRUNE_EVERY_MILLIS) {
      this.lastPrune = now.getTime();
      await this.ops.prune(new Date(now.getTime() - RETENTION_MILLIS));
    }
  }

  private async measureLag(now: Date): Promise<LagReport> {
    if (!this.runtime.bus.consumerLag) return { applicable: false, groups: [] };
    try {
      return { applicable: true, measuredAt: now.toISOString(), groups: await this.runtime.bus.consumerLag() };
    } catch (error) {
      this.runtime.logger.warn('consumer lag could not be measured', { error });
      return { applicable: true, measuredAt: now.toISOString(), groups: [], error: (error as Error).message.slice(0, 200) };
    }
  }
}
