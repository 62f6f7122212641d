import { randomUUID } from 'node:crypto';
import {
  ALL_EVENT_CONTRACTS,
  EligibilityRequestedV1,
  EligibilityRetryV1,
  QualificationResolvedV1,
  type EventEnvelope,
} from '@hcv/contracts';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { InMemoryProcessedEventLog, KafkaMessageBus, MessageBusTransport, on } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * The national system goes down: requests wait on the retry topic (none answered "unavailable"
 * while the deadline is ahead), and when it comes back every waiting session is answered exactly once.
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
    });
    await new MessageBusTransport(bus, { processedLog: new InMemoryProcessedEventLog() })
      .consume({ group: `spy-${run}` }, [
        on(QualificationResolvedV1, async (e) => void resolved.push(e)),
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
    const publisher = bus.publisher('card-session');
    for (const [i, person] of people.entries()) {
      await publisher.publish(
        EligibilityRequestedV1,
        {
          sessionId: sessions[i]!,
          deviceId: 'bus-01-dev-1',
          institutionNumber: '1321000018',
          siteId: 'bus-01',
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          cardReference: person.cardReference,
          voucherNumber: `2600100000${i}`,
        },
        { subject: sessions[i]!, correlationId: sessions[i]! },
      );
    }
    const mine = (list: EventEnvelope[]) => list.filter((e) => (sessions as string[]).includes(e.subject));
    await waitFor(
      () => new Set(mine(retries).map((e) => e.subject)).size === sessions.length,
      60_000,
      'every request parked on the retry topic',
    );
    expect(mine(resolved)).toHaveLength(0);

    simulator.setFailureRate(0); // the national system is back
    await waitFor(() => new Set(mine(resolved).map((e) => e.subject)).size === sessions.length, 90_000, 'every session answered');
    await new Promise((r) => setTimeout(r, 3_000)); // late duplicates would show up here
    const answers = mine(resolved);
    expect(answers).toHaveLength(sessions.length);
    for (const e of answers) expect((e.data as { result: { status: string } }).result.status).toBe('eligible');
  });
});
