import { z } from 'zod';

/** An instant as the services write it (`Date#toISOString`, or a device's time with its offset). */
export const Timestamp = z.iso.datetime({ offset: true });

/**
 * A personal value as an API may show it: at most its last two characters, the rest `*`. Declared as a
 * pattern so that a response carrying the value in clear does not conform.
 */
export const MaskedValue = z.string().regex(/^(\*+[^*]{0,2})?$/, 'masked: at most the last two characters shown');
