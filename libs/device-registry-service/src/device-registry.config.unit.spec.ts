import { loadDeviceRegistryConfig } from './device-registry.config';

describe('device-registry configuration', () => {
  it('defaults to a 90 s offline threshold, swept every 5 s, and a 120 s clock tolerance before a tour', () => {
    expect(loadDeviceRegistryConfig({}, {})).toEqual({
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
    expect(loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: '2000' })).toEqual({
      offlineAfterMillis: 2_000,
      sweepEveryMillis: 666,
      clockToleranceMillis: 120_000,
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
    expect(loadDeviceRegistryConfig({ offlineAfterMillis: 1_000, sweepEveryMillis: 50 }, { HEARTBEAT_OFFLINE_AFTER_MS: '2000' })).toEqual({
      offlineAfterMillis: 1_000,
      sweepEveryMillis: 50,
      clockToleranceMillis: 120_000,
    });
    expect(() => loadDeviceRegistryConfig({ offlineAfterMillis: Number.NaN }, {})).toThrow(/offlineAfterMillis/);
    expect(() => loadDeviceRegistryConfig({ sweepEveryMillis: -5 }, {})).toThrow(/sweepEveryMillis/);
  });
});
