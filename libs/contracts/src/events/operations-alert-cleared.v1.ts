import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AlertScope, OperationsAlertKind } from './operations-alert';

/** The condition of a raised alert is over. Key: alert id. */
export const OperationsAlertClearedV1 = defineEvent({
  type: 'operations.alert-cleared',
  version: 1,
  partitions: 1,
  data: () =>
    z.object({
      alertId: z.string().min(1).max(200),
      kind: OperationsAlertKind,
      scope: AlertScope,
      clearedAt: z.iso.datetime({ offset: true }),
    }),
});
