import { idbGet, idbPut } from './idb';

/**
 * Encryption at rest of what the app keeps between pages (the draft of a visit, the offline queue):
 * AES-GCM with a non-extractable key made on this device and kept in IndexedDB. The storage then
 * holds no readable personal data; the key cannot be copied out of the browser.
 */
export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

let vaultKey: Promise<CryptoKey> | undefined;

function key(): Promise<CryptoKey> {
  vaultKey ??= (async () => {
    const existing = await idbGet<CryptoKey>('device', 'vault-key');
    if (existing) return existing;
    const made = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    await idbPut('device', 'vault-key', made);
    return made;
  })();
  return vaultKey;
}

const utf8 = new TextEncoder();

export async function seal(value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, await key(), utf8.encode(JSON.stringify(value)));
  return { iv, data };
}

export async function unseal<T>(sealed: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv }, await key(), sealed.data);
  return JSON.parse(new TextDecoder().decode(plain)) as T;
}
