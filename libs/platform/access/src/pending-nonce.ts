import { AsyncLocalStorage } from 'node:async_hooks';
import { Req, SetMetadata } from '@nestjs/common';
import { PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { DomainError } from '@hcv/domain';

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

/** Runs `fn` as the handling of a request carrying `nonce` (tests, and handleWithPendingNonce below). */
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

/** What DeviceAuthGuard leaves on the request of a @NonceRecordedByWrite route. */
export type PendingNonceRequest = { pendingNonce?: PendingNonce; pendingNonceFallback?: PendingNonceFallback };

async function settle(nonce: PendingNonce, fallback: PendingNonceFallback): Promise<void> {
  if (nonce.recorded) return;
  if (!(await fallback.record(nonce))) throw replayedNonce();
  nonce.recorded = true;
}

/**
 * Runs a route handler with the request's pending nonce in scope, and afterwards, if no write
 * recorded it, records it through the service's fallback. A request whose nonce was already
 * recorded is refused as replayed, whatever the handler answered or threw: a replay never has an
 * effect, because the write that would carry it is conditional on the nonce not being there yet.
 * A request without a pending nonce (a staff caller of a @DeviceOrRoles route) is handled as it is.
 */
export async function handleWithPendingNonce<T>(req: PendingNonceRequest, handle: () => T | Promise<T>): Promise<T> {
  const nonce = req.pendingNonce;
  if (!nonce) return handle();
  const fallback = req.pendingNonceFallback;
  if (!fallback) throw new Error('A pending nonce without its fallback: DeviceAuthGuard sets both');
  let result: T;
  try {
    result = await pending.run(nonce, handle);
  } catch (error) {
    await settle(nonce, fallback);
    throw error;
  }
  await settle(nonce, fallback);
  return result;
}

const SETTLES_PENDING_NONCE = Symbol('settlesPendingNonce');

/** True for a route handler wrapped by @NonceRecordedByWrite (the guard defers a nonce only to one). */
export function settlesPendingNonce(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as { [SETTLES_PENDING_NONCE]?: true })[SETTLES_PENDING_NONCE] === true;
}

type RouteHandler = ((...args: unknown[]) => unknown) & { [SETTLES_PENDING_NONCE]?: true };

/**
 * The route handler `name` of `prototype` wrapped in handleWithPendingNonce: Nest passes it the
 * request as one more argument (a @Req() after the declared ones), and it keeps the handler's
 * metadata (path, method, status code, …). Plain async code instead of a Nest interceptor: an
 * interceptor makes Nest run every such request through rxjs (a few % of card-session's CPU and
 * allocations at 30/s).
 */
function wrapRouteHandler(prototype: object, name: string | symbol, descriptor: PropertyDescriptor): PropertyDescriptor {
  const handle = descriptor.value as RouteHandler;
  if (settlesPendingNonce(handle)) return descriptor;
  const declared = Object.values(
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, prototype.constructor, name) ?? {}) as Record<string, { index: number }>,
  );
  const at = Math.max(handle.length, ...declared.map((arg) => arg.index + 1));
  Req()(prototype, name, at);
  const wrapped: RouteHandler = function (this: unknown, ...args: unknown[]) {
    return handleWithPendingNonce(args[at] as PendingNonceRequest, () => handle.apply(this, args));
  };
  for (const key of Reflect.getOwnMetadataKeys(handle)) Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, handle), wrapped);
  Object.defineProperty(wrapped, 'name', { value: handle.name });
  wrapped[SETTLES_PENDING_NONCE] = true;
  return { ...descriptor, value: wrapped };
}

/**
 * Marks a device route whose request acts on one aggregate: its nonce is recorded by the
 * aggregate's own conditional write (one round trip instead of two), or by the fallback when the
 * request writes nothing (handleWithPendingNonce around the handler). Put it beside
 * @DeviceAuthenticated() or @DeviceOrRoles() on a controller (every route of it) or a route; the
 * service provides PENDING_NONCE_FALLBACK.
 */
export const NonceRecordedByWrite = (): ClassDecorator & MethodDecorator =>
  ((target: object, name?: string | symbol, descriptor?: PropertyDescriptor): void | PropertyDescriptor => {
    if (descriptor && name !== undefined) {
      const wrapped = wrapRouteHandler(target, name, descriptor);
      SetMetadata(NONCE_RECORDED_BY_WRITE, true)(target, name, wrapped);
      return wrapped;
    }
    SetMetadata(NONCE_RECORDED_BY_WRITE, true)(target as never);
    const prototype = (target as { prototype: object }).prototype;
    for (const key of Reflect.ownKeys(prototype)) {
      const own = Object.getOwnPropertyDescriptor(prototype, key)!;
      if (key === 'constructor' || typeof own.value !== 'function' || Reflect.getMetadata(PATH_METADATA, own.value) === undefined) continue;
      Object.defineProperty(prototype, key, wrapRouteHandler(prototype, key, own));
    }
  }) as ClassDecorator & MethodDecorator;
