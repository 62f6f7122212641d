import { isOfflineInService, nextDeviceStatus, type DeviceStatus } from './device-status';

describe('device status', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 10, 25, 9, 0, s)).toISOString();
  const fold = (events: { type: string; time: string; data: Record<string, unknown> }[]) =>
    events.reduce<DeviceStatus | undefined>((d, e) => nextDeviceStatus(d, e) ?? d, undefined);
  const registered = { type: 'device.registered', time: at(0), data: { deviceId: 'd', siteId: 's' } };
  const activated = { type: 'device.activated', time: at(1), data: { deviceId: 'd', siteId: 's', activatedAt: at(1) } };
  const offline = { type: 'device.offline', time: at(10), data: { deviceId: 'd', siteId: 's', detectedAt: at(10), lastSeenAt: at(5) } };
  const online = { type: 'device.online', time: at(20), data: { deviceId: 'd', siteId: 's', at: at(20), stopId: 'stop-3' } };

  it('goes offline and back online, and only forward in time', () => {
    expect(fold([registered, activated, offline])).toMatchObject({ lifecycle: 'active', connectivity: 'offline', lastSeenAt: at(5) });
    expect(isOfflineInService(fold([registered, activated, offline])!)).toBe(true);
    expect(fold([registered, activated, offline, online])).toMatchObject({ connectivity: 'online', stopId: 'stop-3' });
    expect(fold([registered, activated, online, offline])).toMatchObject({ connectivity: 'online' }); // the older offline arrived late
    expect(fold([activated, registered])).toMatchObject({ lifecycle: 'active' }); // registration arriving after activation
  });

  it('keeps retirement final and does not count an offline suspended device', () => {
    const suspended = { type: 'device.suspended', time: at(30), data: { deviceId: 'd', at: at(30), by: 'op', reason: 'lost' } };
    const retired = { type: 'device.retired', time: at(40), data: { deviceId: 'd', at: at(40), by: 'op', reason: 'x' } };
    const reactivated = { type: 'device.activated', time: at(50), data: { deviceId: 'd', siteId: 's', activatedAt: at(50) } };
    expect(isOfflineInService(fold([registered, activated, offline, suspended])!)).toBe(false);
    expect(fold([registered, activated, retired, reactivated])).toMatchObject({ lifecycle: 'retired' });
  });
});
