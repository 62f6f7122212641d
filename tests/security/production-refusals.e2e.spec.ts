import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ServiceName } from '@hcv/contracts';
import { REFUSALS } from '@hcv/platform-runtime';
import { serviceMain } from '@hcv/testing';

/**
 * Each service's bundle (or built main: serviceMain), started as the images start it (NODE_ENV=production) with development
 * settings, refuses before it connects to anything: one line on stderr, exit code 2. Nothing listens
 * on the broker and database addresses given: a process that went on to connect would fail later,
 * with exit code 1 and another message.
 */
const ROOT = join(__dirname, '../..');

async function start(service: ServiceName, env: Record<string, string>): Promise<{ code: number | null; stderr: string; millis: number }> {
  const main = serviceMain(service);
  if (!existsSync(main)) throw new Error(`missing ${main}: run \`npm run build\` first`);
  const started = Date.now();
  const child = spawn(process.execPath, [main], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production', KAFKA_BROKERS: '127.0.0.1:9', MONGO_URL: 'mongodb://127.0.0.1:9', ...env },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  child.stdout.resume();
  // Generous: five Node processes loading their modules at once on a loaded 2-core machine.
  const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
  clearTimeout(timer);
  return { code, stderr, millis: Date.now() - started };
}

const DEV_STAFF_SECRET = 's'.repeat(40);
const DEVICE_KEYS = `2027a=${'d'.repeat(40)}`;
const STRONG = 'k'.repeat(40);
/** Everything but the one refusal a case looks for: secure transport settings, strong keys, an issuer. */
const SECURE: Record<string, string> = {
  STAFF_OIDC_ISSUER: 'https://login.example.jp/realms/hcv',
  STAFF_OIDC_AUDIENCE: 'hcv-api',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  KAFKA_SASL_USERNAME: 'hcv',
  KAFKA_SASL_PASSWORD: 'p'.repeat(24),
  // Credentials in the URL, assembled so that this file holds no credential-shaped value.
  MONGO_URL: ['mongodb://hcv', ':', 'p'.repeat(12), '@127.0.0.1:9/?tls=true&authSource=admin'].join(''),
  DEVICE_KEY_ENCRYPTION_KEYS: DEVICE_KEYS,
  AUDIT_PII_KEY: STRONG,
  VOUCHER_PII_KEY: STRONG,
};
const line = (service: ServiceName, refusals: string[]) => `${service} refuses to start: ${refusals.join('; ')}\n`;

describe('NODE_ENV=production refuses unsafe defaults before connecting (one line, exit 2)', () => {
  const devKeys: Record<ServiceName, string[]> = {
    'device-registry': [REFUSALS.keyDevDefault('DEVICE_KEY_ENCRYPTION_KEYS')],
    'card-session': [REFUSALS.keyDevDefault('DEVICE_KEY_ENCRYPTION_KEYS')],
    'qualification-lookup': [REFUSALS.keyDevDefault('DEVICE_KEY_ENCRYPTION_KEYS')],
    'voucher-matching': [REFUSALS.keyDevDefault('VOUCHER_PII_KEY')],
    audit: [REFUSALS.keyDevDefault('AUDIT_PII_KEY')],
  };

  it.each(Object.keys(devKeys) as ServiceName[])(
    '%s with development settings: HS256 staff tokens, plaintext Kafka, bare MongoDB, no key',
    async (service) => {
      const result = await start(service, { HCV_STAFF_TOKEN_SECRET: DEV_STAFF_SECRET });
      expect(result.stderr).toBe(
        line(service, [REFUSALS.hs256StaffTokens, REFUSALS.kafkaInsecure, REFUSALS.mongoInsecure, ...devKeys[service]]),
      );
      expect(result.code).toBe(2);
    },
    120_000,
  );

  it('each refusal alone: a development key, the simulator, and the insecure transports not named as accepted', async () => {
    const cases: [ServiceName, Record<string, string>, string][] = [
      ['audit', { AUDIT_PII_KEY: 'dev-only-audit-pseudonym-key' }, REFUSALS.keyDevDefault('AUDIT_PII_KEY')],
      ['voucher-matching', { VOUCHER_PII_KEYS: `1=${STRONG},2=short` }, REFUSALS.keyShort('VOUCHER_PII_KEY')],
      [
        'card-session',
        { DEVICE_KEY_ENCRYPTION_KEYS: 'dev=dev-only-device-key-encryption-key' },
        REFUSALS.keyDevDefault('DEVICE_KEY_ENCRYPTION_KEYS'),
      ],
      [
        'qualification-lookup',
        { ELIGIBILITY_SOURCE: 'simulator' },
        `Invalid qualification-lookup configuration: ELIGIBILITY_SOURCE: ${REFUSALS.simulator}`,
      ],
      ['device-registry', { KAFKA_SSL: 'false' }, REFUSALS.kafkaInsecure],
      ['device-registry', { MONGO_URL: 'mongodb://127.0.0.1:9/?tls=true' }, REFUSALS.mongoInsecure],
    ];
    const results = await Promise.all(cases.map(([service, env]) => start(service, { ...SECURE, ...env })));
    results.forEach((result, i) => {
      const [service, , refusal] = cases[i]!;
      expect(result.stderr).toBe(line(service, [refusal]));
      expect(result.code).toBe(2);
    });
  }, 120_000);

  it('KAFKA_INSECURE=true and MONGO_INSECURE=true name the risk and let the check pass (the start then goes on to connect)', async () => {
    const { KAFKA_SSL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, ...rest } = SECURE;
    void [KAFKA_SSL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD];
    const result = await start('device-registry', {
      ...rest,
      KAFKA_INSECURE: 'true',
      MONGO_URL: 'mongodb://127.0.0.1:9',
      MONGO_INSECURE: 'true',
      // Allowed by the check; the staff-token verifier of this build still needs the HS256 secret to be well-formed.
      HCV_STAFF_TOKEN_SECRET: DEV_STAFF_SECRET,
    });
    expect(result.stderr).not.toContain('refuses to start');
    // It went on to connect to the database, which nothing answers: it fails there, after trying.
    expect(result.code).toBe(1);
    expect(result.millis).toBeGreaterThanOrEqual(10_000);
  }, 120_000);
});
