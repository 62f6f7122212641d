// The session repository's behaviour as one list of cases, run on both adapters: the memory twin
// (session.memory.unit.spec.ts) and MongoDB (session.mongo.int.spec.ts). Not a test file by itself
// (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import { REPLAY_WINDOW_MILLIS } from '@hcv/platform-access';
import { anOpenedSession, aPresentedVoucher } from '@hcv/testing';
import type { Session } from '../domain/session.decide';
import { DeviceSlotTakenError, SessionExistsError, type SessionRepository } from './session.repository';

/** Builds a repository over a fresh or shared store; cases use their own session ids. */
export type SessionRepositoryFactory = () => Promise<{ repo: SessionRepository; cleanup?: () => Promise<void> }>;

/** A session of its own device (each unfinished one holds its device's slot). */
const aSession = (overrides: Partial<Session> = {}): Session =>
  anOpenedSession({
    sessionId: randomUUID(),
    deviceId: `dev-${randomUUID()}`,
    lastActivityAt: '2026-11-24T09:00:00.000Z',
    ...overrides,
  }) as Session;

const anEntry = (sessionId: string, eventId: string): OutboxEntry => ({
  eventId,
  topic: 'session.opened.v1',
  key: sessionId,
  value: '{}',
  headers: {},
  stagedAt: '2026-11-24T09:00:00.000Z',
});

export function sessionRepositoryContract(make: SessionRepositoryFactory): void {
  let repo: SessionRepository;
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    ({ repo, cleanup } = await make());
  });
  afterEach(async () => cleanup?.());

  it('stores and reads a session; an unknown id reads as null', async () => {
    const session = aSession();
    await repo.insert(session);
    expect(await repo.get(session.sessionId)).toEqual(session);
    expect(await repo.get(randomUUID())).toBeNull();
  });

  it('keeps the stop, who checked and how, a card problem, the identity step, a voucher-less 人間ドック and a link to a captured visit', async () => {
    const session = aSession({ purpose: 'comprehensive-checkup', stopId: 'stop-2', withoutVoucher: true, linkedSessionId: randomUUID() });
    await repo.insert(session);
    const problem = {
      problem: 'certificate-expired' as const,
      nextSteps: ['renew-card-at-municipality' as const, 'present-alternative-document' as const],
      reportedAt: '2026-11-24T09:01:00.000Z',
    };
    const reported = {
      validity: 'valid' as const,
      insurerNumber: '06139018',
      number: '0012345',
      name: '佐藤 太郎',
      birthDate: '1970-05-01',
      confirmedAt: '2026-11-24T09:02:00+09:00',
    };
    const saved = await repo.save({ ...session, cardProblem: problem, reported });
    expect((await repo.get(session.sessionId))?.reported).toEqual(reported);
    const checked = {
      ...saved!,
      state: 'card-read' as const,
      identityCheck: 'visual' as const,
      checkedBy: 'staff-suzuki',
      afterPinLock: true,
      identityVerification: {
        method: 'mynumber-card-presented' as const,
        checkedBy: 'staff-tanaka',
        verifiedAt: '2026-11-24T09:03:00.000Z',
      },
    };
    // What the national app showed leaves with the request: a save without it removes it.
    const { cardProblem: _cleared, reported: _sent, ...withoutProblem } = checked;
    await repo.save(withoutProblem);
    const read = await repo.get(session.sessionId);
    expect(read).toMatchObject({
      stopId: 'stop-2',
      withoutVoucher: true,
      linkedSessionId: session.linkedSessionId,
      identityCheck: 'visual',
      checkedBy: 'staff-suzuki',
      afterPinLock: true,
      identityVerification: withoutProblem.identityVerification,
      version: 2,
    });
    expect(read).not.toHaveProperty('cardProblem');
    expect(read).not.toHaveProperty('reported');
  });

  it('refuses to insert a session whose id is taken (a resent captured session), keeping the first', async () => {
    const session = aSession();
    await repo.insert(session);
    await expect(repo.insert({ ...session, siteId: 'bus-01' })).rejects.toBeInstanceOf(SessionExistsError);
    expect((await repo.get(session.sessionId))?.siteId).toBe(session.siteId);
  });

  it('saves with the next version and refuses a save based on a stale version', async () => {
    const session = aSession();
    await repo.insert(session);
    const first = await repo.save({ ...session, state: 'card-read', cardReference: 'card-000001-0a1b2c3d' });
    expect(first).toMatchObject({ sessionId: session.sessionId, state: 'card-read', version: 1 });
    // A second writer that read version 0 loses: optimistic concurrency without transactions.
    expect(await repo.save({ ...session, voucher: aPresentedVoucher() })).toBeNull();
    const stored = await repo.get(session.sessionId);
    expect(stored).toMatchObject({ state: 'card-read', version: 1 });
    expect(stored?.voucher).toBeUndefined();
    // A save of an unknown session stores nothing.
    expect(await repo.save(aSession())).toBeNull();
  });

  it('lets only one of two concurrent writers of the same version win', async () => {
    const session = aSession();
    await repo.insert(session);
    const results = await Promise.all([repo.save({ ...session, pinFailures: 1 }), repo.save({ ...session, voucher: aPresentedVoucher() })]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
    expect((await repo.get(session.sessionId))?.version).toBe(1);
  });

  it('replaces the session on save: a field the save leaves out is gone, an unset one reads as unset', async () => {
    const session = aSession({
      traceparent: undefined,
      cardReference: 'card-000001-0a1b2c3d',
      terminalQuery: { symbol: '77', number: '8899', branch: '02', birthDate: '1961-02-03' },
    });
    await repo.insert(session);
    const read = await repo.get(session.sessionId);
    expect(read?.traceparent).toBeUndefined();
    expect(read?.terminalQuery).toEqual({ symbol: '77', number: '8899', branch: '02', birthDate: '1961-02-03' });
    const { cardReference: _dropped, terminalQuery: _query, ...withoutCard } = read!;
    const outcome = { kind: 'matched' as const, reason: 'ok', decidedAt: '2026-11-24T09:01:00.000Z' };
    expect(await repo.save({ ...withoutCard, state: 'eligibility-requested', outcome })).toMatchObject({ version: 1 });
    const after = await repo.get(session.sessionId);
    expect(after?.cardReference).toBeUndefined();
    expect(after?.terminalQuery).toBeUndefined();
    expect(after).toMatchObject({ state: 'eligibility-requested', version: 1, outcome });
  });

  it('saving with the stored session at hand writes the same: changed, added and dropped fields, the same result as a whole replace', async () => {
    const voucher = aPresentedVoucher({ parts: ['basic'] });
    const session = aSession({ cardReference: 'card-000001-0a1b2c3d', voucher });
    await repo.insert(session);
    const stored = (await repo.get(session.sessionId))!;
    const { cardReference: _dropped, ...rest } = stored;
    const outcome = { kind: 'matched' as const, reason: 'ok', decidedAt: '2026-11-24T09:01:00.000Z' };
    // voucher kept as the same object (not written again), cardReference dropped, state changed, outcome added.
    const next = { ...rest, state: 'eligibility-requested' as const, outcome };
    const saved = await repo.save(next, [], undefined, stored);
    expect(saved).toMatchObject({ version: 1, state: 'eligibility-requested' });
    const after = await repo.get(session.sessionId);
    expect(after).toEqual({ ...next, version: 1 });
    expect(after?.cardReference).toBeUndefined();
    // Over that write's result (a remembered copy): again only the change; a stale `stored` version is refused as before.
    expect(await repo.save({ ...saved!, lastActivityAt: '2026-11-24T09:02:00.000Z' }, [], undefined, saved!)).toMatchObject({ version: 2 });
    expect(await repo.save({ ...saved!, state: 'completed' }, [], undefined, saved!)).toBeNull();
    expect(await repo.get(session.sessionId)).toEqual({ ...next, version: 2, lastActivityAt: '2026-11-24T09:02:00.000Z' });
  });

  it('stores the presented voucher and a v3 outcome as they are, and drops the voucher’s 記号・番号 when a save leaves them out', async () => {
    const voucher = aPresentedVoucher({ parts: ['basic'], insurerUpperLimit: 5000 });
    const session = aSession({ voucher });
    await repo.insert(session);
    expect((await repo.get(session.sessionId))?.voucher).toEqual(voucher);
    const { symbol: _s, number: _n, ...withoutMember } = voucher;
    const outcome = {
      kind: 'matched-after-settlement' as const,
      reason: 'Settled.',
      reasonJa: '確認済み。',
      verifiedOnline: false,
      source: 'transcribed' as const,
      method: 'eligibility-certificate' as const,
      comparedSources: ['presented-voucher' as const, 'transcribed-eligibility' as const],
      collect: { lines: [{ part: 'basic' as const, copayment: { kind: 'fixed' as const, amount: 1000 }, yen: 1000 }], totalYen: 1000 },
      covers: { parts: ['basic' as const] },
      settlement: { kind: 'same-person' as const, by: 'operator-3', at: '2026-11-24T09:05:00.000Z' },
      decidedAt: '2026-11-24T09:05:00.000Z',
    };
    await repo.save({ ...session, voucher: withoutMember, state: 'completed', outcome });
    const after = await repo.get(session.sessionId);
    expect(after?.voucher).toEqual(withoutMember);
    expect(after?.outcome).toEqual(outcome);
  });

  it('reads a session stored before vouchers carried their printed fields: the number alone and a v2 outcome', async () => {
    const old = aSession({
      voucherNumber: '26001000001',
      state: 'completed',
      outcome: { kind: 'not-contracted', reason: 'No contract.', decidedAt: '2026-11-24T09:01:00.000Z' },
    });
    await repo.insert(old);
    const read = await repo.get(old.sessionId);
    expect(read).toMatchObject({ voucherNumber: '26001000001', outcome: { kind: 'not-contracted' } });
    expect(read?.voucher).toBeUndefined();
  });

  it('keeps the events of each write in the session document, in order, until marked sent; a read never shows them', async () => {
    const session = aSession();
    await repo.insert(session, [anEntry(session.sessionId, 'e-1')]);
    const read = await repo.get(session.sessionId);
    expect(read).not.toHaveProperty('outbox');
    await repo.save(read!, [anEntry(session.sessionId, 'e-2')]);
    expect((await repo.outbox.entriesOf(session.sessionId)).map((e) => e.eventId)).toEqual(['e-1', 'e-2']);
    expect(await repo.outbox.pending('2026-11-24T09:00:00.000Z', 1_000)).toContain(session.sessionId);
    // A save from a copy read before an entry was sent keeps the stored outbox as it is.
    await repo.outbox.markSent(session.sessionId, ['e-1']);
    await repo.save({ ...read!, version: 1, pinFailures: 1 }, [anEntry(session.sessionId, 'e-3')]);
    expect((await repo.outbox.entriesOf(session.sessionId)).map((e) => e.eventId)).toEqual(['e-2', 'e-3']);
    await repo.outbox.markSent(session.sessionId, ['e-2', 'e-3']);
    expect(await repo.outbox.entriesOf(session.sessionId)).toEqual([]);
    expect(await repo.outbox.pending('2026-11-24T09:00:00.000Z', 1_000)).not.toContain(session.sessionId);
  });

  it('finds the sessions idle in the given states since a time, at most `limit`', async () => {
    const siteId = `site-${randomUUID().slice(0, 8)}`;
    const idle = [aSession({ siteId }), aSession({ siteId, state: 'card-read' })];
    const recent = aSession({ siteId, lastActivityAt: '2026-11-24T09:20:00.000Z' });
    const finished = aSession({ siteId, state: 'completed' });
    for (const s of [...idle, recent, finished]) await repo.insert(s);
    const found = (await repo.findIdle(['opened', 'card-read'], '2026-11-24T09:15:00.000Z', 1_000)).filter((s) => s.siteId === siteId);
    expect(found.map((s) => s.sessionId).sort()).toEqual(idle.map((s) => s.sessionId).sort());
    expect(found[0]).not.toHaveProperty('outbox');
    expect(await repo.findIdle(['opened', 'card-read'], '2026-11-24T09:15:00.000Z', 1)).toHaveLength(1);
  });

  it('records a request nonce with the save that carries it; a save carrying it again is refused as a replay and writes nothing', async () => {
    const session = aSession();
    await repo.insert(session);
    const saved = await repo.save({ ...session, pinFailures: 1 }, [], 'dev-1|n-1');
    expect(saved?.version).toBe(session.version + 1);
    expect(await repo.get(session.sessionId)).toEqual(saved); // a read never shows the nonces
    await expect(repo.save({ ...saved!, pinFailures: 2 }, [], 'dev-1|n-1')).rejects.toMatchObject({ code: 'device-auth-replayed' });
    await expect(repo.save({ ...session, pinFailures: 2 }, [], 'dev-1|n-1')).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await repo.get(session.sessionId)).toEqual(saved);
    // Another nonce, and a save without one, still write; the nonces held so far stay held.
    const next = await repo.save({ ...saved!, pinFailures: 2 }, [], 'dev-1|n-2');
    expect(next?.pinFailures).toBe(2);
    expect(await repo.save({ ...next!, pinFailures: 3 })).not.toBeNull();
    expect(await repo.recordNonce(session.sessionId, 'dev-1|n-1')).toBe('seen');
    expect(await repo.recordNonce(session.sessionId, 'dev-1|n-2')).toBe('seen');
  });

  it('does not record the nonce of a save based on a stale version (the step is decided again and carries it again)', async () => {
    const session = aSession();
    await repo.insert(session);
    const saved = await repo.save({ ...session, pinFailures: 1 });
    expect(await repo.save({ ...session, pinFailures: 2 }, [], 'dev-1|n-3')).toBeNull();
    expect(await repo.save({ ...saved!, pinFailures: 2 }, [], 'dev-1|n-3')).not.toBeNull();
  });

  it('records a nonce on a session without changing it: recorded once, then seen; missing for an unknown session', async () => {
    const session = aSession();
    await repo.insert(session);
    expect(await repo.recordNonce(session.sessionId, 'dev-1|n-4')).toBe('recorded');
    expect(await repo.recordNonce(session.sessionId, 'dev-1|n-4')).toBe('seen');
    expect(await repo.get(session.sessionId)).toEqual(session);
    await expect(repo.save({ ...session, pinFailures: 1 }, [], 'dev-1|n-4')).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await repo.recordNonce(randomUUID(), 'dev-1|n-4')).toBe('missing');
  });

  it('gives a device one active session at a time, even under concurrent inserts; the save that finishes it frees the slot', async () => {
    const deviceId = `dev-${randomUUID()}`;
    const candidates = Array.from({ length: 4 }, () => aSession({ deviceId }));
    const results = await Promise.allSettled(candidates.map((s) => repo.insert(s)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DeviceSlotTakenError);
    const holder = candidates[results.findIndex((r) => r.status === 'fulfilled')]!;
    expect(await repo.slotHolder(deviceId)).toEqual(holder);
    expect(await repo.get(candidates.find((c) => c !== holder)!.sessionId)).toBeNull();
    // A save that keeps it unfinished keeps the slot; the one that finishes it frees it.
    const read = await repo.save({ ...holder, state: 'card-read' });
    expect((await repo.slotHolder(deviceId))?.sessionId).toBe(holder.sessionId);
    await repo.save({ ...read!, state: 'completed' });
    expect(await repo.slotHolder(deviceId)).toBeNull();
    const next = aSession({ deviceId });
    await repo.insert(next);
    expect((await repo.slotHolder(deviceId))?.sessionId).toBe(next.sessionId);
    expect(await repo.slotHolder(`dev-${randomUUID()}`)).toBeNull();
  });

  it('takes no slot for a captured session (a bus captures several offline), and tells a taken id from a taken slot', async () => {
    const deviceId = `dev-${randomUUID()}`;
    await repo.insert(aSession({ deviceId, capturedAt: '2026-11-24T08:00:00.000Z' }));
    await repo.insert(aSession({ deviceId, capturedAt: '2026-11-24T08:05:00.000Z' }));
    expect(await repo.slotHolder(deviceId)).toBeNull();
    const live = aSession({ deviceId });
    await repo.insert(live);
    await expect(repo.insert(live)).rejects.toBeInstanceOf(SessionExistsError);
    await expect(repo.insert(aSession({ deviceId }))).rejects.toBeInstanceOf(DeviceSlotTakenError);
  });

  it('records the nonce of the request that inserts a session with the insert, unique over the collection: held once, a replay stores nothing', async () => {
    const nonce = `dev-1|${randomUUID()}`;
    const first = aSession();
    await repo.insert(first, [], nonce);
    expect(await repo.get(first.sessionId)).toEqual(first); // a read never shows it
    // The same request again would insert another session (another id, even another slot): refused.
    const again = aSession();
    await expect(repo.insert(again, [anEntry(again.sessionId, 'e-1')], nonce)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await repo.get(again.sessionId)).toBeNull();
    expect(await repo.slotHolder(again.deviceId)).toBeNull();
    // Also when it meets its own session's id or slot: the replay is told first.
    await expect(repo.insert(first, [], nonce)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    await expect(repo.insert(aSession({ deviceId: first.deviceId }), [], nonce)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    // Held already: a request that stores nothing under it is a replay too.
    expect(await repo.holdNonce(nonce, 1)).toBe(false);
    // Another nonce, and an insert without one, go on.
    await repo.insert(again, [], `dev-1|${randomUUID()}`);
    await repo.insert(aSession());
  });

  it('forgets a held nonce once it is older than twice the replay window (a request that old is refused by its timestamp)', async () => {
    const nonce = `dev-3|${randomUUID()}`;
    const t0 = Date.parse('2026-11-25T09:00:00.000Z');
    expect(await repo.holdNonce(nonce, t0)).toBe(true);
    // Within twice the window: still held.
    expect(await repo.holdNonce(`dev-3|${randomUUID()}`, t0 + REPLAY_WINDOW_MILLIS + 1)).toBe(true);
    expect(await repo.holdNonce(nonce, t0 + REPLAY_WINDOW_MILLIS + 2)).toBe(false);
    // Past it: the next marker's prune removes it, and a session's insert nonce is never pruned.
    const session = aSession();
    const sessionNonce = `dev-3|${randomUUID()}`;
    await repo.insert(session, [], sessionNonce);
    expect(await repo.holdNonce(`dev-3|${randomUUID()}`, t0 + 2 * REPLAY_WINDOW_MILLIS + 1_000)).toBe(true);
    expect(await repo.holdNonce(nonce, t0 + 2 * REPLAY_WINDOW_MILLIS + 2_000)).toBe(true);
    expect(await repo.holdNonce(sessionNonce, t0 + 4 * REPLAY_WINDOW_MILLIS)).toBe(false);
    expect(await repo.get(session.sessionId)).toEqual(session);
  });

  it('holds the nonce of a request that stored no session: once, and an insert carrying it later is refused as a replay; the marker is no session', async () => {
    const nonce = `dev-2|${randomUUID()}`;
    expect(await repo.holdNonce(nonce, Date.parse('2026-11-24T09:00:00.000Z'))).toBe(true);
    expect(await repo.holdNonce(nonce, Date.parse('2026-11-24T09:00:01.000Z'))).toBe(false);
    const session = aSession();
    await expect(repo.insert(session, [], nonce)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await repo.get(session.sessionId)).toBeNull();
    expect(await repo.slotHolder(session.deviceId)).toBeNull();
    // The marker is not read as a session by any query.
    expect(await repo.get(`nonce:${nonce}`)).toBeNull();
    expect(await repo.recordNonce(`nonce:${nonce}`, 'dev-2|n-1')).toBe('missing');
    const idle = await repo.findIdle(
      ['opened', 'card-read', 'eligibility-requested', 'completed', 'cancelled'],
      '2099-01-01T00:00:00.000Z',
      100_000,
    );
    expect(idle.every((s) => typeof s.sessionId === 'string' && !s.sessionId.startsWith('nonce:') && s.version !== undefined)).toBe(true);
  });
}
