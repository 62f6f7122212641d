import { Catch, HttpException, NotFoundException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Logger } from '@hcv/observability';
import { DomainError } from '@hcv/domain-errors';

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  404: 'route-not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

/** The parts of Express 5's router (the `router` package) read to tell a wrong method from an unknown path. */
interface RouterLayer {
  route?: { _methods(): string[] };
  match(path: string): boolean;
}

/**
 * The methods the app serves on this path (HEAD comes with GET), read from the Express router the
 * Nest routes were registered on; empty when no route has this path.
 */
export function allowedMethods(req: Request): string[] {
  const stack = (req.app as unknown as { router?: { stack?: RouterLayer[] } }).router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) if (layer.route && layer.match(req.path)) for (const m of layer.route._methods()) methods.add(m);
  return [...methods];
}

/** Every error leaves as `{ error: { code, message, field? } }`; unknown errors are 500 and logged. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      response.status(exception.status).json({
        error: { code: exception.code, message: exception.message, ...(exception.field ? { field: exception.field } : {}) },
      });
      return;
    }
    // Nest answers an unmatched request with a NotFoundException; a path that exists under other
    // methods gets 405 and the methods it takes instead (RFC 9110 §15.5.6).
    if (exception instanceof NotFoundException) {
      const request = host.switchToHttp().getRequest<Request>();
      const allowed = allowedMethods(request);
      if (allowed.length && !allowed.includes(request.method)) {
        response
          .status(405)
          .setHeader('Allow', allowed.join(', '))
          .json({ error: { code: 'method-not-allowed', message: `${request.method} is not served on this path; it takes ${allowed.join(', ')}.` } });
        return;
      }
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = STATUS_CODES[status] ?? `http-${status}`;
      const message = status === 400 ? 'The request body is not valid JSON.' : exception.message;
      response.status(status).json({ error: { code, message } });
      return;
    }
    // body-parser errors arrive as plain errors with a status (e.g. entity.too.large, encoding).
    const status = (exception as { status?: number })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      response.status(status).json({ error: { code: STATUS_CODES[status] ?? `http-${status}`, message: (exception as Error).message } });
      return;
    }
    this.logger.error('unhandled error', { error: exception });
    response.status(500).json({ error: { code: 'internal', message: 'An internal error occurred; it has been logged.' } });
  }
}
