import { Body, Controller, Get, Module, Post } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ERROR_CATALOGUE } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { createLogger } from '@hcv/observability';
import { issueStaffToken, Public, RequireRoles, StaffTokenVerifier } from '@hcv/platform-access';
import { createHttpApp } from './http-app';
import { ROUTE_CORS, type RouteCorsRule } from './http-security';
import { parseRequest } from './parse-request';

/**
 * Errors in the caller's language (Accept-Language; Japanese by default on device and public
 * routes, English on staff routes), a refused body as `invalid-request` with its fields, and the
 * reception app's origin allowed on its paths only.
 */
const SECRET = 'x'.repeat(32);
const RECEPTION = 'https://reception.example.jp';

@Controller('probe')
class ProbeController {
  @Public()
  @Get('public')
  publicRoute() {
    throw new DomainError('session-not-found', 'No session with id s-1.', 404);
  }

  @RequireRoles('operator')
  @Get('staff')
  staffRoute() {
    throw new DomainError('device-not-found', 'No device with id d-1.', 404);
  }

  @Public()
  @Post('body')
  body(@Body() body: unknown) {
    return parseRequest(z.strictObject({ code: z.string(), count: z.number().int() }), body);
  }
}

@Module({
  controllers: [ProbeController],
  providers: [{ provide: ROUTE_CORS, useValue: [{ origins: () => [RECEPTION], paths: [/^\/probe\/public$/] }] satisfies RouteCorsRule[] }],
})
class ProbeModule {}

describe('error answers in the caller’s language', () => {
  let url = '';
  let close = async () => undefined as unknown;
  const token = issueStaffToken({ secret: SECRET, subject: 'op-1', roles: ['operator'] });

  beforeAll(async () => {
    const app = await createHttpApp({ module: ProbeModule }, createLogger({ service: 'audit', level: 'error' }), {
      staffTokens: new StaffTokenVerifier(SECRET),
    });
    await app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    close = () => app.close();
  });
  afterAll(() => close());

  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${url}${path}`, { headers });
    return {
      status: response.status,
      language: response.headers.get('content-language'),
      error: ((await response.json()) as { error: { code: string; message: string } }).error,
    };
  };

  it('answers a public (device-facing) route in Japanese unless English is preferred', async () => {
    const ja = ERROR_CATALOGUE['session-not-found'].ja;
    expect(await get('/probe/public')).toEqual({ status: 404, language: 'ja', error: { code: 'session-not-found', message: ja } });
    expect((await get('/probe/public', { 'accept-language': 'en-US,en;q=0.9' })).error.message).toBe('No session with id s-1.');
    expect((await get('/probe/public', { 'accept-language': 'ja;q=0.4, en;q=0.8' })).language).toBe('en');
    expect((await get('/probe/public', { 'accept-language': 'ja-JP,en;q=0.5' })).error.message).toBe(ja);
    expect((await get('/probe/public', { 'accept-language': 'fr-FR' })).language).toBe('ja'); // neither: the route's default
  });

  it('answers a staff route in English unless Japanese is asked for, the refusals of its guard too', async () => {
    const auth = { authorization: `Bearer ${token}` };
    expect(await get('/probe/staff', auth)).toEqual({
      status: 404,
      language: 'en',
      error: { code: 'device-not-found', message: 'No device with id d-1.' },
    });
    expect((await get('/probe/staff', { ...auth, 'accept-language': 'ja' })).error.message).toBe(ERROR_CATALOGUE['device-not-found'].ja);
    expect(await get('/probe/staff', { 'accept-language': 'ja' })).toMatchObject({
      status: 401,
      language: 'ja',
      error: { code: 'staff-auth-missing', message: ERROR_CATALOGUE['staff-auth-missing'].ja },
    });
  });

  it('answers an unknown path in Japanese to a signed device, in English otherwise', async () => {
    expect(await get('/nowhere', { 'x-device-id': 'tab-1' })).toMatchObject({
      status: 404,
      language: 'ja',
      error: { code: 'route-not-found' },
    });
    expect(await get('/nowhere')).toMatchObject({ status: 404, language: 'en', error: { code: 'route-not-found' } });
  });

  it('refuses a body that breaks its contract with every field and a sentence, never the validator’s text', async () => {
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const response = await fetch(`${url}/probe/body`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
      return { status: response.status, body: (await response.json()) as { error: Record<string, unknown> } };
    };
    const refused = await post(JSON.stringify({ count: 1.5, colour: 'red' }), { 'accept-language': 'en' });
    expect(refused).toEqual({
      status: 400,
      body: {
        error: {
          code: 'invalid-request',
          field: 'code',
          fields: [
            { path: 'code', code: 'invalid_type' },
            { path: 'count', code: 'invalid_type' },
            { path: 'colour', code: 'unrecognized_keys' },
          ],
          message: 'code, count: missing or not in the form the contract asks for. Unknown field(s): colour.',
        },
      },
    });
    expect((await post(JSON.stringify({ count: 1 }))).body.error).toMatchObject({
      code: 'invalid-request',
      message: ERROR_CATALOGUE['invalid-request'].ja,
      fields: [{ path: 'code', code: 'invalid_type' }],
    });
    const notJson = await fetch(`${url}/probe/body`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-device-id': 'd' },
      body: 'x',
    });
    expect(await notJson.json()).toEqual({
      error: { code: 'unsupported-media-type', message: ERROR_CATALOGUE['unsupported-media-type'].ja },
    });
  });

  it('lets the reception origin call its paths only, with the device headers', async () => {
    const preflight = (path: string, origin = RECEPTION) =>
      fetch(`${url}${path}`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-signature' },
      });
    const allowed = await preflight('/probe/public');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(RECEPTION);
    expect(allowed.headers.get('access-control-allow-headers')).toContain('x-signature');
    expect(allowed.headers.get('access-control-allow-headers')).not.toContain('authorization');
    expect((await preflight('/probe/staff')).status).toBe(403);
    expect((await preflight('/probe/public', 'https://elsewhere.example.jp')).status).toBe(403);
    const simple = await fetch(`${url}/probe/public`, { headers: { origin: RECEPTION } });
    expect(simple.headers.get('access-control-allow-origin')).toBe(RECEPTION);
    expect(simple.headers.get('access-control-expose-headers')).toContain('retry-after');
  });
});
