import { randomUUID } from 'node:crypto';
import { ALL_EVENT_CONTRACTS, EligibilityRequestedV1 } from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { KafkaMessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import { asStaff, publishRetrying, startInProcessService, waitFor, type InProcessService } from '@hcv/testing';

/**
 * "Upstream circuit open" end to end over the real broker and database: the national system goes
 * down, qualification-lookup's breaker opens and says so (lookup.circuit-changed.v1); audit's
 * operations monitor raises the alert as an event and shows it; the system comes back, the breaker
 * closes and the alert is cleared.
 */
jest.setTimeout(180_000);

interface Overview {
  alerts: { alertId: string }[];
  circuits: { upstream: string; instance: string; state: string; at: string }[];
}

describe('upstream circuit alert (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const simulator = new EligibilitySimulator({ seed: 7, size: 50 });
  const logger = createLogger({ service: 'test', level: 'error' });
  let lookup: InProcessService;
  let audit: InProcessService;
  let bus: KafkaMessageBus;
  const startedAt = new Date().toISOString();

  beforeAll(async () => {
    simulator.setFailureRate(1);
    lookup = await startInProcessService({
      service: 'qualification-lookup',
      database: `int_circuit_lookup_${run}`,
      module: (runtime) =>
        QualificationLookupModule.register(runtime, {
          nationalSystem: simulator,
          resilience: { retries: 0, backoffMillis: 10, failureThreshold: 2, cooldownMillis: 500, timeoutMillis: 2_000 },
          retry: { deadlineMillis: 5 * 60_000, parkSliceMillis: 500, maxBackoffMillis: 1_000 },
        }),
    });
    audit = await startInProcessService({
      service: 'audit',
      database: `int_circuit_audit_${run}`,
      module: (runtime) =>
        AuditModule.register(runtime, {
          piiKey: `k-${run}`,
          alongside: [OperationsDeskModule.alongsideAudit(runtime, { intervalMillis: 300 })],
        }),
    });
    bus = new KafkaMessageBus({
      brokers: process.env.KAFKA_BROKERS!.split(','),
      clientId: 'circuit-test',
      logger,
      contracts: ALL_EVENT_CONTRACTS,
    });
    await bus.start();
  });

  afterAll(async () => {
    await bus?.stop();
    await audit?.stop();
    await lookup?.stop();
  });

  const overview = async () =>
    (await (await fetch(`${audit.url}/operations/overview`, { headers: asStaff('operator') })).json()) as Overview;
  const recentCircuits = (o: Overview) => o.circuits.filter((c) => c.upstream === 'national-system' && c.at >= startedAt);
  const request = async (i: number) => {
    const person = simulator.people()[i]!;
    const sessionId = randomUUID();
    await publishRetrying(() =>
      bus.publisher('card-session').publish(
        EligibilityRequestedV1,
        {
          sessionId,
          deviceId: 'fac-01-dev-1',
          institutionNumber: '1321000018',
          siteId: `circuit-${run}`,
          purpose: 'specific-checkup',
          checkupDate: '2026-11-24',
          cardReference: person.cardReference,
          voucherNumber: `2600100000${i % 10}`,
        },
        { subject: sessionId, correlationId: sessionId },
      ),
    );
  };

  it('raises the alert when the breaker opens and clears it when it closes', async () => {
    for (let i = 0; i < 4; i++) await request(i);
    await waitFor(
      async () => {
        const o = await overview();
        return o.alerts.some((a) => a.alertId === 'circuit-open:national-system') && recentCircuits(o).some((c) => c.state !== 'closed');
      },
      90_000,
      'the circuit alert to be raised',
    );
    const trail = (await (
      await fetch(`${audit.url}/audit/events?type=lookup.circuit-changed&from=${startedAt}&limit=500`, { headers: asStaff('auditor') })
    ).json()) as { events: { source: string }[] };
    expect(trail.events.length).toBeGreaterThanOrEqual(1);
    expect(new Set(trail.events.map((e) => e.source))).toEqual(new Set(['qualification-lookup']));

    simulator.setFailureRate(0); // back: the parked requests are retried, the trial call closes the breaker
    for (let i = 4; i < 6; i++) await request(i);
    await waitFor(
      async () => {
        const o = await overview();
        return !o.alerts.some((a) => a.alertId === 'circuit-open:national-system') && recentCircuits(o).every((c) => c.state === 'closed');
      },
      90_000,
      'the breaker to close and the alert to clear',
    );
  });
});
