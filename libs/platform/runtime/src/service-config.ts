import { z } from 'zod';
import type { ServiceName } from '@hcv/contracts';

/**
 * Environment every service reads at start-up; the same names are used by docker-compose.yml and
 * k8s/. Parsed once, failing fast with the variable at fault.
 */
export const ServiceEnv = z.object({
  KAFKA_BROKERS: z
    .string()
    .min(1)
    .transform((s) =>
      s
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
    ),
  MONGO_URL: z.string().regex(/^mongodb(\+srv)?:\/\//, 'MONGO_URL must be a mongodb:// URL'),
  /** Defaults to hcv_<service>; each service owns exactly one database. */
  MONGO_DB: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,60}$/)
    .optional(),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** 127.0.0.1 unless told otherwise; containers set 0.0.0.0. */
  HTTP_HOST: z.string().default('127.0.0.1'),
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  /** Browser origins allowed to call the API (CORS), comma-separated exact origins; unset: same-origin only. */
  CORS_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(/^https?:\/\/[^/\s*]+$/, 'CORS_ALLOWED_ORIGINS lists origins such as https://ops.example.jp (no path, no wildcard)'),
      ),
    ),
  /** Behind a TLS-terminating proxy: trust X-Forwarded-Proto (HSTS is sent on TLS requests only). */
  HTTP_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type ServiceEnv = z.infer<typeof ServiceEnv>;

export const DEFAULT_PORTS: Record<ServiceName, number> = {
  'device-registry': 3001,
  'card-session': 3002,
  'qualification-lookup': 3003,
  'voucher-matching': 3004,
  audit: 3005,
};

export function databaseName(service: ServiceName): string {
  return `hcv_${service.replace(/-/g, '_')}`;
}

export function loadServiceEnv(env: NodeJS.ProcessEnv = process.env): ServiceEnv {
  const parsed = ServiceEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
