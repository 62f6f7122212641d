import { signingKeyFromSecret } from '@hcv/platform-access';
import { institutionNumber, registry, withBus } from '../device-registry.fixture';
import { IssueActivationCodeHandler } from '../issue-activation-code/issue-activation-code.handler';
import { InMemoryActivationCodeRepository } from '../persistence/activation-code.memory';
import { RedeemActivationCodeHandler } from './redeem-activation-code.handler';

/** The registry's use cases plus issuing and redeeming codes, over the same memory stores and clock. */
async function setUp(limits = { maxFailures: 3, windowMinutes: 15 }) {
  const r = registry('2026-12-06T09:00:00.000Z');
  await withBus(r);
  await r.registerDevice.execute({ deviceId: 'tab-1', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
  const codes = new InMemoryActivationCodeRepository();
  let n = 0;
  // Distinct, predictable codes: byte i of code n is n + i.
  const random = (size: number) => Uint8Array.from({ length: size }, (_, i) => (n * 16 + i) & 0xff);
  const issue = new IssueActivationCodeHandler(r.devices, codes, r.now, 30, (size) => (n++, random(size)));
  const redeem = new RedeemActivationCodeHandler(codes, r.devices, r.sites, r.activate, r.rotate, r.now, limits);
  return { r, codes, issue, redeem };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: { code: string; status: number }) => ({ code: e.code, status: e.status }),
  );

describe('activation by one-time code', () => {
  it('activates a requested device once: the answer carries the secret whose hash the registry stores, and where the device works', async () => {
    const { r, issue, redeem } = await setUp();
    const issued = await issue.execute('tab-1', 'op-1');
    expect(issued).toEqual({
      deviceId: 'tab-1',
      code: expect.stringMatching(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
      expiresAt: '2026-12-06T09:30:00.000Z',
    });
    const activated = await redeem.execute(issued.code.toLowerCase().replace(/-/g, ' '), '10.0.0.1', 'c');
    expect(activated).toEqual({
      deviceId: 'tab-1',
      credentialId: expect.any(String),
      secret: expect.any(String),
      issuedAt: '2026-12-06T09:00:00.000Z',
      device: { institutionNumber, siteId: 'bus-01', siteName: 'bus', kind: 'bus', busId: 'bus-01' },
    });
    const stored = await r.devices.get('tab-1');
    expect(stored).toMatchObject({
      state: 'active',
      credential: { credentialId: activated.credentialId, signingKey: signingKeyFromSecret(activated.secret) },
    });
    expect(stored!.history.at(-1)).toMatchObject({ to: 'active', by: 'op-1' });
    expect(await refusal(redeem.execute(issued.code, '10.0.0.1', 'c'))).toEqual({ code: 'activation-code-used', status: 409 });
  });

  it('gives an active device (a replacement tablet) a new credential; the old one stops being the stored one', async () => {
    const { r, issue, redeem } = await setUp();
    const first = await redeem.execute((await issue.execute('tab-1', 'op-1')).code, '10.0.0.1', 'c');
    const second = await redeem.execute((await issue.execute('tab-1', 'op-1')).code, '10.0.0.1', 'c');
    expect(second.credentialId).not.toBe(first.credentialId);
    expect((await r.devices.get('tab-1'))?.credential?.signingKey).toBe(signingKeyFromSecret(second.secret));
  });

  it('re-activates a suspended device with a new credential, and refuses a retired one without using the code up', async () => {
    const { r, codes, issue, redeem } = await setUp();
    const first = await redeem.execute((await issue.execute('tab-1', 'op-1')).code, '10.0.0.1', 'c');
    await r.suspend.execute('tab-1', 'ops', 'tablet lost', 'c');
    const again = await redeem.execute((await issue.execute('tab-1', 'op-1')).code, '10.0.0.1', 'c');
    expect(again.credentialId).not.toBe(first.credentialId);
    expect(await r.devices.get('tab-1')).toMatchObject({ state: 'active', credential: { credentialId: again.credentialId } });

    const pending = await issue.execute('tab-1', 'op-1');
    await r.retire.execute('tab-1', 'ops', 'end of life', 'c');
    expect(await refusal(redeem.execute(pending.code, '10.0.0.1', 'c'))).toEqual({ code: 'device-retired', status: 403 });
    expect(await refusal(issue.execute('tab-1', 'op-1'))).toEqual({ code: 'device-retired', status: 403 });
    expect(await codes.failures('10.0.0.1', '2026-12-06T09:00:00.000Z')).toBe(0); // not a wrong code
  });

  it('refuses an expired code, and one replaced by a newer code', async () => {
    const { r, issue, redeem } = await setUp();
    const old = await issue.execute('tab-1', 'op-1');
    const newer = await issue.execute('tab-1', 'op-1');
    expect(await refusal(redeem.execute(old.code, '10.0.0.1', 'c'))).toEqual({ code: 'activation-code-expired', status: 410 });
    r.advance(30 * 60_000);
    expect(await refusal(redeem.execute(newer.code, '10.0.0.2', 'c'))).toEqual({ code: 'activation-code-expired', status: 410 });
    expect((await r.devices.get('tab-1'))?.state).toBe('requested');
  });

  it('refuses an unknown or malformed code, and an address past its wrong codes until the window ends', async () => {
    const { r, issue, redeem } = await setUp();
    const good = await issue.execute('tab-1', 'op-1');
    expect(await refusal(redeem.execute('not a code', '10.0.0.9', 'c'))).toEqual({ code: 'activation-code-invalid', status: 400 });
    expect(await refusal(redeem.execute('ZZZZ-ZZZZ-ZZZZ', '10.0.0.9', 'c'))).toEqual({ code: 'activation-code-invalid', status: 400 });
    expect(await refusal(redeem.execute('ZZZZ-ZZZZ-ZZZY', '10.0.0.9', 'c'))).toEqual({ code: 'activation-code-invalid', status: 400 });
    const limited = redeem.execute(good.code, '10.0.0.9', 'c');
    await expect(limited).rejects.toMatchObject({ code: 'too-many-attempts', status: 429, retryAfterSeconds: 15 * 60 });
    // Another address is not held back, and the limit ends with its window.
    r.advance(15 * 60_000);
    expect(await refusal(redeem.execute('ZZZZ-ZZZZ-ZZZZ', '10.0.0.9', 'c'))).toEqual({ code: 'activation-code-invalid', status: 400 });
    expect((await redeem.execute((await issue.execute('tab-1', 'op-1')).code, '10.0.0.9', 'c')).deviceId).toBe('tab-1');
  });

  it('gives the code back when the activation fails, so that it can be tried again', async () => {
    const { r, codes, issue } = await setUp();
    const failing = new RedeemActivationCodeHandler(
      codes,
      r.devices,
      r.sites,
      { execute: async () => Promise.reject(new Error('database down')) } as never,
      r.rotate,
      r.now,
      { maxFailures: 3, windowMinutes: 15 },
    );
    const issued = await issue.execute('tab-1', 'op-1');
    await expect(failing.execute(issued.code, '10.0.0.1', 'c')).rejects.toThrow('database down');
    const redeem = new RedeemActivationCodeHandler(codes, r.devices, r.sites, r.activate, r.rotate, r.now, {
      maxFailures: 3,
      windowMinutes: 15,
    });
    expect((await redeem.execute(issued.code, '10.0.0.1', 'c')).deviceId).toBe('tab-1');
  });

  it('issues no code for an unknown device', async () => {
    const { issue } = await setUp();
    expect(await refusal(issue.execute('nobody', 'op-1'))).toEqual({ code: 'device-not-found', status: 404 });
  });
});
