import { appendFileSync } from 'node:fs';
import { context, propagation as propagator, trace } from '@opentelemetry/api';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

// The SDK, its exporters and instrumentations are required when telemetry starts, not when this
// library is imported: every service module and most test files import @hcv/observability for its
// logger alone, and loading the SDK costs about a second of CPU each time (a jest test file loads its
// modules afresh). Every app still calls startTelemetry first (instrument.ts), before what it patches.
// With nothing to export, only `propagation` is required: the context manager, the propagator and the
// instrumentations. NodeSDK requires every exporter it could configure from the environment (gRPC,
// protobuf, Zipkin, Prometheus, the metrics and logs SDKs, the YAML configuration reader): about 400
// modules and 6 MB of heap in every service for spans and metrics that would go nowhere.
/* eslint-disable @typescript-eslint/no-require-imports */
const otel = () => ({
  sdkNode: require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node'),
  otlp: require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http'),
  mongodb: require('@opentelemetry/instrumentation-mongodb') as typeof import('@opentelemetry/instrumentation-mongodb'),
  resources: require('@opentelemetry/resources') as typeof import('@opentelemetry/resources'),
  trace: require('@opentelemetry/sdk-trace') as typeof import('@opentelemetry/sdk-trace'),
  semconv: require('@opentelemetry/semantic-conventions') as typeof import('@opentelemetry/semantic-conventions'),
  ...propagation(),
});
const propagation = () => ({
  api: require('@opentelemetry/api') as typeof import('@opentelemetry/api'),
  core: require('@opentelemetry/core') as typeof import('@opentelemetry/core'),
  contextAsyncHooks: require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks'),
  instrumentation: require('@opentelemetry/instrumentation') as typeof import('@opentelemetry/instrumentation'),
  http: require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http'),
  undici: require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici'),
});
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Writes finished spans as JSON lines to a file (OTEL_SPANS_FILE). Tests read it to check that a
 * trace crosses every hop and that no personal data reached an attribute.
 */
class JsonFileSpanExporter implements SpanExporter {
  constructor(
    private readonly path: string,
    private readonly lib: ReturnType<typeof otel>,
  ) {}
  export(spans: ReadableSpan[], done: (result: ExportResult) => void): void {
    const lines = spans.map((s) =>
      JSON.stringify({
        traceId: s.spanContext().traceId,
        spanId: s.spanContext().spanId,
        parentSpanId: s.parentSpanContext?.spanId,
        name: s.name,
        kind: s.kind,
        service: s.resource.attributes[this.lib.semconv.ATTR_SERVICE_NAME],
        attributes: s.attributes,
        status: s.status,
      }),
    );
    try {
      if (lines.length) appendFileSync(this.path, lines.join('\n') + '\n');
      done({ code: this.lib.core.ExportResultCode.SUCCESS });
    } catch (error) {
      done({ code: this.lib.core.ExportResultCode.FAILED, error: error as Error });
    }
  }
  async shutdown(): Promise<void> {}
}

const UNTRACED_PATHS = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

/** Drops the query string from an HTTP client span's URL attributes (it may carry anything). */
function scrubQuery(span: { setAttribute(key: string, value: string): unknown }): void {
  // The SDK's span keeps its attributes readable; the API type does not say so.
  const attributes = (span as { attributes?: Record<string, unknown> }).attributes ?? {};
  const full = attributes['url.full'];
  if (typeof full === 'string' && full.includes('?')) span.setAttribute('url.full', full.slice(0, full.indexOf('?')));
  if (typeof attributes['url.query'] === 'string' && attributes['url.query'] !== '') span.setAttribute('url.query', '?');
}

/** A key worth keeping in a statement's shape: a field path of plain names (a key built from data is not). */
const PLAIN_KEY = /^\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_$][A-Za-z0-9_]*)*$/;

/**
 * The shape of a MongoDB command for a span's `db.query.text`: operators and field names stay,
 * every value becomes `?`, an array one `?` element per kind, a key that is not a plain field path
 * (`vouchers.01130012…`, anything built from data) `?`. Personal data never reaches the span.
 */
export function mongoStatementShape(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object') return '?';
  if (depth >= 6) return '…';
  if (Array.isArray(value)) return value.length ? [mongoStatementShape(value[0], depth + 1)] : [];
  const ctor = (value as object).constructor?.name;
  if (ctor && ctor !== 'Object') return '?'; // ObjectId, Date, Binary, Decimal128…
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) out[PLAIN_KEY.test(key) ? key : '?'] = mongoStatementShape(inner, depth + 1);
  return out;
}

export interface Telemetry {
  shutdown(): Promise<void>;
  /** The instrumentations installed (their names). */
  readonly instrumentations: readonly string[];
}

/**
 * Starts OpenTelemetry before anything else is loaded (apps import this from instrument.ts first).
 * The W3C propagator is always installed, even with no exporter, because the messaging lib relies
 * on it to carry trace context across Kafka hops. Exporters: OTLP/HTTP when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, a JSON-lines file when OTEL_SPANS_FILE is set. Metrics and
 * log records leave the process only with that endpoint too: left to itself the SDK starts OTLP
 * exporters for both, aimed at localhost:4318, whether or not a collector is there.
 *
 * With neither set nothing leaves the process, and the SDK is not loaded: NodeSDK would register no
 * tracer provider (no span processor), no meter provider (no reader) and a logger provider with no
 * processor, so what it does that counts — the async-hooks context manager, the propagator, the
 * HTTP and fetch instrumentations (their spans unrecorded but carrying the incoming trace context
 * on; an incoming request without one is left alone, see incomingRequestUntraced), OTEL_SDK_DISABLED
 * and OTEL_LOG_LEVEL — is done here without it.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): Telemetry {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_SPANS_FILE) return startPropagationOnly();
  const lib = otel();
  const { BatchSpanProcessor, SimpleSpanProcessor } = lib.trace;
  const processors: SpanProcessor[] = [];
  if (env.OTEL_EXPORTER_OTLP_ENDPOINT) processors.push(new BatchSpanProcessor({ exporter: new lib.otlp.OTLPTraceExporter() }));
  if (env.OTEL_SPANS_FILE) processors.push(new SimpleSpanProcessor({ exporter: new JsonFileSpanExporter(env.OTEL_SPANS_FILE, lib) }));
  const instrumentations = [
    ...contextCarryingInstrumentations(lib, false),
    // Every MongoDB command inside a request or a message's handling (mongoose runs on the driver).
    // The statement keeps its shape, never a value: see mongoStatementShape. Only when spans are
    // exported: a database span is a leaf (it carries no context anywhere), and the instrumentation
    // shapes every command's statement and follows the pool's events whether or not its span is
    // recorded — a few per cent of a service's CPU for nothing.
    new lib.mongodb.MongoDBInstrumentation({ dbStatementSerializer: (command) => JSON.stringify(mongoStatementShape(command)) }),
  ];
  const sdk = new lib.sdkNode.NodeSDK({
    resource: lib.resources.resourceFromAttributes({ [lib.semconv.ATTR_SERVICE_NAME]: env.OTEL_SERVICE_NAME ?? serviceName }),
    spanProcessors: processors,
    // With a collector, the SDK's defaults (OTLP, read from the OTEL_* variables); without, none.
    ...(env.OTEL_EXPORTER_OTLP_ENDPOINT ? {} : { metricReaders: [], logRecordProcessors: [] }),
    textMapPropagator: new lib.core.W3CTraceContextPropagator(),
    instrumentations,
  });
  sdk.start();
  return { shutdown: () => sdk.shutdown(), instrumentations: instrumentations.map((i) => i.instrumentationName) };
}

/**
 * Whether the HTTP instrumentation leaves an incoming request alone: the scraper's and the probes'
 * (one every few seconds, nothing to follow), and — when no span is exported (`propagationOnly`) —
 * every request that carries no `traceparent`: its span would be unrecorded and invalid, so nothing
 * of it could reach what the request sends onwards, yet building it (attributes from the URL and
 * headers, listeners on the response, the closing duration) cost about 2.5 % of card-session's CPU
 * under load. A request that carries a trace context is followed either way.
 */
export function incomingRequestUntraced(
  req: { url?: string; headers: Record<string, string | string[] | undefined> },
  propagationOnly: boolean,
): boolean {
  return UNTRACED_PATHS.has((req.url ?? '').split('?')[0]!) || (propagationOnly && req.headers.traceparent === undefined);
}

/**
 * Whether the HTTP instrumentation follows incoming requests at all. Only when spans are exported:
 * with nothing exported, a request the instrumentation leaves alone still has its request and
 * response bound to a context (every listener added to either wrapped, every event run inside
 * AsyncLocalStorage.run) — about 4 % of card-session's CPU under load (context-async-hooks' listener
 * patch on the body stream the biggest part) for a context that carries nothing. The incoming trace
 * context is then taken up by the app itself (withIncomingTrace; createHttpApp does it for every
 * request that carries a `traceparent`).
 */
function followsIncomingRequests(propagationOnly: boolean): boolean {
  return !propagationOnly;
}

/**
 * Runs `next` in the trace context of an incoming request's headers (`traceparent`), unless a span
 * is already active (the HTTP instrumentation's own, when spans are exported). With nothing
 * exported the handler's context is then exactly what the instrumentation gave it: the incoming
 * span context (an unrecorded server span keeps its parent's), so what the request sends onwards
 * carries the caller's trace. Without a `traceparent`, `next` runs as it is.
 */
export function withIncomingTrace<T>(headers: Record<string, string | string[] | undefined>, next: () => T): T {
  if (headers.traceparent === undefined) return next();
  const active = context.active();
  if (trace.getSpan(active)) return next();
  return context.with(propagator.extract(active, headers), next);
}

/** HTTP in and out: a request's incoming trace context reaches its events even when no span is exported. */
function contextCarryingInstrumentations(lib: ReturnType<typeof propagation>, propagationOnly: boolean) {
  return [
    // Request headers and bodies are never recorded: only method, route and status.
    new lib.http.HttpInstrumentation({
      ignoreIncomingRequestHook: (req) => incomingRequestUntraced(req, propagationOnly),
      disableIncomingRequestInstrumentation: !followsIncomingRequests(propagationOnly),
    }),
    // fetch (undici): the national-system call, the staff-token issuer's keys. The query string is
    // dropped from the span: only the method, the URL without it, and the status are kept.
    new lib.undici.UndiciInstrumentation({ requestHook: (span) => scrubQuery(span) }),
  ];
}

/**
 * What NodeSDK does when it has no span processor, metric reader or log processor. Like the SDK, it
 * reads OTEL_SDK_DISABLED and OTEL_LOG_LEVEL from the process's environment.
 */
function startPropagationOnly(): Telemetry {
  const lib = propagation();
  if (lib.core.getBooleanFromEnv('OTEL_SDK_DISABLED')) return { shutdown: async () => undefined, instrumentations: [] };
  const logLevel = lib.core.getStringFromEnv('OTEL_LOG_LEVEL');
  if (logLevel != null) lib.api.diag.setLogger(new lib.api.DiagConsoleLogger(), { logLevel: lib.core.diagLogLevelFromString(logLevel) });
  // Taken before any instrumentation exists: constructing one installs the require hook.
  const unhook = requireHookRemover();
  const instrumentations = contextCarryingInstrumentations(lib, true);
  lib.instrumentation.registerInstrumentations({ instrumentations });
  patchHttpNow(unhook, followsIncomingRequests(true));
  const contextManager = new lib.contextAsyncHooks.AsyncLocalStorageContextManager();
  contextManager.enable();
  lib.api.context.setGlobalContextManager(contextManager);
  lib.api.propagation.setGlobalPropagator(new lib.core.W3CTraceContextPropagator());
  return { shutdown: async () => undefined, instrumentations: instrumentations.map((i) => i.instrumentationName) };
}

/** What the module loader looks like to a require hook. */
interface HookableLoader {
  prototype: { require: unknown };
}

/**
 * Remembers the module loader's `require` (and `process.getBuiltinModule`) as they are before the
 * instrumentations register, and gives back a function that puts them back, only where the
 * instrumentations' hook is the one installed since (never someone else's).
 */
function requireHookRemover(): () => void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the loader object itself, as the hook sees it
  const loader = require('node:module') as HookableLoader;
  const before = { require: loader.prototype.require, getBuiltinModule: process.getBuiltinModule };
  return () => {
    if (loader.prototype.require !== before.require) loader.prototype.require = before.require;
    if (before.getBuiltinModule && process.getBuiltinModule !== before.getBuiltinModule) process.getBuiltinModule = before.getBuiltinModule;
  };
}

/**
 * With nothing exported, the only modules an instrumentation patches through the require hook
 * (require-in-the-middle) are node's http and https (fetch is followed through undici's diagnostics
 * channels). Both are required here, so patched now, and the hook is then removed: it resolved the
 * path of every later require() of the process (kafkajs requires its request encoder on every
 * produce and fetch; about 2 to 4 % of a service's CPU in a profile at 30 verifications/s) to patch
 * nothing more. Core modules are single objects: the patched http and https stay patched. Should
 * they not be patched (instrumentation disabled), the hook stays as it was.
 */
function patchHttpNow(removeHook: () => void, incoming: boolean): void {
  const wrapped = (fn: unknown) => (fn as { __wrapped?: boolean } | undefined)?.__wrapped === true;
  // Required now, through the hook (an import would have been required before the hook existed).
  /* eslint-disable @typescript-eslint/no-require-imports */
  const http = require('http') as typeof import('http');
  const https = require('https') as typeof import('https');
  /* eslint-enable @typescript-eslint/no-require-imports */
  if (wrapped(http.request) && wrapped(https.request) && (!incoming || wrapped(http.Server.prototype.emit))) removeHook();
}
