import { z } from 'zod';
import { parseInstitutionNumber } from '@hcv/domain';
import { deviceKeyRefusal, deviceKeyRingFromEnv, REFUSALS, refuseUnsafeDefaults, type KeyRing } from '@hcv/platform-runtime';
import { EligibilitySourceKind, sourcesInUse, type EligibilitySourceSettings } from './domain/eligibility-source';

/** An empty variable counts as unset (a compose file or a shell may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);
const wholeNumber = () => z.coerce.number().int();

/**
 * `ELIGIBILITY_SOURCE_BY_INSTITUTION`: `<institution number>=<source>` pairs separated by commas or
 * spaces, e.g. `3410712362=oqs-terminal,0110113719=device-reported`. Each number is checked (structure,
 * 点数表番号, check digit over the 9-digit body); an institution named twice is refused.
 */
const SourcesByInstitution = z.string().transform((raw, ctx) => {
  const byInstitution: Record<string, EligibilitySourceKind> = {};
  for (const pair of raw.split(/[\s,]+/).filter(Boolean)) {
    const [number = '', source = '', extra] = pair.split('=');
    const institution = parseInstitutionNumber(number);
    const kind = EligibilitySourceKind.safeParse(source);
    if (extra !== undefined || !('value' in institution) || !kind.success) {
      ctx.addIssue({
        code: 'custom',
        message: `"${pair}" is not <institution number>=<${EligibilitySourceKind.options.join('|')}> with a valid institution number`,
      });
      return z.NEVER;
    }
    if (byInstitution[institution.value]) {
      ctx.addIssue({ code: 'custom', message: `institution ${institution.value} is named twice` });
      return z.NEVER;
    }
    byInstitution[institution.value] = kind.data;
  }
  return byInstitution;
});

/**
 * The environment qualification-lookup reads beyond the platform's ServiceEnv. Parsed once at
 * start-up, failing fast with the variable at fault (a NaN, a negative or an unknown value never
 * passes); the module's options (tests, the embedded runner) override the parsed values.
 */
export const QualificationLookupEnv = z
  .object({
    /** Where answers come from unless the institution is listed below (see domain/eligibility-source.ts). */
    ELIGIBILITY_SOURCE: optional(EligibilitySourceKind.default('device-reported')),
    ELIGIBILITY_SOURCE_BY_INSTITUTION: optional(SourcesByInstitution.default({})),
    /** The `generic-http` source's endpoint (not a national API); required when a source is generic-http. */
    GENERIC_HTTP_URL: optional(z.url({ protocol: /^https?$/ }).optional()),
    /** Read by the former HTTP adapter: refused, so that a deployment still setting it does not silently run on another source. */
    NATIONAL_SYSTEM_URL: optional(z.string().optional()),
    /** With `production` the simulator is refused, unless ELIGIBILITY_SIMULATOR_ALLOWED=true (a load test). */
    NODE_ENV: optional(z.string().optional()),
    ELIGIBILITY_SIMULATOR_ALLOWED: optional(z.enum(['true', 'false']).default('false')),
    /** The device-key ring that opens the signing keys of device.credential-issued v2: `<id>=<secret>` pairs. */
    DEVICE_KEY_ENCRYPTION_KEYS: optional(z.string().optional()),
    DEVICE_KEY_ENCRYPTION_KEYS_FILE: optional(z.string().optional()),
    DEVICE_KEY_ENCRYPTION_KEY_CURRENT: optional(z.string().optional()),
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
    /** Lookups per second per institution, shared by every replica on MongoDB (in-process runs: a bucket with a burst of 100). */
    LOOKUP_RATE_PER_INSTITUTION: optional(z.coerce.number().positive().default(50)),
    /** How long a request may wait on the retry topic before it is answered "unavailable". */
    LOOKUP_DEADLINE_MS: optional(wholeNumber().min(1).default(600_000)),
  })
  .superRefine((env, ctx) => {
    const inUse = sourcesInUse({ defaultSource: env.ELIGIBILITY_SOURCE, byInstitution: env.ELIGIBILITY_SOURCE_BY_INSTITUTION });
    if (env.NATIONAL_SYSTEM_URL !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['NATIONAL_SYSTEM_URL'],
        message:
          'is no longer read: name the source (ELIGIBILITY_SOURCE, ELIGIBILITY_SOURCE_BY_INSTITUTION) and, for generic-http, GENERIC_HTTP_URL',
      });
    if (inUse.has('generic-http') && !env.GENERIC_HTTP_URL)
      ctx.addIssue({ code: 'custom', path: ['GENERIC_HTTP_URL'], message: 'must be set when a source is generic-http' });
    if (inUse.has('simulator') && env.NODE_ENV === 'production' && env.ELIGIBILITY_SIMULATOR_ALLOWED !== 'true')
      ctx.addIssue({
        code: 'custom',
        path: [env.ELIGIBILITY_SOURCE === 'simulator' ? 'ELIGIBILITY_SOURCE' : 'ELIGIBILITY_SOURCE_BY_INSTITUTION'],
        message: REFUSALS.simulator,
      });
  })
  .transform((env) => ({
    sources: {
      defaultSource: env.ELIGIBILITY_SOURCE,
      byInstitution: env.ELIGIBILITY_SOURCE_BY_INSTITUTION,
    } satisfies EligibilitySourceSettings,
    genericHttpUrl: env.GENERIC_HTTP_URL?.replace(/\/$/, ''),
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

export type QualificationLookupConfig = z.infer<typeof QualificationLookupEnv> & {
  /** Opens the sealed signing keys of device.credential-issued v2 (the on-site bridges' keys). */
  deviceKeys: KeyRing;
};

export function loadQualificationLookupConfig(env: NodeJS.ProcessEnv = process.env): QualificationLookupConfig {
  const parsed = QualificationLookupEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid qualification-lookup configuration: ${problems}`);
  }
  return { ...parsed.data, deviceKeys: deviceKeyRingFromEnv(env) };
}

/**
 * The production refusals of qualification-lookup: the platform's, its device-key ring's and its
 * own configuration (the simulator unless allowed); called before anything connects.
 */
export function qualificationLookupStartupCheck(env: NodeJS.ProcessEnv = process.env): void {
  loadQualificationLookupConfig(env);
  refuseUnsafeDefaults(env, [deviceKeyRefusal(env)]);
}
