import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AlertScope, OperationsAlertKind } from './operations-alert';

/**
 * A staff member resolved an operations alert ("handled"): who (the staff token's subject), when,
 * and their note. Audit records it like every staff action. Key: alert id.
 */
export const OperationsAlertResolvedV1 = defineEvent({
  type: 'operations.alert-resolved',
  version: 1,
  partitions: 1,
  data: () =>
    z.object({
      alertId: z.string().min(1).max(200),
      kind: OperationsAlertKind,
      scope: AlertScope,
      by: z.string().min(1).max(200),
      at: z.iso.datetime({ offset: true }),
      note: z.string().min(1).max(500),
    }),
});
