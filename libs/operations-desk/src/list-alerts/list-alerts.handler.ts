import { AlertId, OperationsAlertsQuery, type StaffClaims } from '@hcv/contracts';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import { DomainError } from '@hcv/domain';
import { sitesOf } from '../domain/operations-view';
import type { DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';

/** May this reader see (and work on) this alert? A site's alert: its site; a federation-wide one: the central desk. */
export function assertAlertAccess(staff: StaffClaims, alert: DeskAlert): void {
  if (alert.scope.siteId) return assertSiteAccess(staff, alert.scope.siteId);
  if (sitesOf(staff))
    throw new DomainError(
      'role-required',
      `Alert ${alert.alertId} concerns the whole federation: it is the central desk's (operator).`,
      403,
    );
}

/** Alerts by state, newest change first (an indexed read), and one alert with its history. */
export class ListAlertsHandler {
  constructor(
    private readonly alerts: Pick<DeskAlertRepository, 'list' | 'get'>,
    private readonly clock: () => Date,
  ) {}

  async handle(query: unknown, staff: StaffClaims) {
    const q = parseRequest(OperationsAlertsQuery, query ?? {});
    if (q.siteId) assertSiteAccess(staff, q.siteId);
    const siteIds = q.siteId ? [q.siteId] : sitesOf(staff);
    const alerts = await this.alerts.list({ ...(q.state ? { states: [q.state] } : {}), ...(siteIds ? { siteIds } : {}), limit: q.limit });
    return {
      at: this.clock().toISOString(),
      alerts,
      active: alerts.filter((a) => a.condition === 'active'),
      cleared: alerts.filter((a) => a.condition === 'cleared'),
    };
  }

  async one(raw: string, staff: StaffClaims) {
    const alertId = parseRequest(AlertId, raw);
    const alert = await this.alerts.get(alertId);
    if (!alert) throw new DomainError('alert-not-found', `There is no alert ${alertId}.`, 404);
    assertAlertAccess(staff, alert);
    return { at: this.clock().toISOString(), alert };
  }
}
