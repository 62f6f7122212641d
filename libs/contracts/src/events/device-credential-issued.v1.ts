import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/**
 * A device credential was issued (activation) or rotated. Carries the HMAC signing key (derived from
 * the secret shown once to the operator: SHA-256 of it) so device-facing services can verify
 * requests without calling the registry. Sensitive: never logged, and audit keeps only a pseudonym. Key: device id.
 */
export const DeviceCredentialIssuedV1 = defineEvent({
  type: 'device.credential-issued',
  version: 1,
  data: () =>
    z.object({
      deviceId: Identifier,
      credentialId: z.string().min(8).max(64),
      signingKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
      issuedAt: z.iso.datetime({ offset: true }),
    }),
});
