import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AlertScope, OperationsAlertKind } from './operations-alert';

/**
 * The operations read model saw a condition the central desk must act on (audit publishes it).
 * `alertId` is stable per condition (`<kind>:<scope>`), so raised/cleared pair up. Key: alert id.
 */
export const OperationsAlertRaisedV1 = defineEvent({
  type: 'operations.alert-raised',
  version: 1,
  partitions: 1,
  data: () =>
    z.object({
      alertId: z.string().min(1).max(200),
      kind: OperationsAlertKind,
      severity: z.enum(['warning', 'critical']),
      scope: AlertScope,
      message: z.string().min(1).max(300),
      value: z.number().optional(),
      threshold: z.number().optional(),
      raisedAt: z.iso.datetime({ offset: true }),
    }),
});
