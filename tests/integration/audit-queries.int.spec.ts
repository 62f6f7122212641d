import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  EligibilityRequestedV1,
  QualificationResolvedV1,
  SessionCardReadV1,
  SessionCompletedV2,
  SessionOpenedV1,
  SessionVoucherPresentedV1,
  VerificationOutcomeV2,
  type EventContract,
} from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { KafkaMessageBus } from '@hcv/messaging';
import { withInstitutionCheckDigit, withInsurerCheckDigit } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { connectMongo } from '@hcv/persistence';
import { asStaff, CARD_VERIFICATION_TRAIL, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * The auditors' queries over the real broker and database: sessions by
 * device, site, institution, insurer and time range; the full story of a session in order; 記号・番号・枝番
 * in clear for auditors only (masked for operators and site managers); nothing personal in clear in
 * the stored documents.
 */
jest.setTimeout(120_000);

// Kanji in the symbol: a short digits-only value would turn up by chance inside hashes and ciphertexts.
const SYMBOL = '監7319';
const NUMBER = '0042424';
const BRANCH = '03';
const NAME = '監査　花子';

describe('audit queries, stories and masking (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const database = `int_auditq_${run}`;
  // Numbers of this run only: the broker is shared, and other files' events reach this audit service's consumers too.
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  const institutionA = withInstitutionCheckDigit(`131${digits(6)}`);
  const institutionB = withInstitutionCheckDigit(`271${digits(6)}`);
  const insurerA = withInsurerCheckDigit(`0613${digits(3)}`);
  const insurerB = withInsurerCheckDigit(`13${digits(3)}`);
  const logger = createLogger({ service: 'test', level: 'error' });
  let service: InProcessService;
  let bus: KafkaMessageBus;
  const siteA = `site-a-${run}`;
  const siteB = `site-b-${run}`;
  const sessionA = randomUUID();
  const sessionB = randomUUID();
  const t0 = new Date(Date.now() - 60_000);
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000).toISOString();

  async function drive(
    p: ReturnType<KafkaMessageBus['publisher']>,
    s: {
      sessionId: string;
      siteId: string;
      deviceId: string;
      institutionNumber: string;
      insurerNumber: string;
      voucherNumber: string;
      offset: number;
    },
  ) {
    const ctx = { correlationId: randomUUID(), subject: s.sessionId };
    const request = {
      sessionId: s.sessionId,
      institutionNumber: s.institutionNumber,
      siteId: s.siteId,
      purpose: 'specific-checkup' as const,
      checkupDate: at(0).slice(0, 10),
      voucherNumber: s.voucherNumber,
    };
    const send = <C extends EventContract>(contract: C, data: unknown) => p.publish(contract, data as never, ctx);
    await send(SessionOpenedV1, {
      sessionId: s.sessionId,
      deviceId: s.deviceId,
      institutionNumber: s.institutionNumber,
      siteId: s.siteId,
      purpose: 'specific-checkup',
      checkupDate: request.checkupDate,
      openedAt: at(s.offset),
    });
    await send(SessionCardReadV1, { sessionId: s.sessionId, identityCheck: 'pin', readAt: at(s.offset + 1) });
    await send(SessionVoucherPresentedV1, { sessionId: s.sessionId, voucherNumber: s.voucherNumber });
    await send(EligibilityRequestedV1, { ...request, deviceId: s.deviceId, cardReference: `card-${run}` });
    await send(QualificationResolvedV1, {
      request,
      result: {
        status: 'eligible',
        qualification: {
          insurerNumber: s.insurerNumber,
          insurerName: '監査健保',
          symbol: SYMBOL,
          number: NUMBER,
          branch: BRANCH,
          relationship: 'insured',
          name: NAME,
          nameKana: 'カンサ　ハナコ',
          birthDate: '1971-02-03',
          sex: 'female',
          acquiredOn: '2015-04-01',
        },
      },
      resolvedAt: at(s.offset + 2),
      upstreamMillis: 42,
    });
    await send(VerificationOutcomeV2, {
      sessionId: s.sessionId,
      institutionNumber: s.institutionNumber,
      siteId: s.siteId,
      voucherNumber: s.voucherNumber,
      outcome: 'matched',
      reason: 'The voucher matches.',
      insurerNumber: s.insurerNumber,
      decidedAt: at(s.offset + 3),
    });
    await send(SessionCompletedV2, { sessionId: s.sessionId, outcome: 'matched', completedAt: at(s.offset + 4), elapsedMillis: 4000 });
  }

  beforeAll(async () => {
    service = await startInProcessService({
      service: 'audit',
      database,
      module: (runtime) => AuditModule.register(runtime, { piiKey: `key-${run}` }),
    });
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'audit-queries',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
    });
    await bus.start();
    const publisher = bus.publisher('card-session');
    await drive(publisher, {
      sessionId: sessionA,
      siteId: siteA,
      deviceId: `dev-a-${run}`,
      institutionNumber: institutionA,
      insurerNumber: insurerA,
      voucherNumber: '11111111111',
      offset: 0,
    });
    await drive(publisher, {
      sessionId: sessionB,
      siteId: siteB,
      deviceId: `dev-b-${run}`,
      institutionNumber: institutionB,
      insurerNumber: insurerB,
      voucherNumber: '22222222222',
      offset: 30,
    });
    await waitFor(
      async () => {
        const r = await fetch(`${service.url}/audit/events?sessionId=${sessionB}&type=session.completed`, { headers: asStaff('auditor') });
        const a = await fetch(`${service.url}/audit/events?sessionId=${sessionA}&type=session.completed`, { headers: asStaff('auditor') });
        return (
          ((await r.json()) as { events: unknown[] }).events.length === 1 && ((await a.json()) as { events: unknown[] }).events.length === 1
        );
      },
      60_000,
      'both sessions recorded',
    );
    // the completed events may overtake earlier ones on other topics: wait for all 7 of each
    await waitFor(
      async () => (await story('auditor', sessionA)).events.length === 7 && (await story('auditor', sessionB)).events.length === 7,
      60_000,
      'all events',
    );
  });

  afterAll(async () => {
    await bus?.stop();
    await service?.stop();
  });

  const get = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${service.url}${path}`, { headers });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const sessionsBy = async (query: string) =>
    ((await get(`/audit/sessions?${query}`, asStaff('auditor'))).body.sessions as { sessionId: string }[]).map((s) => s.sessionId);
  async function story(role: 'auditor' | 'operator' | 'site-manager', sessionId: string, sites?: string[]) {
    const { body } = await get(`/audit/sessions/${sessionId}`, asStaff(role, sites));
    return body as { story: Record<string, unknown>; events: { type: string; data: Record<string, unknown> }[] };
  }

  it('finds sessions by device, site, institution, insurer and time range', async () => {
    expect(await sessionsBy(`siteId=${siteA}`)).toEqual([sessionA]);
    expect(await sessionsBy(`sessionId=${sessionB}`)).toEqual([sessionB]);
    expect(await sessionsBy(`sessionId=${sessionB}&siteId=${siteA}`)).toEqual([]);
    expect(await sessionsBy(`deviceId=dev-b-${run}`)).toEqual([sessionB]);
    expect(await sessionsBy(`institutionNumber=${institutionB}&from=${encodeURIComponent(at(-1))}`)).toEqual([sessionB]);
    expect(await sessionsBy(`insurerNumber=${insurerA}&from=${encodeURIComponent(at(-1))}`)).toEqual([sessionA]);
    // the range applies to the events' own time (when the platform produced them)
    expect(await sessionsBy(`siteId=${siteA}&to=${encodeURIComponent(at(-1))}`)).toEqual([]);
    expect(await sessionsBy(`siteId=${siteA}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(
      await sessionsBy(`from=${encodeURIComponent(at(-1))}&to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`),
    ).toEqual(expect.arrayContaining([sessionA, sessionB]));
  });

  it('tells the full story of a session in order', async () => {
    const { story: s, events } = await story('auditor', sessionA);
    expect(s).toMatchObject({
      sessionId: sessionA,
      complete: true,
      deviceId: `dev-a-${run}`,
      siteId: siteA,
      institutionNumber: institutionA,
      purpose: 'specific-checkup',
      method: 'mynumber-card',
      identityCheck: 'pin',
      nationalSystem: { status: 'eligible', upstreamMillis: 42 },
      voucherNumber: '11111111111',
      insurerNumber: insurerA,
      outcome: { kind: 'matched', reason: 'The voucher matches.' },
    });
    expect(events.map((e) => e.type)).toEqual([...CARD_VERIFICATION_TRAIL]);
  });

  it('shows 記号・番号・枝番 in clear to auditors only; names and birth dates never', async () => {
    const qualificationOf = (s: Awaited<ReturnType<typeof story>>) =>
      (s.events.find((e) => e.type === 'qualification.resolved')!.data.result as { qualification: Record<string, string> }).qualification;
    const forAuditor = qualificationOf(await story('auditor', sessionA));
    expect(forAuditor).toMatchObject({ symbol: SYMBOL, number: NUMBER, branch: BRANCH, insurerNumber: insurerA });
    expect(forAuditor.name).toMatch(/^hmac:[0-9a-f]{32}$/);
    expect(forAuditor.birthDate).toMatch(/^hmac:/);
    const forOperator = qualificationOf(await story('operator', sessionA));
    expect(forOperator).toMatchObject({
      symbol: '****',
      number: '****',
      branch: '****',
      name: '****',
      birthDate: '****',
      insurerNumber: insurerA,
    });
    const forManager = qualificationOf(await story('site-manager', sessionA, [siteA]));
    expect(forManager.number).toBe('****');
    const events = (await get(`/audit/events?sessionId=${sessionA}&type=qualification.resolved`, asStaff('operator'))).body.events as {
      data: unknown;
    }[];
    expect(JSON.stringify(events)).not.toContain(NUMBER);
  });

  it('keeps site managers to their own sites', async () => {
    expect((await get(`/audit/sessions/${sessionB}`, asStaff('site-manager', [siteA]))).status).toBe(404);
    expect((await get(`/audit/sessions?siteId=${siteB}`, asStaff('site-manager', [siteA]))).status).toBe(403);
    expect((await get(`/audit/sessions`, asStaff('site-manager', [siteA]))).status).toBe(403);
    expect(((await get(`/audit/sessions?siteId=${siteA}`, asStaff('site-manager', [siteA]))).body.sessions as unknown[]).length).toBe(1);
  });

  it('stores nothing personal in clear, and the chains still verify', async () => {
    const connection = await connectMongo({ url: process.env.MONGO_URL!, dbName: database });
    try {
      const docs = await connection
        .collection('audit_events')
        .find({ 'facets.sessionId': { $in: [sessionA, sessionB] } })
        .toArray();
      expect(docs).toHaveLength(14);
      const text = JSON.stringify(docs);
      for (const clear of [SYMBOL, NUMBER, NAME, '1971-02-03']) expect(text).not.toContain(clear);
      expect(docs.filter((d) => d.insuranceCipher)).toHaveLength(2);
    } finally {
      await connection.close();
    }
    const day = new Date().toISOString().slice(0, 10);
    const verified = await get(`/audit/verify?from=${day}&to=${day}`, asStaff('auditor'));
    expect(verified.body).toMatchObject({ ok: true });
  });

  it('names, through the endpoint, a record edited directly in the database', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const connection = await connectMongo({ url: process.env.MONGO_URL!, dbName: database });
    try {
      const events = connection.collection('audit_events');
      const target = await events.findOne({ 'facets.sessionId': sessionA, type: 'verification.outcome' });
      expect(target).not.toBeNull();
      await events.updateOne({ _id: target!._id }, { $set: { 'data.outcome': 'voucher-already-used' } });
      const broken = await get(`/audit/verify?from=${day}&to=${day}`, asStaff('auditor'));
      expect(broken.body).toMatchObject({ ok: false, firstBroken: { eventId: String(target!._id), problem: 'content-changed' } });
      await events.updateOne({ _id: target!._id }, { $set: { 'data.outcome': 'matched' } });
      expect((await get(`/audit/verify?from=${day}&to=${day}`, asStaff('auditor'))).body).toMatchObject({ ok: true });
    } finally {
      await connection.close();
    }
    expect((await get(`/audit/verify?from=${day}&to=${day}`, asStaff('operator'))).status).toBe(403);
  });

  it('refuses malformed searches with a typed 400 (no operator injection)', async () => {
    for (const q of ['siteId[$gt]=', 'limit=100000', 'unknown=1', 'from=yesterday']) {
      const { status, body } = await get(`/audit/sessions?${q}`, asStaff('auditor'));
      expect({ q, status, code: (body.error as { code: string }).code }).toEqual({ q, status: 400, code: 'invalid-request' });
    }
    // An identifier filter is refused with the identifier's own code, as everywhere.
    const { status, body } = await get('/audit/sessions?institutionNumber=12', asStaff('auditor'));
    expect({ status, code: (body.error as { code: string }).code }).toEqual({ status: 400, code: 'invalid-institution-number' });
  });
});
