import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('retire a device', () => {
  it('retires a device for good, saying who, why and when', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    r.advance(30_000);
    const retired = await r.retire.execute('d', 'ops', 'never delivered', 'c');
    expect(retired.history.at(-1)).toEqual({ to: 'retired', by: 'ops', at: '2026-11-24T08:00:30.000Z', reason: 'never delivered' });
    await expect(r.retire.execute('d', 'ops', 'again', 'c')).rejects.toMatchObject({ code: 'device-transition-not-allowed' });
    await expect(r.activate.execute('d', 'ops', 'c')).rejects.toMatchObject({ code: 'device-transition-not-allowed' });
  });
});
