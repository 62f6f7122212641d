import { nonceStoreContract } from '@hcv/testing';
import { InMemoryNonceStore } from './device-authenticator';
import { REPLAY_WINDOW_MILLIS } from './device-signature';

// The port's cases, also run on MongoDB in mongo-nonce-store.int.spec.ts.
nonceStoreContract('memory store', async () => new InMemoryNonceStore());

describe('InMemoryNonceStore (one process: bounded)', () => {
  it('past 50 000 nonces, forgets those older than twice the replay window and keeps the younger', async () => {
    const nonces = new InMemoryNonceStore();
    const t0 = 1_790_000_000_000;
    for (let i = 0; i < 49_999; i++) await nonces.remember('d', `old-${i}`, t0);
    expect(await nonces.remember('d', 'young', t0 + REPLAY_WINDOW_MILLIS)).toBe(true);
    // The 50 001st nonce, just past twice the window after the old ones: the prune runs now.
    expect(await nonces.remember('d', 'trigger', t0 + 2 * REPLAY_WINDOW_MILLIS + 1)).toBe(true);
    expect(await nonces.remember('d', 'young', t0 + 2 * REPLAY_WINDOW_MILLIS + 1)).toBe(false);
    expect(await nonces.remember('d', 'old-0', t0 + 2 * REPLAY_WINDOW_MILLIS + 1)).toBe(true);
    expect(await nonces.remember('d', 'old-49998', t0 + 2 * REPLAY_WINDOW_MILLIS + 1)).toBe(true);
  });

  it('keeps every nonce, however old, while it holds no more than 50 000', async () => {
    const nonces = new InMemoryNonceStore();
    const t0 = 1_790_000_000_000;
    expect(await nonces.remember('d', 'n-1', t0)).toBe(true);
    expect(await nonces.remember('d', 'n-1', t0 + 100 * REPLAY_WINDOW_MILLIS)).toBe(false);
  });
});
