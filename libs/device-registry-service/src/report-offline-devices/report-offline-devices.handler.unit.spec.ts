import { institutionNumber, registry } from '../device-registry.fixture';

describe('report offline devices (the sweep)', () => {
  it('reports a silent device offline once, and online again with its bus stop', async () => {
    const r = registry();
    await r.consumers.start();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate: 'p', itinerary: [] }, 'c');
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    await r.activate.execute('d', 'ops', 'c');
    r.advance(60_000);
    expect(await r.sweep.execute()).toEqual([]);
    await r.heartbeat.execute('d', 'stop-1');
    r.advance(89_000);
    expect(await r.sweep.execute()).toEqual([]);
    r.advance(2_000);
    expect(await r.sweep.execute()).toEqual(['d']);
    expect(await r.sweep.execute()).toEqual([]);
    await r.heartbeat.execute('d', 'stop-2');
    await r.bus.idle();
    expect(r.events.map((e) => e.type)).toEqual(['device.offline', 'device.online']);
    expect((await r.devices.get('d'))?.currentStopId).toBe('stop-2');
  });
});
