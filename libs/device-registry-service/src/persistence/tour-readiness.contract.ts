// The readiness report repository's behaviour as one list of cases, run on both adapters: the memory
// one (tour-readiness.memory.unit.spec.ts) and the MongoDB one (tour-readiness.mongo.int.spec.ts).
// Not a test file by itself: the specs of the adapters call it. Ids are unique per case.
import { randomUUID } from 'node:crypto';
import type { OutboxEntry } from '@hcv/persistence';
import { tourKey } from '../domain/tour-readiness.decide';
import type { TourReadinessRepository, TourReport } from './tour-readiness.repository';

export type TourReadinessRepositoryFactory = () => Promise<{ repo: TourReadinessRepository; cleanup?: () => Promise<void> }>;

const entry = (id: string, n: number): OutboxEntry => ({
  eventId: `${id}-e${n}`,
  topic: 'tour.readiness-checked.v1',
  key: id,
  value: JSON.stringify({ n }),
  headers: {},
  stagedAt: '2026-11-25T07:30:00.000Z',
});

export function tourReadinessRepositoryContract(make: TourReadinessRepositoryFactory): void {
  let run: { repo: TourReadinessRepository; cleanup?: () => Promise<void> };
  let busId: string;
  beforeEach(async () => {
    run = await make();
    busId = `bus-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => run.cleanup?.());

  const report = (over: Partial<TourReport> = {}): TourReport => ({ busId, tourDate: '2026-11-25', devices: [], revision: 0, ...over });
  const checked = (deviceId: string, state: 'green' | 'red') => ({
    deviceId,
    checkedAt: '2026-11-25T07:30:00.000Z',
    checks: [
      { check: 'device-active' as const, state: 'green' as const },
      state === 'red' ? { check: 'clock' as const, state, reason: 'the device clock is 300 s ahead' } : { check: 'clock' as const, state },
    ],
  });

  it('inserts one report per bus and tour day, reads it back by its key, and refuses a second insert without writing', async () => {
    const { repo } = run;
    const first = report({ devices: [checked('tab-1', 'red')] });
    expect(await repo.insert(first)).toBe(true);
    expect(await repo.insert(report({ devices: [checked('tab-2', 'green')] }))).toBe(false);
    expect(await repo.insert(report({ tourDate: '2026-11-26' }))).toBe(true);
    expect(await repo.get(tourKey(busId, '2026-11-25'))).toEqual(first);
    expect(await repo.get(tourKey(busId, '2026-11-26'))).toEqual(report({ tourDate: '2026-11-26' }));
    expect(await repo.get(tourKey(busId, '2026-11-27'))).toBeNull();
  });

  it('writes only over the revision it read, raising it; a write from a stale copy or for no report stores nothing', async () => {
    const { repo } = run;
    const stored = report();
    await repo.insert(stored);
    const marked = { ...stored, devices: [checked('tab-1', 'green')], markedReadyAt: '2026-11-25T07:35:00.000Z', markedReadyBy: 'tab-1' };
    const written = await repo.write(stored, marked);
    expect(written).toEqual({ ...marked, revision: 1 });
    // A second device decided on the same old copy: refused, the first write stands.
    expect(await repo.write(stored, { ...stored, devices: [checked('tab-2', 'red')] })).toBeNull();
    expect(await repo.get(tourKey(busId, '2026-11-25'))).toEqual({ ...marked, revision: 1 });
    // Fields left out of the next state are removed (the mark withdrawn).
    const { markedReadyAt: _a, markedReadyBy: _b, ...unmarked } = written!;
    expect(await repo.write(written!, { ...unmarked, devices: [checked('tab-1', 'red')] })).toEqual({
      ...unmarked,
      devices: [checked('tab-1', 'red')],
      revision: 2,
    });
    expect(await repo.get(tourKey(busId, '2026-11-25'))).toEqual({ ...unmarked, devices: [checked('tab-1', 'red')], revision: 2 });
    expect(await repo.write(report({ tourDate: '2026-12-01' }), report({ tourDate: '2026-12-01' }))).toBeNull();
  });

  it('keeps the events of each write with the report until they are marked sent, never in what it reads', async () => {
    const { repo } = run;
    const id = tourKey(busId, '2026-11-25');
    const stored = report();
    await repo.insert(stored, [entry(busId, 1)]);
    const next = (await repo.write(stored, { ...stored, devices: [checked('tab-1', 'green')] }, [entry(busId, 2)]))!;
    expect((await repo.outbox.entriesOf(id)).map((e) => e.eventId)).toEqual([`${busId}-e1`, `${busId}-e2`]);
    await repo.outbox.markSent(id, [`${busId}-e1`]);
    expect((await repo.outbox.entriesOf(id)).map((e) => e.eventId)).toEqual([`${busId}-e2`]);
    expect(await repo.get(id)).toEqual(next);
  });
}
