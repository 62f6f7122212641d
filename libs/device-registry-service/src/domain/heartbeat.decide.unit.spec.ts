import { requestDevice, type Device } from './device.decide';
import { decideHeartbeat } from './heartbeat.decide';

const device: Device = {
  ...requestDevice({
    deviceId: 'd',
    institutionNumber: '1321000018',
    siteId: 'bus-01',
    kind: 'tablet',
    requestedBy: 'ops',
    at: new Date('2026-11-24T08:00:00.000Z'),
  }),
  state: 'active',
  lastSeenAt: '2026-11-24T08:00:00.000Z',
  online: true,
};
const check = {
  kind: 'silence-check' as const,
  silentSince: '2026-11-24T08:01:00.000Z',
  detectedAt: '2026-11-24T08:02:30.000Z',
  thresholdSeconds: 90,
};

describe('heartbeat rules (decideHeartbeat)', () => {
  it('a heartbeat of an online device records when and where, with no event', () => {
    const { state, events } = decideHeartbeat({ kind: 'heartbeat', at: '2026-11-24T08:00:30.000Z', stopId: 'stop-1' }, device);
    expect(state).toMatchObject({ lastSeenAt: '2026-11-24T08:00:30.000Z', online: true, currentStopId: 'stop-1' });
    expect(events).toEqual([]);
  });

  it('a device silent since before the threshold goes offline once, with its last heartbeat', () => {
    const { state, events } = decideHeartbeat(check, device);
    expect(state.online).toBe(false);
    expect(events.map((e) => [e.contract.type, e.data])).toEqual([
      [
        'device.offline',
        { deviceId: 'd', siteId: 'bus-01', lastSeenAt: '2026-11-24T08:00:00.000Z', detectedAt: check.detectedAt, thresholdSeconds: 90 },
      ],
    ]);
    expect(decideHeartbeat(check, state)).toEqual({ state, events: [] }); // already offline
  });

  it('a device heard from since, or not active, is not reported', () => {
    const heard = { ...device, lastSeenAt: '2026-11-24T08:01:30.000Z' };
    expect(decideHeartbeat(check, heard).events).toEqual([]);
    expect(decideHeartbeat(check, { ...device, state: 'suspended' }).events).toEqual([]);
  });

  it('the next heartbeat of an offline device reports it online, with the stop', () => {
    const offline = decideHeartbeat(check, device).state;
    const { state, events } = decideHeartbeat({ kind: 'heartbeat', at: '2026-11-24T08:03:00.000Z', stopId: 'stop-2' }, offline);
    expect(state).toMatchObject({ online: true, currentStopId: 'stop-2' });
    expect(events.map((e) => [e.contract.type, e.data])).toEqual([
      ['device.online', { deviceId: 'd', siteId: 'bus-01', stopId: 'stop-2', at: '2026-11-24T08:03:00.000Z' }],
    ]);
  });
});
