import type { ActivatedDeviceSite, DeviceActivationResponse } from '@hcv/contracts';
import { importSigningKey, signingKeyBytes } from '../device-signing';
import { idbClear, idbDelete, idbGet, idbPut } from './idb';

/** What this browser keeps of its device credential: the id, and the signing key that cannot be read back. */
export interface DeviceCredential {
  deviceId: string;
  credentialId: string;
  key: CryptoKey;
  device: ActivatedDeviceSite;
  activatedAt: string;
}

const CREDENTIAL = 'credential';

export async function loadCredential(): Promise<DeviceCredential | undefined> {
  return idbGet<DeviceCredential>('device', CREDENTIAL);
}

/**
 * Turns the activation answer into the stored credential: the key is SHA-256(secret), imported as a
 * non-extractable HMAC key; the secret itself is not kept anywhere.
 */
export async function storeActivation(activation: DeviceActivationResponse): Promise<DeviceCredential> {
  const key = await importSigningKey(await signingKeyBytes(activation.secret));
  const credential: DeviceCredential = {
    deviceId: activation.deviceId,
    credentialId: activation.credentialId,
    key,
    device: activation.device,
    activatedAt: activation.issuedAt,
  };
  await idbPut('device', CREDENTIAL, credential);
  return credential;
}

/** Forgets this device: key, queue and draft (a retired device, or a browser handed over). */
export async function forgetDevice(): Promise<void> {
  await idbDelete('device', CREDENTIAL);
  await idbClear('queue');
  await idbClear('draft');
}
