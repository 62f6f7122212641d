/**
 * Operations alert rules (pure): from the read models' current picture, the set of conditions that
 * should be alerting now; and the difference with what is already raised, which audit publishes as
 * operations.alert-raised / operations.alert-cleared. An alert id is stable per condition
 * (`<kind>:<scope>`), so one condition is raised once and cleared once.
 */
import type { OperationsAlertKind } from '@hcv/contracts';
import type { WindowSummary } from './operations-window';

export interface AlertThresholds {
  /** Share of non-matched outcomes in the last 5 minutes of a site above which it alerts (0..1). */
  failureRate: number;
  /** Fewer outcomes than this in the window never alert (one mismatch is not a trend). */
  failureRateMinOutcomes: number;
  /** Unhandled messages of one consumer group above which it alerts. */
  consumerLag: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { failureRate: 0.5, failureRateMinOutcomes: 5, consumerLag: 1_000 };

export interface AlertScope {
  siteId?: string;
  deviceId?: string;
  upstream?: string;
  groupId?: string;
}

export interface Alert {
  alertId: string;
  kind: OperationsAlertKind;
  severity: 'warning' | 'critical';
  scope: AlertScope;
  message: string;
  value?: number;
  threshold?: number;
}

export interface AlertInputs {
  offlineDevices: { deviceId: string; siteId: string; lastSeenAt?: string }[];
  sites: { siteId: string; last5: WindowSummary }[];
  /** The latest state of each instance's breaker per upstream. */
  circuits: { upstream: string; instance: string; state: 'closed' | 'open' | 'half-open' }[];
  /** null where lag cannot be measured. */
  lag: { groupId: string; lag: number }[] | null;
  /**
   * Buses outside their operating hours now (see `busOperatingNow`): their site alerts are not
   * raised (a bus parked at night has its tablets off), and raised ones clear.
   */
  offHours?: ReadonlySet<string>;
}

const percent = (x: number) => `${Math.round(x * 100)} %`;
const MAX_NAMED_DEVICES = 5;

/**
 * The conditions that should be alerting now. Site alerts are one per site and kind, whatever the
 * number of devices behind them (`device-offline:<site>` names its offline devices in the message
 * and counts them in `value`); none for a bus outside its operating hours.
 */
export function desiredAlerts(inputs: AlertInputs, t: AlertThresholds): Alert[] {
  const alerts: Alert[] = [];
  const quiet = (siteId: string) => inputs.offHours?.has(siteId) ?? false;
  const offlineBySite = new Map<string, string[]>();
  for (const d of inputs.offlineDevices) {
    if (quiet(d.siteId)) continue;
    offlineBySite.set(d.siteId, [...(offlineBySite.get(d.siteId) ?? []), d.deviceId]);
  }
  for (const [siteId, devices] of offlineBySite) {
    const named = [...devices].sort();
    const list = named.slice(0, MAX_NAMED_DEVICES).join(', ') + (named.length > MAX_NAMED_DEVICES ? ', …' : '');
    alerts.push({
      alertId: `device-offline:${siteId}`,
      kind: 'device-offline',
      severity: 'warning',
      scope: { siteId },
      message: `${named.length} device(s) at ${siteId} offline: ${list}.`.slice(0, 300),
      value: named.length,
    });
  }
  for (const s of inputs.sites) {
    if (quiet(s.siteId)) continue;
    const rate = s.last5.failureRate;
    if (rate === null || s.last5.outcomes < t.failureRateMinOutcomes || rate <= t.failureRate) continue;
    alerts.push({
      alertId: `failure-rate:${s.siteId}`,
      kind: 'failure-rate',
      severity: 'warning',
      scope: { siteId: s.siteId },
      message: `${percent(rate)} of the last ${s.last5.outcomes} outcomes at ${s.siteId} in 5 minutes were not matched (threshold ${percent(t.failureRate)}).`,
      value: rate,
      threshold: t.failureRate,
    });
  }
  const openByUpstream = new Map<string, string[]>();
  for (const c of inputs.circuits)
    if (c.state !== 'closed') openByUpstream.set(c.upstream, [...(openByUpstream.get(c.upstream) ?? []), c.instance]);
  for (const [upstream, instances] of openByUpstream) {
    alerts.push({
      alertId: `circuit-open:${upstream}`,
      kind: 'circuit-open',
      severity: 'critical',
      scope: { upstream },
      message: `The circuit to ${upstream} is open in ${instances.length} qualification-lookup instance(s); lookups wait on the retry topic.`,
      value: instances.length,
    });
  }
  for (const g of inputs.lag ?? []) {
    if (g.lag <= t.consumerLag) continue;
    alerts.push({
      alertId: `consumer-lag:${g.groupId}`,
      kind: 'consumer-lag',
      severity: 'warning',
      scope: { groupId: g.groupId },
      message: `Consumer group ${g.groupId} is ${g.lag} messages behind (threshold ${t.consumerLag}).`,
      value: g.lag,
      threshold: t.consumerLag,
    });
  }
  return alerts;
}

/** What to publish: alerts that should be raised and are not, and raised ones whose condition ended. */
export function alertChanges(raised: ReadonlyMap<string, Pick<Alert, 'alertId' | 'kind' | 'scope'>>, desired: readonly Alert[]) {
  const wanted = new Map(desired.map((a) => [a.alertId, a]));
  return {
    raise: desired.filter((a) => !raised.has(a.alertId)),
    clear: [...raised.values()].filter((a) => !wanted.has(a.alertId)),
  };
}
