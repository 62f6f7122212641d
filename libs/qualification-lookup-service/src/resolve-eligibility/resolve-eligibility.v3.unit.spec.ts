import {
  EligibilityRequestedV3,
  EligibilityRetryV3,
  QualificationResolvedV3,
  type DataOf,
  type EventContract,
  type EventOf,
  type LookupResultV2,
  type ReportedEligibility,
} from '@hcv/contracts';
import { buildEnvelope, type EventPublisher, type PublishContext, type RawMessage } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aPresentedVoucher, aQualification, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_SESSION_ID } from '@hcv/testing';
import type { NationalEligibilitySystem } from '../adapters/national-system.port';
import { DEFAULT_RESILIENCE, ResilientLookup } from '../adapters/resilient-lookup';
import type { EligibilitySourceSettings } from '../domain/eligibility-source';
import { InMemoryBridgeDeviceDirectory } from '../persistence/bridge-device.memory';
import { InMemoryBridgeRequestRepository } from '../persistence/bridge-request.memory';
import { InMemoryLookupRecordRepository } from '../persistence/lookup-record.memory';
import { SubmitBridgeAnswerHandler } from '../submit-bridge-answer/submit-bridge-answer.handler';
import { DEFAULT_RETRY_POLICY, ResolveEligibilityHandler } from './resolve-eligibility.handler';

const REQUESTED_AT = '2026-11-24T09:00:00.000Z';
const DEADLINE = '2026-11-24T09:10:00.000Z';
/** A 既存型 institution (MHLW's worked example); one on the simulator; the example institution stays on the default. */
const TERMINAL_SITE = '3410712362';
const SIMULATED_SITE = '0110113719';

const report: ReportedEligibility = {
  validity: 'valid',
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
  confirmedAt: '2026-11-24T18:00:00+09:00',
};

type RequestV3 = DataOf<typeof EligibilityRequestedV3>;

const aRequest = (overrides: Partial<RequestV3> = {}): RequestV3 => ({
  sessionId: EXAMPLE_SESSION_ID,
  deviceId: 'dev-1',
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'bus-01',
  stopId: 'stop-2',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  identityCheck: 'pin',
  reported: report,
  voucher: aPresentedVoucher(),
  ...overrides,
});

/** An insurer-only 人間ドック: no voucher, the holder confirmed by 目視確認. */
const aDockRequest = (overrides: Partial<RequestV3> = {}): RequestV3 => {
  const { voucher: _none, ...rest } = aRequest({ purpose: 'comprehensive-checkup', identityCheck: 'visual', ...overrides });
  return rest;
};

const requested = (data: RequestV3): EventOf<typeof EligibilityRequestedV3> => ({
  ...buildEnvelope(EligibilityRequestedV3, EligibilityRequestedV3.data.parse(data), 'card-session', {
    subject: data.sessionId,
    correlationId: `corr-${data.sessionId}`,
  }),
  time: REQUESTED_AT,
});

class FakeNationalSystem implements NationalEligibilitySystem {
  readonly answeredBy = 'simulator' as const;
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

class RecordingPublisher implements EventPublisher {
  readonly published: { topic: string; data: unknown }[] = [];
  async publish<C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): Promise<EventOf<C>> {
    this.published.push({ topic: contract.topic, data });
    return buildEnvelope(contract, data, 'qualification-lookup', ctx);
  }
}

function setup(answers: (LookupResultV2 | 'throw')[] = []) {
  let now = new Date(REQUESTED_AT);
  const clock = () => now;
  const records = new InMemoryLookupRecordRepository();
  const bridge = new InMemoryBridgeRequestRepository();
  const devices = new InMemoryBridgeDeviceDirectory();
  const sent: { topic: string; message: RawMessage }[] = [];
  const relay = new OutboxRelay({
    source: 'qualification-lookup',
    stores: [records.outbox],
    logger: createLogger({ service: 'test', level: 'error' }),
    send: async (topic, message) => void sent.push({ topic, message }),
  });
  const upstream = new FakeNationalSystem(answers);
  const lookup = new ResilientLookup(upstream, { ...DEFAULT_RESILIENCE, retries: 0 }, () => clock().getTime());
  const publisher = new RecordingPublisher();
  const settings: EligibilitySourceSettings = {
    defaultSource: 'device-reported',
    byInstitution: { [TERMINAL_SITE]: 'oqs-terminal', [SIMULATED_SITE]: 'simulator' },
  };
  const handler = new ResolveEligibilityHandler(
    { settings, upstreams: { simulator: lookup }, bridge },
    records,
    publisher,
    relay,
    clock,
    DEFAULT_RETRY_POLICY,
  );
  return {
    handler,
    records,
    bridge,
    devices,
    upstream,
    submit: new SubmitBridgeAnswerHandler(devices, bridge, handler, clock),
    topics: () => sent.map((m) => m.topic),
    resolved: () =>
      sent
        .filter((m) => m.topic === 'qualification.resolved.v3')
        .map((m) => QualificationResolvedV3.data.parse((JSON.parse(m.message.value) as { data: unknown }).data)),
    retries: () =>
      publisher.published.filter((p) => p.topic === 'eligibility.retry.v3').map((p) => p.data as DataOf<typeof EligibilityRetryV3>),
    otherRetries: () => publisher.published.filter((p) => p.topic !== 'eligibility.retry.v3'),
    advance: (millis: number) => void (now = new Date(now.getTime() + millis)),
  };
}

const retryEvent = (data: DataOf<typeof EligibilityRetryV3>) =>
  buildEnvelope(EligibilityRetryV3, EligibilityRetryV3.data.parse(data), 'qualification-lookup', {
    subject: EXAMPLE_SESSION_ID,
    correlationId: `corr-${EXAMPLE_SESSION_ID}`,
  });

describe('eligibility.requested v3 → qualification.resolved v3', () => {
  it('resolves the device’s report and echoes the stop and the voucher (answered by device-reported, no call)', async () => {
    const t = setup();
    await t.handler.handle(requested(aRequest()));
    expect(t.topics()).toEqual(['qualification.resolved.v3']);
    expect(t.resolved()).toEqual([
      {
        request: {
          sessionId: EXAMPLE_SESSION_ID,
          institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
          siteId: 'bus-01',
          stopId: 'stop-2',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          voucher: aPresentedVoucher(),
        },
        result: { status: 'eligible', qualification: aQualification() },
        answeredBy: 'device-reported',
        resolvedAt: REQUESTED_AT,
        upstreamMillis: 0,
      },
    ]);
    expect(t.upstream.calls).toEqual([]);
  });

  it('answers an insurer-only 人間ドック without a voucher: the echo has none', async () => {
    const t = setup();
    await t.handler.handle(requested(aDockRequest()));
    const [answer] = t.resolved();
    expect(answer!.request).toEqual(expect.objectContaining({ purpose: 'comprehensive-checkup', stopId: 'stop-2' }));
    expect(answer!.request).not.toHaveProperty('voucher');
    expect(answer!.result.status).toBe('eligible');
  });

  it('asks the institution’s upstream with the card reference (simulator), never with the voucher', async () => {
    const t = setup([{ status: 'eligible', qualification: aQualification() }]);
    const { reported: _r, ...withoutReport } = aRequest({ institutionNumber: SIMULATED_SITE });
    await t.handler.handle(requested({ ...withoutReport, cardReference: 'card-000001-0a1b2c3d' }));
    expect(t.upstream.calls).toEqual([{ cardReference: 'card-000001-0a1b2c3d', onDate: '2026-11-24', institutionNumber: SIMULATED_SITE }]);
    expect(t.resolved()[0]).toMatchObject({ answeredBy: 'simulator', request: { stopId: 'stop-2' } });
  });

  it('answers a card reference at a device-reported institution "unavailable" (no report), never by the simulator', async () => {
    const t = setup();
    const { reported: _r, ...withoutReport } = aRequest();
    await t.handler.handle(requested({ ...withoutReport, cardReference: 'card-000001-0a1b2c3d' }));
    expect(t.resolved()[0]).toMatchObject({
      result: { status: 'unavailable', reason: expect.stringMatching(/carries no report/) },
      answeredBy: 'device-reported',
    });
    expect(t.upstream.calls).toEqual([]);
  });

  it('parks a v3 request the upstream could not answer on eligibility.retry v3 (v2 cannot hold it), then answers on retry', async () => {
    const t = setup(['throw', { status: 'not-found' }]);
    const { reported: _r, ...withoutReport } = aDockRequest({ institutionNumber: SIMULATED_SITE });
    await t.handler.handle(requested({ ...withoutReport, cardReference: 'card-000001-0a1b2c3d' }));
    expect(t.resolved()).toEqual([]);
    expect(t.otherRetries()).toEqual([]);
    const [parked] = t.retries();
    expect(parked).toMatchObject({ attempt: 1, deadline: DEADLINE, request: { stopId: 'stop-2', identityCheck: 'visual' } });
    expect(parked!.request).not.toHaveProperty('voucher');

    t.advance(60_000);
    await t.handler.handleRetry(retryEvent(parked!));
    expect(t.resolved()).toEqual([expect.objectContaining({ result: { status: 'not-found' }, answeredBy: 'simulator' })]);
    expect(t.resolved()[0]!.request).not.toHaveProperty('voucher');
  });

  it('answers "unavailable" at the deadline, on v3', async () => {
    const t = setup(['throw']);
    const { reported: _r, ...withoutReport } = aRequest({ institutionNumber: SIMULATED_SITE });
    await t.handler.handle(requested({ ...withoutReport, cardReference: 'card-000001-0a1b2c3d' }));
    const parked = t.retries()[0]!;
    t.advance(10 * 60_000);
    await t.handler.handleRetry(retryEvent({ ...parked, attempt: 7, notBefore: DEADLINE }));
    expect(t.resolved()).toEqual([
      expect.objectContaining({
        result: { status: 'unavailable', reason: 'the national eligibility system did not answer before the deadline (7 attempts)' },
      }),
    ]);
  });

  it('sends a 既存型 request with its terminal query to the bridge; the terminal’s answer resolves it on v3 with the stop', async () => {
    const t = setup();
    await t.devices.setState('site-a-bridge', { state: 'active', institutionNumber: TERMINAL_SITE }, REQUESTED_AT);
    const { reported: _r, ...withoutReport } = aRequest({ institutionNumber: TERMINAL_SITE, identityCheck: 'face' });
    await t.handler.handle(
      requested({ ...withoutReport, cardReference: 'card-000001-0a1b2c3d', terminalQuery: { birthDate: '1970-05-01', branch: '00' } }),
    );
    const [parked] = t.retries();
    expect(parked!.request).not.toHaveProperty('terminalQuery');
    expect(await t.bridge.get(EXAMPLE_SESSION_ID)).toMatchObject({ status: 'pending', institutionNumber: TERMINAL_SITE });

    t.advance(3_000);
    await t.submit.execute('site-a-bridge', {
      requestId: EXAMPLE_SESSION_ID,
      answeredAt: '2026-11-24T18:00:03+09:00',
      answer: { status: 'eligible', qualifications: [{ ...aQualification(), cardClassification: '01' }] },
    });
    expect(t.resolved()).toEqual([
      expect.objectContaining({
        request: expect.objectContaining({ stopId: 'stop-2', voucher: aPresentedVoucher() }),
        result: { status: 'eligible', qualification: aQualification() },
        answeredBy: 'oqs-terminal',
        upstreamMillis: 3_000,
      }),
    ]);
  });

  it('answers a 既存型 人間ドック without a terminal query "unavailable" at once', async () => {
    const t = setup();
    const { reported: _r, ...withoutReport } = aDockRequest({ institutionNumber: TERMINAL_SITE });
    await t.handler.handle(requested({ ...withoutReport, cardReference: 'card-000001-0a1b2c3d' }));
    expect(t.resolved()[0]).toMatchObject({
      result: { status: 'unavailable', reason: expect.stringMatching(/carries no terminalQuery/) },
      answeredBy: 'oqs-terminal',
    });
  });
});
