import { z } from 'zod';
import { defineEvent } from '../envelope';
import { DeviceKind, Identifier, InstitutionNumber } from '../common';
import { CardReader, PortalRegistrationReference } from '../requests/register-device.request';

/**
 * A device was registered (state: requested) at a site of a checkup institution (`institutionNumber`)
 * or of an insurer running checkups itself (`onlineEligibilityCode`): exactly one of the two. With
 * the card reader when it was reported, and the national portal's registration reference (端末認証).
 * Key: device id.
 */
export const DeviceRegisteredV2 = defineEvent({
  type: 'device.registered',
  version: 2,
  data: () =>
    z
      .object({
        deviceId: Identifier,
        institutionNumber: InstitutionNumber.optional(),
        onlineEligibilityCode: z
          .string()
          .regex(/^[A-Za-z0-9]{1,20}$/)
          .optional(),
        siteId: Identifier,
        kind: DeviceKind,
        requestedBy: z.string().min(1).max(64),
        cardReader: CardReader.optional(),
        portalRegistrationReference: PortalRegistrationReference.optional(),
      })
      .refine((d) => (d.institutionNumber === undefined) !== (d.onlineEligibilityCode === undefined), 'exactly one operator'),
});
