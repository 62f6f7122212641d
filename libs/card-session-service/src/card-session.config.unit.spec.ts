import { loadCardSessionConfig } from './card-session.config';

describe('card-session configuration', () => {
  it('defaults the session timeout to 15 minutes', () => {
    expect(loadCardSessionConfig({})).toEqual({ sessionTimeoutMillis: 900_000 });
  });

  it('reads SESSION_TIMEOUT_MS, and a module option overrides it', () => {
    expect(loadCardSessionConfig({ SESSION_TIMEOUT_MS: '60000' }).sessionTimeoutMillis).toBe(60_000);
    expect(loadCardSessionConfig({ SESSION_TIMEOUT_MS: '60000' }, { sessionTimeoutMillis: 2_000 }).sessionTimeoutMillis).toBe(2_000);
  });

  it.each(['abc', '', '0', '-5', '1.5', 'NaN', 'Infinity'])('refuses SESSION_TIMEOUT_MS=%p, naming the variable', (value) => {
    expect(() => loadCardSessionConfig({ SESSION_TIMEOUT_MS: value })).toThrow(/^Invalid card-session configuration: SESSION_TIMEOUT_MS: /);
  });

  it('refuses a module option that is not a positive whole number of milliseconds', () => {
    expect(() => loadCardSessionConfig({}, { sessionTimeoutMillis: Number.NaN })).toThrow(/sessionTimeoutMillis: /);
    expect(() => loadCardSessionConfig({}, { sessionTimeoutMillis: -1 })).toThrow(/sessionTimeoutMillis: /);
  });
});
