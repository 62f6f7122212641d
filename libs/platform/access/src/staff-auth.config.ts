import { z } from 'zod';
import { StaffRole } from '@hcv/contracts';
import { OIDC_ALGORITHMS, OidcStaffTokenVerifier, type StaffTokens } from './oidc-staff-token';
import { StaffTokenVerifier, staffTokenSecretFromEnv } from './staff-token';

/** An empty variable counts as unset (a compose file or a ConfigMap may pass `NAME=`). */
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema);

const list = (s: string) =>
  s
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * How every service verifies staff bearer tokens (read once at start-up, the same names in
 * k8s/base/config.env and docker-compose.yml). With STAFF_OIDC_ISSUER set: the identity provider's
 * JWTs against its JWKS; unset (development, embedded): HS256 with HCV_STAFF_TOKEN_SECRET.
 */
export const StaffAuthEnv = z.object({
  /** The identity provider's issuer identifier (as in its tokens' `iss`); its discovery document gives the JWKS. */
  STAFF_OIDC_ISSUER: optional(z.url({ protocol: /^https?$/ }).optional()),
  /** The audience the access tokens are issued for (`aud`); required with the issuer. */
  STAFF_OIDC_AUDIENCE: optional(z.string().min(1).max(300).optional()),
  /** The JWKS address when it is not the discovery document's `jwks_uri`. */
  STAFF_OIDC_JWKS_URL: optional(z.url({ protocol: /^https?$/ }).optional()),
  STAFF_OIDC_ALGORITHMS: z
    .string()
    .default(OIDC_ALGORITHMS.join(','))
    .transform(list)
    .pipe(z.array(z.enum(OIDC_ALGORITHMS)).min(1)),
  /** The claim holding the roles (a dotted path for nested claims, e.g. realm_access.roles). */
  STAFF_ROLES_CLAIM: optional(z.string().min(1).max(100).default('roles')),
  /** The claim holding a site manager's sites. */
  STAFF_SITES_CLAIM: optional(z.string().min(1).max(100).default('sites')),
  /** The provider's role names for the platform's roles: `<provider role>=<role>` pairs, comma-separated. */
  STAFF_ROLE_MAP: z
    .string()
    .default('')
    .transform(list)
    .pipe(
      z.array(
        z
          .string()
          .regex(
            /^[^=\s]+=(operator|site-manager|auditor|analyst)$/,
            'STAFF_ROLE_MAP lists pairs such as desk-staff=operator (roles: operator, site-manager, auditor, analyst)',
          ),
      ),
    )
    .transform((pairs) => Object.fromEntries(pairs.map((p) => p.split('=') as [string, StaffRole]))),
  /** How long the provider's keys are used before being fetched again. */
  STAFF_JWKS_CACHE_SECONDS: z.coerce.number().int().min(10).max(86_400).default(600),
  /** The least time between two fetches when a token names an unknown key id (a rotation). */
  STAFF_JWKS_COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3_600).default(30),
});
export type StaffAuthEnv = z.infer<typeof StaffAuthEnv>;

export function loadStaffAuthEnv(env: NodeJS.ProcessEnv = process.env): StaffAuthEnv {
  const parsed = StaffAuthEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  if (parsed.data.STAFF_OIDC_ISSUER && !parsed.data.STAFF_OIDC_AUDIENCE)
    throw new Error('Invalid configuration: STAFF_OIDC_AUDIENCE must be set with STAFF_OIDC_ISSUER');
  return parsed.data;
}

/** The staff-token verifier the environment asks for: the identity provider's JWKS, or (no issuer) the HS256 secret. */
export function staffTokensFromEnv(env: NodeJS.ProcessEnv = process.env): StaffTokens {
  const settings = loadStaffAuthEnv(env);
  if (!settings.STAFF_OIDC_ISSUER) return new StaffTokenVerifier(staffTokenSecretFromEnv(env));
  return new OidcStaffTokenVerifier({
    issuer: settings.STAFF_OIDC_ISSUER,
    audience: settings.STAFF_OIDC_AUDIENCE!,
    ...(settings.STAFF_OIDC_JWKS_URL ? { jwksUrl: settings.STAFF_OIDC_JWKS_URL } : {}),
    algorithms: settings.STAFF_OIDC_ALGORITHMS,
    mapping: { rolesClaim: settings.STAFF_ROLES_CLAIM, sitesClaim: settings.STAFF_SITES_CLAIM, roleMap: settings.STAFF_ROLE_MAP },
    cacheMaxAgeMillis: settings.STAFF_JWKS_CACHE_SECONDS * 1000,
    cooldownMillis: settings.STAFF_JWKS_COOLDOWN_SECONDS * 1000,
  });
}
