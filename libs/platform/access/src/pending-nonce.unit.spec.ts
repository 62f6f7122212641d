import 'reflect-metadata';
import { Body, Controller, HttpCode, Param, Post, type ExecutionContext } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { DeviceAuthGuard, type DeviceCredentials } from './device-auth.guard';
import { InMemoryNonceStore } from './device-authenticator';
import { newDeviceSecret, signingKeyFromSecret, signRequest } from './device-signature';
import {
  handleWithPendingNonce,
  NonceRecordedByWrite,
  pendingNonce,
  settlesPendingNonce,
  type PendingNonce,
  type PendingNonceFallback,
  type PendingNonceRequest,
} from './pending-nonce';

const key = signingKeyFromSecret(newDeviceSecret());
const body = '{"voucherNumber":"26001000001"}';

/** A controller as the services declare one: every route of it records its nonce by its write. */
@Controller('sessions')
@NonceRecordedByWrite()
class Deferred {
  @Post(':sessionId/voucher')
  @HttpCode(200)
  async step(@Param('sessionId') sessionId: string, @Body() given: unknown) {
    return { sessionId, given, pending: pendingNonce() };
  }
}
class Plain {
  step() {}
}
class Unwrapped {
  step() {}
}
// The mark without the wrapper (as a hand-made metadata copy would leave it): the guard refuses to defer.
Reflect.defineMetadata('hcv:nonce-recorded-by-write', true, Unwrapped.prototype.step);

/** A Nest execution context over one request, for the guard. */
function contextOf(req: object, controller: new () => { step(...args: never[]): unknown }): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => req }),
    getHandler: () => controller.prototype.step,
    getClass: () => controller,
  } as unknown as ExecutionContext;
}
const signedRequest = () => ({
  method: 'POST',
  originalUrl: '/sessions/x/voucher',
  rawBody: Buffer.from(body),
  headers: signRequest({ deviceId: 'dev-1', signingKey: key, method: 'POST', path: '/sessions/x/voucher', body }),
});
const credentials = (nonces: InMemoryNonceStore): DeviceCredentials => ({
  lookup: async (deviceId) => ({ deviceId, state: 'active', signingKey: key }),
  nonces,
});

describe('nonces recorded by the request’s own write', () => {
  it('leaves the nonce of a @NonceRecordedByWrite route pending (no store write) and checks others in the store', async () => {
    const nonces = new InMemoryNonceStore();
    const fallback: PendingNonceFallback = { record: async () => true };
    const guard = new DeviceAuthGuard(credentials(nonces), fallback);
    const deferred: ReturnType<typeof signedRequest> & PendingNonceRequest = signedRequest();
    await guard.canActivate(contextOf(deferred, Deferred));
    expect(deferred.pendingNonce).toMatchObject({ deviceId: 'dev-1', recorded: false });
    expect(deferred.pendingNonceFallback).toBe(fallback);
    expect(await nonces.remember('dev-1', deferred.pendingNonce!.nonce, Date.now())).toBe(true); // not stored by the guard

    const plain: ReturnType<typeof signedRequest> & { pendingNonce?: PendingNonce } = signedRequest();
    await guard.canActivate(contextOf(plain, Plain));
    expect(plain.pendingNonce).toBeUndefined();
    await expect(guard.canActivate(contextOf({ ...plain }, Plain))).rejects.toMatchObject({ code: 'device-auth-replayed' });
  });

  it('refuses to defer a nonce without the service’s fallback or the decorator’s wrapper (it would never be recorded)', async () => {
    const fallback: PendingNonceFallback = { record: async () => true };
    await expect(
      new DeviceAuthGuard(credentials(new InMemoryNonceStore())).canActivate(contextOf(signedRequest(), Deferred)),
    ).rejects.toThrow(/PENDING_NONCE_FALLBACK/);
    await expect(
      new DeviceAuthGuard(credentials(new InMemoryNonceStore()), fallback).canActivate(contextOf(signedRequest(), Unwrapped)),
    ).rejects.toThrow(/wrapped/);
  });

  const run = <T>(fallback: PendingNonceFallback, nonce: PendingNonce | undefined, handler: () => Promise<T>) =>
    handleWithPendingNonce({ pendingNonce: nonce, pendingNonceFallback: fallback }, handler);
  const aNonce = (): PendingNonce => ({ deviceId: 'dev-1', nonce: 'n-1', atMillis: 0, recorded: false });

  it('runs the handler with the nonce pending; a write that recorded it leaves nothing to the fallback', async () => {
    const fallback = { record: jest.fn(async () => true) };
    const nonce = aNonce();
    const answer = await run(fallback, nonce, async () => {
      const seen = pendingNonce();
      seen!.recorded = true; // as the aggregate's write does
      return seen === nonce ? 'handled with the nonce' : 'without';
    });
    expect(answer).toBe('handled with the nonce');
    expect(fallback.record).not.toHaveBeenCalled();
  });

  it('records an unrecorded nonce after the handler, answering or refusing; a nonce seen before is a replay, whatever the handler answered', async () => {
    const seen = new Set<string>();
    const fallback: PendingNonceFallback = { record: async (p) => !seen.has(p.nonce) && (seen.add(p.nonce), true) };
    await expect(run(fallback, aNonce(), async () => 'unchanged')).resolves.toBe('unchanged');
    await expect(run(fallback, aNonce(), async () => 'unchanged')).rejects.toMatchObject({ code: 'device-auth-replayed', status: 401 });

    const refused = Object.assign(new Error('refused by the rules'), { code: 'not-now' });
    const other: PendingNonce = { ...aNonce(), nonce: 'n-2' };
    await expect(
      run(fallback, other, async () => {
        throw refused;
      }),
    ).rejects.toBe(refused);
    expect(other.recorded).toBe(true);
    await expect(
      run(fallback, { ...other, recorded: false }, () => {
        throw refused; // thrown before any promise: the same
      }),
    ).rejects.toMatchObject({ code: 'device-auth-replayed' });
  });

  it('passes a request without a pending nonce (a staff caller, another route) straight through', async () => {
    const fallback = { record: jest.fn(async () => true) };
    await expect(run(fallback, undefined, async () => 'staff')).resolves.toBe('staff');
    await expect(handleWithPendingNonce({}, async () => pendingNonce())).resolves.toBeUndefined();
    expect(fallback.record).not.toHaveBeenCalled();
  });

  it('wraps every route of a marked controller: its metadata kept, the request passed after the declared arguments', async () => {
    const step = Deferred.prototype.step;
    expect(settlesPendingNonce(step)).toBe(true);
    expect(step.name).toBe('step');
    expect(Reflect.getMetadata(PATH_METADATA, step)).toBe(':sessionId/voucher');
    expect(Reflect.getMetadata(METHOD_METADATA, step)).toBeDefined();
    expect(Reflect.getMetadata(HTTP_CODE_METADATA, step)).toBe(200);
    expect(Reflect.getMetadata('hcv:nonce-recorded-by-write', Deferred)).toBe(true);
    const args = Object.values(Reflect.getMetadata(ROUTE_ARGS_METADATA, Deferred, 'step') as Record<string, { index: number }>);
    expect(args.map((a) => a.index).sort()).toEqual([0, 1, 2]);
    expect(Reflect.getMetadata(ROUTE_ARGS_METADATA, Deferred, 'step')).toHaveProperty(`${RouteParamtypes.REQUEST}:2`);

    const fallback = { record: jest.fn(async () => true) };
    const nonce = aNonce();
    const req: PendingNonceRequest = { pendingNonce: nonce, pendingNonceFallback: fallback };
    const answer = (await (step as (...a: unknown[]) => Promise<{ pending?: PendingNonce }>).call(new Deferred(), 'x', { a: 1 }, req)) as {
      pending?: PendingNonce;
    };
    expect(answer).toEqual({ sessionId: 'x', given: { a: 1 }, pending: nonce });
    expect(fallback.record).toHaveBeenCalledTimes(1); // nothing recorded it: the fallback did
    expect(nonce.recorded).toBe(true);
  });
});
