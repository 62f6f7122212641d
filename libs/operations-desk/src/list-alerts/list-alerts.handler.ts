import type { StaffClaims } from '@hcv/contracts';
import { canSeeSite } from '@hcv/platform-access';
import { sitesOf } from '../domain/operations-view';
import type { OperationsRepository } from '../persistence/operations.repository';

const newest = (a: { changedAt: string }, b: { changedAt: string }) => b.changedAt.localeCompare(a.changedAt);

/** Active alerts and the latest cleared ones (of the reader's sites). */
export class ListAlertsHandler {
  constructor(private readonly ops: OperationsRepository) {}

  async handle(staff: StaffClaims) {
    const mine = sitesOf(staff);
    const alerts = (await this.ops.alerts()).filter((a) => (a.scope.siteId ? canSeeSite(staff, a.scope.siteId) : !mine));
    return {
      active: alerts.filter((a) => a.active).sort(newest),
      cleared: alerts
        .filter((a) => !a.active)
        .sort(newest)
        .slice(0, 50),
    };
  }
}
