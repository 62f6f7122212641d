import { loadDeviceRegistryConfig } from './device-registry.config';

describe('device-registry configuration', () => {
  it('defaults to a 90 s offline threshold, swept every 5 s, and a 120 s clock tolerance before a tour', () => {
    expect(loadDeviceRegistryConfig({}, {})).toMatchObject({
      offlineAfterMillis: 90_000,
      sweepEveryMillis: 5_000,
      clockToleranceMillis: 120_000,
    });
  });

  it('reads the clock tolerance of the pre-tour check in seconds, and refuses a bad one naming it', () => {
    expect(loadDeviceRegistryConfig({}, { READINESS_CLOCK_TOLERANCE_SECONDS: '30' }).clockToleranceMillis).toBe(30_000);
    expect(
      loadDeviceRegistryConfig({ clockToleranceMillis: 5_000 }, { READINESS_CLOCK_TOLERANCE_SECONDS: '30' }).clockToleranceMillis,
    ).toBe(5_000);
    for (const value of ['0', '-3', 'abc', '3601'])
      expect(() => loadDeviceRegistryConfig({}, { READINESS_CLOCK_TOLERANCE_SECONDS: value })).toThrow(/READINESS_CLOCK_TOLERANCE_SECONDS/);
  });

  it('reads the threshold from the environment and sweeps at a third of it, within 250 ms – 5 s', () => {
    expect(loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: '2000' })).toMatchObject({
      offlineAfterMillis: 2_000,
      sweepEveryMillis: 666,
      clockToleranceMillis: 120_000,
    });
    expect(loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: '300' })).toMatchObject({
      offlineAfterMillis: 300,
      sweepEveryMillis: 250,
    });
    expect(loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: '300' })).toMatchObject({
      offlineAfterMillis: 300,
      sweepEveryMillis: 250,
    });
  });

  it.each(['abc', '', '-1', '0', '1.5', 'Infinity'])('refuses HEARTBEAT_OFFLINE_AFTER_MS=%p, naming the variable', (value) => {
    expect(() => loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: value })).toThrow(/HEARTBEAT_OFFLINE_AFTER_MS/);
  });

  it('lets the module options override the environment, and refuses bad ones', () => {
    expect(
      loadDeviceRegistryConfig({ offlineAfterMillis: 1_000, sweepEveryMillis: 50 }, { HEARTBEAT_OFFLINE_AFTER_MS: '2000' }),
    ).toMatchObject({
      offlineAfterMillis: 1_000,
      sweepEveryMillis: 50,
      clockToleranceMillis: 120_000,
    });
    expect(() => loadDeviceRegistryConfig({ offlineAfterMillis: Number.NaN }, {})).toThrow(/offlineAfterMillis/);
    expect(() => loadDeviceRegistryConfig({ sweepEveryMillis: -5 }, {})).toThrow(/sweepEveryMillis/);
  });

  it('issues activation codes for 30 min, counts 10 wrong codes per address in 15 min, allows card-session’s origin', () => {
    const config = loadDeviceRegistryConfig({}, {});
    expect(config).toMatchObject({ activationCodeTtlMinutes: 30, activationLimits: { maxFailures: 10, windowMinutes: 15 } });
    expect(config.receptionOrigins()).toEqual(['http://127.0.0.1:3002']);
    const set = loadDeviceRegistryConfig(
      {},
      {
        ACTIVATION_CODE_TTL_MINUTES: '10',
        ACTIVATION_FAILURES_PER_ADDRESS: '3',
        ACTIVATION_FAILURE_WINDOW_MINUTES: '60',
        CARD_SESSION_PUBLIC_URL: 'https://reception.example.jp/base/',
      },
    );
    expect(set).toMatchObject({ activationCodeTtlMinutes: 10, activationLimits: { maxFailures: 3, windowMinutes: 60 } });
    expect(set.receptionOrigins()).toEqual(['https://reception.example.jp']);
    const listed = loadDeviceRegistryConfig({}, { RECEPTION_ORIGINS: 'https://a.example.jp, https://b.example.jp:8443' });
    expect(listed.receptionOrigins()).toEqual(['https://a.example.jp', 'https://b.example.jp:8443']);
    expect(() => loadDeviceRegistryConfig({}, { RECEPTION_ORIGINS: 'https://a.example.jp/path' })).toThrow(/RECEPTION_ORIGINS/);
    expect(() => loadDeviceRegistryConfig({}, { ACTIVATION_CODE_TTL_MINUTES: '0' })).toThrow(/ACTIVATION_CODE_TTL_MINUTES/);
  });
});
