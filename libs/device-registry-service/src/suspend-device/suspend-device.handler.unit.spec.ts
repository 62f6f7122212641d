import { institutionNumber, registry, withBus } from '../device-registry.fixture';

describe('suspend a device', () => {
  it('suspends an active device, saying who, why and when, and announces it', async () => {
    const r = registry('2026-11-24T08:00:00.000Z');
    await r.consumers.start();
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    await r.activate.execute('d', 'ops', 'c');
    r.advance(60_000);
    const suspended = await r.suspend.execute('d', 'ops-2', 'lost', 'corr-1');
    expect(suspended.state).toBe('suspended');
    expect(suspended.history.at(-1)).toEqual({ to: 'suspended', by: 'ops-2', at: '2026-11-24T08:01:00.000Z', reason: 'lost' });
    await r.bus.idle();
    expect(r.events.map((e) => [e.type, e.correlationId])).toEqual([['device.suspended', 'corr-1']]);
  });

  it('refuses a device that is only requested, or unknown', async () => {
    const r = registry();
    await withBus(r);
    await r.registerDevice.execute({ deviceId: 'd', institutionNumber, siteId: 'bus-01', kind: 'tablet', requestedBy: 'ops' }, 'c');
    await expect(r.suspend.execute('d', 'ops', 'lost', 'c')).rejects.toMatchObject({ code: 'device-transition-not-allowed' });
    await expect(r.suspend.execute('ghost', 'ops', 'lost', 'c')).rejects.toMatchObject({ code: 'device-not-found' });
  });
});
