import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { keyOf, keyRingOf, SINGLE_KEY_ID, type KeyRing } from '@hcv/platform-runtime';
import { insuranceFieldsOf } from '../domain/personal-fields';

/**
 * 記号・番号・枝番 must be readable by auditors, so besides their keyed pseudonym the audit keeps them
 * encrypted: AES-256-GCM under a key derived (HKDF) from AUDIT_PII_KEY, one sealed blob per record
 * holding `{ "<path>": "<clear>" }`. Names and birth dates are never kept in clear or encrypted.
 *
 * The key is one of a key ring (AUDIT_PII_KEY is key 1, AUDIT_PII_KEYS adds more): a blob under key 1
 * is `v1.<iv>.<tag>.<ciphertext>` as before rotation existed, under another key
 * `v2.<key id>.<iv>.<tag>.<ciphertext>`; any key of the ring reads its blobs.
 */

/** A ring, or one key (key id 1). */
export type PiiKeys = KeyRing | string;
export const ringOf = (keys: PiiKeys): KeyRing => (typeof keys === 'string' ? keyRingOf({ [SINGLE_KEY_ID]: keys }) : keys);

// A KeyObject, not the Buffer: createCipheriv turns a Buffer into a key on every call, which made
// one encryption about twice as expensive (measured: ≈ 20 µs against 9 µs per seal).
const keyCache = new Map<string, KeyObject>();
function cipherKey(piiKey: string): KeyObject {
  let key = keyCache.get(piiKey);
  if (!key) {
    key = createSecretKey(Buffer.from(hkdfSync('sha256', piiKey, 'hcv-audit', 'insurance-cipher-v1', 32)));
    // One key per deployment (two during a rotation): a bound only against misuse.
    if (keyCache.size >= 16) keyCache.clear();
    keyCache.set(piiKey, key);
  }
  return key;
}

/** `v1.<iv>.<tag>.<ciphertext>` (base64url), or undefined when the event carries no insurance field. */
export function encryptInsuranceFields(data: unknown, keys: PiiKeys): string | undefined {
  const fields = insuranceFieldsOf(data);
  if (!Object.keys(fields).length) return undefined;
  return sealFields(fields, ringOf(keys));
}

/**
 * A fresh random 96-bit IV per seal, cut from a block of CSPRNG bytes drawn 1,024 IVs at a time
 * (one randomBytes call per seal was a visible share of audit's CPU): each slice is handed out
 * once, and a new block is a new buffer, so no IV is ever reused or overwritten.
 */
const IV_BYTES = 12;
let ivBlock = Buffer.alloc(0);
let ivAt = 0;
function nextIv(): Buffer {
  if (ivAt + IV_BYTES > ivBlock.length) {
    ivBlock = randomBytes(IV_BYTES * 1024);
    ivAt = 0;
  }
  const iv = ivBlock.subarray(ivAt, ivAt + IV_BYTES);
  ivAt += IV_BYTES;
  return iv;
}

/** The fields sealed under the ring's current key. */
export function sealFields(fields: Record<string, string>, ring: KeyRing): string {
  const iv = nextIv();
  const cipher = createCipheriv('aes-256-gcm', cipherKey(ring.current), iv);
  const body = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
  const parts = [iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')];
  return (ring.currentId === SINGLE_KEY_ID ? ['v1', ...parts] : ['v2', ring.currentId, ...parts]).join('.');
}

/** The key id a blob was sealed under. */
export function cipherKeyId(sealed: string): string {
  return sealed.startsWith('v2.') ? (sealed.split('.')[1] ?? '') : SINGLE_KEY_ID;
}

export function decryptInsuranceFields(sealed: string, keys: PiiKeys): Record<string, string> {
  const parts = sealed.split('.');
  const [version] = parts;
  const [keyId, iv, tag, body] = version === 'v2' ? parts.slice(1) : [SINGLE_KEY_ID, ...parts.slice(1)];
  if ((version !== 'v1' && version !== 'v2') || !keyId || !iv || !tag || !body) throw new Error('unknown insurance cipher format');
  const decipher = createDecipheriv('aes-256-gcm', cipherKey(keyOf(ringOf(keys), keyId)), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')) as Record<
    string,
    string
  >;
}
