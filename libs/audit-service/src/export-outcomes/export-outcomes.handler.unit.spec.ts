import type { StaffClaims } from '@hcv/contracts';
import { exportRow, type RollupCell } from '../domain/outcome-rollup';
import { InMemoryAnalyticsRepository } from '../persistence/analytics.memory';
import { ExportOutcomesHandler, outcomesCsv } from './export-outcomes.handler';

const staff = (roles: StaffClaims['roles'], sites?: string[]): StaffClaims => ({
  iss: 'hcv',
  sub: 'u',
  roles,
  ...(sites ? { sites } : {}),
  iat: 0,
  exp: 1,
});
const key = {
  institutionNumber: '1311234569',
  onlineEligibilityCode: '-',
  insurerNumber: '06139018',
  method: 'mynumber-card',
  purpose: 'specific-checkup',
  source: 'online',
  outcome: 'matched',
};

async function analyticsWithTwoSites() {
  const analytics = new InMemoryAnalyticsRepository();
  for (const [session, siteId] of [
    ['s1', 'bus-1'],
    ['s2', 'bus-2'],
  ] as const) {
    const cellKey = { ...key, day: '2026-11-24', siteId };
    await analytics.apply(session, { key: cellKey, cellId: `2026-11-24|${siteId}`, bucket: 'le500', elapsedMillis: 400 });
  }
  return analytics;
}

describe('exporting the outcome rollups', () => {
  it('answers JSON rows of every site for an analyst, and CSV with a file name when asked', async () => {
    const handler = new ExportOutcomesHandler(await analyticsWithTwoSites());
    const json = await handler.handle({ from: '2026-11-24', to: '2026-11-24' }, staff(['analyst']));
    expect(json.format === 'json' && json.body.rows.map((r) => r.siteId)).toEqual(['bus-1', 'bus-2']);
    const csv = await handler.handle({ from: '2026-11-24', to: '2026-11-24', format: 'csv' }, staff(['analyst']));
    expect(csv).toMatchObject({ format: 'csv', filename: 'outcomes_2026-11-24_2026-11-24.csv' });
  });

  it('suppresses the cells of fewer than 5 people for an analyst (JSON and CSV), not for an operator', async () => {
    const handler = new ExportOutcomesHandler(await analyticsWithTwoSites());
    const range = { from: '2026-11-24', to: '2026-11-24' };
    const analyst = await handler.handle(range, staff(['analyst']));
    expect(analyst.format === 'json' && analyst.body.rows.map((r) => [r.count, r.le500, r.meanMillis])).toEqual([
      ['<5', '<5', null],
      ['<5', '<5', null],
    ]);
    expect(analyst.format === 'json' && analyst.body.suppression).toEqual({ threshold: 5, shownAs: '<5' });
    const csv = await handler.handle({ ...range, format: 'csv' }, staff(['analyst']));
    expect(csv.format === 'csv' && csv.csv.split('\r\n')[1]).toContain(',<5,0,,,,');
    const operator = await handler.handle(range, staff(['operator']));
    expect(operator.format === 'json' && operator.body.rows.map((r) => [r.count, r.le500, r.meanMillis])).toEqual([
      [1, 1, 400],
      [1, 1, 400],
    ]);
    expect(operator.format === 'json' && operator.body.suppression).toBeUndefined();
  });

  it('gives a site manager their own site only', async () => {
    const handler = new ExportOutcomesHandler(await analyticsWithTwoSites());
    const mine = await handler.handle({ from: '2026-11-24', to: '2026-11-24', siteId: 'bus-1' }, staff(['site-manager'], ['bus-1']));
    expect(mine.format === 'json' && mine.body.rows.map((r) => r.siteId)).toEqual(['bus-1']);
    await expect(handler.handle({ from: '2026-11-24', to: '2026-11-24' }, staff(['site-manager'], ['bus-1']))).rejects.toMatchObject({
      code: 'site-not-permitted',
    });
    await expect(
      handler.handle({ from: '2026-11-24', to: '2026-11-24', siteId: 'bus-2' }, staff(['site-manager'], ['bus-1'])),
    ).rejects.toMatchObject({ code: 'site-not-permitted' });
  });

  it('writes RFC 4180 CSV that a spreadsheet cannot execute', () => {
    const cell: RollupCell = {
      day: '2026-11-24',
      institutionNumber: '1311234569',
      onlineEligibilityCode: '-',
      siteId: '=cmd|x',
      insurerNumber: '-',
      method: 'mynumber-card',
      purpose: 'specific-checkup',
      source: 'transcribed',
      outcome: 'matched',
      count: 2,
      settled: 0,
      totalMillis: 900,
      buckets: { le500: 2 },
    };
    const csv = outcomesCsv([exportRow(cell)]);
    const [header, line] = csv.split('\r\n');
    expect(
      header!.startsWith(
        'day,institutionNumber,onlineEligibilityCode,siteId,insurerNumber,method,purpose,source,outcome,count,settled,meanMillis',
      ),
    ).toBe(true);
    expect(line).toContain(",'=cmd|x,-,mynumber-card,specific-checkup,transcribed,matched,");
    expect(line).toContain(',2,0,450,500,500,');
  });
});
