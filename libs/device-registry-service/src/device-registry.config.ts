import { z } from 'zod';

/**
 * The variables device-registry reads beyond the platform's ServiceEnv, parsed once at start-up:
 * a value that is not a positive whole number of milliseconds stops the service with its name.
 */
export const DeviceRegistryEnv = z.object({
  /** A device silent this long is reported offline. */
  HEARTBEAT_OFFLINE_AFTER_MS: z.coerce.number().int().positive().default(90_000),
  /** How far a bus device's clock may be from the registry's before its pre-tour clock check is red. */
  READINESS_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().positive().max(3600).default(120),
});
export type DeviceRegistryEnv = z.infer<typeof DeviceRegistryEnv>;

/** What a caller of the module (a test, the embedded run) may set instead of the environment. */
export const DeviceRegistryOptions = z.strictObject({
  /** A device silent this long is reported offline. */
  offlineAfterMillis: z.number().int().positive().optional(),
  /** How often the offline sweep runs; by default a third of the threshold, within 250 ms – 5 s. */
  sweepEveryMillis: z.number().int().positive().optional(),
  /** How far a bus device's clock may be off before its pre-tour clock check is red. */
  clockToleranceMillis: z.number().int().positive().optional(),
});
export type DeviceRegistryOptions = z.infer<typeof DeviceRegistryOptions>;

export interface DeviceRegistryConfig {
  offlineAfterMillis: number;
  sweepEveryMillis: number;
  clockToleranceMillis: number;
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
    clockToleranceMillis: given.data.clockToleranceMillis ?? fromEnv.data.READINESS_CLOCK_TOLERANCE_SECONDS * 1000,
  };
}
