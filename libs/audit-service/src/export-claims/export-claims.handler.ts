import { AuditClaimsQuery } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import { csvText, parseRequest } from '@hcv/platform-http';
import type { AuditRecord } from '../domain/audit-record';
import { CLAIM_COLUMNS, claimRows, type ClaimRow } from '../domain/claim-rows';
import { sessionStory } from '../domain/session-story';
import type { AuditRecordRepository } from '../persistence/audit-record.repository';

/** The most sessions one export reads; a larger request is refused, asking for a narrower one. */
export const MAX_CLAIM_SESSIONS = 20_000;
/**
 * A bus crew may send a visit it recorded offline days later: sessions with records up to this many
 * days after the last checkup day are read, and each row is kept by its own checkup day.
 */
export const LATE_ARRIVAL_DAYS = 7;
const STORIES_PER_READ = 500;

/** CSV for spreadsheets used in Japanese offices: a UTF-8 BOM (Excel reads the file as UTF-8), Japanese headers, CRLF. */
export const claimsCsv = (rows: ClaimRow[]) => csvText(CLAIM_COLUMNS, rows, { bom: true });

export type ClaimsExport =
  | { format: 'csv'; filename: string; csv: string }
  | { format: 'json'; body: { from: string; to: string; timeZone: 'JST (UTC+9)'; rows: ClaimRow[] } };

const addDays = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/**
 * The per-claim export for claim staff answering returned claims (返戻): the decided sessions of a
 * range of checkup days, one row each (domain/claim-rows.ts), read from the ledger.
 */
export class ExportClaimsHandler {
  constructor(private readonly records: AuditRecordRepository) {}

  async handle(query: unknown): Promise<ClaimsExport> {
    const q = parseRequest(AuditClaimsQuery, query);
    const ids = await this.records.sessionIds({
      ...(q.institutionNumber ? { institutionNumber: q.institutionNumber } : {}),
      ...(q.insurerNumber ? { insurerNumber: q.insurerNumber } : {}),
      ...(q.siteId ? { siteId: q.siteId } : {}),
      from: `${q.from}T00:00:00+09:00`,
      to: `${addDays(q.to, 1 + LATE_ARRIVAL_DAYS)}T00:00:00+09:00`,
      limit: MAX_CLAIM_SESSIONS + 1,
    });
    if (ids.length > MAX_CLAIM_SESSIONS)
      throw new DomainError(
        'export-too-large',
        `More than ${MAX_CLAIM_SESSIONS} sessions match; narrow the days or name the institution, insurer or site.`,
        422,
      );
    const stories = [];
    for (let i = 0; i < ids.length; i += STORIES_PER_READ) {
      const chunk = ids.slice(i, i + STORIES_PER_READ);
      const bySession = new Map<string, AuditRecord[]>(chunk.map((id) => [id, []]));
      for (const r of await this.records.bySubjects(chunk)) bySession.get(r.facets?.sessionId ?? r.subject)?.push(r);
      for (const id of chunk) stories.push(sessionStory(id, bySession.get(id) ?? []));
    }
    const rows = claimRows(stories, q.from, q.to).filter((row) => !q.insurerNumber || row.insurerNumber === q.insurerNumber);
    if (q.format === 'csv') return { format: 'csv', filename: `claims_${q.from}_${q.to}.csv`, csv: claimsCsv(rows) };
    return { format: 'json', body: { from: q.from, to: q.to, timeZone: 'JST (UTC+9)', rows } };
  }
}
