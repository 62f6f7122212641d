import { loadServiceEnv } from './service-config';

/** V8_OPTIMIZE_FOR_SIZE: off unless set (its CPU price is not settled), `true`/`false` only. */
describe('V8_OPTIMIZE_FOR_SIZE', () => {
  const base = { KAFKA_BROKERS: 'kafka:9092', MONGO_URL: 'mongodb://mongo:27017' };

  it('is false unless set, and true when set so', () => {
    expect(loadServiceEnv(base).V8_OPTIMIZE_FOR_SIZE).toBe('false');
    expect(loadServiceEnv({ ...base, V8_OPTIMIZE_FOR_SIZE: 'true' }).V8_OPTIMIZE_FOR_SIZE).toBe('true');
  });

  it('refuses anything but true or false', () => {
    expect(() => loadServiceEnv({ ...base, V8_OPTIMIZE_FOR_SIZE: 'yes' })).toThrow(/V8_OPTIMIZE_FOR_SIZE/);
  });
});
