import { randomUUID } from 'node:crypto';
import { signRequest } from '@hcv/platform-access';
import { asStaff, type DiscoveredRoute } from '@hcv/testing';
import { startAbusePlatform, type AbusePlatform } from './support/fuzz-platform';
import { deviceHeaders, problemWith, send, type Answer, type DeviceAuthVariant } from './support/fuzz-request';
import { ROUTE_INPUTS } from './support/route-inputs';
import { arbitraryFor } from './support/zod-arbitrary';
import fc from 'fast-check';
import type { z } from 'zod';

/**
 * The named kinds of bad input, each sent to every route it applies to (the routes are found from
 * the controllers), over the real broker and database: oversized bodies (413), wrong content types
 * (415), deep nesting, invalid UTF-8, huge numbers, prototype-pollution keys and NoSQL operators in
 * bodies, query strings and import rows — all refused with a typed 4xx; and the device
 * authentication refusals (replayed nonce, stale timestamp, wrong body hash) on every device route.
 */
jest.setTimeout(600_000);

describe('named abuse cases on every applicable route (real broker and database)', () => {
  let platform: AbusePlatform;
  const key = (r: DiscoveredRoute) => `${r.method} ${r.path}`;
  const bodyRoutes = () =>
    platform.routes.filter((r) => r.method !== 'GET' && ROUTE_INPUTS[key(r)]?.body && ROUTE_INPUTS[key(r)]?.body !== 'csv');
  const queryRoutes = () => platform.routes.filter((r) => ROUTE_INPUTS[key(r)]?.query);
  const deviceRoutes = () => platform.routes.filter((r) => r.access?.kind === 'device');

  beforeAll(async () => {
    platform = await startAbusePlatform('int_abuse');
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** A well-formed target path for a route (the suite's own device, session, site…). */
  const pathOf = (route: DiscoveredRoute) =>
    route.path
      .replace(':deviceId', route.access?.kind === 'device' ? platform.ownDevice : platform.site.devices[0]!)
      .replace(':sessionId', platform.sessionId)
      .replace(':siteId', platform.site.siteId)
      .replace(':insurerNumber', platform.plan.vouchers[0]!.insurerNumber)
      .replace(':voucherNumber', platform.plan.vouchers[0]!.voucherNumber)
      .replace(':institutionNumber', platform.site.institutionNumber)
      .replace(/:(\w+)/g, 'abuse-$1');

  /** Sends `body` as the route's caller would (signed device or staff token of an allowed role). */
  async function call(
    route: DiscoveredRoute,
    body: string | Buffer | undefined,
    options: { type?: string; target?: string; auth?: DeviceAuthVariant } = {},
  ): Promise<Answer> {
    const target = options.target ?? pathOf(route);
    const headers: Record<string, string> =
      options.type === undefined ? { 'content-type': 'application/json' } : options.type ? { 'content-type': options.type } : {};
    if (route.access?.kind === 'device') {
      Object.assign(
        headers,
        deviceHeaders({
          deviceId: platform.ownDevice,
          signingKey: platform.signingKey,
          method: route.method,
          target,
          body: body ?? '',
          variant: options.auth ?? 'signed',
        }),
      );
    } else if (route.access?.kind === 'staff') {
      Object.assign(headers, asStaff(route.access.roles.find((r) => r !== 'site-manager') ?? 'site-manager', [platform.site.siteId]));
    }
    return send(platform.url(route.service), { method: route.method, target, headers, ...(body !== undefined ? { body } : {}) });
  }

  const codeOf = (answer: Answer) => {
    try {
      return (JSON.parse(answer.text) as { error?: { code?: string } }).error?.code;
    } catch {
      return undefined;
    }
  };

  /**
   * A refused input: the contract's generic code, or the specific one an identifier field answers
   * (the same code and sentence wherever an insurer or institution number is refused).
   */
  const INPUT_REFUSED: Array<[number, string]> = [
    [400, 'invalid-request'],
    [400, 'invalid-institution-number'],
    [400, 'invalid-insurer-number'],
  ];

  /** Every answer is typed; `expected` lists the acceptable (status, code) pairs. */
  function expectRefused(where: string, answer: Answer, expected: Array<[number, string]>) {
    expect({ where, problem: problemWith(answer) }).toEqual({ where, problem: null });
    const got: [number, string | undefined] = [answer.status, codeOf(answer)];
    if (!expected.some(([s, c]) => s === got[0] && c === got[1])) expect({ where, got }).toEqual({ where, expected });
  }

  /** A valid-looking body for the route from its contract (fixed seed; realistic ids mixed in). */
  const sampleBody = (route: DiscoveredRoute): Record<string, unknown> => {
    const schema = ROUTE_INPUTS[key(route)]!.body as z.ZodType;
    const hints = {
      deviceId: fc.constant(platform.ownDevice),
      siteId: fc.constant(platform.site.siteId),
      institutionNumber: fc.constant(platform.site.institutionNumber),
    };
    return fc.sample(arbitraryFor(schema, hints), { seed: 42, numRuns: 1 })[0] as Record<string, unknown>;
  };

  it('refuses oversized bodies with 413 payload-too-large (64 KiB; 8 MB on the bulk import)', async () => {
    for (const route of bodyRoutes()) {
      const big = route.path === '/vouchers/import' ? 8 * 1024 * 1024 + 10 : 64 * 1024 + 10;
      const body = JSON.stringify({ padding: 'x'.repeat(big) });
      expectRefused(`${route.service} ${key(route)}`, await call(route, body), [[413, 'payload-too-large']]);
    }
    const csv = platform.routes.find((r) => r.path === '/vouchers/import/csv')!;
    expectRefused('csv upload', await call(csv, 'a'.repeat(32 * 1024 * 1024 + 10), { type: 'text/csv' }), [[413, 'payload-too-large']]);
  });

  it('refuses wrong content types with 415 unsupported-media-type', async () => {
    const types = [
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json-patch+json',
      '',
    ];
    for (const route of bodyRoutes()) {
      for (const type of types) {
        expectRefused(
          `${route.service} ${key(route)} as ${type || '(none)'}`,
          await call(route, JSON.stringify(sampleBody(route)), { type }),
          [[415, 'unsupported-media-type']],
        );
      }
    }
  });

  it('refuses deep nesting, invalid UTF-8 and huge numbers with a typed 400', async () => {
    const deepArray = `${'['.repeat(30_000)}${']'.repeat(30_000)}`;
    const deepObject = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    for (const route of bodyRoutes()) {
      const where = `${route.service} ${key(route)}`;
      const sample = sampleBody(route);
      const field = Object.keys(sample)[0]!;
      const inField = (raw: string) => JSON.stringify({ ...sample, [field]: '__RAW__' }).replace('"__RAW__"', raw);
      for (const body of [deepArray, deepObject, inField(`${'['.repeat(5_000)}${']'.repeat(5_000)}`)]) {
        const answer = await call(route, body);
        // The bulk import judges each row on its own: a deep row is a rejected row in a 200 report.
        if (route.path === '/vouchers/import' && answer.status === 200)
          expect((JSON.parse(answer.text) as { imported: number }).imported).toBe(0);
        else expectRefused(`${where} deep`, answer, [...INPUT_REFUSED, [400, 'bad-request']]);
      }
      const invalidUtf8 = Buffer.concat([Buffer.from(`{"${field}":"`), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')]);
      expectRefused(`${where} invalid UTF-8`, await call(route, invalidUtf8), [[400, 'invalid-utf8']]);
      for (const number of ['1e400', '-1e400', '123456789012345678901234567890', '1e-400', '0.30000000000000004']) {
        const answer = await call(route, inField(number));
        expectRefused(`${where} ${field}=${number}`, answer, [...INPUT_REFUSED, [400, 'bad-request']]);
      }
    }
    const csv = platform.routes.find((r) => r.path === '/vouchers/import/csv')!;
    expectRefused('csv upload invalid UTF-8', await call(csv, Buffer.from([0x76, 0x2c, 0xff, 0x0a]), { type: 'text/csv' }), [
      [400, 'invalid-utf8'],
    ]);
  });

  it('refuses prototype-pollution keys and NoSQL operators in every body field', async () => {
    const hostile: Array<[string, unknown]> = [
      ['$gt', { $gt: '' }],
      ['$ne', { $ne: null }],
      ['$where', { $where: 'sleep(5000) || true' }],
      ['$regex', { $regex: '.*' }],
      ['$in', { $in: ['a'] }],
    ];
    for (const route of bodyRoutes()) {
      const sample = sampleBody(route);
      for (const field of Object.keys(sample)) {
        for (const [name, value] of hostile) {
          const answer = await call(route, JSON.stringify({ ...sample, [field]: value }));
          expectRefused(`${route.service} ${key(route)} ${field}=${name}`, answer, INPUT_REFUSED);
        }
      }
      for (const pollution of [
        '{"__proto__":{"polluted":true}}',
        '{"constructor":{"prototype":{"polluted":true}}}',
        '{"prototype":{"polluted":true}}',
      ]) {
        const body = JSON.stringify(sample).replace(/^\{/, `{${pollution.slice(1, -1)},`);
        expectRefused(`${route.service} ${key(route)} ${pollution}`, await call(route, body), INPUT_REFUSED);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses operators and pollution in query strings (the query parser never builds objects)', async () => {
    for (const route of queryRoutes()) {
      const schema = ROUTE_INPUTS[key(route)]!.query as unknown as {
        _zod: { def: { shape?: Record<string, unknown>; in?: { _zod: { def: { shape: Record<string, unknown> } } } } };
      };
      const shape = schema._zod.def.shape ?? schema._zod.def.in!._zod.def.shape;
      for (const field of Object.keys(shape)) {
        for (const query of [`${field}[$gt]=`, `${field}[$ne]=x`, `${field}[$where]=1`, `${field}=a&${field}=b`]) {
          const answer = await call(route, undefined, { target: `${pathOf(route)}?${query}`, type: '' });
          expectRefused(`${route.service} ${key(route)}?${query}`, answer, INPUT_REFUSED);
        }
      }
      const extremes = 'limit' in shape ? ['limit=1e400', 'limit=99999999999999999999999', 'limit=-1', 'limit=0x10'] : [];
      for (const query of ['__proto__[polluted]=1', 'constructor[prototype][polluted]=1', '__proto__=x', ...extremes]) {
        expectRefused(
          `${route.service} ${key(route)}?${query}`,
          await call(route, undefined, { target: `${pathOf(route)}?${query}`, type: '' }),
          INPUT_REFUSED,
        );
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('judges hostile voucher rows one by one: rejected with a reason, none imported', async () => {
    const route = platform.routes.find((r) => r.path === '/vouchers/import')!;
    const good = platform.plan.vouchers[0]!;
    const rows = [
      { ...good, voucherNumber: '98000000001', symbol: { $gt: '' } },
      { ...good, voucherNumber: '98000000002', number: { $where: 'sleep(1000)' } },
      { ...good, voucherNumber: '98000000003', fiscalYear: '__HUGE__' },
      { ...good, voucherNumber: '98000000004', fiscalYear: '__LONG__' },
      JSON.parse(`{"__proto__":{"polluted":true},"voucherNumber":"98000000005"}`) as unknown,
      { ...good, voucherNumber: { $ne: null } },
      { ...good, voucherNumber: '98000000006', copayments: { basic: { kind: 'fixed', amount: 1e308 } } },
    ];
    const text = JSON.stringify({ vouchers: rows }).replace('"__HUGE__"', '1e400').replace('"__LONG__"', '123456789012345678901234567890');
    const answer = await call(route, text);
    expect({ status: answer.status, problem: problemWith(answer) }).toEqual({ status: 200, problem: null });
    const report = JSON.parse(answer.text) as { imported: number; rejected: Array<{ index?: number; field: string; reason: string }> };
    expect(report.imported).toBe(0);
    expect(report.rejected).toHaveLength(rows.length);
    for (const r of report.rejected) expect(r.reason.length).toBeGreaterThan(3);
  });

  it('refuses a replayed nonce, a stale timestamp and a wrong body hash on every device route', async () => {
    expect(deviceRoutes().length).toBeGreaterThan(5);
    for (const route of deviceRoutes()) {
      const where = `${route.service} ${key(route)}`;
      const target = route.path.includes(':sessionId') ? pathOf(route).replace(platform.sessionId, randomUUID()) : pathOf(route);
      const body = route.method === 'GET' ? '' : '{}';
      for (const [variant, code] of [
        ['stale', 'device-auth-stale'],
        ['other-body', 'device-auth-signature'],
        ['bad-signature', 'device-auth-signature'],
        ['unsigned', 'device-auth-missing'],
      ] as const) {
        expectRefused(
          `${where} ${variant}`,
          await call(route, body || undefined, { target, auth: variant, type: body ? 'application/json' : '' }),
          [[401, code]],
        );
      }
      // The same signed request twice: the second is a replay, whatever the first answered.
      const headers = {
        ...(body ? { 'content-type': 'application/json' } : {}),
        ...signRequest({ deviceId: platform.ownDevice, signingKey: platform.signingKey, method: route.method, path: target, body }),
      };
      const first = await send(platform.url(route.service), { method: route.method, target, headers, ...(body ? { body } : {}) });
      expect({ where, problem: problemWith(first) }).toEqual({ where, problem: null });
      const replay = await send(platform.url(route.service), { method: route.method, target, headers, ...(body ? { body } : {}) });
      expectRefused(`${where} replay`, replay, [[401, 'device-auth-replayed']]);
    }
  });
});
