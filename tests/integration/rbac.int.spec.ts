import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DynamicModule } from '@nestjs/common';
import { StaffRole, type ServiceName } from '@hcv/contracts';
import { AuditModule } from '@hcv/audit-service';
import { OperationsDeskModule } from '@hcv/operations-desk';
import { CardSessionModule } from '@hcv/card-session-service';
import { DeviceRegistryModule } from '@hcv/device-registry-service';
import { EligibilitySimulator } from '@hcv/eligibility-simulator';
import { QualificationLookupModule } from '@hcv/qualification-lookup-service';
import type { ServiceRuntime } from '@hcv/platform-runtime';
import { issueStaffToken } from '@hcv/platform-access';
import { VoucherMatchingModule } from '@hcv/voucher-matching-service';
import {
  asStaff,
  discoverRoutes,
  startInProcessService,
  TEST_STAFF_SECRET,
  type DiscoveredRoute,
  type InProcessService,
} from '@hcv/testing';

/**
 * Role-based access on EVERY route of every service, found by reading the controllers' metadata
 * (so a route added later is covered without touching this test): a route without an access rule
 * fails the test; staff routes refuse a missing token (401), a forged or expired one (401) and
 * every role not allowed (403 naming the roles needed), and let an allowed role through; device
 * routes refuse unsigned requests; public routes answer.
 */
jest.setTimeout(180_000);

const MODULES: Record<ServiceName, (runtime: ServiceRuntime) => DynamicModule> = {
  'device-registry': (r) => DeviceRegistryModule.register(r),
  'card-session': (r) => CardSessionModule.register(r),
  'qualification-lookup': (r) => QualificationLookupModule.register(r, { nationalSystem: new EligibilitySimulator({ seed: 1, size: 10 }) }),
  'voucher-matching': (r) => VoucherMatchingModule.register(r),
  // the desk's event stream ends after half a second here, so a call reads it to its end
  audit: (r) =>
    AuditModule.register(r, { piiKey: 'rbac-test-key', alongside: [OperationsDeskModule.alongsideAudit(r, { streamMaxMillis: 500 })] }),
};

type Route = DiscoveredRoute;

/** A file a web app's build (`npm run build`) put in its assets: the public asset routes serve it. */
const builtAsset = (app: string) => readdirSync(join(__dirname, `../../dist/apps/${app}/www/assets`)).find((f) => f.endsWith('.js'))!;

/** Concrete values for path parameters (well-formed, so the refusal is about access, not the shape). */
const concrete = (path: string) =>
  path
    .replace('/reception/assets/:file', `/reception/assets/${builtAsset('reception')}`)
    .replace('/desk/assets/:file', `/desk/assets/${builtAsset('operations-desk')}`)
    .replace(/:sessionId/g, randomUUID())
    .replace(/:voucherNumber/g, '12345678901')
    .replace(/:institutionNumber/g, '1311111114')
    .replace(/:asset/g, 'docs.js')
    .replace(/:(\w+)/g, 'rbac-$1');

describe('role-based access on every route (real broker and database)', () => {
  const run = randomUUID().slice(0, 8);
  const services = new Map<ServiceName, InProcessService>();
  const routes: Route[] = [];

  beforeAll(async () => {
    for (const [service, factory] of Object.entries(MODULES) as [ServiceName, (r: ServiceRuntime) => DynamicModule][]) {
      services.set(
        service,
        await startInProcessService({
          service,
          database: `int_rbac_${run}_${service.replace(/-/g, '_')}`,
          module: (runtime) => {
            const module = factory(runtime);
            routes.push(...discoverRoutes(service, module));
            return module;
          },
        }),
      );
    }
  });

  afterAll(async () => {
    for (const s of services.values()) await s.stop();
  });

  const call = async (route: Route, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method: route.method, headers: { ...headers } };
    if (route.method !== 'GET') {
      init.body = '{}';
      (init.headers as Record<string, string>)['content-type'] = 'application/json';
    }
    const response = await fetch(`${services.get(route.service)!.url}${concrete(route.path)}`, init);
    const body = (await response.json().catch(() => ({}))) as { error?: { code: string; message: string } };
    return { status: response.status, code: body.error?.code, message: body.error?.message ?? '' };
  };

  it('finds the routes and every one declares an access rule', () => {
    expect(routes.length).toBeGreaterThan(25);
    const unclassified = routes.filter((r) => !r.access).map((r) => `${r.service} ${r.method} ${r.path}`);
    expect(unclassified).toEqual([]);
  });

  it('staff routes: 401 without or with a bad token, 403 naming the roles for every other role, through for an allowed one', async () => {
    const staffRoutes = routes.filter((r) => r.access?.kind === 'staff');
    expect(staffRoutes.length).toBeGreaterThan(15);
    const expired = issueStaffToken({
      secret: TEST_STAFF_SECRET,
      subject: 'x',
      roles: [...StaffRole.options],
      sites: ['rbac-siteId'],
      nowMillis: Date.now() - 24 * 3600_000,
      ttlSeconds: 60,
    });
    const forged = issueStaffToken({ secret: 'another-secret-of-at-least-32-characters!', subject: 'x', roles: ['operator'] });
    for (const route of staffRoutes) {
      const where = `${route.service} ${route.method} ${route.path}`;
      const allowed = (route.access as { roles: StaffRole[] }).roles;
      expect({ where, ...(await call(route)) }).toMatchObject({ where, status: 401, code: 'staff-auth-missing' });
      expect({ where, ...(await call(route, { authorization: `Bearer ${forged}` })) }).toMatchObject({
        where,
        status: 401,
        code: 'staff-token-invalid',
      });
      expect({ where, ...(await call(route, { authorization: `Bearer ${expired}` })) }).toMatchObject({
        where,
        status: 401,
        code: 'staff-token-expired',
      });
      for (const role of StaffRole.options.filter((r) => !allowed.includes(r))) {
        const refused = await call(route, asStaff(role, ['rbac-siteId']));
        expect({ where, role, status: refused.status, code: refused.code }).toEqual({ where, role, status: 403, code: 'role-required' });
        for (const needed of allowed) expect(refused.message).toContain(needed);
      }
      const through = await call(route, asStaff(allowed.find((r) => r !== 'site-manager') ?? allowed[0]!, ['rbac-siteId']));
      expect({ where, status: through.status, authRefusal: [401, 403].includes(through.status) }).toMatchObject({
        where,
        authRefusal: false,
      });
    }
  });

  it('device-or-staff routes: a signed device request or staff with an allowed role; anything else refused', async () => {
    const either = routes.filter((r) => r.access?.kind === 'device-or-staff');
    expect(either.length).toBeGreaterThan(0);
    for (const route of either) {
      const where = `${route.service} ${route.method} ${route.path}`;
      const allowed = (route.access as { roles: StaffRole[] }).roles;
      expect({ where, ...(await call(route)) }).toMatchObject({ where, status: 401, code: 'device-auth-missing' });
      expect({ where, ...(await call(route, { authorization: 'Bearer not.a.token' })) }).toMatchObject({
        where,
        status: 401,
        code: 'staff-token-invalid',
      });
      for (const role of StaffRole.options.filter((r) => !allowed.includes(r)))
        expect({ where, role, ...(await call(route, asStaff(role, ['rbac-busId']))) }).toMatchObject({
          where,
          role,
          status: 403,
          code: 'role-required',
        });
      const through = await call(route, asStaff(allowed[0]!, ['rbac-busId']));
      expect({ where, authRefusal: [401, 403].includes(through.status) }).toEqual({ where, authRefusal: false });
    }
  });

  it('device routes refuse unsigned requests even with a staff token; public routes answer', async () => {
    for (const route of routes.filter((r) => r.access?.kind === 'device')) {
      const answer = await call(route, asStaff('operator'));
      expect({ where: `${route.service} ${route.method} ${route.path}`, status: answer.status, code: answer.code }).toMatchObject({
        status: 401,
        code: 'device-auth-missing',
      });
    }
    // A public route with a body (redeeming an activation code) answers `{}` by naming what is missing.
    for (const route of routes.filter((r) => r.access?.kind === 'public')) {
      const answer = await call(route);
      expect({ where: `${route.service} ${route.method} ${route.path}`, status: answer.status, code: answer.code }).toEqual({
        where: `${route.service} ${route.method} ${route.path}`,
        ...(route.method === 'GET' ? { status: 200, code: undefined } : { status: 400, code: 'invalid-request' }),
      });
    }
  });

  it('every search route open to site managers refuses one who names no site, or a site not theirs', async () => {
    // Queries a route needs besides the site (so the refusal is about the site, not the shape), and its site parameter.
    const REQUIRED: Record<string, string> = {
      '/analytics/outcomes': 'from=2026-11-24&to=2026-11-24&',
      '/decisions': 'state=needs-settlement&',
    };
    const SITE_PARAM: Record<string, string> = { '/fhir/CoverageEligibilityResponse': 'site' };
    // The live operations views answer a site manager with their own sites only (the filtering is checked in
    // operations-read-models.int.spec.ts); overview, prefectures and the stream take no site parameter at all.
    // The manual-settlement queue likewise gives a site manager their own sites.
    const OWN_SITES_WITHOUT_SITE = new Set([
      '/operations/overview',
      '/operations/alerts',
      '/operations/feed',
      '/operations/prefectures',
      '/operations/stream',
      '/decisions',
    ]);
    const TAKES_NO_SITE = new Set(['/operations/overview', '/operations/prefectures', '/operations/stream']);
    const searches = routes.filter(
      (r) => r.access?.kind === 'staff' && r.method === 'GET' && !r.path.includes(':') && r.access.roles.includes('site-manager'),
    );
    expect(searches.length).toBeGreaterThanOrEqual(5);
    for (const route of searches) {
      for (const site of ['', `${SITE_PARAM[route.path] ?? 'siteId'}=rbac-other`]) {
        if (site && TAKES_NO_SITE.has(route.path)) continue;
        const url = `${services.get(route.service)!.url}${route.path}?${REQUIRED[route.path] ?? ''}${site}`;
        const response = await fetch(url, { headers: asStaff('site-manager', ['rbac-own']) });
        const body = (await response.json().catch(() => ({}))) as { error?: { code: string } };
        if (!site && OWN_SITES_WITHOUT_SITE.has(route.path)) {
          expect({ where: `${route.service} ${route.path}`, status: response.status }).toEqual({
            where: `${route.service} ${route.path}`,
            status: 200,
          });
          continue;
        }
        expect({ where: `${route.service} ${route.path}?${site}`, status: response.status, code: body.error?.code }).toEqual({
          where: `${route.service} ${route.path}?${site}`,
          status: 403,
          code: 'site-not-permitted',
        });
      }
    }
  });

  it('a site manager sees only their own sites', async () => {
    const registry = services.get('device-registry')!.url;
    const own = await fetch(`${registry}/sites/rbac-own`, { headers: asStaff('site-manager', ['rbac-own']) });
    expect(own.status).toBe(404); // allowed through; the site simply does not exist
    const other = await fetch(`${registry}/sites/rbac-other`, { headers: asStaff('site-manager', ['rbac-own']) });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { error: { code: string } }).error.code).toBe('site-not-permitted');
    const all = await fetch(`${registry}/devices`, { headers: asStaff('site-manager', ['rbac-own']) });
    expect(all.status).toBe(403);
  });
});
