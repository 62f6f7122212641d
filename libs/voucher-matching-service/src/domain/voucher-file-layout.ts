import type { RejectedRowCode, VoucherFileLayout } from '@hcv/contracts';
import { DomainError, normalizeInsurerNumber } from '@hcv/domain';
import { parseRosterDate } from './japanese-date';

/**
 * The two layouts a voucher file may have, both the platform's own (the insurer → 代行機関 file
 * layout is not public): `field-names`, whose headers are VoucherRecord's fields and whose values
 * are the contract's (ISO dates, `male`, `checkup`), and `japanese-roster`, whose headers are
 * Japanese and whose values are the codes and dates an insurer's roster uses (性別 1/2, 券種 1/2,
 * 負担区分 1–4, 8-digit and 和暦 dates). The header row tells them apart. Column by column:
 * docs/voucher-files.md. Pure: a row's cells in, a candidate for the contract (or a refusal) out.
 */
export type { VoucherFileLayout };

/** A row refused before the contract sees it, naming the file's column. */
export interface RowProblem {
  field: string;
  code: RejectedRowCode;
  reason: string;
}

export type RowCandidate = { value: Record<string, unknown> } | { problem: RowProblem };

/** The parts a voucher prices separately, in the order of their columns. */
const PARTS = ['basic', 'detailed', 'additional', 'comprehensive', 'guidance'] as const;
type Part = (typeof PARTS)[number];

interface LayoutSpec {
  columns: readonly string[];
  /** Other headers accepted for a column. */
  aliases?: Record<string, string>;
  required: readonly string[];
  /** The file's column a contract path (`copayments.basic.amount`) came from. */
  columnOf(path: string): string;
  toCandidate(cell: (column: string) => string | undefined, present: (column: string) => boolean): RowCandidate;
}

/** A header or code as written: full-width folded, spaces removed (「基本　負担区分」 = 「基本負担区分」). */
const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

const int = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : s);

class RowRefused extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.reason);
  }
}
const refuse = (field: string, code: RejectedRowCode, reason: string): never => {
  throw new RowRefused({ field, code, reason });
};

/** A part's 窓口負担 from its kind and its value (yen for a fixed amount, percent for a rate). */
function copayment(kind: string | undefined, value: string | undefined, kindColumn: string, valueColumn: string): unknown {
  if (kind === undefined) {
    if (value !== undefined) refuse(kindColumn, 'inconsistent-fields', `${valueColumn} is given without ${kindColumn}`);
    return undefined;
  }
  if (kind === 'fixed' || kind === 'rate') {
    if (value === undefined)
      refuse(valueColumn, 'missing-field', `${kindColumn} ${kind === 'fixed' ? 'fixed' : 'rate'} needs ${valueColumn}`);
    return kind === 'fixed' ? { kind, amount: int(value) } : { kind, percent: int(value) };
  }
  if (value !== undefined) refuse(valueColumn, 'inconsistent-fields', `${kindColumn} ${kind} takes no ${valueColumn}`);
  return { kind };
}

function coordinator(kind: unknown, id: string | undefined, name: string | undefined, kindColumn: string): unknown {
  if (kind === undefined) {
    if (id !== undefined || name !== undefined)
      refuse(kindColumn, 'inconsistent-fields', `the coordinating organisation needs ${kindColumn}`);
    return undefined;
  }
  const organisation = id !== undefined || name !== undefined ? { organisation: { id, name } } : {};
  return { kind, ...organisation };
}

/** Drops absent values so the contract sees a missing field, not `undefined`. */
function compact(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function candidate(build: () => Record<string, unknown>): RowCandidate {
  try {
    return { value: compact(build()) };
  } catch (error) {
    if (error instanceof RowRefused) return { problem: error.problem };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// field-names: VoucherRecord's fields as headers.

const fieldNameCopayment = (part: Part) => [`${part}Copayment`, `${part}CopaymentValue`] as const;

const FIELD_NAMES: LayoutSpec = {
  columns: [
    'voucherNumber',
    'voucherKind',
    'insurerNumber',
    'symbol',
    'number',
    'branch',
    'name',
    'birthDate',
    'sex',
    'validFrom',
    'validUntil',
    'issuedOn',
    'fiscalYear',
    ...PARTS.flatMap(fieldNameCopayment),
    'insurerUpperLimit',
    'coordinatorKind',
    'coordinatorId',
    'coordinatorName',
    'paymentAgentNumber',
    'guidanceLevel',
  ],
  required: [
    'voucherNumber',
    'voucherKind',
    'insurerNumber',
    'symbol',
    'number',
    'name',
    'birthDate',
    'sex',
    'validFrom',
    'validUntil',
    'fiscalYear',
  ],
  columnOf(path) {
    const [head, part, leaf] = path.split('.');
    if (head === 'copayments' && part) return leaf ? `${part}CopaymentValue` : `${part}Copayment`;
    if (head === 'coordinator') return part === 'organisation' ? (leaf === 'id' ? 'coordinatorId' : 'coordinatorName') : 'coordinatorKind';
    return path;
  },
  toCandidate: (cell, present) =>
    candidate(() => ({
      voucherNumber: cell('voucherNumber'),
      voucherKind: cell('voucherKind'),
      insurerNumber: insurerNumber(cell('insurerNumber')),
      symbol: present('symbol') ? (cell('symbol') ?? '') : undefined,
      number: cell('number'),
      branch: cell('branch'),
      name: cell('name'),
      birthDate: cell('birthDate'),
      sex: cell('sex'),
      validFrom: cell('validFrom'),
      validUntil: cell('validUntil'),
      issuedOn: cell('issuedOn'),
      fiscalYear: int(cell('fiscalYear')),
      copayments: compact(
        Object.fromEntries(
          PARTS.map((part) => {
            const [kind, value] = fieldNameCopayment(part);
            return [part, copayment(cell(kind), cell(value), kind, value)];
          }),
        ),
      ),
      insurerUpperLimit: int(cell('insurerUpperLimit')),
      coordinator: coordinator(cell('coordinatorKind'), cell('coordinatorId'), cell('coordinatorName'), 'coordinatorKind'),
      paymentAgentNumber: cell('paymentAgentNumber'),
      guidanceLevel: cell('guidanceLevel'),
    })),
};

// ---------------------------------------------------------------------------------------------
// japanese-roster: Japanese headers, codes and dates.

const JA_PART: Record<Part, string> = {
  basic: '基本',
  detailed: '詳細',
  additional: '追加',
  comprehensive: '人間ドック',
  guidance: '保健指導',
};
const jaCopayment = (part: Part) => [`${JA_PART[part]} 負担区分`, `${JA_PART[part]} 負担額/負担率`] as const;

const JA = {
  voucherNumber: '受診券整理番号',
  voucherKind: '券種',
  insurerNumber: '保険者番号',
  symbol: '記号',
  number: '番号',
  branch: '枝番',
  name: '氏名',
  birthDate: '生年月日',
  sex: '性別',
  validFrom: '有効開始日',
  validUntil: '有効期限',
  issuedOn: '交付日',
  fiscalYear: '年度',
  insurerUpperLimit: '保険者負担上限額',
  guidanceLevel: '支援レベル',
  coordinatorKind: '契約区分',
  coordinatorId: '契約取りまとめ機関コード',
  coordinatorName: '契約取りまとめ機関名',
  paymentAgentNumber: '支払代行機関番号',
} as const;

/** A code column: its code (or the label written out) → the contract's value. */
type Codes = Record<string, string>;
const VOUCHER_KIND: Codes = { '1': 'checkup', 受診券: 'checkup', '2': 'guidance', 利用券: 'guidance' };
const SEX: Codes = { '1': 'male', 男: 'male', 男性: 'male', '2': 'female', 女: 'female', 女性: 'female' };
const COPAYMENT_KIND: Codes = {
  '1': 'none',
  負担なし: 'none',
  '2': 'fixed',
  定額: 'fixed',
  '3': 'rate',
  定率: 'rate',
  '4': 'upper-limit',
  保険者負担上限額: 'upper-limit',
};
const GUIDANCE_LEVEL: Codes = {
  '1': 'intensive',
  積極的支援: 'intensive',
  '2': 'motivational',
  動機付け支援: 'motivational',
  '3': 'motivational-equivalent',
  動機付け支援相当: 'motivational-equivalent',
};
/** 契約区分: the platform's codes (no national code list is public for this column). */
const CONTRACT_KIND: Codes = {
  '1': 'collective-A',
  集合契約A: 'collective-A',
  '2': 'collective-B',
  集合契約B: 'collective-B',
  '3': 'individual',
  個別契約: 'individual',
};

function code(value: string | undefined, codes: Codes, column: string, readable: string): string | undefined {
  if (value === undefined) return undefined;
  const mapped = codes[fold(value)];
  return mapped ?? refuse(column, 'invalid-code', `${column} is ${readable}`);
}

function date(value: string | undefined, column: string): string | undefined {
  if (value === undefined) return undefined;
  const parsed = parseRosterDate(value);
  return 'date' in parsed ? parsed.date : refuse(column, 'invalid-date', `${column}: ${parsed.problem}`);
}

const JAPANESE_ROSTER: LayoutSpec = {
  columns: [
    JA.voucherNumber,
    JA.voucherKind,
    JA.insurerNumber,
    JA.symbol,
    JA.number,
    JA.branch,
    JA.name,
    JA.birthDate,
    JA.sex,
    JA.validFrom,
    JA.validUntil,
    JA.issuedOn,
    JA.fiscalYear,
    ...PARTS.flatMap(jaCopayment),
    JA.insurerUpperLimit,
    JA.guidanceLevel,
    JA.coordinatorKind,
    JA.coordinatorId,
    JA.coordinatorName,
    JA.paymentAgentNumber,
  ],
  aliases: { 利用券整理番号: JA.voucherNumber, 整理番号: JA.voucherNumber },
  required: [
    JA.voucherNumber,
    JA.voucherKind,
    JA.insurerNumber,
    JA.symbol,
    JA.number,
    JA.name,
    JA.birthDate,
    JA.sex,
    JA.validUntil,
    JA.fiscalYear,
  ],
  columnOf(path) {
    const [head, part, leaf] = path.split('.');
    if (head === 'copayments' && part) return jaCopayment(part as Part)[leaf ? 1 : 0];
    if (head === 'coordinator')
      return part === 'organisation' ? (leaf === 'id' ? JA.coordinatorId : JA.coordinatorName) : JA.coordinatorKind;
    return (JA as Record<string, string>)[head ?? ''] ?? path;
  },
  toCandidate: (cell, present) =>
    candidate(() => {
      const issuedOn = date(cell(JA.issuedOn), JA.issuedOn);
      const validFrom = date(cell(JA.validFrom), JA.validFrom) ?? issuedOn;
      if (validFrom === undefined)
        refuse(JA.validFrom, 'missing-field', `${JA.validFrom} or ${JA.issuedOn} is needed (a voucher is valid from its issue)`);
      return {
        voucherNumber: cell(JA.voucherNumber),
        voucherKind: code(cell(JA.voucherKind), VOUCHER_KIND, JA.voucherKind, '1 (受診券) or 2 (利用券)'),
        insurerNumber: insurerNumber(cell(JA.insurerNumber)),
        symbol: present(JA.symbol) ? (cell(JA.symbol) ?? '') : undefined,
        number: cell(JA.number),
        branch: cell(JA.branch),
        name: cell(JA.name),
        birthDate: date(cell(JA.birthDate), JA.birthDate),
        sex: code(cell(JA.sex), SEX, JA.sex, '1 (男) or 2 (女)'),
        validFrom,
        validUntil: date(cell(JA.validUntil), JA.validUntil),
        issuedOn,
        fiscalYear: int(cell(JA.fiscalYear)),
        copayments: compact(
          Object.fromEntries(
            PARTS.map((part) => {
              const [kindColumn, valueColumn] = jaCopayment(part);
              const kind = code(cell(kindColumn), COPAYMENT_KIND, kindColumn, '1 (負担なし), 2 (定額), 3 (定率) or 4 (保険者負担上限額)');
              return [part, copayment(kind, cell(valueColumn), kindColumn, valueColumn)];
            }),
          ),
        ),
        insurerUpperLimit: int(cell(JA.insurerUpperLimit)),
        guidanceLevel: code(
          cell(JA.guidanceLevel),
          GUIDANCE_LEVEL,
          JA.guidanceLevel,
          '1 (積極的支援), 2 (動機付け支援) or 3 (動機付け支援相当)',
        ),
        coordinator: coordinator(
          code(cell(JA.coordinatorKind), CONTRACT_KIND, JA.coordinatorKind, '1 (集合契約A), 2 (集合契約B) or 3 (個別契約)'),
          cell(JA.coordinatorId),
          cell(JA.coordinatorName),
          JA.coordinatorKind,
        ),
        paymentAgentNumber: cell(JA.paymentAgentNumber),
      };
    }),
};

/** The one normaliser of insurer numbers (trim, full-width digits, "00" + 6-digit 国保); the contract then judges it. */
function insurerNumber(value: string | undefined): string | undefined {
  return value === undefined ? undefined : normalizeInsurerNumber(value);
}

export const LAYOUTS: Record<VoucherFileLayout, LayoutSpec> = { 'field-names': FIELD_NAMES, 'japanese-roster': JAPANESE_ROSTER };

/** A file's layout as its header row declares it, with each column's cell index. */
export interface FileHeader {
  layout: VoucherFileLayout;
  /** Data rows must have this many cells. */
  width: number;
  /** Maps a row's cells to the contract's candidate, or refuses the row naming the column. */
  toCandidate(cells: readonly string[]): RowCandidate;
  /** The file's column a contract path came from. */
  columnOf(path: string): string;
}

/**
 * Reads the header row: the Japanese roster layout when any header is one of its columns, else the
 * field-names layout. Unknown, missing required and repeated columns refuse the whole file (400):
 * a column the import would ignore or read twice is a file it would import wrongly.
 */
export function readHeader(cells: readonly string[]): FileHeader {
  const folded = cells.map(fold);
  const japanese = new Set([...JAPANESE_ROSTER.columns, ...Object.keys(JAPANESE_ROSTER.aliases ?? {})].map(fold));
  const layout: VoucherFileLayout = folded.some((h) => japanese.has(h)) ? 'japanese-roster' : 'field-names';
  const spec = LAYOUTS[layout];
  const byFolded = new Map([
    ...spec.columns.map((c) => [fold(c), c] as const),
    ...Object.entries(spec.aliases ?? {}).map(([a, c]) => [fold(a), c] as const),
  ]);
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  folded.forEach((h, i) => {
    const column = byFolded.get(h);
    if (column === undefined) unknown.push(cells[i]!.trim() || `(empty header in column ${i + 1})`);
    else if (index.has(column)) repeated.push(column);
    else index.set(column, i);
  });
  if (unknown.length)
    throw new DomainError(
      'unknown-columns',
      `Unknown column(s) for the ${layout} layout: ${unknown.join(', ')}. Its columns: ${spec.columns.join(', ')}.`,
      400,
    );
  if (repeated.length) throw new DomainError('duplicate-columns', `Column(s) named twice: ${repeated.join(', ')}.`, 400);
  const missing = spec.required.filter((c) => !index.has(c));
  if (missing.length) throw new DomainError('missing-columns', `The ${layout} layout needs the column(s): ${missing.join(', ')}.`, 400);
  return {
    layout,
    width: cells.length,
    toCandidate(row) {
      const cell = (column: string) => {
        const i = index.get(column);
        const value = i === undefined ? undefined : row[i]?.trim();
        return value === '' ? undefined : value;
      };
      return spec.toCandidate(cell, (column) => index.has(column));
    },
    columnOf: (path) => spec.columnOf(path),
  };
}
