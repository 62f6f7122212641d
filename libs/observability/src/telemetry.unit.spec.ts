import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { metrics, trace } from '@opentelemetry/api';
import { mongoStatementShape, startTelemetry } from './telemetry';

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
