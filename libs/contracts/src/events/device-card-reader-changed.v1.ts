import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';
import { CardReader } from '../requests/register-device.request';

/** A device's card reader was swapped, or reported for the first time (no `previous`). Key: device id. */
export const DeviceCardReaderChangedV1 = defineEvent({
  type: 'device.card-reader-changed',
  version: 1,
  data: () =>
    z.object({
      deviceId: Identifier,
      cardReader: CardReader,
      previous: CardReader.optional(),
      at: z.iso.datetime({ offset: true }),
      by: z.string().min(1).max(64),
      reason: z.string().min(1).max(300).optional(),
    }),
});
