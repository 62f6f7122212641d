import { appendFileSync } from 'node:fs';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ExportResultCode, W3CTraceContextPropagator, type ExportResult } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Writes finished spans as JSON lines to a file (OTEL_SPANS_FILE). Tests read it to check that a
 * trace crosses every hop and that no personal data reached an attribute.
 */
class JsonFileSpanExporter implements SpanExporter {
  constructor(private readonly path: string) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const lines = spans.map((s) =>
      JSON.stringify({
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        name: s.name,
        kind: s.kind,
        service: s.resource.attributes[ATTR_SERVICE_NAME],
        attributes: s.attributes,
        status: s.status,
      }),
    );
    try {
      if (lines.length) appendFileSync(this.path, lines.join('\n') + '\n');
      done({ code: ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: ExportResultCode.FAILED, error: error as Error });
    }
  }
  async shutdown(): Promise<void> {}
}

export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Starts OpenTelemetry before anything else is loaded (apps import this from instrument.ts first).
 * The W3C propagator is always installed, even with no exporter, because the messaging lib relies
 * on it to carry trace context across Kafka hops. Exporters: OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, a JSON-lines file when OTEL_SPANS_FILE is set. Metrics and
 * log records leave the process only with that endpoint too: left to itself the SDK starts OTLP
 * exporters for both, aimed at localhost:4318, whether or not a collector is there.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  const processors: SpanProcessor[] = [];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) processors.push(new BatchSpanProcessor({ exporter: new OTLPTraceExporter() }));
  if (env.OTEL_SPANS_FILE) processors.push(new SimpleSpanProcessor({ exporter: new JsonFileSpanExporter(env.OTEL_SPANS_FILE) }));
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: processors,
    // With a collector, the SDK's defaults (OTLP, read from the OTEL_* variables); without, none.
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? {} : { metricReaders: [], logRecordProcessors: [] }),
    textMapPropagator: new W3CTraceContextPropagator(),
    // Request headers and bodies are never recorded: only method, route and status.
    instrumentations: [new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => req.url === '/health' })],
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}
