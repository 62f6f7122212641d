import { DomainError, withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { handleWithPendingNonce, type PendingNonce } from '@hcv/platform-access';
import { aPresentedVoucher } from '@hcv/testing';
import { InMemoryDeviceDirectory } from './device-directory.memory';
import { OpenSessionHandler } from '../open-session/open-session.handler';
import { PresentVoucherHandler } from '../present-voucher/present-voucher.handler';
import { SubmitCardReadHandler } from '../submit-card-read/submit-card-read.handler';
import { RecentSessions } from './recent-sessions';
import { sessionNonceFallback, sessionStore } from './session-store';
import { InMemorySessionRepository } from './session.memory';

/** Counts the nonces held apart from any session write (the round trips the session's writes save). */
class CountingSessions extends InMemorySessionRepository {
  held = 0;
  override async holdNonce(nonce: string, atMillis: number) {
    this.held++;
    return super.holdNonce(nonce, atMillis);
  }
}

const institutionNumber = withInstitutionCheckDigit('131123456');
const clock = () => new Date('2026-11-25T09:00:00.000Z');
const card = { identityCheck: 'pin' as const, pinVerified: true, cardReference: 'card-000001-0a1b2c3d' };
const aNonce = (nonce: string): PendingNonce => ({ deviceId: 'dev-1', nonce, atMillis: clock().getTime(), recorded: false });

/**
 * A session step's signed request records its nonce with the session's own write; the interceptor's
 * fallback records it when the step wrote nothing. Either way the same request again is a replay.
 */
describe('request nonces recorded with the session they act on', () => {
  let sessions: CountingSessions;
  let instance: ReturnType<typeof makeInstance>;

  const makeInstance = () => {
    const devices = new InMemoryDeviceDirectory();
    const relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async () => undefined,
    });
    const store = sessionStore(sessions, relay, new RecentSessions());
    return {
      devices,
      store,
      fallback: sessionNonceFallback(sessions),
      open: new OpenSessionHandler(store, devices, clock),
      cardRead: new SubmitCardReadHandler(store, clock),
      voucher: new PresentVoucherHandler(store, clock),
    };
  };
  /** What @NonceRecordedByWrite does around a handler: run it with the nonce pending, then the fallback. */
  const request = <T>(nonce: PendingNonce, step: () => Promise<T>): Promise<T> =>
    handleWithPendingNonce({ pendingNonce: nonce, pendingNonceFallback: instance.fallback }, step);

  beforeEach(async () => {
    sessions = new CountingSessions();
    instance = makeInstance();
    await instance.devices.setState('dev-1', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
  });

  it('records a step’s nonce in the session’s write (no write of its own) and refuses the same request again, changing nothing', async () => {
    const opened = await instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    const first = aNonce('n-1');
    const read = await request(first, () => instance.cardRead.execute(opened.sessionId, card, 'dev-1'));
    expect(first).toMatchObject({ recorded: true, target: opened.sessionId });
    expect(sessions.held).toBe(0);

    // A replay of the card read: its write is refused (the session holds the nonce), nothing changes.
    await expect(request(aNonce('n-1'), () => instance.cardRead.execute(opened.sessionId, card, 'dev-1'))).rejects.toMatchObject({
      code: 'device-auth-replayed',
    });
    expect(await sessions.get(opened.sessionId)).toEqual(read);
    // The next step, with its own nonce, goes on.
    const voucher = await request(aNonce('n-2'), () => instance.voucher.execute(opened.sessionId, aPresentedVoucher(), 'dev-1'));
    expect(voucher.state).toBe('eligibility-requested');
    expect(sessions.held).toBe(0);
  });

  it('refuses a replay whose first request was refused by the rules: the fallback recorded the nonce on the session', async () => {
    const opened = await instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    // A step the rules refuse now (as a rule refuses a step out of order) and would accept later.
    let accepts = false;
    const step = () =>
      instance.store.update(opened.sessionId, (s) => {
        if (!accepts) throw new DomainError('step-not-yet', 'Not yet.', 409);
        return { state: { ...s, pinFailures: 1 }, events: [] };
      });
    await expect(request(aNonce('n-3'), step)).rejects.toMatchObject({ code: 'step-not-yet' });
    accepts = true;
    // Replayed once the rules would accept it: still a replay, and the step is not taken.
    await expect(request(aNonce('n-3'), step)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await sessions.get(opened.sessionId)).toMatchObject({ pinFailures: 0, version: 0 });
    // A step that changes nothing still records its nonce (on the session).
    const unchanged = () => instance.store.update(opened.sessionId, (s) => ({ state: s, events: [] }));
    await request(aNonce('n-4'), unchanged);
    await expect(request(aNonce('n-4'), unchanged)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(sessions.held).toBe(0);
  });

  it('holds the nonce of a request on an unknown session beside the inserts’ nonces, and refuses its replay', async () => {
    const unknown = '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a';
    await expect(request(aNonce('n-5'), () => instance.cardRead.execute(unknown, card, 'dev-1'))).rejects.toMatchObject({ status: 404 });
    expect(sessions.held).toBe(1);
    await expect(request(aNonce('n-5'), () => instance.cardRead.execute(unknown, card, 'dev-1'))).rejects.toMatchObject({
      code: 'device-auth-replayed',
    });
  });

  it('lets one of two concurrent copies of the same request through and refuses the other as a replay', async () => {
    const opened = await instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    const other = makeInstance(); // a second instance over the same store
    const results = await Promise.allSettled([
      request(aNonce('n-6'), () => instance.cardRead.execute(opened.sessionId, card, 'dev-1')),
      request(aNonce('n-6'), () => other.cardRead.execute(opened.sessionId, card, 'dev-1')),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'device-auth-replayed' } });
    expect(await sessions.get(opened.sessionId)).toMatchObject({ state: 'card-read', version: 1 });
  });

  it('records an open’s nonce with the session’s insert and refuses the open again, even once the session is finished', async () => {
    const openRequest = () => instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    const first = aNonce('o-1');
    const opened = await request(first, openRequest);
    expect(first.recorded).toBe(true);
    expect(sessions.held).toBe(0);
    await expect(request(aNonce('o-1'), openRequest)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    // The replay neither superseded the untouched session nor opened another.
    expect(await sessions.get(opened.sessionId)).toEqual(opened);
    expect((await sessions.slotHolder('dev-1'))?.sessionId).toBe(opened.sessionId);
    await request(aNonce('o-2'), () =>
      instance.store.update(opened.sessionId, (s) => ({ state: { ...s, state: 'cancelled' }, events: [] })),
    );
    expect(await sessions.slotHolder('dev-1')).toBeNull();
    await expect(request(aNonce('o-1'), openRequest)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await sessions.slotHolder('dev-1')).toBeNull();
  });

  it('refuses a replay of a refused open once it would succeed, and an open superseding an untouched session keeps its nonce off that session', async () => {
    const openRequest = () => instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    const underWay = await instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await instance.cardRead.execute(underWay.sessionId, card, 'dev-1');
    // Refused: the device's visit is under way. Its nonce is held apart.
    await expect(request(aNonce('o-3'), openRequest)).rejects.toMatchObject({ code: 'device-has-active-session' });
    expect(sessions.held).toBe(1);
    await instance.store.update(underWay.sessionId, (s) => ({ state: { ...s, state: 'cancelled' }, events: [] }));
    // The same request again would now open a session: still a replay, nothing opened.
    await expect(request(aNonce('o-3'), openRequest)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect(await sessions.slotHolder('dev-1')).toBeNull();

    // An untouched session is superseded by the next open; the open's nonce goes with its own insert.
    const untouched = await instance.open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    const next = await request(aNonce('o-4'), openRequest);
    expect(await sessions.get(untouched.sessionId)).toMatchObject({ state: 'cancelled' });
    expect(await sessions.recordNonce(untouched.sessionId, 'dev-1|o-4')).toBe('recorded');
    await expect(request(aNonce('o-4'), openRequest)).rejects.toMatchObject({ code: 'device-auth-replayed' });
    expect((await sessions.slotHolder('dev-1'))?.sessionId).toBe(next.sessionId);
  });
});
