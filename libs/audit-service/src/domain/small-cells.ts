import type { StaffClaims } from '@hcv/contracts';
import { BUCKET_LABELS } from '@hcv/domain';
import type { ExportRow } from './outcome-rollup';

/**
 * Small-cell suppression of the outcome analytics for analysts: a count of 1 to 4 people could point
 * at a person (one visitor at a small site on a given day with a given insurer), so it is shown as
 * "<5"; a cell of fewer than 5 people also loses its time figures (the mean of one visit is that
 * visit's time). Zero stays zero: it names nobody. The export carries no totals a reader could
 * subtract the shown cells from.
 */
export const SMALL_CELL_THRESHOLD = 5;
export const SUPPRESSED = '<5';

const COUNT_COLUMNS = ['count', 'settled', ...BUCKET_LABELS] as const;
const TIME_COLUMNS = ['meanMillis', 'p50MillisAtMost', 'p95MillisAtMost'] as const;

const small = (value: ExportRow[keyof ExportRow]) => typeof value === 'number' && value > 0 && value < SMALL_CELL_THRESHOLD;

export function suppressSmallCells(row: ExportRow): ExportRow {
  const out: ExportRow = { ...row };
  for (const column of COUNT_COLUMNS) if (small(row[column])) out[column] = SUPPRESSED;
  if (typeof row.count === 'number' && row.count < SMALL_CELL_THRESHOLD) for (const column of TIME_COLUMNS) out[column] = null;
  return out;
}

/**
 * Who reads the cells unsuppressed: operators (who run the federation and see every session anyway)
 * and site managers (their own sites' visits). An analyst without either role gets suppressed cells.
 */
export const seesSmallCells = (staff: StaffClaims) => staff.roles.some((r) => r === 'operator' || r === 'site-manager');
