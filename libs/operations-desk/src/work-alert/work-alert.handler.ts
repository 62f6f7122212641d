import { randomUUID } from 'node:crypto';
import {
  AcknowledgeAlertRequest,
  AlertId,
  OperationsAlertAcknowledgedV1,
  OperationsAlertResolvedV1,
  ResolveAlertRequest,
  type StaffClaims,
} from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import { parseRequest } from '@hcv/platform-http';
import { assertCanAct, onStaffStep, type DeskAlert } from '../domain/alert-lifecycle';
import type { DeskAlertRepository } from '../persistence/desk-alert.repository';
import { assertAlertAccess } from '../list-alerts/list-alerts.handler';

/**
 * Staff acknowledge or resolve an alert. Who is the staff token's subject, when is the clock, the
 * note is theirs. The step is published as an event first (audit records it in its ledger, like
 * every staff action; the desk's projection applies it on every replica), then applied here at
 * once (by the event's id, so the projection's later application changes nothing) and answered
 * with the alert and its history.
 */
export class WorkAlertHandler {
  constructor(
    private readonly alerts: Pick<DeskAlertRepository, 'get' | 'update'>,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
    private readonly announce: (alert: DeskAlert) => void = () => undefined,
  ) {}

  async acknowledge(rawId: string, body: unknown, staff: StaffClaims) {
    const { note } = parseRequest(AcknowledgeAlertRequest, body ?? {});
    return this.step('acknowledged', rawId, note || undefined, staff);
  }

  async resolve(rawId: string, body: unknown, staff: StaffClaims) {
    const { note } = parseRequest(ResolveAlertRequest, body);
    return this.step('resolved', rawId, note, staff);
  }

  private async step(action: 'acknowledged' | 'resolved', rawId: string, note: string | undefined, staff: StaffClaims) {
    const alertId = parseRequest(AlertId, rawId);
    const current = assertCanAct(await this.alerts.get(alertId), alertId, action);
    assertAlertAccess(staff, current);
    const at = this.clock().toISOString();
    const data = { alertId, kind: current.kind, scope: current.scope, by: staff.sub, at, ...(note ? { note } : {}) };
    const context = { subject: alertId, correlationId: `alert-${randomUUID()}` };
    const event =
      action === 'acknowledged'
        ? await this.publisher.publish(OperationsAlertAcknowledgedV1, data, context)
        : await this.publisher.publish(OperationsAlertResolvedV1, { ...data, note: note! }, context);
    const updated = await this.alerts.update(alertId, (cur) =>
      onStaffStep(cur, action, { by: staff.sub, at, ...(note ? { note } : {}) }, event.id),
    );
    const alert = updated ?? (await this.alerts.get(alertId))!;
    if (updated) this.announce(updated);
    return { at, alert };
  }
}
