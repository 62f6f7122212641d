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
  return pseudonymiseIn(value, key, new Map());
}

/**
 * `seen`: the pseudonyms this call already computed, by clear value — an event often carries the
 * same value twice (a lookup's answer repeats the voucher's 記号・番号), and each is one HMAC. It
 * lives for one call only: nothing personal is kept beyond it.
 */
function pseudonymiseIn(value: unknown, key: PseudonymKey, seen: Map<string, string>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((v) => pseudonymiseIn(v, key, seen));
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(object)) {
    const v = object[k];
    if (PERSONAL_FIELDS.has(k) && (typeof v === 'string' || typeof v === 'number')) {
      const clear = String(v);
      let hashed = seen.get(clear);
      if (hashed === undefined) seen.set(clear, (hashed = pseudonym(clear, key)));
      out[k] = hashed;
    } else out[k] = typeof v === 'object' && v !== null ? pseudonymiseIn(v, key, seen) : v;
  }
  return out;
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
