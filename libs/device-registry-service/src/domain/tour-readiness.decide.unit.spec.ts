import type { ReadinessCheckRequest } from '@hcv/contracts';
import type { Device } from './device.decide';
import type { Site } from './site.decide';
import {
  assertBus,
  decideReadinessChecks,
  emptyTourReport,
  markTourReady,
  readinessView,
  recordReadinessCheck,
  stopsOfDay,
  type ReadinessInput,
} from './tour-readiness.decide';

const at = new Date('2026-11-25T07:30:00.000Z');
const device = (deviceId: string, over: Partial<Device> = {}): Device => ({
  deviceId,
  institutionNumber: '1311234569',
  siteId: 'bus-01',
  kind: 'tablet',
  cardReader: { model: 'RC-S300', serial: 'SN0001' },
  state: 'active',
  history: [],
  ...over,
});
const bus: Site = {
  siteId: 'bus-01',
  institutionNumber: '1311234569',
  kind: 'bus',
  name: '健診バス1号',
  plate: '品川 800 さ 12-34',
  itinerary: [
    { stopId: 'stop-1', name: '公民館', date: '2026-11-25', from: '09:00', to: '12:00' },
    { stopId: 'stop-2', name: '市役所', date: '2026-11-25', from: '13:00', to: '16:00' },
    { stopId: 'stop-3', name: '体育館', date: '2026-11-26', from: '09:00', to: '12:00' },
  ],
  registeredAt: '2026-11-01T00:00:00.000Z',
};
const allGood: ReadinessCheckRequest = {
  deviceClockAt: '2026-11-25T16:30:30+09:00',
  reader: { present: true, model: 'RC-S300', serial: 'SN0001' },
  nationalSystem: { testConfirmation: 'ok', at: '2026-11-25T16:25:00+09:00' },
  stopsLoaded: ['stop-1', 'stop-2'],
};
const input = (over: Partial<ReadinessInput> = {}, report: Partial<ReadinessCheckRequest> = {}): ReadinessInput => ({
  busId: 'bus-01',
  tourDate: '2026-11-25',
  device: device('tab-1'),
  stops: stopsOfDay(bus, '2026-11-25'),
  report: { ...allGood, ...report },
  checkedAt: at,
  clockToleranceMillis: 120_000,
  ...over,
});
const stateOf = (checks: { check: string; state: string }[]) => Object.fromEntries(checks.map((c) => [c.check, c.state]));

describe('the pre-tour readiness checks of one device', () => {
  it('are all green for an active device of the bus with a right clock, its reader, a test confirmation and the day’s stops', () => {
    expect(decideReadinessChecks(input())).toEqual([
      { check: 'device-active', state: 'green' },
      { check: 'clock', state: 'green' },
      { check: 'reader', state: 'green' },
      { check: 'national-system', state: 'green' },
      { check: 'stops', state: 'green' },
    ]);
  });

  it('turn the device red when it is not active, saying what to do', () => {
    const [active] = decideReadinessChecks(input({ device: device('tab-1', { state: 'suspended' }) }));
    expect(active).toEqual({ check: 'device-active', state: 'red', reason: 'device tab-1 is suspended: an operator must activate it' });
  });

  it('compare the device clock with the registry’s within the tolerance, either way', () => {
    expect(stateOf(decideReadinessChecks(input({}, { deviceClockAt: '2026-11-25T07:32:00Z' })))).toMatchObject({ clock: 'green' });
    expect(stateOf(decideReadinessChecks(input({}, { deviceClockAt: '2026-11-25T07:28:00Z' })))).toMatchObject({ clock: 'green' });
    const ahead = decideReadinessChecks(input({}, { deviceClockAt: '2026-11-25T16:35:01+09:00' }))[1];
    expect(ahead).toMatchObject({
      state: 'red',
      reason: expect.stringMatching(/^the device clock is 301 s ahead of the registry's \(tolerance 120 s\)/),
    });
    const behind = decideReadinessChecks(input({ clockToleranceMillis: 30_000 }, { deviceClockAt: '2026-11-25T07:29:00Z' }))[1];
    expect(behind).toMatchObject({ state: 'red', reason: expect.stringMatching(/60 s behind .*tolerance 30 s/) });
  });

  it('need a reader present, and the registered one when the registry knows it', () => {
    expect(decideReadinessChecks(input({}, { reader: { present: false } }))[2]).toEqual({
      check: 'reader',
      state: 'red',
      reason: 'no card reader is connected: connect the card reader',
    });
    expect(decideReadinessChecks(input({}, { reader: { present: true, model: 'RC-S300', serial: 'SN0009' } }))[2]).toMatchObject({
      state: 'red',
      reason: expect.stringContaining('record the swap'),
    });
    // Present without model and serial, or a device with no reader recorded: the device's word is taken.
    expect(decideReadinessChecks(input({}, { reader: { present: true } }))[2]).toEqual({ check: 'reader', state: 'green' });
    expect(
      decideReadinessChecks(input({ device: device('tab-1', { cardReader: undefined }) }, { reader: { present: true, serial: 'X' } }))[2],
    ).toEqual({ check: 'reader', state: 'green' });
  });

  it.each([
    ['failed', /test confirmation failed/],
    ['not-run', /no test confirmation was run/],
  ] as const)('are red on a national-system test confirmation %s', (testConfirmation, reason) => {
    expect(decideReadinessChecks(input({}, { nationalSystem: { testConfirmation } }))[3]).toMatchObject({
      check: 'national-system',
      state: 'red',
      reason: expect.stringMatching(reason),
    });
  });

  it('need every stop of the tour day loaded (other days do not count), and a planned day', () => {
    expect(decideReadinessChecks(input({}, { stopsLoaded: ['stop-1', 'stop-3'] }))[4]).toEqual({
      check: 'stops',
      state: 'red',
      reason: 'stops of the day not loaded on the device: stop-2',
    });
    expect(decideReadinessChecks(input({}, { stopsLoaded: ['stop-2', 'stop-1', 'stop-9'] }))[4]).toEqual({
      check: 'stops',
      state: 'green',
    });
    const noDay = decideReadinessChecks(input({ tourDate: '2026-11-27', stops: stopsOfDay(bus, '2026-11-27') }))[4];
    expect(noDay).toMatchObject({ state: 'red', reason: expect.stringContaining('no stops are planned for 2026-11-27') });
  });

  it('cut a long reason to the contract’s 300 characters', () => {
    const many = Array.from({ length: 40 }, (_, i) => ({
      stopId: `stop-with-a-rather-long-identifier-${i}`,
      name: 'x',
      from: '09:00',
      to: '10:00',
    }));
    const [, , , , stops] = decideReadinessChecks(input({ stops: many }, { stopsLoaded: [] }));
    expect(stops!.reason!.length).toBe(300);
    expect(stops!.reason!.endsWith('…')).toBe(true);
  });
});

describe('a bus’s tours', () => {
  it('belong to a registered bus only, with the stops of the day in itinerary order', () => {
    expect(() => assertBus(null, 'ghost')).toThrow(expect.objectContaining({ code: 'site-not-found', status: 404 }));
    expect(() => assertBus({ ...bus, kind: 'facility', itinerary: [] }, 'bus-01')).toThrow(expect.objectContaining({ code: 'not-a-bus' }));
    expect(stopsOfDay(bus, '2026-11-25')).toEqual([
      { stopId: 'stop-1', name: '公民館', from: '09:00', to: '12:00' },
      { stopId: 'stop-2', name: '市役所', from: '13:00', to: '16:00' },
    ]);
  });
});

describe('the bus’s readiness report and its mark', () => {
  const devices = [device('tab-2'), device('tab-1'), device('old', { state: 'retired' }), device('elsewhere', { siteId: 'bus-02' })];
  const green = (deviceId: string) => ({
    deviceId,
    checkedAt: at.toISOString(),
    checks: decideReadinessChecks(input({ device: device(deviceId) })),
  });
  const redClock = (deviceId: string) => ({
    deviceId,
    checkedAt: at.toISOString(),
    checks: decideReadinessChecks(input({ device: device(deviceId) }, { deviceClockAt: '2026-11-25T08:30:00Z' })),
  });

  it('lists every device of the bus that is not retired, `not-checked` red until it checks', () => {
    const view = readinessView(emptyTourReport('bus-01', '2026-11-25'), devices);
    expect(view).toEqual({
      busId: 'bus-01',
      tourDate: '2026-11-25',
      ready: false,
      devices: [
        {
          deviceId: 'tab-1',
          checks: [{ check: 'not-checked', state: 'red', reason: 'device tab-1 has not run its readiness check for the day' }],
        },
        {
          deviceId: 'tab-2',
          checks: [{ check: 'not-checked', state: 'red', reason: 'device tab-2 has not run its readiness check for the day' }],
        },
      ],
    });
    expect(readinessView(emptyTourReport('bus-01', '2026-11-25'), []).ready).toBe(false);
  });

  it('records each device’s latest check with tour.readiness-checked, ready once every device is green', () => {
    let report = emptyTourReport('bus-01', '2026-11-25');
    const first = recordReadinessCheck(report, redClock('tab-1'), devices);
    expect(first.events.map((e) => e.data)).toEqual([
      expect.objectContaining({ busId: 'bus-01', tourDate: '2026-11-25', deviceId: 'tab-1', tourReady: false }),
    ]);
    report = first.state;
    report = recordReadinessCheck(report, green('tab-2'), devices).state;
    const last = recordReadinessCheck(report, green('tab-1'), devices);
    expect(last.state.devices.map((d) => d.deviceId)).toEqual(['tab-1', 'tab-2']);
    expect(last.events[0]!.data).toMatchObject({ deviceId: 'tab-1', tourReady: true });
    expect(readinessView(last.state, devices).ready).toBe(true);
  });

  it('refuses to mark the tour ready while a check is red, naming each device and check', () => {
    const report = recordReadinessCheck(emptyTourReport('bus-01', '2026-11-25'), redClock('tab-1'), devices).state;
    expect(() => markTourReady(report, devices, 'tab-1', at)).toThrow(
      expect.objectContaining({
        code: 'tour-not-ready',
        status: 409,
        message: expect.stringMatching(/tab-1 clock \(the device clock is 3600 s ahead.*tab-2 not-checked/),
      }),
    );
    expect(() => markTourReady(emptyTourReport('bus-01', '2026-11-25'), [], 'tab-1', at)).toThrow(
      expect.objectContaining({ code: 'tour-not-ready', message: expect.stringContaining('the bus has no registered device') }),
    );
  });

  it('marks a green tour once with tour.marked-ready; marking it again keeps the first mark', () => {
    let report = recordReadinessCheck(emptyTourReport('bus-01', '2026-11-25'), green('tab-1'), devices).state;
    report = recordReadinessCheck(report, green('tab-2'), devices).state;
    const marked = markTourReady(report, devices, 'staff:desk-1', at);
    expect(marked.state).toMatchObject({ markedReadyAt: at.toISOString(), markedReadyBy: 'staff:desk-1' });
    expect(marked.events.map((e) => e.data)).toEqual([
      {
        busId: 'bus-01',
        tourDate: '2026-11-25',
        markedReadyAt: at.toISOString(),
        markedReadyBy: 'staff:desk-1',
        deviceIds: ['tab-1', 'tab-2'],
      },
    ]);
    const again = markTourReady(marked.state, devices, 'tab-2', new Date(at.getTime() + 60_000));
    expect(again).toEqual({ state: marked.state, events: [] });
  });

  it('withdraws the mark on a later red check, and shows a device that left the active state red', () => {
    let report = recordReadinessCheck(emptyTourReport('bus-01', '2026-11-25'), green('tab-1'), devices).state;
    report = recordReadinessCheck(report, green('tab-2'), devices).state;
    report = markTourReady(report, devices, 'tab-1', at).state;
    const green2 = recordReadinessCheck(report, green('tab-2'), devices);
    expect(green2.state.markedReadyAt).toBe(at.toISOString());
    const red = recordReadinessCheck(report, redClock('tab-2'), devices);
    expect(red.state.markedReadyAt).toBeUndefined();
    expect(red.state.markedReadyBy).toBeUndefined();
    expect(red.events[0]!.data).toMatchObject({ tourReady: false, markWithdrawn: true });

    const suspended = devices.map((d) => (d.deviceId === 'tab-2' ? { ...d, state: 'suspended' as const } : d));
    const view = readinessView(report, suspended);
    expect(view.ready).toBe(false);
    expect(view.devices[1]!.checks[0]).toEqual({
      check: 'device-active',
      state: 'red',
      reason: 'device tab-2 is suspended: an operator must activate it',
    });
  });
});
