import { z } from 'zod';
import type { DeskClientConfig } from '@hcv/contracts';
import { devKeyRefusal, keyRingFromSettings, keyRingOf, refuseUnsafeDefaults, type KeyRing } from '@hcv/platform-runtime';

// Development default only, refused with NODE_ENV=production; deployments set AUDIT_PII_KEY (or
// AUDIT_PII_KEY_FILE, or the ring AUDIT_PII_KEYS during a rotation) from a secret (k8s: hcv-secrets).
export const DEV_PII_KEY = 'dev-only-audit-pseudonym-key';

/** An empty variable counts as unset (a compose file or a shell may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

/**
 * The environment audit reads beyond the platform's ServiceEnv (libs/platform/runtime): the keys it
 * pseudonymises and encrypts personal fields with, as a key ring (libs/platform/runtime key-ring.ts).
 * Parsed once at start-up; a missing, short or development key in production stops the start.
 */
export const AuditEnv = z.object({
  AUDIT_PII_KEY: optional(z.string().optional()),
  /** A file holding the key (a mounted secret); wins over AUDIT_PII_KEY. */
  AUDIT_PII_KEY_FILE: optional(z.string().optional()),
  /** During a rotation: `<id>=<secret>` pairs beside AUDIT_PII_KEY (whose id is 1). */
  AUDIT_PII_KEYS: optional(z.string().optional()),
  AUDIT_PII_KEYS_FILE: optional(z.string().optional()),
  /** The key id new records are written with (default 1, AUDIT_PII_KEY). */
  AUDIT_PII_KEY_CURRENT: optional(z.string().optional()),
  /**
   * audit's consumer is on no verification's path (the operations desk may lag about a second):
   * the broker holds its fetch until this many bytes are there or AUDIT_FETCH_MAX_WAIT_MS passed,
   * so each fetch brings many events at once and the projections store them with one write per
   * collection. Kept below a second with the batch's handling, the desk's lag bound.
   */
  AUDIT_FETCH_MAX_WAIT_MS: optional(z.coerce.number().int().min(0).max(900).default(500)),
  AUDIT_FETCH_MIN_BYTES: optional(z.coerce.number().int().min(1).max(10_485_760).default(262_144)),
  /**
   * Most bytes of one partition in one fetch (kafkajs' default is 1 MiB). audit starts a fetched
   * batch's messages together (`partition-start`), so this bounds how many events it holds at once
   * when it catches up (a backlog, a burst of registrations): what is in flight is what its heap
   * must hold, and resident memory keeps the high-water mark (bench:skeleton at 30/s after the
   * seeding burst: RSS 167–169 MB, old space up to 60 MB with 1 MiB; 152 MB, 51 MB with 64 KiB).
   * At the verification flow's rates a partition's batch in one fetch is far smaller.
   */
  AUDIT_FETCH_MAX_BYTES_PER_PARTITION: optional(z.coerce.number().int().min(1_024).max(10_485_760).default(65_536)),
  /**
   * Partitions audit handles at once (each in offset order): at least the partitions the flow's
   * events arrive on, so one fetch's events are handled — and written — together.
   */
  AUDIT_PARTITIONS_CONCURRENCY: optional(z.coerce.number().int().min(1).max(256).default(32)),
  /**
   * How long a projection's write waits for the writes of the other partitions being handled
   * (0: until the current turn of the event loop is done) before it leaves as one bulk write.
   * A partition's fetched batch is started together (partition-start order), so the current turn
   * already holds the fetch's writes: 50 ms measured no fewer commands (30/s, same-run A/B: 1.17
   * at 0, 2.24 at 50 per verification) and would add its wait to the desk's lag. Default 0.
   */
  AUDIT_BATCH_GATHER_MS: optional(z.coerce.number().int().min(0).max(100).default(0)),
  NODE_ENV: z.string().optional(),
});

/** How audit's consumer fetches and how its projections gather their writes (AUDIT_FETCH_*, AUDIT_PARTITIONS_CONCURRENCY, AUDIT_BATCH_GATHER_MS). */
export interface AuditConsumerSettings {
  fetch: { maxWaitTimeInMs: number; minBytes: number; maxBytesPerPartition: number };
  partitionsConsumedConcurrently: number;
  batchGatherMillis: number;
}

export interface AuditConfig {
  /** The key audit pseudonymises and encrypts personal fields with now (the ring's current key). */
  piiKey: string;
  /** Every key by id: old records stay readable after a rotation. */
  piiKeys: KeyRing;
}

/** What a module registration may give (tests, embedded mode); each overrides its variable. */
export type AuditOptions = { piiKey?: string; piiKeys?: KeyRing };

const AuditOptionsSchema = z.object({ piiKey: z.string().min(1, 'piiKey must not be empty').optional() });

function ringFromEnv(env: NodeJS.ProcessEnv): KeyRing {
  return keyRingFromSettings({
    name: 'AUDIT_PII_KEY',
    single: { value: env.AUDIT_PII_KEY, file: env.AUDIT_PII_KEY_FILE },
    ring: { value: env.AUDIT_PII_KEYS, file: env.AUDIT_PII_KEYS_FILE },
    current: env.AUDIT_PII_KEY_CURRENT,
    devDefault: { id: '1', secret: DEV_PII_KEY },
  });
}

/** The production refusals of audit (the platform's and its key ring's); called before anything connects. */
export function auditStartupCheck(env: NodeJS.ProcessEnv = process.env): void {
  const ring = ringFromEnv(env);
  refuseUnsafeDefaults(env, [devKeyRefusal('AUDIT_PII_KEY', [...ring.keys.values()], [DEV_PII_KEY])]);
}

/** The service's configuration: the environment, overridden by the module's options; throws naming the bad value. */
export function loadAuditConfig(source: NodeJS.ProcessEnv = process.env, options: AuditOptions = {}): AuditConfig {
  const fromEnv = AuditEnv.safeParse(source);
  const given = AuditOptionsSchema.safeParse({ piiKey: options.piiKey });
  if (!fromEnv.success || !given.success) {
    const issues = [...(fromEnv.error?.issues ?? []), ...(given.error?.issues ?? [])];
    throw new Error(`Invalid audit configuration: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const env = fromEnv.data;
  const piiKeys = options.piiKeys ?? (given.data.piiKey ? keyRingOf({ '1': given.data.piiKey }) : ringFromEnv(source));
  if (!options.piiKeys && !given.data.piiKey && env.NODE_ENV === 'production') {
    const refusal = devKeyRefusal('AUDIT_PII_KEY', [...piiKeys.keys.values()], [DEV_PII_KEY]);
    if (refusal) throw new Error(`Invalid configuration: ${refusal}`);
  }
  return { piiKey: piiKeys.current, piiKeys };
}

function consumerSettingsOf(env: z.infer<typeof AuditEnv>): AuditConsumerSettings {
  return {
    fetch: {
      maxWaitTimeInMs: env.AUDIT_FETCH_MAX_WAIT_MS,
      minBytes: env.AUDIT_FETCH_MIN_BYTES,
      maxBytesPerPartition: env.AUDIT_FETCH_MAX_BYTES_PER_PARTITION,
    },
    partitionsConsumedConcurrently: env.AUDIT_PARTITIONS_CONCURRENCY,
    batchGatherMillis: env.AUDIT_BATCH_GATHER_MS,
  };
}

/** The consumer's settings (apps/audit gives them to the bus and to the desk's projection; the module to its own). */
export function loadAuditConsumerSettings(source: NodeJS.ProcessEnv = process.env): AuditConsumerSettings {
  const parsed = AuditEnv.safeParse(source);
  if (!parsed.success)
    throw new Error(`Invalid audit configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return consumerSettingsOf(parsed.data);
}

/** The current key alone, from the environment (the secrets spec checks its rules beside the other services' keys). */
export function auditPiiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return loadAuditConfig(env).piiKey;
}

const publicUrl = optional(z.url({ protocol: /^https?$/ }).optional());

/**
 * What the operations desk (a browser app served by this process) is told at `GET /desk/config.json`:
 * the identity provider it logs in with (the same issuer and audience the services verify tokens
 * against), its client id and scopes, and where each API is. Unset URLs are null: the desk then calls
 * its own origin (audit) or leaves that part out.
 */
export const DeskEnv = z.object({
  STAFF_OIDC_ISSUER: optional(z.url({ protocol: /^https?$/ }).optional()),
  STAFF_OIDC_AUDIENCE: optional(z.string().min(1).max(300).optional()),
  /** The desk's client at the identity provider (public client, authorization code + PKCE S256). */
  DESK_OIDC_CLIENT_ID: optional(z.string().min(1).max(200).default('operations-desk')),
  DESK_OIDC_SCOPES: optional(z.string().min(1).max(500).default('openid profile')),
  AUDIT_PUBLIC_URL: publicUrl,
  DEVICE_REGISTRY_PUBLIC_URL: publicUrl,
  VOUCHER_MATCHING_PUBLIC_URL: publicUrl,
  CARD_SESSION_PUBLIC_URL: publicUrl,
});

const withoutSlash = (url: string | undefined) => (url ? url.replace(/\/+$/, '') : null);

export function loadDeskClientConfig(source: NodeJS.ProcessEnv = process.env): DeskClientConfig {
  const parsed = DeskEnv.safeParse(source);
  if (!parsed.success)
    throw new Error(`Invalid audit configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const env = parsed.data;
  return {
    issuer: env.STAFF_OIDC_ISSUER ?? null,
    clientId: env.DESK_OIDC_CLIENT_ID,
    audience: env.STAFF_OIDC_AUDIENCE ?? null,
    scopes: env.DESK_OIDC_SCOPES.split(/\s+/).filter(Boolean),
    apis: {
      audit: withoutSlash(env.AUDIT_PUBLIC_URL),
      deviceRegistry: withoutSlash(env.DEVICE_REGISTRY_PUBLIC_URL),
      voucherMatching: withoutSlash(env.VOUCHER_MATCHING_PUBLIC_URL),
      cardSession: withoutSlash(env.CARD_SESSION_PUBLIC_URL),
    },
  };
}
