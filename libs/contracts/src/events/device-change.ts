import { z } from 'zod';
import { Identifier } from '../common';

/** What every device state change records: who, when, why. */
export const DeviceChange = z.object({
  deviceId: Identifier,
  at: z.iso.datetime({ offset: true }),
  by: z.string().min(1).max(64),
  reason: z.string().min(1).max(300),
});
