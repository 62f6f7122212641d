import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');
const TELEMETRY = join(ROOT, 'dist/libs/observability/src/telemetry.js');

/**
 * In a real node process (jest's module registry never goes through the loader's require): with
 * nothing exported, telemetry leaves http and https patched for outgoing requests, incoming ones to
 * the app (withIncomingTrace, as createHttpApp does), and the loader's require as it found it; a
 * request's incoming trace context still reaches what the handler sends onwards.
 */
const SCRIPT = `
const Module = require('node:module');
const original = Module.prototype.require;
const { startTelemetry, withIncomingTrace } = require(${JSON.stringify(TELEMETRY)});
const telemetry = startTelemetry('require-hook-test', {});
const http = require('http');
const https = require('https');
const api = require('@opentelemetry/api');
const server = http.createServer((req, res) => {
  const sends = () => {
    const carrier = {};
    api.propagation.inject(api.context.active(), carrier);
    return carrier.traceparent ?? 'none';
  };
  const without = sends();
  res.end(JSON.stringify({ with: withIncomingTrace(req.headers, sends), without }));
});
server.listen(0, '127.0.0.1', async () => {
  const answer = await fetch('http://127.0.0.1:' + server.address().port + '/', {
    headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
  });
  const sent = await answer.text();
  server.close();
  process.stdout.write(JSON.stringify({
    instrumentations: telemetry.instrumentations,
    requireRestored: Module.prototype.require === original,
    httpPatched: http.request.__wrapped === true,
    incomingPatched: http.Server.prototype.emit.__wrapped === true,
    httpsPatched: https.request.__wrapped === true,
    sent,
  }));
});
`;

describe('startTelemetry with nothing exported, in a node process', () => {
  it('patches outgoing http and https, then removes the require hook; the trace context still crosses a request', () => {
    if (!existsSync(TELEMETRY)) throw new Error(`missing ${TELEMETRY}: run \`npm run build\` first (npm test does)`);
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '' };
    const out = execFileSync(process.execPath, ['-e', SCRIPT], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
    const seen = JSON.parse(out) as Record<string, unknown>;
    expect(seen).toMatchObject({ requireRestored: true, httpPatched: true, httpsPatched: true, incomingPatched: false });
    const sent = JSON.parse(seen.sent as string) as { with: string; without: string };
    // Inside withIncomingTrace the handler's context is the incoming request's trace: what it sends
    // onwards has the caller's trace and span as parent (as the instrumentation's unrecorded server span did).
    expect(sent.with).toBe('00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01');
    // Nothing of the request's headers reaches a context by itself any more (the instrumentation's
    // binding of every incoming request and response is what this saves).
    expect(sent.without).toBe('none');
  });
});
