import { createHash } from 'node:crypto';
import { DomainError } from '@hcv/domain';
import type { Device } from './device.decide';

/**
 * One-time activation codes: an operator issues one for a registered device; the reception app
 * redeems it once for the device's credential. 12 characters of Crockford base32 (60 bits), shown
 * as XXXX-XXXX-XXXX; only the SHA-256 of the canonical code is stored.
 */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const ACTIVATION_CODE_LENGTH = 12;

/** A stored code: by its hash, never the code itself. */
export interface ActivationCode {
  codeHash: string;
  deviceId: string;
  issuedBy: string;
  issuedAt: string;
  expiresAt: string;
  /** `voided`: a newer code was issued for the device before this one was used. */
  state: 'unused' | 'used' | 'voided';
  usedAt?: string;
}

/** The code for 60 random bits (at least 8 bytes; the first 60 bits are used), canonical (no hyphens). */
export function activationCodeFrom(random: Uint8Array): string {
  if (random.length < 8) throw new Error('an activation code needs 8 random bytes');
  let bits = 0n;
  for (const byte of random.subarray(0, 8)) bits = (bits << 8n) | BigInt(byte);
  bits >>= 4n; // 64 → 60 bits: twelve 5-bit characters
  let code = '';
  for (let i = ACTIVATION_CODE_LENGTH - 1; i >= 0; i--) code += CROCKFORD_ALPHABET[Number((bits >> BigInt(5 * i)) & 31n)];
  return code;
}

/** XXXX-XXXX-XXXX, as shown to the operator. */
export function formatActivationCode(canonical: string): string {
  return canonical.match(/.{4}/g)!.join('-');
}

/**
 * The canonical code of what someone typed, or null when it cannot be one: full-width characters
 * folded (NFKC), any case, hyphens, dashes and spaces anywhere ignored, and Crockford's reading of
 * look-alikes (I and L are 1, O is 0).
 */
export function normaliseActivationCode(typed: string): string | null {
  const folded = typed
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐‑‒–—―−ー]/g, '')
    .replace(/[IL]/g, '1')
    .replace(/O/g, '0');
  if (folded.length !== ACTIVATION_CODE_LENGTH) return null;
  for (const c of folded) if (!CROCKFORD_ALPHABET.includes(c)) return null;
  return folded;
}

/** What is stored to find a code again: SHA-256 of the canonical code, hex. */
export function activationCodeHash(canonical: string): string {
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** A new code for a device, valid `ttlMinutes` from `at`. */
export function issueActivationCode(input: {
  canonical: string;
  device: Device;
  issuedBy: string;
  at: Date;
  ttlMinutes: number;
}): ActivationCode {
  const { device, issuedBy, at, ttlMinutes } = input;
  if (device.state === 'retired')
    throw new DomainError('device-retired', `Device ${device.deviceId} is retired; it can no longer be activated.`, 403);
  return {
    codeHash: activationCodeHash(input.canonical),
    deviceId: device.deviceId,
    issuedBy,
    issuedAt: at.toISOString(),
    expiresAt: new Date(at.getTime() + ttlMinutes * 60_000).toISOString(),
    state: 'unused',
  };
}

export const activationCodeInvalid = () =>
  new DomainError(
    'activation-code-invalid',
    'No such activation code: check the 12 characters as printed (letters or digits, hyphens optional).',
    400,
    'code',
  );

/**
 * Whether a stored code may be redeemed now: unknown → invalid, used → used, voided or past its
 * expiry → expired. (The expiry instant itself is past: a code lives strictly before `expiresAt`.)
 */
export function assertRedeemable(code: ActivationCode | null, at: Date): ActivationCode {
  if (!code) throw activationCodeInvalid();
  if (code.state === 'used')
    throw new DomainError('activation-code-used', 'This activation code was already used; ask for a new one.', 409, 'code');
  if (code.state === 'voided')
    throw new DomainError('activation-code-expired', 'This activation code was replaced by a newer one; use the newest code.', 410, 'code');
  if (at.getTime() >= Date.parse(code.expiresAt))
    throw new DomainError('activation-code-expired', `This activation code expired at ${code.expiresAt}; ask for a new one.`, 410, 'code');
  return code;
}

/** What redeeming does to the device: activate it (requested, suspended) and, unless that issued one, give it a new credential. */
export function redemptionSteps(device: Device): { activate: boolean; rotate: boolean } {
  switch (device.state) {
    case 'retired':
      throw new DomainError('device-retired', `Device ${device.deviceId} is retired; call the federation’s desk for a replacement.`, 403);
    case 'requested':
      return { activate: true, rotate: false };
    case 'suspended':
      // Re-activation keeps the old credential: the browser redeeming the code needs a new one.
      return { activate: true, rotate: true };
    case 'active':
      return { activate: false, rotate: true };
  }
}

/** Failed redemptions are counted per client address in fixed windows; the window of an instant. */
export function attemptWindow(at: Date, windowMinutes: number): { start: string; end: string } {
  const size = windowMinutes * 60_000;
  const start = Math.floor(at.getTime() / size) * size;
  return { start: new Date(start).toISOString(), end: new Date(start + size).toISOString() };
}
