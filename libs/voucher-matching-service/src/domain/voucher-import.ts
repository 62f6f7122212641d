import { VoucherRecord, type RejectedRow } from '@hcv/contracts';
import { toStoredVoucher, type MemberSealer, type Voucher } from './voucher';

/** A row an import refused: where (1-based line or index), which field, why (the response contract's). */
export type { RejectedRow };

/**
 * Judges each row of an insurer's file on its own — the contract (which normalises the insurer number and checks its check digit),
 * duplicates within the file (`seen`: voucher number → first line, kept across chunks) — and
 * returns the good rows as they are stored (member fields sealed) and the bad ones with a reason.
 */
export function judgeRows(
  rows: { line: number; value: unknown }[],
  seen: Map<string, number>,
  importedAt: string,
  sealer: MemberSealer,
): { valid: Omit<Voucher, 'usedBy'>[]; rejected: RejectedRow[] } {
  const valid: Omit<Voucher, 'usedBy'>[] = [];
  const rejected: RejectedRow[] = [];
  for (const { line, value } of rows) {
    const parsed = VoucherRecord.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.code === 'unrecognized_keys' ? (issue as { keys: string[] }).keys.join(',') : issue.path.join('.') || '(row)';
      rejected.push({ line, field, reason: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message });
      continue;
    }
    // VoucherRecord normalised the insurer number (InsurerNumberInput) and refused a wrong one.
    const insurerNumber = parsed.data.insurerNumber;
    const first = seen.get(parsed.data.voucherNumber);
    if (first !== undefined) {
      rejected.push({ line, field: 'voucherNumber', reason: `the same voucher number is already on line ${first}` });
      continue;
    }
    seen.set(parsed.data.voucherNumber, line);
    valid.push(toStoredVoucher({ ...parsed.data, insurerNumber, importedAt }, sealer));
  }
  return { valid, rejected };
}
