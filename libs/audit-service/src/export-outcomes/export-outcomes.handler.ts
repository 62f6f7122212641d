import { AnalyticsExportQuery, type StaffClaims } from '@hcv/contracts';
import { LATENCY_BUCKETS_MS } from '@hcv/domain';
import { assertSiteAccess, canSeeSite } from '@hcv/platform-access';
import { csvText, parseRequest } from '@hcv/platform-http';
import { EXPORT_COLUMNS, exportRow, type ExportRow } from '../domain/outcome-rollup';
import { seesSmallCells, SMALL_CELL_THRESHOLD, suppressSmallCells, SUPPRESSED } from '../domain/small-cells';
import type { AnalyticsRepository } from '../persistence/analytics.repository';

/** RFC 4180, no BOM: the export's readers are analysis tools, and every value is ASCII. */
export const outcomesCsv = (rows: ExportRow[]) =>
  csvText(
    EXPORT_COLUMNS.map((key) => ({ key, label: key })),
    rows,
  );

export type OutcomesExport =
  | { format: 'csv'; filename: string; csv: string }
  | {
      format: 'json';
      body: {
        from: string;
        to: string;
        dayBoundary: string;
        columns: typeof EXPORT_COLUMNS;
        latencyBucketsMs: typeof LATENCY_BUCKETS_MS;
        rows: ExportRow[];
        /** Present when small cells are suppressed (an analyst's export). */
        suppression?: { threshold: number; shownAs: string };
      };
    };

/**
 * Outcome analytics export: one row per day × institution × site × insurer × method × purpose ×
 * outcome with its count and time-to-outcome distribution. There is no personal data at this level
 * (no session ids, no insurance numbers, no names); for analysts, cells of fewer than 5 people are
 * suppressed (domain/small-cells.ts).
 */
export class ExportOutcomesHandler {
  constructor(private readonly analytics: AnalyticsRepository) {}

  async handle(query: unknown, staff: StaffClaims): Promise<OutcomesExport> {
    const q = parseRequest(AnalyticsExportQuery, query);
    if (!q.siteId || !canSeeSite(staff, q.siteId)) assertSiteAccess(staff, q.siteId ?? '(all sites)');
    const suppress = !seesSmallCells(staff);
    const cells = (await this.analytics.cells(q.from, q.to, q.siteId)).map(exportRow);
    const rows = suppress ? cells.map(suppressSmallCells) : cells;
    if (q.format === 'csv') return { format: 'csv', filename: `outcomes_${q.from}_${q.to}.csv`, csv: outcomesCsv(rows) };
    return {
      format: 'json',
      body: {
        from: q.from,
        to: q.to,
        dayBoundary: 'JST (UTC+9)',
        columns: EXPORT_COLUMNS,
        latencyBucketsMs: LATENCY_BUCKETS_MS,
        rows,
        ...(suppress ? { suppression: { threshold: SMALL_CELL_THRESHOLD, shownAs: SUPPRESSED } } : {}),
      },
    };
  }
}
