import { z } from 'zod';
import { Identifier } from '../common';

/** What an operations alert is about. */
export const OperationsAlertKind = z.enum(['device-offline', 'failure-rate', 'circuit-open', 'consumer-lag']);
export type OperationsAlertKind = z.infer<typeof OperationsAlertKind>;

/** Where the alert applies: a device (and its site), a site, an upstream, or a consumer group. No personal data. */
export const AlertScope = z.object({
  siteId: Identifier.optional(),
  deviceId: Identifier.optional(),
  upstream: z.string().max(64).optional(),
  groupId: z.string().max(128).optional(),
});
