import type { Connection } from 'mongoose';
import { connectMongo } from '@hcv/persistence';
import { connectTestDatabase } from '@hcv/testing';
import { DEFAULT_RESILIENCE, ResilientLookup } from '../adapters/resilient-lookup';
import type { NationalEligibilitySystem } from '../adapters/national-system.port';
import { MongoInstitutionRateLimit } from './rate-window.mongo';

/**
 * Two qualification-lookup replicas (two connections, two limiters, two resilient lookups) on one
 * database: together they pass at most the per-institution rate each second; their own token
 * buckets alone would pass twice as much.
 */
describe('per-institution rate limit shared by replicas (MongoDB)', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  let second: Connection;
  beforeAll(async () => {
    db = await connectTestDatabase('int_qualification_lookup_rate');
    second = await connectMongo({ url: process.env.MONGO_URL!, dbName: db.connection.name });
  });
  afterAll(async () => {
    await second.close();
    await db.drop();
  });

  const institutionNumber = '1311234569';
  const otherInstitution = '3410712362';
  const rate = 20;
  const resilience = { ...DEFAULT_RESILIENCE, ratePerSecond: rate, burst: 2 * rate, retries: 0 };

  function replicas(clock: { t: number }, shared: boolean) {
    const calls: string[] = [];
    const upstream: NationalEligibilitySystem = {
      lookup: async (r) => {
        calls.push(r.institutionNumber);
        return { status: 'not-found' } as never;
      },
    };
    const now = () => clock.t;
    const make = (connection: Connection) =>
      new ResilientLookup(
        upstream,
        resilience,
        now,
        shared ? new MongoInstitutionRateLimit(connection, { ratePerSecond: rate, scope: 'simulator' }, now) : undefined,
      );
    return { calls, lookups: [make(db.connection), make(second)] };
  }

  const burst = async (lookups: ResilientLookup[], perReplica: number, institution = institutionNumber) => {
    const answers = await Promise.all(
      lookups.flatMap((l) =>
        Array.from({ length: perReplica }, () =>
          l.lookup({ cardReference: 'card-000001-0a1b2c3d', onDate: '2026-11-24', institutionNumber: institution }),
        ),
      ),
    );
    return answers.filter((a) => a.status === 'deferred') as { status: 'deferred'; retryAfterMillis: number; reason: string }[];
  };

  it('lets through the rate per second, never more, across both replicas, each second, and says when to come back', async () => {
    const clock = { t: 1_800_000_000_250 };
    const { calls, lookups } = replicas(clock, true);
    for (let s = 0; s < 3; s++) {
      const before = calls.length;
      const deferred = await burst(lookups, 30);
      const passed = calls.length - before;
      // Never above the rate. (The test server's findOneAndUpdate is not atomic under concurrency and
      // may skip a number, so a second can end a call or two below it; MongoDB's is exact.)
      expect(passed).toBeLessThanOrEqual(rate);
      expect(passed).toBeGreaterThanOrEqual(rate - 2);
      expect(deferred).toHaveLength(60 - passed);
      expect(new Set(deferred.map((d) => d.retryAfterMillis))).toEqual(new Set([750]));
      expect(deferred[0]!.reason).toBe('institution rate limit reached');
      clock.t += 1_000;
    }
    // Another institution has its own budget in the same second.
    const before = calls.length;
    await burst(lookups, 15, otherInstitution);
    expect(calls.length - before).toBeLessThanOrEqual(rate);
    expect(calls.length - before).toBeGreaterThanOrEqual(rate - 2);
  });

  it('a replica whose clock is behind counts into the later second already stored, not a fresh one', async () => {
    const clock = { t: 1_800_000_100_900 };
    const { calls, lookups } = replicas(clock, true);
    await burst([lookups[0]!], rate);
    expect(calls).toHaveLength(rate);
    clock.t -= 500; // the second replica's clock, half a second behind (an earlier second)
    const deferred = await burst([lookups[1]!], 5);
    expect(calls).toHaveLength(rate);
    expect(deferred).toHaveLength(5);
  });

  it('without the shared store each replica keeps its own bucket: together twice the burst (what the store prevents)', async () => {
    const clock = { t: 1_800_000_200_000 };
    const { calls, lookups } = replicas(clock, false);
    await burst(lookups, 60);
    expect(calls).toHaveLength(2 * resilience.burst);
  });
});
