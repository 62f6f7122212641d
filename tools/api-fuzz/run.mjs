#!/usr/bin/env node
// The API fuzzer, run from outside as a client would: starts embedded mode (all five services with
// their HTTP APIs, memory stores), registers and activates a device of its own (a device needs a
// key to sign with), then runs schemathesis against each service's /openapi.json with hooks.py
// signing device requests and adding staff tokens. Exit 1 when any service fails a check.
//
//   npm run fuzz:api [-- --max-examples 25 --seed 1 --service audit]
// Needs `st` (pip install schemathesis==<version in .ci/run>) on the PATH, or SCHEMATHESIS_CLI=<path to st>.
import { spawn } from 'node:child_process';
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '../..');
const { values } = parseArgs({
  options: {
    'max-examples': { type: 'string', default: '25' },
    seed: { type: 'string', default: '20240131' },
    service: { type: 'string', multiple: true },
  },
});
// The checks a client relies on: no 5xx, only declared statuses, content types and bodies; invalid
// input refused; an undeclared method answered 405 with an Allow header.
const CHECKS = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  'response_headers_conformance',
  'negative_data_rejection',
  'unsupported_method',
  'allow_header_conformance',
  'missing_required_header',
];

const platform = spawn(process.execPath, [join(root, 'dist/apps/embedded/src/main.js'), '--keep-running', '--verifications', '2'], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  // the desk's event stream ends after 2 s here, so the fuzzer can read each answer to its end
  env: { ...process.env, LOG_LEVEL: 'error', OPS_STREAM_MAX_MS: '2000' },
});
const stop = () => platform.exitCode === null && platform.kill('SIGINT');
process.on('exit', stop);

/** The URLs and staff tokens embedded mode prints once it keeps running. */
const started = await new Promise((resolve, reject) => {
  let out = '';
  platform.on('exit', (code) => reject(new Error(`embedded mode ended (${code}) before it was ready:\n${out}`)));
  platform.stdout.on('data', (chunk) => {
    out += chunk;
    if (!/Operations desk: /.test(out)) return;
    const urls = Object.fromEntries([...out.matchAll(/^ {2}(\w+)\s+(http:\/\/\S+)$/gm)].map((m) => [m[1], m[2]]));
    const tokens = Object.fromEntries(
      [...out.matchAll(/^ {2}(operator|auditor|analyst|site-manager)\s+(\S+)$/gm)].map((m) => [m[1], m[2]]),
    );
    const site = /Federation: (\S+) /.exec(out)[1];
    resolve({ urls, tokens, site });
  });
});
const { urls, tokens, site } = started;

async function call(url, { method = 'GET', body, headers = {} } = {}) {
  const response = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: await response.json() };
}
const operator = { authorization: `Bearer ${tokens.operator}` };

// A device of the fuzzer's own, at a seeded site, registered and activated through the API.
const deviceId = `fuzz-${randomBytes(4).toString('hex')}`;
const [seeded] = (await call(`${urls.deviceRegistry}/devices?siteId=${site}`, { headers: operator })).body;
const registered = await call(`${urls.deviceRegistry}/devices`, {
  method: 'POST',
  headers: operator,
  body: { deviceId, institutionNumber: seeded.institutionNumber, siteId: site, kind: 'tablet', requestedBy: 'api-fuzz' },
});
if (registered.status !== 201) throw new Error(`device registration: ${registered.status} ${JSON.stringify(registered.body)}`);
const activated = await call(`${urls.deviceRegistry}/devices/${deviceId}/activate`, {
  method: 'POST',
  headers: operator,
  body: { activatedBy: 'api-fuzz' },
});
const secret = activated.body.issuedCredential?.secret;
if (!secret) throw new Error(`device activation: ${activated.status} ${JSON.stringify(activated.body)}`);

// card-session learns the key from the registry's event; wait until it knows the device.
const key = createHash('sha256').update(secret).digest();
for (let attempt = 0; ; attempt++) {
  const path = `/sessions/${randomUUID()}`;
  const timestamp = String(Date.now());
  const nonce = randomBytes(12).toString('base64url');
  const signature = createHmac('sha256', key)
    .update(['GET', path, createHash('sha256').update('').digest('hex'), timestamp, nonce].join('\n'))
    .digest('base64url');
  const probe = await call(`${urls.cardSession}${path}`, {
    headers: { 'x-device-id': deviceId, 'x-timestamp': timestamp, 'x-nonce': nonce, 'x-signature': signature },
  });
  if (probe.body.error?.code === 'session-not-found') break;
  if (attempt > 50) throw new Error(`card-session does not accept the fuzz device: ${JSON.stringify(probe.body)}`);
  await new Promise((r) => setTimeout(r, 100));
}

const services = Object.entries(urls).filter(
  ([name]) => !values.service || values.service.some((s) => name.toLowerCase() === s.replace(/-/g, '').toLowerCase()),
);
const st = process.env.SCHEMATHESIS_CLI ?? 'st';
let failed = 0;
for (const [name, url] of services) {
  console.log(`\n=== ${name} (${url}/openapi.json)`);
  const code = await new Promise((resolve) => {
    const run = spawn(
      st,
      [
        'run',
        `${url}/openapi.json`,
        '--checks',
        CHECKS.join(','),
        '--max-examples',
        values['max-examples'],
        '--seed',
        values.seed,
        '--workers',
        '2',
        '--no-color',
        '--generation-database',
        'none',
      ],
      {
        stdio: 'inherit',
        env: {
          ...process.env,
          PYTHONPATH: [here, process.env.PYTHONPATH].filter(Boolean).join(':'),
          SCHEMATHESIS_HOOKS: 'hooks',
          HCV_FUZZ_DEVICE_ID: deviceId,
          HCV_FUZZ_DEVICE_SECRET: secret,
          HCV_FUZZ_STAFF_TOKENS: JSON.stringify(tokens),
        },
      },
    );
    run.on('exit', (c) => resolve(c ?? 1));
    run.on('error', (error) => {
      console.error(`cannot run ${st}: ${error.message} (pip install schemathesis, or set SCHEMATHESIS_CLI)`);
      resolve(1);
    });
  });
  if (code !== 0) failed++;
}
stop();
console.log(failed ? `\nAPI fuzz: ${failed} of ${services.length} services failed` : `\nAPI fuzz: all ${services.length} services passed`);
process.exit(failed ? 1 : 0);
