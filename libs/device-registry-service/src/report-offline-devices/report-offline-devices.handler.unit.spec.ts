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

  it('decides on the devices its query found, without reading each again; a heartbeat after the query still wins', async () => {
    const r = registry();
    await r.consumers.start();
    await r.registerInstitution.execute({ institutionNumber, name: 'x', registeredBy: 'ops' }, 'c');
    await r.registerSite.execute({ kind: 'bus', siteId: 'bus-01', institutionNumber, name: 'bus', plate: 'p', itinerary: [] }, 'c');
    for (const id of ['d1', 'd2']) {
      await r.registerDevice.execute({ deviceId: id, institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
      await r.activate.execute(id, 'ops', 'c');
      await r.heartbeat.execute(id, 'stop-1');
    }
    r.advance(91_000);
    let reads = 0;
    const get = r.devices.get.bind(r.devices);
    r.devices.get = async (id) => (reads++, get(id));
    // d2 sends a heartbeat between the sweep's query and its write: its found copy is stale.
    const findSilent = r.devices.findSilent.bind(r.devices);
    r.devices.findSilent = async (before) => {
      const found = await findSilent(before);
      await r.heartbeat.execute('d2', 'stop-2');
      reads = 0;
      return found;
    };
    expect(await r.sweep.execute()).toEqual(['d1']);
    expect(reads).toBe(1); // d2 only: its conditional write failed and it was read again
    expect((await r.devices.get('d2'))?.online).toBe(true);
  });
});
