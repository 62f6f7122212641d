import { randomUUID } from 'node:crypto';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { PlatformClient, PlatformHttpError } from '@hcv/federation-driver';
import { startInProcessService, testStaffTokens, waitFor, type InProcessService } from '@hcv/testing';

/**
 * device-registry and card-session on the real broker and database: device state and credentials
 * propagate by events to card-session's own read copy (no registry call on the hot path), every
 * forged or replayed request is refused, a suspension takes effect within seconds, and the read
 * copy converges after card-session restarts.
 */
jest.setTimeout(180_000);

describe('device state propagation and request authentication', () => {
  const run = randomUUID().slice(0, 8);
  const institutionNumber = withInstitutionCheckDigit('131123456');
  const deviceId = `bus-${run}-tab-1`;
  let registry: InProcessService;
  let cardSession: InProcessService;
  let client: PlatformClient;
  const urls = { deviceRegistry: '', cardSession: '', voucherMatching: 'http://127.0.0.1:9', audit: 'http://127.0.0.1:9' };
  const startCardSession = () =>
    startInProcessService({ service: 'card-session', module: (r) => CardSessionModule.register(r), database: `int_auth_cs_${run}` });
  const sessionsUrl = () => `${cardSession.url}/sessions`;
  const openBody = JSON.stringify({ deviceId, purpose: 'specific-checkup' });
  const status = async (response: Response) => ({
    status: response.status,
    code: ((await response.json()) as { error?: { code: string } }).error?.code,
  });

  beforeAll(async () => {
    registry = await startInProcessService({
      service: 'device-registry',
      module: (r) => DeviceRegistryModule.register(r),
      database: `int_auth_dr_${run}`,
    });
    cardSession = await startCardSession();
    Object.assign(urls, { deviceRegistry: registry.url, cardSession: cardSession.url });
    client = new PlatformClient(urls, { staffTokens: testStaffTokens() });
    await client.registerInstitution({ institutionNumber, name: '東京健診センター', registeredBy: 'ops' });
    await client.registerSite({
      kind: 'bus',
      siteId: `bus-${run}`,
      institutionNumber,
      name: '巡回1号車',
      plate: '品川 800 さ 12-34',
      itinerary: [],
    });
    await client.registerDevice({ deviceId, institutionNumber, siteId: `bus-${run}`, kind: 'tablet', requestedBy: 'ops' });
    await client.activateDevice(deviceId, 'ops');
  });

  afterAll(async () => {
    await cardSession?.stop();
    await registry?.stop();
  });

  async function acceptedWithin(millis: number): Promise<void> {
    await waitFor(
      async () => (await client.deviceRequest(deviceId, 'GET', `${sessionsUrl()}/${randomUUID()}`, '')).status === 404,
      millis,
      'card-session to accept the device',
    );
  }

  it('propagates activation and credential to card-session, which then accepts signed requests', async () => {
    await acceptedWithin(60_000);
    const opened = await client.openSession({ deviceId, purpose: 'specific-checkup' });
    expect(opened.state).toBe('opened');
    await client.cancelSession(opened.sessionId, 'operator', 'test done');
  });

  it('answers a retried open (same idempotency key, a freshly signed request) with the same session, and lets a new open supersede it while untouched', async () => {
    const key = `open-${run}-0001`;
    const first = await client.openSession({ idempotencyKey: key, deviceId, purpose: 'specific-checkup' });
    const retried = await client.openSession({ idempotencyKey: key, deviceId, purpose: 'specific-checkup' });
    expect(retried.sessionId).toBe(first.sessionId);
    // The device never got `first` (say): its next open is not refused for it.
    const next = await client.openSession({ idempotencyKey: `open-${run}-0002`, deviceId, purpose: 'specific-checkup' });
    expect(next.sessionId).not.toBe(first.sessionId);
    expect((await client.getSession(first.sessionId)).state).toBe('cancelled');
    await client.cancelSession(next.sessionId, 'operator', 'test done');
  });

  it('refuses a tampered body, an old timestamp, a replayed request and a wrong key', async () => {
    const tampered = await client.deviceRequest(deviceId, 'POST', sessionsUrl(), openBody, {
      sendBody: openBody.replace('specific-checkup', 'specific-guidance'),
    });
    expect(await status(tampered)).toEqual({ status: 401, code: 'device-auth-signature' });

    const old = await client.deviceRequest(deviceId, 'POST', sessionsUrl(), openBody, { now: Date.now() - 10 * 60_000 });
    expect(await status(old)).toEqual({ status: 401, code: 'device-auth-stale' });

    let captured: Record<string, string> = {};
    const first = await client.deviceRequest(deviceId, 'GET', `${sessionsUrl()}/${randomUUID()}`, '', { tamper: (h) => (captured = h) });
    expect(first.status).toBe(404);
    const replay = await fetch(`${sessionsUrl()}/${randomUUID()}`, { headers: captured });
    expect((await status(replay)).status).toBe(401); // path differs → signature; same path below → replay
    const path = `${sessionsUrl()}/${randomUUID()}`;
    let again: Record<string, string> = {};
    expect((await client.deviceRequest(deviceId, 'GET', path, '', { tamper: (h) => (again = h) })).status).toBe(404);
    expect(await status(await fetch(path, { headers: again }))).toEqual({ status: 401, code: 'device-auth-replayed' });

    const forged = await fetch(sessionsUrl(), {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-device-id': deviceId,
        'x-timestamp': String(Date.now()),
        'x-nonce': 'n1',
        'x-signature': 'A'.repeat(43),
      },
      body: openBody,
    });
    expect(await status(forged)).toEqual({ status: 401, code: 'device-auth-signature' });
  });

  it('refuses a suspended device within seconds, and converges after card-session restarts', async () => {
    await client.suspendDevice(deviceId, 'ops', 'tablet reported lost');
    const started = Date.now();
    await waitFor(
      // A read probe: it cannot open a session by accident before the suspension arrives.
      async () =>
        (await status(await client.deviceRequest(deviceId, 'GET', `${sessionsUrl()}/${randomUUID()}`, ''))).code === 'device-suspended',
      15_000,
      'card-session to refuse the suspended device',
    );
    console.log(`suspension effective at card-session after ${Date.now() - started} ms`);
    expect(await status(await client.deviceRequest(deviceId, 'POST', sessionsUrl(), openBody))).toEqual({
      status: 403,
      code: 'device-suspended',
    });

    await cardSession.stop();
    await client.activateDevice(deviceId, 'ops'); // re-activated while card-session is down
    cardSession = await startCardSession(); // same database and consumer group: resumes from its offsets
    urls.cardSession = cardSession.url;
    await waitFor(
      async () => {
        try {
          return (await client.openSession({ deviceId, purpose: 'specific-checkup' })).state === 'opened';
        } catch (error) {
          if (error instanceof PlatformHttpError && (error.body as { error: { code: string } }).error.code === 'device-suspended')
            return false;
          throw error;
        }
      },
      120_000,
      'the restarted card-session to learn the re-activation',
    );
  });
});
