import { institutionNumber, registry, staff, withBus } from '../device-registry.fixture';

describe('get a device', () => {
  it('shows a device to staff who may see its site; to a manager of another site it does not exist', async () => {
    const r = registry();
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    expect(await r.getDevice.execute('d', staff(['operator']))).toMatchObject({ deviceId: 'd', state: 'requested' });
    expect(await r.getDevice.execute('d', staff(['site-manager'], ['bus-01']))).toMatchObject({ deviceId: 'd' });
    await expect(r.getDevice.execute('d', staff(['site-manager'], ['bus-02']))).rejects.toMatchObject({
      code: 'device-not-found',
      status: 404,
    });
    await expect(r.getDevice.execute('ghost', staff(['auditor']))).rejects.toMatchObject({ code: 'device-not-found' });
  });
});
