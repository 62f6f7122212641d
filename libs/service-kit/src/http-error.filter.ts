import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@hcv/observability';
import { DomainError } from '@hcv/domain-errors';

const STATUS_CODES: Record<number, string> = {
  400: 'bad-request',
  404: 'route-not-found',
  405: 'method-not-allowed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
};

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
