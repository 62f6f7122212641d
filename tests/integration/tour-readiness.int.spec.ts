import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { AuditModule } from '@hcv/audit-service';
import { ActivatedDeviceResponse } from '@hcv/contracts';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { signingKeyFromSecret, signRequest } from '@hcv/platform-access';
import { asStaff, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * The pre-tour readiness check of a checkup bus through device-registry's public API, over the real
 * broker and database: the bus's devices read the day's stops and check themselves (red, then
 * green), marking the tour ready is refused naming the red checks and accepted once all are green,
 * and tour.readiness-checked / tour.marked-ready go out on the broker and into the audit ledger.
 */
jest.setTimeout(120_000);

describe('pre-tour readiness of a bus (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const busId = `bus-${run}`;
  const otherBusId = `bus2-${run}`;
  const tourDate = '2026-11-25';
  const institutionNumber = withInstitutionCheckDigit('131123456');
  let registry: InProcessService;
  let audit: InProcessService;
  let consumer: Consumer;
  const seen: { topic: string; key: string; data: Record<string, unknown> }[] = [];
  const keys = new Map<string, string>();

  async function asOperator(method: string, path: string, body?: unknown) {
    const response = await fetch(`${registry.url}${path}`, {
      method,
      headers: { ...asStaff('operator'), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  /** A device's signed request; `language` asks for the error sentence in that language (device routes default to Japanese). */
  async function asDevice(deviceId: string, method: string, path: string, body?: unknown, language?: string) {
    const payload = body === undefined ? '' : JSON.stringify(body);
    const headers = signRequest({ deviceId, signingKey: keys.get(deviceId)!, method, path, body: payload });
    const response = await fetch(`${registry.url}${path}`, {
      method,
      headers: {
        ...headers,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(language ? { 'accept-language': language } : {}),
      },
      body: body === undefined ? undefined : payload,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  async function device(deviceId: string, siteId: string, cardReader?: { model: string; serial: string }) {
    expect(
      (
        await asOperator('POST', '/devices', {
          deviceId,
          institutionNumber,
          siteId,
          kind: 'tablet',
          requestedBy: 'int-test',
          ...(cardReader ? { cardReader } : {}),
        })
      ).status,
    ).toBe(201);
    const activated = await asOperator('POST', `/devices/${deviceId}/activate`, { activatedBy: 'int-test' });
    expect(activated.status).toBe(200);
    keys.set(deviceId, signingKeyFromSecret(ActivatedDeviceResponse.parse(activated.body).issuedCredential!.secret));
  }

  const check = (over: Record<string, unknown> = {}) => ({
    deviceClockAt: new Date().toISOString(),
    reader: { present: true },
    nationalSystem: { testConfirmation: 'ok', at: new Date().toISOString() },
    stopsLoaded: ['stop-1', 'stop-2'],
    ...over,
  });
  const states = (checks: unknown) => Object.fromEntries((checks as { check: string; state: string }[]).map((c) => [c.check, c.state]));

  beforeAll(async () => {
    registry = await startInProcessService({
      service: 'device-registry',
      database: `int_tours_${run}`,
      module: (runtime) => DeviceRegistryModule.register(runtime),
    });
    audit = await startInProcessService({
      service: 'audit',
      database: `int_tours_audit_${run}`,
      module: (runtime) => AuditModule.register(runtime),
    });
    const kafka = new Kafka({ clientId: `int-tours-${run}`, brokers: process.env.KAFKA_BROKERS!.split(','), logLevel: logLevel.ERROR });
    consumer = kafka.consumer({ groupId: `int-tours-${run}` });
    await consumer.connect();
    await consumer.subscribe({ topics: ['tour.readiness-checked.v1', 'tour.marked-ready.v1'], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic, message }) => {
        const envelope = JSON.parse(String(message.value)) as { data: Record<string, unknown> };
        seen.push({ topic, key: String(message.key), data: envelope.data });
      },
    });

    expect(
      (await asOperator('POST', '/institutions', { institutionNumber, name: '巡回健診センター', registeredBy: 'int-test' })).status,
    ).toBeLessThan(500);
    const stops = [
      { stopId: 'stop-1', name: '公民館', date: tourDate, from: '09:00', to: '12:00' },
      { stopId: 'stop-2', name: '市役所', date: tourDate, from: '13:00', to: '16:00' },
      { stopId: 'stop-3', name: '体育館', date: '2026-11-26', from: '09:00', to: '12:00' },
    ];
    for (const [siteId, itinerary] of [
      [busId, stops],
      [otherBusId, []],
    ] as const)
      expect(
        (
          await asOperator('POST', '/sites', {
            kind: 'bus',
            siteId,
            institutionNumber,
            name: siteId,
            plate: '品川 800 さ 12-34',
            itinerary,
          })
        ).status,
      ).toBe(201);
    await device(`tab-1-${run}`, busId, { model: 'RC-S300', serial: 'SN0001' });
    await device(`tab-2-${run}`, busId);
    await device(`tab-9-${run}`, otherBusId);
  });

  afterAll(async () => {
    await consumer?.disconnect();
    await registry?.stop();
    await audit?.stop();
  });

  it('checks red then green, refuses the mark while a check is red, accepts it once all are green, and publishes both events', async () => {
    const [tab1, tab2] = [`tab-1-${run}`, `tab-2-${run}`];
    const tour = `/tours/${busId}/${tourDate}`;

    // The device reads the day's stops (the next day's stop is not among them).
    expect(await asDevice(tab1, 'GET', tour)).toEqual({
      status: 200,
      body: {
        busId,
        tourDate,
        stops: [
          { stopId: 'stop-1', name: '公民館', from: '09:00', to: '12:00' },
          { stopId: 'stop-2', name: '市役所', from: '13:00', to: '16:00' },
        ],
      },
    });
    const before = await asOperator('GET', `${tour}/readiness`);
    expect(before.body).toMatchObject({ busId, tourDate, ready: false, devices: [{ deviceId: tab1 }, { deviceId: tab2 }] });
    expect((before.body.devices as { checks: unknown }[]).map((d) => states(d.checks))).toEqual([
      { 'not-checked': 'red' },
      { 'not-checked': 'red' },
    ]);

    // tab-1: a clock ten minutes ahead, another reader, one stop missing, the test confirmation failed.
    const red = await asDevice(
      tab1,
      'POST',
      `${tour}/readiness-checks`,
      check({
        deviceClockAt: new Date(Date.now() + 600_000).toISOString(),
        reader: { present: true, model: 'RC-S300', serial: 'SN0002' },
        nationalSystem: { testConfirmation: 'failed' },
        stopsLoaded: ['stop-1'],
      }),
    );
    expect(red.status).toBe(201);
    expect(red.body).toMatchObject({ deviceId: tab1, checkedAt: expect.any(String) });
    expect(states(red.body.checks)).toEqual({
      'device-active': 'green',
      clock: 'red',
      reader: 'red',
      'national-system': 'red',
      stops: 'red',
    });
    expect((await asDevice(tab2, 'POST', `${tour}/readiness-checks`, check())).status).toBe(201);

    // The Japanese sentence (the device's default) says a check is red; the English message names each one.
    const refusedJa = await asDevice(tab2, 'POST', `${tour}/ready`);
    expect(refusedJa.status).toBe(409);
    expect((refusedJa.body.error as { code: string; message: string }).message).toContain('出発前点検に異常');
    const refused = await asDevice(tab2, 'POST', `${tour}/ready`, undefined, 'en');
    expect(refused.status).toBe(409);
    const error = refused.body.error as { code: string; message: string };
    expect(error.code).toBe('tour-not-ready');
    for (const named of [`${tab1} clock`, `${tab1} reader`, `${tab1} national-system`, `${tab1} stops`])
      expect(error.message).toContain(named);
    expect(error.message).not.toContain(`${tab2} `);

    // tab-1 fixed: all green; the report is ready and a device of the bus marks it.
    const green = await asDevice(
      tab1,
      'POST',
      `${tour}/readiness-checks`,
      check({ reader: { present: true, model: 'RC-S300', serial: 'SN0001' } }),
    );
    expect(Object.values(states(green.body.checks))).toEqual(['green', 'green', 'green', 'green', 'green']);
    expect((await asDevice(tab2, 'GET', `${tour}/readiness`)).body).toMatchObject({ ready: true });
    const marked = await asDevice(tab2, 'POST', `${tour}/ready`);
    expect(marked.status).toBe(200);
    expect(marked.body).toMatchObject({ busId, tourDate, ready: true, markedReadyAt: expect.any(String), markedReadyBy: tab2 });
    expect((await asOperator('GET', `${tour}/readiness`)).body).toMatchObject({ ready: true, markedReadyBy: tab2 });

    const key = `${busId}|${tourDate}`;
    await waitFor(() => seen.filter((e) => e.key === key).length === 4, 30_000, 'three readiness checks and one mark on the broker');
    expect(seen.filter((e) => e.key === key).map((e) => [e.topic, e.data.deviceId ?? e.data.markedReadyBy, e.data.tourReady])).toEqual([
      ['tour.readiness-checked.v1', tab1, false],
      ['tour.readiness-checked.v1', tab2, false],
      ['tour.readiness-checked.v1', tab1, true],
      ['tour.marked-ready.v1', tab2, undefined],
    ]);
    expect(seen.find((e) => e.topic === 'tour.marked-ready.v1' && e.key === key)!.data).toMatchObject({ deviceIds: [tab1, tab2] });

    // The audit ledger records them under the bus's site.
    const recorded = async () =>
      (
        (await (await fetch(`${audit.url}/audit/events?siteId=${busId}`, { headers: asStaff('auditor') })).json()) as {
          events: { type: string }[];
        }
      ).events.map((e) => e.type);
    await waitFor(async () => (await recorded()).includes('tour.marked-ready'), 30_000, 'the mark in the audit ledger');
    expect((await recorded()).filter((t) => t.startsWith('tour.'))).toEqual([
      'tour.readiness-checked',
      'tour.readiness-checked',
      'tour.readiness-checked',
      'tour.marked-ready',
    ]);
  });

  it('keeps a bus’s tour to its own devices and to staff who may see the bus', async () => {
    const tour = `/tours/${busId}/${tourDate}`;
    const stranger = await asDevice(`tab-9-${run}`, 'POST', `${tour}/readiness-checks`, check());
    expect(stranger).toMatchObject({ status: 403, body: { error: { code: 'device-not-of-bus' } } });
    expect((await asDevice(`tab-9-${run}`, 'GET', tour)).status).toBe(403);
    const manager = await fetch(`${registry.url}${tour}/readiness`, { headers: asStaff('site-manager', [otherBusId]) });
    expect(manager.status).toBe(403);
    const own = await fetch(`${registry.url}${tour}/readiness`, { headers: asStaff('site-manager', [busId]) });
    expect(own.status).toBe(200);
    // Another bus's tour day with no stops planned: its device checks, the stops check says so.
    const noStops = await asDevice(`tab-9-${run}`, 'POST', `/tours/${otherBusId}/${tourDate}/readiness-checks`, check());
    expect(noStops.status).toBe(201);
    expect(noStops.body.checks).toContainEqual({
      check: 'stops',
      state: 'red',
      reason: `no stops are planned for ${tourDate}: an operator must set the bus's itinerary`,
    });
  });
});
