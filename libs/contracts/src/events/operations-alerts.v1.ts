import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/** What an operations alert is about. */
export const OperationsAlertKind = z.enum(['device-offline', 'failure-rate', 'circuit-open', 'consumer-lag']);
export type OperationsAlertKind = z.infer<typeof OperationsAlertKind>;

/** Where the alert applies: a device (and its site), a site, an upstream, or a consumer group. No personal data. */
const AlertScope = z.object({
  siteId: Identifier.optional(),
  deviceId: Identifier.optional(),
  upstream: z.string().max(64).optional(),
  groupId: z.string().max(128).optional(),
});

/**
 * The operations read model saw a condition the central desk must act on (audit publishes it).
 * `alertId` is stable per condition (`<kind>:<scope>`), so raised/cleared pair up. Key: alert id.
 */
export const OperationsAlertRaisedV1 = defineEvent({
  type: 'operations.alert-raised',
  version: 1,
  partitions: 1,
  data: z.object({
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

/** The condition of a raised alert is over. Key: alert id. */
export const OperationsAlertClearedV1 = defineEvent({
  type: 'operations.alert-cleared',
  version: 1,
  partitions: 1,
  data: z.object({
    alertId: z.string().min(1).max(200),
    kind: OperationsAlertKind,
    scope: AlertScope,
    clearedAt: z.iso.datetime({ offset: true }),
  }),
});
