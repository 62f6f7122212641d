import { onStaffStep } from '../domain/alert-lifecycle';
import type { DeviceStatus } from '../domain/device-status';
import { raisedAlert } from './desk-alert.contract';
import { InMemoryDeskAlertRepository } from './desk-alert.memory';
import { FleetMirror } from './fleet-mirror';
import { InMemoryOperationsRepository } from './operations.memory';

const device = (deviceId: string, over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  deviceId,
  siteId: 'fac-1',
  lifecycle: 'active',
  lifecycleAt: '2026-12-07T09:00:00.000Z',
  connectivity: 'online',
  connectivityAt: '2026-12-07T09:00:00.000Z',
  ...over,
});

describe('the fleet as the alert monitor reads it', () => {
  it('reads every site and device first and every fullReadMillis, in between only those changed, and stays what is stored', async () => {
    const ops = new InMemoryOperationsRepository();
    await ops.upsertSite({ siteId: 'fac-1', kind: 'facility' });
    await ops.updateDevice('d1', () => device('d1'));
    const sites = jest.spyOn(ops, 'sitesChangedSince');
    const devices = jest.spyOn(ops, 'devicesChangedSince');
    const mirror = new FleetMirror(ops, 60_000);
    await mirror.read(0);
    expect(devices).toHaveBeenLastCalledWith(undefined);
    expect(sites).toHaveBeenLastCalledWith(undefined);
    expect([...mirror.devices.values()]).toEqual([device('d1')]);

    await ops.updateDevice('d1', () => device('d1', { connectivity: 'offline' }));
    await ops.updateDevice('d2', () => device('d2'));
    await ops.planItinerary('bus-1', []);
    await mirror.read(5_000);
    expect(devices).toHaveBeenLastCalledWith(expect.any(Number));
    expect((await devices.mock.results.at(-1)!.value).changed.map((d: DeviceStatus) => d.deviceId)).toEqual(['d1', 'd2']);
    expect([...mirror.devices.values()]).toEqual(await ops.devices());
    expect([...mirror.sites.values()]).toEqual(await ops.sites());

    await mirror.read(10_000);
    expect((await devices.mock.results.at(-1)!.value).changed).toEqual([]);
    await mirror.read(60_000);
    expect(devices).toHaveBeenLastCalledWith(undefined);
    expect([...mirror.devices.values()]).toEqual(await ops.devices());
  });

  it('tells what each read changed (before and after, gone), whether it was full; keeps the unresolved alerts, a resolved one leaves', async () => {
    const ops = new InMemoryOperationsRepository();
    const alerts = new InMemoryDeskAlertRepository();
    await ops.upsertSite({ siteId: 'fac-1', kind: 'facility' });
    await ops.updateDevice('d1', () => device('d1'));
    const raise = (siteId: string) =>
      alerts.update(`device-offline:${siteId}`, () => raisedAlert(`device-offline:${siteId}`, siteId, '2026-12-07T09:00:00.000Z'));
    await raise('fac-1');
    const mirror = new FleetMirror(ops, 60_000, alerts);
    const first = await mirror.read(0);
    expect(first.full).toBe(true);
    expect(first.devices).toEqual({ changed: [{ after: device('d1') }], removed: [] });
    expect(first.alerts.changed.map((c) => c.after.alertId)).toEqual(['device-offline:fac-1']);

    // nothing changed; then a device moved, an alert raised, one resolved
    expect(await mirror.read(1_000)).toEqual({
      full: false,
      sites: { changed: [], removed: [] },
      devices: { changed: [], removed: [] },
      alerts: { changed: [], removed: [] },
    });
    await ops.updateDevice('d1', () => device('d1', { siteId: 'fac-2' }));
    await raise('fac-2');
    const resolved = await alerts.update('device-offline:fac-1', (a) =>
      onStaffStep(a, 'resolved', { by: 'op', at: '2026-12-07T09:05:00.000Z' }, 's-1'),
    );
    const next = await mirror.read(2_000);
    expect(next.full).toBe(false);
    expect(next.devices.changed).toEqual([{ before: device('d1'), after: device('d1', { siteId: 'fac-2' }) }]);
    expect(next.alerts.changed.map((c) => c.after.alertId)).toEqual(['device-offline:fac-2']);
    expect(next.alerts.removed.map((a) => a.state)).toEqual(['open']); // as it was kept
    expect(resolved!.state).toBe('resolved');
    expect([...mirror.alerts.keys()]).toEqual(['device-offline:fac-2']);

    // a full read: what is gone is told (here the repository forgot nothing: no change)
    const full = await mirror.read(60_000);
    expect(full.full).toBe(true);
    expect(full.alerts).toEqual({ changed: [], removed: [] });
    expect([...mirror.alerts.values()]).toEqual(await alerts.list({ states: ['open', 'acknowledged'], limit: 10 }));
  });

  it('takes nothing from reads that did not all succeed: the next read reads them again', async () => {
    const ops = new InMemoryOperationsRepository();
    await ops.updateDevice('d1', () => device('d1'));
    const mirror = new FleetMirror(ops, 60_000);
    await mirror.read(0);
    await ops.updateDevice('d1', () => device('d1', { connectivity: 'offline' }));
    await ops.upsertSite({ siteId: 'fac-1', kind: 'facility' });
    jest.spyOn(ops, 'sitesChangedSince').mockRejectedValueOnce(new Error('down'));
    await expect(mirror.read(1_000)).rejects.toThrow('down');
    const again = await mirror.read(2_000);
    expect(again.devices.changed.map((c) => c.after.connectivity)).toEqual(['offline']);
    expect(again.sites.changed.map((c) => c.after.siteId)).toEqual(['fac-1']);
  });
});
