import { StreamableFile, type DynamicModule, type INestApplication, type LoggerService, type Provider } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { withIncomingTrace, type Logger } from '@hcv/observability';
import type { StaffTokens } from '@hcv/platform-access';
import { httpMetrics } from '@hcv/platform-metrics';
import { StaffAccessGuard } from '@hcv/platform-access';
import { ErrorLanguageGuard } from './error-language.guard';
import { sendError } from './error-language';
import { HttpErrorFilter, methodNotAllowedOnLiteralPaths } from './http-error.filter';
import {
  corsFromAllowList,
  refuseInvalidUtf8,
  ROUTE_CORS,
  securityHeaders,
  type HttpSecurityOptions,
  type RouteCorsRule,
} from './http-security';

/**
 * Nest's Express adapter, answering a handler's plain object itself: `res.json` → `res.send` parse and
 * format the content type twice (content-type, mime-types), check freshness and compute the length
 * on every answer — about 1 % of card-session's CPU for three small JSON answers per verification.
 * The answer is the same bytes and headers (`application/json; charset=utf-8`, Content-Length).
 * Everything else goes Express's way: no body, files and streams, a content type already set, HEAD,
 * 204/304, and a conditional request (If-None-Match / If-Modified-Since, which `res.send` may turn
 * into a 304).
 */
export class JsonAnsweringExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number) {
    if (body === null || typeof body !== 'object' || body instanceof StreamableFile) return super.reply(response, body, statusCode);
    const req = response.req;
    const status = statusCode ?? response.statusCode;
    if (
      response.getHeader('content-type') !== undefined ||
      req.method === 'HEAD' ||
      status === 204 ||
      status === 304 ||
      req.headers['if-none-match'] !== undefined ||
      req.headers['if-modified-since'] !== undefined
    )
      return super.reply(response, body, statusCode);
    const text = JSON.stringify(body);
    // JSON.stringify of a toJSON() answering undefined: nothing to send, as res.json would send.
    if (text === undefined) return super.reply(response, body, statusCode);
    response.statusCode = status;
    response.setHeader('Content-Type', 'application/json; charset=utf-8');
    response.setHeader('Content-Length', Buffer.byteLength(text));
    response.end(text, 'utf8');
    return response;
  }
}

class NestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown) {
    this.logger.debug(String(message));
  }
  error(message: unknown, trace?: string) {
    this.logger.error(String(message), { trace });
  }
  warn(message: unknown) {
    this.logger.warn(String(message));
  }
}

/** Where a CSV file may be uploaded (text/csv); everywhere else bodies are JSON. */
const CSV_UPLOAD_PATHS = ['/vouchers/import/csv'];

/**
 * The content type every client of ours sends, compared as a string: type-is parses the header on
 * each call (twice per request: here and in the JSON parser), about 1 % of card-session's CPU. Any
 * other spelling (upper case, other parameters) is still judged by type-is.
 */
const isPlainJson = (contentType: string | undefined) =>
  contentType === 'application/json' || contentType === 'application/json; charset=utf-8';

/** What express.json parses: JSON bodies (the same as its default `type`, with the plain spellings first). */
const jsonBody = (req: IncomingMessage) => isPlainJson(req.headers['content-type']) || Boolean((req as Request).is('application/json'));

/** Requests with a body must say it is JSON (or CSV on an upload path); anything else is refused before parsing. */
function requireJson(req: Request, res: Response, next: NextFunction): void {
  if (isPlainJson(req.headers['content-type'])) {
    next();
    return;
  }
  const hasBody = req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0';
  if (CSV_UPLOAD_PATHS.includes(req.path) && req.is('text/csv')) {
    next();
    return;
  }
  if ((hasBody || req.headers['transfer-encoding']) && !req.is('application/json')) {
    sendError(req, res, 415, { code: 'unsupported-media-type', message: 'Send the body as application/json.' });
    return;
  }
  next();
}

const keepRawBody = (req: Request, _res: Response, buf: Buffer) => {
  (req as Request & { rawBody?: Buffer }).rawBody = buf;
};

const BULK_IMPORT_PATHS = ['/vouchers/import'];

/** The module's own CORS rules (a ROUTE_CORS provider of the root module, dynamic or declared), if it has any. */
function routeCorsRules(app: INestApplication, module: DynamicModule): readonly RouteCorsRule[] {
  const providers = [...(module.providers ?? []), ...((Reflect.getMetadata('providers', module.module) as Provider[] | undefined) ?? [])];
  const declared = providers.some((p) => typeof p === 'object' && 'provide' in p && p.provide === ROUTE_CORS);
  return declared ? app.get<readonly RouteCorsRule[]>(ROUTE_CORS) : [];
}

/**
 * A Nest app with the platform's conventions: JSON bodies ≤ 64 KiB, typed errors, our logger, and
 * the access rules (public / signed device / staff role) enforced on every route; security headers
 * and CORS from an allow-list (default: same-origin only) on every response.
 */
export async function createHttpApp(
  module: DynamicModule,
  logger: Logger,
  options: {
    staffTokens: StaffTokens;
    security?: Partial<HttpSecurityOptions> & { trustProxy?: boolean };
    /** `Retry-After` of a 503 temporarily-unavailable (default 2 s). */
    retryAfterSeconds?: number;
  },
): Promise<INestApplication> {
  const app = await NestFactory.create(module, new JsonAnsweringExpressAdapter(), {
    logger: new NestLogger(logger),
    bodyParser: false,
    abortOnError: false,
  });
  const instance = app.getHttpAdapter().getInstance() as express.Express;
  instance.disable('x-powered-by');
  // No ETag on `res.send`/`res.json` answers: it cost a SHA-1 of every body (about 0.7 % of
  // card-session's CPU under load) for conditional requests no client makes (an API answer is
  // read once; a device's reads are signed, each with a new nonce). Files sent with sendFile keep theirs.
  instance.set('etag', false);
  // Pinned, not left to the framework default: the "simple" parser never turns `a[$gt]=` into an
  // object (the "extended" one would), so a query value is a string or an array of strings.
  instance.set('query parser', 'simple');
  if (options.security?.trustProxy) instance.set('trust proxy', true);
  // First, so every answer is counted, the ones the middlewares below give included.
  app.use(httpMetrics);
  app.use(securityHeaders);
  app.use(corsFromAllowList({ corsAllowedOrigins: options.security?.corsAllowedOrigins ?? [], routes: routeCorsRules(app, module) }));
  app.use(methodNotAllowedOnLiteralPaths);
  app.use(requireJson);
  // The raw bytes are kept for device signatures (the HMAC covers the body exactly as sent).
  const json = (limit: string) =>
    express.json({
      limit,
      strict: true,
      type: jsonBody,
      verify: keepRawBody,
    });
  // Operator bulk imports carry up to 10,000 vouchers per request; everything else stays small.
  for (const path of BULK_IMPORT_PATHS) app.use(path, json('8mb'));
  // A 100,000-row voucher file is about 15 MB. It stays bytes (a Buffer, outside the JS heap) and
  // is parsed row by row: as one string it took twice its size in the heap (three times with the rows).
  for (const path of CSV_UPLOAD_PATHS) app.use(path, express.raw({ type: 'text/csv', limit: '32mb', verify: keepRawBody }));
  app.use(json('64kb'));
  app.use(refuseInvalidUtf8);
  // The caller's trace context (`traceparent`) for what the request does from here on: taken up here,
  // after the body is read, when the HTTP instrumentation does not follow incoming requests (nothing
  // exported: see withIncomingTrace); a body's stream events run outside any request's context.
  app.use((req: Request, _res: Response, next: NextFunction) => withIncomingTrace(req.headers, next));
  app.useGlobalFilters(new HttpErrorFilter(logger, options.retryAfterSeconds));
  app.useGlobalGuards(new ErrorLanguageGuard(app.get(Reflector)), new StaffAccessGuard(app.get(Reflector), options.staffTokens));
  return app;
}
