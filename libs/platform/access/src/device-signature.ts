import { createHash, createHmac, createSecretKey, randomBytes, timingSafeEqual, type KeyObject } from 'node:crypto';

/**
 * Device request authentication (端末認証 for every device-facing request).
 * The device holds a secret shown once at activation; both sides sign with the signing key
 * SHA-256(secret) — the registry stores only that hash, never the secret. Each request carries:
 *   x-device-id, x-timestamp (ms since epoch), x-nonce, x-signature
 * where x-signature = base64url(HMAC-SHA256(key, METHOD \n PATH \n SHA-256(body) hex \n timestamp \n nonce)).
 * The timestamp must be within the replay window and a nonce is accepted once per window.
 */
export const DEVICE_HEADERS = {
  deviceId: 'x-device-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

export const REPLAY_WINDOW_MILLIS = 5 * 60_000;

export function newDeviceSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function signingKeyFromSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('base64url');
}

function canonical(method: string, path: string, body: Buffer | string, timestamp: string, nonce: string): string {
  const bodyHash = createHash('sha256').update(body).digest('hex');
  return [method.toUpperCase(), path, bodyHash, timestamp, nonce].join('\n');
}

/**
 * Signing keys as KeyObjects, made once per key: createHmac with a Buffer key was ~11 µs against
 * ~1.7 µs with a KeyObject (Node 24), and every device request is signed by the device and checked
 * by card-session. Bounded: a fleet has thousands of devices; past that the cache starts over.
 */
const keyObjects = new Map<string, KeyObject>();
function hmacKey(key: string): KeyObject {
  let keyObject = keyObjects.get(key);
  if (!keyObject) {
    if (keyObjects.size >= 10_000) keyObjects.clear();
    keyObject = createSecretKey(Buffer.from(key, 'base64url'));
    keyObjects.set(key, keyObject);
  }
  return keyObject;
}

export function signature(key: string, method: string, path: string, body: Buffer | string, timestamp: string, nonce: string): string {
  return createHmac('sha256', hmacKey(key))
    .update(canonical(method, path, body, timestamp, nonce))
    .digest('base64url');
}

/** The headers a device sends (used by the device client, the load driver and tests). */
export function signRequest(input: {
  deviceId: string;
  signingKey: string;
  method: string;
  path: string;
  body?: string;
  now?: number;
  nonce?: string;
}): Record<string, string> {
  const timestamp = String(input.now ?? Date.now());
  const nonce = input.nonce ?? randomBytes(12).toString('base64url');
  return {
    [DEVICE_HEADERS.deviceId]: input.deviceId,
    [DEVICE_HEADERS.timestamp]: timestamp,
    [DEVICE_HEADERS.nonce]: nonce,
    [DEVICE_HEADERS.signature]: signature(input.signingKey, input.method, input.path, input.body ?? '', timestamp, nonce),
  };
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
