import { createParamDecorator, Inject, Injectable, Optional, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { authenticateDevice, type DeviceCredentialView, type NonceStore } from './device-authenticator';
import {
  PENDING_NONCE_FALLBACK,
  recordsNonceByWrite,
  settlesPendingNonce,
  type PendingNonceFallback,
  type PendingNonceRequest,
} from './pending-nonce';

/** How a service finds a device's credential and state: its own read copy, never the registry. */
export interface DeviceCredentials {
  lookup(deviceId: string): Promise<DeviceCredentialView | null>;
  nonces: NonceStore;
}

export const DEVICE_CREDENTIALS = Symbol('DeviceCredentials');

type DeviceRequest = Request & PendingNonceRequest & { rawBody?: Buffer; device?: DeviceCredentialView };

const reflector = new Reflector();

/** Authenticates a device-facing route (HMAC over method, path, body hash, timestamp, nonce). */
@Injectable()
export class DeviceAuthGuard implements CanActivate {
  constructor(
    @Inject(DEVICE_CREDENTIALS) private readonly credentials: DeviceCredentials,
    /** The service's fallback for nonces no write recorded (services with @NonceRecordedByWrite routes). */
    @Optional() @Inject(PENDING_NONCE_FALLBACK) private readonly fallback?: PendingNonceFallback,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<DeviceRequest>();
    // A route marked @NonceRecordedByWrite() checks the nonce with its own write (handleWithPendingNonce
    // around its handler, the fallback afterwards when no write recorded it).
    const handler = context.getHandler();
    const deferred = recordsNonceByWrite((key) => reflector.getAllAndOverride(key, [handler, context.getClass()]));
    const fallback = this.fallback;
    if (deferred && (!fallback || !settlesPendingNonce(handler)))
      throw new Error('A @NonceRecordedByWrite route needs PENDING_NONCE_FALLBACK and its handler wrapped by the decorator');
    const nonces: NonceStore = deferred
      ? {
          remember: async (deviceId, nonce, atMillis) => {
            req.pendingNonce = { deviceId, nonce, atMillis, recorded: false };
            req.pendingNonceFallback = fallback;
            return true;
          },
        }
      : this.credentials.nonces;
    req.device = await authenticateDevice({
      headers: req.headers,
      method: req.method,
      path: req.originalUrl,
      rawBody: req.rawBody ?? Buffer.alloc(0),
      lookup: (id) => this.credentials.lookup(id),
      nonces,
      nowMillis: Date.now(),
    });
    return true;
  }
}

/** The authenticated device of the request (set by DeviceAuthGuard). */
export const AuthenticatedDevice = createParamDecorator((_: unknown, ctx: ExecutionContext): DeviceCredentialView => {
  const device = ctx.switchToHttp().getRequest<DeviceRequest>().device;
  if (!device) throw new Error('AuthenticatedDevice used on a route without DeviceAuthGuard');
  return device;
});
