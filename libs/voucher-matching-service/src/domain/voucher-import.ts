import { isDeepStrictEqual } from 'node:util';
import { VoucherRecord, type RejectedRow, type RejectedRowCode } from '@hcv/contracts';
import { importedVoucher, toImportedVoucher, voucherId, type ImportedVoucher, type MemberSealer, type Voucher } from './voucher';

/** A row an import refused: where (1-based line or index), which field, why (the response contract's). */
export type { RejectedRow };

/**
 * Judges each row of an insurer's file on its own — the contract, the insurer number's check digit,
 * duplicates within the file by (insurer, number) (`seen`: voucher id → first line, kept across
 * chunks; two insurers' vouchers with the same number are two vouchers) — and returns the good rows
 * as they are stored (member fields sealed) and the bad ones with a reason.
 */
export function judgeRows(
  rows: { line: number; value: unknown }[],
  seen: Map<string, number>,
  importedAt: string,
  sealer: MemberSealer,
): { valid: ImportedVoucher[]; rejected: RejectedRow[] } {
  const valid: ImportedVoucher[] = [];
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
    // VoucherRecord normalised the insurer number (InsurerNumberInput) and refused a wrong one.
    const insurerNumber = parsed.data.insurerNumber;
    const id = voucherId({ insurerNumber, voucherNumber: parsed.data.voucherNumber });
    const first = seen.get(id);
    if (first !== undefined) {
      rejected.push({
        line,
        field: 'voucherNumber',
        code: 'duplicate-in-file',
        reason: `the same voucher (insurer and number) is already on line ${first}`,
      });
      continue;
    }
    seen.set(id, line);
    valid.push(toImportedVoucher({ ...parsed.data, insurerNumber, importedAt }, sealer));
  }
  return { valid, rejected };
}

/** What importing a record does to the stored voucher (null: none yet). */
export type ImportEffect =
  { effect: 'imported'; next: Voucher } | { effect: 'reissued'; next: Voucher; fields: string[] } | { effect: 'unchanged' };

/**
 * An import of `record` for its key: a new voucher, or the first record of a voucher only presented
 * so far, is `imported`; the same values again (whenever imported) are `unchanged`; different values
 * are a re-issue (再発行): the record is replaced, the replaced one kept in `reissues` with when it
 * was replaced, and a history entry names the changed fields (not their values). Uses are never
 * touched: a used voucher keeps its uses through any re-issue.
 */
export function importRecord(stored: Voucher | null, record: ImportedVoucher): ImportEffect {
  if (!stored) return { effect: 'imported', next: importedVoucher(record) };
  const current = stored.record;
  if (!current) return { effect: 'imported', next: { ...stored, record } };
  const fields = changedFields(current, record);
  if (!fields.length) return { effect: 'unchanged' };
  return {
    effect: 'reissued',
    fields,
    next: {
      ...stored,
      record,
      reissues: [...stored.reissues, { ...current, replacedAt: record.importedAt }],
      history: [...stored.history, { action: 'reissued', fields, at: record.importedAt }],
    },
  };
}

/** The names of the record's fields whose values differ (the import time aside), in a stable order. */
export function changedFields(before: ImportedVoucher, after: ImportedVoucher): string[] {
  const a = plain(before);
  const b = plain(after);
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => k !== 'importedAt' && k !== 'masked').sort();
  return names.filter((k) => !isDeepStrictEqual(a[k], b[k]));
}

/** A plain copy without undefined members, so that an absent field and an undefined one compare equal. */
const plain = (value: object): Record<string, unknown> => JSON.parse(JSON.stringify(value)) as Record<string, unknown>;

/** The typed reason of the contract's first problem with a row. */
function rejectionCode(issue: { code: string; path: PropertyKey[] }, value: unknown): RejectedRowCode {
  if (issue.code === 'unrecognized_keys') return 'unknown-field';
  if (issue.path[0] === 'insurerNumber') return 'invalid-insurer-number';
  if (issue.code === 'custom') return 'inconsistent-fields';
  let at: unknown = value;
  for (const key of issue.path) at = at !== null && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined;
  return at === undefined ? 'missing-field' : 'invalid-field';
}
