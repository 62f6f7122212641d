import { foldIdentifier, parseInsurerNumber } from '@hcv/contracts';

/**
 * Field rules shared by the voucher, the 限定型 transcription and the alternative documents, checked
 * as the desk types (or a scanner types). Each answers with a message key of the app's catalogue,
 * never a validator's text. The identifier rules are the services' own (libs/contracts/identifiers).
 */
export type FieldProblem =
  | 'required'
  | 'insurer-format'
  | 'insurer-check-digit'
  | 'voucher-number'
  | 'date'
  | 'amount'
  | 'percent'
  | 'branch'
  | 'too-long'
  | 'staff';

/** What the field says so far: nothing typed, still being typed, fine, or a problem to show. */
export type FieldState<T> =
  { state: 'empty' } | { state: 'incomplete' } | { state: 'ok'; value: T } | { state: 'invalid'; problem: FieldProblem };

const digitsOnly = (raw: string) => foldIdentifier(raw).replace(/[\s-]/g, '');

/**
 * 保険者番号: 8 digits (6 for a municipal 国保, "00" + 6 read as the 6) with its check digit. While
 * fewer than 6 digits are typed it is incomplete (no error yet); at 6 or 8 digits the check digit is
 * judged at once, so a mistyped digit shows before the field is left.
 */
export function insurerNumberField(raw: string, final = false): FieldState<string> {
  const text = digitsOnly(raw);
  if (text === '') return { state: 'empty' };
  if (!/^\d+$/.test(text)) return { state: 'invalid', problem: 'insurer-format' };
  if (text.length < 6 || text.length === 7) return final ? { state: 'invalid', problem: 'insurer-format' } : { state: 'incomplete' };
  const parsed = parseInsurerNumber(text);
  if ('value' in parsed) return { state: 'ok', value: parsed.value };
  // 6 digits may be the start of an 8-digit number: judged when the field is left.
  if (text.length === 6 && !final) return { state: 'incomplete' };
  return { state: 'invalid', problem: parsed.problem === 'check-digit' ? 'insurer-check-digit' : 'insurer-format' };
}

/** 受診券・利用券整理番号: exactly 11 digits (no check digit: each insurer numbers its own). */
export function voucherNumberField(raw: string, final = false): FieldState<string> {
  const text = digitsOnly(raw);
  if (text === '') return { state: 'empty' };
  if (!/^\d+$/.test(text) || text.length > 11) return { state: 'invalid', problem: 'voucher-number' };
  if (text.length < 11) return final ? { state: 'invalid', problem: 'voucher-number' } : { state: 'incomplete' };
  return { state: 'ok', value: text };
}

/** A date as printed or typed: 2027-03-31, 2027/3/31, full-width digits → YYYY-MM-DD (a real calendar day). */
export function dateField(raw: string, final = false): FieldState<string> {
  const text = foldIdentifier(raw);
  if (text === '') return { state: 'empty' };
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text);
  if (!m) return final || text.length >= 10 ? { state: 'invalid', problem: 'date' } : { state: 'incomplete' };
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const day = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(iso)
    ? { state: 'ok', value: iso }
    : { state: 'invalid', problem: 'date' };
}

/** Yen as printed: whole, 0–999,999 (commas and full-width digits accepted). */
export function amountField(raw: string): FieldState<number> {
  const text = foldIdentifier(raw).replace(/[,円¥\s]/g, '');
  if (text === '') return { state: 'empty' };
  return /^\d{1,6}$/.test(text) ? { state: 'ok', value: Number(text) } : { state: 'invalid', problem: 'amount' };
}

/** A rate (定率) in percent, 0–100. */
export function percentField(raw: string): FieldState<number> {
  const text = foldIdentifier(raw).replace(/[%％\s]/g, '');
  if (text === '') return { state: 'empty' };
  return /^\d{1,3}$/.test(text) && Number(text) <= 100 ? { state: 'ok', value: Number(text) } : { state: 'invalid', problem: 'percent' };
}

/** Free text with a maximum length (記号, 番号, 氏名…), trimmed. */
export function textField(raw: string, max: number): FieldState<string> {
  const text = raw.normalize('NFKC').trim();
  if (text === '') return { state: 'empty' };
  return text.length <= max ? { state: 'ok', value: text } : { state: 'invalid', problem: 'too-long' };
}

/** 枝番: two digits. */
export function branchField(raw: string): FieldState<string> {
  const text = digitsOnly(raw);
  if (text === '') return { state: 'empty' };
  if (/^\d$/.test(text)) return { state: 'incomplete' };
  return /^\d{2}$/.test(text) ? { state: 'ok', value: text } : { state: 'invalid', problem: 'branch' };
}

/** The problem to show under a field: a required one left empty counts only once the form is submitted. */
export function problemOf(field: FieldState<unknown>, options: { required?: boolean; submitted?: boolean } = {}): FieldProblem | undefined {
  if (field.state === 'invalid') return field.problem;
  if (options.submitted && options.required && (field.state === 'empty' || field.state === 'incomplete')) return 'required';
  return undefined;
}
