import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { OidcStaffTokenVerifier, staffClaimsFrom } from './oidc-staff-token';
import { staffTokensFromEnv } from './staff-auth.config';
import { issueStaffToken, StaffTokenVerifier } from './staff-token';

/**
 * Staff tokens of an identity provider, verified against its JWKS: a provider stand-in on loopback
 * (a discovery document and a JWKS the test rotates), keys made with jose.
 */
interface SigningKey {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  jwk: JWK;
}

async function signingKey(kid: string, alg: 'RS256' | 'ES256'): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

const AUDIENCE = 'https://api.hcv.example.jp';

describe('staff tokens of an identity provider (OIDC, JWKS)', () => {
  let server: Server;
  let issuer = '';
  let published: SigningKey[] = [];
  let jwksFetches = 0;
  let jwksDown = false;
  let first: SigningKey;
  let second: SigningKey;

  beforeAll(async () => {
    [first, second] = await Promise.all([signingKey('key-1', 'RS256'), signingKey('key-2', 'ES256')]);
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
      else if (req.url === '/jwks' && jwksDown) res.writeHead(500).end('{}');
      else if (req.url === '/jwks') {
        jwksFetches += 1;
        res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
      } else res.writeHead(404).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    published = [first];
    jwksFetches = 0;
  });

  const token = (
    key: SigningKey,
    claims: Record<string, unknown> = { roles: ['operator'] },
    options: { issuer?: string; audience?: string; expiresIn?: string | number; subject?: string } = {},
  ) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .setIssuer(options.issuer ?? issuer)
      .setAudience(options.audience ?? AUDIENCE)
      .setSubject(options.subject ?? 'staff-0042')
      .setIssuedAt()
      .setExpirationTime(options.expiresIn ?? '5m')
      .sign(key.privateKey);

  const verifier = (more: Partial<ConstructorParameters<typeof OidcStaffTokenVerifier>[0]> = {}) =>
    new OidcStaffTokenVerifier({ issuer, audience: AUDIENCE, cooldownMillis: 0, ...more });

  it('accepts an RS256 token of the issuer for the audience, finding the JWKS through discovery, and maps its claims', async () => {
    const claims = await verifier().verify(await token(first, { roles: ['operator', 'auditor'] }));
    expect(claims).toMatchObject({ iss: issuer, sub: 'staff-0042', roles: ['auditor', 'operator'] });
    expect(claims.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it('keeps the keys it fetched: many verifications, one JWKS fetch', async () => {
    const v = verifier({ cooldownMillis: 30_000 });
    const t = await token(first);
    for (let i = 0; i < 5; i++) await v.verify(t);
    expect(jwksFetches).toBe(1);
  });

  it('accepts a token signed with a new key once the provider has rotated (ES256), and refuses the retired key', async () => {
    const v = verifier();
    await v.verify(await token(first));
    published = [second]; // the provider rotates: key-1 out, key-2 in
    await expect(v.verify(await token(second, { roles: ['analyst'] }))).resolves.toMatchObject({ roles: ['analyst'] });
    expect(jwksFetches).toBe(2);
    // key-1 is still cached until the set is fetched again: an unknown kid fetches again; a known one
    // keeps working until the cache ages (a short cache makes the retirement visible here)
    const short = verifier({ cacheMaxAgeMillis: 0 });
    await expect(short.verify(await token(first))).rejects.toMatchObject({ code: 'staff-token-invalid' });
  });

  it('does not fetch the JWKS again for unknown key ids within the cool-down', async () => {
    const v = verifier({ cooldownMillis: 60_000 });
    await v.verify(await token(first));
    published = [first, second];
    await expect(v.verify(await token(second))).rejects.toMatchObject({ code: 'staff-token-invalid' });
    await expect(v.verify(await token(second))).rejects.toMatchObject({ code: 'staff-token-invalid' });
    expect(jwksFetches).toBe(1);
  });

  it.each([
    ['another issuer', { issuer: 'https://idp.other.example.jp' }, /claim iss/],
    ['another audience', { audience: 'https://other-api.example.jp' }, /claim aud/],
  ])('refuses a token of %s', async (_, options, why) => {
    await expect(verifier().verify(await token(first, { roles: ['operator'] }, options))).rejects.toMatchObject({
      code: 'staff-token-invalid',
      status: 401,
      message: expect.stringMatching(why),
    });
  });

  it('refuses an expired token as expired', async () => {
    const expired = await token(first, { roles: ['operator'] }, { expiresIn: Math.floor(Date.now() / 1000) - 3600 });
    await expect(verifier().verify(expired)).rejects.toMatchObject({ code: 'staff-token-expired', status: 401 });
  });

  it('refuses a key the provider never published, an HS256 token, an alg:none token and an edited payload', async () => {
    const stranger = await signingKey('key-1', 'RS256'); // the same kid, another key
    await expect(verifier().verify(await token(stranger))).rejects.toMatchObject({ code: 'staff-token-invalid', message: /signature/ });
    const hs256 = issueStaffToken({ secret: 'x'.repeat(32), subject: 's', roles: ['operator'] });
    await expect(verifier().verify(hs256)).rejects.toMatchObject({ code: 'staff-token-invalid', message: /RS256, ES256/ });
    const [, payload] = (await token(first)).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${payload}.`;
    await expect(verifier().verify(none)).rejects.toMatchObject({ code: 'staff-token-invalid' });
    const [h, , s] = (await token(first)).split('.');
    const edited = Buffer.from(JSON.stringify({ iss: issuer, aud: AUDIENCE, sub: 'x', roles: ['auditor'], exp: 9e9 })).toString(
      'base64url',
    );
    await expect(verifier().verify(`${h}.${edited}.${s}`)).rejects.toMatchObject({ code: 'staff-token-invalid', message: /signature/ });
  });

  it('answers 503 identity-provider-unavailable when the keys cannot be fetched, and recovers when they can', async () => {
    const v = verifier();
    jwksDown = true;
    await expect(v.verify(await token(first))).rejects.toMatchObject({ code: 'identity-provider-unavailable', status: 503 });
    jwksDown = false;
    await expect(v.verify(await token(first))).resolves.toMatchObject({ sub: 'staff-0042' });
    const unreachable = new OidcStaffTokenVerifier({ issuer: 'http://127.0.0.1:9', audience: AUDIENCE, fetchTimeoutMillis: 1_000 });
    await expect(unreachable.verify(await token(first))).rejects.toMatchObject({ code: 'identity-provider-unavailable' });
  });

  it('maps roles and sites from configured claims, nested or space-separated, through the role map', async () => {
    const v = verifier({
      mapping: {
        rolesClaim: 'realm_access.roles',
        sitesClaim: 'hcv_sites',
        roleMap: { 'desk-staff': 'operator', 'centre-lead': 'site-manager' },
      },
    });
    const claims = await v.verify(
      await token(first, { realm_access: { roles: ['desk-staff', 'centre-lead', 'offline_access'] }, hcv_sites: 'bus-01 site-07' }),
    );
    expect(claims).toMatchObject({ roles: ['operator', 'site-manager'], sites: ['bus-01', 'site-07'] });
    // the default claim `roles` is not read when another is configured
    await expect(v.verify(await token(first, { roles: ['operator'] }))).rejects.toMatchObject({
      message: /realm_access.roles names no role/,
    });
  });

  it('refuses a site manager without sites and a token with no role of the platform', () => {
    const base = { iss: issuer, sub: 's', iat: 1, exp: 2 };
    expect(() => staffClaimsFrom({ ...base, roles: ['site-manager'] })).toThrow(/sites/);
    expect(() => staffClaimsFrom({ ...base, roles: ['admin', 'offline_access'] })).toThrow(/names no role/);
    expect(staffClaimsFrom({ ...base, roles: 'analyst auditor' })).toMatchObject({ roles: ['analyst', 'auditor'] });
  });
});

describe('choosing the staff-token verifier from the environment', () => {
  const secret = 'test-only-secret-of-32-characters-at-least';

  it('uses the HS256 secret when no issuer is configured, and the JWKS when one is', () => {
    expect(staffTokensFromEnv({ HCV_STAFF_TOKEN_SECRET: secret })).toBeInstanceOf(StaffTokenVerifier);
    expect(staffTokensFromEnv({ HCV_STAFF_TOKEN_SECRET: secret, STAFF_OIDC_ISSUER: '' })).toBeInstanceOf(StaffTokenVerifier);
    expect(staffTokensFromEnv({ STAFF_OIDC_ISSUER: 'https://idp.example.jp/realms/hcv', STAFF_OIDC_AUDIENCE: 'hcv-api' })).toBeInstanceOf(
      OidcStaffTokenVerifier,
    );
  });

  it('fails fast naming the setting at fault', () => {
    expect(() => staffTokensFromEnv({ STAFF_OIDC_ISSUER: 'https://idp.example.jp' })).toThrow(/STAFF_OIDC_AUDIENCE must be set/);
    expect(() => staffTokensFromEnv({ STAFF_OIDC_ISSUER: 'ldap://idp', STAFF_OIDC_AUDIENCE: 'a' })).toThrow(/STAFF_OIDC_ISSUER/);
    expect(() =>
      staffTokensFromEnv({ STAFF_OIDC_ISSUER: 'https://idp.example.jp', STAFF_OIDC_AUDIENCE: 'a', STAFF_OIDC_ALGORITHMS: 'HS256' }),
    ).toThrow(/STAFF_OIDC_ALGORITHMS/);
    expect(() =>
      staffTokensFromEnv({ STAFF_OIDC_ISSUER: 'https://idp.example.jp', STAFF_OIDC_AUDIENCE: 'a', STAFF_ROLE_MAP: 'x=admin' }),
    ).toThrow(/STAFF_ROLE_MAP/);
    expect(() => staffTokensFromEnv({})).toThrow(/HCV_STAFF_TOKEN_SECRET/);
  });

  it('keeps refusing an HS256 token of another issuer', () => {
    const verifier = new StaffTokenVerifier(secret);
    const token = issueStaffToken({ secret, subject: 's', roles: ['operator'] });
    expect(verifier.verify(token)).toMatchObject({ iss: 'hcv' });
    const [h, p] = token.split('.');
    const claims = { ...JSON.parse(Buffer.from(p!, 'base64url').toString()), iss: 'https://idp.example.jp' };
    const body = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const forged = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    expect(() => verifier.verify(forged)).toThrow(/issuer/);
  });
});
