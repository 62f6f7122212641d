// The analytics store's behaviour as one list of cases, run on every adapter: the memory twin
// (analytics.memory.unit.spec.ts) and MongoDB (analytics.mongo.int.spec.ts). Not a test file by
// itself (no tier in its name): the specs of the adapters call it.
import { randomUUID } from 'node:crypto';
import type { RollupCellKey, RollupContribution } from '../domain/outcome-rollup';
import type { AnalyticsRepository } from './analytics.repository';

/**
 * Builds a repository over a fresh or shared store; cases use their own sessions and sites. `twin`:
 * a second repository over the same store (another audit instance; the memory twin is one process,
 * so its twin is itself).
 */
export type AnalyticsRepositoryFactory = () => Promise<{
  repo: AnalyticsRepository;
  twin?: AnalyticsRepository;
  cleanup?: () => Promise<void>;
}>;

const keyAt = (siteId: string, day = '2026-11-24'): RollupCellKey => ({
  day,
  institutionNumber: '1311234569',
  onlineEligibilityCode: '-',
  siteId,
  insurerNumber: '06139018',
  method: 'mynumber-card',
  purpose: 'specific-checkup',
  source: 'online',
  outcome: 'matched',
});
const contribution = (key: RollupCellKey, elapsedMillis: number, bucket: RollupContribution['bucket']): RollupContribution => ({
  key,
  cellId: Object.values(key).join('|'),
  bucket,
  elapsedMillis,
});

export function analyticsRepositoryContract(make: AnalyticsRepositoryFactory): void {
  let repo: AnalyticsRepository;
  let twin: AnalyticsRepository;
  let cleanup: (() => Promise<void>) | undefined;
  let session: string;
  let site: string;
  beforeEach(async () => {
    let other: AnalyticsRepository | undefined;
    ({ repo, twin: other, cleanup } = await make());
    twin = other ?? repo;
    session = randomUUID();
    site = `site-${randomUUID().slice(0, 8)}`;
  });
  afterEach(async () => cleanup?.());

  it('merges facts: the document before and after each event, and the same event again is repeated', async () => {
    const first = await repo.mergeFacts(session, { purpose: 'specific-checkup', siteId: 'bus-1' }, 'e-1');
    expect(first).toEqual({
      before: undefined,
      after: { sessionId: session, purpose: 'specific-checkup', siteId: 'bus-1' },
      repeated: false,
    });
    const second = await repo.mergeFacts(session, { outcome: 'matched' }, 'e-2');
    expect(second).toEqual({
      before: { sessionId: session, purpose: 'specific-checkup', siteId: 'bus-1' },
      after: { sessionId: session, purpose: 'specific-checkup', siteId: 'bus-1', outcome: 'matched' },
      repeated: false,
    });
    const again = await repo.mergeFacts(session, { purpose: 'specific-checkup', siteId: 'bus-1' }, 'e-1');
    expect(again).toEqual({ before: second.after, after: second.after, repeated: true });
  });

  it('merges the events of a new session arriving at once, none lost', async () => {
    const patches = [
      { purpose: 'specific-checkup' },
      { siteId: site },
      { outcome: 'matched' },
      { method: 'mynumber-card' },
      { elapsedMillis: 900 },
    ];
    const merges = await Promise.all(patches.map((patch, i) => repo.mergeFacts(session, patch, `e-${i}`)));
    expect(merges.filter((m) => m.before === undefined)).toHaveLength(1);
    const last = await repo.mergeFacts(session, { purpose: 'specific-checkup' }, 'e-last');
    expect(last.after).toEqual({
      sessionId: session,
      purpose: 'specific-checkup',
      siteId: site,
      outcome: 'matched',
      method: 'mynumber-card',
      elapsedMillis: 900,
    });
  });

  it('merges the events of many sessions at once (one batch), each answered for its own session', async () => {
    const sessions = Array.from({ length: 6 }, () => randomUUID());
    const first = await Promise.all(sessions.map((s, i) => repo.mergeFacts(s, { siteId: `${site}-${i}` }, `${s}-a`)));
    expect(first.map((m) => [m.before, m.after.siteId, m.repeated])).toEqual(sessions.map((_, i) => [undefined, `${site}-${i}`, false]));
    const second = await Promise.all([
      ...sessions.map((s) => repo.mergeFacts(s, { outcome: 'matched' }, `${s}-b`)),
      repo.mergeFacts(sessions[0]!, { siteId: `${site}-0` }, `${sessions[0]}-a`),
    ]);
    expect(second.slice(0, 6).map((m) => m.before?.siteId)).toEqual(sessions.map((_, i) => `${site}-${i}`));
    expect(second.slice(0, 6).every((m) => m.after.outcome === 'matched' && !m.repeated)).toBe(true);
    expect(second[6]).toMatchObject({ repeated: true, after: { sessionId: sessions[0], siteId: `${site}-0`, outcome: 'matched' } });
  });

  it('two instances merging one session at once: nothing lost, and exactly one merge finds the facts completed', async () => {
    const complete = (f: { outcome?: string; elapsedMillis?: number; siteId?: string }) => !!(f.outcome && f.elapsedMillis && f.siteId);
    const merges = await Promise.all([
      repo.mergeFacts(session, { siteId: site }, 'e-site'),
      twin.mergeFacts(session, { outcome: 'matched' }, 'e-outcome'),
      repo.mergeFacts(session, { elapsedMillis: 700 }, 'e-elapsed'),
      twin.mergeFacts(session, { purpose: 'specific-checkup' }, 'e-purpose'),
    ]);
    expect(merges.filter((m) => m.before === undefined)).toHaveLength(1);
    expect(merges.filter((m) => complete(m.after) && !(m.before && complete(m.before)))).toHaveLength(1);
    const last = await twin.mergeFacts(session, { siteId: site }, 'e-site');
    expect(last).toMatchObject({ repeated: true, after: { sessionId: session, siteId: site, outcome: 'matched', elapsedMillis: 700 } });
  });

  it('two instances taking turns on one session: each sees what the other merged, and the same event again is repeated', async () => {
    // what one instance remembers of its own last write is stale once the other wrote
    const first = await repo.mergeFacts(session, { siteId: site }, 'e-1');
    const second = await twin.mergeFacts(session, { outcome: 'matched' }, 'e-2');
    const third = await repo.mergeFacts(session, { elapsedMillis: 700 }, 'e-3');
    const again = await twin.mergeFacts(session, { outcome: 'matched' }, 'e-2');
    expect(first.before).toBeUndefined();
    expect(second.before).toEqual({ sessionId: session, siteId: site });
    expect(third).toMatchObject({ repeated: false, before: { siteId: site, outcome: 'matched' } });
    expect(again).toMatchObject({ repeated: true, after: { sessionId: session, siteId: site, outcome: 'matched', elapsedMillis: 700 } });
  });

  it('counts a session into its cell once, even when applied twice at once, with its time in the histogram', async () => {
    const key = keyAt(site);
    expect(
      await Promise.all([repo.apply(session, contribution(key, 400, 'le500')), repo.apply(session, contribution(key, 400, 'le500'))]),
    ).toEqual(expect.arrayContaining(['applied', 'already-applied']));
    expect(await repo.apply(session, contribution(key, 400, 'le500'))).toBe('already-applied');
    expect(await repo.apply(randomUUID(), contribution(key, 3_000, 'le5000'))).toBe('applied');
    expect(await repo.cells('2026-11-24', '2026-11-24', site)).toEqual([
      { ...key, count: 2, settled: 0, totalMillis: 3_400, buckets: { le500: 1, le5000: 1 } },
    ]);
  });

  it('counts a counted session as settled once, and never one its cell does not count', async () => {
    const key = { ...keyAt(site), outcome: 'member-mismatch' };
    const other = randomUUID();
    expect(await repo.settle(session, contribution(key, 400, 'le500'))).toBe('already-settled'); // not counted yet
    await repo.apply(session, contribution(key, 400, 'le500'));
    await repo.apply(other, contribution(key, 900, 'le1000'));
    expect(
      await Promise.all([repo.settle(session, contribution(key, 400, 'le500')), repo.settle(session, contribution(key, 400, 'le500'))]),
    ).toEqual(expect.arrayContaining(['settled', 'already-settled']));
    expect(await repo.settle(session, contribution(key, 400, 'le500'))).toBe('already-settled');
    expect(await repo.cells('2026-11-24', '2026-11-24', site)).toEqual([
      { ...key, count: 2, settled: 1, totalMillis: 1_300, buckets: { le500: 1, le1000: 1 } },
    ]);
  });

  it('answers the cells of a day range, of one site or of all, in key order', async () => {
    const other = `${site}-b`;
    await repo.apply(randomUUID(), contribution(keyAt(other, '2026-11-25'), 100, 'le250'));
    await repo.apply(randomUUID(), contribution(keyAt(site, '2026-11-25'), 100, 'le250'));
    await repo.apply(randomUUID(), contribution(keyAt(site, '2026-11-24'), 100, 'le250'));
    await repo.apply(randomUUID(), contribution(keyAt(site, '2026-11-27'), 100, 'le250'));
    const mine = (cells: { siteId: string; day: string }[]) =>
      cells.filter((c) => c.siteId.startsWith(site)).map((c) => `${c.day} ${c.siteId}`);
    expect(mine(await repo.cells('2026-11-24', '2026-11-25'))).toEqual([`2026-11-24 ${site}`, `2026-11-25 ${other}`, `2026-11-25 ${site}`]);
    expect(mine(await repo.cells('2026-11-25', '2026-11-26', other))).toEqual([`2026-11-25 ${other}`]);
  });
}
