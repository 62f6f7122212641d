import { AsyncLocalStorage } from 'node:async_hooks';
import {
  applyDecorators,
  Inject,
  Injectable,
  SetMetadata,
  UseInterceptors,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { DomainError } from '@hcv/domain';
import { catchError, from, mergeMap, Observable, throwError } from 'rxjs';

/**
 * The nonce of a signed device request whose route records it with the request's own write (see
 * `NonceRecordedByWrite`): the guard has verified the signature and the device, and left the
 * replay check to that write. `recorded` turns true once a stored write (or the fallback) holds it.
 */
export interface PendingNonce {
  readonly deviceId: string;
  readonly nonce: string;
  readonly atMillis: number;
  /** The aggregate the request acted on, once it asked for it (the fallback records the nonce there). */
  target?: string;
  recorded: boolean;
}

/**
 * Where a pending nonce goes when no write of the request recorded it (the request was refused, or
 * changed nothing): on the aggregate it acted on, else in the service's nonce store. False when it
 * was recorded before: the request is a replay.
 */
export interface PendingNonceFallback {
  record(pending: PendingNonce): Promise<boolean>;
}

export const PENDING_NONCE_FALLBACK = Symbol('PendingNonceFallback');

const NONCE_RECORDED_BY_WRITE = 'hcv:nonce-recorded-by-write';

const pending = new AsyncLocalStorage<PendingNonce>();

/** The refusal of a request whose nonce was already received (the same typed error wherever it is detected). */
export const replayedNonce = () =>
  new DomainError('device-auth-replayed', 'This request was already received (replayed nonce); sign every request anew.', 401);

/** The pending nonce of the request being handled, while no write has recorded it yet. */
export function pendingNonce(): PendingNonce | undefined {
  const p = pending.getStore();
  return p && !p.recorded ? p : undefined;
}

/** Runs `fn` as the handling of a request carrying `nonce` (tests and the interceptor below). */
export function withPendingNonce<T>(nonce: PendingNonce, fn: () => T): T {
  return pending.run(nonce, fn);
}

/**
 * Runs `fn` outside the request's pending nonce: for a write the request makes on another aggregate
 * than its own (e.g. an open cancelling the device's untouched session), which must not carry it.
 */
export function withoutPendingNonce<T>(fn: () => T): T {
  return pending.exit(fn);
}

/** True when the route (handler or controller) leaves the replay check to its own write. */
export function recordsNonceByWrite(getMetadata: (key: string) => unknown): boolean {
  return getMetadata(NONCE_RECORDED_BY_WRITE) === true;
}

type PendingRequest = { pendingNonce?: PendingNonce };

/**
 * Runs the handler with the request's pending nonce in scope, and afterwards, if no write recorded
 * it, records it through the service's fallback. A request whose nonce was already recorded is
 * refused as replayed, whatever the handler answered: a replay never has an effect, because the
 * write that would carry it is conditional on the nonce not being there yet.
 */
@Injectable()
export class PendingNonceInterceptor implements NestInterceptor {
  constructor(@Inject(PENDING_NONCE_FALLBACK) private readonly fallback: PendingNonceFallback) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const nonce = context.switchToHttp().getRequest<PendingRequest>().pendingNonce;
    if (!nonce) return next.handle();
    const settle = async () => {
      if (nonce.recorded) return;
      if (!(await this.fallback.record(nonce))) throw replayedNonce();
      nonce.recorded = true;
    };
    // Subscribed inside the scope, so the handler (and the pipes before it) run with the nonce pending.
    const handled = new Observable<unknown>((subscriber) => pending.run(nonce, () => next.handle().subscribe(subscriber)));
    return handled.pipe(
      mergeMap((result) => from(settle().then(() => result))),
      catchError((error: unknown) => from(settle()).pipe(mergeMap(() => throwError(() => error)))),
    );
  }
}

/**
 * Marks a device route whose request acts on one aggregate: its nonce is recorded by the
 * aggregate's own conditional write (one round trip instead of two), or by the fallback when the
 * request writes nothing. Put it beside @DeviceAuthenticated() or @DeviceOrRoles(); the service
 * provides PENDING_NONCE_FALLBACK.
 */
export const NonceRecordedByWrite = () =>
  applyDecorators(SetMetadata(NONCE_RECORDED_BY_WRITE, true), UseInterceptors(PendingNonceInterceptor));
