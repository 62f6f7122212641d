import {
  EligibilityRequestedV1,
  EligibilityRequestedV2,
  EligibilityRetryV1,
  EligibilityRetryV2,
  type DataOf,
  type EventContract,
  type EventOf,
  type LookupResultV2,
} from '@hcv/contracts';
import { buildEnvelope, type EventPublisher, type PublishContext, type RawMessage } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aPresentedVoucher, aQualification, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_SESSION_ID, EXAMPLE_VOUCHER_NUMBER } from '@hcv/testing';
import type { NationalEligibilitySystem } from '../adapters/national-system.port';
import { DEFAULT_RESILIENCE, ResilientLookup } from '../adapters/resilient-lookup';
import { InMemoryBridgeRequestRepository } from '../persistence/bridge-request.memory';
import { InMemoryLookupRecordRepository } from '../persistence/lookup-record.memory';
import { DEFAULT_RETRY_POLICY, ResolveEligibilityHandler } from './resolve-eligibility.handler';

const REQUESTED_AT = '2026-11-24T09:00:00.000Z';
const DEADLINE = '2026-11-24T09:10:00.000Z'; // the request's time + the default 10 minutes

const request: DataOf<typeof EligibilityRequestedV1> = {
  sessionId: EXAMPLE_SESSION_ID,
  deviceId: 'dev-1',
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'site-1',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  cardReference: 'card-000001-0a1b2c3d',
  voucherNumber: EXAMPLE_VOUCHER_NUMBER,
};

/** The national system as the test tells it to answer, one answer per call ('throw' fails the call). */
class FakeNationalSystem implements NationalEligibilitySystem {
  readonly answeredBy = 'national-system-http' as const;
  readonly calls: Parameters<NationalEligibilitySystem['lookup']>[0][] = [];
  constructor(private readonly answers: (LookupResultV2 | 'throw')[]) {}
  async lookup(call: Parameters<NationalEligibilitySystem['lookup']>[0]): Promise<LookupResultV2> {
    this.calls.push(call);
    const answer = this.answers.shift();
    if (!answer) throw new Error('the test gave no answer for this call');
    if (answer === 'throw') throw new Error('ECONNREFUSED');
    return answer;
  }
}

/** Collects what the handler publishes directly (only the retry topic). */
class RecordingPublisher implements EventPublisher {
  readonly published: { topic: string; data: unknown; ctx: PublishContext }[] = [];
  async publish<C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): Promise<EventOf<C>> {
    this.published.push({ topic: contract.topic, data, ctx });
    return buildEnvelope(contract, data, 'qualification-lookup', ctx);
  }
}

function setup(answers: (LookupResultV2 | 'throw')[], resilience: Partial<typeof DEFAULT_RESILIENCE> = {}) {
  let now = new Date(REQUESTED_AT);
  const clock = () => now;
  const records = new InMemoryLookupRecordRepository();
  const sent: { topic: string; message: RawMessage }[] = [];
  const relay = new OutboxRelay({
    source: 'qualification-lookup',
    stores: [records.outbox],
    logger: createLogger({ service: 'test', level: 'error' }),
    send: async (topic, message) => void sent.push({ topic, message }),
  });
  const upstream = new FakeNationalSystem(answers);
  // No in-place retries: each attempt of the handler is one call (the resilience layer has its own specs).
  const lookup = new ResilientLookup(upstream, { ...DEFAULT_RESILIENCE, retries: 0, ...resilience }, () => clock().getTime());
  const publisher = new RecordingPublisher();
  // Every institution asks the upstream (the device-reported and 既存型 sources: resolve-eligibility.sources.unit.spec.ts).
  const sources = {
    settings: { defaultSource: 'generic-http' as const, byInstitution: {} },
    upstreams: { 'generic-http': lookup },
    bridge: new InMemoryBridgeRequestRepository(),
  };
  const handler = new ResolveEligibilityHandler(sources, records, publisher, relay, clock, DEFAULT_RETRY_POLICY);
  const resolved = () =>
    sent
      .filter((m) => m.topic === 'qualification.resolved.v1')
      .map((m) => JSON.parse(m.message.value) as { data: Record<string, unknown> });
  const resolvedV2 = () =>
    sent
      .filter((m) => m.topic === 'qualification.resolved.v2')
      .map((m) => JSON.parse(m.message.value) as { data: Record<string, unknown> });
  const retries = () =>
    publisher.published.filter((p) => p.topic === 'eligibility.retry.v1').map((p) => p.data as DataOf<typeof EligibilityRetryV1>);
  const retriesV2 = () =>
    publisher.published.filter((p) => p.topic === 'eligibility.retry.v2').map((p) => p.data as DataOf<typeof EligibilityRetryV2>);
  return {
    resolvedV2,
    retriesV2,
    handler,
    records,
    upstream,
    resolved,
    retries,
    advance: (millis: number) => void (now = new Date(now.getTime() + millis)),
  };
}

const requested = (): EventOf<typeof EligibilityRequestedV1> => ({
  ...buildEnvelope(EligibilityRequestedV1, request, 'card-session', {
    subject: request.sessionId,
    correlationId: `corr-${request.sessionId}`,
  }),
  time: REQUESTED_AT,
});

const retry = (data: Partial<DataOf<typeof EligibilityRetryV1>>): EventOf<typeof EligibilityRetryV1> =>
  buildEnvelope(
    EligibilityRetryV1,
    { request, attempt: 1, notBefore: REQUESTED_AT, deadline: DEADLINE, lastError: 'national system: abnormal end', ...data },
    'qualification-lookup',
    { subject: request.sessionId, correlationId: `corr-${request.sessionId}` },
  );

/** v2: the voucher as presented, which the answer echoes. */
const { voucherNumber: _number, ...place } = request;
const requestV2: DataOf<typeof EligibilityRequestedV2> = { ...place, voucher: aPresentedVoucher() };
const requestedV2 = (): EventOf<typeof EligibilityRequestedV2> => ({
  ...buildEnvelope(EligibilityRequestedV2, requestV2, 'card-session', {
    subject: request.sessionId,
    correlationId: `corr-${request.sessionId}`,
  }),
  time: REQUESTED_AT,
});

describe('resolve eligibility (v2 requests: the voucher as presented)', () => {
  it('echoes the voucher into qualification.resolved v2 with who answered; the national system never sees it', async () => {
    const qualification = aQualification();
    const t = setup([{ status: 'eligible', qualification }]);
    await t.handler.handle(requestedV2());

    expect(t.upstream.calls).toEqual([
      { cardReference: request.cardReference, onDate: '2026-11-24', institutionNumber: request.institutionNumber },
    ]);
    expect(t.resolved()).toEqual([]);
    expect(t.resolvedV2()).toHaveLength(1);
    expect(t.resolvedV2()[0]!.data).toMatchObject({
      request: { sessionId: request.sessionId, siteId: 'site-1', purpose: 'specific-checkup', voucher: requestV2.voucher },
      result: { status: 'eligible', qualification },
      answeredBy: 'national-system-http',
    });
    expect(await t.records.get(request.sessionId)).toMatchObject({ status: 'eligible', answeredBy: 'national-system-http' });
  });

  it('passes changed-insurer (資格有効性 3) on to matching', async () => {
    const qualification = aQualification({ lostOn: '2026-10-01' });
    const t = setup([{ status: 'changed-insurer', qualification, lostOn: '2026-10-01' }]);
    await t.handler.handle(requestedV2());
    expect(t.resolvedV2().map((e) => e.data.result)).toEqual([{ status: 'changed-insurer', qualification, lostOn: '2026-10-01' }]);
  });

  it('parks a v2 request on eligibility.retry v2 (keeping the voucher) and answers it v2 when the system is back', async () => {
    const t = setup([{ status: 'unavailable', reason: 'national system: abnormal end E001' }, { status: 'not-found' }]);
    await t.handler.handle(requestedV2());
    expect(t.retries()).toEqual([]);
    expect(t.retriesV2()).toEqual([
      {
        request: requestV2,
        attempt: 1,
        notBefore: '2026-11-24T09:00:00.500Z',
        deadline: DEADLINE,
        lastError: 'national system: abnormal end E001',
      },
    ]);
    t.advance(500);
    await t.handler.handleRetry(
      buildEnvelope(EligibilityRetryV2, t.retriesV2()[0]!, 'qualification-lookup', { subject: request.sessionId, correlationId: 'c' }),
    );
    expect(t.resolvedV2().map((e) => e.data)).toEqual([
      expect.objectContaining({ request: expect.objectContaining({ voucher: requestV2.voucher }) }),
    ]);
  });

  it('answers "unavailable" at the deadline without naming an adapter', async () => {
    const t = setup([]);
    t.advance(10 * 60_000);
    await t.handler.handleRetry(
      buildEnvelope(
        EligibilityRetryV2,
        { request: requestV2, attempt: 3, notBefore: DEADLINE, deadline: DEADLINE, lastError: 'x' },
        'qualification-lookup',
        { subject: request.sessionId, correlationId: 'c' },
      ),
    );
    expect(t.resolvedV2()).toHaveLength(1);
    expect(t.resolvedV2()[0]!.data).not.toHaveProperty('answeredBy');
    expect(t.resolvedV2()[0]!.data.result).toMatchObject({ status: 'unavailable' });
  });
});

describe('resolve eligibility (v1 requests still on the topic: answered v1 as before)', () => {
  it('reads changed-insurer as lost in a v1 answer', async () => {
    const qualification = aQualification({ lostOn: '2026-10-01' });
    const t = setup([{ status: 'changed-insurer', qualification, lostOn: '2026-10-01' }]);
    await t.handler.handle(requested());
    expect(t.resolvedV2()).toEqual([]);
    expect(t.resolved().map((e) => e.data.result)).toEqual([{ status: 'lost', qualification, lostOn: '2026-10-01' }]);
  });
});

describe('resolve eligibility', () => {
  afterEach(() => jest.useRealTimers());

  it('answers a request the national system answers: the record (no qualification) and qualification.resolved, once', async () => {
    const qualification = aQualification();
    const t = setup([{ status: 'eligible', qualification }]);
    await t.handler.handle(requested());

    expect(t.upstream.calls).toEqual([
      { cardReference: request.cardReference, onDate: '2026-11-24', institutionNumber: request.institutionNumber },
    ]);
    expect(await t.records.get(request.sessionId)).toEqual({
      sessionId: request.sessionId,
      institutionNumber: request.institutionNumber,
      status: 'eligible',
      insurerNumber: qualification.insurerNumber,
      answeredBy: 'national-system-http',
      upstreamMillis: expect.any(Number),
      resolvedAt: REQUESTED_AT,
    });
    expect(t.resolved()).toHaveLength(1);
    expect(t.resolved()[0]!.data).toMatchObject({
      request: {
        sessionId: request.sessionId,
        institutionNumber: request.institutionNumber,
        siteId: 'site-1',
        purpose: 'specific-checkup',
        voucherNumber: EXAMPLE_VOUCHER_NUMBER,
      },
      result: { status: 'eligible', qualification },
      resolvedAt: REQUESTED_AT,
    });
    expect(t.retries()).toEqual([]);
  });

  it('answers "not found" as a final answer: no retry', async () => {
    const t = setup([{ status: 'not-found' }]);
    await t.handler.handle(requested());

    const record = await t.records.get(request.sessionId);
    expect(record).toMatchObject({ status: 'not-found' });
    expect(record).not.toHaveProperty('insurerNumber');
    expect(t.resolved().map((e) => e.data.result)).toEqual([{ status: 'not-found' }]);
    expect(t.retries()).toEqual([]);
  });

  it('answers a session once: a redelivered request does not call the national system again', async () => {
    const t = setup([{ status: 'not-found' }]);
    const event = requested();
    await t.handler.handle(event);
    await t.handler.handle(event);
    await t.handler.handleRetry(retry({ attempt: 1 }));

    expect(t.upstream.calls).toHaveLength(1);
    expect(t.resolved()).toHaveLength(1);
  });

  it('parks a request the national system cannot answer on the retry topic, with a backoff and the deadline', async () => {
    const t = setup([{ status: 'unavailable', reason: 'national system: abnormal end E001' }]);
    await t.handler.handle(requested());

    expect(await t.records.get(request.sessionId)).toBeNull();
    expect(t.resolved()).toEqual([]);
    // The first backoff: 250 ms × 2¹ (more than the resilience layer's own hint of 200 ms).
    expect(t.retries()).toEqual([
      { request, attempt: 1, notBefore: '2026-11-24T09:00:00.500Z', deadline: DEADLINE, lastError: 'national system: abnormal end E001' },
    ]);
    expect(t.upstream.calls).toHaveLength(1);
  });

  it('parks a failed call too, and each further attempt waits longer', async () => {
    const t = setup(['throw', 'throw']);
    await t.handler.handle(requested());
    t.advance(500);
    await t.handler.handleRetry(retry(t.retries()[0]!));

    expect(t.retries().map((r) => [r.attempt, r.notBefore, r.lastError])).toEqual([
      [1, '2026-11-24T09:00:00.500Z', 'ECONNREFUSED'],
      [2, '2026-11-24T09:00:01.500Z', 'ECONNREFUSED'], // 250 ms × 2² after the second attempt
    ]);
    expect(t.upstream.calls).toHaveLength(2);
  });

  it('caps the wait at the policy’s longest backoff when the rate limit asks for more', async () => {
    // One call per institution every 100 s: the second request of the institution is deferred by the limiter.
    const t = setup([{ status: 'not-found' }], { ratePerSecond: 0.01, burst: 1 });
    await t.handler.handle(requested());
    const other = { ...requested(), data: { ...request, sessionId: '0d3b4a8e-1c2f-4b55-8a39-2f1b8e2f0c12' } };
    await t.handler.handle(other);

    expect(t.upstream.calls).toHaveLength(1); // the limiter refused without a call
    expect(t.retries()).toEqual([
      expect.objectContaining({ attempt: 1, notBefore: '2026-11-24T09:00:30.000Z', lastError: 'institution rate limit reached' }),
    ]);
  });

  it('answers a parked request when the national system is back', async () => {
    const t = setup([{ status: 'eligible', qualification: aQualification() }]);
    t.advance(500);
    await t.handler.handleRetry(retry({ attempt: 1, notBefore: '2026-11-24T09:00:00.500Z' }));

    expect(await t.records.get(request.sessionId)).toMatchObject({ status: 'eligible', resolvedAt: '2026-11-24T09:00:00.500Z' });
    expect(t.resolved()).toHaveLength(1);
    expect(t.retries()).toEqual([]);
  });

  it('answers "unavailable" (→ manual check) once the deadline passed, without calling the national system', async () => {
    const t = setup([]);
    t.advance(10 * 60_000);
    await t.handler.handleRetry(retry({ attempt: 7, notBefore: DEADLINE }));

    expect(t.upstream.calls).toEqual([]);
    expect(await t.records.get(request.sessionId)).toMatchObject({ status: 'unavailable', upstreamMillis: 0, resolvedAt: DEADLINE });
    expect(t.resolved().map((e) => e.data.result)).toEqual([
      { status: 'unavailable', reason: 'the national eligibility system did not answer before the deadline (7 attempts)' },
    ]);
    expect(t.retries()).toEqual([]);
  });

  it('waits for a retry due within one slice, then tries it', async () => {
    jest.useFakeTimers({ now: new Date(REQUESTED_AT) });
    const t = setup([{ status: 'not-found' }]);
    const handled = t.handler.handleRetry(retry({ notBefore: '2026-11-24T09:00:02.000Z' }));

    await jest.advanceTimersByTimeAsync(1_999);
    expect(t.upstream.calls).toEqual([]); // not yet due
    await jest.advanceTimersByTimeAsync(1);
    await handled;
    expect(t.upstream.calls).toHaveLength(1);
    expect(t.resolved()).toHaveLength(1);
  });

  it('puts a retry due later than one slice back on the retry topic after one slice, unchanged', async () => {
    jest.useFakeTimers({ now: new Date(REQUESTED_AT) });
    const t = setup([]);
    const event = retry({ attempt: 3, notBefore: '2026-11-24T09:00:20.000Z' });
    const handled = t.handler.handleRetry(event);

    await jest.advanceTimersByTimeAsync(DEFAULT_RETRY_POLICY.parkSliceMillis - 1);
    expect(t.retries()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await handled;
    expect(t.retries()).toEqual([event.data]);
    expect(t.upstream.calls).toEqual([]);
    expect(await t.records.get(request.sessionId)).toBeNull();
  });
});
