import { z } from 'zod';
import { defineEvent } from '../envelope';
import { DeviceKind, Identifier } from '../common';

/**
 * A device of an insurer running checkups itself was activated: it is identified by the insurer's
 * オンライン資格確認用コード, never by an institution number. (Devices of checkup institutions are still
 * announced by device.activated v1.) Key: device id.
 */
export const DeviceActivatedV2 = defineEvent({
  type: 'device.activated',
  version: 2,
  data: () =>
    z.object({
      deviceId: Identifier,
      onlineEligibilityCode: z.string().regex(/^[A-Za-z0-9]{1,20}$/),
      siteId: Identifier,
      kind: DeviceKind,
      activatedAt: z.iso.datetime({ offset: true }),
      activatedBy: z.string().min(1).max(64),
    }),
});
