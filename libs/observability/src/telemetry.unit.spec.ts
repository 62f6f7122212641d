import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics, trace } from '@opentelemetry/api';
import { incomingRequestUntraced, mongoStatementShape, startTelemetry } from './telemetry';

/**
 * Telemetry leaves a service only for the collector it was given: with no OTEL_EXPORTER_OTLP_ENDPOINT
 * the SDK must not start its default OTLP metric (and log) exporters, which would send to
 * localhost:4318 every minute whether or not a collector is there. (Checked through the global meter
 * provider: the SDK registers one only when it has a metric reader.)
 */
describe('startTelemetry exporters', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    metrics.disable();
    trace.disable();
  });

  it('starts no metric exporter when no collector endpoint is set', async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    const noop = metrics.getMeterProvider();
    const telemetry = startTelemetry('telemetry-test', process.env);
    expect(metrics.getMeterProvider()).toBe(noop);
    await telemetry.shutdown();
  });

  it('starts the OTLP metric exporter when the collector endpoint is set', async () => {
    // Nothing listens there: the reader's final export fails quietly at shutdown.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9';
    const noop = metrics.getMeterProvider();
    const telemetry = startTelemetry('telemetry-test', process.env);
    expect(metrics.getMeterProvider()).not.toBe(noop);
    await telemetry.shutdown();
  });
});

describe('startTelemetry instrumentations', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    trace.disable();
  });
  const MONGODB = '@opentelemetry/instrumentation-mongodb';

  it('leaves the MongoDB commands uninstrumented when no span is exported (its spans would be dropped)', async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_SPANS_FILE;
    const telemetry = startTelemetry('telemetry-test', process.env);
    expect(telemetry.instrumentations).toEqual(expect.arrayContaining(['@opentelemetry/instrumentation-http']));
    expect(telemetry.instrumentations).not.toContain(MONGODB);
    await telemetry.shutdown();
  });

  it('traces the MongoDB commands when spans are exported', async () => {
    process.env.OTEL_SPANS_FILE = join(tmpdir(), `telemetry-test-${process.pid}.jsonl`);
    const telemetry = startTelemetry('telemetry-test', process.env);
    expect(telemetry.instrumentations).toContain(MONGODB);
    await telemetry.shutdown();
  });
});

/**
 * With nothing exported, NodeSDK and its exporters are not loaded (hundreds of modules and megabytes
 * of heap per service), while what it did that counts still happens: the trace context of a request
 * crosses awaits and reaches what is sent onwards.
 */
describe('startTelemetry with nothing exported', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
    jest.resetModules();
  });
  const TRACE = { traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: 1 };

  /** startTelemetry from a fresh module registry where loading NodeSDK throws. */
  function startWithoutSdk(env: NodeJS.ProcessEnv) {
    let start: typeof startTelemetry = () => {
      throw new Error('not loaded');
    };
    let api: typeof import('@opentelemetry/api') | undefined;
    jest.isolateModules(() => {
      jest.doMock('@opentelemetry/sdk-node', () => {
        throw new Error('NodeSDK loaded although nothing is exported');
      });
      start = (jest.requireActual('./telemetry') as typeof import('./telemetry')).startTelemetry;
      api = jest.requireActual('@opentelemetry/api');
    });
    const telemetry = start('telemetry-test', env);
    return { telemetry, api: api! };
  }

  it('does not load the SDK, and carries the trace context across awaits into what it sends', async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_SPANS_FILE;
    const { telemetry, api } = startWithoutSdk(process.env);
    expect(telemetry.instrumentations).toEqual(['@opentelemetry/instrumentation-http', '@opentelemetry/instrumentation-undici']);
    const carrier: Record<string, string> = {};
    await api.context.with(api.trace.setSpanContext(api.context.active(), TRACE), async () => {
      await new Promise((r) => setTimeout(r, 1));
      api.propagation.inject(api.context.active(), carrier);
    });
    expect(carrier.traceparent).toBe(`00-${TRACE.traceId}-${TRACE.spanId}-01`);
    const extracted = api.propagation.extract(api.ROOT_CONTEXT, carrier);
    expect(api.trace.getSpanContext(extracted)).toMatchObject({ traceId: TRACE.traceId, spanId: TRACE.spanId });
    await telemetry.shutdown();
    api.context.disable();
    api.propagation.disable();
  });

  it('starts nothing when OTEL_SDK_DISABLED is set, as the SDK does', async () => {
    delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    delete process.env.OTEL_SPANS_FILE;
    process.env.OTEL_SDK_DISABLED = 'true';
    const { telemetry, api } = startWithoutSdk(process.env);
    expect(telemetry.instrumentations).toEqual([]);
    const carrier: Record<string, string> = {};
    api.context.with(api.trace.setSpanContext(api.context.active(), TRACE), () => api.propagation.inject(api.context.active(), carrier));
    expect(carrier.traceparent).toBeUndefined();
    await telemetry.shutdown();
  });
});

/**
 * Which incoming requests the HTTP instrumentation builds a span for: with nothing exported, only
 * those that carry a trace context (the only ones whose context can reach an event); with an
 * exporter, all but the scraper's and the probes'.
 */
describe('incomingRequestUntraced', () => {
  const traceparent = `00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01`;
  const request = (url: string, headers: Record<string, string> = {}) => ({ url, headers });

  it('with nothing exported, follows a request only when it carries a traceparent', () => {
    expect(incomingRequestUntraced(request('/sessions'), true)).toBe(true);
    expect(incomingRequestUntraced(request('/sessions', { tracestate: 'a=b' }), true)).toBe(true);
    expect(incomingRequestUntraced(request('/sessions', { traceparent }), true)).toBe(false);
    expect(incomingRequestUntraced(request('/metrics', { traceparent }), true)).toBe(true);
  });

  it('with an exporter, follows every request but the scraper and the probes', () => {
    expect(incomingRequestUntraced(request('/sessions'), false)).toBe(false);
    expect(incomingRequestUntraced(request('/sessions/x?y=1', { traceparent }), false)).toBe(false);
    for (const path of ['/health', '/health/live', '/health/ready?x=1', '/metrics'])
      expect(incomingRequestUntraced(request(path), false)).toBe(true);
  });
});

describe('mongoStatementShape (the db.query.text of MongoDB spans)', () => {
  it('keeps operators and field names, and no value, nor a key built from data', () => {
    const command = {
      findAndModify: 'vouchers',
      query: { insurerNumber: '01130012', voucherNumber: '12345678901', 'holder.name': '健診　太郎', seq: 3 },
      update: { $set: { 'uses.01130012-12345678901': { at: new Date('2026-11-25T00:00:00Z') }, birthDate: '1970-04-01' } },
      arrayFilters: [{ 'e.symbol': 'ABC' }, { 'e.number': '42' }],
      lsid: { id: Buffer.from('abc') },
    };
    const shape = JSON.stringify(mongoStatementShape(command));
    expect(JSON.parse(shape)).toEqual({
      findAndModify: '?',
      query: { insurerNumber: '?', voucherNumber: '?', 'holder.name': '?', seq: '?' },
      update: { $set: { '?': { at: '?' }, birthDate: '?' } },
      arrayFilters: [{ 'e.symbol': '?' }],
      lsid: { id: '?' },
    });
    for (const value of ['01130012', '12345678901', '健診', '1970-04-01', 'ABC', 'vouchers']) expect(shape).not.toContain(value);
  });
});
