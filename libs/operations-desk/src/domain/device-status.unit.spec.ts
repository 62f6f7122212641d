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
  it('shows a device activated by a code in use, whatever the envelope times say (the registry’s clock decides)', () => {
    // the registration's envelope stamped after the activation's own time: the activation still wins
    const lateStamp = { ...registered, time: at(9) };
    expect(fold([lateStamp, { ...activated, time: at(10) }])).toMatchObject({ lifecycle: 'active', lifecycleAt: at(1) });
  });

  it('takes an issued credential as the device in use at that time (the registry issues one to an active device only)', () => {
    const issued = (s: number) => ({
      type: 'device.credential-issued',
      time: at(s),
      data: { deviceId: 'd', credentialId: `cred-${s}`, issuedAt: at(s) },
    });
    // the activation itself missed or still on its way: the credential says it
    expect(fold([registered, issued(2)])).toMatchObject({ lifecycle: 'active', lifecycleAt: at(2), siteId: 's' });
    const suspended = { type: 'device.suspended', time: at(30), data: { deviceId: 'd', at: at(30), by: 'op', reason: 'lost' } };
    // an older credential does not undo a later suspension; a code redeemed after it (re-activation + rotation) does
    expect(fold([registered, activated, suspended, issued(20)])).toMatchObject({ lifecycle: 'suspended' });
    expect(fold([registered, activated, suspended, issued(35)])).toMatchObject({ lifecycle: 'active' });
    const retired = { type: 'device.retired', time: at(40), data: { deviceId: 'd', at: at(40), by: 'op', reason: 'x' } };
    expect(fold([registered, activated, retired, issued(45)])).toMatchObject({ lifecycle: 'retired' });
  });
});
