import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/** A device was silent past the heartbeat threshold. Key: device id. */
export const DeviceOfflineV1 = defineEvent({
  type: 'device.offline',
  version: 1,
  data: () =>
    z.object({
      deviceId: Identifier,
      siteId: Identifier,
      lastSeenAt: z.iso.datetime({ offset: true }),
      detectedAt: z.iso.datetime({ offset: true }),
      thresholdSeconds: z.number().int().positive(),
    }),
});
