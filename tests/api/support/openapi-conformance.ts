import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { ERROR_CATALOGUE, StaffRole, type ServiceName } from '@hcv/contracts';
import { InMemoryProcessedEventLog, InProcessMessageBus } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { createHttpApp } from '@hcv/platform-http';
import { type ServiceRuntime } from '@hcv/platform-runtime';
import { discoverRoutes, testStaffTokens, testStaffVerifier } from '@hcv/testing';

type Operation = {
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<string, { content?: Record<string, { schema?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } }> }>;
};
type Document = { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const openapiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * The API description a client tool relies on, proven against the running Nest app of one
 * service (memory stores, in-process bus): /openapi.json is OpenAPI 3.x; every route the app
 * registers is in it with its access rule; each error a probe provokes is declared for its route
 * and status; a method a path does not take answers 405 with an Allow header.
 */
export function describeOpenApiConformance(service: ServiceName, register: (runtime: ServiceRuntime) => DynamicModule): void {
  describe(`${service} /openapi.json`, () => {
    let app: INestApplication;
    let base: string;
    let doc: Document;
    let module: DynamicModule;
    const tokens = testStaffTokens();

    beforeAll(async () => {
      const logger = createLogger({ service, level: 'error' });
      const bus = new InProcessMessageBus(logger);
      const runtime: ServiceRuntime = {
        service,
        bus,
        publisher: bus.publisher(service),
        processedLog: new InMemoryProcessedEventLog(),
        storage: { kind: 'memory' },
        logger,
        clock: () => new Date(),
      };
      module = register(runtime);
      app = await createHttpApp(module, logger, { staffTokens: testStaffVerifier() });
      await app.init();
      await app.listen(0, '127.0.0.1');
      base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
      await bus.start();
      doc = (await (await fetch(`${base}/openapi.json`)).json()) as Document;
    });
    afterAll(async () => {
      await app?.close();
    });

    it('is an OpenAPI 3.x document whose operations each declare their responses', () => {
      expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
      expect(doc.info.title).toContain(service);
      const operations = Object.values(doc.paths).flatMap((item) => Object.entries(item));
      expect(operations.length).toBeGreaterThan(5);
      for (const [path, method, op] of Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([m, o]) => [path, m, o] as const))) {
        expect(METHODS).toContain(method);
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
        for (const [status, response] of Object.entries(op.responses)) {
          // The probes' 503 carries terminus's per-check details, not a typed error.
          if (Number(status) < 400 || (path.startsWith('/health') && status === '503')) continue;
          const codes = response.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? [];
          expect(codes.length).toBeGreaterThan(0);
          for (const code of codes) expect({ code, status: ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE]?.status }).toEqual({ code, status: Number(status) });
        }
      }
    });

    it('holds every route the app registers, with its access rule, and no other', () => {
      const routes = discoverRoutes(service, module);
      const documented = Object.entries(doc.paths).flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`));
      expect(routes.map((r) => `${r.method} ${openapiPath(r.path)}`).sort()).toEqual(documented.sort());
      for (const route of routes) {
        const op = doc.paths[openapiPath(route.path)]![route.method.toLowerCase()]!;
        const schemes = (op.security ?? []).flatMap((s) => Object.keys(s));
        const declared = schemes.includes('staffBearer') ? { kind: 'staff', roles: op['x-roles'] } : schemes.includes('deviceSignature') ? { kind: 'device' } : { kind: 'public' };
        expect({ route: `${route.method} ${route.path}`, access: declared }).toEqual({ route: `${route.method} ${route.path}`, access: route.access });
      }
    });

    it('declares every error a probe provokes, with its code, for its route and status', async () => {
      const probes: string[] = [];
      for (const [path, item] of Object.entries(doc.paths)) {
        for (const [method, op] of Object.entries(item)) {
          const url = `${base}${path.replace(/\{(\w+)\}/g, 'x')}`;
          const body = op.requestBody ? (op.requestBody.content['text/csv'] ? 'a,b\n' : '{}') : undefined;
          const contentType = op.requestBody?.content['text/csv'] ? 'text/csv' : 'application/json';
          const roles = op['x-roles'] ?? [];
          const variants: Record<string, string>[] = [{}];
          if (roles.length) {
            variants.push({ authorization: `Bearer ${tokens[roles[0] as keyof typeof tokens]}` });
            const other = StaffRole.options.find((r) => !roles.includes(r));
            if (other) variants.push({ authorization: `Bearer ${tokens[other]}` });
            variants.push({ authorization: 'Bearer not.a.token' });
          }
          if ((op.security ?? []).some((s) => 'deviceSignature' in s)) {
            variants.push({ 'x-device-id': 'nobody', 'x-timestamp': String(Date.now()), 'x-nonce': 'n', 'x-signature': 's' });
            variants.push({ 'x-device-id': 'nobody', 'x-timestamp': '1', 'x-nonce': 'n', 'x-signature': 's' });
          }
          for (const headers of variants) {
            for (const sent of body === undefined ? [undefined] : [body, '{"broken', '[]']) {
              const response = await fetch(url, { method: method.toUpperCase(), headers: { ...headers, ...(sent !== undefined ? { 'content-type': contentType } : {}) }, body: sent });
              const status = String(response.status);
              const declared = op.responses[status];
              const received = response.status >= 400 ? ((await response.json()) as { error?: { code?: string } }).error?.code : undefined;
              const codes = declared?.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum;
              probes.push(`${method.toUpperCase()} ${path} → ${status} ${received ?? ''}`);
              expect({ probe: `${method.toUpperCase()} ${path}`, status, declared: declared !== undefined }).toEqual({ probe: `${method.toUpperCase()} ${path}`, status, declared: true });
              if (received) expect({ probe: `${method.toUpperCase()} ${path}`, code: received, declared: codes?.includes(received) }).toEqual({ probe: `${method.toUpperCase()} ${path}`, code: received, declared: true });
            }
          }
        }
      }
      // The probes reached past authentication: some answered with a route's own errors.
      expect(probes.some((p) => / 4\d\d (?!staff-|device-auth|role-required)/.test(p))).toBe(true);
    });

    it('answers 405 with an Allow header and the typed error for a method a path does not take', async () => {
      for (const [path, item] of Object.entries(doc.paths)) {
        const takes = Object.keys(item).map((m) => m.toUpperCase());
        const wrong = ['DELETE', 'PATCH', ...(takes.includes('POST') ? [] : ['POST'])];
        for (const method of wrong) {
          const response = await fetch(`${base}${path.replace(/\{(\w+)\}/g, 'x')}`, { method });
          const allowed = (response.headers.get('allow') ?? '').split(', ').filter((m) => m !== 'HEAD');
          expect({ path, method, status: response.status, allowed: allowed.sort() }).toEqual({ path, method, status: 405, allowed: [...takes].sort() });
          expect(((await response.json()) as { error: { code: string } }).error.code).toBe('method-not-allowed');
        }
      }
    });
  });
}
