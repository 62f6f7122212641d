import type { Connection } from 'mongoose';
import { connectTestDatabase, nonceStoreContract } from '@hcv/testing';
import { REPLAY_WINDOW_MILLIS } from './device-signature';
import { MongoNonceStore } from './mongo-nonce-store';

// The nonce store on the MongoDB-wire test server: the port's cases (nonceStoreContract, also run on
// the memory store), then its own pruning (the test server enforces no TTL index: the store prunes).
describe('MongoNonceStore', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_nonce_store');
  });
  afterAll(async () => db.drop());

  nonceStoreContract('MongoDB store', async () => new MongoNonceStore(db.connection));

  it('prunes the nonces older than twice the window, at most once a window, keeping the younger', async () => {
    const nonces = new MongoNonceStore(db.connection);
    const ids = ['a', 'b', 'c', 'd'].map((n) => `prune|${n}`);
    const stored = async () =>
      (
        await db.connection
          .collection('request_nonces')
          .find({ _id: { $in: ids } as never })
          .toArray()
      )
        .map((d) => String(d._id))
        .sort();
    const prunes = jest.spyOn(db.connection.models.RequestNonce!, 'deleteMany');
    try {
      const t0 = 1_800_000_000_000;
      await nonces.remember('prune', 'a', t0); // the first use prunes (nothing is older yet)
      await nonces.remember('prune', 'b', t0 + 1);
      await nonces.remember('prune', 'c', t0 + REPLAY_WINDOW_MILLIS);
      expect(prunes).toHaveBeenCalledTimes(1);
      expect(await stored()).toEqual(['prune|a', 'prune|b', 'prune|c']);

      // More than a window after the last prune: it removes what was used before t0 + 1 (2 windows earlier).
      await nonces.remember('prune', 'd', t0 + 2 * REPLAY_WINDOW_MILLIS + 1);
      expect(prunes).toHaveBeenCalledTimes(2);
      expect(await stored()).toEqual(['prune|b', 'prune|c', 'prune|d']);
      expect(await nonces.remember('prune', 'a', t0 + 2 * REPLAY_WINDOW_MILLIS + 2)).toBe(true); // forgotten: in no window any more
      expect(prunes).toHaveBeenCalledTimes(2);
    } finally {
      prunes.mockRestore();
    }
  });
});
