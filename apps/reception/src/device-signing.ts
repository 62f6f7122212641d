/**
 * Device request signing in the browser, in exactly the wire format the services verify
 * (libs/platform/access/src/device-signature.ts):
 *   x-signature = base64url(HMAC-SHA256(key, METHOD \n PATH \n hex(SHA-256(body)) \n timestamp \n nonce))
 * with key = SHA-256(utf8(secret)). The key lives as a non-extractable WebCrypto key: once imported,
 * no script (ours or an injected one) can read its bytes, only ask for signatures. The shared vectors
 * (device-signature.vectors.json) are signed with this module's build in the browser test.
 */
export const DEVICE_HEADERS = {
  deviceId: 'x-device-id',
  timestamp: 'x-timestamp',
  nonce: 'x-nonce',
  signature: 'x-signature',
} as const;

const utf8 = new TextEncoder();

export function base64url(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function hex(bytes: ArrayBuffer): string {
  return Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The signing key's bytes: SHA-256 of the secret's UTF-8 (what the registry stores and card-session checks with). */
export async function signingKeyBytes(secret: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', utf8.encode(secret));
}

/** The signing key as the services write it (base64url), for comparing with the shared vectors. */
export async function signingKeyFromSecret(secret: string): Promise<string> {
  return base64url(await signingKeyBytes(secret));
}

/** A non-extractable HMAC-SHA256 key that can only sign. */
export async function importSigningKey(bytes: ArrayBuffer | Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** The same from the base64url form (the shared vectors give the key that way). */
export async function importSigningKeyText(signingKey: string): Promise<CryptoKey> {
  return importSigningKey(fromBase64url(signingKey));
}

export async function canonicalRequest(method: string, path: string, body: string, timestamp: string, nonce: string): Promise<string> {
  const bodyHash = hex(await crypto.subtle.digest('SHA-256', utf8.encode(body)));
  return [method.toUpperCase(), path, bodyHash, timestamp, nonce].join('\n');
}

export async function signature(
  key: CryptoKey,
  method: string,
  path: string,
  body: string,
  timestamp: string,
  nonce: string,
): Promise<string> {
  const canonical = await canonicalRequest(method, path, body, timestamp, nonce);
  return base64url(await crypto.subtle.sign('HMAC', key, utf8.encode(canonical)));
}

/** 12 random bytes, base64url: a nonce the services accept once per replay window. */
export function newNonce(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(12)));
}

/** The four headers of a signed device request; `path` is the path and query exactly as requested. */
export async function signedHeaders(input: {
  deviceId: string;
  key: CryptoKey;
  method: string;
  path: string;
  body?: string;
  now?: number;
  nonce?: string;
}): Promise<Record<string, string>> {
  const timestamp = String(input.now ?? Date.now());
  const nonce = input.nonce ?? newNonce();
  return {
    [DEVICE_HEADERS.deviceId]: input.deviceId,
    [DEVICE_HEADERS.timestamp]: timestamp,
    [DEVICE_HEADERS.nonce]: nonce,
    [DEVICE_HEADERS.signature]: await signature(input.key, input.method, input.path, input.body ?? '', timestamp, nonce),
  };
}
