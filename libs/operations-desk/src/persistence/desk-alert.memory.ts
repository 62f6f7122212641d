import { plainCopy } from '@hcv/messaging';
import type { DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertQuery, DeskAlertRepository } from './desk-alert.repository';

const newestFirst = (a: DeskAlert, b: DeskAlert) => b.changedAt.localeCompare(a.changedAt) || a.alertId.localeCompare(b.alertId);

export class InMemoryDeskAlertRepository implements DeskAlertRepository {
  private readonly alerts = new Map<string, DeskAlert>();

  async get(alertId: string) {
    const alert = this.alerts.get(alertId);
    return alert ? plainCopy(alert) : undefined;
  }
  async update(alertId: string, next: (current: DeskAlert | undefined) => DeskAlert | null) {
    const current = this.alerts.get(alertId);
    const updated = next(current ? plainCopy(current) : undefined);
    if (!updated) return null;
    this.alerts.set(alertId, plainCopy({ ...updated, alertId }));
    return plainCopy(updated);
  }
  async list(query: DeskAlertQuery) {
    return [...this.alerts.values()]
      .filter((a) => !query.states || query.states.includes(a.state))
      .filter((a) => !query.siteIds || (a.scope.siteId !== undefined && query.siteIds.includes(a.scope.siteId)))
      .sort(newestFirst)
      .slice(0, query.limit)
      .map((a) => plainCopy(a));
  }
  async changedSince(at: string) {
    return [...this.alerts.values()]
      .filter((a) => a.changedAt >= at)
      .sort(newestFirst)
      .map((a) => plainCopy(a));
  }
}
