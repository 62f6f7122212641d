import { createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { StaffClaims, type StaffRole } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { StaffTokens } from './oidc-staff-token';

/**
 * Development staff bearer tokens: compact HS256 JWTs (RFC 7519) under a shared secret, used only when
 * no identity provider is configured (STAFF_OIDC_ISSUER unset: embedded runs, tests); deployments
 * verify the provider's tokens against its JWKS (oidc-staff-token.ts). The platform only verifies:
 * algorithm pinned to HS256, constant-time signature check, issuer, expiry, and the claims' shape.
 */
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
/** The issuer of shared-secret tokens; an identity provider's tokens name their own (see OidcStaffTokenVerifier). */
const ISSUER = 'hcv';
export const MIN_SECRET_LENGTH = 32;
const CLOCK_SKEW_SECONDS = 60;

function b64url(text: string | Buffer): string {
  return Buffer.from(text).toString('base64url');
}

function sign(secret: string, signingInput: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

function assertSecret(secret: string): void {
  if (secret.length < MIN_SECRET_LENGTH) throw new Error(`the staff token secret must be at least ${MIN_SECRET_LENGTH} characters`);
}

export function issueStaffToken(input: {
  secret: string;
  subject: string;
  roles: StaffRole[];
  sites?: string[];
  ttlSeconds?: number;
  nowMillis?: number;
}): string {
  assertSecret(input.secret);
  const iat = Math.floor((input.nowMillis ?? Date.now()) / 1000);
  const claims = StaffClaims.parse({
    iss: ISSUER,
    sub: input.subject,
    roles: input.roles,
    sites: input.sites,
    iat,
    exp: iat + (input.ttlSeconds ?? 8 * 3600),
  });
  const signingInput = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${sign(input.secret, signingInput).toString('base64url')}`;
}

const invalid = (why: string) => new DomainError('staff-token-invalid', `The staff token is not valid: ${why}.`, 401);

export class StaffTokenVerifier implements StaffTokens {
  constructor(private readonly secret: string) {
    assertSecret(secret);
  }

  verify(token: string, nowMillis = Date.now()): StaffClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || token.length > 4096) throw invalid('not a compact JWT');
    const [header, payload, signature] = parts as [string, string, string];
    let parsedHeader: unknown;
    try {
      parsedHeader = JSON.parse(Buffer.from(header, 'base64url').toString('utf8'));
    } catch {
      throw invalid('unreadable header');
    }
    const h = parsedHeader as { alg?: unknown; typ?: unknown } | null;
    if (typeof h !== 'object' || h === null || h.alg !== 'HS256') throw invalid('only HS256 is accepted');
    const expected = sign(this.secret, `${header}.${payload}`);
    const given = Buffer.from(signature, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid('signature mismatch');
    let claims: unknown;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    } catch {
      throw invalid('unreadable claims');
    }
    const parsed = StaffClaims.safeParse(claims);
    if (!parsed.success) throw invalid(`claims do not match (${parsed.error.issues[0]?.path.join('.') || 'shape'})`);
    if (parsed.data.iss !== ISSUER) throw invalid(`the issuer is not ${ISSUER}`);
    const nowSeconds = nowMillis / 1000;
    if (parsed.data.exp < nowSeconds - CLOCK_SKEW_SECONDS)
      throw new DomainError('staff-token-expired', 'The staff token has expired; obtain a new one.', 401);
    if (parsed.data.iat > nowSeconds + CLOCK_SKEW_SECONDS) throw invalid('issued in the future');
    return parsed.data;
  }
}

/**
 * The secret staff tokens are verified with: HCV_STAFF_TOKEN_SECRET, or the file named by
 * HCV_STAFF_TOKEN_SECRET_FILE (a mounted Kubernetes/compose secret). Never a default.
 */
export function staffTokenSecretFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const file = env.HCV_STAFF_TOKEN_SECRET_FILE;
  const secret = file ? readFileSync(file, 'utf8').trim() : env.HCV_STAFF_TOKEN_SECRET;
  if (!secret) throw new Error('Invalid configuration: HCV_STAFF_TOKEN_SECRET (or HCV_STAFF_TOKEN_SECRET_FILE) must be set');
  assertSecret(secret);
  return secret;
}

/** One token per role for an automated client (the federation driver, tests, the embedded run). */
export function staffTokensForAllRoles(secret: string, subject: string, sites: string[] = []): Record<StaffRole, string> {
  return {
    operator: issueStaffToken({ secret, subject, roles: ['operator'] }),
    auditor: issueStaffToken({ secret, subject, roles: ['auditor'] }),
    analyst: issueStaffToken({ secret, subject, roles: ['analyst'] }),
    'site-manager': issueStaffToken({ secret, subject, roles: ['site-manager'], sites: sites.length ? sites : ['-'] }),
  };
}
