import { z } from 'zod';
import type { DeskClientConfig } from '@hcv/contracts';
import { secretFromEnv } from '@hcv/platform-runtime';

// Development default only, refused with NODE_ENV=production; deployments set AUDIT_PII_KEY (or
// AUDIT_PII_KEY_FILE) from a secret (k8s: hcv-secrets).
export const DEV_PII_KEY = 'dev-only-audit-pseudonym-key';

/** An empty variable counts as unset (a compose file or a shell may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

/**
 * The environment audit reads beyond the platform's ServiceEnv (libs/platform/runtime): the key it
 * pseudonymises and encrypts personal fields with. Parsed once at start-up; a missing, short or
 * development key in production stops the start, naming the variable.
 */
export const AuditEnv = z.object({
  AUDIT_PII_KEY: optional(z.string().optional()),
  /** A file holding the key (a mounted secret); wins over AUDIT_PII_KEY. */
  AUDIT_PII_KEY_FILE: optional(z.string().optional()),
  NODE_ENV: z.string().optional(),
});

export interface AuditConfig {
  /** The key audit pseudonymises and encrypts personal fields with (see secretFromEnv for the rules). */
  piiKey: string;
}

/** What a module registration may give (tests, embedded mode); each overrides its variable. */
export type AuditOptions = Partial<AuditConfig>;

const AuditOptionsSchema = z.object({ piiKey: z.string().min(1, 'piiKey must not be empty').optional() });

/** The service's configuration: the environment, overridden by the module's options; throws naming the bad value. */
export function loadAuditConfig(source: NodeJS.ProcessEnv = process.env, options: AuditOptions = {}): AuditConfig {
  const fromEnv = AuditEnv.safeParse(source);
  const given = AuditOptionsSchema.safeParse(options);
  if (!fromEnv.success || !given.success) {
    const issues = [...(fromEnv.error?.issues ?? []), ...(given.error?.issues ?? [])];
    throw new Error(`Invalid audit configuration: ${issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const env = fromEnv.data;
  const piiKey =
    given.data.piiKey ??
    secretFromEnv({
      name: 'AUDIT_PII_KEY',
      value: env.AUDIT_PII_KEY,
      file: env.AUDIT_PII_KEY_FILE,
      nodeEnv: env.NODE_ENV,
      devDefault: DEV_PII_KEY,
      minLength: 32,
    });
  return { piiKey };
}

/** The key alone, from the environment (the secrets spec checks its rules beside the other services' keys). */
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
