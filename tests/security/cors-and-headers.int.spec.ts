import type { AddressInfo } from 'node:net';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { createLogger } from '@hcv/observability';
import { createHttpApp } from '@hcv/platform-http';
import { Public, RequireRoles } from '@hcv/platform-access';
import { asStaff, testStaffVerifier } from '@hcv/testing';

/**
 * The browser-facing protections of createHttpApp (used by every service, and by the audit
 * service's dashboard): CORS from the allow-list only (default same-origin: no
 * Access-Control-Allow-Origin, preflights refused with a typed 403), the security headers on every
 * answer — success, refusal and unknown route — and HSTS only for requests that arrived over TLS.
 */
@Controller('probe')
class ProbeController {
  @Get()
  @Public()
  open() {
    return { ok: true };
  }

  @Get('staff')
  @RequireRoles('operator')
  staff() {
    return { ok: true };
  }
}

@Module({ controllers: [ProbeController] })
class ProbeModule {}

async function start(security: { corsAllowedOrigins?: string[]; trustProxy?: boolean }): Promise<{ app: INestApplication; url: string }> {
  const app = await createHttpApp({ module: ProbeModule }, createLogger({ service: 'audit', level: 'error' }), {
    staffTokens: testStaffVerifier(),
    security,
  });
  await app.listen(0, '127.0.0.1');
  return { app, url: `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}` };
}

const ALLOWED = 'https://ops.federation.example';

describe('CORS allow-list and security headers (createHttpApp)', () => {
  const apps: INestApplication[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  it('sends the security headers on every answer and never X-Powered-By', async () => {
    const { app, url } = await start({});
    apps.push(app);
    for (const [path, status] of [
      ['/probe', 200],
      ['/probe/staff', 401],
      ['/nowhere', 404],
    ] as const) {
      const response = await fetch(`${url}${path}`);
      expect({ path, status: response.status }).toEqual({ path, status });
      expect(response.headers.get('content-security-policy')).toBe(
        "default-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'",
      );
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('x-powered-by')).toBeNull();
      // Plain HTTP (no TLS, no trusted proxy): HSTS would be meaningless and is not sent.
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
  });

  it('is same-origin only without an allow-list: no CORS header, preflights refused with a typed 403', async () => {
    const { app, url } = await start({});
    apps.push(app);
    const simple = await fetch(`${url}/probe`, { headers: { origin: ALLOWED } });
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${url}/probe/staff`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(await preflight.json()).toMatchObject({ error: { code: 'cors-origin-not-allowed' } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers the allow-listed origin only, exactly (no wildcard, no reflection of others)', async () => {
    const { app, url } = await start({ corsAllowedOrigins: [ALLOWED] });
    apps.push(app);
    const preflight = await fetch(`${url}/probe/staff`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const call = await fetch(`${url}/probe/staff`, { headers: { origin: ALLOWED, ...asStaff('operator') } });
    expect(call.status).toBe(200);
    expect(call.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(call.headers.get('vary')).toMatch(/origin/i);
    for (const other of ['https://evil.example', `${ALLOWED}.evil.example`, 'null', ALLOWED.replace('https', 'http')]) {
      const refused = await fetch(`${url}/probe/staff`, {
        method: 'OPTIONS',
        headers: { origin: other, 'access-control-request-method': 'GET' },
      });
      expect({ other, status: refused.status, acao: refused.headers.get('access-control-allow-origin') }).toEqual({
        other,
        status: 403,
        acao: null,
      });
      const plain = await fetch(`${url}/probe`, { headers: { origin: other } });
      expect({ other, acao: plain.headers.get('access-control-allow-origin') }).toEqual({ other, acao: null });
    }
  });

  it('sends HSTS behind a trusted TLS proxy only; a client cannot switch it on by itself', async () => {
    const untrusted = await start({});
    apps.push(untrusted.app);
    const spoofed = await fetch(`${untrusted.url}/probe`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(spoofed.headers.get('strict-transport-security')).toBeNull();
    const trusted = await start({ trustProxy: true });
    apps.push(trusted.app);
    const viaProxy = await fetch(`${trusted.url}/probe`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(viaProxy.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });
});
