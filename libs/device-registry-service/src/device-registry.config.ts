import { z } from 'zod';

/** An origin list (`scheme://host[:port]`, comma-separated), as CORS_ALLOWED_ORIGINS is written. */
export const OriginList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^https?:\/\/[^/\s*]+$/, 'origins such as https://reception.example.jp (no path, no wildcard)')));

/** The origin of a URL (`https://host[:port]`), as a browser sends it in `Origin`. */
export const originOf = (url: string) => new URL(url).origin;

/**
 * The variables device-registry reads beyond the platform's ServiceEnv, parsed once at start-up:
 * a bad value stops the service with its name.
 */
export const DeviceRegistryEnv = z.object({
  /** A device silent this long is reported offline. */
  HEARTBEAT_OFFLINE_AFTER_MS: z.coerce.number().int().positive().default(90_000),
  /** How long a one-time activation code is valid. */
  ACTIVATION_CODE_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(30),
  /** Wrong activation codes one client address may send per window before it is refused until the window ends. */
  ACTIVATION_FAILURES_PER_ADDRESS: z.coerce.number().int().min(1).max(10_000).default(10),
  ACTIVATION_FAILURE_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  /** Where card-session (which serves the reception app) is reached; its origin is the default reception origin. */
  CARD_SESSION_PUBLIC_URL: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:3002'),
  /** Browser origins of the reception app, allowed (CORS) on the device routes and /device-activations. */
  RECEPTION_ORIGINS: OriginList.optional(),
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
  activationCodeTtlMinutes: z.number().int().min(1).optional(),
  activationLimits: z.strictObject({ maxFailures: z.number().int().min(1), windowMinutes: z.number().int().min(1) }).optional(),
  /** The reception app's origins; a function for a process that learns its URLs after start-up (embedded mode). */
  receptionOrigins: z.union([z.array(z.string()), z.custom<() => readonly string[]>((v) => typeof v === 'function')]).optional(),
  /** How far a bus device's clock may be off before its pre-tour clock check is red. */
  clockToleranceMillis: z.number().int().positive().optional(),
});
export type DeviceRegistryOptions = z.infer<typeof DeviceRegistryOptions>;

export interface DeviceRegistryConfig {
  offlineAfterMillis: number;
  sweepEveryMillis: number;
  activationCodeTtlMinutes: number;
  activationLimits: { maxFailures: number; windowMinutes: number };
  /** Read per request (see RouteCorsRule). */
  receptionOrigins: () => readonly string[];
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
  const e = fromEnv.data;
  const o = given.data;
  const offlineAfterMillis = o.offlineAfterMillis ?? e.HEARTBEAT_OFFLINE_AFTER_MS;
  const origins = o.receptionOrigins ?? e.RECEPTION_ORIGINS ?? [originOf(e.CARD_SESSION_PUBLIC_URL)];
  return {
    offlineAfterMillis,
    sweepEveryMillis: o.sweepEveryMillis ?? Math.max(250, Math.min(5_000, Math.floor(offlineAfterMillis / 3))),
    activationCodeTtlMinutes: o.activationCodeTtlMinutes ?? e.ACTIVATION_CODE_TTL_MINUTES,
    activationLimits: o.activationLimits ?? {
      maxFailures: e.ACTIVATION_FAILURES_PER_ADDRESS,
      windowMinutes: e.ACTIVATION_FAILURE_WINDOW_MINUTES,
    },
    receptionOrigins: typeof origins === 'function' ? origins : () => origins,
    clockToleranceMillis: o.clockToleranceMillis ?? e.READINESS_CLOCK_TOLERANCE_SECONDS * 1000,
  };
}
