import { z } from 'zod';
import { defineEvent } from '../envelope';
import { DeviceKind, Identifier, InstitutionNumber } from '../common';

/** A registered device (端末) was activated and may now open verification sessions. Key: device id. */
export const DeviceActivatedV1 = defineEvent({
  type: 'device.activated',
  version: 1,
  data: () =>
    z.object({
      deviceId: Identifier,
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      kind: DeviceKind,
      activatedAt: z.iso.datetime({ offset: true }),
      activatedBy: z.string().min(1).max(64),
    }),
});
