import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('rotate a device credential', () => {
  it('issues a new credential to an active device, dated by the clock, shown once', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    const { credential: first } = await r.activate.execute('d', 'ops', 'c');
    r.advance(3_600_000);
    const rotated = await r.rotate.execute('d', 'c');
    expect(rotated).toMatchObject({ issuedAt: '2026-11-24T09:00:00.000Z', secret: expect.any(String) });
    expect(rotated.credentialId).not.toBe(first!.credentialId);
    const stored = await r.devices.get('d');
    expect(stored?.credential).toMatchObject({ credentialId: rotated.credentialId, issuedAt: rotated.issuedAt });
    expect(JSON.stringify(stored)).not.toContain(rotated.secret);
  });

  it('refuses a device that is not active', async () => {
    const r = registry();
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    await expect(r.rotate.execute('d', 'c')).rejects.toMatchObject({ code: 'credential-needs-active-device' });
  });
});
