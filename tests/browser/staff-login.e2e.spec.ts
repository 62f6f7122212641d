import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { temporaryFolder } from '@hcv/testing';
import { CHROMIUM, CHROMIUM_ARGS } from './support/chromium';

/**
 * The staff login end to end, in headless Debian Chromium (playwright-core, no downloaded browser):
 * `npm run embedded -- --keep-running` (built) with its development OpenID provider; a page on the
 * audit origin runs the desk's login module (libs/platform/access/src/browser/oidc-client.ts, served
 * as it is after a TypeScript transpile) — authorization code + PKCE S256 in the browser, the
 * provider's login form, the code exchanged at its token endpoint (CORS) — and calls a staff API
 * with the access token, which the services verify against the provider's JWKS. Then the back-office
 * exports through the API with the tokens of those logins: the per-claim CSV for an auditor, the
 * suppressed analytics for an analyst.
 */
const SCREENSHOTS = join(__dirname, '../../test-output');
const MAIN = join(__dirname, '../../dist/apps/embedded/src/main.js');
const CLIENT_SOURCE = join(__dirname, '../../libs/platform/access/src/browser/oidc-client.ts');

jest.setTimeout(180_000);

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The module as the desk app bundles it: TypeScript to an ES module, nothing else. */
const clientModule = () =>
  ts.transpileModule(readFileSync(CLIENT_SOURCE, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
  }).outputText;

/** Starts the login on a page of the audit origin (the desk's own module, imported as the desk app would). */
const START_LOGIN = `import('/desk/oidc-client.js').then(async ({ startLogin }) => {
  const config = await (await fetch('/desk/config.json')).json();
  await startLogin(config, { returnTo: '/desk/' });
})`;

/** After the desk app completed the login on its callback page: calls a staff API of the audit service with the token it keeps. */
const completeLoginAndCall = (claimsQuery: string) => `(async () => {
  const { accessToken } = await import('/desk/oidc-client.js');
  const config = await (await fetch('/desk/config.json')).json();
  const returnTo = location.pathname;
  const response = await fetch(config.apis.audit + '/audit/claims?${claimsQuery}', { headers: { authorization: 'Bearer ' + accessToken() } });
  const body = await response.json();
  return { returnTo, status: response.status, rows: body.rows ? body.rows.length : null, code: body.error ? body.error.code : null, token: accessToken() };
})()`;

describe('staff login through the development OpenID provider (headless Chromium)', () => {
  const userDataDir = temporaryFolder('chromium-login');
  const checkupDate = new Date().toISOString().slice(0, 10); // the embedded run's checkup day
  // analytics days are JST days: after 15:00 UTC the run's outcomes fall on the next one
  const nextDay = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  let embedded: ChildProcess | undefined;
  let audit = '';
  let issuer = '';
  let banner = '';
  let browser: BrowserContext | undefined;
  const authorizationRequests: URL[] = [];

  beforeAll(async () => {
    embedded = spawn(process.execPath, [MAIN, '--keep-running', '--verifications', '8'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: embedded.stdout! });
    const stderr: string[] = [];
    embedded.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      embedded!.once('exit', (code) => reject(new Error(`embedded exited with ${code}: ${stderr.join('')}`)));
      lines.on('line', (line) => {
        audit ||= /^ {2}audit\s+(\S+)/.exec(line)?.[1] ?? '';
        const desk = /^Operations desk: (\S+) — log in at (\S+) as (.*)$/.exec(line);
        if (desk) {
          banner = line;
          issuer = desk[2]!;
          resolve();
        }
      });
    });
    browser = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1000, height: 800 },
      // The test imports the login module itself (routed below) on the desk's pages, an inline
      // module the desk's CSP (script-src 'self') would refuse; the desk's own spec runs under its CSP.
      bypassCSP: true,
    });
    await browser.route(`${audit}/desk/oidc-client.js`, (route) => route.fulfill({ contentType: 'text/javascript', body: clientModule() }));
    browser.on('request', (request) => {
      if (request.url().startsWith(`${issuer}/auth?`)) authorizationRequests.push(new URL(request.url()));
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (embedded && embedded.exitCode === null) {
      const exited = new Promise((resolve) => embedded!.once('exit', resolve));
      embedded.kill('SIGINT');
      await exited;
    }
  });

  /** Logs in on a fresh page (the provider's session cookie cleared first); answers what the callback page saw. */
  async function logIn(user: string, password = user, screenshot?: string): Promise<{ page: Page; result: Json }> {
    await browser!.clearCookies();
    const page = await browser!.newPage();
    await page.goto(`${audit}/desk/login`);
    await page.evaluate(START_LOGIN);
    await page.waitForURL((url) => url.href.startsWith(`${issuer}/interaction/`));
    await page.fill('#login', user);
    await page.fill('#password', password);
    if (screenshot) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOTS, screenshot) });
    }
    await page.click('button[type="submit"]');
    if (password !== user) return { page, result: {} };
    await page.waitForURL((url) => url.href.startsWith(`${audit}/desk/callback`));
    // the desk app (apps/operations-desk) completes the login on its callback page and returns to /desk/
    await page.waitForURL(`${audit}/desk/`);
    const claimsQuery = new URLSearchParams({ from: checkupDate, to: checkupDate }).toString();
    return { page, result: (await page.evaluate(completeLoginAndCall(claimsQuery))) as Json };
  }

  const payloadOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Json;
  const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as Json;

  it('prints the desk URL, the provider and its users; serves the desk its login settings', async () => {
    expect(banner).toBe(
      `Operations desk: ${audit}/desk/ — log in at ${issuer} as operator, auditor, analyst, admin (password = user name)`,
    );
    const config = (await (await fetch(`${audit}/desk/config.json`)).json()) as Json;
    expect(config).toMatchObject({ issuer, clientId: 'operations-desk', scopes: ['openid', 'profile'], apis: { audit } });
    expect(config.audience).toEqual(expect.any(String));
  });

  it('logs an operator in with PKCE in the browser and calls a staff API with the access token', async () => {
    const { page, result } = await logIn('operator', 'operator', 'staff-login-form.png');
    expect(result).toMatchObject({ returnTo: '/desk/', status: 200, code: null });
    expect(result.rows).toBeGreaterThanOrEqual(8);
    // the authorization request carried an S256 challenge and no secret; the code never became a token in the URL
    const auth = authorizationRequests.at(-1)!;
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('client_id')).toBe('operations-desk');
    expect(auth.searchParams.has('client_secret')).toBe(false);
    expect(page.url()).not.toContain('access_token');
    // a JWT access token of the provider (RS256) for the API audience, with the mapped claims
    const token = result.token as string;
    expect(headerOf(token).alg).toBe('RS256');
    expect(payloadOf(token)).toMatchObject({ iss: issuer, sub: 'operator', roles: ['operator'] });
    await page.close();
  });

  it('refuses a wrong password on the provider’s form, staying there', async () => {
    const { page } = await logIn('auditor', 'not-the-password');
    await page.locator('[role="alert"]').waitFor({ state: 'visible' });
    expect(await page.locator('[role="alert"]').textContent()).toContain('パスワードが違います');
    expect(page.url().startsWith(`${issuer}/interaction/`)).toBe(true);
    await page.close();
  });

  it('exports the claims as CSV with a BOM for an auditor, refuses them to an analyst, and suppresses small analytics cells for the analyst', async () => {
    const auditor = (await logIn('auditor')).result;
    expect(auditor).toMatchObject({ status: 200 });
    const csv = await fetch(`${audit}/audit/claims?${new URLSearchParams({ from: checkupDate, to: checkupDate, format: 'csv' })}`, {
      headers: { authorization: `Bearer ${auditor.token}` },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="claims_${checkupDate}_${checkupDate}.csv"`);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n');
    expect(header).toBe(
      '機関番号,保険者番号,整理番号,受診日,確認方法,確認日時,結果,手動確認前の結果,端末,確認者,手動確認者,利用取消日時,会場,セッションID',
    );
    expect(rows.length).toBe(auditor.rows);
    for (const row of rows)
      expect(row).toMatch(
        new RegExp(`^\\d{10},\\d{6}(\\d{2})?,(\\d{11})?,${checkupDate},[a-z-]+,\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+09:00,`),
      );
    // the embedded run's 目視確認 names its staff member
    expect(rows.some((row) => row.includes(',staff-suzuki,'))).toBe(true);

    const analyst = (await logIn('analyst')).result;
    expect(analyst).toMatchObject({ status: 403, code: 'role-required' });
    const analytics = (await (
      await fetch(`${audit}/analytics/outcomes?${new URLSearchParams({ from: checkupDate, to: nextDay })}`, {
        headers: { authorization: `Bearer ${analyst.token}` },
      })
    ).json()) as Json;
    expect(analytics.suppression).toEqual({ threshold: 5, shownAs: '<5' });
    expect(analytics.rows.length).toBeGreaterThan(0);
    for (const row of analytics.rows as Json[]) expect(row.count === '<5' || row.count >= 5).toBe(true);
    expect((analytics.rows as Json[]).some((row) => row.count === '<5')).toBe(true);

    // the same cells unsuppressed for the admin, whose roles include operator
    const admin = (await logIn('admin')).result;
    expect(payloadOf(admin.token).roles).toEqual(['operator', 'auditor', 'analyst']);
    const full = (await (
      await fetch(`${audit}/analytics/outcomes?${new URLSearchParams({ from: checkupDate, to: nextDay })}`, {
        headers: { authorization: `Bearer ${admin.token}` },
      })
    ).json()) as Json;
    expect(full.suppression).toBeUndefined();
    expect((full.rows as Json[]).every((row) => typeof row.count === 'number')).toBe(true);
    expect(statSync(join(SCREENSHOTS, 'staff-login-form.png')).size).toBeGreaterThan(5_000);
  });

  it('refuses a token the provider did not sign', async () => {
    const { result } = await logIn('operator');
    const [h, , signature] = (result.token as string).split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payloadOf(result.token), roles: ['auditor'] })).toString('base64url')}.${signature}`;
    const response = await fetch(`${audit}/audit/verify?from=${checkupDate}&to=${checkupDate}`, {
      headers: { authorization: `Bearer ${forged}` },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as Json).error.code).toBe('staff-token-invalid');
  });
});
