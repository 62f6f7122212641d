import type { Connection } from 'mongoose';
import { anOpenedSession, aPresentedVoucher, connectTestDatabase } from '@hcv/testing';
import { sessionView } from '../domain/session-view';
import { decideSession } from '../domain/session.decide';
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
      topic: 'session.opened.v2',
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

  it('reads a document written before the voucher carried its printed fields, shows it, and takes the voucher again on its next step', async () => {
    const repo = new MongoSessionRepository(db.connection);
    const sessionId = '3b1f0a9e-6c2d-4e8f-9a1b-2c3d4e5f6a7b';
    // As the previous release wrote it: voucherNumber alone, an outcome subdocument, no voucher.
    const { sessionId: _id, ...fields } = anOpenedSession({ sessionId, state: 'card-read' });
    await db.connection.collection('sessions').insertOne({ _id: sessionId as never, ...fields, voucherNumber: '26001000001' });
    const read = await repo.get(sessionId);
    expect(read).toMatchObject({ sessionId, voucherNumber: '26001000001', state: 'card-read' });
    expect(sessionView(read!)).toMatchObject({ voucherNumber: '26001000001' });
    expect(sessionView(read!)).not.toHaveProperty('voucher');

    const next = decideSession({ kind: 'present-voucher', voucher: aPresentedVoucher(), at: new Date('2026-11-24T09:02:00.000Z') }, read!);
    expect(await repo.save(next.state)).not.toBeNull();
    const raw = await db.connection.collection('sessions').findOne({ _id: sessionId as never });
    expect(raw).not.toHaveProperty('voucherNumber');
    expect(raw?.voucher).toMatchObject({ voucherNumber: '26001000001', voucherKind: 'checkup' });
  });
});
