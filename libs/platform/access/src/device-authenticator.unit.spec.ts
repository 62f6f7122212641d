import { authenticateDevice, InMemoryNonceStore, type DeviceCredentialView } from './device-authenticator';
import { createHash, createHmac } from 'node:crypto';
import { newDeviceSecret, signingKeyFromSecret, signRequest } from './device-signature';

const secret = newDeviceSecret();
const key = signingKeyFromSecret(secret);
const now = 1_790_000_000_000;
const body = JSON.stringify({ voucherNumber: '26001000001' });
const device: DeviceCredentialView = { deviceId: 'bus-01-dev-1', state: 'active', signingKey: key };

function attempt(
  headers: Record<string, string>,
  overrides: Partial<{ body: string; path: string; state: DeviceCredentialView['state']; nonces: InMemoryNonceStore; at: number }> = {},
) {
  return authenticateDevice({
    headers,
    method: 'POST',
    path: overrides.path ?? '/sessions/x/voucher',
    rawBody: overrides.body ?? body,
    lookup: async (id) => (id === device.deviceId ? { ...device, state: overrides.state ?? device.state } : null),
    nonces: overrides.nonces ?? new InMemoryNonceStore(),
    nowMillis: overrides.at ?? now,
  });
}
const signed = (extra: Partial<Parameters<typeof signRequest>[0]> = {}) =>
  signRequest({ deviceId: device.deviceId, signingKey: key, method: 'POST', path: '/sessions/x/voucher', body, now, ...extra });

describe('device request authentication', () => {
  it('accepts a correctly signed request', async () => {
    await expect(attempt(signed())).resolves.toMatchObject({ deviceId: 'bus-01-dev-1' });
  });

  it.each([
    ['a tampered body', () => attempt(signed(), { body: body.replace('01', '02') }), 'device-auth-signature'],
    ['another path', () => attempt(signed(), { path: '/sessions/y/voucher' }), 'device-auth-signature'],
    ['a wrong key', () => attempt(signed({ signingKey: signingKeyFromSecret(newDeviceSecret()) })), 'device-auth-signature'],
    ['an old timestamp', () => attempt(signed({ now: now - 6 * 60_000 })), 'device-auth-stale'],
    ['a timestamp from the future', () => attempt(signed({ now: now + 6 * 60_000 })), 'device-auth-stale'],
    ['missing headers', () => attempt({}), 'device-auth-missing'],
    ['an unknown device', () => attempt(signed({ deviceId: 'someone' })), 'device-unknown'],
    ['a suspended device', () => attempt(signed(), { state: 'suspended' }), 'device-suspended'],
    ['a retired device', () => attempt(signed(), { state: 'retired' }), 'device-retired'],
  ])('refuses %s', async (_what, run, code) => {
    await expect(run()).rejects.toMatchObject({ code });
  });

  // A replayed nonce (device-auth-replayed): the nonce store's contract, on both stores
  // (in-memory-nonce-store.unit.spec.ts, mongo-nonce-store.int.spec.ts).

  it('signs as the wire format says, whichever key signed before (keys are prepared once per key)', () => {
    const other = signingKeyFromSecret(newDeviceSecret());
    for (const signingKey of [key, other, key]) {
      const headers = signRequest({
        deviceId: device.deviceId,
        signingKey,
        method: 'post',
        path: '/sessions/x/voucher',
        body,
        now,
        nonce: 'n-1',
      });
      const canonical = ['POST', '/sessions/x/voucher', createHash('sha256').update(body).digest('hex'), String(now), 'n-1'].join('\n');
      expect(headers['x-signature']).toBe(createHmac('sha256', Buffer.from(signingKey, 'base64url')).update(canonical).digest('base64url'));
    }
  });

  it('never stores the secret: the key is its SHA-256', () => {
    expect(key).not.toContain(secret);
    expect(key).toHaveLength(43);
  });
});
