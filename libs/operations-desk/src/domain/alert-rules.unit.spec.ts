import { alertChanges, desiredAlerts, DEFAULT_THRESHOLDS, type AlertInputs } from './alert-rules';
import { summarise, emptyBucket, applyIncrement, incrementOf } from './operations-window';

const now = new Date('2026-11-25T09:30:00Z');
const window5 = (matched: number, other: number) => {
  const b = emptyBucket('s', '2026-11-25T09:30');
  for (let i = 0; i < matched; i++) applyIncrement(b, incrementOf({ kind: 'outcome', outcome: 'matched', elapsedMillis: 100 }));
  for (let i = 0; i < other; i++) applyIncrement(b, incrementOf({ kind: 'outcome', outcome: 'no-qualification', elapsedMillis: 100 }));
  return summarise([b], now, 5);
};
const none: AlertInputs = { offlineDevices: [], sites: [], circuits: [], lag: [] };

describe('alert rules', () => {
  it('raises device offline, failure rate above the threshold, circuit open and consumer lag', () => {
    const alerts = desiredAlerts(
      {
        offlineDevices: [{ deviceId: 'bus-1-dev', siteId: 'bus-1' }],
        sites: [
          { siteId: 'calm', last5: window5(9, 1) },
          { siteId: 'failing', last5: window5(2, 4) },
          { siteId: 'too-few', last5: window5(0, 4) }, // below the minimum number of outcomes
        ],
        circuits: [
          { upstream: 'national-system', instance: 'a', state: 'open' },
          { upstream: 'national-system', instance: 'b', state: 'closed' },
        ],
        lag: [
          { groupId: 'audit.record', lag: 5_000 },
          { groupId: 'voucher-matching.match', lag: 3 },
        ],
      },
      DEFAULT_THRESHOLDS,
    );
    expect(alerts.map((a) => a.alertId)).toEqual([
      'device-offline:bus-1',
      'failure-rate:failing',
      'circuit-open:national-system',
      'consumer-lag:audit.record',
    ]);
    expect(alerts.find((a) => a.kind === 'failure-rate')).toMatchObject({ scope: { siteId: 'failing' }, threshold: 0.5 });
    expect(alerts.find((a) => a.kind === 'failure-rate')!.value).toBeCloseTo(4 / 6);
    expect(alerts.find((a) => a.kind === 'circuit-open')).toMatchObject({ severity: 'critical', value: 1 });
  });

  it('follows configured thresholds', () => {
    const inputs = { ...none, sites: [{ siteId: 'x', last5: window5(8, 2) }], lag: [{ groupId: 'audit.record', lag: 10 }] };
    expect(desiredAlerts(inputs, DEFAULT_THRESHOLDS)).toEqual([]);
    expect(desiredAlerts(inputs, { failureRate: 0.1, failureRateMinOutcomes: 10, consumerLag: 9 }).map((a) => a.kind)).toEqual([
      'failure-rate',
      'consumer-lag',
    ]);
  });

  it('raises one alert per site and kind, however many of its devices are offline', () => {
    const alerts = desiredAlerts(
      {
        ...none,
        offlineDevices: [
          { deviceId: 'fac-1-dev-3', siteId: 'fac-1' },
          { deviceId: 'fac-1-dev-1', siteId: 'fac-1' },
          { deviceId: 'fac-1-dev-2', siteId: 'fac-1' },
          { deviceId: 'fac-2-dev-1', siteId: 'fac-2' },
        ],
        sites: [{ siteId: 'fac-1', last5: window5(1, 9) }],
      },
      DEFAULT_THRESHOLDS,
    );
    expect(alerts.map((a) => [a.alertId, a.value])).toEqual([
      ['device-offline:fac-1', 3],
      ['device-offline:fac-2', 1],
      ['failure-rate:fac-1', 0.9],
    ]);
    expect(alerts[0]).toMatchObject({
      scope: { siteId: 'fac-1' },
      message: '3 device(s) at fac-1 offline: fac-1-dev-1, fac-1-dev-2, fac-1-dev-3.',
    });
    const many = desiredAlerts(
      { ...none, offlineDevices: Array.from({ length: 40 }, (_, i) => ({ deviceId: `d-${String(i).padStart(2, '0')}`, siteId: 'big' })) },
      DEFAULT_THRESHOLDS,
    );
    expect(many).toHaveLength(1);
    expect(many[0]!.message).toBe('40 device(s) at big offline: d-00, d-01, d-02, d-03, d-04, ….');
  });

  it('raises nothing for a bus outside its operating hours, and clears what it had raised', () => {
    const inputs: AlertInputs = {
      ...none,
      offlineDevices: [
        { deviceId: 'bus-1-dev-1', siteId: 'bus-1' },
        { deviceId: 'fac-1-dev-1', siteId: 'fac-1' },
      ],
      sites: [{ siteId: 'bus-1', last5: window5(0, 9) }],
    };
    expect(desiredAlerts(inputs, DEFAULT_THRESHOLDS).map((a) => a.alertId)).toEqual([
      'device-offline:bus-1',
      'device-offline:fac-1',
      'failure-rate:bus-1',
    ]);
    const parked = desiredAlerts({ ...inputs, offHours: new Set(['bus-1']) }, DEFAULT_THRESHOLDS);
    expect(parked.map((a) => a.alertId)).toEqual(['device-offline:fac-1']);
    const raised = new Map([
      ['device-offline:bus-1', { alertId: 'device-offline:bus-1', kind: 'device-offline' as const, scope: { siteId: 'bus-1' } }],
    ]);
    expect(alertChanges(raised, parked).clear.map((a) => a.alertId)).toEqual(['device-offline:bus-1']);
  });

  it('raises what is new and clears what is over, once each (an alert of one device, from before alerts were per site, clears)', () => {
    const desired = desiredAlerts(
      {
        ...none,
        offlineDevices: [
          { deviceId: 'd1', siteId: 's' },
          { deviceId: 'd2', siteId: 't' },
        ],
      },
      DEFAULT_THRESHOLDS,
    );
    const raised = new Map([
      ['device-offline:s', { alertId: 'device-offline:s', kind: 'device-offline' as const, scope: { siteId: 's' } }],
      ['device-offline:d9', { alertId: 'device-offline:d9', kind: 'device-offline' as const, scope: { deviceId: 'd9' } }],
    ]);
    const { raise, clear } = alertChanges(raised, desired);
    expect(raise.map((a) => a.alertId)).toEqual(['device-offline:t']);
    expect(clear.map((a) => a.alertId)).toEqual(['device-offline:d9']);
  });
});
