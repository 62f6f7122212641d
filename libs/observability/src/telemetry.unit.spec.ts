import { metrics, trace } from '@opentelemetry/api';
import { startTelemetry } from './telemetry';

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
