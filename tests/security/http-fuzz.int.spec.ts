import fc from 'fast-check';
import type { StaffRole } from '@hcv/contracts';
import { withInsurerCheckDigit } from '@hcv/domain';
import { issueStaffToken } from '@hcv/platform-access';
import { asStaff, TEST_STAFF_SECRET, type DiscoveredRoute } from '@hcv/testing';
import { startAbusePlatform, type AbusePlatform } from './support/fuzz-platform';
import { deviceHeaders, problemWith, send, type DeviceAuthVariant, type FuzzRequest } from './support/fuzz-request';
import { csvArbitrary, ROUTE_INPUTS, segmentArbitrary, type RouteInputs } from './support/route-inputs';
import { arbitraryFor, mutated, type FieldHints } from './support/zod-arbitrary';

/**
 * Property-based fuzzing of EVERY HTTP route of the five services (found from the controllers'
 * metadata), over the real broker and database. For each route, fast-check generates requests from
 * the route's zod contracts — valid ones, and mutated ones (hostile values such as `{"$gt": ""}`,
 * `__proto__` keys, extremes, missing fields, bracketed and repeated query parameters, hostile path
 * segments) — signed as the device for device routes (and unsigned, badly signed, stale, or signed
 * over another body), with a staff token of an allowed role for staff routes (or none, or a forged
 * one). Every answer must be: no 5xx, a refusal typed with a catalogued code, its status and a
 * sentence, the security headers present; and after each route every service still answers /health.
 *
 * FUZZ_RUNS (default 30) sets the runs per route; FUZZ_SEED replays a run (printed on failure).
 */
jest.setTimeout(900_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 30);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const key = (route: DiscoveredRoute) => `${route.method} ${route.path}`;

describe('HTTP fuzzing of every route (real broker and database)', () => {
  const findings: string[] = [];
  /** Answers by status, printed: shows the fuzzer reached the handlers (2xx and domain 4xx), not only the gates. */
  const statuses = new Map<number, number>();
  let platform: AbusePlatform;
  let routes: DiscoveredRoute[] = [];

  beforeAll(async () => {
    platform = await startAbusePlatform('int_fuzz');
    routes = platform.routes;
  });

  afterAll(async () => {
    await platform?.stop();
  });

  /** Realistic values by field name, so that generated requests also get past the first checks. */
  const hints = (): FieldHints => {
    const { ownDevice, site, sessionId, plan, checkupDate } = platform;
    return {
      deviceId: fc.constant(ownDevice),
      institutionNumber: fc.constant(site.institutionNumber),
      siteId: fc.constant(site.siteId),
      sessionId: fc.constant(sessionId),
      voucherNumber: fc.constantFrom(...plan.vouchers.map((v) => v.voucherNumber)),
      insurerNumber: fc.constantFrom(...plan.vouchers.map((v) => v.insurerNumber), withInsurerCheckDigit('0613999')),
      purpose: fc.constantFrom('specific-checkup', 'specific-guidance', 'comprehensive-checkup', 'identity-verification'),
      checkupDate: fc.constant(checkupDate),
    };
  };

  const realisticSegment = (kind: NonNullable<RouteInputs['params']>[string]): fc.Arbitrary<string> => {
    const { ownDevice, site, sessionId, plan } = platform;
    switch (kind) {
      case 'own-device':
        return fc.constantFrom(ownDevice, site.devices[0]!);
      case 'other-device':
        return fc.constantFrom(site.devices[0]!, `${ownDevice}-unknown`);
      case 'session':
        return fc.oneof(fc.constant(sessionId), fc.uuid());
      case 'insurer':
        return fc.constantFrom(...plan.vouchers.map((v) => v.insurerNumber), withInsurerCheckDigit('0613999'));
      case 'voucher':
        return fc.constantFrom(...plan.vouchers.map((v) => v.voucherNumber), '00000000000');
      case 'institution':
        return fc.constant(site.institutionNumber);
      case 'site':
        return fc.constant(site.siteId);
      case 'any':
        return fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,20}$/);
    }
  };

  /** Query strings: the contract's fields as strings, or bracketed operators, repeats, unknown and hostile keys. */
  const queryArbitrary = (schema: RouteInputs['query']): fc.Arbitrary<string> => {
    const hostile = fc.constantFrom(
      'siteId[$gt]=',
      'siteId[$ne]=x',
      'from[$where]=1',
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
      'siteId=a&siteId=b',
      'limit=1e400',
      'limit=99999999999999999999999',
      'limit=-0',
      `sessionId=${encodeURIComponent('{"$gt":""}')}`,
      'from=%ff',
      `siteId=${'a'.repeat(5000)}`,
    );
    if (!schema) return fc.oneof(fc.constant(''), hostile);
    const valid = arbitraryFor(schema, hints()).map((q) =>
      new URLSearchParams(
        Object.entries(q as Record<string, unknown>).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
      ).toString(),
    );
    const withHostile = fc.tuple(valid, hostile).map(([q, h]) => [q, h].filter(Boolean).join('&'));
    return fc.oneof({ arbitrary: valid, weight: 2 }, { arbitrary: withHostile, weight: 2 });
  };

  /** A body: generated from the contract, mutated, or not JSON at all. */
  const bodyArbitrary = (body: RouteInputs['body']): fc.Arbitrary<{ text: string | Buffer; type: string }> => {
    if (body === 'csv') {
      const row = fc.array(fc.string({ maxLength: 20, unit: 'grapheme' }), { minLength: 1, maxLength: 14 });
      return csvArbitrary(row).map((text) => ({ text, type: 'text/csv' }));
    }
    if (!body) return fc.constant({ text: '', type: '' });
    const valid = arbitraryFor(body, hints());
    const json = fc
      .oneof({ arbitrary: valid, weight: 2 }, { arbitrary: mutated(valid), weight: 3 })
      .map((v) => ({ text: JSON.stringify(v) ?? 'null', type: 'application/json' }));
    const broken = fc.oneof(
      valid.map((v) => ({ text: JSON.stringify(v).slice(0, -1), type: 'application/json' })),
      valid.map((v) => ({ text: JSON.stringify(v), type: 'text/plain' })),
      fc.constantFrom('[]', '"x"', '1e400', 'null', '{"a":1,"a":2}').map((text) => ({ text, type: 'application/json' })),
    );
    return fc.oneof({ arbitrary: json, weight: 5 }, { arbitrary: broken, weight: 1 });
  };

  const staffRoles = (route: DiscoveredRoute): StaffRole[] => (route.access?.kind === 'staff' ? route.access.roles : []);

  async function fuzzRoute(route: DiscoveredRoute): Promise<void> {
    const inputs = ROUTE_INPUTS[key(route)]!;
    const params = Object.fromEntries(
      [...route.path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, segmentArbitrary(realisticSegment(inputs.params?.[m[1]!] ?? 'any'))]),
    );
    const isDevice = route.access?.kind === 'device';
    const auth = isDevice
      ? fc.oneof(
          { arbitrary: fc.constant<string>('signed'), weight: 6 },
          { arbitrary: fc.constantFrom<string>('unsigned', 'bad-signature', 'stale', 'other-body'), weight: 2 },
        )
      : fc.oneof(
          { arbitrary: fc.constant<string>('token'), weight: 6 },
          { arbitrary: fc.constantFrom<string>('none', 'forged'), weight: 1 },
        );
    const request = fc.record({
      segments: fc.record(params),
      // Device routes take no query: the signature covers the path and query as sent.
      query: isDevice ? fc.constant('') : queryArbitrary(inputs.query),
      body: route.method === 'GET' ? fc.constant({ text: '', type: '' }) : bodyArbitrary(inputs.body),
      auth,
    });
    const { url, ownDevice, signingKey, site } = platform;
    const base = url(route.service);
    let reported = 0;
    await fc.assert(
      fc.asyncProperty(request, async ({ segments, query, body, auth: variant }) => {
        const path = route.path.replace(/:(\w+)/g, (_, name: string) => segments[name]!);
        const target = query ? `${path}?${query}` : path;
        const headers: Record<string, string> = body.type ? { 'content-type': body.type } : {};
        if (isDevice) {
          Object.assign(
            headers,
            deviceHeaders({
              deviceId: ownDevice,
              signingKey,
              method: route.method,
              target,
              body: body.text,
              variant: variant as DeviceAuthVariant,
            }),
          );
        } else if (route.access?.kind === 'staff') {
          const role = staffRoles(route).find((r) => r !== 'site-manager') ?? 'site-manager';
          if (variant === 'token') Object.assign(headers, asStaff(role, [site.siteId]));
          if (variant === 'forged')
            headers.authorization = `Bearer ${issueStaffToken({ secret: `${TEST_STAFF_SECRET}-forged`, subject: 'x', roles: [role], sites: [site.siteId] })}`;
        }
        const fuzzRequest: FuzzRequest = { method: route.method, target, headers, ...(body.text !== '' ? { body: body.text } : {}) };
        const answer = await send(base, fuzzRequest);
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
        let problem = problemWith(answer);
        const unauthenticated = (isDevice && variant !== 'signed') || (route.access?.kind === 'staff' && variant !== 'token');
        if (!problem && unauthenticated && answer.status < 400) problem = `accepted a request with ${variant} authentication`;
        if (problem && reported++ < 3) {
          findings.push(
            `${route.service} ${key(route)} [${variant}] ${route.method} ${target.slice(0, 200)} body=${String(body.text).slice(0, 200)} → ${problem}`,
          );
        }
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
  }

  it('knows the inputs of every discovered route', () => {
    expect(routes.length).toBeGreaterThan(30);
    const missing = [...new Set(routes.map(key))].filter((k) => !ROUTE_INPUTS[k]);
    expect(missing).toEqual([]);
  });

  it(`answers every generated and mutated request with a typed result, never a 5xx (${RUNS} runs per route)`, async () => {
    const started = Date.now();
    const services = [...new Set(routes.map((r) => r.service))];
    for (const route of routes) {
      await fuzzRoute(route);
      for (const service of services) {
        const health = await fetch(`${platform.url(service)}/health`).catch((e: Error) => ({ status: 0, statusText: e.message }));
        if (health.status !== 200)
          findings.push(`${service} /health answered ${health.status} after fuzzing ${route.service} ${key(route)}`);
      }
    }
    const byStatus = [...statuses]
      .sort(([a], [b]) => a - b)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    console.log(
      `fuzzed ${routes.length} routes × ${RUNS} runs in ${((Date.now() - started) / 1000).toFixed(1)} s (FUZZ_SEED=${SEED}): ${byStatus}`,
    );
    // The generated requests must also get through: some accepted, some refused by the handlers' own rules.
    expect([...statuses.keys()].filter((s) => s < 300).length).toBeGreaterThan(0);
    expect({ seed: SEED, findings }).toEqual({ seed: SEED, findings: [] });
    // Nothing a request sent reached the prototype of every object.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
