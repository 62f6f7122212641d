import { randomUUID } from 'node:crypto';
import type { ImportReportResponse } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { Logger } from '@hcv/observability';
import type { MemberSealer } from '../domain/voucher';
import { CSV_COLUMNS, csvRows, rowToCandidate, type CsvRow } from '../domain/voucher-csv';
import { judgeRows } from '../domain/voucher-import';
import type { ImportJob, ImportJobRepository } from '../persistence/import-job.repository';
import type { VoucherRepository } from '../persistence/voucher.repository';

const CHUNK = 2_000;
const REPORTED_REJECTIONS = 1_000;

/** What a JSON batch did: the response contract's shape. */
export type ImportReport = ImportReportResponse;

/**
 * Imports an insurer's vouchers (JSON batch or CSV file): every row is judged on its own — the
 * contract, the insurer number's check digit, duplicates within the file — and reported by line,
 * field and reason; good rows are imported idempotently (a re-import never resets a use).
 */
export class ImportVouchersHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly jobs: ImportJobRepository,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly sealer: MemberSealer,
  ) {}

  /** JSON batch (≤ 10,000): synchronous report; `line` is the 1-based index in `vouchers`. */
  async importBatch(rows: unknown[]): Promise<ImportReport> {
    const { valid, rejected } = judgeRows(
      rows.map((value, i) => ({ line: i + 1, value })),
      new Map(),
      this.clock().toISOString(),
      this.sealer,
    );
    const { imported, reissued, unchanged } = await this.vouchers.importMany(valid);
    return {
      received: rows.length,
      imported,
      reissued,
      unchanged,
      rejectedCount: rejected.length,
      rejected: rejected.slice(0, REPORTED_REJECTIONS),
    };
  }

  /** CSV file: starts a job and returns it at once; GET /vouchers/imports/:id shows progress and the report. */
  async startCsv(file: Uint8Array | string): Promise<ImportJob> {
    const rows = csvRows(file);
    const header = rows.next();
    if (header.done) throw new DomainError('empty-file', 'The file has no header row.', 400);
    const columns = header.value.cells.map((c) => c.trim());
    const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
    if (unknown.length)
      throw new DomainError('unknown-columns', `Unknown column(s): ${unknown.join(', ')}. Expected: ${CSV_COLUMNS.join(', ')}.`, 400);
    // The total is counted in a first pass whose rows are dropped as it goes; the import reads the rows again.
    let total = -1;
    for (const _ of csvRows(file)) total++;
    const job: ImportJob = {
      importId: randomUUID(),
      state: 'running',
      total,
      processed: 0,
      imported: 0,
      reissued: 0,
      unchanged: 0,
      rejectedCount: 0,
      rejected: [],
      startedAt: this.clock().toISOString(),
    };
    await this.jobs.save(job);
    void this.runCsv(job, columns, rows).catch(async (error: unknown) => {
      this.logger.error('voucher import failed', { importId: job.importId, error });
      await this.jobs.save({ ...job, state: 'failed', error: (error as Error).message, finishedAt: this.clock().toISOString() });
    });
    return job;
  }

  private async runCsv(job: ImportJob, header: string[], rows: Iterator<CsvRow>): Promise<void> {
    const seen = new Map<string, number>();
    for (let taken = take(rows, CHUNK); taken.length; taken = take(rows, CHUNK)) {
      const chunk = taken.map((r) => ({ line: r.line, value: rowToCandidate(header, r.cells) }));
      const { valid, rejected } = judgeRows(chunk, seen, this.clock().toISOString(), this.sealer);
      const { imported, reissued, unchanged } = await this.vouchers.importMany(valid);
      job.processed += chunk.length;
      job.imported += imported;
      job.reissued += reissued;
      job.unchanged += unchanged;
      job.rejectedCount += rejected.length;
      job.rejected.push(...rejected.slice(0, REPORTED_REJECTIONS - job.rejected.length));
      await this.jobs.save(job);
      if (job.processed % 10_000 < CHUNK || job.processed === job.total) {
        this.logger.info('voucher import progress', { importId: job.importId, processed: job.processed, total: job.total });
      }
    }
    await this.jobs.save({ ...job, state: 'completed', finishedAt: this.clock().toISOString() });
  }
}

/** Up to `count` more items of an iterator. */
function take<T>(items: Iterator<T>, count: number): T[] {
  const out: T[] = [];
  for (let next; out.length < count && !(next = items.next()).done;) out.push(next.value);
  return out;
}
