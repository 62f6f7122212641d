import { createHmac, createSecretKey, type KeyObject } from 'node:crypto';
import { PERSONAL_FIELDS } from './personal-fields';

/** A ring's current key and its id, or one key (id 1): pseudonyms under key 1 read `hmac:<hex>`, under another `hmac.<id>:<hex>`. */
export type PseudonymKey = string | { currentId: string; current: string };

/**
 * Replaces every personal field (at any depth) by `hmac:<hex>` — HMAC-SHA256 with the audit key,
 * truncated to 128 bits. Same value + same key → same pseudonym, so "was this the same person"
 * stays answerable without storing 記号・番号・枝番, names or birth dates in clear.
 */
export function pseudonymise(value: unknown, key: PseudonymKey): unknown {
  if (Array.isArray(value)) return value.map((v) => pseudonymise(v, key));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      out[k] =
        PERSONAL_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number') ? pseudonym(String(v), key) : pseudonymise(v, key);
    }
    return out;
  }
  return value;
}

export function pseudonym(clear: string, key: PseudonymKey): string {
  const [id, secret] = typeof key === 'string' ? ['1', key] : [key.currentId, key.current];
  const prefix = id === '1' ? 'hmac:' : `hmac.${id}:`;
  return `${prefix}${createHmac('sha256', hmacKey(secret)).update(clear.normalize('NFKC')).digest('hex').slice(0, 32)}`;
}

// The key as a KeyObject, made once: a string key is encoded and wrapped again by every createHmac.
// Same bytes (UTF-8), so the same pseudonyms as before.
const hmacKeys = new Map<string, KeyObject>();
function hmacKey(key: string): KeyObject {
  let keyObject = hmacKeys.get(key);
  if (!keyObject) {
    keyObject = createSecretKey(Buffer.from(key, 'utf8'));
    // One key per deployment (two during a rotation): a bound only against misuse.
    if (hmacKeys.size >= 16) hmacKeys.clear();
    hmacKeys.set(key, keyObject);
  }
  return keyObject;
}
