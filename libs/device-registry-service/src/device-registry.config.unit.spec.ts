import { deviceKeyRingFromEnv } from '@hcv/platform-runtime';
import { loadDeviceRegistryConfig } from './device-registry.config';

/** The development device-key ring every process shares when DEVICE_KEY_ENCRYPTION_KEYS is unset. */
const DEV_DEVICE_KEYS = deviceKeyRingFromEnv({});

describe('device-registry configuration', () => {
  it('defaults to a 90 s offline threshold, swept every 5 s', () => {
    expect(loadDeviceRegistryConfig({}, {})).toEqual({ deviceKeys: DEV_DEVICE_KEYS, offlineAfterMillis: 90_000, sweepEveryMillis: 5_000 });
  });

  it('reads the threshold from the environment and sweeps at a third of it, within 250 ms – 5 s', () => {
    expect(loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: '2000' })).toEqual({
      deviceKeys: DEV_DEVICE_KEYS,
      offlineAfterMillis: 2_000,
      sweepEveryMillis: 666,
    });
    expect(loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: '300' })).toEqual({
      deviceKeys: DEV_DEVICE_KEYS,
      offlineAfterMillis: 300,
      sweepEveryMillis: 250,
    });
  });

  it.each(['abc', '', '-1', '0', '1.5', 'Infinity'])('refuses HEARTBEAT_OFFLINE_AFTER_MS=%p, naming the variable', (value) => {
    expect(() => loadDeviceRegistryConfig({}, { HEARTBEAT_OFFLINE_AFTER_MS: value })).toThrow(/HEARTBEAT_OFFLINE_AFTER_MS/);
  });

  it('lets the module options override the environment, and refuses bad ones', () => {
    expect(loadDeviceRegistryConfig({ offlineAfterMillis: 1_000, sweepEveryMillis: 50 }, { HEARTBEAT_OFFLINE_AFTER_MS: '2000' })).toEqual({
      deviceKeys: DEV_DEVICE_KEYS,
      offlineAfterMillis: 1_000,
      sweepEveryMillis: 50,
    });
    expect(() => loadDeviceRegistryConfig({ offlineAfterMillis: Number.NaN }, {})).toThrow(/offlineAfterMillis/);
    expect(() => loadDeviceRegistryConfig({ sweepEveryMillis: -5 }, {})).toThrow(/sweepEveryMillis/);
  });
});
