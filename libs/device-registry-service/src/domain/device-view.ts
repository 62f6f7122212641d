import type { Device } from './device.decide';

/** What the API shows of a device: never its signing key. */
export function deviceView({ credential, ...device }: Device) {
  return { ...device, ...(credential ? { credential: { credentialId: credential.credentialId, issuedAt: credential.issuedAt } } : {}) };
}
