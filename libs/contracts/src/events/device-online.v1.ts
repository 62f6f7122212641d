import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/** An offline device sent a heartbeat again (a bus reports the stop it is at). Key: device id. */
export const DeviceOnlineV1 = defineEvent({
  type: 'device.online',
  version: 1,
  data: () =>
    z.object({
      deviceId: Identifier,
      siteId: Identifier,
      stopId: Identifier.optional(),
      at: z.iso.datetime({ offset: true }),
    }),
});
