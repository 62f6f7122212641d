import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  EligibilityRequestedV1,
  EligibilityRequestedV2,
  EligibilityRetryV1,
  EligibilityRetryV2,
  QualificationResolvedV1,
  QualificationResolvedV2,
  type EventEnvelope,
} from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { InMemoryProcessedEventLog, KafkaMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { aPresentedVoucher, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * The national system goes down: requests wait on the retry topic (none answered "unavailable"
 * while the deadline is ahead), and when it comes back every waiting session is answered exactly once.
 * A v2 request is parked on eligibility.retry v2 and answered with qualification.resolved v2 echoing
 * the voucher as presented; a v1 request (still on the topic from before v2) is parked and answered v1.
 */
jest.setTimeout(180_000);

describe('qualification-lookup retry path against the real broker and database', () => {
  const run = randomUUID().slice(0, 8);
  const simulator = new EligibilitySimulator({ seed: 99, size: 50 });
  const logger = createLogger({ service: 'test', level: 'error' });
  let service: InProcessService;
  let bus: KafkaMessageBus;
  const resolved: EventEnvelope[] = [];
  const retries: EventEnvelope[] = [];

  beforeAll(async () => {
    simulator.setFailureRate(1); // down from the start
    service = await startInProcessService({
      service: 'qualification-lookup',
      database: `int_retry_${run}`,
      module: (runtime) =>
        QualificationLookupModule.register(runtime, {
          nationalSystem: simulator,
          resilience: { retries: 1, backoffMillis: 20, failureThreshold: 3, cooldownMillis: 300, timeoutMillis: 2_000 },
          retry: { deadlineMillis: 5 * 60_000, parkSliceMillis: 1_000, maxBackoffMillis: 1_000 },
        }),
    });
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'retry-spy',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
      // Its stop waits for the fetch in hand: 0.5 s rather than the default 5 s the broker may hold it.
      fetch: { maxWaitTimeInMs: 500 },
    });
    await new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: `spy-${run}` }, [
        on(QualificationResolvedV2, async (e) => void resolved.push(e)),
        on(QualificationResolvedV1, async (e) => void resolved.push(e)),
        on(EligibilityRetryV2, async (e) => void retries.push(e)),
        on(EligibilityRetryV1, async (e) => void retries.push(e)),
      ])
      .start();
  });

  afterAll(async () => {
    await bus?.stop();
    await service?.stop();
  });

  it('parks requests while the upstream is down and answers each once when it returns', async () => {
    const people = simulator
      .people()
      .filter((p) => !p.duplicated && !p.qualification.lostOn)
      .slice(0, 5);
    const sessions = people.map(() => randomUUID());
    const vouchers = people.map((_, i) => aPresentedVoucher({ voucherNumber: `2600100000${i}` }));
    const publisher = bus.publisher('card-session');
    // The last session was requested before v2 (a v1 event still on the topic).
    const legacy = sessions.length - 1;
    for (const [i, person] of people.entries()) {
      const request = {
        sessionId: sessions[i]!,
        deviceId: 'bus-01-dev-1',
        institutionNumber: '1321000018',
        siteId: 'bus-01',
        purpose: 'specific-checkup' as const,
        checkupDate: '2026-11-24',
        cardReference: person.cardReference,
      };
      const ctx = { subject: sessions[i]!, correlationId: sessions[i]! };
      if (i === legacy) await publisher.publish(EligibilityRequestedV1, { ...request, voucherNumber: vouchers[i]!.voucherNumber }, ctx);
      else await publisher.publish(EligibilityRequestedV2, { ...request, voucher: vouchers[i]! }, ctx);
    }
    const mine = (list: EventEnvelope[]) => list.filter((e) => (sessions as string[]).includes(e.subject));
    await waitFor(
      () => new Set(mine(retries).map((e) => e.subject)).size === sessions.length,
      60_000,
      'every request parked on the retry topic',
    );
    expect(mine(resolved)).toHaveLength(0);
    expect(mine(retries).find((e) => e.subject === sessions[legacy])?.version).toBe(1);
    expect(
      mine(retries)
        .filter((e) => e.subject !== sessions[legacy])
        .every((e) => e.version === 2),
    ).toBe(true);

    simulator.setFailureRate(0); // the national system is back
    await waitFor(() => new Set(mine(resolved).map((e) => e.subject)).size === sessions.length, 90_000, 'every session answered');
    await new Promise((r) => setTimeout(r, 3_000)); // late duplicates would show up here
    const answers = mine(resolved);
    expect(answers).toHaveLength(sessions.length);
    for (const e of answers) expect((e.data as { result: { status: string } }).result.status).toBe('eligible');
    for (const [i, sessionId] of sessions.entries()) {
      const answer = answers.find((e) => e.subject === sessionId)!;
      if (i === legacy) {
        expect(answer.version).toBe(1);
        expect(answer.data).toMatchObject({ request: { voucherNumber: vouchers[i]!.voucherNumber } });
      } else {
        // The voucher as presented comes back unread, with who answered.
        expect(answer.version).toBe(2);
        expect(answer.data).toMatchObject({ request: { sessionId, voucher: vouchers[i] }, answeredBy: 'simulator' });
      }
    }
  });
});
