import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  DeviceActivatedV1,
  DeviceOfflineV1,
  DeviceOnlineV1,
  LookupCircuitChangedV1,
  SessionCompletedV2,
  SessionOpenedV1,
  SiteRegisteredV1,
  VerificationOutcomeV2,
  type EventContract,
} from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { KafkaMessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { asStaff, publishRetrying, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * Operations read models and alerts over the real broker and database:
 * events of a bus and its devices arrive on Kafka; the operations projection of the audit service's
 * group `audit.record` builds devices online/offline, in flight, outcomes in the last minutes and
 * times to outcome; its monitor raises alerts as events (device offline, failure rate, circuit open), consumes them back
 * into the alert read model, clears them when the condition ends, and measures consumer lag with
 * the Kafka admin API. Site managers see their own sites only. Staff acknowledge and resolve an
 * alert (who, when, a note; history; audited), and GET /operations/stream pushes the changes.
 */
jest.setTimeout(180_000);

interface Overview {
  federation: { inFlight: number };
  sites: {
    siteId: string;
    kind: string;
    devicesOnline: number;
    devicesOffline: number;
    inFlight: number;
    last5: { outcomes: number; failures: number; avgMillis: number; p95Millis: number };
  }[];
  alerts: { alertId: string; kind: string; active: boolean }[];
  circuits: { instance: string; state: string }[];
  consumerLag: { applicable: boolean; error?: string; groups: { groupId: string; lag: number }[] };
}

describe('operations read models and alerts (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const busSite = `ops-bus-${run}`;
  const devices = [`ops-${run}-d1`, `ops-${run}-d2`];
  const logger = createLogger({ service: 'test', level: 'error' });
  let service: InProcessService;
  let bus: KafkaMessageBus;
  const get = async <T>(path: string, headers = asStaff('operator')) => {
    const res = await fetch(`${service.url}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as T };
  };
  const overview = async () => (await get<Overview>('/operations/overview')).body;
  const mySite = (o: Overview) => o.sites.find((s) => s.siteId === busSite);

  beforeAll(async () => {
    service = await startInProcessService({
      service: 'audit',
      database: `int_ops_${run}`,
      module: (runtime) =>
        AuditModule.register(runtime, {
          piiKey: `k-${run}`,
          alongside: [
            OperationsDeskModule.alongsideAudit(runtime, {
              intervalMillis: 500,
              refreshMillis: 300,
              thresholds: { failureRate: 0.5, failureRateMinOutcomes: 3, consumerLag: 1_000_000_000 },
            }),
          ],
        }),
    });
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'ops-test',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
    });
    await bus.start();
  });

  afterAll(async () => {
    await bus?.stop();
    await service?.stop();
  });

  const source = (type: string) =>
    type.startsWith('lookup.') ? 'qualification-lookup' : type.startsWith('session.') ? 'card-session' : 'device-registry';
  const publish = <C extends EventContract>(contract: C, data: unknown, subject: string) =>
    publishRetrying(() => bus.publisher(source(contract.type)).publish(contract, data as never, { subject, correlationId: randomUUID() }));

  it('shows the bus, its devices, sessions in flight and outcomes, and raises alerts as events', async () => {
    const t = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();
    await publish(
      SiteRegisteredV1,
      { siteId: busSite, institutionNumber: '1311234569', kind: 'bus', name: 'Bus 7', plate: '品川 800 あ 12-34', registeredAt: t(-60) },
      busSite,
    );
    for (const deviceId of devices) {
      await publish(
        DeviceActivatedV1,
        { deviceId, institutionNumber: '1311234569', siteId: busSite, kind: 'tablet', activatedAt: t(-50), activatedBy: 'operator-1' },
        deviceId,
      );
    }
    const sessions = Array.from({ length: 5 }, () => randomUUID());
    const outcomes = ['matched', 'voucher-not-found', 'eligibility-lost', 'insurer-mismatch'] as const;
    for (const [i, sessionId] of sessions.entries()) {
      await publish(
        SessionOpenedV1,
        {
          sessionId,
          deviceId: devices[0],
          institutionNumber: '1311234569',
          siteId: busSite,
          purpose: 'specific-checkup',
          checkupDate: t(0).slice(0, 10),
          openedAt: t(-5),
        },
        sessionId,
      );
      const outcome = outcomes[i];
      if (!outcome) continue; // the last one stays in flight
      await publish(
        VerificationOutcomeV2,
        {
          sessionId,
          institutionNumber: '1311234569',
          siteId: busSite,
          voucherNumber: '12345678901',
          outcome,
          reason: 'test',
          decidedAt: t(-1),
        },
        sessionId,
      );
      await publish(SessionCompletedV2, { sessionId, outcome, completedAt: t(-1), elapsedMillis: 400 * (i + 1) }, sessionId);
    }
    await publish(
      DeviceOfflineV1,
      { deviceId: devices[1], siteId: busSite, lastSeenAt: t(-40), detectedAt: t(-2), thresholdSeconds: 30 },
      devices[1],
    );
    await publish(
      LookupCircuitChangedV1,
      {
        upstream: 'national-system',
        instance: `int-${run}`,
        state: 'open',
        previous: 'closed',
        consecutiveFailures: 5,
        cooldownMillis: 10_000,
        at: t(0),
      },
      'national-system',
    );

    let o: Overview | undefined;
    await waitFor(
      async () => {
        o = await overview();
        const ids = o.alerts.map((a) => a.alertId);
        return (
          mySite(o)?.last5.outcomes === 4 &&
          ids.includes(`device-offline:${busSite}`) &&
          ids.includes(`failure-rate:${busSite}`) &&
          ids.includes('circuit-open:national-system')
        );
      },
      90_000,
      'the read models and the alerts of the bus',
    );
    expect(mySite(o!)).toMatchObject({
      kind: 'bus',
      devicesOnline: 1,
      devicesOffline: 1,
      inFlight: 1,
      // p95 is one of the actual times (400, 800, 1200, 1600 ms), not a histogram bucket edge
      last5: { outcomes: 4, failures: 3, avgMillis: 1000, p95Millis: 1600 },
    });
    expect(o!.circuits).toEqual(expect.arrayContaining([expect.objectContaining({ instance: `int-${run}`, state: 'open' })]));
    // Lag measured through the Kafka admin API, for the platform's groups.
    await waitFor(async () => (await overview()).consumerLag.groups.some((g) => g.groupId === 'audit.record'), 30_000, 'a lag measurement');
    expect((await overview()).consumerLag).toMatchObject({ applicable: true });

    // The alerts travelled as events: the audit trail recorded them.
    const trail = await get<{ events: { type: string; subject: string }[] }>(
      '/audit/events?type=operations.alert-raised&limit=500',
      asStaff('auditor'),
    );
    expect(trail.body.events.map((e) => e.subject)).toEqual(
      expect.arrayContaining([`device-offline:${busSite}`, `failure-rate:${busSite}`]),
    );

    // The device comes back: its alert is cleared (an event too), the read model says online.
    await publish(DeviceOnlineV1, { deviceId: devices[1], siteId: busSite, stopId: 'stop-2', at: t(1) }, devices[1]);
    await waitFor(
      async () => {
        const alerts = (await get<{ active: { alertId: string }[]; cleared: { alertId: string }[] }>('/operations/alerts')).body;
        return (
          alerts.cleared.some((a) => a.alertId === `device-offline:${busSite}`) &&
          !alerts.active.some((a) => a.alertId === `device-offline:${busSite}`)
        );
      },
      60_000,
      'the offline alert to clear',
    );
    // the desk's picture follows within a refresh (OPS_DESK_REFRESH_MS)
    await waitFor(async () => mySite(await overview())?.devicesOnline === 2, 10_000, 'the picture to show the device online');
    expect(mySite(await overview())).toMatchObject({ devicesOnline: 2, devicesOffline: 0 });
    // This test's made-up breaker closes again, so no later test's audit inherits an open circuit.
    await publish(
      LookupCircuitChangedV1,
      {
        upstream: 'national-system',
        instance: `int-${run}`,
        state: 'closed',
        previous: 'open',
        consecutiveFailures: 0,
        cooldownMillis: 10_000,
        at: t(2),
      },
      'national-system',
    );
    await waitFor(
      async () => (await overview()).circuits.some((c) => c.instance === `int-${run}` && c.state === 'closed'),
      30_000,
      'the made-up breaker to close',
    );

    // Drill-down and feed.
    const detail = await get<{
      devices: { deviceId: string; stopId?: string }[];
      series: { count: number }[];
      feed: { kind: string; sessionId?: string }[];
    }>(`/operations/sites/${busSite}`);
    expect(detail.status).toBe(200);
    expect(detail.body.devices.find((d) => d.deviceId === devices[1])?.stopId).toBe('stop-2');
    expect(detail.body.series).toHaveLength(60);
    expect(detail.body.series.reduce((n, p) => n + p.count, 0)).toBe(4);
    expect(
      detail.body.feed
        .filter((e) => e.kind === 'outcome')
        .map((e) => e.sessionId)
        .sort(),
    ).toEqual(sessions.slice(0, 4).sort());
  });

  it('works an alert: acknowledged and resolved with who, when and a note, audited, its history kept, pushed on the stream', async () => {
    const alertId = `device-offline:${busSite}`;
    type Alert = { state: string; history: { action: string; by: string; note?: string }[] };
    // the desk's stream, read with fetch and the Bearer header as the desk does
    const abort = new AbortController();
    const stream = await fetch(`${service.url}/operations/stream`, { headers: asStaff('operator'), signal: abort.signal });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    let pushed = '';
    const reading = (async () => {
      const decoder = new TextDecoder();
      try {
        for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) pushed += decoder.decode(chunk, { stream: true });
      } catch {
        // aborted at the end of the test
      }
    })();
    const t = (offsetSeconds: number) => new Date(Date.now() + offsetSeconds * 1000).toISOString();
    await publish(
      DeviceOfflineV1,
      { deviceId: devices[0], siteId: busSite, lastSeenAt: t(-40), detectedAt: t(0), thresholdSeconds: 30 },
      devices[0],
    );
    await waitFor(
      async () => (await get<{ alert: Alert }>(`/operations/alerts/${alertId}`)).body.alert?.state === 'open',
      60_000,
      'the alert to reopen',
    );

    const post = async (action: string, body: unknown, headers = asStaff('operator')) => {
      const res = await fetch(`${service.url}/operations/alerts/${alertId}/${action}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: res.status, body: (await res.json()) as { alert: Alert; error?: { code: string } } };
    };
    const acked = await post('acknowledge', { note: '会場に電話しました' }, asStaff('site-manager', [busSite]));
    expect(acked).toMatchObject({
      status: 200,
      body: { alert: { state: 'acknowledged', acknowledged: { by: 'test-runner', note: '会場に電話しました' } } },
    });
    expect((await post('acknowledge', {})).body.error?.code).toBe('alert-already-acknowledged');
    expect((await post('resolve', {})).body.error?.code).toBe('invalid-request'); // a resolution says what was done
    expect((await post('resolve', { note: 'x' }, asStaff('site-manager', ['elsewhere']))).status).toBe(403);
    const resolved = await post('resolve', { note: 'タブレットを再起動' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.alert.state).toBe('resolved');
    expect(resolved.body.alert.history.map((h) => [h.action, h.by, h.note])).toEqual([
      ['raised', 'system', undefined],
      ['cleared', 'system', undefined],
      ['raised', 'system', undefined],
      ['acknowledged', 'test-runner', '会場に電話しました'],
      ['resolved', 'test-runner', 'タブレットを再起動'],
    ]);
    expect((await post('resolve', { note: 'again' })).body.error?.code).toBe('alert-already-resolved');
    // the projection applies the same events again from the broker: nothing doubles
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await get<{ alert: Alert }>(`/operations/alerts/${alertId}`)).body.alert.history).toHaveLength(5);
    expect((await get<{ alerts: { alertId: string }[] }>('/operations/alerts?state=resolved')).body.alerts.map((a) => a.alertId)).toContain(
      alertId,
    );

    // the staff's steps are in the audit ledger like every staff action
    const recorded = async (type: string) =>
      (await get<{ events: { subject: string }[] }>(`/audit/events?type=${type}&limit=500`, asStaff('auditor'))).body.events.some(
        (e) => e.subject === alertId,
      );
    await waitFor(
      async () => (await recorded('operations.alert-acknowledged')) && (await recorded('operations.alert-resolved')),
      30_000,
      'the steps in the audit ledger',
    );
    // the stream pushed the alert's changes and the site's new line, not whole read models
    await waitFor(
      async () =>
        /event: alert-changed\ndata: .*"state":"resolved"/.test(pushed) &&
        new RegExp(`event: overview-changed\ndata: .*"${busSite}"`).test(pushed),
      30_000,
      'the deltas on the stream',
    );
    expect(pushed.startsWith('retry: 3000\nevent: ready\n')).toBe(true);
    abort.abort();
    await reading;
    await publish(DeviceOnlineV1, { deviceId: devices[0], siteId: busSite, at: t(1) }, devices[0]);
  });

  it('lets a site manager see their own sites only', async () => {
    const own = await get<Overview>('/operations/overview', asStaff('site-manager', [busSite]));
    expect(own.body.sites.map((s) => s.siteId)).toEqual([busSite]);
    const other = await get<Overview>('/operations/overview', asStaff('site-manager', ['elsewhere']));
    expect(other.body.sites).toEqual([]);
    expect(other.body.alerts.filter((a) => a.kind !== 'circuit-open' && a.kind !== 'consumer-lag')).toEqual([]);
    const refused = await get<{ error: { code: string } }>(`/operations/sites/${busSite}`, asStaff('site-manager', ['elsewhere']));
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'site-not-permitted' } } });
    const feed = await get<{ entries: { siteId?: string }[] }>('/operations/feed', asStaff('site-manager', ['elsewhere']));
    expect(feed.body.entries).toEqual([]);
    const analyst = await get<{ error: { code: string; message: string } }>('/operations/overview', asStaff('analyst'));
    expect(analyst).toMatchObject({ status: 403, body: { error: { code: 'role-required' } } });
    expect(analyst.body.error.message).toContain('operator');
  });

  it('serves the desk app without a token (it holds no data) under a CSP naming only its APIs, and at /dashboard too', async () => {
    const page = await fetch(`${service.url}/desk/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-security-policy')).toMatch(/connect-src 'self'[^;]*; img-src/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    const script = /src="(\/desk\/assets\/[^"]+\.js)"/.exec(html)![1]!;
    expect((await fetch(`${service.url}${script}`)).headers.get('content-type')).toContain('javascript');
    // a client-side page is the same page; a name with an extension is left to its own route
    expect(await (await fetch(`${service.url}/desk/callback`)).text()).toBe(html);
    expect((await fetch(`${service.url}/desk/config.json`)).headers.get('content-type')).toContain('application/json');
    expect(await (await fetch(`${service.url}/dashboard`)).text()).toBe(html);
    expect((await fetch(`${service.url}/operations/overview`)).status).toBe(401);
  });
});
