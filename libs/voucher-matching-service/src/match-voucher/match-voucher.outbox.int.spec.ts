import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { QualificationResolvedV2, VerificationOutcomeV3, type EventEnvelope, type EventOf } from '@hcv/contracts';
import { buildEnvelope, InMemoryProcessedEventLog, KafkaMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { OutboxRelay, type OutboxEntry, type OutboxRelayOptions } from '@hcv/persistence';
import { aPresentedVoucher, connectTestDatabase, waitFor } from '@hcv/testing';
import { MemberDigester } from '../adapters/member-seal';
import { InMemoryContractRepository } from '../persistence/contract.memory';
import type { Decision, DecisionRepository } from '../persistence/decision.repository';
import { MongoDecisionRepository } from '../persistence/decision.mongo';
import { MongoSiteNameRepository } from '../persistence/site-name.mongo';
import { MongoVoucherRepository } from '../persistence/voucher.mongo';
import { MatchVoucherHandler } from './match-voucher.handler';

/**
 * The transactional outbox against the real broker and the MongoDB-wire server: a crash between
 * storing a decision and publishing its outcome loses nothing (the relay of the next process sends
 * it, once, with the id fixed at write time), and a store that fails publishes nothing.
 */
jest.setTimeout(180_000);

const logger = createLogger({ service: 'voucher-matching', level: 'error' });
const clock = () => new Date();

function resolvedEvent(sessionId: string): EventOf<typeof QualificationResolvedV2> {
  return buildEnvelope(
    QualificationResolvedV2,
    {
      request: {
        sessionId,
        institutionNumber: '0110113719',
        siteId: 'bus-01',
        purpose: 'specific-checkup',
        checkupDate: '2026-11-24',
        voucher: aPresentedVoucher({ voucherNumber: '26001000009' }),
      },
      result: { status: 'not-found' },
      resolvedAt: new Date().toISOString(),
      upstreamMillis: 3,
    },
    'qualification-lookup',
    { subject: sessionId, correlationId: sessionId },
  );
}

describe('voucher-matching outcome through the transactional outbox', () => {
  let db: { connection: Connection; drop(): Promise<void> };
  let bus: KafkaMessageBus;
  const outcomes: EventEnvelope[] = [];

  beforeAll(async () => {
    db = await connectTestDatabase('int_outbox');
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'outbox-int',
      logger,
      contracts: [VerificationOutcomeV3],
    });
    await new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: `spy-${randomUUID()}` }, [on(VerificationOutcomeV3, async (e) => void outcomes.push(e))])
      .start();
  });
  afterAll(async () => {
    await bus?.stop();
    await db?.drop();
  });

  const handlerWith = (decisions: DecisionRepository, relay: OutboxRelay) =>
    new MatchVoucherHandler(
      new MongoVoucherRepository(db.connection),
      new InMemoryContractRepository(),
      new MongoSiteNameRepository(db.connection),
      decisions,
      relay,
      clock,
      new MemberDigester('outbox-test-key-not-for-deployments'),
    );
  const relayOver = (decisions: DecisionRepository, send: OutboxRelayOptions['send']) =>
    new OutboxRelay({ source: 'voucher-matching', stores: [decisions.outbox], send, logger, graceMillis: 0, sweepEveryMillis: 200 });
  const ofSession = (sessionId: string) => outcomes.filter((e) => e.subject === sessionId);
  const rawDecision = (id: string) => db.connection.collection<{ _id: string; outbox?: OutboxEntry[] }>('decisions').findOne({ _id: id });

  it('a crash between store and publish: the stored outcome is published once by the next relay, and a redelivery adds none', async () => {
    const sessionId = randomUUID();
    const event = resolvedEvent(sessionId);
    // Process 1: stores the decision, then "dies" before publishing (every send fails).
    const decisions1 = new MongoDecisionRepository(db.connection);
    let attempted = 0;
    const dead = relayOver(decisions1, async () => {
      attempted++;
      throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'KafkaJSConnectionError' });
    });
    await handlerWith(decisions1, dead).handleResolved(event);
    expect(attempted).toBe(1);
    const stored = await rawDecision(event.id);
    expect(stored?.outbox).toHaveLength(1);
    const eventId = stored!.outbox![0]!.eventId;

    // The request is redelivered (its offset was never committed): no second outcome is staged.
    await handlerWith(decisions1, dead).handleResolved(event);
    expect((await rawDecision(event.id))?.outbox).toHaveLength(1);

    // Process 2 starts: its relay's sweep finds the entry and sends it.
    const decisions2 = new MongoDecisionRepository(db.connection);
    const relay = relayOver(decisions2, (topic, message) => bus.publishRaw(topic, message));
    relay.start();
    try {
      await waitFor(() => ofSession(sessionId).length === 1, 60_000, 'the outcome stored before the crash');
      await waitFor(async () => ((await rawDecision(event.id))?.outbox ?? []).length === 0, 10_000, 'the entry marked sent');
      await relay.sweepOnce();
      await new Promise((r) => setTimeout(r, 1_500)); // a second send would arrive here
    } finally {
      await relay.stop();
    }
    expect(ofSession(sessionId)).toHaveLength(1);
    expect(ofSession(sessionId)[0]!.id).toBe(eventId);
    expect(ofSession(sessionId)[0]).toMatchObject({ type: 'verification.outcome', version: 3 });
    expect(ofSession(sessionId)[0]!.data).toMatchObject({
      sessionId,
      outcome: 'no-qualification',
      verifiedOnline: true,
      reasonJa: expect.any(String),
    });
    expect(relay.stats()).toMatchObject({ sent: 1, sentBySweep: 1 });
  });

  it('a store that fails publishes nothing', async () => {
    const sessionId = randomUUID();
    const real = new MongoDecisionRepository(db.connection);
    const failing: DecisionRepository = {
      outbox: real.outbox,
      record: async (_d: Decision) => {
        throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
      },
      latestOfSession: (sessionId) => real.latestOfSession(sessionId),
      needingSettlement: (query) => real.needingSettlement(query),
    };
    const relay = relayOver(real, (topic, message) => bus.publishRaw(topic, message));
    relay.start();
    try {
      await expect(handlerWith(failing, relay).handleResolved(resolvedEvent(sessionId))).rejects.toThrow('connection closed');
      await relay.sweepOnce();
      // A later outcome through the same relay arrives; none for the failed session came before it.
      const sentinel = randomUUID();
      await handlerWith(real, relay).handleResolved(resolvedEvent(sentinel));
      await waitFor(() => ofSession(sentinel).length === 1, 60_000, 'the sentinel outcome');
      await new Promise((r) => setTimeout(r, 1_500)); // other partitions: anything sent would be here by now
    } finally {
      await relay.stop();
    }
    expect(ofSession(sessionId)).toHaveLength(0);
  });
});
