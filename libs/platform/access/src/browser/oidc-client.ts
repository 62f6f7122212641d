/**
 * The operations desk's login in the browser: OpenID Connect authorization code flow with PKCE (S256)
 * as a public client, against the identity provider `GET /desk/config.json` names. No Node import and
 * no dependency: the desk app (Vite) imports this file as it is.
 *
 *   const config = await (await fetch('/desk/config.json')).json();
 *   // on a page that needs a login:
 *   if (!accessToken()) await startLogin(config, { returnTo: location.pathname });   // leaves the page
 *   // on /desk/callback:
 *   const { returnTo } = await completeLogin(config);  history.replaceState(null, '', returnTo);
 *   // every API call:
 *   fetch(url, { headers: { authorization: `Bearer ${accessToken()}` } });   // null: log in again
 *
 * The access token is kept in sessionStorage (this tab only, gone when it closes), never in the URL;
 * the PKCE verifier and `state` live there only between the redirect and the callback.
 */

/** The part of GET /desk/config.json the login needs. */
export interface DeskLoginConfig {
  issuer: string | null;
  clientId: string;
  audience: string | null;
  scopes: string[];
}

interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** What the login uses of the browser (passed explicitly in tests; `browserEnvironment()` otherwise). */
export interface LoginEnvironment {
  storage: KeyValueStore;
  location: { href: string; origin: string; assign(url: string): void };
  fetch: (
    url: string,
    init?: { method?: string; headers?: Record<string, string>; body?: string },
  ) => Promise<{
    ok: boolean;
    status: number;
    json(): Promise<unknown>;
  }>;
  crypto: {
    getRandomValues(array: Uint8Array): Uint8Array;
    subtle: { digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer> };
  };
}

export function browserEnvironment(): LoginEnvironment {
  const g = globalThis as unknown as {
    sessionStorage: KeyValueStore;
    location: LoginEnvironment['location'];
    fetch: LoginEnvironment['fetch'];
    crypto: LoginEnvironment['crypto'];
  };
  return { storage: g.sessionStorage, location: g.location, fetch: (url, init) => g.fetch(url, init), crypto: g.crypto };
}

export class LoginError extends Error {
  constructor(
    readonly code: 'login-not-configured' | 'login-state-mismatch' | 'login-refused' | 'token-request-failed' | 'provider-unreachable',
    message: string,
  ) {
    super(message);
    this.name = 'LoginError';
  }
}

const PENDING_KEY = 'hcv.desk.login.pending';
const TOKEN_KEY = 'hcv.desk.login.token';
/** A token this close to its expiry counts as expired (a request must not reach the API just after it). */
const EXPIRY_MARGIN_MILLIS = 30_000;

interface Pending {
  state: string;
  verifier: string;
  nonce: string;
  redirectUri: string;
  returnTo: string;
}

interface StoredToken {
  accessToken: string;
  expiresAt: number;
  idToken?: string;
}

interface ProviderMetadata {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  end_session_endpoint?: string;
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const randomString = (env: LoginEnvironment) => base64url(env.crypto.getRandomValues(new Uint8Array(32)));

async function discover(config: DeskLoginConfig, env: LoginEnvironment): Promise<ProviderMetadata> {
  if (!config.issuer) throw new LoginError('login-not-configured', 'No identity provider is configured for the desk (STAFF_OIDC_ISSUER).');
  const response = await env.fetch(`${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`).catch(() => undefined);
  if (!response?.ok) throw new LoginError('provider-unreachable', `The identity provider ${config.issuer} did not answer.`);
  const metadata = (await response.json()) as ProviderMetadata;
  if (metadata.issuer !== config.issuer)
    throw new LoginError('provider-unreachable', `The identity provider calls itself ${metadata.issuer}.`);
  return metadata;
}

/** The callback address of the desk: `<origin>/desk/callback` (registered with the provider). */
export const deskRedirectUri = (env: LoginEnvironment = browserEnvironment()) => `${env.location.origin}/desk/callback`;

/** Leaves for the identity provider's login (the promise settles only if the redirect fails). */
export async function startLogin(
  config: DeskLoginConfig,
  options: { returnTo?: string; redirectUri?: string; loginHint?: string } = {},
  env: LoginEnvironment = browserEnvironment(),
): Promise<void> {
  const metadata = await discover(config, env);
  const pending: Pending = {
    state: randomString(env),
    verifier: randomString(env),
    nonce: randomString(env),
    redirectUri: options.redirectUri ?? deskRedirectUri(env),
    returnTo: options.returnTo ?? '/desk/',
  };
  const challenge = base64url(new Uint8Array(await env.crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier))));
  env.storage.setItem(PENDING_KEY, JSON.stringify(pending));
  const url = new URL(metadata.authorization_endpoint);
  const params: Record<string, string> = {
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: pending.redirectUri,
    scope: config.scopes.join(' '),
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(config.audience ? { resource: config.audience } : {}),
    ...(options.loginHint ? { login_hint: options.loginHint } : {}),
  };
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  env.location.assign(url.toString());
}

/** On the callback page: checks `state`, exchanges the code (with the PKCE verifier) for the tokens, keeps them. */
export async function completeLogin(
  config: DeskLoginConfig,
  env: LoginEnvironment = browserEnvironment(),
): Promise<{ returnTo: string; expiresAt: number }> {
  const callback = new URL(env.location.href);
  const raw = env.storage.getItem(PENDING_KEY);
  env.storage.removeItem(PENDING_KEY); // one use, whatever happens next
  const pending = raw ? (JSON.parse(raw) as Pending) : undefined;
  const error = callback.searchParams.get('error');
  if (error)
    throw new LoginError(
      'login-refused',
      `The identity provider refused the login: ${callback.searchParams.get('error_description') ?? error}.`,
    );
  if (!pending || callback.searchParams.get('state') !== pending.state)
    throw new LoginError('login-state-mismatch', 'This login answer does not belong to a login started here; log in again.');
  const iss = callback.searchParams.get('iss');
  if (iss !== null && iss !== config.issuer)
    throw new LoginError('login-state-mismatch', `The login answer comes from another issuer (${iss}).`);
  const metadata = await discover(config, env);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: pending.redirectUri,
    client_id: config.clientId,
    code_verifier: pending.verifier,
  });
  const response = await env
    .fetch(metadata.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: body.toString(),
    })
    .catch(() => undefined);
  if (!response) throw new LoginError('provider-unreachable', 'The identity provider’s token endpoint did not answer.');
  const tokens = (await response.json().catch(() => ({}))) as {
    access_token?: string;
    expires_in?: number;
    id_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !tokens.access_token)
    throw new LoginError(
      'token-request-failed',
      `The token request failed: ${tokens.error_description ?? tokens.error ?? response.status}.`,
    );
  const expiresAt = Date.now() + (tokens.expires_in ?? 300) * 1000;
  const stored: StoredToken = { accessToken: tokens.access_token, expiresAt, ...(tokens.id_token ? { idToken: tokens.id_token } : {}) };
  env.storage.setItem(TOKEN_KEY, JSON.stringify(stored));
  return { returnTo: pending.returnTo, expiresAt };
}

/** The access token for `Authorization: Bearer`, or null when there is none or it is (about to be) expired. */
export function accessToken(env: Pick<LoginEnvironment, 'storage'> = browserEnvironment()): string | null {
  const raw = env.storage.getItem(TOKEN_KEY);
  if (!raw) return null;
  const token = JSON.parse(raw) as StoredToken;
  if (token.expiresAt - EXPIRY_MARGIN_MILLIS <= Date.now()) {
    env.storage.removeItem(TOKEN_KEY);
    return null;
  }
  return token.accessToken;
}

/** Forgets the tokens here and ends the provider's session, coming back to `postLogoutRedirectUri`. */
export async function logout(
  config: DeskLoginConfig,
  options: { postLogoutRedirectUri?: string } = {},
  env: LoginEnvironment = browserEnvironment(),
): Promise<void> {
  const raw = env.storage.getItem(TOKEN_KEY);
  env.storage.removeItem(TOKEN_KEY);
  const metadata = await discover(config, env).catch(() => undefined);
  if (!metadata?.end_session_endpoint) return;
  const url = new URL(metadata.end_session_endpoint);
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('post_logout_redirect_uri', options.postLogoutRedirectUri ?? `${env.location.origin}/desk/`);
  const idToken = raw ? (JSON.parse(raw) as StoredToken).idToken : undefined;
  if (idToken) url.searchParams.set('id_token_hint', idToken);
  env.location.assign(url.toString());
}
