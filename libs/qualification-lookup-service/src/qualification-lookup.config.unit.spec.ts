import { loadQualificationLookupConfig } from './qualification-lookup.config';

describe('qualification-lookup configuration', () => {
  it('has a default for every variable: the simulator, 5 s per call, 2 retries, 5 failures / 10 s, 50 per second, 10 minutes', () => {
    expect(loadQualificationLookupConfig({})).toEqual({
      nationalSystemUrl: undefined,
      simulator: { seed: 20240131, size: 5_000, latencyMillis: 0, failureRate: 0 },
      resilience: { timeoutMillis: 5_000, retries: 2, failureThreshold: 5, cooldownMillis: 10_000, ratePerSecond: 50 },
      retry: { deadlineMillis: 600_000 },
    });
  });

  it('reads every variable, and an empty one as unset', () => {
    const config = loadQualificationLookupConfig({
      NATIONAL_SYSTEM_URL: 'https://eligibility.example.jp/api/',
      SIMULATOR_SEED: '7',
      SIMULATOR_POPULATION: '200',
      SIMULATOR_LATENCY_MS: '50',
      SIMULATOR_FAILURE_RATE: '0.25',
      LOOKUP_TIMEOUT_MS: '1500',
      LOOKUP_RETRIES: '0',
      LOOKUP_CIRCUIT_FAILURES: '3',
      LOOKUP_CIRCUIT_COOLDOWN_MS: '3000',
      LOOKUP_RATE_PER_INSTITUTION: '100000',
      LOOKUP_DEADLINE_MS: '',
    });
    expect(config).toEqual({
      nationalSystemUrl: 'https://eligibility.example.jp/api',
      simulator: { seed: 7, size: 200, latencyMillis: 50, failureRate: 0.25 },
      resilience: { timeoutMillis: 1_500, retries: 0, failureThreshold: 3, cooldownMillis: 3_000, ratePerSecond: 100_000 },
      retry: { deadlineMillis: 600_000 },
    });
  });

  it.each([
    ['LOOKUP_TIMEOUT_MS', 'five seconds'],
    ['LOOKUP_TIMEOUT_MS', '0'],
    ['LOOKUP_RETRIES', '-1'],
    ['LOOKUP_RETRIES', '1.5'],
    ['LOOKUP_CIRCUIT_FAILURES', 'NaN'],
    ['LOOKUP_CIRCUIT_COOLDOWN_MS', '-10'],
    ['LOOKUP_RATE_PER_INSTITUTION', '0'],
    ['LOOKUP_RATE_PER_INSTITUTION', 'Infinity'],
    ['LOOKUP_DEADLINE_MS', '10m'],
    ['SIMULATOR_POPULATION', '0'],
    ['SIMULATOR_FAILURE_RATE', '2'],
    ['NATIONAL_SYSTEM_URL', 'ftp://eligibility.example.jp'],
    ['NATIONAL_SYSTEM_URL', 'not a url'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadQualificationLookupConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid qualification-lookup configuration: ${name}: `),
    );
  });
});
