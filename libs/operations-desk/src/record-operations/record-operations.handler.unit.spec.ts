import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@hcv/contracts';
import { federationSummary, siteSummaries } from '../domain/operations-view';
import { windowStart } from '../domain/operations-window';
import { InMemoryDeskAlertRepository } from '../persistence/desk-alert.memory';
import { InMemoryOperationsRepository } from '../persistence/operations.memory';
import { OPERATIONS_CONTRACTS, RecordOperationsHandler, type ReadinessChange } from './record-operations.handler';

const now = new Date('2026-11-25T09:30:30Z');
const event = (type: string, data: Record<string, unknown>, time = '2026-11-25T09:30:00Z'): EventEnvelope =>
  ({ id: randomUUID(), type, version: 1, time, source: 'card-session', subject: 's', correlationId: 'c', data }) as EventEnvelope;

async function picture(ops: InMemoryOperationsRepository) {
  const sites = siteSummaries({
    now,
    sites: await ops.sites(),
    devices: await ops.devices(),
    inFlight: await ops.inFlightBySite(),
    minutes: await ops.minutes(windowStart(now, 60)),
    visible: () => true,
  });
  return { sites, federation: federationSummary(now, sites, await ops.minutes(windowStart(now, 60))) };
}

describe('operations read models from events', () => {
  const session = randomUUID();
  const opened = event('session.opened', {
    sessionId: session,
    deviceId: 'bus-1-dev-1',
    siteId: 'bus-1',
    institutionNumber: '1311234569',
    purpose: 'specific-checkup',
    openedAt: '2026-11-25T09:29:58Z',
  });
  const decided = event('verification.outcome', {
    sessionId: session,
    siteId: 'bus-1',
    outcome: 'matched',
    decidedAt: '2026-11-25T09:30:00Z',
  });
  const completed = event('session.completed', {
    sessionId: session,
    outcome: 'matched',
    completedAt: '2026-11-25T09:30:00.500Z',
    elapsedMillis: 1800,
  });

  it.each([
    ['in order', [opened, decided, completed]],
    ['completion first', [completed, decided, opened]],
  ])('counts a completed session once, whatever the order (%s), and redelivery changes nothing', async (_name, events) => {
    const ops = new InMemoryOperationsRepository();
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository());
    await handler.handle(event('site.registered', { siteId: 'bus-1', kind: 'bus', name: 'Bus 1', institutionNumber: '1311234569' }));
    await handler.handle(opened);
    expect((await picture(ops)).sites[0]).toMatchObject({ siteId: 'bus-1', kind: 'bus', inFlight: 1 });
    for (const e of [...events, ...events]) await handler.handle(e);
    const { sites, federation } = await picture(ops);
    expect(sites[0]).toMatchObject({ inFlight: 0, last5: { outcomes: 1, failures: 0, avgMillis: 1800, p95Millis: 1800 } });
    expect(federation).toMatchObject({ buses: 1, facilities: 0, last60: { outcomes: 1 } });
    const feed = await ops.feed(10);
    expect(feed).toEqual([
      expect.objectContaining({ kind: 'outcome', siteId: 'bus-1', deviceId: 'bus-1-dev-1', sessionId: session, outcome: 'matched' }),
    ]);
  });

  it('reads the session events of every version card-session publishes, and the lookup’s v3 answers and retries', () => {
    const topics = OPERATIONS_CONTRACTS.map((c) => c.topic);
    for (const topic of [
      'session.opened.v2',
      'session.completed.v4',
      'session.cancelled.v2',
      'session.expired.v2',
      'qualification.resolved.v3',
      'eligibility.retry.v3',
      'session.opened.v1',
      'session.completed.v3',
      // an insurer's own sessions (限定型 at the insurer), and the credential of a device activated by a code
      'session.opened.v3',
      'verification.outcome.v4',
      'qualification.resolved.v4',
      'eligibility.retry.v4',
      'device.credential-issued.v1',
      'device.credential-issued.v2',
    ])
      expect(topics).toContain(topic);
    expect(new Set(topics).size).toBe(topics.length);
  });

  it('counts a 人間ドック confirmed against the insurer only (session.opened v2, session.completed v4 with the stop)', async () => {
    const ops = new InMemoryOperationsRepository();
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository());
    const dock = randomUUID();
    await handler.handle(event('site.registered', { siteId: 'bus-1', kind: 'bus', name: 'Bus 1', institutionNumber: '1311234569' }));
    await handler.handle({
      ...event('session.opened', { ...(opened.data as Record<string, unknown>), sessionId: dock, stopId: 'stop-2', withoutVoucher: true }),
      version: 2,
    } as EventEnvelope);
    await handler.handle({
      ...event('session.completed', {
        sessionId: dock,
        outcome: 'insurer-confirmed',
        source: 'online',
        stopId: 'stop-2',
        completedAt: '2026-11-25T09:30:00.500Z',
        elapsedMillis: 1200,
      }),
      version: 4,
    } as EventEnvelope);
    expect((await picture(ops)).sites[0]).toMatchObject({ inFlight: 0, last5: { outcomes: 1 } });
    expect(await ops.feed(10)).toEqual([expect.objectContaining({ sessionId: dock, outcome: 'insurer-confirmed' })]);
  });

  it('counts a session from the event that completes it: later events of the session write no count', async () => {
    const ops = new InMemoryOperationsRepository();
    const addToMinute = jest.spyOn(ops, 'addToMinute');
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository());
    // the place came with the opening, so the completion counts; the outcome is a later event here
    for (const e of [
      opened,
      completed,
      decided,
      event('session.cancelled', { sessionId: session, by: 'desk-1', reason: 'late', at: '2026-11-25T09:31:00Z' }),
    ])
      await handler.handle(e);
    expect(addToMinute).toHaveBeenCalledTimes(1);
    expect((await ops.feed(10)).map((f) => f.id)).toEqual([`o:${session}`]);
  });

  it('shows a device activated by an activation code in use (its registration stamped late, its credential issued)', async () => {
    const ops = new InMemoryOperationsRepository();
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository());
    // registered with an envelope stamped after the registry's own time of the activation that followed
    await handler.handle(
      event('device.registered', { deviceId: 'tab-1', siteId: 'fac-1', kind: 'tablet', requestedBy: 'ops' }, '2026-11-25T09:00:06Z'),
    );
    expect(await ops.device('tab-1')).toMatchObject({ lifecycle: 'requested' });
    // POST /device-activations: the credential and the activation, in either order
    await handler.handle(
      event('device.credential-issued', { deviceId: 'tab-1', credentialId: 'cred-00000001', issuedAt: '2026-11-25T09:00:05Z' }),
    );
    expect(await ops.device('tab-1')).toMatchObject({ lifecycle: 'active', siteId: 'fac-1' });
    await handler.handle(event('device.activated', { deviceId: 'tab-1', siteId: 'fac-1', activatedAt: '2026-11-25T09:00:05Z' }));
    expect(await ops.device('tab-1')).toMatchObject({ lifecycle: 'active', siteId: 'fac-1' });
  });

  it('tracks devices, national-system failures, circuits and alerts', async () => {
    const ops = new InMemoryOperationsRepository();
    const alerts = new InMemoryDeskAlertRepository();
    const handler = new RecordOperationsHandler(ops, alerts);
    await handler.handle(event('device.activated', { deviceId: 'd1', siteId: 'fac-1', activatedAt: '2026-11-25T09:00:00Z' }));
    await handler.handle(event('device.activated', { deviceId: 'd2', siteId: 'fac-1', activatedAt: '2026-11-25T09:00:00Z' }));
    await handler.handle(
      event('device.offline', {
        deviceId: 'd2',
        siteId: 'fac-1',
        lastSeenAt: '2026-11-25T09:20:00Z',
        detectedAt: '2026-11-25T09:25:00Z',
        thresholdSeconds: 90,
      }),
    );
    const retry = event('eligibility.retry', { request: { sessionId: session, siteId: 'fac-1' }, attempt: 1, lastError: 'down' });
    await handler.handle(retry);
    await handler.handle(retry);
    await handler.handle(
      event('qualification.resolved', { request: { sessionId: session, siteId: 'fac-1' }, result: { status: 'unavailable', reason: 'x' } }),
    );
    await handler.handle(
      event('lookup.circuit-changed', {
        upstream: 'national-system',
        instance: 'q1',
        state: 'open',
        previous: 'closed',
        consecutiveFailures: 5,
        at: '2026-11-25T09:26:00Z',
      }),
    );
    await handler.handle(
      event('operations.alert-raised', {
        alertId: 'device-offline:d2',
        kind: 'device-offline',
        severity: 'warning',
        scope: { deviceId: 'd2', siteId: 'fac-1' },
        message: 'Device d2 is offline.',
        raisedAt: '2026-11-25T09:25:05Z',
      }),
    );
    const { sites } = await picture(ops);
    expect(sites[0]).toMatchObject({
      siteId: 'fac-1',
      kind: 'unknown',
      devicesOnline: 1,
      devicesOffline: 1,
      last5: { nationalFailures: 2 },
    });
    expect(await ops.circuits()).toEqual([expect.objectContaining({ upstream: 'national-system', instance: 'q1', state: 'open' })]);
    expect(await alerts.list({ limit: 10 })).toEqual([
      expect.objectContaining({ alertId: 'device-offline:d2', state: 'open', condition: 'active' }),
    ]);
    // the clearing arrives, then the (older) raise is redelivered: the alert stays cleared
    await handler.handle(
      event('operations.alert-cleared', {
        alertId: 'device-offline:d2',
        kind: 'device-offline',
        scope: { deviceId: 'd2' },
        clearedAt: '2026-11-25T09:28:00Z',
      }),
    );
    await handler.handle(
      event('operations.alert-raised', {
        alertId: 'device-offline:d2',
        kind: 'device-offline',
        severity: 'warning',
        scope: { deviceId: 'd2' },
        message: 'x',
        raisedAt: '2026-11-25T09:25:05Z',
      }),
    );
    expect(await alerts.list({ limit: 10 })).toEqual([
      expect.objectContaining({ alertId: 'device-offline:d2', state: 'resolved', condition: 'cleared', message: 'Device d2 is offline.' }),
    ]);
    expect((await ops.feed(10)).map((e) => e.kind)).toEqual(['alert-cleared', 'circuit', 'alert-raised', 'device-offline']);
  });

  it('tells the desk each change of a bus’s tour readiness (a device’s check, the day marked ready), and keeps nothing of it', async () => {
    expect(OPERATIONS_CONTRACTS.map((c) => c.type)).toEqual(expect.arrayContaining(['tour.readiness-checked', 'tour.marked-ready']));
    const told: ReadinessChange[] = [];
    const ops = new InMemoryOperationsRepository();
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository(), undefined, (c) => told.push(c));
    await handler.handle(
      event('tour.readiness-checked', {
        busId: 'bus-1',
        tourDate: '2026-11-25',
        deviceId: 'bus-1-dev-1',
        checkedAt: '2026-11-25T07:00:00+09:00',
        checks: [
          { check: 'clock', state: 'green' },
          { check: 'reader', state: 'red', reason: 'no card reader' },
        ],
        tourReady: false,
        markWithdrawn: true,
      }),
    );
    await handler.handle(
      event('tour.marked-ready', {
        busId: 'bus-1',
        tourDate: '2026-11-25',
        markedReadyAt: '2026-11-25T07:10:00+09:00',
        markedReadyBy: 'bus-1-dev-1',
        deviceIds: ['bus-1-dev-1', 'bus-1-dev-2'],
      }),
    );
    expect(told).toEqual([
      {
        at: '2026-11-24T22:00:00.000Z',
        busId: 'bus-1',
        tourDate: '2026-11-25',
        change: 'checked',
        tourReady: false,
        deviceId: 'bus-1-dev-1',
        checks: [
          { check: 'clock', state: 'green' },
          { check: 'reader', state: 'red', reason: 'no card reader' },
        ],
        markWithdrawn: true,
      },
      {
        at: '2026-11-24T22:10:00.000Z',
        busId: 'bus-1',
        tourDate: '2026-11-25',
        change: 'marked-ready',
        tourReady: true,
        markedReadyBy: 'bus-1-dev-1',
        deviceIds: ['bus-1-dev-1', 'bus-1-dev-2'],
      },
    ]);
    expect(await ops.sites()).toEqual([]);
    expect(await ops.feed(10)).toEqual([]);
  });

  it('keeps a bus’s itinerary, whether it arrives before or after its registration', async () => {
    const ops = new InMemoryOperationsRepository();
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository());
    const stop = { stopId: 'stop-1', name: '駅前', date: '2026-11-25', from: '09:00', to: '12:00' };
    await handler.handle(event('site.itinerary-planned', { siteId: 'bus-1', itinerary: [stop] }));
    await handler.handle(event('site.registered', { siteId: 'bus-1', kind: 'bus', name: 'Bus 1', institutionNumber: '1311234569' }));
    expect(await ops.sites()).toEqual([
      { siteId: 'bus-1', kind: 'bus', name: 'Bus 1', institutionNumber: '1311234569', itinerary: [stop] },
    ]);
    await handler.handle(event('site.itinerary-planned', { siteId: 'bus-1', itinerary: [] }));
    expect((await ops.sites())[0]!.itinerary).toEqual([]);
  });

  it('applies the staff’s acknowledge and resolve to the alert once, with who, when and the note', async () => {
    const ops = new InMemoryOperationsRepository();
    const alerts = new InMemoryDeskAlertRepository();
    const announced: string[] = [];
    const handler = new RecordOperationsHandler(ops, alerts, (a) => announced.push(a.state));
    const scope = { siteId: 'fac-1' };
    const raise = event('operations.alert-raised', {
      alertId: 'device-offline:fac-1',
      kind: 'device-offline',
      severity: 'warning',
      scope,
      message: '1 device(s) at fac-1 offline: d2.',
      raisedAt: '2026-11-25T09:25:05Z',
    });
    const ack = event('operations.alert-acknowledged', {
      alertId: 'device-offline:fac-1',
      kind: 'device-offline',
      scope,
      by: 'operator-1',
      at: '2026-11-25T09:26:00Z',
      note: '現地に電話',
    });
    const resolve = event('operations.alert-resolved', {
      alertId: 'device-offline:fac-1',
      kind: 'device-offline',
      scope,
      by: 'operator-2',
      at: '2026-11-25T09:27:00Z',
      note: '電源を入れ直した',
    });
    for (const e of [raise, ack, ack, resolve, resolve]) await handler.handle(e);
    expect(announced).toEqual(['open', 'acknowledged', 'resolved']);
    expect(await alerts.get('device-offline:fac-1')).toMatchObject({
      state: 'resolved',
      acknowledged: { by: 'operator-1', at: '2026-11-25T09:26:00.000Z', note: '現地に電話' },
      resolved: { by: 'operator-2', at: '2026-11-25T09:27:00.000Z', note: '電源を入れ直した' },
      history: [
        { action: 'raised', by: 'system', eventId: raise.id },
        { action: 'acknowledged', by: 'operator-1', eventId: ack.id },
        { action: 'resolved', by: 'operator-2', eventId: resolve.id },
      ],
    });
    expect((await ops.feed(10)).map((e) => e.kind)).toEqual(['alert-resolved', 'alert-acknowledged', 'alert-raised']);
  });

  it('splits outcomes by source (v3), counts a settlement once in its minute, and does not call a settled match a failure', async () => {
    const ops = new InMemoryOperationsRepository();
    const handler = new RecordOperationsHandler(ops, new InMemoryDeskAlertRepository());
    const online = randomUUID();
    const onPaper = randomUUID();
    const events = [
      event('session.opened', { sessionId: online, deviceId: 'bus-1-dev-1', siteId: 'bus-1', openedAt: '2026-11-25T09:29:58Z' }),
      event('verification.outcome', {
        sessionId: online,
        siteId: 'bus-1',
        outcome: 'matched',
        source: 'online',
        decidedAt: '2026-11-25T09:30:00Z',
      }),
      event('session.completed', {
        sessionId: online,
        outcome: 'matched',
        source: 'online',
        completedAt: '2026-11-25T09:30:00Z',
        elapsedMillis: 900,
      }),
      event('session.opened', { sessionId: onPaper, deviceId: 'bus-1-dev-1', siteId: 'bus-1', openedAt: '2026-11-25T09:29:58Z' }),
      event('verification.outcome', {
        sessionId: onPaper,
        siteId: 'bus-1',
        outcome: 'member-mismatch',
        source: 'transcribed',
        decidedAt: '2026-11-25T09:30:00Z',
      }),
      event('session.completed', {
        sessionId: onPaper,
        outcome: 'member-mismatch',
        source: 'transcribed',
        completedAt: '2026-11-25T09:30:00Z',
        elapsedMillis: 900,
      }),
      event('verification.outcome', {
        sessionId: onPaper,
        siteId: 'bus-1',
        outcome: 'matched-after-settlement',
        source: 'transcribed',
        settlement: { kind: 'same-person', by: 'operator-3', at: '2026-11-25T09:30:20Z', reason: '異体字' },
        decidedAt: '2026-11-25T09:30:20Z',
      }),
    ];
    for (const e of [...events, ...events]) await handler.handle(e);
    const { sites } = await picture(ops);
    expect(sites[0]!.last5).toMatchObject({
      outcomes: 2,
      byOutcome: { matched: 1, 'member-mismatch': 1 },
      bySource: { online: 1, transcribed: 1 },
      settled: 1,
      failures: 1,
    });
    const feed = await ops.feed(10);
    expect(feed.map((f) => f.text)).toEqual(
      expect.arrayContaining([
        'member-mismatch (transcribed, not verified online) in 900 ms',
        'matched-after-settlement (same-person by operator-3)',
      ]),
    );
    expect(JSON.stringify(feed)).not.toContain('異体字');
  });
});
