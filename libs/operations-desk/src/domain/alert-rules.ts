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
}

const percent = (x: number) => `${Math.round(x * 100)} %`;

export function desiredAlerts(inputs: AlertInputs, t: AlertThresholds): Alert[] {
  const alerts: Alert[] = [];
  for (const d of inputs.offlineDevices) {
    alerts.push({
      alertId: `device-offline:${d.deviceId}`,
      kind: 'device-offline',
      severity: 'warning',
      scope: { deviceId: d.deviceId, siteId: d.siteId },
      message: `Device ${d.deviceId} at ${d.siteId} is offline${d.lastSeenAt ? ` (last seen ${d.lastSeenAt})` : ''}.`,
    });
  }
  for (const s of inputs.sites) {
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
