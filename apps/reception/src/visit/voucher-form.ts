import type { ContractKind, Copayment, GuidanceLevel, PresentedVoucher, VoucherKind, VoucherPart } from '@hcv/contracts';
import {
  amountField,
  dateField,
  insurerNumberField,
  percentField,
  textField,
  voucherNumberField,
  type FieldProblem,
  type FieldState,
} from './fields';
import type { Purpose } from './purpose';

/** How a part's 窓口負担 is printed; '' = the part is not on the voucher. */
export type CopaymentKindDraft = '' | Copayment['kind'];
export interface CopaymentDraft {
  kind: CopaymentKindDraft;
  /** Yen for a fixed amount, percent for a rate. */
  value: string;
}

/** The voucher as typed: every field a string, as the desk (or a scanner) entered it. */
export interface VoucherDraft {
  insurerNumber: string;
  voucherNumber: string;
  voucherKind: VoucherKind;
  validUntil: string;
  guidanceLevel: '' | GuidanceLevel;
  copayments: Partial<Record<VoucherPart, CopaymentDraft>>;
  insurerUpperLimit: string;
  coordinatorKind: '' | ContractKind;
  symbol: string;
  number: string;
}

export type VoucherField =
  | 'insurerNumber'
  | 'voucherNumber'
  | 'validUntil'
  | 'guidanceLevel'
  | 'copayments'
  | 'insurerUpperLimit'
  | 'symbol'
  | 'number'
  | `copayment.${VoucherPart}`;

/** The parts a purpose's voucher prints (受診券: 基本的な健診, 詳細な健診, 追加健診; 人間ドック; 利用券: 保健指導). */
export function partsFor(purpose: Purpose): VoucherPart[] {
  if (purpose === 'specific-guidance') return ['guidance'];
  if (purpose === 'comprehensive-checkup') return ['comprehensive'];
  return ['basic', 'detailed', 'additional'];
}

export function emptyVoucherDraft(purpose: Purpose): VoucherDraft {
  return {
    insurerNumber: '',
    voucherNumber: '',
    voucherKind: purpose === 'specific-guidance' ? 'guidance' : 'checkup',
    validUntil: '',
    guidanceLevel: '',
    copayments: Object.fromEntries(partsFor(purpose).map((part) => [part, { kind: '', value: '' }])),
    insurerUpperLimit: '',
    coordinatorKind: '',
    symbol: '',
    number: '',
  };
}

export interface VoucherCheck {
  /** The voucher to send, once every field is right. */
  voucher?: PresentedVoucher;
  /** What to show under each field (while typing: wrong values only; on submit: missing ones too). */
  problems: Partial<Record<VoucherField, FieldProblem>>;
}

function copayment(draft: CopaymentDraft): FieldState<Copayment> {
  switch (draft.kind) {
    case '':
      return { state: 'empty' };
    case 'none':
      return { state: 'ok', value: { kind: 'none' } };
    case 'upper-limit':
      return { state: 'ok', value: { kind: 'upper-limit' } };
    case 'fixed': {
      const amount = amountField(draft.value);
      return amount.state === 'ok'
        ? { state: 'ok', value: { kind: 'fixed', amount: amount.value } }
        : amount.state === 'empty'
          ? { state: 'incomplete' }
          : amount;
    }
    case 'rate': {
      const percent = percentField(draft.value);
      return percent.state === 'ok'
        ? { state: 'ok', value: { kind: 'rate', percent: percent.value } }
        : percent.state === 'empty'
          ? { state: 'incomplete' }
          : percent;
    }
  }
}

/** Checks the voucher as typed; `final` (the desk pressed 次へ) also reports what is missing. */
export function checkVoucher(draft: VoucherDraft, options: { final: boolean }): VoucherCheck {
  const { final } = options;
  const problems: VoucherCheck['problems'] = {};
  const fields = {
    insurerNumber: insurerNumberField(draft.insurerNumber, final),
    voucherNumber: voucherNumberField(draft.voucherNumber, final),
    validUntil: dateField(draft.validUntil, final),
    insurerUpperLimit: amountField(draft.insurerUpperLimit),
    symbol: textField(draft.symbol, 38),
    number: textField(draft.number, 19),
  };
  const required: (keyof typeof fields)[] = ['insurerNumber', 'voucherNumber', 'validUntil'];
  for (const [name, field] of Object.entries(fields) as [keyof typeof fields, FieldState<unknown>][]) {
    if (field.state === 'invalid') problems[name] = field.problem;
    else if (final && required.includes(name) && field.state !== 'ok') problems[name] = 'required';
  }

  const copayments: Partial<Record<VoucherPart, Copayment>> = {};
  for (const [part, value] of Object.entries(draft.copayments) as [VoucherPart, CopaymentDraft][]) {
    const c = copayment(value);
    if (c.state === 'ok') copayments[part] = c.value;
    else if (c.state === 'invalid') problems[`copayment.${part}`] = c.problem;
    else if (c.state === 'incomplete' && final) problems[`copayment.${part}`] = 'required';
  }
  if (final && Object.keys(copayments).length === 0 && !Object.keys(problems).some((k) => k.startsWith('copayment.')))
    problems.copayments = 'required';
  const upperLimit = Object.values(copayments).some((c) => c.kind === 'upper-limit');
  if (final && upperLimit && fields.insurerUpperLimit.state !== 'ok' && !problems.insurerUpperLimit)
    problems.insurerUpperLimit = 'required';
  if (final && draft.voucherKind === 'guidance' && draft.guidanceLevel === '') problems.guidanceLevel = 'required';

  if (Object.keys(problems).length > 0 || !final) return { problems };
  const ok = <T>(f: FieldState<T>): T | undefined => (f.state === 'ok' ? f.value : undefined);
  const symbol = ok(fields.symbol);
  const number = ok(fields.number);
  const limit = ok(fields.insurerUpperLimit);
  const voucher: PresentedVoucher = {
    insurerNumber: ok(fields.insurerNumber)!,
    voucherNumber: ok(fields.voucherNumber)!,
    voucherKind: draft.voucherKind,
    validUntil: ok(fields.validUntil)!,
    copayments,
    ...(draft.voucherKind === 'guidance' && draft.guidanceLevel ? { guidanceLevel: draft.guidanceLevel } : {}),
    ...(upperLimit && limit !== undefined ? { insurerUpperLimit: limit } : {}),
    ...(draft.coordinatorKind ? { coordinator: { kind: draft.coordinatorKind } } : {}),
    ...(symbol !== undefined ? { symbol } : {}),
    ...(number !== undefined ? { number } : {}),
  };
  return { voucher, problems };
}
