import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors, type AccessTokenLike, type KoaContextWithOidc } from 'oidc-provider';
import type { StaffClaims, StaffRole } from '@hcv/contracts';
import { OidcStaffTokenVerifier, type StaffTokens } from '@hcv/platform-access';

/**
 * The development identity provider of embedded mode (oidc-provider on loopback), so the operations
 * desk's login is real end to end: OpenID Connect discovery and JWKS, the public client
 * `operations-desk` with the authorization code flow and PKCE (S256, required), a login form, and JWT
 * access tokens (RS256) for the API audience carrying the `roles` and `sites` claims the services map
 * (STAFF_ROLES_CLAIM / STAFF_SITES_CLAIM defaults). Development only: the users are fixed and their
 * password is their user name.
 */
export const DEV_USERS: Record<string, { roles: StaffRole[]; sites?: string[]; name: string }> = {
  operator: { roles: ['operator'], name: '運用担当 (operator)' },
  auditor: { roles: ['auditor'], name: '監査担当 (auditor)' },
  analyst: { roles: ['analyst'], name: '分析担当 (analyst)' },
  admin: { roles: ['operator', 'auditor', 'analyst'], name: '管理者 (admin)' },
};

export const DESK_CLIENT_ID = 'operations-desk';
export const DESK_SCOPES = ['openid', 'profile'];
/** The API audience of the embedded run's access tokens (what every service checks in `aud`). */
export const EMBEDDED_API_AUDIENCE = 'urn:hcv:staff-api';
/** The resource server's own scope (the desk asks only for openid/profile; the token is for the audience). */
const API_SCOPE = 'staff';

export interface DevIdentityProvider {
  issuer: string;
  audience: string;
  clientId: string;
  scopes: string[];
  /** Registers the desk's client with its redirect `<deskOrigin>/desk/callback` (known once the audit service listens). */
  registerDesk(auditUrl: string): void;
  stop(): Promise<void>;
}

const html = (body: string) => `<!doctype html>
<html lang="ja"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ログイン — 開発用 ID プロバイダ</title>
<style>body{font-family:system-ui,sans-serif;max-width:26rem;margin:4rem auto;padding:0 1rem}label{display:block;margin:.8rem 0 .2rem}
input{width:100%;padding:.5rem;font-size:1rem}button{margin-top:1.2rem;padding:.6rem 1.4rem;font-size:1rem}.error{color:#b00020}</style>
</head><body>${body}</body></html>`;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error?: string): string {
  return html(`<h1>ログイン <small>(Log in)</small></h1>
<p>開発用 ID プロバイダ — development identity provider of the embedded run.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${encodeURIComponent(uid)}/login">
<label for="login">利用者名 (user)</label><input id="login" name="login" autocomplete="username" required autofocus>
<label for="password">パスワード (password)</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">ログイン</button>
</form>`);
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 8192) throw new Error('form too large');
    chunks.push(chunk as Buffer);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

/** Starts the provider's HTTP server on loopback (`port` 0: any free port). */
export async function startDevIdentityProvider(options: { port?: number } = {}): Promise<DevIdentityProvider> {
  let provider: Provider | undefined;
  let callback: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let deskOrigin = '';
  const server: Server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!provider || !callback) {
        res.writeHead(503, { 'content-type': 'text/plain' }).end('starting');
        return;
      }
      const interaction = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
      if (!interaction) return callback(req, res);
      res.setHeader('cache-control', 'no-store');
      // the form's answer redirects through the provider back to the desk: both are form targets
      res.setHeader(
        'content-security-policy',
        `default-src 'none'; style-src 'unsafe-inline'; form-action 'self' ${deskOrigin}; frame-ancestors 'none'`,
      );
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'consent') {
        // the desk is the federation's own first-party client: no consent screen
        const grant = new provider.Grant({ clientId: DESK_CLIENT_ID, accountId: details.session!.accountId! });
        grant.addOIDCScope(DESK_SCOPES.join(' '));
        grant.addResourceScope(EMBEDDED_API_AUDIENCE, API_SCOPE);
        await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
        return;
      }
      if (req.method === 'POST' && interaction[2]) {
        const form = await formBody(req);
        const login = form.get('login') ?? '';
        if (!DEV_USERS[login] || form.get('password') !== login) {
          res
            .writeHead(401, { 'content-type': 'text/html; charset=utf-8' })
            .end(loginPage(details.uid, '利用者名またはパスワードが違います (unknown user or wrong password)'));
          return;
        }
        await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid));
    } catch (error) {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`The login could not continue: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  return {
    issuer,
    audience: EMBEDDED_API_AUDIENCE,
    clientId: DESK_CLIENT_ID,
    scopes: DESK_SCOPES,
    registerDesk(auditUrl: string) {
      deskOrigin = new URL(auditUrl).origin;
      provider = newProvider(issuer, `${auditUrl.replace(/\/$/, '')}/desk`);
      callback = provider.callback();
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function newProvider(issuer: string, deskBase: string): Provider {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: `dev-${randomBytes(4).toString('hex')}`, alg: 'RS256', use: 'sig' };
  const deskOrigin = new URL(deskBase).origin;
  return new Provider(issuer, {
    clients: [
      {
        client_id: DESK_CLIENT_ID,
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code'],
        response_types: ['code'],
        redirect_uris: [`${deskBase}/callback`],
        post_logout_redirect_uris: [`${deskBase}/`],
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => EMBEDDED_API_AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: unknown, resource: string) => {
          if (resource !== EMBEDDED_API_AUDIENCE) throw new errors.InvalidTarget(`the only API here is ${EMBEDDED_API_AUDIENCE}`);
          return {
            scope: API_SCOPE,
            audience: EMBEDDED_API_AUDIENCE,
            accessTokenFormat: 'jwt',
            accessTokenTTL: 8 * 3600,
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    // the desk's browser origin may call the token endpoint (a public client has no secret to protect)
    clientBasedCORS: (_ctx: unknown, origin: string) => origin === deskOrigin,
    claims: { openid: ['sub'], profile: ['name'] },
    findAccount: (_ctx: unknown, sub: string) =>
      DEV_USERS[sub] ? { accountId: sub, claims: () => ({ sub, name: DEV_USERS[sub]!.name }) } : undefined,
    extraTokenClaims: (_ctx: unknown, token: AccessTokenLike) => {
      const user = token.kind === 'AccessToken' && token.accountId ? DEV_USERS[token.accountId] : undefined;
      return user ? { roles: user.roles, ...(user.sites ? { sites: user.sites } : {}) } : undefined;
    },
    loadExistingGrant: async (ctx: KoaContextWithOidc) => {
      const { client, session, result, provider: p } = ctx.oidc;
      const grantId = result?.consent?.grantId ?? (client && session?.grantIdFor(client.clientId));
      return grantId ? p.Grant.find(grantId) : undefined;
    },
    ttl: { AccessToken: 8 * 3600, AuthorizationCode: 60, IdToken: 3600, Interaction: 600, Session: 8 * 3600, Grant: 8 * 3600 },
    renderError: (ctx: { type: string; body: string }, out: Record<string, string>) => {
      ctx.type = 'html';
      ctx.body = html(`<h1>ログインできません (login failed)</h1><pre>${escapeHtml(JSON.stringify(out, null, 2))}</pre>`);
    },
  });
}

/**
 * What the embedded run's services accept: the development provider's access tokens (verified
 * against its JWKS like a deployment's) and the shared-secret HS256 tokens its own driver uses.
 * Chosen by the token's `alg`, so neither verifier sees the other's tokens.
 */
export function embeddedStaffTokens(hs256: StaffTokens, provider: Pick<DevIdentityProvider, 'issuer' | 'audience'>): StaffTokens {
  const oidc = new OidcStaffTokenVerifier({ issuer: provider.issuer, audience: provider.audience });
  return {
    verify(token: string): StaffClaims | Promise<StaffClaims> {
      let alg: unknown;
      try {
        alg = (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { alg?: unknown }).alg;
      } catch {
        alg = undefined;
      }
      return alg === 'HS256' ? hs256.verify(token) : oidc.verify(token);
    },
  };
}
