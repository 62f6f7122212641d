import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { VerificationOutcomeV3 } from '@hcv/contracts';
import { withInstitutionCheckDigit } from '@hcv/domain';
import { InMemoryProcessedEventLog, InProcessMessageBus, on, stageEvent, type ConsumerGroupLag } from '@hcv/messaging';
import { createLogger, startTelemetry, type Telemetry } from '@hcv/observability';
import { EXAMPLE_INSURER_NUMBER, EXAMPLE_VOUCHER_NUMBER, sequencedContract } from '@hcv/testing';
import { httpMetrics, installMessagingMetrics, outboxMetrics } from './hooks';
import { metricsText, observeNationalSystemCall, registry, watchCircuit, watchConsumerLag } from './metrics';

const logger = createLogger({ service: 'test', level: 'error' });

/** The value of one series in the exposition text (undefined when absent). */
async function sample(name: string, labels: Record<string, string>): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name.replace(/_(bucket|sum|count)$/, ''));
  const found = (metric?.values ?? []).find(
    (v) =>
      ((v as { metricName?: string }).metricName ?? metric!.name) === name &&
      Object.entries(labels).every(([k, value]) => String((v.labels as Record<string, unknown>)[k]) === value),
  );
  return found?.value;
}

describe('platform metrics', () => {
  // As in a service (instrument.ts): the context manager carries a handler's context into what it publishes.
  let telemetry: Telemetry;
  beforeAll(() => {
    telemetry = startTelemetry('metrics-test', {});
    installMessagingMetrics();
  });
  afterAll(() => telemetry.shutdown());

  it('counts a decided verification by outcome, method and source, without its ids', async () => {
    const sessionId = randomUUID();
    const before = (await sample('hcv_verifications_total', { outcome: 'matched', method: 'mynumber-card', source: 'online' })) ?? 0;
    stageEvent(
      VerificationOutcomeV3,
      {
        sessionId,
        institutionNumber: withInstitutionCheckDigit('131123456'),
        siteId: 'site-1',
        voucher: { insurerNumber: EXAMPLE_INSURER_NUMBER, voucherNumber: EXAMPLE_VOUCHER_NUMBER },
        outcome: 'matched',
        reason: 'Matched.',
        reasonJa: '照合できました。',
        source: 'online',
        method: 'mynumber-card',
        verifiedOnline: true,
        comparedSources: ['presented-voucher', 'online-eligibility', 'contract'],
        decidedAt: '2026-11-25T09:04:00.000Z',
      },
      'voucher-matching',
      { subject: sessionId, correlationId: 'c-1' },
    );
    expect(await sample('hcv_verifications_total', { outcome: 'matched', method: 'mynumber-card', source: 'online' })).toBe(before + 1);
    expect(await sample('hcv_events_published_total', { topic: VerificationOutcomeV3.topic })).toBeGreaterThanOrEqual(1);
    const { text } = await metricsText();
    for (const personal of [sessionId, EXAMPLE_VOUCHER_NUMBER, EXAMPLE_INSURER_NUMBER]) expect(text).not.toContain(personal);
  });

  it('times each hop and the chain end to end, and counts retries and dead letters per topic and group', async () => {
    const first = sequencedContract('metrics-first');
    const second = sequencedContract('metrics-second');
    const broken = sequencedContract('metrics-broken');
    const bus = new InProcessMessageBus(logger, 1, { maxAttempts: 1, backoffMillis: 1, retryDelaysMillis: [1] });
    const publisher = bus.publisher('audit');
    bus.subscribe({
      groupId: 'audit.metrics-spec',
      processedLog: new InMemoryProcessedEventLog(),
      handlers: [
        // The first hop publishes the next event of the chain from its handler, 30 ms later.
        on(first, async (e) => {
          await new Promise((r) => setTimeout(r, 30));
          await publisher.publish(second, { key: 'k', seq: 2 }, { subject: 'k', correlationId: e.correlationId });
        }),
        on(second, async () => undefined),
        on(broken, async () => {
          throw new Error('always fails');
        }),
      ],
    });
    await bus.start();
    await publisher.publish(first, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'chain' });
    await publisher.publish(broken, { key: 'k', seq: 1 }, { subject: 'k', correlationId: 'broken' });
    await bus.idle();
    for (let i = 0; i < 100 && !(await sample('hcv_message_dead_letters_total', { topic: broken.topic })); i++) {
      await new Promise((r) => setTimeout(r, 20));
      await bus.idle();
    }
    await bus.stop();

    const group = 'audit.metrics-spec';
    expect(await sample('hcv_messages_delivered_total', { topic: first.topic, group, result: 'handled' })).toBe(1);
    expect(await sample('hcv_message_hop_latency_seconds_count', { topic: second.topic, group })).toBe(1);
    // The second event's chain began with the first: its end-to-end time holds the first hop's 30 ms.
    const hop = (await sample('hcv_message_hop_latency_seconds_sum', { topic: second.topic, group }))!;
    const endToEnd = (await sample('hcv_message_end_to_end_latency_seconds_sum', { topic: second.topic, group }))!;
    expect(endToEnd).toBeGreaterThanOrEqual(0.03);
    expect(endToEnd).toBeGreaterThan(hop);
    expect(await sample('hcv_message_retries_total', { topic: broken.topic, group })).toBe(1);
    expect(await sample('hcv_message_dead_letters_total', { topic: broken.topic, group })).toBe(1);
  });

  it('keeps 1 ms to 10 s buckets so a 40 ms hop is told from a 90 ms one', async () => {
    const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === 'hcv_message_hop_latency_seconds')!;
    const les = [...new Set(metric.values.map((v) => (v.labels as { le?: number | string }).le).filter((le) => le !== undefined))];
    expect(les).toEqual(expect.arrayContaining([0.001, 0.05, 0.1, 10, '+Inf']));
  });

  it("reports each service's own consumer groups' lag per topic, read at scrape", async () => {
    const lag: ConsumerGroupLag[] = [
      { groupId: 'voucher-matching.match', lag: 7, state: 'Stable', topics: [{ topic: 'qualification.resolved.v3', lag: 7 }] },
      { groupId: 'audit.record', lag: 3, state: 'Stable', topics: [{ topic: 'session.opened.v2', lag: 3 }] },
    ];
    watchConsumerLag('voucher-matching', { consumerLag: async () => lag });
    const { text } = await metricsText();
    expect(text).toContain('hcv_consumer_lag_messages{group="voucher-matching.match",topic="qualification.resolved.v3"} 7');
    // audit's group is audit's to report.
    expect(text).not.toMatch(/hcv_consumer_lag_messages\{group="audit\.record"/);
  });

  it('reports the outbox backlog per store, the national-system calls and the circuit state', async () => {
    const outbox = outboxMetrics('card-session');
    outbox.swept('sessions', 4);
    outbox.sent(2);
    outbox.failed();
    let state: 'closed' | 'open' | 'half-open' = 'closed';
    watchCircuit('generic-http', () => state);
    observeNationalSystemCall('generic-http', 'ok', 0.04);
    observeNationalSystemCall('generic-http', 'timeout', 5);
    state = 'open';
    const { text } = await metricsText();
    expect(text).toContain('hcv_outbox_backlog_documents{service="card-session",store="sessions"} 4');
    expect(text).toContain('hcv_outbox_sent_total{service="card-session"} 2');
    expect(text).toContain('hcv_outbox_send_failures_total{service="card-session"} 1');
    expect(text).toContain('hcv_national_system_circuit_state{upstream="generic-http"} 2');
    expect(text).toContain('hcv_national_system_errors_total{upstream="generic-http",kind="timeout"} 1');
    expect(text).toContain('hcv_national_system_request_duration_seconds_count{upstream="generic-http",result="ok"} 1');
  });

  it('labels HTTP requests by route template, never by the raw path', async () => {
    const app = express();
    app.use(httpMetrics);
    app.get('/sessions/:sessionId', (_req, res) => void res.status(404).json({}));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const id = randomUUID();
    await (await fetch(`${base}/sessions/${id}`)).text();
    await (await fetch(`${base}/no/such/${id}`)).text();
    const { text } = await metricsText();
    expect(text).toContain('hcv_http_requests_total{method="GET",route="/sessions/:sessionId",status="404"} 1');
    expect(text).toContain('hcv_http_requests_total{method="GET",route="unmatched",status="404"} 1');
    expect(text).toMatch(/hcv_http_request_duration_seconds_count\{method="GET",route="\/sessions\/:sessionId",status_class="4xx"\} 1/);
    expect(text).not.toContain(id);
    // Counted as pending series: what is answered after a scrape is in the next one, added to it.
    await (await fetch(`${base}/sessions/${randomUUID()}`)).text();
    await new Promise((r) => server.close(r));
    const later = (await metricsText()).text;
    expect(later).toContain('hcv_http_requests_total{method="GET",route="/sessions/:sessionId",status="404"} 2');
    expect(later).toMatch(/hcv_http_request_duration_seconds_count\{method="GET",route="\/sessions\/:sessionId",status_class="4xx"\} 2/);
    expect(later).toMatch(
      /hcv_http_request_duration_seconds_bucket\{le="10",method="GET",route="\/sessions\/:sessionId",status_class="4xx"\} 2/,
    );
  });
});
