import type { ImportReportResponse } from '@hcv/contracts';
import type { MemberSealer } from '../domain/voucher';
import { judgeRows } from '../domain/voucher-import';
import type { VoucherRepository } from '../persistence/voucher.repository';

const REPORTED_REJECTIONS = 1_000;

/** What a JSON batch did: the response contract's shape. */
export type ImportReport = ImportReportResponse;

/**
 * Imports a JSON batch of an insurer's vouchers: every row is judged on its own — the contract, the
 * insurer number's check digit, duplicates within the batch — and reported by index, field, code and
 * reason; good rows are imported idempotently (a re-import never resets a use). Files: import-voucher-file/.
 */
export class ImportVouchersHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly clock: () => Date,
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
}
