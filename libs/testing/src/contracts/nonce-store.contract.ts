// The nonce store's behaviour as one list of cases, run on both twins: the memory store
// (libs/platform/access/src/in-memory-nonce-store.unit.spec.ts) and the MongoDB store
// (mongo-nonce-store.int.spec.ts beside it). How each forgets old nonces (the memory store past its
// size, the Mongo store's pruning) stays in that twin's spec.
import { describe, expect, it } from '@jest/globals';
import {
  authenticateDevice,
  newDeviceSecret,
  REPLAY_WINDOW_MILLIS,
  signingKeyFromSecret,
  signRequest,
  type NonceStore,
} from '@hcv/platform-access';

/** Builds a store for one case. */
export type NonceStoreFactory = () => Promise<NonceStore>;

let runs = 0;
const t0 = 1_790_000_000_000;

export function nonceStoreContract(twinName: string, makeStore: NonceStoreFactory): void {
  describe(`NonceStore (contract) on the ${twinName}`, () => {
    // Device ids of their own per case: a twin may share its storage between the stores it builds.
    const devices = () => {
      const run = ++runs;
      return (name: string) => `contract-${run}-${name}`;
    };

    it('accepts a nonce the first time, and refuses it again for that device', async () => {
      const nonces = await makeStore();
      const device = devices();
      expect(await nonces.remember(device('a'), 'n-1', t0)).toBe(true);
      expect(await nonces.remember(device('a'), 'n-1', t0)).toBe(false);
      expect(await nonces.remember(device('a'), 'n-1', t0 + 1_000)).toBe(false);
    });

    it('keeps devices apart, and each nonce apart', async () => {
      const nonces = await makeStore();
      const device = devices();
      expect(await nonces.remember(device('a'), 'n-1', t0)).toBe(true);
      expect(await nonces.remember(device('b'), 'n-1', t0)).toBe(true);
      expect(await nonces.remember(device('a'), 'n-2', t0)).toBe(true);
      expect(await nonces.remember(device('b'), 'n-1', t0)).toBe(false);
      expect(await nonces.remember(device('a'), 'n-2', t0)).toBe(false);
    });

    it('accepts exactly one of several requests bearing one nonce at the same moment', async () => {
      const nonces = await makeStore();
      const device = devices();
      const answers = await Promise.all(Array.from({ length: 5 }, () => nonces.remember(device('a'), 'n-1', t0)));
      expect(answers.filter(Boolean)).toEqual([true]);
    });

    it('refuses a replay up to twice the replay window after the first use, also once the store has pruned what is older', async () => {
      // A request is accepted while its signed time is within the window of the server's clock: a
      // nonce first used at t0 may come again, still in time, until t0 + 2 × window.
      const nonces = await makeStore();
      const device = devices();
      expect(await nonces.remember(device('a'), 'older', t0 - 1)).toBe(true);
      expect(await nonces.remember(device('a'), 'first', t0)).toBe(true);
      // More than a window later: a store that prunes (at most once a window) does it now, and may
      // forget `older`, but not `first`.
      expect(await nonces.remember(device('a'), 'last', t0 + 2 * REPLAY_WINDOW_MILLIS)).toBe(true);
      expect(await nonces.remember(device('a'), 'first', t0 + 2 * REPLAY_WINDOW_MILLIS)).toBe(false);
      expect(await nonces.remember(device('a'), 'last', t0 + 2 * REPLAY_WINDOW_MILLIS)).toBe(false);
    });

    it('makes the device authentication refuse a replayed request', async () => {
      const nonces = await makeStore();
      const deviceId = devices()('tablet');
      const signingKey = signingKeyFromSecret(newDeviceSecret());
      const body = JSON.stringify({ voucherNumber: '26001000001' });
      const attempt = (headers: Record<string, string>, nowMillis: number) =>
        authenticateDevice({
          headers,
          method: 'POST',
          path: '/sessions/x/voucher',
          rawBody: body,
          lookup: async (id) => (id === deviceId ? { deviceId, state: 'active', signingKey } : null),
          nonces,
          nowMillis,
        });
      const headers = signRequest({ deviceId, signingKey, method: 'POST', path: '/sessions/x/voucher', body, now: t0 });
      await expect(attempt(headers, t0)).resolves.toMatchObject({ deviceId });
      await expect(attempt(headers, t0)).rejects.toMatchObject({ code: 'device-auth-replayed' });
      await expect(attempt(headers, t0 + REPLAY_WINDOW_MILLIS)).rejects.toMatchObject({ code: 'device-auth-replayed' });
      await expect(
        attempt(signRequest({ deviceId, signingKey, method: 'POST', path: '/sessions/x/voucher', body, now: t0 }), t0),
      ).resolves.toMatchObject({ deviceId });
    });
  });
}
