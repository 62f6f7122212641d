import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  DeviceActivatedV1,
  DeviceCredentialIssuedV1,
  EligibilityRequestedV2,
  QualificationResolvedV2,
  QualificationResolvedV3,
  type EventEnvelope,
  type ReportedEligibility,
} from '@hcv/contracts';
import { InMemoryProcessedEventLog, KafkaMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { BridgeAnswerReceipt, BridgePendingRequests } from '@hcv/oqs-files';
import { newDeviceSecret, signingKeyFromSecret, signRequest } from '@hcv/platform-access';
import { CardSessionModule } from '@hcv/card-session-service';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import {
  aPresentedVoucher,
  aQualification,
  EXAMPLE_INSTITUTION_NUMBER,
  EXAMPLE_INSURER_NUMBER,
  startInProcessService,
  waitFor,
  type InProcessService,
} from '@hcv/testing';

/**
 * qualification-lookup's sources over the real broker and database: a 限定型 institution's request
 * carrying the device's report is resolved from it (device-reported, no call); a 既存型 institution's
 * request waits for its on-site bridge, which lists it with a signed GET /bridge/requests and answers
 * with POST /bridge/answers (idempotent) — the session is then resolved by `oqs-terminal`. A visit at a
 * 既存型 site through card-session's device API reaches the bridge with the query the desk typed.
 */
jest.setTimeout(180_000);

/** A 既存型 institution (MHLW's worked example); the example institution keeps the default source. */
const TERMINAL_SITE = '3410712362';

describe('eligibility sources against the real broker and database', () => {
  const run = randomUUID().slice(0, 8);
  const logger = createLogger({ service: 'test', level: 'error' });
  const bridgeDevice = `bridge-${run}`;
  const secret = newDeviceSecret();
  let service: InProcessService;
  let cardSession: InProcessService;
  let bus: KafkaMessageBus;
  const resolved: EventEnvelope[] = [];
  const deskDevice = `desk-${run}`;
  const deskSecret = newDeviceSecret();

  beforeAll(async () => {
    service = await startInProcessService({
      service: 'qualification-lookup',
      database: `int_sources_${run}`,
      module: (runtime) =>
        QualificationLookupModule.register(runtime, {
          sources: { defaultSource: 'device-reported', byInstitution: { [TERMINAL_SITE]: 'oqs-terminal' } },
          retry: { deadlineMillis: 5 * 60_000, parkSliceMillis: 1_000, maxBackoffMillis: 2_000 },
        }),
    });
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'sources-spy',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
      // Its stop waits for the fetch in hand: 0.5 s rather than the default 5 s the broker may hold it.
      fetch: { maxWaitTimeInMs: 500 },
    });
    await new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: `spy-${run}` }, [
        on(QualificationResolvedV2, async (e) => void resolved.push(e)),
        on(QualificationResolvedV3, async (e) => void resolved.push(e)),
      ])
      .start();
    cardSession = await startInProcessService({
      service: 'card-session',
      database: `int_sources_cs_${run}`,
      module: (runtime) => CardSessionModule.register(runtime),
    });
    // The bridge is a registered, activated device of the 既存型 institution (device-registry's events).
    const registry = bus.publisher('device-registry');
    const ctx = { subject: bridgeDevice, correlationId: bridgeDevice };
    const at = new Date().toISOString();
    await registry.publish(
      DeviceActivatedV1,
      {
        deviceId: bridgeDevice,
        institutionNumber: TERMINAL_SITE,
        siteId: 'site-a',
        kind: 'pc',
        activatedAt: at,
        activatedBy: 'operator-1',
      },
      ctx,
    );
    await registry.publish(
      DeviceCredentialIssuedV1,
      { deviceId: bridgeDevice, credentialId: `cred-${run}`, signingKey: signingKeyFromSecret(secret), issuedAt: at },
      ctx,
    );
    // The reception desk's device at the same 既存型 site (card-session learns it from the same events).
    const desk = { subject: deskDevice, correlationId: deskDevice };
    await registry.publish(
      DeviceActivatedV1,
      { deviceId: deskDevice, institutionNumber: TERMINAL_SITE, siteId: 'site-a', kind: 'pc', activatedAt: at, activatedBy: 'operator-1' },
      desk,
    );
    await registry.publish(
      DeviceCredentialIssuedV1,
      { deviceId: deskDevice, credentialId: `cred-desk-${run}`, signingKey: signingKeyFromSecret(deskSecret), issuedAt: at },
      desk,
    );
  });

  afterAll(async () => {
    await bus?.stop();
    await cardSession?.stop();
    await service?.stop();
  });

  const request = (sessionId: string, institutionNumber: string) => ({
    sessionId,
    deviceId: 'desk-1',
    institutionNumber,
    siteId: 'site-a',
    purpose: 'specific-checkup' as const,
    checkupDate: '2026-11-24',
    cardReference: 'card-000001-0a1b2c3d',
    voucher: aPresentedVoucher(),
  });

  /** A call signed as the bridge device (platform device authentication). */
  const signed = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const text = body === undefined ? undefined : JSON.stringify(body);
    const headers = signRequest({
      deviceId: bridgeDevice,
      signingKey: signingKeyFromSecret(secret),
      method,
      path,
      ...(text ? { body: text } : {}),
    });
    return fetch(`${service.url}${path}`, {
      method,
      headers: { ...headers, ...(text ? { 'content-type': 'application/json' } : {}) },
      ...(text ? { body: text } : {}),
    });
  };

  it('resolves a 限定型 request from the device’s report: device-reported, no upstream time', async () => {
    const sessionId = randomUUID();
    const reported: ReportedEligibility = {
      validity: 'invalid-newer-exists',
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      insurerName: '第1健康保険組合',
      symbol: '1234',
      number: '0012345',
      branch: '00',
      name: '佐藤　太郎',
      nameKana: 'サトウ　タロウ',
      birthDate: '1970-05-01',
      sex: 'male',
      relationship: 'insured',
      acquiredOn: '2010-04-01',
      validUntil: '2026-09-30',
      confirmedAt: '2026-11-24T10:02:00+09:00',
    };
    await bus
      .publisher('card-session')
      .publish(
        EligibilityRequestedV2,
        { ...request(sessionId, EXAMPLE_INSTITUTION_NUMBER), reported },
        { subject: sessionId, correlationId: sessionId },
      );
    await waitFor(() => resolved.some((e) => e.subject === sessionId), 60_000, 'the session resolved');
    expect(resolved.find((e) => e.subject === sessionId)!.data).toMatchObject({
      result: { status: 'changed-insurer', qualification: aQualification({ lostOn: '2026-09-30' }), lostOn: '2026-09-30' },
      answeredBy: 'device-reported',
      upstreamMillis: 0,
    });
  });

  it('asks a 既存型 institution’s bridge: listed to its signed GET, answered by its POST (twice: one receipt), resolved by oqs-terminal', async () => {
    const sessionId = randomUUID();
    await bus
      .publisher('card-session')
      .publish(
        EligibilityRequestedV2,
        { ...request(sessionId, TERMINAL_SITE), terminalQuery: { birthDate: '1970-05-01', branch: '00' } },
        { subject: sessionId, correlationId: sessionId },
      );
    let listed: BridgePendingRequests | undefined;
    await waitFor(
      async () => {
        const response = await signed('GET', '/bridge/requests');
        if (response.status !== 200) return false;
        listed = BridgePendingRequests.parse(await response.json());
        return listed.requests.some((r) => r.requestId === sessionId);
      },
      60_000,
      'the question listed to the bridge',
    );
    expect(listed!.institutionNumber).toBe(TERMINAL_SITE);
    expect(listed!.requests.find((r) => r.requestId === sessionId)!.query).toEqual({
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      symbol: '1234',
      number: '0012345',
      branch: '00',
      birthDate: '1970-05-01',
      onDate: '2026-11-24',
    });

    const submission = {
      requestId: sessionId,
      answeredAt: '2026-11-24T10:02:05+09:00',
      answer: { status: 'eligible', qualifications: [{ ...aQualification(), cardClassification: '01' }] },
    };
    const first = await signed('POST', '/bridge/answers', submission);
    expect(first.status).toBe(200);
    expect(BridgeAnswerReceipt.parse(await first.json())).toEqual({ requestId: sessionId });
    const again = await signed('POST', '/bridge/answers', submission);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ requestId: sessionId });

    await waitFor(() => resolved.some((e) => e.subject === sessionId), 60_000, 'the session resolved');
    await new Promise((r) => setTimeout(r, 2_000)); // a duplicate answer would show up here
    const answers = resolved.filter((e) => e.subject === sessionId);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.data).toMatchObject({ result: { status: 'eligible', qualification: aQualification() }, answeredBy: 'oqs-terminal' });
    const after = BridgePendingRequests.parse(await (await signed('GET', '/bridge/requests')).json());
    expect(after.requests.map((r) => r.requestId)).not.toContain(sessionId);
  });

  it('a visit at a 既存型 site through card-session: the card read’s terminal query reaches the bridge, answered by oqs-terminal', async () => {
    /** A call signed as the desk device, to card-session. */
    const desk = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
      const text = body === undefined ? '' : JSON.stringify(body);
      const headers = signRequest({ deviceId: deskDevice, signingKey: signingKeyFromSecret(deskSecret), method, path, body: text });
      const response = await fetch(`${cardSession.url}${path}`, {
        method,
        headers: { ...headers, ...(text ? { 'content-type': 'application/json' } : {}) },
        ...(text ? { body: text } : {}),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    let opened: { status: number; body: Record<string, unknown> } | undefined;
    await waitFor(
      async () => (opened = await desk('POST', '/sessions', { deviceId: deskDevice, purpose: 'specific-checkup' })).status === 201,
      60_000,
      'card-session to know the desk device',
    );
    const { sessionId, checkupDate } = opened!.body as { sessionId: string; checkupDate: string };
    // The desk typed the insurer number in full width from the card; the query carries it normalised.
    const read = await desk('POST', `/sessions/${sessionId}/card-read`, {
      identityCheck: 'face',
      cardReference: 'card-000002-0a1b2c3d',
      terminalQuery: { insurerNumber: '０６１３９０１８', birthDate: '1970-05-01', branch: '00' },
    });
    expect(read.status).toBe(200);
    expect(JSON.stringify(read.body)).not.toContain('1970-05-01');
    expect((await desk('POST', `/sessions/${sessionId}/voucher`, aPresentedVoucher())).status).toBe(200);

    let listed: BridgePendingRequests | undefined;
    await waitFor(
      async () => {
        listed = BridgePendingRequests.parse(await (await signed('GET', '/bridge/requests')).json());
        return listed.requests.some((r) => r.requestId === sessionId);
      },
      60_000,
      'the visit’s question listed to the bridge',
    );
    expect(listed!.requests.find((r) => r.requestId === sessionId)!.query).toEqual({
      insurerNumber: EXAMPLE_INSURER_NUMBER,
      symbol: '1234',
      number: '0012345',
      branch: '00',
      birthDate: '1970-05-01',
      onDate: checkupDate,
    });
    const answered = await signed('POST', '/bridge/answers', {
      requestId: sessionId,
      answeredAt: new Date().toISOString(),
      answer: { status: 'eligible', qualifications: [{ ...aQualification(), cardClassification: '01' }] },
    });
    expect(answered.status).toBe(200);
    await waitFor(() => resolved.some((e) => e.subject === sessionId), 60_000, 'the visit resolved');
    expect(resolved.find((e) => e.subject === sessionId)!.data).toMatchObject({
      result: { status: 'eligible' },
      answeredBy: 'oqs-terminal',
    });
    // The stored session keeps no query once the request left.
    expect(JSON.stringify((await desk('GET', `/sessions/${sessionId}`)).body)).not.toContain('1970-05-01');
  });

  it('refuses an unsigned call and a question of another institution', async () => {
    expect((await fetch(`${service.url}/bridge/requests`)).status).toBe(401);
    const unknown = await signed('POST', '/bridge/answers', {
      requestId: randomUUID(),
      answeredAt: '2026-11-24T10:02:05+09:00',
      answer: { status: 'not-found', qualifications: [] },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'bridge-request-not-found' } });
  });
});
