import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber } from '../common';

/**
 * v2: names the stop (会場/事業所: a bus's stop, a fixed site's own id); `capturedAt` for a visit a bus
 * crew recorded offline; `linkedSessionId` when this online visit confirms an earlier captured one;
 * `withoutVoucher` for a 人間ドック confirmed against the insurer only. Key: session id.
 */
export const SessionOpenedV2 = defineEvent({
  type: 'session.opened',
  version: 2,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      deviceId: Identifier,
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      stopId: Identifier,
      purpose: CheckPurpose,
      checkupDate: z.iso.date(),
      openedAt: z.iso.datetime({ offset: true }),
      capturedAt: z.iso.datetime({ offset: true }).optional(),
      linkedSessionId: z.uuid().optional(),
      withoutVoucher: z.boolean().optional(),
    }),
});
