import { z } from 'zod';

/** An empty variable counts as unset (a compose file or a shell may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const wholeNumber = () => z.coerce.number().int();

/**
 * The environment qualification-lookup reads beyond the platform's ServiceEnv. Parsed once at
 * start-up, failing fast with the variable at fault (a NaN, a negative or an unknown value never
 * passes); the module's options (tests, the embedded runner) override the parsed values.
 */
export const QualificationLookupEnv = z
  .object({
    /** The national system's HTTP endpoint; unset: the simulator answers. */
    NATIONAL_SYSTEM_URL: optional(z.url({ protocol: /^https?$/ }).optional()),
    SIMULATOR_SEED: optional(wholeNumber().default(20240131)),
    SIMULATOR_POPULATION: optional(wholeNumber().min(1).max(1_000_000).default(5_000)),
    SIMULATOR_LATENCY_MS: optional(wholeNumber().min(0).max(60_000).default(0)),
    SIMULATOR_FAILURE_RATE: optional(z.coerce.number().min(0).max(1).default(0)),
    /** Per call to the national system (also the HTTP adapter's own timeout). */
    LOOKUP_TIMEOUT_MS: optional(wholeNumber().min(1).max(600_000).default(5_000)),
    /** In place, with backoff and jitter, before the request waits on the retry topic. */
    LOOKUP_RETRIES: optional(wholeNumber().min(0).max(10).default(2)),
    LOOKUP_CIRCUIT_FAILURES: optional(wholeNumber().min(1).default(5)),
    LOOKUP_CIRCUIT_COOLDOWN_MS: optional(wholeNumber().min(0).default(10_000)),
    /** Lookups per second per institution, per process (the burst stays 100). */
    LOOKUP_RATE_PER_INSTITUTION: optional(z.coerce.number().positive().default(50)),
    /** How long a request may wait on the retry topic before it is answered "unavailable". */
    LOOKUP_DEADLINE_MS: optional(wholeNumber().min(1).default(600_000)),
  })
  .transform((env) => ({
    nationalSystemUrl: env.NATIONAL_SYSTEM_URL?.replace(/\/$/, ''),
    simulator: {
      seed: env.SIMULATOR_SEED,
      size: env.SIMULATOR_POPULATION,
      latencyMillis: env.SIMULATOR_LATENCY_MS,
      failureRate: env.SIMULATOR_FAILURE_RATE,
    },
    resilience: {
      timeoutMillis: env.LOOKUP_TIMEOUT_MS,
      retries: env.LOOKUP_RETRIES,
      failureThreshold: env.LOOKUP_CIRCUIT_FAILURES,
      cooldownMillis: env.LOOKUP_CIRCUIT_COOLDOWN_MS,
      ratePerSecond: env.LOOKUP_RATE_PER_INSTITUTION,
    },
    retry: { deadlineMillis: env.LOOKUP_DEADLINE_MS },
  }));

export type QualificationLookupConfig = z.infer<typeof QualificationLookupEnv>;

export function loadQualificationLookupConfig(env: NodeJS.ProcessEnv = process.env): QualificationLookupConfig {
  const parsed = QualificationLookupEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid qualification-lookup configuration: ${problems}`);
  }
  return parsed.data;
}
