import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  DeviceRegisteredV1,
  EligibilityRequestedV1,
  SessionCardReadV1,
  SessionCompletedV2,
  SessionOpenedV1,
  SessionVoucherPresentedV1,
  VerificationOutcomeV2,
  type DataOf,
  type EventContract,
  type EventEnvelope,
} from '@hcv/contracts';
import {
  buildEnvelope,
  deliver,
  InfrastructureUnavailable,
  InMemoryProcessedEventLog,
  on,
  type DeliveryMeta,
  type DeliveryOptions,
  type IncomingMessage,
  type RawMessage,
  type Subscription,
} from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { AUDIT_TOPICS } from '../audit.topics';
import { InMemoryAnalyticsRepository } from '../persistence/analytics.memory';
import { InMemoryAuditRecordRepository } from '../persistence/audit-record.memory';
import { AuditLedger } from '../record-event/audit-ledger';
import { RecordEventHandler } from '../record-event/record-event.handler';
import { ANALYTICS_CONTRACTS, RecordOutcomeFactsHandler } from '../record-outcome-facts/record-outcome-facts.handler';
import { ProjectEventHandler, type Projection } from './project-event.handler';

/** audit's one consumer group, as its topics file declares it. */
const [GROUP] = AUDIT_TOPICS.consumes;
const logger = createLogger({ service: 'test', level: 'error' });
const FAST: DeliveryOptions = { maxAttempts: 3, backoffMillis: 1, retryDelaysMillis: [] };
const clock = () => new Date('2026-11-25T09:31:00Z');

/**
 * A read side running alongside in the audit process, as the operations desk does (its own read
 * models are tested in libs/operations-desk): counts each completed session once, by session id;
 * `fail` decides whether its next write fails.
 */
const ALONGSIDE_CONTRACTS = [SessionOpenedV1, DeviceRegisteredV1, VerificationOutcomeV2, SessionCompletedV2];
class CompletedSessions {
  readonly counted = new Set<string>();
  constructor(private readonly fail: () => Error | null = () => null) {}
  async project(event: EventEnvelope): Promise<void> {
    if (event.type !== 'session.completed') return;
    const error = this.fail();
    if (error) throw error;
    this.counted.add((event.data as { sessionId: string }).sessionId);
  }
}

/** audit's two projections over memory stores and one alongside; `failAlongside` decides whether its next write fails. */
function audit(failAlongside: () => Error | null = () => null) {
  const records = new InMemoryAuditRecordRepository();
  const inserts = jest.spyOn(records, 'insert');
  const analytics = new InMemoryAnalyticsRepository();
  const alongside = new CompletedSessions(failAlongside);
  const ledger = new AuditLedger(records);
  const facts = new RecordOutcomeFactsHandler(analytics);
  /** The projections as one process builds them: its own ledger (no chain heads remembered yet). */
  const projections = (): ProjectEventHandler => {
    const recordEvent = new RecordEventHandler(new AuditLedger(records), 'unit-test-key', clock);
    return new ProjectEventHandler([
      { name: 'ledger', contracts: ALL_EVENT_CONTRACTS, project: (e, m) => recordEvent.handle(e, m) },
      { name: 'analytics', contracts: ANALYTICS_CONTRACTS, project: (e) => facts.handle(e) },
      { name: 'operations', contracts: ALONGSIDE_CONTRACTS, project: (e) => alongside.project(e) },
    ]);
  };
  return { records, inserts, analytics, alongside, ledger, projections };
}

/** The subscription audit's topics file declares, over these projections, with a processed-event log that counts its round trips. */
function subscribe(handler: ProjectEventHandler) {
  const log = new InMemoryProcessedEventLog();
  const logCalls = { seen: jest.spyOn(log, 'seen'), record: jest.spyOn(log, 'record') };
  const subscription: Subscription = {
    groupId: GROUP!.group,
    processedLog: log,
    ...(GROUP!.ordering ? { ordering: GROUP!.ordering } : {}),
    ...(GROUP!.idempotent ? { idempotent: true } : {}),
    handlers: handler.contracts().map((contract) => on(contract, (event, meta) => handler.handle(event, meta))),
  };
  return { subscription, handlers: new Map(subscription.handlers.map((h) => [h.contract.topic, h])), logCalls };
}

const sessionId = randomUUID();
const at = '2026-11-25T09:30:00Z';
const envelopes = () => [
  buildEnvelope(
    SessionOpenedV1,
    {
      sessionId,
      deviceId: 'bus-1-dev-1',
      institutionNumber: '1311234569',
      siteId: 'bus-1',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-25',
      openedAt: at,
    },
    'card-session',
    { subject: sessionId, correlationId: 'c' },
  ),
  buildEnvelope(SessionCardReadV1, { sessionId, identityCheck: 'pin', readAt: at }, 'card-session', {
    subject: sessionId,
    correlationId: 'c',
  }),
  buildEnvelope(
    VerificationOutcomeV2,
    {
      sessionId,
      institutionNumber: '1311234569',
      siteId: 'bus-1',
      voucherNumber: '12345678901',
      outcome: 'matched',
      reason: 'matched',
      insurerNumber: '06139018',
      decidedAt: at,
    },
    'voucher-matching',
    { subject: sessionId, correlationId: 'c' },
  ),
  buildEnvelope(SessionCompletedV2, { sessionId, outcome: 'matched', completedAt: at, elapsedMillis: 1_800 }, 'card-session', {
    subject: sessionId,
    correlationId: 'c',
  }),
];
const eligibilityRequested = () =>
  buildEnvelope(
    EligibilityRequestedV1,
    {
      sessionId,
      deviceId: 'bus-1-dev-1',
      institutionNumber: '1311234569',
      siteId: 'bus-1',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-25',
      cardReference: 'card-ref-0001',
      voucherNumber: '12345678901',
    },
    'card-session',
    { subject: sessionId, correlationId: 'c' },
  );
/** Each event on the topic of its own version (the delivery refuses an event on another version's topic). */
const topicOf = (type: string, version: number) => ALL_EVENT_CONTRACTS.find((c) => c.type === type && c.version === version)!.topic;
const message = (envelope: { id: string; type: string; version: number }, offset: number): IncomingMessage => ({
  topic: topicOf(envelope.type, envelope.version),
  partition: 0,
  offset: String(offset),
  key: sessionId,
  value: JSON.stringify(envelope),
  headers: {},
});

/** What the three read sides say about the session: ledger records, analytics count, count alongside. */
async function picture(a: ReturnType<typeof audit>) {
  const cells = await a.analytics.cells('2026-11-25', '2026-11-25');
  return {
    ledger: (await a.records.bySubject(sessionId)).length,
    chainOk: (await a.ledger.verify('2026-11-25', '2026-11-25')).ok,
    analytics: cells.reduce((n, c) => n + c.count, 0),
    operations: a.alongside.counted.size,
  };
}

describe('audit projections in one consumer group', () => {
  it('runs for each event only the projections that read its topic, and subscribes to their union', async () => {
    const seen: string[] = [];
    const projection = (name: string, contracts: readonly EventContract[]): Projection => ({
      name,
      contracts,
      project: async (e) => void seen.push(`${name}:${e.type}`),
    });
    const handler = new ProjectEventHandler([
      projection('ledger', ALL_EVENT_CONTRACTS),
      projection('analytics', ANALYTICS_CONTRACTS),
      projection('operations', ALONGSIDE_CONTRACTS),
    ]);
    expect(
      handler
        .contracts()
        .map((c) => c.topic)
        .sort(),
    ).toEqual(ALL_EVENT_CONTRACTS.map((c) => c.topic).sort());
    const send = async <C extends EventContract>(contract: C, data: unknown) => {
      const event = buildEnvelope(contract, data as DataOf<C>, 'card-session', { subject: 's', correlationId: 'c' });
      await handler.handle(event, { topic: contract.topic, partition: 0, offset: '0', attempt: 1 });
    };
    await send(SessionOpenedV1, {
      sessionId,
      deviceId: 'd',
      institutionNumber: '1311234569',
      siteId: 's',
      purpose: 'specific-checkup',
      checkupDate: '2026-11-25',
      openedAt: at,
    });
    await send(DeviceRegisteredV1, { deviceId: 'd', institutionNumber: '1311234569', siteId: 's', kind: 'tablet', requestedBy: 'ops' });
    await send(SessionVoucherPresentedV1, { sessionId, voucherNumber: '12345678901' });
    expect(seen.sort()).toEqual(
      [
        'ledger:session.opened',
        'analytics:session.opened',
        'operations:session.opened',
        'ledger:device.registered',
        'operations:device.registered',
        'ledger:session.voucher-presented',
      ].sort(),
    );
  });

  it('retries only the projection that failed: each read side counts the session once and the chain stays whole', async () => {
    let failures = 2;
    const a = audit(() => (failures-- > 0 ? new Error('operations store refused the write') : null));
    const { subscription, handlers } = subscribe(a.projections());
    const sent: RawMessage[] = [];
    const results = [];
    const events = envelopes();
    for (const [i, envelope] of events.entries())
      results.push(await deliver(message(envelope, i), subscription, handlers, async (_t, m) => void sent.push(m), logger, FAST));
    expect(results).toEqual(['handled', 'handled', 'handled', 'handled']);
    expect(sent).toEqual([]);
    // the failing write came at the completion: the ledger appended it once, not once per attempt
    expect(a.inserts).toHaveBeenCalledTimes(4);
    expect(await picture(a)).toEqual({ ledger: 4, chainOk: true, analytics: 1, operations: 1 });
    // a redelivery of the whole message runs the projections again (no processed-event log): each finds its work done
    expect(await deliver(message(events[3]!, 3), subscription, handlers, async () => undefined, logger, FAST)).toBe('handled');
    expect(await picture(a)).toEqual({ ledger: 4, chainOk: true, analytics: 1, operations: 1 });
  });

  it('dead-letters for the group when a projection keeps failing; the replay applies only what is missing', async () => {
    let broken = true;
    const a = audit(() => (broken ? new Error('bug in the operations projection') : null));
    const first = subscribe(a.projections());
    const dlq: { topic: string; message: RawMessage }[] = [];
    const events = envelopes();
    for (const [i, envelope] of events.entries())
      await deliver(
        message(envelope, i),
        first.subscription,
        first.handlers,
        async (topic, m) => void dlq.push({ topic, message: m }),
        logger,
        FAST,
      );
    expect(dlq.map((d) => [d.topic, d.message.headers['dlq-group']])).toEqual([[`${topicOf('session.completed', 2)}.dlq`, GROUP!.group]]);
    expect(dlq[0]!.message.headers['dlq-reason']).toMatch(
      /operations projection failed: bug in the operations projection \(applied: ledger, analytics\)/,
    );
    // the other read sides already have the event
    expect(await picture(a)).toEqual({ ledger: 4, chainOk: true, analytics: 1, operations: 0 });

    // The fix is deployed (a new process: nothing remembered) and the DLQ replayed into the group's retry topic.
    broken = false;
    const replayed = subscribe(a.projections());
    const completion = events[3]!;
    const replay: IncomingMessage = {
      ...message(completion, 0),
      topic: `${topicOf('session.completed', 2)}.retry`,
      headers: { 'retry-group': GROUP!.group, 'retry-round': '0', 'retry-original-topic': topicOf('session.completed', 2) },
    };
    expect(await deliver(replay, replayed.subscription, replayed.handlers, async () => undefined, logger, FAST)).toBe('handled');
    expect(await picture(a)).toEqual({ ledger: 4, chainOk: true, analytics: 1, operations: 1 });
    expect(a.inserts).toHaveBeenCalledTimes(5); // the replay's ledger append found the event recorded
    // a second replay of the same dead letter runs again and changes nothing
    expect(await deliver(replay, replayed.subscription, replayed.handlers, async () => undefined, logger, FAST)).toBe('handled');
    expect(await picture(a)).toEqual({ ledger: 4, chainOk: true, analytics: 1, operations: 1 });
  });

  it('skips the processed-event log: a redelivered event, in this process or a new one, leaves every projection unchanged', async () => {
    const a = audit();
    const first = subscribe(a.projections());
    const events = [...envelopes(), eligibilityRequested()];
    for (const [i, envelope] of events.entries())
      expect(await deliver(message(envelope, i), first.subscription, first.handlers, async () => undefined, logger, FAST)).toBe('handled');
    const settled = await picture(a);
    expect(settled).toEqual({ ledger: 5, chainOk: true, analytics: 1, operations: 1 });
    const chain = await a.ledger.verify('2026-11-25', '2026-11-25');

    // every event again, in the same process, then in a new one (after a crash: nothing remembered)
    for (const again of [first, subscribe(a.projections())]) {
      for (const [i, envelope] of events.entries())
        expect(await deliver(message(envelope, i), again.subscription, again.handlers, async () => undefined, logger, FAST)).toBe(
          'handled',
        );
      expect(await picture(a)).toEqual(settled);
      // no second record: the chains have as many records as before and still verify
      expect(await a.ledger.verify('2026-11-25', '2026-11-25')).toEqual(chain);
      expect(again.logCalls.seen).not.toHaveBeenCalled();
      expect(again.logCalls.record).not.toHaveBeenCalled();
    }
    expect(first.logCalls.seen).not.toHaveBeenCalled();
  });

  it('counts a session into analytics from the event that completes its facts: later events of the session write no count', async () => {
    const a = audit();
    const apply = jest.spyOn(a.analytics, 'apply');
    const { subscription, handlers } = subscribe(a.projections());
    const [opened, cardRead, outcome, completed] = envelopes();
    // analytics counts only at the outcome (its decision time), which comes after the completion
    // here; the eligibility request is a later event (the operations desk's own read models are
    // checked the same way in libs/operations-desk's record-operations spec)
    const order = [opened!, cardRead!, completed!, outcome!, eligibilityRequested()];
    for (const [i, envelope] of order.entries())
      await deliver(message(envelope, i), subscription, handlers, async () => undefined, logger, FAST);
    expect(await picture(a)).toEqual({ ledger: 5, chainOk: true, analytics: 1, operations: 1 });
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it('leaves the message uncommitted when a projection meets an unreachable database, even if another one has a bug', async () => {
    const outage = Object.assign(new Error('connection refused'), { name: 'MongoNetworkError' });
    const handler = new ProjectEventHandler([
      { name: 'ledger', contracts: ALL_EVENT_CONTRACTS, project: async () => undefined },
      { name: 'analytics', contracts: ANALYTICS_CONTRACTS, project: async () => Promise.reject(new TypeError('bug')) },
      { name: 'operations', contracts: ALONGSIDE_CONTRACTS, project: async () => Promise.reject(outage) },
    ]);
    const { subscription, handlers } = subscribe(handler);
    const dlq: RawMessage[] = [];
    await expect(
      deliver(message(envelopes()[0]!, 0), subscription, handlers, async (_t, m) => void dlq.push(m), logger, FAST),
    ).rejects.toBeInstanceOf(InfrastructureUnavailable);
    expect(dlq).toEqual([]);
  });
});

describe('audit projections started together (partition-start order)', () => {
  const topic = SessionOpenedV1.topic;
  const event = (id: string, subject: string) => ({ id, subject, type: SessionOpenedV1.type }) as unknown as EventEnvelope;
  const meta = (offset: number, begun?: () => void): DeliveryMeta => ({
    topic,
    partition: 0,
    offset: String(offset),
    attempt: 1,
    ...(begun ? { begun } : {}),
  });
  const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

  function projections(failDesk: (id: string) => boolean = () => false) {
    const steps: string[] = [];
    const handler = new ProjectEventHandler([
      {
        name: 'ledger',
        contracts: [SessionOpenedV1],
        keepsCallOrder: true,
        project: async (e) => {
          steps.push(`ledger ${e.id}`);
          await tick(5);
        },
      },
      {
        name: 'operations',
        contracts: [SessionOpenedV1],
        project: async (e) => {
          steps.push(`desk start ${e.id}`);
          await tick(e.id === 'e1' ? 10 : 1);
          if (failDesk(e.id)) throw new Error(`desk failed on ${e.id}`);
          steps.push(`desk end ${e.id}`);
        },
      },
    ]);
    return { handler, steps };
  }

  it('says it began once every projection is under way, and keeps a key’s events in order in the projections that do not keep their own', async () => {
    const { handler, steps } = projections();
    const begun: string[] = [];
    const runs = [
      handler.handle(
        event('e1', 's-1'),
        meta(1, () => begun.push('e1')),
      ),
      handler.handle(
        event('e2', 's-1'),
        meta(2, () => begun.push('e2')),
      ),
      handler.handle(
        event('e3', 's-2'),
        meta(3, () => begun.push('e3')),
      ),
    ];
    // all three under way at once: the ledger called in order, the other key's desk write not waiting
    expect(begun).toEqual(['e1', 'e2', 'e3']);
    expect(steps).toEqual(['ledger e1', 'desk start e1', 'ledger e2', 'ledger e3', 'desk start e3']);
    await Promise.all(runs);
    // s-1's second event applied only after its first
    expect(steps.indexOf('desk start e2')).toBeGreaterThan(steps.indexOf('desk end e1'));
  });

  it('fails a key’s later event with its earlier one, so neither is applied ahead of the other when delivered again', async () => {
    const { handler, steps } = projections((id) => id === 'e1');
    const first = handler.handle(
      event('e1', 's-1'),
      meta(1, () => undefined),
    );
    const second = handler.handle(
      event('e2', 's-1'),
      meta(2, () => undefined),
    );
    await expect(first).rejects.toThrow(/operations projection failed: desk failed on e1 \(applied: ledger\)/);
    await expect(second).rejects.toThrow(/an earlier event of s-1 .* failed: not applied ahead of it/);
    expect(steps).not.toContain('desk start e2');
    // delivered again one at a time: e1 then e2 apply (only the projection that failed runs again)
    const again = projections();
    await again.handler.handle(event('e2', 's-1'), meta(2));
    expect(again.steps).toEqual(['ledger e2', 'desk start e2', 'desk end e2']);
  });
});
