/**
 * Outcome analytics kept incrementally from events (pure part): what a session contributes to the
 * rollup, the cell it falls in (day × operator × site × insurer × method × purpose × source ×
 * outcome, source being online or transcribed — a transcription is not verified online; the operator
 * is a checkup institution by its number, or an insurer running checkups itself by its
 * オンライン資格確認用コード), the
 * time-to-outcome histogram, how many of a cell's sessions staff later settled, and the export rows.
 * No personal data exists at this level.
 */

import type { EventEnvelope } from '@hcv/contracts';
import { BUCKET_LABELS, bucketOf, quantileMillis, type BucketLabel } from '@hcv/domain';

/** What the analytics keep of a session while its events arrive (in any order). */
export interface SessionFacts {
  sessionId: string;
  institutionNumber?: string;
  /** The operator when it is an insurer running checkups itself (限定型 at the insurer): its code. */
  onlineEligibilityCode?: string;
  siteId?: string;
  insurerNumber?: string;
  method?: string;
  /** An alternative method's transcription arrived (it names the insurer). */
  transcribed?: boolean;
  purpose?: string;
  /** online / transcribed, as the outcome (v3) says it; else from whether a transcription arrived. */
  source?: string;
  outcome?: string;
  decidedAt?: string;
  elapsedMillis?: number;
  /** Staff settled the outcome later (a matched-after-settlement outcome arrived). */
  settled?: boolean;
}

export interface RollupCellKey {
  day: string;
  /** '-' for a session of an insurer running checkups itself. */
  institutionNumber: string;
  /** The insurer's オンライン資格確認用コード for its own sessions; '-' for a checkup institution's. */
  onlineEligibilityCode: string;
  siteId: string;
  insurerNumber: string;
  method: string;
  purpose: string;
  source: string;
  outcome: string;
}

export interface RollupContribution {
  key: RollupCellKey;
  cellId: string;
  bucket: BucketLabel;
  elapsedMillis: number;
}

export interface RollupCell extends RollupCellKey {
  count: number;
  /** Of `count`, the sessions settled by staff afterwards. */
  settled: number;
  totalMillis: number;
  buckets: Partial<Record<BucketLabel, number>>;
}

/** Checkup days are Japanese days: the decision time in JST (UTC+9, no daylight saving). */
export function jstDay(iso: string): string {
  return new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A session contributes once every dimension is final, so that it is counted in one cell only:
 * decided and completed, purpose, operator and place known, the method known, and for an alternative
 * method its transcription arrived. The insurer is '-' when nothing named one (e.g. card not found).
 */
export function contributionOf(facts: SessionFacts): RollupContribution | null {
  if (
    !facts.outcome ||
    !facts.decidedAt ||
    facts.elapsedMillis === undefined ||
    !facts.purpose ||
    !(facts.institutionNumber || facts.onlineEligibilityCode) ||
    !facts.siteId
  )
    return null;
  if (!facts.method || (facts.method !== 'mynumber-card' && !facts.transcribed)) return null;
  const key: RollupCellKey = {
    day: jstDay(facts.decidedAt),
    institutionNumber: facts.institutionNumber ?? '-',
    onlineEligibilityCode: facts.institutionNumber ? '-' : facts.onlineEligibilityCode!,
    siteId: facts.siteId,
    insurerNumber: facts.insurerNumber ?? '-',
    method: facts.method,
    purpose: facts.purpose,
    source: facts.source ?? (facts.transcribed ? 'transcribed' : 'online'),
    outcome: facts.outcome,
  };
  return { key, cellId: cellIdOf(key), bucket: bucketOf(facts.elapsedMillis), elapsedMillis: facts.elapsedMillis };
}

const SETTLED = 'matched-after-settlement';

/** Whether a counted session is to be counted as settled in its cell (idempotent on the cell's side). */
export function settledIn(facts: SessionFacts): RollupContribution | null {
  return facts.settled ? contributionOf(facts) : null;
}

/** An institution's cell keeps the id it had before insurers' own sessions were counted; an insurer's names its code. */
export function cellIdOf(k: RollupCellKey): string {
  const id = [k.day, k.institutionNumber, k.siteId, k.insurerNumber, k.method, k.purpose, k.source, k.outcome].join('|');
  return k.onlineEligibilityCode === '-' ? id : `${id}|oec:${k.onlineEligibilityCode}`;
}

export const EXPORT_COLUMNS = [
  'day',
  'institutionNumber',
  'onlineEligibilityCode',
  'siteId',
  'insurerNumber',
  'method',
  'purpose',
  'source',
  'outcome',
  'count',
  'settled',
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
    onlineEligibilityCode: cell.onlineEligibilityCode ?? '-',
    siteId: cell.siteId,
    insurerNumber: cell.insurerNumber,
    method: cell.method,
    purpose: cell.purpose,
    source: cell.source,
    outcome: cell.outcome,
    count: cell.count,
    settled: cell.settled ?? 0,
    meanMillis: cell.count ? Math.round(cell.totalMillis / cell.count) : null,
    p50MillisAtMost: finite(quantileMillis(cell, 0.5)),
    p95MillisAtMost: finite(quantileMillis(cell, 0.95)),
  };
  for (const label of BUCKET_LABELS) row[label] = cell.buckets[label] ?? 0;
  return row as ExportRow;
}

const finite = (n: number | null) => (n === null ? null : Number.isFinite(n) ? n : null);

type Data = Record<string, unknown>;
const obj = (v: unknown): Data => (v && typeof v === 'object' ? (v as Data) : {});
/** The insurer operating the session, where the event names one (v3/v4 session events, the v4 echo). */
const insurerOperator = (d: Data) =>
  typeof d.onlineEligibilityCode === 'string' ? { onlineEligibilityCode: d.onlineEligibilityCode } : {};

/** What each event says about its session's rollup dimensions (no personal field is read). */
export function factsFrom(event: Pick<EventEnvelope, 'type' | 'data'>): Partial<SessionFacts> | null {
  const d = obj(event.data);
  switch (event.type) {
    case 'session.opened':
      return {
        institutionNumber: d.institutionNumber as string,
        ...insurerOperator(d),
        siteId: d.siteId as string,
        purpose: d.purpose as string,
      };
    case 'eligibility.requested':
      return {
        institutionNumber: d.institutionNumber as string,
        ...insurerOperator(d),
        siteId: d.siteId as string,
        purpose: d.purpose as string,
        method: 'mynumber-card',
      };
    case 'session.card-read':
      return { method: 'mynumber-card' };
    case 'session.method-recorded':
      return { method: d.method as string };
    case 'qualification.transcribed': {
      const request = obj(d.request);
      return {
        method: d.method as string,
        transcribed: true,
        purpose: request.purpose as string,
        institutionNumber: request.institutionNumber as string,
        ...insurerOperator(request),
        siteId: request.siteId as string,
        insurerNumber: obj(d.eligibility).insurerNumber as string,
      };
    }
    case 'verification.outcome':
      // a settlement does not move the session to another cell: its cell counts it as settled
      if (d.outcome === SETTLED) return { settled: true };
      return {
        outcome: d.outcome as string,
        ...(typeof d.source === 'string' ? { source: d.source } : {}),
        decidedAt: d.decidedAt as string,
        institutionNumber: d.institutionNumber as string,
        ...insurerOperator(d),
        siteId: d.siteId as string,
        ...(typeof d.insurerNumber === 'string' ? { insurerNumber: d.insurerNumber } : {}),
      };
    case 'session.completed':
      return { elapsedMillis: d.elapsedMillis as number };
    default:
      return null;
  }
}
