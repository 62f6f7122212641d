import type { Connection } from 'mongoose';
import { connectMongo } from '@hcv/persistence';
import { connectTestDatabase } from '@hcv/testing';
import { analyticsRepositoryContract } from './analytics.contract';
import { MongoAnalyticsRepository } from './analytics.mongo';

describe('analytics rollups against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit_analytics');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (analytics.memory.unit.spec.ts): with writes leaving at once,
  // and gathered per turn as audit's consumer runs them.
  describe.each([
    ['each write at once', {}],
    ['writes gathered per turn', { gatherMillis: 0 }],
  ])('%s', (_, batching) => {
    analyticsRepositoryContract(async () => ({
      repo: new MongoAnalyticsRepository(db.connection, batching),
      twin: new MongoAnalyticsRepository(db.connection, batching),
    }));
  });

  it('stores the merges and counts of one turn with one write per collection, reading a session only when another writer changed it', async () => {
    const commands: string[] = [];
    const connection = await connectMongo({
      url: process.env.MONGO_URL!,
      dbName: db.connection.name,
      // the repository's reads and writes (not the model's set-up: collection and index creation)
      onCommand: (command, collection) => void (/^(create|createIndexes)$/.test(command) || commands.push(`${command} ${collection}`)),
    });
    try {
      const repo = new MongoAnalyticsRepository(connection, { gatherMillis: 0 });
      const sessions = Array.from({ length: 10 }, (_, i) => `batch-${i}-${Date.now()}`);
      commands.length = 0;
      // new sessions are written as new, and the next events on what this process wrote: no read
      await Promise.all(sessions.map((s) => repo.mergeFacts(s, { siteId: 'bus-batch' }, `${s}-a`)));
      expect(commands).toEqual(['update analytics_sessions']);
      commands.length = 0;
      const merged = await Promise.all(sessions.map((s) => repo.mergeFacts(s, { outcome: 'matched' }, `${s}-b`)));
      expect(commands).toEqual(['update analytics_sessions']);
      expect(merged.every((m, i) => m.before?.siteId === 'bus-batch' && m.after.sessionId === sessions[i])).toBe(true);
      // another instance wrote one of them: that one misses, is read and merged again
      await new MongoAnalyticsRepository(db.connection).mergeFacts(sessions[0]!, { purpose: 'specific-checkup' }, 'other-c');
      commands.length = 0;
      const after = await Promise.all(sessions.map((s) => repo.mergeFacts(s, { elapsedMillis: 100 }, `${s}-c`)));
      expect(commands).toEqual([
        'update analytics_sessions',
        'find analytics_sessions',
        'find analytics_sessions',
        'update analytics_sessions',
      ]);
      expect(after[0]!.before).toMatchObject({ siteId: 'bus-batch', outcome: 'matched', purpose: 'specific-checkup' });
      expect(after.slice(1).every((m) => m.before?.outcome === 'matched' && !m.before.purpose)).toBe(true);
      commands.length = 0;
      const key = {
        day: '2026-11-24',
        institutionNumber: '1311234569',
        onlineEligibilityCode: '-',
        siteId: 'bus-batch',
        insurerNumber: '06139018',
        method: 'mynumber-card',
        purpose: 'specific-checkup',
        source: 'online',
        outcome: 'matched',
      };
      const cellId = `cell-batch-${Date.now()}`;
      const applied = await Promise.all(sessions.map((s) => repo.apply(s, { key, cellId, bucket: 'le500', elapsedMillis: 100 })));
      expect(applied.every((a) => a === 'applied')).toBe(true);
      expect(commands).toEqual(['update analytics_outcome_cells']);
    } finally {
      await connection.close();
    }
  });
});
