import { z } from 'zod';
import { defineEvent } from '../envelope';
import { DeviceKind, Identifier, InstitutionNumber } from '../common';

/** A device was registered (state: requested); it cannot be used until activated. Key: device id. */
export const DeviceRegisteredV1 = defineEvent({
  type: 'device.registered',
  version: 1,
  data: () =>
    z.object({
      deviceId: Identifier,
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      kind: DeviceKind,
      requestedBy: z.string().min(1).max(64),
    }),
});
