import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Identifier } from '../common';

/**
 * `v1.<key id>.<nonce>.<ciphertext+tag>` (base64url): the 32-byte signing key sealed with AES-256-GCM
 * under a key of the device-key ring, the device and credential ids as associated data
 * (libs/platform/access device-key-seal.ts).
 */
export const SealedDeviceKey = z.string().regex(/^v1\.[A-Za-z0-9_.-]{1,32}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{64}$/);

/**
 * A device credential was issued (activation) or rotated. Its signing key travels sealed: only the
 * services holding the device-key ring (card-session, qualification-lookup) open it to verify the
 * device's requests without calling the registry; any other reader of the topic sees ciphertext.
 * Replaces v1, which carried the key in clear. Key: device id.
 */
export const DeviceCredentialIssuedV2 = defineEvent({
  type: 'device.credential-issued',
  version: 2,
  data: () =>
    z.object({
      deviceId: Identifier,
      credentialId: z.string().min(8).max(64),
      sealedSigningKey: SealedDeviceKey,
      issuedAt: z.iso.datetime({ offset: true }),
    }),
});
