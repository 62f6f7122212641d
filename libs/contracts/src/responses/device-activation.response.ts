import { z } from 'zod';
import { Identifier } from '../common';
import { Timestamp } from './timestamps';

/** POST /devices/:deviceId/activation-codes — the code to read out or show to the desk, once; only its hash is kept. */
export const ActivationCodeResponse = z.strictObject({
  deviceId: Identifier,
  /** 12 characters of Crockford base32 as `XXXX-XXXX-XXXX`. */
  code: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/),
  expiresAt: Timestamp,
});
export type ActivationCodeResponse = z.infer<typeof ActivationCodeResponse>;

/** Where an activated device works: its operator's institution (absent for an insurer's device), its site, the bus it rides. */
export const ActivatedDeviceSite = z.strictObject({
  institutionNumber: z.string().min(1).optional(),
  siteId: Identifier,
  siteName: z.string().optional(),
  kind: z.enum(['site', 'bus']).optional(),
  busId: Identifier.optional(),
});
export type ActivatedDeviceSite = z.infer<typeof ActivatedDeviceSite>;

/**
 * POST /device-activations — the device's credential, shown this once. The browser keeps only the
 * signing key, SHA-256(utf8(secret)), as a non-extractable WebCrypto key.
 */
export const DeviceActivationResponse = z.strictObject({
  deviceId: Identifier,
  credentialId: z.string().min(1),
  secret: z.string().min(1),
  issuedAt: Timestamp,
  device: ActivatedDeviceSite,
});
export type DeviceActivationResponse = z.infer<typeof DeviceActivationResponse>;
