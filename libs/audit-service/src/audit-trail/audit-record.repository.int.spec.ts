import type { Connection } from 'mongoose';
import { connectTestDatabase } from '@hcv/testing';
import type { AuditRecord } from './audit-record';
import { MongoAuditRecordRepository } from './audit-record.repository';

const record = (id: string, type: string, time: string): AuditRecord => ({
  id,
  type,
  version: 1,
  time,
  source: 'card-session',
  subject: 'session-1',
  correlationId: 'c-1',
  data: { sessionId: 'session-1' },
  topic: `${type}.v1`,
  partition: 0,
  offset: '0',
  traceId: '0af7651916cd43dd8448eb211c80319c',
  recordedAt: '2026-11-24T09:00:05.000Z',
});

describe('audit records against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_audit');
  });
  afterAll(async () => db.drop());

  it('appends once per event id and tells the story of a subject in time order', async () => {
    const repo = new MongoAuditRecordRepository(db.connection);
    expect(await repo.append(record('e2', 'session.card-read', '2026-11-24T09:00:01.000200Z'))).toBe(true);
    expect(await repo.append(record('e1', 'session.opened', '2026-11-24T09:00:01.000100Z'))).toBe(true);
    expect(await repo.append(record('e1', 'session.opened', '2026-11-24T09:00:01.000100Z'))).toBe(false);
    expect((await repo.bySubject('session-1')).map((r) => r.id)).toEqual(['e1', 'e2']);
    expect((await repo.find({ type: 'session.opened', limit: 10 })).map((r) => r.id)).toEqual(['e1']);
    expect(await repo.find({ from: '2026-11-24T09:00:01.000150Z', limit: 10 })).toHaveLength(1);
  });
});
