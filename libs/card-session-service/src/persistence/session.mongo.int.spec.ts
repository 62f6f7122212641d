import type { Connection } from 'mongoose';
import { anOpenedSession, connectTestDatabase } from '@hcv/testing';
import type { Session } from '../domain/session.decide';
import { sessionRepositoryContract } from './session.contract';
import { MongoSessionRepository } from './session.mongo';

describe('the session repository against the MongoDB-wire server', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  beforeAll(async () => {
    db = await connectTestDatabase('int_card_session');
  });
  afterAll(async () => db.drop());

  // The same cases as the memory twin (session.memory.unit.spec.ts).
  sessionRepositoryContract(async () => ({ repo: new MongoSessionRepository(db.connection) }));

  it('stores no field for an unset value and the pending events inside the session document', async () => {
    const repo = new MongoSessionRepository(db.connection);
    const s: Session = {
      ...anOpenedSession(),
      sessionId: '0c7d3f56-2a41-4b1e-8d7c-5e6f7a8b9c0d',
      traceparent: undefined,
      cardReference: 'card-000001-0a1b2c3d',
    };
    const entry = {
      eventId: 'e-1',
      topic: 'session.opened.v1',
      key: s.sessionId,
      value: '{}',
      headers: {},
      stagedAt: '2026-11-24T09:00:00.000Z',
    };
    await repo.insert(s, [entry]);
    const raw = await db.connection.collection('sessions').findOne({ _id: s.sessionId as never });
    expect(raw).not.toHaveProperty('traceparent'); // not null: absent
    expect(raw?.outbox).toHaveLength(1);
    const read = await repo.get(s.sessionId);
    expect(read).not.toHaveProperty('outbox');
    expect(read).not.toHaveProperty('traceparent');

    const { cardReference: _dropped, ...withoutCard } = read!;
    const saved = await repo.save(
      { ...withoutCard, state: 'eligibility-requested', outcome: { kind: 'matched', reason: 'ok', decidedAt: '2026-11-24T09:01:00.000Z' } },
      [{ ...entry, eventId: 'e-2' }],
    );
    expect(saved?.version).toBe(1);
    const after = await db.connection.collection('sessions').findOne({ _id: s.sessionId as never });
    expect(after).not.toHaveProperty('cardReference');
    expect(after).toMatchObject({
      state: 'eligibility-requested',
      version: 1,
      outcome: { kind: 'matched', reason: 'ok', decidedAt: '2026-11-24T09:01:00.000Z' },
    });
    expect((after?.outbox as { eventId: string }[]).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
  });
});
