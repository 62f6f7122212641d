import { createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { StaffClaims, StaffRole } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';

/** What verifies a staff bearer token: the identity provider's JWKS (OIDC) or, in development, the HS256 secret. */
export interface StaffTokens {
  verify(token: string): StaffClaims | Promise<StaffClaims>;
}

/** Algorithms an identity provider may sign staff access tokens with (asymmetric only: the services hold no signing key). */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;
export type OidcAlgorithm = (typeof OIDC_ALGORITHMS)[number];

/**
 * How the identity provider's claims become the platform's roles and sites. Claim names may be dotted
 * paths (`realm_access.roles` in Keycloak); a claim may hold an array or a space/comma separated string.
 * `roleMap` renames the provider's roles (`hcv-desk` → operator); roles the platform does not know are
 * ignored, and a token left without any role is refused.
 */
export interface StaffClaimMapping {
  rolesClaim: string;
  sitesClaim: string;
  roleMap: Record<string, StaffRole>;
}

export const DEFAULT_CLAIM_MAPPING: StaffClaimMapping = { rolesClaim: 'roles', sitesClaim: 'sites', roleMap: {} };

export interface OidcStaffTokenOptions {
  /** The provider's issuer identifier, exactly as its tokens carry it in `iss`. */
  issuer: string;
  /** The API audience the access tokens must name in `aud`. */
  audience: string;
  /** The JWKS address; unset: the `jwks_uri` of the issuer's discovery document. */
  jwksUrl?: string;
  algorithms?: readonly OidcAlgorithm[];
  mapping?: StaffClaimMapping;
  /** How long fetched keys are used before they are fetched again (jose's cacheMaxAge). */
  cacheMaxAgeMillis?: number;
  /**
   * The least time between two fetches when a token names a key not in the cache (a rotation): a
   * stream of tokens with unknown key ids cannot make the services hammer the provider.
   */
  cooldownMillis?: number;
  fetchTimeoutMillis?: number;
  clockToleranceSeconds?: number;
}

const invalid = (why: string) => new DomainError('staff-token-invalid', `The staff token is not valid: ${why}.`, 401);
const unavailable = () =>
  new DomainError(
    'identity-provider-unavailable',
    'The identity provider’s signing keys could not be fetched, so the staff token cannot be checked; try again shortly.',
    503,
  );

function claimAt(payload: JWTPayload, path: string): unknown {
  if (path in payload) return payload[path];
  let value: unknown = payload;
  for (const part of path.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/[\s,]+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return [];
}

/** The platform's view of a verified token's claims (pure: the mapping rules, tested on their own). */
export function staffClaimsFrom(payload: JWTPayload, mapping: StaffClaimMapping = DEFAULT_CLAIM_MAPPING): StaffClaims {
  const roles = new Set<StaffRole>();
  for (const name of listOf(claimAt(payload, mapping.rolesClaim))) {
    const mapped = mapping.roleMap[name] ?? (StaffRole.safeParse(name).success ? (name as StaffRole) : undefined);
    if (mapped) roles.add(mapped);
  }
  if (!roles.size) throw invalid(`the claim ${mapping.rolesClaim} names no role of this platform`);
  const sites = listOf(claimAt(payload, mapping.sitesClaim));
  const parsed = StaffClaims.safeParse({
    iss: payload.iss,
    sub: payload.sub,
    roles: [...roles].sort(),
    ...(sites.length ? { sites } : {}),
    iat: payload.iat ?? payload.nbf ?? 0,
    exp: payload.exp,
  });
  if (!parsed.success) throw invalid(`claims do not match (${parsed.error.issues[0]?.path.join('.') || 'shape'})`);
  return parsed.data;
}

/**
 * Staff access tokens of the federation's identity provider (OpenID Connect): JWTs signed with RS256
 * or ES256, checked with jose against the provider's JWKS — fetched once, kept for
 * `cacheMaxAgeMillis`, fetched again when a token names a key id not in the cache (the provider
 * rotated its keys), at most once per `cooldownMillis`. Issuer, audience, expiry and not-before are
 * checked; `alg` is pinned (never `none`, never HS256 with a public key).
 */
export class OidcStaffTokenVerifier implements StaffTokens {
  private keys: Promise<JWTVerifyGetKey> | undefined;
  private readonly mapping: StaffClaimMapping;

  constructor(private readonly options: OidcStaffTokenOptions) {
    if (!/^https?:\/\//.test(options.issuer)) throw new Error(`the staff token issuer must be an http(s) URL, not '${options.issuer}'`);
    if (!options.audience) throw new Error('the staff token audience must be set with the issuer');
    this.mapping = options.mapping ?? DEFAULT_CLAIM_MAPPING;
  }

  async verify(token: string): Promise<StaffClaims> {
    if (token.length > 8192 || token.split('.').length !== 3) throw invalid('not a compact JWT');
    const keys = await this.keySet();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...(this.options.algorithms ?? OIDC_ALGORITHMS)],
        clockTolerance: this.options.clockToleranceSeconds ?? 60,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch (error) {
      throw this.refusal(error);
    }
    return staffClaimsFrom(payload, this.mapping);
  }

  private refusal(error: unknown): Error {
    if (error instanceof errors.JWTExpired)
      return new DomainError('staff-token-expired', 'The staff token has expired; obtain a new one.', 401);
    if (error instanceof errors.JWTClaimValidationFailed) return invalid(`the claim ${error.claim} does not match (${error.reason})`);
    if (error instanceof errors.JOSEAlgNotAllowed)
      return invalid(`only ${(this.options.algorithms ?? OIDC_ALGORITHMS).join(', ')} are accepted`);
    if (error instanceof errors.JWKSNoMatchingKey) return invalid('no signing key of the identity provider matches it');
    if (error instanceof errors.JWSSignatureVerificationFailed) return invalid('signature mismatch');
    // The key set could not be fetched or read (fetch fails with a TypeError): the provider, not the token, is at fault.
    if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error instanceof TypeError) return unavailable();
    if (error instanceof errors.JOSEError) return /JSON Web Key Set/.test(error.message) ? unavailable() : invalid(error.code);
    return error instanceof Error ? error : new Error(String(error));
  }

  /** The remote key set, from the configured address or the issuer's discovery document (asked once, again after a failure). */
  private keySet(): Promise<JWTVerifyGetKey> {
    this.keys ??= this.jwksUrl().then((url) =>
      createRemoteJWKSet(new URL(url), {
        cacheMaxAge: this.options.cacheMaxAgeMillis ?? 10 * 60_000,
        cooldownDuration: this.options.cooldownMillis ?? 30_000,
        timeoutDuration: this.options.fetchTimeoutMillis ?? 5_000,
      }),
    );
    return this.keys.catch((error: unknown) => {
      this.keys = undefined;
      throw error instanceof DomainError ? error : unavailable();
    });
  }

  private async jwksUrl(): Promise<string> {
    if (this.options.jwksUrl) return this.options.jwksUrl;
    const discovery = `${this.options.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discovery, { signal: AbortSignal.timeout(this.options.fetchTimeoutMillis ?? 5_000) });
    if (!response.ok) throw unavailable();
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    if (document.issuer !== this.options.issuer || typeof document.jwks_uri !== 'string') throw unavailable();
    return document.jwks_uri;
  }
}
