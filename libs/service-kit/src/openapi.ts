import { z } from 'zod';
import { ERROR_CATALOGUE, type ErrorCode } from '@hcv/contracts';

export interface RouteDoc {
  method: 'get' | 'post' | 'put';
  path: string;
  summary: string;
  request?: z.ZodType;
  deviceAuth?: boolean;
  /** Success status and what it returns. */
  success: { status: number; description: string };
  errors: ErrorCode[];
}

const DEVICE_AUTH_ERRORS: ErrorCode[] = ['device-auth-missing', 'device-auth-stale', 'device-auth-signature', 'device-auth-replayed', 'device-unknown', 'device-suspended', 'device-retired'];
const COMMON_ERRORS: ErrorCode[] = ['bad-request', 'invalid-utf8', 'payload-too-large', 'unsupported-media-type', 'internal'];

/**
 * An OpenAPI 3.1 document whose request bodies are generated from the same zod contracts the
 * handlers parse with, and whose error responses list every code (with its sentence) a caller can
 * meet on each route.
 */
export function openApiDocument(info: { title: string; version: string; description: string }, routes: RouteDoc[]) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const errors = [...new Set([...route.errors, ...(route.deviceAuth ? DEVICE_AUTH_ERRORS : []), ...COMMON_ERRORS])];
    const byStatus = new Map<number, ErrorCode[]>();
    for (const code of errors) byStatus.set(ERROR_CATALOGUE[code].status, [...(byStatus.get(ERROR_CATALOGUE[code].status) ?? []), code]);
    const responses: Record<string, unknown> = { [String(route.success.status)]: { description: route.success.description } };
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = {
        description: codes.map((c) => `\`${c}\`: ${ERROR_CATALOGUE[c].sentence}`).join('\n'),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    const openapiPath = route.path.replace(/:(\w+)/g, '{$1}');
    const parameters = [...route.path.matchAll(/:(\w+)/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
    paths[openapiPath] = {
      ...paths[openapiPath],
      [route.method]: {
        summary: route.summary,
        ...(parameters.length ? { parameters } : {}),
        ...(route.deviceAuth ? { security: [{ deviceSignature: [] }] } : {}),
        ...(route.request ? { requestBody: { required: true, content: { 'application/json': { schema: z.toJSONSchema(route.request, { io: 'input', unrepresentable: 'any' }) } } } } : {}),
        responses,
      },
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: {
        deviceSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'x-signature',
          description:
            'HMAC-SHA256 (key = SHA-256 of the device secret shown once at activation) over METHOD\\nPATH\\nSHA-256(body) hex\\nx-timestamp\\nx-nonce, base64url; with x-device-id, x-timestamp (ms) and x-nonce headers. Window ±5 min, each nonce once.',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: { code: { type: 'string', enum: Object.keys(ERROR_CATALOGUE) }, message: { type: 'string' }, field: { type: 'string' } },
            },
          },
        },
      },
    },
  };
}
