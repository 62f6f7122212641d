import { kafkaClientSecurity } from '@hcv/messaging';
import { keyRingFromSettings, parseKeyPairs } from './key-ring';
import {
  devKeyRefusal,
  mongoUrlIsSecure,
  platformRefusals,
  REFUSALS,
  refuseUnsafeDefaults,
  UnsafeConfigurationError,
} from './production-safety';
import { kafkaSecurity, loadServiceEnv } from './service-config';

const SECURE = {
  NODE_ENV: 'production',
  STAFF_OIDC_ISSUER: 'https://login.example.jp/realms/hcv',
  KAFKA_SSL: 'true',
  KAFKA_SASL_MECHANISM: 'scram-sha-512',
  MONGO_URL: ['mongodb://hcv', ':', 'p'.repeat(12), '@db-0:27017,db-1:27017/?replicaSet=rs0&tls=true'].join(''),
};

describe('production start-up refusals', () => {
  it('does nothing outside production, whatever the settings', () => {
    expect(() => refuseUnsafeDefaults({ MONGO_URL: 'mongodb://localhost' }, ['a service refusal'])).not.toThrow();
  });

  it('lets a secure production configuration start, and lists every refusal of an unsafe one in one message', () => {
    expect(platformRefusals(SECURE)).toEqual([]);
    expect(() => refuseUnsafeDefaults(SECURE, [undefined])).not.toThrow();
    const error = (() => {
      try {
        refuseUnsafeDefaults({ NODE_ENV: 'production', MONGO_URL: 'mongodb://db:27017' }, [REFUSALS.keyShort('X_KEY')]);
      } catch (e) {
        return e as UnsafeConfigurationError;
      }
      return undefined;
    })();
    expect(error?.refusals).toEqual([
      REFUSALS.hs256StaffTokens,
      REFUSALS.kafkaInsecure,
      REFUSALS.mongoInsecure,
      REFUSALS.keyShort('X_KEY'),
    ]);
    expect(error?.message).not.toContain('\n');
  });

  it('accepts the named risks KAFKA_INSECURE and MONGO_INSECURE, never TLS without SASL', () => {
    expect(platformRefusals({ ...SECURE, KAFKA_SASL_MECHANISM: undefined })).toEqual([REFUSALS.kafkaInsecure]);
    expect(
      platformRefusals({ ...SECURE, KAFKA_SSL: 'false', KAFKA_INSECURE: 'true', MONGO_URL: 'mongodb://db', MONGO_INSECURE: 'true' }),
    ).toEqual([]);
  });

  it.each([
    ['mongodb://db:27017', false, false],
    ['mongodb://db:27017/?tls=true', true, false],
    ['mongodb://db:27017/?ssl=true&authMechanism=MONGODB-X509', true, true],
    [['mongodb+srv://hcv', ':', 'x'.repeat(8), '@cluster.example.jp/'].join(''), true, true],
    [['mongodb+srv://hcv', ':', 'x'.repeat(8), '@cluster.example.jp/?tls=false'].join(''), false, true],
    ['not a url', false, false],
  ])('reads %s as tls=%p auth=%p', (url, tls, auth) => {
    expect(mongoUrlIsSecure(url)).toEqual({ tls, auth });
  });

  it('refuses a development, missing or short key of a ring', () => {
    expect(devKeyRefusal('K', [], ['dev'])).toBe(REFUSALS.keyDevDefault('K'));
    expect(devKeyRefusal('K', ['k'.repeat(40), 'dev'], ['dev'])).toBe(REFUSALS.keyDevDefault('K'));
    expect(devKeyRefusal('K', ['k'.repeat(40), 'short'], ['dev'])).toBe(REFUSALS.keyShort('K'));
    expect(devKeyRefusal('K', ['k'.repeat(40)], ['dev'])).toBeUndefined();
  });
});

describe('key rings', () => {
  it('parses <id>=<secret> pairs (base64 padding kept) and refuses malformed or repeated ids', () => {
    expect(parseKeyPairs('K', 'a=abc==, b.2=def\nc-3=g')).toEqual(
      new Map([
        ['a', 'abc=='],
        ['b.2', 'def'],
        ['c-3', 'g'],
      ]),
    );
    expect(() => parseKeyPairs('KS', 'nokey')).toThrow(/KS must be <id>=<secret> pairs/);
    expect(() => parseKeyPairs('KS', 'a=1 a=2')).toThrow(/names key id a twice/);
  });

  it('uses the development key only when nothing is set', () => {
    const devDefault = { id: 'dev', secret: 'dev-only' };
    expect(keyRingFromSettings({ name: 'K', ring: { value: undefined, file: undefined }, current: undefined, devDefault }).currentId).toBe(
      'dev',
    );
    expect(keyRingFromSettings({ name: 'K', ring: { value: 'k1=abc', file: undefined }, current: undefined, devDefault }).keys).toEqual(
      new Map([['k1', 'abc']]),
    );
    expect(() => keyRingFromSettings({ name: 'K', ring: { value: undefined, file: undefined }, current: undefined })).toThrow(
      /KS must be set/,
    );
  });
});

describe('Kafka TLS and SASL settings', () => {
  it('become the kafkajs ssl and sasl options; none set: plaintext', () => {
    const base = { KAFKA_BROKERS: 'b:9093', MONGO_URL: 'mongodb://db' };
    expect(kafkaSecurity(loadServiceEnv(base))).toBeUndefined();
    const env = loadServiceEnv({
      ...base,
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'hcv',
      KAFKA_SASL_PASSWORD: 'pw',
    });
    expect(kafkaClientSecurity(kafkaSecurity(env))).toEqual({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'hcv', password: 'pw' },
    });
    expect(() => kafkaSecurity(loadServiceEnv({ ...base, KAFKA_SASL_MECHANISM: 'scram-sha-512' }))).toThrow(/KAFKA_SASL_USERNAME/);
    expect(() => loadServiceEnv({ ...base, KAFKA_SASL_MECHANISM: 'plain' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});
