import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { platformRefusals, REFUSALS } from './production-safety';
import { kafkaClientSettingsFromEnv, loadServiceEnv, mongoClientSecurity } from './service-config';

/** The transport settings compose and the operators overlay set, read as the services read them. */
describe('transport settings', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'hcv-transport-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const base = { KAFKA_BROKERS: 'kafka:9092', MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0&tls=true&authSource=admin' };

  it('MongoDB credentials beside the URL: the user and the password from its file, and the CA to trust', () => {
    const file = join(dir, 'mongo-password');
    writeFileSync(file, 'from-the-file\n');
    const env = loadServiceEnv({ ...base, MONGO_USERNAME: 'hcv', MONGO_PASSWORD_FILE: file, MONGO_TLS_CA_FILE: '/certs/ca.crt' });
    expect(mongoClientSecurity(env)).toEqual({ auth: { username: 'hcv', password: 'from-the-file' }, tlsCAFile: '/certs/ca.crt' });
    expect(mongoClientSecurity(loadServiceEnv(base))).toEqual({});
    expect(() => mongoClientSecurity(loadServiceEnv({ ...base, MONGO_PASSWORD: 'p' }))).toThrow(/MONGO_USERNAME must be set/);
    expect(() => mongoClientSecurity(loadServiceEnv({ ...base, MONGO_USERNAME: 'hcv' }), 'production')).toThrow(/MONGO_PASSWORD/);
  });

  it('production accepts MongoDB with tls=true and MONGO_USERNAME (credentials kept out of the URL), not without either', () => {
    const secureKafka = { KAFKA_SSL: 'true', KAFKA_SASL_MECHANISM: 'scram-sha-512' };
    expect(platformRefusals({ ...base, ...secureKafka, MONGO_USERNAME: 'hcv' })).not.toContain(REFUSALS.mongoInsecure);
    expect(platformRefusals({ ...base, ...secureKafka })).toContain(REFUSALS.mongoInsecure);
    expect(platformRefusals({ ...secureKafka, MONGO_URL: 'mongodb://mongo:27017', MONGO_USERNAME: 'hcv' })).toContain(
      REFUSALS.mongoInsecure,
    );
  });

  it('tools reach Kafka with the services’ settings, without the services’ other variables', () => {
    const file = join(dir, 'kafka-password');
    writeFileSync(file, 'test-scram-password');
    expect(
      kafkaClientSettingsFromEnv({
        KAFKA_BROKERS: 'a:9092, b:9092',
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/certs/ca.crt',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'hcv',
        KAFKA_SASL_PASSWORD_FILE: file,
      }),
    ).toEqual({
      brokers: ['a:9092', 'b:9092'],
      security: {
        ssl: true,
        caFile: '/certs/ca.crt',
        sasl: { mechanism: 'scram-sha-512', username: 'hcv', password: 'test-scram-password' },
      },
    });
    expect(kafkaClientSettingsFromEnv({ KAFKA_BROKERS: 'a:9092' })).toEqual({ brokers: ['a:9092'], security: undefined });
    expect(() => kafkaClientSettingsFromEnv({})).toThrow(/KAFKA_BROKERS/);
  });
});
