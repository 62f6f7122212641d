import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('register a device', () => {
  it('registers a requested device at a site of the institution, by whom and when, once', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await withBus(r);
    r.advance(60_000);
    const device = await r.registerDevice.execute(
      { deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' },
      'c',
    );
    expect(device).toMatchObject({ state: 'requested', history: [{ to: 'requested', by: 'ops', at: '2026-11-24T08:01:00.000Z' }] });
    expect(await r.devices.get('d')).toEqual(device);
    await expect(
      r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'pc', requestedBy: 'ops' }, 'c'),
    ).rejects.toMatchObject({ code: 'device-already-registered' });
  });

  it('refuses an institution that is not registered, and a site of another institution', async () => {
    const r = registry();
    await withBus(r);
    await expect(
      r.registerDevice.execute({ deviceId: 'd', institutionNumber: '2721234565', siteId: 'bus-01', kind: 'pc', requestedBy: 'ops' }, 'c'),
    ).rejects.toMatchObject({ code: 'institution-not-active' });
    await expect(
      r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'nowhere', kind: 'pc', requestedBy: 'ops' }, 'c'),
    ).rejects.toMatchObject({ code: 'site-not-registered' });
    expect(await r.devices.get('d')).toBeNull();
  });
});
