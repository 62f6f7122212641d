import { randomUUID } from 'node:crypto';
import { generatePopulation } from '@hcv/eligibility-simulator';
import { planFederation, PlatformClient, PlatformHttpError, seedFederation } from '@hcv/federation-driver';
import { startPlatformProcesses, temporaryFolder, testStaffTokens, waitFor } from '@hcv/testing';

/**
 * A checkup bus loses its connection: its device stops sending heartbeats and the registry reports
 * it offline; visitors are still checked on the bus — not by a card read (資格確認限定型 is online
 * only: a captured card read is refused), but by an alternative document (資格確認書, the paper route)
 * recorded with its capture time; back online, the device resends the captured session — twice, as
 * flaky links do — and gets the same session back, never a second one, and the session completes
 * with one outcome, not verified online.
 */
const SEED = 777;

jest.setTimeout(240_000);

describe('bus device goes offline, comes back and resends', () => {
  const workDir = temporaryFolder('e2e-bus');
  const runId = randomUUID().slice(0, 8);
  let stop: (() => Promise<void>) | undefined;
  let client: PlatformClient;

  beforeAll(async () => {
    const platform = await startPlatformProcesses({
      workDir,
      databasePrefix: `e2e_bus_${runId}`,
      env: { SIMULATOR_SEED: String(SEED), SIMULATOR_POPULATION: '200', HEARTBEAT_OFFLINE_AFTER_MS: '2000', AUDIT_PII_KEY: 'e2e-test-key' },
    });
    stop = platform.stop;
    const url = platform.url;
    client = new PlatformClient(
      {
        deviceRegistry: url('device-registry'),
        cardSession: url('card-session'),
        voucherMatching: url('voucher-matching'),
        audit: url('audit'),
      },
      { staffTokens: testStaffTokens() },
    );
  });

  afterAll(async () => {
    await stop?.();
  });

  it('reports the bus offline, then takes the resent capture exactly once', async () => {
    const checkupDate = new Date().toISOString().slice(0, 10);
    const plan = planFederation({ seed: SEED, population: 200, facilities: 0, buses: 1, devicesPerSite: 1, visits: 30, checkupDate });
    await seedFederation(client, plan);
    const people = generatePopulation({ seed: SEED, size: 200 });
    const visit = plan.visits.find(
      (v) =>
        v.scenario === 'regular' && people.some((p) => p.cardReference === v.cardReference && !p.duplicated && !p.qualification.lostOn),
    )!;
    const q = people.find((p) => p.cardReference === visit.cardReference)!.qualification;
    const deviceId = visit.deviceId;

    // At the first stop the link is up: heartbeats reach the registry.
    await client.heartbeat(deviceId, 'stop-1');
    expect(await client.getDevice(deviceId)).toMatchObject({ online: true, currentStopId: 'stop-1' });

    // Between stops the bus is silent: the registry reports the device offline by an event.
    await waitFor(async () => (await client.getDevice(deviceId)).online === false, 30_000, 'the registry to report the device offline');

    // Meanwhile a visitor was checked on the bus by the 資格確認書 they brought (the paper route),
    // transcribed and captured locally.
    const capturedAt = new Date(Date.now() - 60_000).toISOString();
    const capture = {
      idempotencyKey: `capture-${runId}-0001`,
      deviceId,
      purpose: visit.purpose,
      checkupDate,
      capturedAt,
      alternative: {
        method: 'eligibility-certificate' as const,
        eligibility: { insurerNumber: q.insurerNumber, symbol: q.symbol, number: q.number, name: q.name, birthDate: q.birthDate },
      },
      voucher: visit.voucher,
    };

    // Back online at the next stop: heartbeat, then the capture — sent twice.
    await client.heartbeat(deviceId, 'stop-2');
    await waitFor(
      async () => {
        try {
          await client.submitCaptured(capture);
          return true;
        } catch (error) {
          if (error instanceof PlatformHttpError && (error.status === 401 || error.status === 403)) return false; // card-session still learning the device
          throw error;
        }
      },
      60_000,
      'card-session to take the capture',
    );
    const resent = await client.submitCaptured(capture);
    expect(resent.resent).toBe(true);
    // A card read cannot be captured offline: the PIN is checked through JPKI when the card is read.
    await expect(
      client.submitCaptured({
        ...capture,
        idempotencyKey: `capture-${runId}-0002`,
        alternative: undefined,
        card: { identityCheck: 'pin', pinVerified: true, cardReference: visit.cardReference },
      }),
    ).rejects.toMatchObject({ status: 422, body: { error: expect.objectContaining({ code: 'card-read-needs-online' }) } });
    const session = await client.waitForOutcome(resent.sessionId, 60_000);
    expect(session.outcome).toMatchObject({ kind: 'matched', verifiedOnline: false, source: 'transcribed' });
    expect(session).toMatchObject({ capturedAt });
    expect(session.openedAt).toBe(capturedAt);

    // The audit trail has one session: opened once, one outcome; and the device's offline/online story.
    // Audit records each topic on its own, so session.completed may be in the trail before the
    // outcome it follows: wait for all three, then count.
    let trail: Awaited<ReturnType<PlatformClient['auditTrail']>>['events'] = [];
    const recorded = (type: string) => trail.some((e) => e.type === type);
    await waitFor(
      async () => {
        trail = (await client.auditTrail(resent.sessionId)).events;
        return recorded('session.completed') && recorded('verification.outcome') && recorded('session.opened');
      },
      60_000,
      'the completed trail',
    );
    expect(trail.filter((e) => e.type === 'session.opened')).toHaveLength(1);
    expect(trail.filter((e) => e.type === 'verification.outcome')).toHaveLength(1);
    let deviceTrail: typeof trail = [];
    await waitFor(
      async () => (deviceTrail = (await client.deviceTrail(deviceId)).events).some((e) => e.type === 'device.online'),
      30_000,
      'device events in audit',
    );
    const types = deviceTrail.map((e) => e.type);
    expect(types.indexOf('device.offline')).toBeGreaterThan(-1);
    expect(types.indexOf('device.online')).toBeGreaterThan(types.indexOf('device.offline'));
  });
});
