import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { lookupRecordRepositoryContract } from './lookup-record.contract';
import { MongoLookupRecordRepository } from './lookup-record.mongo';

describe('lookup records against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_qualification_lookup');
  });
  afterAll(async () => db.drop());

  lookupRecordRepositoryContract('MongoDB', async () => ({ repo: new MongoLookupRecordRepository(db.connection) }));

  it('stores nothing personal: one document per session with only status, insurer and timing', async () => {
    const repo = new MongoLookupRecordRepository(db.connection);
    const record = {
      sessionId: 's-raw',
      institutionNumber: '1311234569',
      status: 'eligible' as const,
      insurerNumber: '06139018',
      upstreamMillis: 12,
      resolvedAt: '2026-11-24T09:00:00.000Z',
    };
    expect(await repo.save(record)).toBe(true);
    expect(await repo.save({ ...record, upstreamMillis: 15 })).toBe(false);
    expect(await db.connection.collection('lookups').countDocuments({ _id: 's-raw' as never })).toBe(1);
    const raw = await db.connection.collection('lookups').findOne({ _id: 's-raw' as never });
    expect(Object.keys(raw!).sort()).toEqual(['_id', 'institutionNumber', 'insurerNumber', 'resolvedAt', 'status', 'upstreamMillis']);
  });
});
