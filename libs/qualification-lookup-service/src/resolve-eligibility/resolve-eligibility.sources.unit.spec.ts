import { EligibilityRequestedV2, EligibilityRetryV2, type DataOf, type EventOf, type ReportedEligibility } from '@hcv/contracts';
import { buildEnvelope, type EventPublisher, type PublishContext, type RawMessage } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay } from '@hcv/persistence';
import { aPresentedVoucher, aQualification, EXAMPLE_INSTITUTION_NUMBER, EXAMPLE_INSURER_NUMBER, EXAMPLE_SESSION_ID } from '@hcv/testing';
import type { EventContract } from '@hcv/contracts';
import type { EligibilitySourceSettings } from '../domain/eligibility-source';
import { ListBridgeRequestsHandler } from '../list-bridge-requests/list-bridge-requests.handler';
import { InMemoryBridgeDeviceDirectory } from '../persistence/bridge-device.memory';
import { InMemoryBridgeRequestRepository } from '../persistence/bridge-request.memory';
import { InMemoryLookupRecordRepository } from '../persistence/lookup-record.memory';
import { SubmitBridgeAnswerHandler } from '../submit-bridge-answer/submit-bridge-answer.handler';
import { DEFAULT_RETRY_POLICY, ResolveEligibilityHandler } from './resolve-eligibility.handler';

const REQUESTED_AT = '2026-11-24T09:00:00.000Z';
const DEADLINE = '2026-11-24T09:10:00.000Z';
/** A 既存型 institution (MHLW's worked example); the example institution stays on the default. */
const TERMINAL_SITE = '3410712362';

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

const aRequest = (overrides: Partial<DataOf<typeof EligibilityRequestedV2>> = {}): DataOf<typeof EligibilityRequestedV2> => ({
  sessionId: EXAMPLE_SESSION_ID,
  deviceId: 'dev-1',
  institutionNumber: EXAMPLE_INSTITUTION_NUMBER,
  siteId: 'site-1',
  purpose: 'specific-checkup',
  checkupDate: '2026-11-24',
  cardReference: 'card-000001-0a1b2c3d',
  voucher: aPresentedVoucher(),
  ...overrides,
});

const requested = (data: DataOf<typeof EligibilityRequestedV2>): EventOf<typeof EligibilityRequestedV2> => ({
  ...buildEnvelope(EligibilityRequestedV2, data, 'card-session', { subject: data.sessionId, correlationId: `corr-${data.sessionId}` }),
  time: REQUESTED_AT,
});

class RecordingPublisher implements EventPublisher {
  readonly published: { topic: string; data: unknown }[] = [];
  async publish<C extends EventContract>(contract: C, data: DataOf<C>, ctx: PublishContext): Promise<EventOf<C>> {
    this.published.push({ topic: contract.topic, data });
    return buildEnvelope(contract, data, 'qualification-lookup', ctx);
  }
}

function setup(
  settings: EligibilitySourceSettings = { defaultSource: 'device-reported', byInstitution: { [TERMINAL_SITE]: 'oqs-terminal' } },
) {
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
  const publisher = new RecordingPublisher();
  // No upstream adapter at all: neither source under test may call one.
  const handler = new ResolveEligibilityHandler(
    { settings, upstreams: {}, bridge },
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
    list: new ListBridgeRequestsHandler(devices, bridge, clock),
    submit: new SubmitBridgeAnswerHandler(devices, bridge, handler, clock),
    resolved: () =>
      sent
        .filter((m) => m.topic === 'qualification.resolved.v2')
        .map((m) => JSON.parse(m.message.value) as { data: Record<string, unknown> }),
    retries: () => publisher.published.filter((p) => p.topic === 'eligibility.retry.v2').map((p) => p.data as Record<string, unknown>),
    advance: (millis: number) => void (now = new Date(now.getTime() + millis)),
  };
}

describe('device-reported (限定型, the default source)', () => {
  it('resolves a request carrying the report from it: answered by device-reported, no upstream time, no call', async () => {
    const t = setup();
    await t.handler.handle(requested(aRequest({ reported: report })));
    expect(t.resolved().map((e) => e.data)).toEqual([
      expect.objectContaining({
        result: { status: 'eligible', qualification: aQualification() },
        answeredBy: 'device-reported',
        upstreamMillis: 0,
      }),
    ]);
    expect(await t.records.get(EXAMPLE_SESSION_ID)).toMatchObject({ status: 'eligible', answeredBy: 'device-reported', upstreamMillis: 0 });
  });

  it('answers a request without a report "unavailable", saying so — never the simulator', async () => {
    const t = setup();
    await t.handler.handle(requested(aRequest()));
    expect(t.resolved().map((e) => e.data)).toEqual([
      expect.objectContaining({
        result: { status: 'unavailable', reason: expect.stringMatching(/carries no report/) },
        answeredBy: 'device-reported',
      }),
    ]);
    expect(t.retries()).toEqual([]);
  });

  it('takes a report at a 既存型 institution too: what the national app showed needs no second question', async () => {
    const t = setup();
    await t.handler.handle(
      requested(aRequest({ institutionNumber: TERMINAL_SITE, reported: { validity: 'no-match', confirmedAt: report.confirmedAt } })),
    );
    expect(t.resolved()[0]!.data).toMatchObject({ result: { status: 'not-found' }, answeredBy: 'device-reported' });
    expect(await t.bridge.get(EXAMPLE_SESSION_ID)).toBeNull();
  });
});

describe('oqs-terminal (既存型, through the on-site bridge)', () => {
  const terminalRequest = () => aRequest({ institutionNumber: TERMINAL_SITE, terminalQuery: { birthDate: '1970-05-01', branch: '00' } });

  async function withBridgeDevice(t: ReturnType<typeof setup>, institutionNumber = TERMINAL_SITE) {
    await t.devices.setState('site-a-bridge', { state: 'active', institutionNumber }, REQUESTED_AT);
  }

  it('opens a question for the bridge and waits on the retry topic (without the query) until the deadline', async () => {
    const t = setup();
    await t.handler.handle(requested(terminalRequest()));
    expect(t.resolved()).toEqual([]);
    expect(await t.bridge.get(EXAMPLE_SESSION_ID)).toMatchObject({
      status: 'pending',
      institutionNumber: TERMINAL_SITE,
      deadline: DEADLINE,
    });
    const [parked] = t.retries();
    expect(parked).toMatchObject({ attempt: 1, deadline: DEADLINE, notBefore: '2026-11-24T09:00:30.000Z' });
    expect(parked!.request).not.toHaveProperty('terminalQuery');
  });

  it('lists the question to a bridge of the institution only, and the answer resolves the session (answered by oqs-terminal)', async () => {
    const t = setup();
    await withBridgeDevice(t);
    await t.devices.setState('elsewhere-bridge', { state: 'active', institutionNumber: EXAMPLE_INSTITUTION_NUMBER }, REQUESTED_AT);
    await t.handler.handle(requested(terminalRequest()));

    expect(await t.list.execute('elsewhere-bridge')).toEqual({ institutionNumber: EXAMPLE_INSTITUTION_NUMBER, requests: [] });
    const listed = await t.list.execute('site-a-bridge');
    expect(listed).toEqual({
      institutionNumber: TERMINAL_SITE,
      requests: [
        {
          requestId: EXAMPLE_SESSION_ID,
          query: {
            insurerNumber: EXAMPLE_INSURER_NUMBER,
            symbol: '1234',
            number: '0012345',
            branch: '00',
            birthDate: '1970-05-01',
            onDate: '2026-11-24',
          },
        },
      ],
    });
    await expect(
      t.submit.execute('elsewhere-bridge', {
        requestId: EXAMPLE_SESSION_ID,
        answeredAt: '2026-11-24T18:00:04+09:00',
        answer: { status: 'not-found', qualifications: [] },
      }),
    ).rejects.toMatchObject({ code: 'bridge-request-not-found' });

    t.advance(4_000);
    const submission = {
      requestId: EXAMPLE_SESSION_ID,
      answeredAt: '2026-11-24T18:00:04+09:00',
      answer: { status: 'eligible' as const, qualifications: [{ ...aQualification(), cardClassification: '01' }] },
    };
    expect(await t.submit.execute('site-a-bridge', submission)).toEqual({ requestId: EXAMPLE_SESSION_ID });
    expect(t.resolved().map((e) => e.data)).toEqual([
      expect.objectContaining({
        result: { status: 'eligible', qualification: aQualification() },
        answeredBy: 'oqs-terminal',
        upstreamMillis: 4_000,
      }),
    ]);
    // The same submission again: the same receipt, nothing more; the question is gone and forgotten.
    expect(await t.submit.execute('site-a-bridge', submission)).toEqual({ requestId: EXAMPLE_SESSION_ID });
    expect(t.resolved()).toHaveLength(1);
    expect((await t.list.execute('site-a-bridge')).requests).toEqual([]);
    expect(await t.bridge.get(EXAMPLE_SESSION_ID)).not.toHaveProperty('query');
  });

  it('answers the bridge’s failure "unavailable" with its reason', async () => {
    const t = setup();
    await withBridgeDevice(t);
    await t.handler.handle(requested(terminalRequest()));
    await t.submit.execute('site-a-bridge', {
      requestId: EXAMPLE_SESSION_ID,
      answeredAt: '2026-11-24T18:00:34+09:00',
      answer: { status: 'failed', reason: 'terminal-timeout', message: 'The terminal did not answer within 30 s.' },
    });
    expect(t.resolved()[0]!.data).toMatchObject({
      result: { status: 'unavailable', reason: '資格確認端末: terminal-timeout: The terminal did not answer within 30 s.' },
      answeredBy: 'oqs-terminal',
    });
  });

  it('ends a question the bridge never answers at the deadline ("unavailable", naming no source); a late answer changes nothing', async () => {
    const t = setup();
    await withBridgeDevice(t);
    await t.handler.handle(requested(terminalRequest()));
    const parked = t.retries()[0]!;
    t.advance(10 * 60_000);
    await t.handler.handleRetry(
      buildEnvelope(
        EligibilityRetryV2,
        { ...(parked as DataOf<typeof EligibilityRetryV2>), attempt: 20, notBefore: DEADLINE },
        'qualification-lookup',
        { subject: EXAMPLE_SESSION_ID, correlationId: `corr-${EXAMPLE_SESSION_ID}` },
      ),
    );
    expect(t.resolved().map((e) => e.data)).toEqual([
      expect.objectContaining({
        result: {
          status: 'unavailable',
          reason: 'the 資格確認端末 (既存型) did not answer through its on-site bridge before the deadline (20 attempts)',
        },
      }),
    ]);
    expect(t.resolved()[0]!.data).not.toHaveProperty('answeredBy');
    expect((await t.list.execute('site-a-bridge')).requests).toEqual([]);
    expect(
      await t.submit.execute('site-a-bridge', {
        requestId: EXAMPLE_SESSION_ID,
        answeredAt: '2026-11-24T18:10:04+09:00',
        answer: { status: 'not-found', qualifications: [] },
      }),
    ).toEqual({ requestId: EXAMPLE_SESSION_ID });
    expect(t.resolved()).toHaveLength(1);
  });

  it('answers "unavailable" at once when the request carries no query for the terminal', async () => {
    const t = setup();
    await t.handler.handle(requested(aRequest({ institutionNumber: TERMINAL_SITE })));
    expect(t.resolved()[0]!.data).toMatchObject({
      result: { status: 'unavailable', reason: expect.stringMatching(/carries no terminalQuery/) },
      answeredBy: 'oqs-terminal',
    });
    expect(await t.bridge.get(EXAMPLE_SESSION_ID)).toBeNull();
  });

  it('refuses a device that belongs to no institution', async () => {
    const t = setup();
    await expect(t.list.execute('unknown-device')).rejects.toMatchObject({ code: 'device-not-registered' });
  });
});
