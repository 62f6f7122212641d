import { VoucherRecord, type RejectedRow, type RejectedRowCode } from '@hcv/contracts';
import { isValidInsurerNumber, normalizeInsurerNumber } from '@hcv/domain';
import { toStoredVoucher, type MemberSealer, type Voucher } from './voucher';

/** A row an import refused: where (1-based line or index), which field, why (the response contract's). */
export type { RejectedRow };

/**
 * Judges each row of an insurer's file on its own — the contract, the insurer number's check digit,
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
      rejected.push({
        line,
        field,
        code: rejectionCode(issue, value),
        reason: issue.code === 'unrecognized_keys' ? 'unknown field' : issue.message,
      });
      continue;
    }
    const insurerNumber = normalizeInsurerNumber(parsed.data.insurerNumber);
    if (!isValidInsurerNumber(insurerNumber)) {
      rejected.push({
        line,
        field: 'insurerNumber',
        code: 'invalid-insurer-number',
        reason: 'the check digit of the insurer number (保険者番号) is wrong',
      });
      continue;
    }
    const first = seen.get(parsed.data.voucherNumber);
    if (first !== undefined) {
      rejected.push({
        line,
        field: 'voucherNumber',
        code: 'duplicate-in-file',
        reason: `the same voucher number is already on line ${first}`,
      });
      continue;
    }
    seen.set(parsed.data.voucherNumber, line);
    valid.push(toStoredVoucher({ ...parsed.data, insurerNumber, importedAt }, sealer));
  }
  return { valid, rejected };
}

/** The typed reason of the contract's first problem with a row. */
function rejectionCode(issue: { code: string; path: PropertyKey[] }, value: unknown): RejectedRowCode {
  if (issue.code === 'unrecognized_keys') return 'unknown-field';
  if (issue.path[0] === 'insurerNumber') return 'invalid-insurer-number';
  if (issue.code === 'custom') return 'inconsistent-fields';
  let at: unknown = value;
  for (const key of issue.path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at === undefined ? 'missing-field' : 'invalid-field';
}
