import { z } from 'zod';
import { defineEvent } from '../envelope';
import { CheckPurpose, Identifier, InstitutionNumber } from '../common';

/** A device opened a verification session for one visitor. Key: session id. */
export const SessionOpenedV1 = defineEvent({
  type: 'session.opened',
  version: 1,
  data: () =>
    z.object({
      sessionId: z.uuid(),
      deviceId: Identifier,
      institutionNumber: InstitutionNumber,
      siteId: Identifier,
      purpose: CheckPurpose,
      checkupDate: z.iso.date(),
      openedAt: z.iso.datetime({ offset: true }),
    }),
});
