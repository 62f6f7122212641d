import { z } from 'zod';
import { ERROR_CATALOGUE, HealthCheckResponse, HealthSummaryResponse, type ErrorCode, type StaffRole } from '@hcv/contracts';

/**
 * Who may call a route: the rules the access decorators enforce (staff-access.ts); `{ device: true, roles }`
 * is @DeviceOrRoles (a signed device request, or staff with one of the roles).
 */
export type RouteAccess = 'public' | 'device' | { roles: readonly StaffRole[]; device?: true };

/** The media types a route answers its success with; a JSON body is declared by its zod contract (libs/contracts, `*.response.ts`). */
/**
 * A text body's schema. A server-sent event stream is described event by event (its fields, as
 * the HTML standard's event-stream format defines them), which is how API tools check each event.
 */
function textSchema(contentType: string): Record<string, unknown> {
  if (contentType !== 'text/event-stream') return { type: 'string' };
  return {
    type: 'object',
    properties: { event: { type: 'string' }, data: { type: 'string' }, id: { type: 'string' }, retry: { type: 'integer', minimum: 0 } },
  };
}

type SuccessBody = { type: 'json'; schema: z.ZodType; contentType?: string } | { type: 'text'; contentType: string | string[] };

export interface RouteDoc {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  access: RouteAccess;
  /** Path parameters by name (default: a non-empty string). */
  params?: Record<string, z.ZodType>;
  /** The query contract (a zod object); each property becomes a query parameter. */
  query?: z.ZodType;
  /** The JSON body contract, or `csv` for a text/csv upload. */
  request?: z.ZodType | 'csv';
  /** Success status and what it returns (`alsoCsv` when `format=csv` answers text/csv); `extra`: other statuses with a JSON body. */
  success: {
    status: number;
    description: string;
    body: SuccessBody;
    alsoCsv?: boolean;
    extra?: { status: number; description: string; schema: z.ZodType }[];
  };
  /** The route's own error codes; the access rule and the platform add theirs (see errorsOf). */
  errors: ErrorCode[];
}

export const DEVICE_AUTH_ERRORS: ErrorCode[] = [
  'device-auth-missing',
  'device-auth-stale',
  'device-auth-signature',
  'device-auth-replayed',
  'device-unknown',
  'device-suspended',
  'device-retired',
  'device-not-active',
];
export const STAFF_AUTH_ERRORS: ErrorCode[] = [
  'staff-auth-missing',
  'staff-token-invalid',
  'staff-token-expired',
  'role-required',
  'identity-provider-unavailable',
];
/** What the platform itself may answer on any route (http-app.ts, http-error.filter.ts). */
export const PLATFORM_ERRORS: ErrorCode[] = [
  'bad-request',
  'invalid-utf8',
  'payload-too-large',
  'unsupported-media-type',
  'temporarily-unavailable',
  'internal',
];

/** Every code a caller can meet on the route: its own, its access rule's, the contract's, the platform's. */
export function errorsOf(route: RouteDoc): ErrorCode[] {
  const validated = (route.request !== undefined && route.request !== 'csv') || route.query !== undefined;
  return [
    ...new Set<ErrorCode>([
      ...route.errors,
      ...(validated ? (['invalid-request'] as const) : []),
      ...(route.access === 'device' ? DEVICE_AUTH_ERRORS : route.access === 'public' ? [] : STAFF_AUTH_ERRORS),
      ...(typeof route.access === 'object' && route.access.device ? DEVICE_AUTH_ERRORS : []),
      // A route that answers a status with its own body (the probes' 503) does not answer the platform's error of that status.
      ...PLATFORM_ERRORS.filter((code) => !route.success.extra?.some((extra) => extra.status === ERROR_CATALOGUE[code].status)),
    ]),
  ];
}

/** The typed error body (HttpErrorFilter), its `code` limited to the codes given. */
export function errorBodySchema(codes?: readonly string[]) {
  return {
    type: 'object',
    required: ['error'],
    properties: {
      error: {
        type: 'object',
        required: ['code', 'message'],
        properties: {
          code: { type: 'string', enum: [...(codes ?? Object.keys(ERROR_CATALOGUE))] },
          message: { type: 'string' },
          field: { type: 'string' },
          fields: {
            type: 'array',
            items: { type: 'object', required: ['path', 'code'], properties: { path: { type: 'string' }, code: { type: 'string' } } },
          },
        },
      },
    },
  };
}

/** The four headers of a signed device request (one security requirement: all of them). */
const DEVICE_SECURITY = { deviceId: [], deviceTimestamp: [], deviceNonce: [], deviceSignature: [] };

/** A request contract as the caller writes it (`input`), a response contract as the service writes it (`output`). */
const jsonSchema = (schema: z.ZodType, io: 'input' | 'output' = 'input') => {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
};

function successBody(body: SuccessBody): Record<string, unknown> {
  if (body.type === 'text') return Object.fromEntries([body.contentType].flat().map((type) => [type, { schema: textSchema(type) }]));
  return { [body.contentType ?? 'application/json']: { schema: jsonSchema(body.schema, 'output') } };
}

/**
 * Routes every service serves besides its own: the probes and metrics (HealthModule) and the API description
 * with its reference page (ApiDocsModule).
 */
export const PLATFORM_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/health',
    summary: 'Liveness for humans: the service name and its storage.',
    access: 'public',
    success: { status: 200, description: 'Up.', body: { type: 'json', schema: HealthSummaryResponse } },
    errors: [],
  },
  {
    method: 'get',
    path: '/health/live',
    summary: 'Liveness probe: the process answers and its consumers run.',
    access: 'public',
    success: {
      status: 200,
      description: 'Live; per-check details.',
      body: { type: 'json', schema: HealthCheckResponse },
      extra: [{ status: 503, description: 'Not live; per-check details (terminus).', schema: HealthCheckResponse }],
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/health/ready',
    summary: 'Readiness probe: broker and database answer and the service is not draining.',
    access: 'public',
    success: {
      status: 200,
      description: 'Ready; per-check details.',
      body: { type: 'json', schema: HealthCheckResponse },
      extra: [{ status: 503, description: 'Not ready; per-check details (terminus).', schema: HealthCheckResponse }],
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics of the process (text exposition format), for the scraper.',
    access: 'public',
    success: { status: 200, description: 'The metrics.', body: { type: 'text', contentType: 'text/plain' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document (OpenAPI 3.1).',
    access: 'public',
    // The OpenAPI 3.1 schema itself is not repeated here: its outer shape is.
    success: {
      status: 200,
      description: 'The OpenAPI document.',
      body: {
        type: 'json',
        schema: z.looseObject({
          openapi: z.string(),
          info: z.looseObject({ title: z.string() }),
          paths: z.record(z.string(), z.unknown()),
        }),
      },
    },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'The API reference page (Swagger UI, served by the service itself).',
    access: 'public',
    success: { status: 200, description: 'The page.', body: { type: 'text', contentType: 'text/html' } },
    errors: [],
  },
  {
    method: 'get',
    path: '/docs/:asset',
    summary: 'A script or style sheet of the reference page.',
    access: 'public',
    params: { asset: z.enum(['swagger-ui.css', 'swagger-ui-bundle.js', 'docs.js']) },
    success: {
      status: 200,
      description: 'The asset (JavaScript or CSS).',
      body: { type: 'text', contentType: ['text/javascript', 'text/css'] },
    },
    errors: ['route-not-found'],
  },
];

/**
 * An OpenAPI 3.1 document whose parameters and request bodies are generated from the same zod
 * contracts the handlers parse with (zod's own `z.toJSONSchema`), and whose error responses list
 * every code a caller can meet on each route — the response schema limits `error.code` to them.
 * `x-roles` names the staff roles a route accepts.
 */
export function openApiDocument(info: { title: string; version: string; description: string }, serviceRoutes: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of [...serviceRoutes, ...PLATFORM_ROUTES]) {
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of errorsOf(route))
      byStatus.set(ERROR_CATALOGUE[code].status, [...(byStatus.get(ERROR_CATALOGUE[code].status) ?? []), code]);
    const { success } = route;
    const responses: Record<string, unknown> = {
      [String(success.status)]: {
        description: success.description,
        content: { ...successBody(success.body), ...(success.alsoCsv ? { 'text/csv': { schema: { type: 'string' } } } : {}) },
      },
    };
    for (const extra of success.extra ?? [])
      responses[String(extra.status)] = {
        description: extra.description,
        content: { 'application/json': { schema: jsonSchema(extra.schema, 'output') } },
      };
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: codes.map((c) => `\`${c}\`: ${ERROR_CATALOGUE[c].sentence}`).join('\n'),
        content: { 'application/json': { schema: errorBodySchema(codes) } },
      };
    }
    const openapiPath = route.path.replace(/:(\w+)/g, '{$1}');
    const pathParameters = [...route.path.matchAll(/:(\w+)/g)].map(([, name]) => ({
      name,
      in: 'path',
      required: true,
      schema: route.params?.[name!] ? jsonSchema(route.params[name!]!) : { type: 'string', minLength: 1 },
    }));
    const query = route.query ? (jsonSchema(route.query) as { properties?: Record<string, object>; required?: string[] }) : undefined;
    const queryParameters = Object.entries(query?.properties ?? {}).map(([name, schema]) => ({
      name,
      in: 'query',
      required: query?.required?.includes(name) ?? false,
      schema,
    }));
    const parameters = [...pathParameters, ...queryParameters];
    const access = route.access;
    paths[openapiPath] = {
      ...paths[openapiPath],
      [route.method]: {
        summary: route.summary,
        ...(parameters.length ? { parameters } : {}),
        ...(access === 'device' ? { security: [DEVICE_SECURITY] } : {}),
        ...(typeof access === 'object'
          ? { security: [{ staffBearer: [] }, ...(access.device ? [DEVICE_SECURITY] : [])], 'x-roles': access.roles }
          : {}),
        ...(route.request === 'csv'
          ? { requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string', minLength: 1 } } } } }
          : route.request
            ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.request) } } } }
            : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      ...info,
      description: `${info.description}\n\nEvery error answers \`{ "error": { "code", "message", "field"? } }\`; a method a path does not declare answers 405 \`method-not-allowed\` with an \`Allow\` header.`,
    },
    paths,
    components: {
      securitySchemes: {
        deviceId: { type: 'apiKey', in: 'header', name: 'x-device-id', description: 'The registered, activated device.' },
        deviceTimestamp: {
          type: 'apiKey',
          in: 'header',
          name: 'x-timestamp',
          description: 'Milliseconds since the epoch; within ±5 min of the service clock.',
        },
        deviceNonce: { type: 'apiKey', in: 'header', name: 'x-nonce', description: 'Unique per request within the window.' },
        deviceSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'x-signature',
          description:
            'base64url(HMAC-SHA256(key, METHOD\\nPATH\\nSHA-256(body) hex\\nx-timestamp\\nx-nonce)), the key being the SHA-256 of the device secret shown once at activation; PATH is the request target with its query string.',
        },
        staffBearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (HS256) from the federation identity provider' },
      },
      schemas: { Error: errorBodySchema() },
    },
  };
}
