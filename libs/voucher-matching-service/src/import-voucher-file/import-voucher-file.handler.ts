import { randomUUID } from 'node:crypto';
import type { RejectedRow } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';
import type { Logger } from '@hcv/observability';
import type { MemberSealer } from '../domain/voucher';
import { csvRows, hasUndecodableBytes, type CsvRow } from '../domain/voucher-csv';
import { readHeader, type FileHeader } from '../domain/voucher-file-layout';
import { judgeRows } from '../domain/voucher-import';
import type { ImportJob, ImportJobRepository } from '../persistence/import-job.repository';
import type { VoucherRepository } from '../persistence/voucher.repository';

/**
 * Rows judged and stored together (one read and one insert in the database adapter); the job's
 * progress is saved after each chunk. Under the image's 96 MB heap 1,000 ran a 200,000-row file
 * with less CPU and a lower peak heap than 2,000 (BENCHMARKS.md), and 500 was no better.
 */
const CHUNK = 1_000;
const REPORTED_REJECTIONS = 1_000;

/** What the repository did with a chunk's good rows. */
interface ImportCounts {
  imported: number;
  unchanged: number;
  reissued: number;
}

/**
 * Imports an insurer's voucher file (CSV, in either layout of docs/voucher-files.md) as a job.
 *
 * Before the job starts the file is read once through: its header picks the layout, and a file that
 * cannot be read to its end, or has no rows, is refused at once (400) with nothing imported. The job
 * then reads it again and judges every row on its own — the layout's codes and dates, the contract,
 * the insurer number, duplicates within the file — so that every row read is counted exactly once:
 * processed = imported + reissued + unchanged + rejectedCount.
 */
export class ImportVoucherFileHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly jobs: ImportJobRepository,
    private readonly clock: () => Date,
    private readonly logger: Logger,
    private readonly sealer: MemberSealer,
  ) {}

  /** Starts the job and returns it at once; GET /vouchers/imports/:id shows progress and the report. */
  async start(file: Uint8Array | string, charset?: string): Promise<ImportJob> {
    const rows = csvRows(file, charset);
    const first = await rows.next();
    if (first.done) throw new DomainError('empty-file', 'The file is empty: send it with a header row and voucher rows.', 400);
    const header = readHeader(first.value.cells);
    let total = 0;
    for await (const _ of rows) total++;
    if (total === 0) throw new DomainError('empty-file', 'The file has a header row and no voucher rows.', 400);
    const job: ImportJob = {
      importId: randomUUID(),
      state: 'running',
      layout: header.layout,
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
    void this.run(job, header, file, charset).catch(async (error: unknown) => {
      this.logger.error('voucher import failed', { importId: job.importId, error });
      await this.jobs.save({ ...job, state: 'failed', error: (error as Error).message, finishedAt: this.clock().toISOString() });
    });
    return job;
  }

  private async run(job: ImportJob, header: FileHeader, file: Uint8Array | string, charset: string | undefined): Promise<void> {
    const seen = new Map<string, number>();
    const rows = csvRows(file, charset);
    await rows.next(); // the header, read by start()
    let chunk: CsvRow[] = [];
    for await (const row of rows) {
      chunk.push(row);
      if (chunk.length === CHUNK) {
        await this.importChunk(job, header, chunk, seen, charset !== undefined);
        chunk = [];
      }
    }
    if (chunk.length) await this.importChunk(job, header, chunk, seen, charset !== undefined);
    if (job.processed !== job.total) throw new Error(`read ${job.processed} rows where the first reading found ${job.total}`);
    await this.jobs.save({ ...job, state: 'completed', finishedAt: this.clock().toISOString() });
  }

  private async importChunk(job: ImportJob, header: FileHeader, rows: CsvRow[], seen: Map<string, number>, decoded: boolean) {
    const refused: RejectedRow[] = [];
    const candidates: { line: number; value: unknown }[] = [];
    for (const { line, cells } of rows) {
      if (cells.length !== header.width) {
        refused.push({
          line,
          field: '(row)',
          code: 'unreadable-row',
          reason: `the row has ${cells.length} cells where the header has ${header.width}`,
        });
      } else if (decoded && hasUndecodableBytes(cells)) {
        refused.push({
          line,
          field: '(row)',
          code: 'unreadable-row',
          reason: 'the row holds bytes that are not valid in the declared charset',
        });
      } else {
        const mapped = header.toCandidate(cells);
        if ('problem' in mapped) refused.push({ line, ...mapped.problem });
        else candidates.push({ line, value: mapped.value });
      }
    }
    const { valid, rejected } = judgeRows(candidates, seen, this.clock().toISOString(), this.sealer);
    for (const r of rejected) refused.push({ ...r, field: header.columnOf(r.field) });
    const counts: ImportCounts = await this.vouchers.importMany(valid);
    const { reissued } = counts;
    if (counts.imported + counts.unchanged + reissued !== valid.length)
      throw new Error(`the repository counted ${counts.imported + counts.unchanged + reissued} of ${valid.length} vouchers`);
    job.processed += rows.length;
    job.imported += counts.imported;
    job.reissued += reissued;
    job.unchanged += counts.unchanged;
    job.rejectedCount += refused.length;
    refused.sort((a, b) => a.line - b.line);
    job.rejected.push(...refused.slice(0, Math.max(0, REPORTED_REJECTIONS - job.rejected.length)));
    await this.jobs.save(job);
    if (job.processed % 10_000 < CHUNK || job.processed === job.total) {
      this.logger.info('voucher import progress', { importId: job.importId, processed: job.processed, total: job.total });
    }
  }
}
