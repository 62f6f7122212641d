/**
 * Outcome analytics kept incrementally from events (pure part): what a session contributes to the
 * rollup, the cell it falls in (day × institution × site × insurer × method × purpose × outcome),
 * the time-to-outcome histogram, and the export rows. No personal data exists at this level.
 */

/** Upper bounds (ms) of the time-to-outcome histogram buckets; the last bucket is open. */
export const LATENCY_BUCKETS_MS = [250, 500, 1_000, 2_000, 5_000, 10_000, 30_000, 60_000] as const;
export const BUCKET_LABELS = [...LATENCY_BUCKETS_MS.map((b) => `le${b}`), 'gt60000'] as const;

/** What the analytics keep of a session while its events arrive (in any order). */
export interface SessionFacts {
  sessionId: string;
  institutionNumber?: string;
  siteId?: string;
  insurerNumber?: string;
  method?: string;
  /** An alternative method's transcription arrived (it names the insurer). */
  transcribed?: boolean;
  purpose?: string;
  outcome?: string;
  decidedAt?: string;
  elapsedMillis?: number;
}

export interface RollupCellKey {
  day: string;
  institutionNumber: string;
  siteId: string;
  insurerNumber: string;
  method: string;
  purpose: string;
  outcome: string;
}

export interface RollupContribution {
  key: RollupCellKey;
  cellId: string;
  bucket: (typeof BUCKET_LABELS)[number];
  elapsedMillis: number;
}

export interface RollupCell extends RollupCellKey {
  count: number;
  totalMillis: number;
  buckets: Partial<Record<(typeof BUCKET_LABELS)[number], number>>;
}

/** Checkup days are Japanese days: the decision time in JST (UTC+9, no daylight saving). */
export function jstDay(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 10);
}

export function bucketOf(millis: number): (typeof BUCKET_LABELS)[number] {
  const i = LATENCY_BUCKETS_MS.findIndex((b) => millis <= b);
  return BUCKET_LABELS[i === -1 ? BUCKET_LABELS.length - 1 : i]!;
}

/**
 * A session contributes once every dimension is final, so that it is counted in one cell only:
 * decided and completed, purpose and place known, the method known, and for an alternative method
 * its transcription arrived. The insurer is '-' when nothing named one (e.g. card not found).
 */
export function contributionOf(facts: SessionFacts): RollupContribution | null {
  if (!facts.outcome || !facts.decidedAt || facts.elapsedMillis === undefined || !facts.purpose || !facts.institutionNumber || !facts.siteId) return null;
  if (!facts.method || (facts.method !== 'mynumber-card' && !facts.transcribed)) return null;
  const key: RollupCellKey = {
    day: jstDay(facts.decidedAt),
    institutionNumber: facts.institutionNumber,
    siteId: facts.siteId,
    insurerNumber: facts.insurerNumber ?? '-',
    method: facts.method,
    purpose: facts.purpose,
    outcome: facts.outcome,
  };
  return { key, cellId: cellIdOf(key), bucket: bucketOf(facts.elapsedMillis), elapsedMillis: facts.elapsedMillis };
}

export function cellIdOf(k: RollupCellKey): string {
  return [k.day, k.institutionNumber, k.siteId, k.insurerNumber, k.method, k.purpose, k.outcome].join('|');
}

/** Approximate quantile from the histogram: the upper bound of the bucket holding it. */
export function quantileMillis(cell: Pick<RollupCell, 'count' | 'buckets'>, q: number): number | null {
  if (!cell.count) return null;
  const rank = Math.ceil(q * cell.count);
  let seen = 0;
  for (const [i, label] of BUCKET_LABELS.entries()) {
    seen += cell.buckets[label] ?? 0;
    if (seen >= rank) return LATENCY_BUCKETS_MS[i] ?? Infinity;
  }
  return Infinity;
}

export const EXPORT_COLUMNS = [
  'day',
  'institutionNumber',
  'siteId',
  'insurerNumber',
  'method',
  'purpose',
  'outcome',
  'count',
  'meanMillis',
  'p50MillisAtMost',
  'p95MillisAtMost',
  ...BUCKET_LABELS,
] as const;

export type ExportRow = Record<(typeof EXPORT_COLUMNS)[number], string | number | null>;

export function exportRow(cell: RollupCell): ExportRow {
  const row: Record<string, string | number | null> = {
    day: cell.day,
    institutionNumber: cell.institutionNumber,
    siteId: cell.siteId,
    insurerNumber: cell.insurerNumber,
    method: cell.method,
    purpose: cell.purpose,
    outcome: cell.outcome,
    count: cell.count,
    meanMillis: cell.count ? Math.round(cell.totalMillis / cell.count) : null,
    p50MillisAtMost: finite(quantileMillis(cell, 0.5)),
    p95MillisAtMost: finite(quantileMillis(cell, 0.95)),
  };
  for (const label of BUCKET_LABELS) row[label] = cell.buckets[label] ?? 0;
  return row as ExportRow;
}

const finite = (n: number | null) => (n === null ? null : Number.isFinite(n) ? n : null);
