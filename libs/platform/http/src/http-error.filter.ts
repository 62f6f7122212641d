import { Catch, HttpException, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '@hcv/observability';
import { DomainError } from '@hcv/domain';
import { isTransientInfrastructureError } from '@hcv/messaging';
import { sendError, type FieldProblem } from './error-language';

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  404: 'route-not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/** The parts of Express 5's router (the `router` package) read to tell a wrong method from an unknown path. */
interface RouterLayer {
  route?: { path: string; _methods(): string[] };
  match(path: string): boolean;
}

const routeLayers = (req: Request) =>
  ((req.app as unknown as { router?: { stack?: RouterLayer[] } }).router?.stack ?? []).filter(
    (layer): layer is Required<RouterLayer> => layer.route !== undefined,
  );
const parameterCount = (path: string) => path.split(':').length - 1;

/**
 * The methods the app serves on this path (HEAD comes with GET), read from the Express router the
 * Nest routes were registered on; empty when no route has this path. The most literal routes
 * decide, as in the API description: `/sessions/captured` takes POST even though
 * `/sessions/:sessionId` would match it for GET.
 */
export function allowedMethods(req: Request): string[] {
  const matching = routeLayers(req).filter((layer) => layer.match(req.path));
  const fewest = Math.min(...matching.map((layer) => parameterCount(layer.route.path)));
  return [...new Set(matching.filter((layer) => parameterCount(layer.route.path) === fewest).flatMap((layer) => layer.route._methods()))];
}

const literalRoutes = new WeakMap<object, Map<string, string[]>>();
const normalised = (path: string) => path.toLowerCase().replace(/(.)\/+$/, '$1');

/**
 * Middleware: a literal path (no parameters) answers 405 for a method it does not take, instead of
 * falling through to a parameterised route of that method (`GET /sessions/captured` would reach
 * `GET /sessions/:sessionId`). One map lookup per request; the map is built on the first request,
 * once every route is registered.
 */
export function methodNotAllowedOnLiteralPaths(req: Request, res: Response, next: NextFunction): void {
  let literal = literalRoutes.get(req.app);
  if (!literal) {
    literal = new Map();
    for (const layer of routeLayers(req)) {
      if (parameterCount(layer.route.path)) continue;
      const path = normalised(layer.route.path);
      literal.set(path, [...new Set([...(literal.get(path) ?? []), ...layer.route._methods()])]);
    }
    literalRoutes.set(req.app, literal);
  }
  const allowed = literal.get(normalised(req.path));
  if (allowed && !allowed.includes(req.method)) {
    methodNotAllowed(req, res, req.method, allowed);
    return;
  }
  next();
}

function methodNotAllowed(req: Request, res: Response, method: string, allowed: string[]): void {
  res.setHeader('Allow', allowed.join(', '));
  sendError(req, res, 405, {
    code: 'method-not-allowed',
    message: `${method} is not served on this path; it takes ${allowed.join(', ')}.`,
  });
}

/** The problems a refused body carries (InvalidRequestError from parseRequest), if any. */
const fieldsOf = (exception: DomainError): FieldProblem[] | undefined => {
  const fields = (exception as DomainError & { fields?: unknown }).fields;
  return Array.isArray(fields) ? (fields as FieldProblem[]) : undefined;
};

/** Mongoose's own name for a server selection that failed before the connection was ever open. */
const databaseUnreachableAtStart = (error: unknown) => (error as { name?: string })?.name === 'MongooseServerSelectionError';

/** Seconds a caller is asked to wait (`Retry-After`) when the database or broker does not answer. */
export const DEFAULT_RETRY_AFTER_SECONDS = 2;

/**
 * Every error leaves as `{ error: { code, message, field?, fields? } }`, its message in the caller's
 * language (error-language.ts). An unreachable database or broker (the driver's network, server
 * selection and pool errors; kafkajs's connection errors) is `503 temporarily-unavailable` with
 * `Retry-After`: the caller's request was fine and may be sent again. Other unknown errors are 500
 * and logged.
 */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    private readonly retryAfterSeconds: number = DEFAULT_RETRY_AFTER_SECONDS,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request>();
    if (exception instanceof DomainError) {
      const fields = fieldsOf(exception);
      sendError(request, response, exception.status, {
        code: exception.code,
        message: exception.message,
        ...(exception.field ? { field: exception.field } : {}),
        ...(fields ? { fields } : {}),
      });
      return;
    }
    // Nest answers an unmatched request with a NotFoundException; a path that exists under other
    // methods gets 405 and the methods it takes instead (RFC 9110 §15.5.6).
    if (exception instanceof NotFoundException) {
      const allowed = allowedMethods(request);
      if (allowed.length && !allowed.includes(request.method)) {
        methodNotAllowed(request, response, request.method, allowed);
        return;
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? `http-${status}`;
      const message = status === 400 ? 'The request body is not valid JSON.' : exception.message;
      sendError(request, response, status, { code, message });
      return;
    }
    // body-parser errors arrive as plain errors with a status (e.g. entity.too.large, encoding).
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      sendError(request, response, status, { code: STATUS_CODES[status] ?? `http-${status}`, message: (exception as Error).message });
      return;
    }
    if (isTransientInfrastructureError(exception) || databaseUnreachableAtStart(exception)) {
      this.logger.warn('answered 503: infrastructure unavailable', { error: exception, path: request.route?.path as unknown });
      response.setHeader('Retry-After', String(this.retryAfterSeconds));
      sendError(request, response, 503, {
        code: 'temporarily-unavailable',
        message: `The service cannot reach its database or broker at the moment; retry in ${this.retryAfterSeconds} s.`,
      });
      return;
    }
    this.logger.error('unhandled error', { error: exception });
    sendError(request, response, 500, { code: 'internal', message: 'An internal error occurred; it has been logged.' });
  }
}
