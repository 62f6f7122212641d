import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import { MongoLookupRecordRepository } from './lookup-record.repository';

describe('lookup records against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_qualification_lookup');
  });
  afterAll(async () => db.drop());

  it('keeps one record per session: a redelivered request cannot answer it a second time', async () => {
    const repo = new MongoLookupRecordRepository(db.connection);
    const record = { sessionId: 's-1', institutionNumber: '1311234566', status: 'eligible' as const, insurerNumber: '06139018', upstreamMillis: 12, resolvedAt: '2026-11-24T09:00:00.000Z' };
    expect(await repo.save(record)).toBe(true);
    expect(await repo.save({ ...record, upstreamMillis: 15 })).toBe(false);
    expect(await repo.get('s-1')).toEqual(record);
    expect(await db.connection.collection('lookups').countDocuments()).toBe(1);
    // Nothing personal is stored: only status, insurer and timing.
    const raw = await db.connection.collection('lookups').findOne({ _id: 's-1' as never });
    expect(Object.keys(raw!).sort()).toEqual(['_id', 'institutionNumber', 'insurerNumber', 'resolvedAt', 'status', 'upstreamMillis']);
  });
});
