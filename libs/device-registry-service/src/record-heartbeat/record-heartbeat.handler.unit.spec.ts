import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('record a heartbeat', () => {
  it('records when the device was heard from and the stop a bus is at, with no event while it is online', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await r.consumers.start();
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    await r.activate.execute('d', 'ops', 'c');
    r.advance(10_000);
    expect(await r.heartbeat.execute('d', 'stop-1')).toEqual({ online: true, stopId: 'stop-1' });
    expect(await r.heartbeat.execute('d')).toEqual({ online: true });
    expect(await r.devices.get('d')).toMatchObject({ lastSeenAt: '2026-11-24T08:00:10.000Z', online: true, currentStopId: 'stop-1' });
    await r.bus.idle();
    expect(r.events).toEqual([]);
  });

  it('refuses a device the registry does not hold', async () => {
    const r = registry();
    await expect(r.heartbeat.execute('ghost')).rejects.toMatchObject({ code: 'device-not-found' });
  });
});
