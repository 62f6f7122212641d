import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';

/**
 * A device's signing key travels to the services that verify devices (card-session, qualification-
 * lookup) only sealed: AES-256-GCM under a key of the device-key ring (DEVICE_KEY_ENCRYPTION_KEYS,
 * a secret shared by device-registry and those services), the device and credential ids as associated
 * data, so a sealed key replayed for another device or credential does not open. Other readers of
 * the topic (audit, analytics, an operator with a console consumer) see only ciphertext.
 *
 * Format: `v1.<key id>.<nonce>.<ciphertext+tag>` (base64url), one string so that audit can replace
 * the field whole.
 */
export interface DeviceKeyRing {
  currentId: string;
  current: string;
  keys: ReadonlyMap<string, string>;
}

/** Development only (refused with NODE_ENV=production): the ring every process shares when DEVICE_KEY_ENCRYPTION_KEYS is unset. */
export const DEV_DEVICE_KEY_ENCRYPTION_KEY = { id: 'dev', secret: 'dev-only-device-key-encryption-key' } as const;

export const SEALED_DEVICE_KEY = /^v1\.[A-Za-z0-9_.-]{1,32}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{64}$/;

const aesKeys = new Map<string, KeyObject>();
function aesKey(secret: string): KeyObject {
  let key = aesKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(hkdfSync('sha256', secret, 'hcv-device-key', 'device-key-seal-v1', 32)));
    if (aesKeys.size >= 16) aesKeys.clear();
    aesKeys.set(secret, key);
  }
  return key;
}

const associatedData = (deviceId: string, credentialId: string) => Buffer.from(`hcv-device-key/v1\n${deviceId}\n${credentialId}`, 'utf8');

/** Seals a signing key (43 base64url characters) for one device and credential with the ring's current key. */
export function sealDeviceKey(ring: DeviceKeyRing, signingKey: string, ids: { deviceId: string; credentialId: string }): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey(ring.current), nonce);
  cipher.setAAD(associatedData(ids.deviceId, ids.credentialId));
  const body = Buffer.concat([cipher.update(Buffer.from(signingKey, 'base64url')), cipher.final(), cipher.getAuthTag()]);
  return ['v1', ring.currentId, nonce.toString('base64url'), body.toString('base64url')].join('.');
}

export class DeviceKeySealError extends Error {}

/** Opens a sealed signing key; throws DeviceKeySealError when its key id is not in the ring or it was not sealed for these ids. */
export function openDeviceKey(ring: DeviceKeyRing, sealed: string, ids: { deviceId: string; credentialId: string }): string {
  if (!SEALED_DEVICE_KEY.test(sealed)) throw new DeviceKeySealError('not a sealed device key');
  const [, keyId = '', nonce = '', body = ''] = sealed.split('.');
  const secret = ring.keys.get(keyId);
  if (secret === undefined) throw new DeviceKeySealError(`device key ring lacks key id ${keyId}`);
  const bytes = Buffer.from(body, 'base64url');
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey(secret), Buffer.from(nonce, 'base64url'));
    decipher.setAAD(associatedData(ids.deviceId, ids.credentialId));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString('base64url');
  } catch {
    throw new DeviceKeySealError(`sealed device key does not open for device ${ids.deviceId} with key id ${keyId}`);
  }
}
