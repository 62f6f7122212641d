import { z } from 'zod';
import { deviceKeyRefusal, deviceKeyRingFromEnv, refuseUnsafeDefaults, type KeyRing } from '@hcv/platform-runtime';

/**
 * The variables device-registry reads beyond the platform's ServiceEnv, parsed once at start-up:
 * a value that is not a positive whole number of milliseconds stops the service with its name.
 */
export const DeviceRegistryEnv = z.object({
  /** A device silent this long is reported offline. */
  HEARTBEAT_OFFLINE_AFTER_MS: z.coerce.number().int().positive().default(90_000),
  /** The device-key ring signing keys are sealed with in device.credential-issued v2: `<id>=<secret>` pairs. */
  DEVICE_KEY_ENCRYPTION_KEYS: z.string().optional(),
  DEVICE_KEY_ENCRYPTION_KEYS_FILE: z.string().optional(),
  /** The id of the ring's key that seals (default: the only one). */
  DEVICE_KEY_ENCRYPTION_KEY_CURRENT: z.string().optional(),
});
export type DeviceRegistryEnv = z.infer<typeof DeviceRegistryEnv>;

/** What a caller of the module (a test, the embedded run) may set instead of the environment. */
export const DeviceRegistryOptions = z.strictObject({
  /** A device silent this long is reported offline. */
  offlineAfterMillis: z.number().int().positive().optional(),
  /** How often the offline sweep runs; by default a third of the threshold, within 250 ms – 5 s. */
  sweepEveryMillis: z.number().int().positive().optional(),
  /** The device-key ring (tests, embedded) instead of DEVICE_KEY_ENCRYPTION_KEYS. */
  deviceKeys: z.custom<KeyRing>((v) => typeof v === 'object' && v !== null && 'current' in v).optional(),
});
export type DeviceRegistryOptions = z.infer<typeof DeviceRegistryOptions>;

export interface DeviceRegistryConfig {
  offlineAfterMillis: number;
  sweepEveryMillis: number;
  /** Seals each issued signing key for the services that verify devices. */
  deviceKeys: KeyRing;
}

/** The production refusals of device-registry (the platform's and its device-key ring's); called before anything connects. */
export function deviceRegistryStartupCheck(env: NodeJS.ProcessEnv = process.env): void {
  refuseUnsafeDefaults(env, [deviceKeyRefusal(env)]);
}

function problems(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/** The service's configuration: the environment, overridden by the module's options. */
export function loadDeviceRegistryConfig(options: DeviceRegistryOptions = {}, env: NodeJS.ProcessEnv = process.env): DeviceRegistryConfig {
  const fromEnv = DeviceRegistryEnv.safeParse(env);
  if (!fromEnv.success) throw new Error(`Invalid device-registry configuration: ${problems(fromEnv.error)}`);
  const given = DeviceRegistryOptions.safeParse(options);
  if (!given.success) throw new Error(`Invalid device-registry options: ${problems(given.error)}`);
  const offlineAfterMillis = given.data.offlineAfterMillis ?? fromEnv.data.HEARTBEAT_OFFLINE_AFTER_MS;
  return {
    offlineAfterMillis,
    sweepEveryMillis: given.data.sweepEveryMillis ?? Math.max(250, Math.min(5_000, Math.floor(offlineAfterMillis / 3))),
    deviceKeys: given.data.deviceKeys ?? deviceKeyRingFromEnv(env),
  };
}
