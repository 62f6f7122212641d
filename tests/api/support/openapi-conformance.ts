import type { DynamicModule, INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ERROR_CATALOGUE, StaffRole, type ServiceName } from '@hcv/contracts';
import { signRequest } from '@hcv/platform-access';
import type { MicroserviceOptions } from '@nestjs/microservices';
import { InMemoryProcessedEventLog, InProcessMessageBus, MessageBusTransport } from '@hcv/messaging';
import { createLogger } from '@hcv/observability';
import { createHttpApp } from '@hcv/platform-http';
import { type ServiceRuntime } from '@hcv/platform-runtime';
import { discoverRoutes, testStaffTokens, testStaffVerifier } from '@hcv/testing';

type Operation = {
  security?: Record<string, string[]>[];
  'x-roles'?: string[];
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
  responses: Record<
    string,
    { content?: Record<string, { schema?: { properties?: { error?: { properties?: { code?: { enum?: string[] } } } } } }> }
  >;
};
type Document = { openapi: string; info: { title: string }; paths: Record<string, Record<string, Operation>> };

/** Who sends a request: nobody in particular, a staff member of one role, or a registered device (its id and signing key). */
export type Caller = 'public' | { role: StaffRole } | { device: { deviceId: string; signingKey: string } };

/** A success answer as received, to be checked against the document. */
export interface SuccessAnswer {
  method: string;
  /** The documented path, `{param}` style. */
  path: string;
  status: number;
  contentType: string;
  body: unknown;
}

/**
 * What the document declares for a success answer, or the problems with it: the status must be
 * declared, with the answer's media type, and the body must satisfy the declared JSON schema (read
 * back into a validator with zod's `z.fromJSONSchema`, so it is the served schema that is tried, not
 * the contract it came from).
 */
export function successProblems(doc: { paths: Record<string, Record<string, unknown>> }, answer: SuccessAnswer): string[] {
  const where = `${answer.method.toUpperCase()} ${answer.path} → ${answer.status}`;
  const op = doc.paths[answer.path]?.[answer.method.toLowerCase()] as Operation | undefined;
  const response = op?.responses[String(answer.status)];
  if (!response) return [`${where}: status not declared`];
  const mediaType = answer.contentType.split(';')[0]!.trim();
  const declared = response.content?.[mediaType]?.schema;
  if (!declared) return [`${where}: ${mediaType} not declared`];
  if (!/json$/.test(mediaType)) return typeof answer.body === 'string' ? [] : [`${where}: a text answer was expected`];
  const parsed = z.fromJSONSchema(declared as never).safeParse(answer.body);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${where}: ${i.path.join('.') || '(body)'}: ${i.message}`);
}

/** The requests a service spec makes so that its routes answer with success (each one checked against the document). */
export interface SuccessScenario {
  /** Sends one request and returns the answer; a 2xx is checked against the document by the caller. */
  send(
    method: string,
    path: string,
    options?: { params?: Record<string, string>; query?: string; as?: Caller; body?: unknown; csv?: string },
  ): Promise<{ status: number; body: unknown }>;
  runtime: ServiceRuntime;
}

export interface ConformanceOptions {
  /**
   * Drives the service through its routes with valid requests; every success answer is checked
   * against the declared schema. `expect` lists the routes (`METHOD /path/{param}`) that must have
   * answered with a success.
   */
  successes?: { run: (scenario: SuccessScenario) => Promise<void>; expect: string[] };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const openapiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

/**
 * The API description a client tool relies on, proven against the running Nest app of one
 * service (memory stores, in-process bus): /openapi.json is OpenAPI 3.x; every route the app
 * registers is in it with its access rule; each error a probe provokes is declared for its route
 * and status; a method a path does not take answers 405 with an Allow header.
 */
export function describeOpenApiConformance(
  service: ServiceName,
  register: (runtime: ServiceRuntime) => DynamicModule,
  options: ConformanceOptions = {},
): void {
  describe(`${service} /openapi.json`, () => {
    let app: INestApplication;
    let base: string;
    let doc: Document;
    let module: DynamicModule;
    let runtime: ServiceRuntime;
    const tokens = testStaffTokens();
    /** Every success answer seen, for the wrong-declaration check. */
    const successes: SuccessAnswer[] = [];
    const record = async (method: string, path: string, response: Response): Promise<SuccessAnswer> => {
      const contentType = response.headers.get('content-type') ?? '';
      const text = await response.text();
      const answer = { method, path, status: response.status, contentType, body: /json/.test(contentType) ? JSON.parse(text) : text };
      if (response.status < 300) successes.push(answer);
      return answer;
    };

    beforeAll(async () => {
      const logger = createLogger({ service, level: 'error' });
      const bus = new InProcessMessageBus(logger);
      runtime = {
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
      // The consumers run too, so a scenario can bring the service to a state by its events (a device announced by the registry).
      app.connectMicroservice<MicroserviceOptions>({ strategy: new MessageBusTransport(bus, { processedLog: runtime.processedLog }) });
      await app.init();
      await app.startAllMicroservices();
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
      for (const [path, method, op] of Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([m, o]) => [path, m, o] as const),
      )) {
        expect(METHODS).toContain(method);
        expect(Object.keys(op.responses).some((s) => /^2\d\d$/.test(s))).toBe(true);
        for (const [status, response] of Object.entries(op.responses)) {
          // The probes' 503 carries terminus's per-check details, not a typed error.
          if (Number(status) < 400 || (path.startsWith('/health') && status === '503')) continue;
          const codes = response.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? [];
          expect(codes.length).toBeGreaterThan(0);
          for (const code of codes)
            expect({ code, status: ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE]?.status }).toEqual({
              code,
              status: Number(status),
            });
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
        const declared = schemes.includes('staffBearer')
          ? { kind: schemes.includes('deviceSignature') ? 'device-or-staff' : 'staff', roles: op['x-roles'] }
          : schemes.includes('deviceSignature')
            ? { kind: 'device' }
            : { kind: 'public' };
        expect({ route: `${route.method} ${route.path}`, access: declared }).toEqual({
          route: `${route.method} ${route.path}`,
          access: route.access,
        });
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
              const response = await fetch(url, {
                method: method.toUpperCase(),
                headers: { ...headers, ...(sent !== undefined ? { 'content-type': contentType } : {}) },
                body: sent,
              });
              const status = String(response.status);
              const declared = op.responses[status];
              const answer = await record(method, path, response);
              const errorCode = response.status >= 400 ? (answer.body as { error?: { code?: string } }).error?.code : undefined;
              // A probe that happened to succeed (a list, an overview) is held to its declared body too.
              if (response.status < 300) expect(successProblems(doc, answer)).toEqual([]);
              const codes = declared?.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum;
              probes.push(`${method.toUpperCase()} ${path} → ${status} ${errorCode ?? ''}`);
              expect({ probe: `${method.toUpperCase()} ${path}`, status, declared: declared !== undefined }).toEqual({
                probe: `${method.toUpperCase()} ${path}`,
                status,
                declared: true,
              });
              if (errorCode)
                expect({ probe: `${method.toUpperCase()} ${path}`, code: errorCode, declared: codes?.includes(errorCode) }).toEqual({
                  probe: `${method.toUpperCase()} ${path}`,
                  code: errorCode,
                  declared: true,
                });
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
          expect({ path, method, status: response.status, allowed: allowed.sort() }).toEqual({
            path,
            method,
            status: 405,
            allowed: [...takes].sort(),
          });
          expect(((await response.json()) as { error: { code: string } }).error.code).toBe('method-not-allowed');
        }
      }
    });

    if (options.successes) {
      const { run, expect: expected } = options.successes;
      it('answers valid requests with bodies its declared success schemas accept', async () => {
        const checked = new Set<string>();
        const problems: string[] = [];
        await run({
          runtime,
          async send(method, path, { params = {}, query, as = 'public', body, csv } = {}) {
            const documented = openapiPath(path);
            const target = `${path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ''))}${query ? `?${query}` : ''}`;
            const payload = csv ?? (body === undefined ? undefined : JSON.stringify(body));
            const headers: Record<string, string> =
              payload === undefined ? {} : { 'content-type': csv !== undefined ? 'text/csv' : 'application/json' };
            if (typeof as === 'object' && 'role' in as) headers.authorization = `Bearer ${tokens[as.role]}`;
            if (typeof as === 'object' && 'device' in as)
              Object.assign(headers, signRequest({ ...as.device, method: method.toUpperCase(), path: target, body: payload ?? '' }));
            const answer = await record(
              method,
              documented,
              await fetch(`${base}${target}`, { method: method.toUpperCase(), headers, body: payload }),
            );
            if (answer.status < 300) {
              checked.add(`${method.toUpperCase()} ${documented}`);
              problems.push(...successProblems(doc, answer));
            }
            return { status: answer.status, body: answer.body };
          },
        });
        expect(problems).toEqual([]);
        expect({ notAnsweredWithSuccess: expected.map(openapiPath).filter((r) => !checked.has(r)) }).toEqual({
          notAnsweredWithSuccess: [],
        });
        expect(expected.length).toBeGreaterThan(0);
      });
    }

    it('fails a real success answer against a deliberately wrong declaration', () => {
      // The answers seen above (at least /health and /openapi.json), each against its declared schema
      // with one more required property: the validator must notice the answer lacks it.
      const objects = successes.filter(
        (a) => /json/.test(a.contentType) && a.body !== null && typeof a.body === 'object' && !Array.isArray(a.body),
      );
      expect(objects.length).toBeGreaterThan(0);
      for (const answer of objects) {
        const mediaType = answer.contentType.split(';')[0]!.trim();
        const declared = doc.paths[answer.path]![answer.method.toLowerCase()]!.responses[String(answer.status)]!.content![mediaType]!
          .schema as { required?: string[]; properties?: object };
        const wrongSchema = {
          ...declared,
          properties: { ...declared.properties, declaredButNeverSent: { type: 'string' } },
          required: [...(declared.required ?? []), 'declaredButNeverSent'],
        };
        const wrong = {
          paths: {
            [answer.path]: {
              [answer.method.toLowerCase()]: { responses: { [answer.status]: { content: { [mediaType]: { schema: wrongSchema } } } } },
            },
          },
        };
        expect(successProblems(doc, answer)).toEqual([]);
        expect(successProblems(wrong, answer)).toEqual([expect.stringContaining('declaredButNeverSent')]);
      }
    });
  });
}
