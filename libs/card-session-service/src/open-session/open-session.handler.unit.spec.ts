import { withInstitutionCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { anOpenedSession } from '@hcv/testing';
import { InMemoryDeviceDirectory } from '../persistence/device-directory.memory';
import { RecentSessions } from '../persistence/recent-sessions';
import { sessionStore } from '../persistence/session-store';
import { InMemorySessionRepository } from '../persistence/session.memory';
import { SessionExistsError } from '../persistence/session.repository';
import type { Session } from '../domain/session.decide';
import { OpenSessionHandler } from './open-session.handler';

const institutionNumber = withInstitutionCheckDigit('131123456');

describe('opening a session', () => {
  let now: Date;
  let sessions: InMemorySessionRepository;
  let devices: InMemoryDeviceDirectory;
  let sent: string[];
  let open: OpenSessionHandler;

  beforeEach(async () => {
    now = new Date('2026-11-25T09:00:00.000Z');
    sessions = new InMemorySessionRepository();
    devices = new InMemoryDeviceDirectory();
    sent = [];
    const relay = new OutboxRelay({
      source: 'card-session',
      stores: [sessions.outbox],
      logger: createLogger({ service: 'test', level: 'error' }),
      send: async (topic) => void sent.push(topic),
    });
    open = new OpenSessionHandler(sessionStore(sessions, relay, new RecentSessions()), devices, () => now);
    await devices.setState('dev-1', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
  });

  it('opens a session at the clock’s time for an active device, holding its slot, and announces it', async () => {
    const session = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, 'corr-1');
    expect(session).toMatchObject({
      deviceId: 'dev-1',
      institutionNumber,
      siteId: 'site-1',
      state: 'opened',
      correlationId: 'corr-1',
      openedAt: '2026-11-25T09:00:00.000Z',
      lastActivityAt: '2026-11-25T09:00:00.000Z',
      checkupDate: '2026-11-25',
      version: 0,
    });
    expect(await sessions.get(session.sessionId)).toEqual(session);
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBe(session.sessionId);
    expect(sent).toEqual(['session.opened.v2']);
  });

  it('takes the session id as the correlation id when the caller gave none', async () => {
    const session = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup', checkupDate: '2026-12-01' }, undefined);
    expect(session.correlationId).toBe(session.sessionId);
    expect(session.checkupDate).toBe('2026-12-01');
  });

  it('refuses an unknown device, a suspended one and a purpose of identity verification, writing nothing', async () => {
    await expect(open.execute({ deviceId: 'dev-unknown', purpose: 'specific-checkup' }, undefined)).rejects.toMatchObject({
      code: 'device-not-registered',
      status: 403,
    });
    await devices.setState('dev-1', { state: 'suspended' }, '2026-11-25T08:30:00.000Z');
    await expect(open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined)).rejects.toMatchObject({
      code: 'device-suspended',
    });
    await devices.setState('dev-1', { state: 'active' }, '2026-11-25T08:45:00.000Z');
    await expect(open.execute({ deviceId: 'dev-1', purpose: 'identity-verification' }, undefined)).rejects.toMatchObject({
      code: 'identity-verification-not-permitted',
    });
    expect(sent).toEqual([]);
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBeNull();
  });

  it('opens a session on a device of an insurer running checkups itself, naming its code (never as an institution number)', async () => {
    await devices.setState(
      'dev-insurer',
      { state: 'active', onlineEligibilityCode: 'KENPO0422', siteId: 'site-insurer' },
      '2026-11-25T08:00:00.000Z',
    );
    const session = await open.execute({ deviceId: 'dev-insurer', purpose: 'specific-checkup' }, undefined);
    expect(session).toMatchObject({ onlineEligibilityCode: 'KENPO0422', siteId: 'site-insurer', state: 'opened' });
    expect(session).not.toHaveProperty('institutionNumber');
    expect(sent).toEqual(['session.opened.v3']);
  });

  it('refuses, with its own reason, a device that names no operator', async () => {
    await devices.setState('dev-nobody', { state: 'active', siteId: 'site-x' }, '2026-11-25T08:00:00.000Z');
    await expect(open.execute({ deviceId: 'dev-nobody', purpose: 'specific-checkup' }, undefined)).rejects.toMatchObject({
      code: 'device-without-institution',
      status: 403,
    });
    expect(sent).toEqual([]);
  });

  it('refuses a second visit while the device’s visit is under way (a step was taken), naming that session', async () => {
    const first = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
    await sessions.save({ ...(await sessions.get(first.sessionId))!, state: 'card-read' });
    await expect(open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined)).rejects.toMatchObject({
      code: 'device-has-active-session',
      status: 409,
      message: expect.stringContaining(first.sessionId),
    });
  });

  describe('an open whose answer was lost never blocks its device', () => {
    it('a retried open with the same idempotency key returns the same session, opened and announced once', async () => {
      const first = await open.execute({ idempotencyKey: 'open-0001-abcd', deviceId: 'dev-1', purpose: 'specific-checkup' }, 'corr-1');
      now = new Date('2026-11-25T09:00:03.000Z');
      const again = await open.execute({ idempotencyKey: 'open-0001-abcd', deviceId: 'dev-1', purpose: 'specific-checkup' }, 'corr-2');
      expect(again).toEqual(first);
      expect(sent).toEqual(['session.opened.v2']);
      expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBe(first.sessionId);
      // Another key is another visit; the same key on another device is that device's own.
      await devices.setState('dev-2', { state: 'active', institutionNumber, siteId: 'site-1' }, '2026-11-25T08:00:00.000Z');
      const other = await open.execute({ idempotencyKey: 'open-0001-abcd', deviceId: 'dev-2', purpose: 'specific-checkup' }, undefined);
      expect(other.sessionId).not.toBe(first.sessionId);
    });

    it('an open that could not store its session holds no slot: its retry opens the session', async () => {
      const insert = sessions.insert.bind(sessions);
      sessions.insert = async () => {
        throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
      };
      await expect(
        open.execute({ idempotencyKey: 'open-0002-abcd', deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined),
      ).rejects.toMatchObject({ name: 'MongoNetworkError' });
      sessions.insert = insert;
      expect(await sessions.slotHolder('dev-1')).toBeNull();
      const retried = await open.execute({ idempotencyKey: 'open-0002-abcd', deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
      expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBe(retried.sessionId);
      expect(sent).toEqual(['session.opened.v2']);
    });

    it('a new open (another key or none) supersedes the device’s untouched session: cancelled, announced, and the slot taken', async () => {
      const lost = await open.execute({ idempotencyKey: 'open-0003-abcd', deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
      const next = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined);
      expect(await sessions.get(lost.sessionId)).toMatchObject({
        state: 'cancelled',
        cancellation: { by: 'device dev-1', reason: expect.stringContaining('superseded') },
      });
      expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBe(next.sessionId);
      expect(sent).toEqual(['session.opened.v2', 'session.cancelled.v2', 'session.opened.v2']);
    });
  });

  it('holds no slot when the session cannot be stored (its id is taken)', async () => {
    const taken = anOpenedSession({ sessionId: '9f0c2d4e-1b3a-4c5d-8e6f-7a8b9c0d1e2f', deviceId: 'dev-other' });
    await sessions.insert(taken);
    await expect(
      open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined, { sessionId: taken.sessionId }),
    ).rejects.toBeInstanceOf(SessionExistsError);
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBeNull();
    expect(sent).toEqual([]);
  });

  it('opens a captured session without taking the device’s slot (a bus captures several offline)', async () => {
    const captured = { capturedAt: '2026-11-24T13:00:00.000Z', idempotencyKey: 'capture-0001' };
    const a = await open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup' }, undefined, {
      ...captured,
      sessionId: '1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b',
    });
    expect(a).toMatchObject({
      openedAt: '2026-11-24T13:00:00.000Z',
      capturedAt: '2026-11-24T13:00:00.000Z',
      lastActivityAt: '2026-11-25T09:00:00.000Z',
      checkupDate: '2026-11-24',
    });
    expect((await sessions.slotHolder('dev-1'))?.sessionId ?? null).toBeNull();
  });

  it('opens at the stop given, and links an online check to an earlier captured visit of the same institution only', async () => {
    const captured: Session = {
      ...anOpenedSession({ sessionId: '5d1c7a6e-0b2f-4c3d-8e9f-1a2b3c4d5e6f', institutionNumber }),
      capturedAt: '2026-11-24T13:00:00.000Z',
    };
    const live = anOpenedSession({ sessionId: '6e2d8b7f-1c3a-4d4e-9fa0-2b3c4d5e6f70', institutionNumber });
    await sessions.insert(captured);
    await sessions.insert(live);
    const session = await open.execute(
      { deviceId: 'dev-1', purpose: 'specific-checkup', stopId: 'stop-2', linkedSessionId: captured.sessionId },
      undefined,
    );
    expect(session).toMatchObject({ stopId: 'stop-2', linkedSessionId: captured.sessionId });
    // The device's session is finished so that the refusals below are about the link alone.
    await sessions.save({ ...(await sessions.get(session.sessionId))!, state: 'cancelled' });
    await expect(
      open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup', linkedSessionId: live.sessionId }, undefined),
    ).rejects.toMatchObject({ code: 'linked-session-not-captured', field: 'linkedSessionId' });
    await expect(
      open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup', linkedSessionId: '7f3e9c80-2d4b-4e5f-a0b1-3c4d5e6f7081' }, undefined),
    ).rejects.toMatchObject({ code: 'linked-session-not-found' });
    expect(sent.filter((t) => t === 'session.opened.v2')).toHaveLength(1);
  });

  it('opens a 人間ドック without a voucher, and refuses that for another purpose', async () => {
    expect(await open.execute({ deviceId: 'dev-1', purpose: 'comprehensive-checkup', withoutVoucher: true }, undefined)).toMatchObject({
      withoutVoucher: true,
      stopId: 'site-1',
    });
    await expect(open.execute({ deviceId: 'dev-1', purpose: 'specific-checkup', withoutVoucher: true }, undefined)).rejects.toMatchObject({
      code: 'voucher-required-for-purpose',
    });
  });
});
