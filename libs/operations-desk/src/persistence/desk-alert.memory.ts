import { plainCopy } from '@hcv/messaging';
import { UNRESOLVED_STATES, type DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertQuery, DeskAlertRepository } from './desk-alert.repository';
import type { ChangeStamp } from './operations.repository';

const newestFirst = (a: DeskAlert, b: DeskAlert) => b.changedAt.localeCompare(a.changedAt) || a.alertId.localeCompare(b.alertId);

export class InMemoryDeskAlertRepository implements DeskAlertRepository {
  private readonly alerts = new Map<string, DeskAlert>();
  /** The change stamps: a sequence (one process, no write still committing), each alert's last. */
  private sequence = 0;
  private readonly stamps = new Map<string, number>();

  async get(alertId: string) {
    const alert = this.alerts.get(alertId);
    return alert ? plainCopy(alert) : undefined;
  }
  async update(alertId: string, next: (current: DeskAlert | undefined) => DeskAlert | null) {
    const current = this.alerts.get(alertId);
    const updated = next(current ? plainCopy(current) : undefined);
    if (!updated) return null;
    this.alerts.set(alertId, plainCopy({ ...updated, alertId }));
    this.stamps.set(alertId, ++this.sequence);
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
  async alertsChangedSince(stamp?: ChangeStamp) {
    const changed = [...this.alerts.values()].filter((a) =>
      stamp === undefined ? UNRESOLVED_STATES.includes(a.state) : this.stamps.get(a.alertId)! > stamp,
    );
    return { changed: changed.map((a) => plainCopy(a)), stamp: this.sequence };
  }
}
