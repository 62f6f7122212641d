import { createParamDecorator, Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { authenticateDevice, type DeviceCredentialView, type NonceStore } from './device-authenticator';
import { recordsNonceByWrite, type PendingNonce } from './pending-nonce';

/** How a service finds a device's credential and state: its own read copy, never the registry. */
export interface DeviceCredentials {
  lookup(deviceId: string): Promise<DeviceCredentialView | null>;
  nonces: NonceStore;
}

export const DEVICE_CREDENTIALS = Symbol('DeviceCredentials');

type DeviceRequest = Request & { rawBody?: Buffer; device?: DeviceCredentialView; pendingNonce?: PendingNonce };

const reflector = new Reflector();

/** Authenticates a device-facing route (HMAC over method, path, body hash, timestamp, nonce). */
@Injectable()
export class DeviceAuthGuard implements CanActivate {
  constructor(@Inject(DEVICE_CREDENTIALS) private readonly credentials: DeviceCredentials) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<DeviceRequest>();
    // A route marked @NonceRecordedByWrite() checks the nonce with its own write (PendingNonceInterceptor).
    const deferred = recordsNonceByWrite((key) => reflector.getAllAndOverride(key, [context.getHandler(), context.getClass()]));
    const nonces: NonceStore = deferred
      ? {
          remember: async (deviceId, nonce, atMillis) => {
            req.pendingNonce = { deviceId, nonce, atMillis, recorded: false };
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
