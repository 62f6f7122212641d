import type { StaffClaims } from '@hcv/contracts';
import { exportRow, type RollupCell } from './outcome-rollup';
import { seesSmallCells, suppressSmallCells } from './small-cells';

const cell = (count: number, buckets: RollupCell['buckets'], settled = 0): RollupCell => ({
  day: '2026-11-24',
  institutionNumber: '3410712362',
  onlineEligibilityCode: '-',
  siteId: 'bus-01',
  insurerNumber: '01130012',
  method: 'mynumber-card',
  purpose: 'specific-checkup',
  source: 'online',
  outcome: 'matched',
  count,
  settled,
  totalMillis: count * 400,
  buckets,
});
const staff = (roles: StaffClaims['roles']): StaffClaims => ({ iss: 'hcv', sub: 'u', roles, sites: ['bus-01'], iat: 0, exp: 1 });

describe('small-cell suppression of the outcome analytics', () => {
  it.each([1, 2, 3, 4])('shows a cell of %i people as "<5", without its time figures', (n) => {
    const row = suppressSmallCells(exportRow(cell(n, { le500: n })));
    expect(row).toMatchObject({
      count: '<5',
      le500: '<5',
      le250: 0,
      settled: 0,
      meanMillis: null,
      p50MillisAtMost: null,
      p95MillisAtMost: null,
    });
    expect(row.institutionNumber).toBe('3410712362'); // the dimensions stay
  });

  it('keeps a cell of 5 or more people, but hides its sub-counts of 1 to 4 (settled, a latency bucket)', () => {
    const row = suppressSmallCells(exportRow(cell(12, { le250: 8, le500: 3, le1000: 1 }, 2)));
    expect(row).toMatchObject({ count: 12, le250: 8, le500: '<5', le1000: '<5', settled: '<5', meanMillis: 400 });
    expect(row.p95MillisAtMost).toEqual(expect.any(Number));
    expect(suppressSmallCells(exportRow(cell(5, { le500: 5 }, 0)))).toMatchObject({ count: 5, le500: 5, settled: 0 });
  });

  it('leaves zero as zero: it names nobody', () => {
    const row = suppressSmallCells(exportRow(cell(0, {})));
    expect(row.count).toBe(0);
  });

  it('applies to analysts; operators and site managers read the cells as they are', () => {
    expect(seesSmallCells(staff(['analyst']))).toBe(false);
    expect(seesSmallCells(staff(['operator']))).toBe(true);
    expect(seesSmallCells(staff(['site-manager']))).toBe(true);
    expect(seesSmallCells(staff(['analyst', 'operator']))).toBe(true);
  });
});
