import { context, propagation, ROOT_CONTEXT, type Context } from '@opentelemetry/api';

const setter = {
  set(carrier: Record<string, string>, key: string, value: string) {
    carrier[key] = value;
  },
};
const getter = {
  get(carrier: Record<string, string>, key: string) {
    return carrier[key];
  },
  keys(carrier: Record<string, string>) {
    return Object.keys(carrier);
  },
};

/** Writes traceparent/tracestate for `ctx` into message headers. */
export function injectTraceHeaders(headers: Record<string, string>, ctx: Context = context.active()): void {
  propagation.inject(ctx, headers, setter);
}

/** The context a message header set carries (the root context if none). */
export function extractTraceContext(headers: Record<string, string>, base: Context = ROOT_CONTEXT): Context {
  return propagation.extract(base, headers, getter);
}

/** The context described by a stored traceparent string. */
export function contextFromTraceparent(traceparent: string): Context {
  return extractTraceContext({ traceparent });
}

/** The current traceparent (to store with an aggregate so later steps continue the same trace). */
export function currentTraceparent(ctx: Context = context.active()): string | undefined {
  const carrier: Record<string, string> = {};
  injectTraceHeaders(carrier, ctx);
  return carrier.traceparent;
}
