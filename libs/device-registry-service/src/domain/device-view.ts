import type { Device } from './device.decide';

/** What the API shows of a device: never its signing key; whether a card reader was reported at all. */
export function deviceView({ credential, ...device }: Device) {
  return {
    ...device,
    cardReaderReported: device.cardReader !== undefined,
    ...(credential ? { credential: { credentialId: credential.credentialId, issuedAt: credential.issuedAt } } : {}),
  };
}
