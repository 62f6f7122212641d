import { institutionNumber, registry, staff, withBus } from '../device-registry.fixture';

describe('list devices', () => {
  it('lists by institution or site; a site manager must name one of their sites', async () => {
    const r = registry();
    await withBus(r);
    await r.registerSite.execute({ kind: 'facility', siteId: 'hall', institutionNumber, name: 'hall' }, 'c');
    for (const [deviceId, siteId] of [
      ['d2', 'bus-01'],
      ['d1', 'bus-01'],
      ['d3', 'hall'],
    ]) {
      await r.registerDevice.execute({ deviceId: deviceId!, institutionNumber, siteId: siteId!, kind: 'tablet', requestedBy: 'ops' }, 'c');
    }
    const ids = (list: { deviceId: string }[]) => list.map((d) => d.deviceId);
    expect(ids(await r.listDevices.execute({ institutionNumber }, staff(['operator'])))).toEqual(['d1', 'd2', 'd3']);
    expect(ids(await r.listDevices.execute({ siteId: 'hall' }, staff(['auditor'])))).toEqual(['d3']);
    expect(ids(await r.listDevices.execute({ siteId: 'bus-01' }, staff(['site-manager'], ['bus-01'])))).toEqual(['d1', 'd2']);
    await expect(r.listDevices.execute({}, staff(['site-manager'], ['bus-01']))).rejects.toMatchObject({
      code: 'site-not-permitted',
      status: 403,
    });
    await expect(r.listDevices.execute({ siteId: 'hall' }, staff(['site-manager'], ['bus-01']))).rejects.toMatchObject({
      code: 'site-not-permitted',
    });
  });
});
