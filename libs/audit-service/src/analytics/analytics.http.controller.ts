import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { AnalyticsExportQuery, type StaffClaims } from '@hcv/contracts';
import { assertSiteAccess, canSeeSite, RequireRoles, Staff } from '@hcv/platform-access';
import { csvText, parseRequest } from '@hcv/platform-http';
import { ANALYTICS } from '../tokens';
import type { AnalyticsRepository } from './analytics.repository';
import { EXPORT_COLUMNS, exportRow, LATENCY_BUCKETS_MS, type ExportRow } from './outcome-rollup';

/** RFC 4180, no BOM: the export's readers are analysis tools, and every value is ASCII. */
export const outcomesCsv = (rows: ExportRow[]) => csvText(EXPORT_COLUMNS.map((key) => ({ key, label: key })), rows);

/**
 * Outcome analytics export: one row per day × institution × site × insurer × method × purpose ×
 * outcome with its count and time-to-outcome distribution. There is no personal data at this level
 * (no session ids, no insurance numbers, no names).
 */
@Controller('analytics')
export class AnalyticsHttpController {
  constructor(@Inject(ANALYTICS) private readonly analytics: AnalyticsRepository) {}

  @Get('outcomes')
  @RequireRoles('analyst', 'operator', 'site-manager')
  async outcomes(@Query() query: unknown, @Staff() staff: StaffClaims, @Res() res: Response) {
    const q = parseRequest(AnalyticsExportQuery, query);
    if (!q.siteId || !canSeeSite(staff, q.siteId)) assertSiteAccess(staff, q.siteId ?? '(all sites)');
    const rows = (await this.analytics.cells(q.from, q.to, q.siteId)).map(exportRow);
    if (q.format === 'csv') {
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .setHeader('content-disposition', `attachment; filename="outcomes_${q.from}_${q.to}.csv"`)
        .send(outcomesCsv(rows));
      return;
    }
    res.status(200).json({ from: q.from, to: q.to, dayBoundary: 'JST (UTC+9)', columns: EXPORT_COLUMNS, latencyBucketsMs: LATENCY_BUCKETS_MS, rows });
  }
}
