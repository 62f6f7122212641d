import { DomainError } from '@hcv/domain';
import { DEVICE_HEADERS, REPLAY_WINDOW_MILLIS, signature, signaturesEqual } from './device-signature';
import { replayedNonce } from './pending-nonce';

/** What a service knows of a device, from its own read copy (never a call to the registry). */
export interface DeviceCredentialView {
  deviceId: string;
  state: 'requested' | 'active' | 'suspended' | 'retired';
  signingKey?: string;
}

export interface NonceStore {
  /**
   * True if the nonce is new for this device (and remembers it); false for a replay. A nonce is
   * remembered for at least twice the replay window after its use: until then a replay can still
   * carry a signed time the window accepts. Older ones may be forgotten.
   */
  remember(deviceId: string, nonce: string, atMillis: number): Promise<boolean>;
}

export class InMemoryNonceStore implements NonceStore {
  private readonly seen = new Map<string, number>();
  async remember(deviceId: string, nonce: string, atMillis: number): Promise<boolean> {
    const key = `${deviceId}|${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, atMillis);
    if (this.seen.size > 50_000) {
      for (const [k, t] of this.seen) if (t < atMillis - 2 * REPLAY_WINDOW_MILLIS) this.seen.delete(k);
    }
    return true;
  }
}

const refuse = (code: string, message: string, status: 401 | 403 = 401) => new DomainError(code, message, status);

/**
 * Verifies one device-facing request. Every refusal is typed: missing headers, a timestamp outside
 * the window, a bad signature (tampered body or wrong key), a replayed nonce, an unknown, suspended
 * or retired device.
 */
export async function authenticateDevice(input: {
  headers: Record<string, string | string[] | undefined>;
  method: string;
  path: string;
  rawBody: Buffer | string;
  lookup: (deviceId: string) => Promise<DeviceCredentialView | null>;
  nonces: NonceStore;
  nowMillis: number;
  windowMillis?: number;
}): Promise<DeviceCredentialView> {
  const header = (name: string) => {
    const v = input.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const deviceId = header(DEVICE_HEADERS.deviceId);
  const timestamp = header(DEVICE_HEADERS.timestamp);
  const nonce = header(DEVICE_HEADERS.nonce);
  const sig = header(DEVICE_HEADERS.signature);
  if (!deviceId || !timestamp || !nonce || !sig) {
    throw refuse('device-auth-missing', 'Device requests must carry x-device-id, x-timestamp, x-nonce and x-signature.');
  }
  const window = input.windowMillis ?? REPLAY_WINDOW_MILLIS;
  const ts = Number(timestamp);
  if (!/^\d{1,15}$/.test(timestamp) || Math.abs(input.nowMillis - ts) > window) {
    throw refuse(
      'device-auth-stale',
      `The request timestamp is outside the ${Math.round(window / 1000)} s window; check the device clock and sign again.`,
    );
  }
  const device = await input.lookup(deviceId);
  if (!device || !device.signingKey) throw refuse('device-unknown', `Device ${deviceId} is not a registered, activated device.`);
  const expected = signature(device.signingKey, input.method, input.path, input.rawBody, timestamp, nonce);
  if (!signaturesEqual(expected, sig)) {
    throw refuse('device-auth-signature', 'The request signature does not match (altered body or path, or an old credential).');
  }
  if (device.state === 'suspended')
    throw refuse('device-suspended', `Device ${deviceId} is suspended; call the federation’s desk (an operator must re-activate it).`, 403);
  if (device.state === 'retired')
    throw refuse(
      'device-retired',
      `Device ${deviceId} is retired and can no longer be used; call the federation’s desk for a replacement.`,
      403,
    );
  if (device.state !== 'active') throw refuse('device-not-active', `Device ${deviceId} is not active yet.`, 403);
  if (!(await input.nonces.remember(deviceId, nonce, input.nowMillis))) throw replayedNonce();
  return device;
}
