import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { firstValueFrom, Observable, of, throwError } from 'rxjs';
import { DeviceAuthGuard, type DeviceCredentials } from './device-auth.guard';
import { InMemoryNonceStore } from './device-authenticator';
import { newDeviceSecret, signingKeyFromSecret, signRequest } from './device-signature';
import { NonceRecordedByWrite, pendingNonce, PendingNonceInterceptor, type PendingNonce, type PendingNonceFallback } from './pending-nonce';

const key = signingKeyFromSecret(newDeviceSecret());
const body = '{"voucherNumber":"26001000001"}';

class Deferred {
  step() {}
}
NonceRecordedByWrite()(Deferred.prototype, 'step', Object.getOwnPropertyDescriptor(Deferred.prototype, 'step')!);
class Plain {
  step() {}
}

/** A Nest execution context over one request, for the guard and the interceptor. */
function contextOf(req: object, controller: new () => { step(): void }): ExecutionContext {
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
    const guard = new DeviceAuthGuard(credentials(nonces));
    const deferred: ReturnType<typeof signedRequest> & { pendingNonce?: PendingNonce } = signedRequest();
    await guard.canActivate(contextOf(deferred, Deferred));
    expect(deferred.pendingNonce).toMatchObject({ deviceId: 'dev-1', recorded: false });
    expect(await nonces.remember('dev-1', deferred.pendingNonce!.nonce, Date.now())).toBe(true); // not stored by the guard

    const plain: ReturnType<typeof signedRequest> & { pendingNonce?: PendingNonce } = signedRequest();
    await guard.canActivate(contextOf(plain, Plain));
    expect(plain.pendingNonce).toBeUndefined();
    await expect(guard.canActivate(contextOf({ ...plain }, Plain))).rejects.toMatchObject({ code: 'device-auth-replayed' });
  });

  const run = (fallback: PendingNonceFallback, nonce: PendingNonce | undefined, handler: () => Observable<unknown>) =>
    firstValueFrom(
      new PendingNonceInterceptor(fallback).intercept(contextOf({ pendingNonce: nonce }, Deferred), { handle: handler } as CallHandler),
    );
  const aNonce = (): PendingNonce => ({ deviceId: 'dev-1', nonce: 'n-1', atMillis: 0, recorded: false });

  it('runs the handler with the nonce pending; a write that recorded it leaves nothing to the fallback', async () => {
    const fallback = { record: jest.fn(async () => true) };
    const nonce = aNonce();
    const answer = await run(fallback, nonce, () => {
      const seen = pendingNonce();
      seen!.recorded = true; // as the aggregate's write does
      return of(seen === nonce ? 'handled with the nonce' : 'without');
    });
    expect(answer).toBe('handled with the nonce');
    expect(fallback.record).not.toHaveBeenCalled();
  });

  it('records an unrecorded nonce after the handler, answering or refusing; a nonce seen before is a replay, whatever the handler answered', async () => {
    const seen = new Set<string>();
    const fallback: PendingNonceFallback = { record: async (p) => !seen.has(p.nonce) && (seen.add(p.nonce), true) };
    await expect(run(fallback, aNonce(), () => of('unchanged'))).resolves.toBe('unchanged');
    await expect(run(fallback, aNonce(), () => of('unchanged'))).rejects.toMatchObject({ code: 'device-auth-replayed', status: 401 });

    const refused = Object.assign(new Error('refused by the rules'), { code: 'not-now' });
    const other: PendingNonce = { ...aNonce(), nonce: 'n-2' };
    await expect(run(fallback, other, () => throwError(() => refused))).rejects.toBe(refused);
    await expect(run(fallback, { ...other, recorded: false }, () => throwError(() => refused))).rejects.toMatchObject({
      code: 'device-auth-replayed',
    });
  });

  it('passes a request without a pending nonce (a staff caller, another route) straight through', async () => {
    const fallback = { record: jest.fn(async () => true) };
    await expect(run(fallback, undefined, () => of('staff'))).resolves.toBe('staff');
    expect(fallback.record).not.toHaveBeenCalled();
  });
});
