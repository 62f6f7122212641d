import { deviceKeyRingFromEnv } from '@hcv/platform-runtime';
import { loadQualificationLookupConfig } from './qualification-lookup.config';

/** The development device-key ring every process shares when DEVICE_KEY_ENCRYPTION_KEYS is unset. */
const DEV_DEVICE_KEYS = deviceKeyRingFromEnv({});

describe('qualification-lookup configuration', () => {
  it('has a default for every variable: device-reported everywhere, 5 s per call, 2 retries, 5 failures / 10 s, 50 per second, 10 minutes', () => {
    expect(loadQualificationLookupConfig({})).toEqual({
      deviceKeys: DEV_DEVICE_KEYS,
      sources: { defaultSource: 'device-reported', byInstitution: {} },
      genericHttpUrl: undefined,
      simulator: { seed: 20240131, size: 5_000, latencyMillis: 0, failureRate: 0 },
      resilience: { timeoutMillis: 5_000, retries: 2, failureThreshold: 5, cooldownMillis: 10_000, ratePerSecond: 50 },
      retry: { deadlineMillis: 600_000 },
    });
  });

  it('reads every variable, and an empty one as unset', () => {
    const config = loadQualificationLookupConfig({
      ELIGIBILITY_SOURCE: 'simulator',
      ELIGIBILITY_SOURCE_BY_INSTITUTION: ' 3410712362=oqs-terminal, 0110113719=generic-http ',
      GENERIC_HTTP_URL: 'https://upstream.example.jp/api/',
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
      NATIONAL_SYSTEM_URL: '',
    });
    expect(config).toEqual({
      deviceKeys: DEV_DEVICE_KEYS,
      sources: { defaultSource: 'simulator', byInstitution: { '3410712362': 'oqs-terminal', '0110113719': 'generic-http' } },
      genericHttpUrl: 'https://upstream.example.jp/api',
      simulator: { seed: 7, size: 200, latencyMillis: 50, failureRate: 0.25 },
      resilience: { timeoutMillis: 1_500, retries: 0, failureThreshold: 3, cooldownMillis: 3_000, ratePerSecond: 100_000 },
      retry: { deadlineMillis: 600_000 },
    });
  });

  it('reads an institution written with full-width digits and spaces as its number', () => {
    expect(
      loadQualificationLookupConfig({ ELIGIBILITY_SOURCE_BY_INSTITUTION: '３４１０７１２３６２=oqs-terminal' }).sources.byInstitution,
    ).toEqual({
      '3410712362': 'oqs-terminal',
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
    ['GENERIC_HTTP_URL', 'ftp://upstream.example.jp'],
    ['GENERIC_HTTP_URL', 'not a url'],
    ['ELIGIBILITY_SOURCE', 'national-system'],
    ['ELIGIBILITY_SOURCE_BY_INSTITUTION', '3410712362=terminal'],
    // the check digit over the 9-digit body fails (…2 is right)
    ['ELIGIBILITY_SOURCE_BY_INSTITUTION', '3410712363=oqs-terminal'],
    ['ELIGIBILITY_SOURCE_BY_INSTITUTION', '3410712362'],
    ['ELIGIBILITY_SOURCE_BY_INSTITUTION', '3410712362=oqs-terminal,3410712362=device-reported'],
    // the former adapter's variable: refused rather than ignored
    ['NATIONAL_SYSTEM_URL', 'https://eligibility.example.jp'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => loadQualificationLookupConfig({ [name]: value })).toThrow(
      new RegExp(`^Invalid qualification-lookup configuration: ${name}: `),
    );
  });

  it('needs GENERIC_HTTP_URL when a source is generic-http, and never falls back to the simulator', () => {
    expect(() => loadQualificationLookupConfig({ ELIGIBILITY_SOURCE: 'generic-http' })).toThrow(
      /^Invalid qualification-lookup configuration: GENERIC_HTTP_URL: must be set when a source is generic-http$/,
    );
    expect(() => loadQualificationLookupConfig({ ELIGIBILITY_SOURCE_BY_INSTITUTION: '3410712362=generic-http' })).toThrow(
      /GENERIC_HTTP_URL/,
    );
  });

  describe('with NODE_ENV=production', () => {
    it('refuses the simulator as the default source', () => {
      expect(() => loadQualificationLookupConfig({ NODE_ENV: 'production', ELIGIBILITY_SOURCE: 'simulator' })).toThrow(
        /^Invalid qualification-lookup configuration: ELIGIBILITY_SOURCE: the simulator is refused with NODE_ENV=production/,
      );
    });

    it('refuses the simulator for one institution', () => {
      expect(() =>
        loadQualificationLookupConfig({ NODE_ENV: 'production', ELIGIBILITY_SOURCE_BY_INSTITUTION: '0110113719=simulator' }),
      ).toThrow(/^Invalid qualification-lookup configuration: ELIGIBILITY_SOURCE_BY_INSTITUTION: the simulator is refused/);
    });

    it('starts on device-reported and 既存型 terminals', () => {
      expect(
        loadQualificationLookupConfig({ NODE_ENV: 'production', ELIGIBILITY_SOURCE_BY_INSTITUTION: '3410712362=oqs-terminal' }).sources,
      ).toEqual({ defaultSource: 'device-reported', byInstitution: { '3410712362': 'oqs-terminal' } });
    });
  });
});
