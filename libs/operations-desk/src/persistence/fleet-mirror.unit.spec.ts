import type { DeviceStatus } from '../domain/device-status';
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
});
