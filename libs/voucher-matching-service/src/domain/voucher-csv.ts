import { DomainError } from '@hcv/domain';
import { TextDecoder } from 'node:util';

/**
 * CSV files of vouchers as insurers send them (UTF-8, header row, RFC 4180 quoting). Pure
 * functions: the parser yields rows with their line numbers, one at a time; the mapper turns one
 * row into a candidate voucher object for the zod contract to judge.
 */
export interface CsvRow {
  line: number;
  cells: string[];
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The rows of a UTF-8 file, lazily, read from its bytes: only the cells of the row at hand become
 * strings. (The whole file as one string and all its rows at once took several times the file's
 * size: a 100,000-row upload ended the service with a heap out of memory under the image's 96 MB
 * limit.) The separators are ASCII bytes, which never occur inside a UTF-8 multi-byte character.
 */
export function* csvRows(file: Uint8Array | string): Generator<CsvRow> {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : Buffer.from(file.buffer, file.byteOffset, file.byteLength);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  let cells: string[] = [];
  let cell = '';
  // Start of the bytes taken verbatim since the cell (or its part after a quote) began.
  let run = bom;
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const take = (end: number) => cell + bytes.toString('utf8', run, end);
  for (let i = bom; i < bytes.length; i++) {
    const c = bytes[i];
    if (quoted) {
      if (c === QUOTE) {
        cell = take(i);
        if (bytes[i + 1] === QUOTE) {
          cell += '"';
          i++;
        } else quoted = false;
        run = i + 1;
      } else if (c === LF) line++;
      continue;
    }
    if (c === QUOTE && cell === '' && run === i) {
      quoted = true;
      run = i + 1;
    } else if (c === COMMA) {
      cells.push(take(i));
      cell = '';
      run = i + 1;
    } else if (c === LF || c === CR) {
      cells.push(take(i));
      if (c === CR && bytes[i + 1] === LF) i++;
      if (cells.some((x) => x !== '')) yield { line: rowLine, cells };
      cells = [];
      cell = '';
      run = i + 1;
      line++;
      rowLine = line;
    }
  }
  cells.push(take(bytes.length));
  if (cells.some((x) => x !== '')) yield { line: rowLine, cells };
}

export function parseCsv(file: Uint8Array | string): CsvRow[] {
  return [...csvRows(file)];
}

/**
 * The upload as UTF-8 bytes: as sent when it declares no other charset than UTF-8 (`charset`
 * undefined; the HTTP layer refused invalid UTF-8 already), otherwise decoded from the charset it
 * declares (Shift_JIS, say).
 */
export function utf8Upload(body: Uint8Array, charset: string | undefined): Uint8Array {
  if (charset === undefined) return body;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new DomainError('unsupported-charset', `The charset ${charset} is not known; send the file as UTF-8 or Shift_JIS.`, 400);
  }
  try {
    return Buffer.from(decoder.decode(body), 'utf8');
  } catch {
    throw new DomainError('unsupported-charset', `The file is not valid ${charset}.`, 400);
  }
}

export const CSV_COLUMNS = [
  'voucherNumber',
  'cardType',
  'insurerNumber',
  'symbol',
  'number',
  'branch',
  'name',
  'birthDate',
  'sex',
  'validFrom',
  'validUntil',
  'fiscalYear',
  'checkupContent',
  'copaymentKind',
  'copaymentAmount',
  'insurerUpperLimit',
  'contractCoordinator',
  'paymentAgentNumber',
  'guidanceLevel',
] as const;

const int = (s: string) => (/^-?\d+$/.test(s) ? Number(s) : s);

/** One row → the shape VoucherRecord expects; empty cells are absent fields; numbers stay strings if malformed. */
export function rowToCandidate(header: string[], cells: string[]): Record<string, unknown> {
  const v: Record<string, string> = {};
  header.forEach((name, i) => {
    const value = (cells[i] ?? '').trim();
    if (value !== '') v[name] = value;
  });
  const out: Record<string, unknown> = {};
  for (const key of [
    'voucherNumber',
    'cardType',
    'insurerNumber',
    'symbol',
    'number',
    'branch',
    'name',
    'birthDate',
    'sex',
    'validFrom',
    'validUntil',
    'checkupContent',
    'guidanceLevel',
  ]) {
    if (v[key] !== undefined) out[key] = v[key];
  }
  if (v.fiscalYear !== undefined) out.fiscalYear = int(v.fiscalYear);
  if (v.insurerUpperLimit !== undefined) out.insurerUpperLimit = int(v.insurerUpperLimit);
  if (v.copaymentKind !== undefined) {
    const kind = v.copaymentKind;
    out.copayment =
      kind === 'percentage'
        ? { kind, percent: int(v.copaymentAmount ?? '') }
        : kind === 'none'
          ? { kind }
          : { kind, amount: int(v.copaymentAmount ?? '') };
  }
  if (v.contractCoordinator !== undefined) {
    out.contract = { coordinator: v.contractCoordinator, ...(v.paymentAgentNumber ? { paymentAgentNumber: v.paymentAgentNumber } : {}) };
  }
  const unknown = Object.keys(v).filter((k) => !(CSV_COLUMNS as readonly string[]).includes(k));
  for (const k of unknown) out[k] = v[k]; // left in so the strict contract names the unknown column
  return out;
}
