import type { SessionStory } from './session-story';

/**
 * The per-claim export (請求・返戻対応): one row per decided verification session, with what claim
 * staff need to answer a returned claim (返戻) — which institution, insurer and voucher (整理番号), the
 * checkup day, how eligibility was shown and when it was confirmed, the outcome, the device and the
 * staff member who confirmed the holder or settled the case. No 記号・番号・枝番, no names, no birth
 * dates (告知要求制限): the row points at the session, whose full story auditors can open.
 * Pure: stories in, rows out.
 */
export const CLAIM_COLUMNS = [
  { key: 'institutionNumber', label: '機関番号' },
  { key: 'insurerNumber', label: '保険者番号' },
  { key: 'voucherNumber', label: '整理番号' },
  { key: 'checkupDate', label: '受診日' },
  { key: 'method', label: '確認方法' },
  { key: 'confirmedAt', label: '確認日時' },
  { key: 'outcome', label: '結果' },
  { key: 'settledFrom', label: '手動確認前の結果' },
  { key: 'deviceId', label: '端末' },
  { key: 'staff', label: '確認者' },
  { key: 'settledBy', label: '手動確認者' },
  { key: 'undoneAt', label: '利用取消日時' },
  { key: 'siteId', label: '会場' },
  { key: 'sessionId', label: 'セッションID' },
] as const;

export type ClaimColumn = (typeof CLAIM_COLUMNS)[number]['key'];
export type ClaimRow = Record<ClaimColumn, string | null>;

/** A time as the back office reads it: ISO-8601 in JST (+09:00), to the second. */
export function jstTimestamp(iso: string | undefined): string | null {
  if (!iso) return null;
  const millis = Date.parse(iso);
  if (Number.isNaN(millis)) return null;
  return `${new Date(millis + 9 * 3600_000).toISOString().slice(0, 19)}+09:00`;
}

/** The JST day of an instant (the checkup day of a session whose opening did not name one). */
const jstDay = (iso: string | undefined) => jstTimestamp(iso)?.slice(0, 10) ?? null;

/** A session's claim row, or null when it has no outcome yet (nothing to claim). */
export function claimRowOf(story: SessionStory): ClaimRow | null {
  const outcome = story.outcome;
  if (!outcome?.decidedAt) return null;
  const undone = story.undone?.at(-1);
  return {
    institutionNumber: story.institutionNumber ?? null,
    insurerNumber: story.voucher?.insurerNumber ?? story.insurerNumber ?? null,
    voucherNumber: story.voucherNumber ?? null,
    checkupDate: story.checkupDate ?? jstDay(story.capturedAt ?? story.openedAt),
    method: story.method ?? null,
    confirmedAt: jstTimestamp(outcome.decidedAt),
    outcome: outcome.kind,
    settledFrom: outcome.settledFrom ?? null,
    deviceId: story.deviceId ?? null,
    staff: story.checkedBy ?? story.identityVerified?.checkedBy ?? null,
    settledBy: outcome.settlement?.by ?? null,
    undoneAt: jstTimestamp(undone?.at),
    siteId: story.siteId ?? null,
    sessionId: story.sessionId,
  };
}

/** The rows of the stories whose checkup day is within `from`..`to` (JST dates), by checkup day then confirmation. */
export function claimRows(stories: readonly SessionStory[], from: string, to: string): ClaimRow[] {
  return stories
    .map(claimRowOf)
    .filter((row): row is ClaimRow => row !== null && row.checkupDate !== null && row.checkupDate >= from && row.checkupDate <= to)
    .sort(
      (a, b) =>
        a.checkupDate!.localeCompare(b.checkupDate!) ||
        (a.confirmedAt ?? '').localeCompare(b.confirmedAt ?? '') ||
        a.sessionId!.localeCompare(b.sessionId!),
    );
}
