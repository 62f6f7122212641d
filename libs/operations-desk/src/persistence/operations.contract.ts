// The operations read models' behaviour as one list of cases, run on every adapter: the memory twin
// (operations.memory.unit.spec.ts) and MongoDB (operations.mongo.int.spec.ts). Not a test file by
// itself (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import type { DeviceStatus } from '../domain/device-status';
import type { OperationsRepository } from './operations.repository';

/**
 * Builds a repository over an empty store (`cleanup` empties it again). `twin`: a second repository
 * over the same store (another audit instance; the memory twin is one process, so its twin is itself).
 */
export type OperationsRepositoryFactory = () => Promise<{
  repo: OperationsRepository;
  twin?: OperationsRepository;
  cleanup?: () => Promise<void>;
}>;

const device = (deviceId: string, over: Partial<DeviceStatus> = {}): DeviceStatus => ({
  deviceId,
  siteId: 'bus-1',
  lifecycle: 'active',
  lifecycleAt: '2026-11-25T09:00:00.000Z',
  connectivity: 'online',
  connectivityAt: '2026-11-25T09:00:00.000Z',
  ...over,
});
export function operationsRepositoryContract(make: OperationsRepositoryFactory): void {
  let repo: OperationsRepository;
  let twin: OperationsRepository;
  let cleanup: (() => Promise<void>) | undefined;
  beforeEach(async () => {
    let other: OperationsRepository | undefined;
    ({ repo, twin: other, cleanup } = await make());
    twin = other ?? repo;
  });
  afterEach(async () => cleanup?.());

  it('keeps each site as site.registered last described it', async () => {
    await repo.upsertSite({ siteId: 'bus-1', kind: 'bus', name: 'Bus 1' });
    await repo.upsertSite({ siteId: 'fac-1', kind: 'facility', institutionNumber: '1311234569' });
    await repo.upsertSite({ siteId: 'bus-1', kind: 'bus', name: 'Bus One' });
    expect((await repo.sites()).sort((a, b) => a.siteId.localeCompare(b.siteId))).toEqual([
      { siteId: 'bus-1', kind: 'bus', name: 'Bus One' },
      { siteId: 'fac-1', kind: 'facility', institutionNumber: '1311234569' },
    ]);
  });

  it('keeps a bus’s itinerary beside its registration, in either order', async () => {
    const stop = { stopId: 'stop-1', name: '駅前', date: '2026-11-25', from: '09:00', to: '12:00' };
    await repo.planItinerary('bus-2', [stop]);
    await repo.upsertSite({ siteId: 'bus-1', kind: 'bus', name: 'Bus 1' });
    await repo.planItinerary('bus-1', [stop]);
    await repo.upsertSite({ siteId: 'bus-1', kind: 'bus', name: 'Bus One' });
    expect((await repo.sites()).sort((a, b) => a.siteId.localeCompare(b.siteId))).toEqual([
      { siteId: 'bus-1', kind: 'bus', name: 'Bus One', itinerary: [stop] },
      { siteId: 'bus-2', kind: 'unknown', itinerary: [stop] },
    ]);
    await repo.upsertSite({ siteId: 'bus-2', kind: 'bus', name: 'Bus 2' });
    await repo.planItinerary('bus-1', []);
    expect((await repo.sites()).sort((a, b) => a.siteId.localeCompare(b.siteId))).toEqual([
      { siteId: 'bus-1', kind: 'bus', name: 'Bus One', itinerary: [] },
      { siteId: 'bus-2', kind: 'bus', name: 'Bus 2', itinerary: [stop] },
    ]);
  });

  it('changes a device by compare-and-set: what `next` returns, nothing when it returns null, no update lost among concurrent writers', async () => {
    expect(await repo.updateDevice('d1', (current) => (current ? null : device('d1')))).toEqual(device('d1'));
    expect(await repo.updateDevice('d1', () => null)).toBeNull();
    await repo.updateDevice('d2', () => device('d2', { siteId: 'fac-1' }));
    // four writers at once, each adding its stop to what it read
    const stops = ['a', 'b', 'c', 'd'];
    await Promise.all(
      stops.map((stop) =>
        repo.updateDevice('d1', (current) => ({ ...current!, stopId: [current!.stopId, stop].filter(Boolean).join(',') })),
      ),
    );
    const [d1] = await repo.devices('bus-1');
    expect(d1!.stopId!.split(',').sort()).toEqual(stops);
    expect((await repo.devices()).map((d) => d.deviceId).sort()).toEqual(['d1', 'd2']);
    expect(await repo.device('d2')).toEqual(device('d2', { siteId: 'fac-1' }));
    expect(await repo.device('none')).toBeUndefined();
  });

  it('tells the devices changed since a stamp: every write after the answer comes in the next, each as stored now', async () => {
    const sorted = (ds: DeviceStatus[]) => [...ds].sort((a, b) => a.deviceId.localeCompare(b.deviceId));
    const empty = await repo.devicesChangedSince();
    expect(empty.changed).toEqual([]);
    await repo.updateDevice('d1', () => device('d1'));
    await repo.updateDevice('d2', () => device('d2', { siteId: 'fac-1' }));
    const first = await repo.devicesChangedSince(empty.stamp);
    expect(sorted(first.changed)).toEqual([device('d1'), device('d2', { siteId: 'fac-1' })]);
    // no stamp: every device (the desk's full read), with the stamp to go on from
    const all = await twin.devicesChangedSince();
    expect(sorted(all.changed)).toEqual(sorted(first.changed));
    // a change written by another instance, a new device, and a write that changes nothing
    const offline = device('d1', { connectivity: 'offline', connectivityAt: '2026-11-25T10:00:00.000Z' });
    await twin.updateDevice('d1', () => offline);
    await repo.updateDevice('d3', () => device('d3'));
    await repo.updateDevice('d2', () => null);
    for (const since of [first.stamp, all.stamp]) {
      const next = await repo.devicesChangedSince(since);
      const ids = next.changed.map((d) => d.deviceId);
      expect(ids).toEqual(expect.arrayContaining(['d1', 'd3']));
      // whatever else comes (a device written just before: a reader compares) comes as it is stored
      for (const d of next.changed) expect(d).toEqual(await repo.device(d.deviceId));
      expect(next.changed.find((d) => d.deviceId === 'd1')).toEqual(offline);
    }
    // the stamp moves on: nothing it returns is older than what is stored
    const later = await repo.devicesChangedSince((await repo.devicesChangedSince(all.stamp)).stamp);
    for (const d of later.changed) expect(d).toEqual(await repo.device(d.deviceId));
    expect(sorted(await repo.devices())).toEqual([offline, device('d2', { siteId: 'fac-1' }), device('d3')]);
  });

  it('tells the sites changed since a stamp: a registration and an itinerary, each as stored now', async () => {
    const stop = { stopId: 'stop-1', name: '駅前', date: '2026-11-25', from: '09:00', to: '12:00' };
    const empty = await repo.sitesChangedSince();
    expect(empty.changed).toEqual([]);
    await repo.upsertSite({ siteId: 'fac-1', kind: 'facility', institutionNumber: '1311234569' });
    const first = await repo.sitesChangedSince(empty.stamp);
    expect(first.changed).toEqual([{ siteId: 'fac-1', kind: 'facility', institutionNumber: '1311234569' }]);
    await twin.planItinerary('bus-1', [stop]);
    const second = await repo.sitesChangedSince(first.stamp);
    expect(second.changed.find((s) => s.siteId === 'bus-1')).toEqual({ siteId: 'bus-1', kind: 'unknown', itinerary: [stop] });
    await repo.upsertSite({ siteId: 'bus-1', kind: 'bus', name: 'Bus 1' });
    const third = await twin.sitesChangedSince(second.stamp);
    expect(third.changed.find((s) => s.siteId === 'bus-1')).toEqual({ siteId: 'bus-1', kind: 'bus', name: 'Bus 1', itinerary: [stop] });
    const stored = new Map((await repo.sites()).map((s) => [s.siteId, s]));
    for (const s of third.changed) expect(s).toEqual(stored.get(s.siteId));
    expect((await repo.sitesChangedSince()).changed.map((s) => s.siteId).sort()).toEqual(['bus-1', 'fac-1']);
  });

  it('merges sessions: the defaults of a new session, before and after, a repeated event, and the sessions in flight per site', async () => {
    const completed = await repo.mergeSession(
      's-2',
      { closed: true, outcome: 'matched', completedAt: '2026-11-25T09:30:00.000Z', elapsedMillis: 900 },
      'e-completed',
    );
    expect(completed.before).toBeUndefined();
    expect(completed.after).toEqual({
      sessionId: 's-2',
      opened: false,
      closed: true,
      outcome: 'matched',
      completedAt: '2026-11-25T09:30:00.000Z',
      elapsedMillis: 900,
    });
    expect(completed.repeated).toBe(false);
    const opened = await repo.mergeSession('s-2', { opened: true, siteId: 'bus-1', deviceId: 'd-1' }, 'e-opened');
    expect(opened.before).toEqual(completed.after);
    expect(opened.after).toEqual({ ...completed.after, opened: true, siteId: 'bus-1', deviceId: 'd-1' });
    expect(opened.repeated).toBe(false);
    expect((await repo.mergeSession('s-2', { opened: true, siteId: 'bus-1', deviceId: 'd-1' }, 'e-opened')).repeated).toBe(true);
    // the bookkeeping of event ids stays out of what the read model reports
    expect(await repo.inFlightBySite()).toEqual(new Map());
    await repo.mergeSession('s-3', { opened: true, siteId: 'bus-1' }, 'e-3');
    await repo.mergeSession('s-4', { opened: true, siteId: 'bus-1' }, 'e-4');
    await repo.mergeSession('s-5', { opened: true, siteId: 'fac-1' }, 'e-5');
    expect(await repo.inFlightBySite()).toEqual(
      new Map([
        ['bus-1', 2],
        ['fac-1', 1],
      ]),
    );
  });

  it('merges the events of a new session arriving at once, none lost', async () => {
    const session = randomUUID();
    const merges = await Promise.all([
      repo.mergeSession(session, { opened: true, siteId: 'bus-1' }, 'e-1'),
      repo.mergeSession(session, { deviceId: 'd-1' }, 'e-2'),
      repo.mergeSession(session, { outcome: 'matched' }, 'e-3'),
    ]);
    expect(merges.filter((m) => m.before === undefined)).toHaveLength(1);
    const last = await repo.mergeSession(session, { elapsedMillis: 900 }, 'e-4');
    expect(last.after).toMatchObject({
      sessionId: session,
      opened: true,
      closed: false,
      siteId: 'bus-1',
      deviceId: 'd-1',
      outcome: 'matched',
      elapsedMillis: 900,
    });
  });

  it('two instances merging one session at once: nothing lost, and exactly one merge finds it countable', async () => {
    const session = randomUUID();
    const countable = (s: { siteId?: string; outcome?: string; completedAt?: string }) => !!(s.siteId && s.outcome && s.completedAt);
    const merges = await Promise.all([
      repo.mergeSession(session, { opened: true, siteId: 'bus-1' }, 'e-opened'),
      twin.mergeSession(session, { closed: true, outcome: 'matched', completedAt: '2026-11-25T09:30:00.000Z' }, 'e-completed'),
      twin.mergeSession(session, { deviceId: 'd-1' }, 'e-device'),
    ]);
    expect(merges.filter((m) => m.before === undefined)).toHaveLength(1);
    expect(merges.filter((m) => countable(m.after) && !(m.before && countable(m.before)))).toHaveLength(1);
    expect((await repo.mergeSession(session, { deviceId: 'd-1' }, 'e-device')).after).toMatchObject({
      sessionId: session,
      opened: true,
      closed: true,
      siteId: 'bus-1',
      deviceId: 'd-1',
      outcome: 'matched',
    });
  });

  it('counts the facts of many sessions at once (one batch) each once, and keeps one feed line per id', async () => {
    const facts = Array.from({ length: 5 }, (_, i) => `o:b${i}`);
    const counted = await Promise.all([
      ...facts.map((f) => repo.addToMinute('bus-9', '2026-11-25T10:00', f, { kind: 'outcome', outcome: 'matched', elapsedMillis: 100 })),
      repo.addToMinute('bus-9', '2026-11-25T10:00', 'o:b0', { kind: 'outcome', outcome: 'matched', elapsedMillis: 100 }),
      twin.addToMinute('bus-9', '2026-11-25T10:00', 'o:b1', { kind: 'outcome', outcome: 'matched', elapsedMillis: 100 }),
    ]);
    expect(counted.filter(Boolean)).toHaveLength(5);
    expect((await repo.minutes('2026-11-25T10:00', 'bus-9'))[0]).toMatchObject({ count: 5, totalMillis: 500 });
    await Promise.all([
      ...facts.map((f, i) => repo.addFeed({ id: f, at: `2026-11-25T10:00:0${i}.000Z`, kind: 'outcome', siteId: 'bus-9', text: f })),
      twin.addFeed({ id: 'o:b0', at: '2026-11-25T10:00:00.000Z', kind: 'outcome', siteId: 'bus-9', text: 'again' }),
    ]);
    // one line per id (of two writers at once, whichever came first stays)
    expect((await repo.feed(10, ['bus-9'])).map((e) => e.id)).toEqual(['o:b4', 'o:b3', 'o:b2', 'o:b1', 'o:b0']);
  });

  it('counts a fact into its minute once, and answers the minutes of a window, of all sites or one', async () => {
    expect(
      await repo.addToMinute('bus-1', '2026-11-25T09:30', 'o:s1', {
        kind: 'outcome',
        outcome: 'matched',
        elapsedMillis: 400,
        source: 'online',
      }),
    ).toBe(true);
    expect(await repo.addToMinute('bus-1', '2026-11-25T09:30', 'o:s1', { kind: 'outcome', outcome: 'matched', elapsedMillis: 400 })).toBe(
      false,
    );
    const [first, again] = await Promise.all([
      repo.addToMinute('bus-1', '2026-11-25T09:30', 'o:s2', { kind: 'outcome', outcome: 'no-qualification', elapsedMillis: 3_000 }),
      repo.addToMinute('bus-1', '2026-11-25T09:30', 'o:s2', { kind: 'outcome', outcome: 'no-qualification', elapsedMillis: 3_000 }),
    ]);
    expect([first, again].sort()).toEqual([false, true]);
    expect(await repo.addToMinute('bus-1', '2026-11-25T09:31', 'f:e1', { kind: 'national-failure' })).toBe(true);
    expect(await repo.addToMinute('fac-1', '2026-11-25T09:31', 'f:e2', { kind: 'national-failure' })).toBe(true);
    expect(await repo.addToMinute('bus-1', '2026-11-25T09:20', 'f:e3', { kind: 'national-failure' })).toBe(true);
    expect(await repo.addToMinute('bus-1', '2026-11-25T09:31', 's:s2', { kind: 'settled' })).toBe(true);
    expect(await repo.addToMinute('bus-1', '2026-11-25T09:31', 's:s2', { kind: 'settled' })).toBe(false);
    const window = (await repo.minutes('2026-11-25T09:30', 'bus-1')).sort((a, b) => a.minute.localeCompare(b.minute));
    expect(window).toEqual([
      {
        siteId: 'bus-1',
        minute: '2026-11-25T09:30',
        count: 2,
        outcomes: { matched: 1, 'no-qualification': 1 },
        // the second outcome's event said no source (an older version): counted, in no source
        sources: { online: 1 },
        settled: 0,
        totalMillis: 3_400,
        buckets: { le500: 1, le5000: 1 },
        // every time to outcome, each counted once: what p95 is computed from
        latencies: [400, 3_000],
        nationalFailures: 0,
      },
      {
        siteId: 'bus-1',
        minute: '2026-11-25T09:31',
        count: 0,
        outcomes: {},
        sources: {},
        settled: 1,
        totalMillis: 0,
        buckets: {},
        latencies: [],
        nationalFailures: 1,
      },
    ]);
    expect((await repo.minutes('2026-11-25T09:30')).map((m) => `${m.siteId} ${m.minute}`).sort()).toEqual([
      'bus-1 2026-11-25T09:30',
      'bus-1 2026-11-25T09:31',
      'fac-1 2026-11-25T09:31',
    ]);
    // a slice of minutes (the desk reads the hour's older minutes a slice at a time)
    expect((await repo.minutes('2026-11-25T09:30', undefined, '2026-11-25T09:30')).map((m) => `${m.siteId} ${m.minute}`)).toEqual([
      'bus-1 2026-11-25T09:30',
    ]);
    expect((await repo.minutes('2026-11-25T09:31', 'fac-1', '2026-11-25T09:31')).map((m) => `${m.siteId} ${m.minute}`)).toEqual([
      'fac-1 2026-11-25T09:31',
    ]);
  });

  it('keeps the newest state of each circuit: an older change arriving late changes nothing', async () => {
    const circuit = {
      upstream: 'national-system',
      instance: 'q1',
      state: 'open' as const,
      at: '2026-11-25T09:26:00.000Z',
      consecutiveFailures: 5,
    };
    expect(await repo.setCircuit(circuit)).toBe(true);
    expect(await repo.setCircuit({ ...circuit, state: 'closed', at: '2026-11-25T09:20:00.000Z' })).toBe(false);
    expect(await repo.setCircuit({ ...circuit, instance: 'q2', state: 'closed' })).toBe(true);
    expect((await repo.circuits()).sort((a, b) => a.instance.localeCompare(b.instance))).toEqual([
      circuit,
      { ...circuit, instance: 'q2', state: 'closed' },
    ]);
  });

  it('lets one claimer at a time raise or clear an alert', async () => {
    const a = { alertId: 'consumer-lag:audit.record', kind: 'consumer-lag' as const, scope: { groupId: 'audit.record' } };
    expect(await repo.claimAlertChange(a, false)).toBe(false); // nothing raised to clear
    expect((await Promise.all([repo.claimAlertChange(a, true), repo.claimAlertChange(a, true)])).sort()).toEqual([false, true]);
    expect(await repo.raisedAlerts()).toEqual(new Map([[a.alertId, a]]));
    expect((await Promise.all([repo.claimAlertChange(a, false), repo.claimAlertChange(a, false)])).sort()).toEqual([false, true]);
    expect(await repo.raisedAlerts()).toEqual(new Map());
    expect(await repo.claimAlertChange(a, true)).toBe(true); // raised again later
  });

  it('keeps the feed by entry id, newest first, of all sites or some, and prunes what is older than the retention', async () => {
    await repo.addFeed({
      id: 'o:s1',
      at: '2026-11-25T09:30:00.000Z',
      kind: 'outcome',
      siteId: 'bus-1',
      sessionId: 's1',
      outcome: 'matched',
      elapsedMillis: 900,
      text: 'matched in 900 ms',
    });
    await repo.addFeed({ id: 'o:s1', at: '2026-11-25T09:30:00.000Z', kind: 'outcome', siteId: 'bus-1', text: 'again' });
    await repo.addFeed({
      id: 'e:1',
      at: '2026-11-25T09:31:00.000Z',
      kind: 'device-offline',
      siteId: 'fac-1',
      deviceId: 'd2',
      text: 'd2 went offline',
    });
    await repo.addFeed({ id: 'e:2', at: '2026-11-25T09:32:00.000Z', kind: 'circuit', text: 'circuit to national-system open (q1)' });
    expect((await repo.feed(10)).map((e) => e.id)).toEqual(['e:2', 'e:1', 'o:s1']);
    expect(await repo.feed(10, ['bus-1'])).toEqual([
      {
        id: 'o:s1',
        at: '2026-11-25T09:30:00.000Z',
        kind: 'outcome',
        siteId: 'bus-1',
        sessionId: 's1',
        outcome: 'matched',
        elapsedMillis: 900,
        text: 'matched in 900 ms',
      },
    ]);
    expect((await repo.feed(1)).map((e) => e.id)).toEqual(['e:2']);
    expect((await repo.feed(10, undefined, 'd2')).map((e) => e.id)).toEqual(['e:1']);

    await repo.addToMinute('bus-1', '2026-11-25T09:29', 'o:old', { kind: 'outcome', outcome: 'matched', elapsedMillis: 100 });
    await repo.addToMinute('bus-1', '2026-11-25T09:31', 'o:new', { kind: 'outcome', outcome: 'matched', elapsedMillis: 100 });
    await repo.mergeSession('closed-early', { opened: true, siteId: 'bus-1', closed: true, closedAt: '2026-11-25T09:29:00.000Z' }, 'e-a');
    await repo.mergeSession('closed-late', { opened: true, siteId: 'bus-1', closed: true, closedAt: '2026-11-25T09:31:00.000Z' }, 'e-b');
    await repo.mergeSession('open', { opened: true, siteId: 'bus-1' }, 'e-c');
    await repo.prune(new Date('2026-11-25T09:30:30.000Z'));
    expect((await repo.feed(10)).map((e) => e.id)).toEqual(['e:2', 'e:1']);
    expect((await repo.minutes('2026-11-25T00:00')).map((m) => m.minute)).toEqual(['2026-11-25T09:31']);
    // a pruned session starts anew; the others are still known
    expect(await repo.inFlightBySite()).toEqual(new Map([['bus-1', 1]]));
    expect((await repo.mergeSession('closed-early', { siteId: 'bus-1' }, 'e-a')).before).toBeUndefined();
    expect((await repo.mergeSession('closed-late', { siteId: 'bus-1' }, 'e-b')).repeated).toBe(true);
  });
}
