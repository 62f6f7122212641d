import { randomUUID } from 'node:crypto';
import { newDeviceSecret, sealDeviceKey, signingKeyFromSecret, type DeviceKeyRing } from '@hcv/platform-access';
import type { IssuedDeviceCredential } from '../domain/device.decide';

/** What an operator sees once, at activation or rotation: the secret is never stored or shown again. */
export interface IssuedCredential {
  credentialId: string;
  secret: string;
  issuedAt: string;
}

/**
 * A new credential: the stored part (signing key, and the same key sealed with the device-key ring
 * for the event that announces it) and the part shown once (the secret, never stored).
 */
export function newCredential(
  deviceId: string,
  at: Date,
  deviceKeys: DeviceKeyRing,
): { stored: IssuedDeviceCredential; shown: IssuedCredential } {
  const secret = newDeviceSecret();
  const credentialId = `cred-${randomUUID()}`;
  const signingKey = signingKeyFromSecret(secret);
  const sealedSigningKey = sealDeviceKey(deviceKeys, signingKey, { deviceId, credentialId });
  const stored = { credentialId, signingKey, sealedSigningKey, issuedAt: at.toISOString() };
  return { stored, shown: { credentialId, secret, issuedAt: stored.issuedAt } };
}
