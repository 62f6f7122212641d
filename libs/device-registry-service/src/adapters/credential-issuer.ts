import { randomUUID } from 'node:crypto';
import { newDeviceSecret, signingKeyFromSecret } from '@hcv/platform-access';
import type { DeviceCredential } from '../domain/device.decide';

/** What an operator sees once, at activation or rotation: the secret is never stored or shown again. */
export interface IssuedCredential {
  credentialId: string;
  secret: string;
  issuedAt: string;
}

/** A new credential: the stored part (signing key) and the part shown once (the secret, never stored). */
export function newCredential(at: Date): { stored: DeviceCredential; shown: IssuedCredential } {
  const secret = newDeviceSecret();
  const stored = { credentialId: `cred-${randomUUID()}`, signingKey: signingKeyFromSecret(secret), issuedAt: at.toISOString() };
  return { stored, shown: { credentialId: stored.credentialId, secret, issuedAt: stored.issuedAt } };
}
