/**
 * CSV files of vouchers as insurers send them (UTF-8, header row, RFC 4180 quoting). Pure
 * functions: the parser yields rows with their line numbers; the mapper turns one row into a
 * candidate voucher object for the zod contract to judge.
 */
export interface CsvRow {
  line: number;
  cells: string[];
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // BOM
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      cells.push(cell);
      if (cells.some((x) => x !== '')) rows.push({ line: rowLine, cells });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else cell += c;
  }
  cells.push(cell);
  if (cells.some((x) => x !== '')) rows.push({ line: rowLine, cells });
  return rows;
}

export const CSV_COLUMNS = [
  'voucherNumber', 'cardType', 'insurerNumber', 'symbol', 'number', 'branch', 'name', 'birthDate', 'sex',
  'validFrom', 'validUntil', 'fiscalYear', 'checkupContent', 'copaymentKind', 'copaymentAmount', 'insurerUpperLimit',
  'contractCoordinator', 'paymentAgentNumber', 'guidanceLevel',
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
  for (const key of ['voucherNumber', 'cardType', 'insurerNumber', 'symbol', 'number', 'branch', 'name', 'birthDate', 'sex', 'validFrom', 'validUntil', 'checkupContent', 'guidanceLevel']) {
    if (v[key] !== undefined) out[key] = v[key];
  }
  if (v.fiscalYear !== undefined) out.fiscalYear = int(v.fiscalYear);
  if (v.insurerUpperLimit !== undefined) out.insurerUpperLimit = int(v.insurerUpperLimit);
  if (v.copaymentKind !== undefined) {
    const kind = v.copaymentKind;
    out.copayment =
      kind === 'percentage' ? { kind, percent: int(v.copaymentAmount ?? '') } : kind === 'none' ? { kind } : { kind, amount: int(v.copaymentAmount ?? '') };
  }
  if (v.contractCoordinator !== undefined) {
    out.contract = { coordinator: v.contractCoordinator, ...(v.paymentAgentNumber ? { paymentAgentNumber: v.paymentAgentNumber } : {}) };
  }
  const unknown = Object.keys(v).filter((k) => !(CSV_COLUMNS as readonly string[]).includes(k));
  for (const k of unknown) out[k] = v[k]; // left in so the strict contract names the unknown column
  return out;
}
