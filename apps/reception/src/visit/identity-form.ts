import type { AlternativeMethodRequest, AlternativeMethodV2, QualificationValidity, ReportedEligibility } from '@hcv/contracts';
import { branchField, dateField, insurerNumberField, textField, type FieldProblem, type FieldState } from './fields';

/** What the national マイナ資格確認アプリ showed (資格確認限定型), as the staff copy it. */
export interface ReportedDraft {
  validity: QualificationValidity;
  insurerNumber: string;
  insurerName: string;
  symbol: string;
  number: string;
  branch: string;
  name: string;
  nameKana: string;
  birthDate: string;
  sex: '' | 'male' | 'female' | 'unset';
  relationship: '' | 'insured' | 'dependent';
  /** 資格取得年月日. */
  acquiredOn: string;
  /** 有効開始日 / 有効終了日. */
  validFrom: string;
  validUntil: string;
}

/** An alternative document as the staff transcribe it (資格確認書, マイナポータル, お知らせ, 被保険者証). */
export interface AlternativeDraft {
  method: '' | AlternativeMethodV2;
  insurerNumber: string;
  symbol: string;
  number: string;
  branch: string;
  name: string;
  birthDate: string;
  validUntil: string;
}

export const emptyReportedDraft = (): ReportedDraft => ({
  validity: 'valid',
  insurerNumber: '',
  insurerName: '',
  symbol: '',
  number: '',
  branch: '',
  name: '',
  nameKana: '',
  birthDate: '',
  sex: '',
  relationship: '',
  acquiredOn: '',
  validFrom: '',
  validUntil: '',
});

export const emptyAlternativeDraft = (): AlternativeDraft => ({
  method: '',
  insurerNumber: '',
  symbol: '',
  number: '',
  branch: '',
  name: '',
  birthDate: '',
  validUntil: '',
});

export type Problems<F extends string> = Partial<Record<F, FieldProblem>>;

/** 資格有効性 1–3 show the qualification (its fields are then required); 4 and 5 show none. */
export const showsQualification = (validity: QualificationValidity) =>
  validity === 'valid' || validity === 'invalid' || validity === 'invalid-newer-exists';

function collect<F extends string>(fields: Record<F, FieldState<unknown>>, required: readonly F[], final: boolean): Problems<F> {
  const problems: Problems<F> = {};
  for (const name of Object.keys(fields) as F[]) {
    const field = fields[name];
    if (field.state === 'invalid') problems[name] = field.problem;
    else if (final && required.includes(name) && field.state !== 'ok') problems[name] = 'required';
  }
  return problems;
}

const value = <T>(f: FieldState<T>): T | undefined => (f.state === 'ok' ? f.value : undefined);
const optional = <K extends string, T>(key: K, f: FieldState<T>) => (f.state === 'ok' ? ({ [key]: f.value } as Record<K, T>) : {});

export type ReportedField = Exclude<keyof ReportedDraft, 'validity'>;

/**
 * What the national app's screen shows for 資格有効性 1–3 and a qualification needs: everything but
 * 記号 (not every insurer has one) and the validity dates (資格取得年月日 or 有効開始日, one of them).
 */
const REQUIRED_SHOWN: readonly ReportedField[] = [
  'insurerNumber',
  'insurerName',
  'number',
  'branch',
  'name',
  'nameKana',
  'birthDate',
  'sex',
  'relationship',
];

const chosen = (value: string): FieldState<string> => (value === '' ? { state: 'empty' } : { state: 'ok', value });

/** Checks the transcription of the national app's screen; the result carries `confirmedAt` (when the app confirmed: now). */
export function checkReported(
  draft: ReportedDraft,
  options: { final: boolean; confirmedAt: string },
): { reported?: ReportedEligibility; problems: Problems<ReportedField> } {
  const shown = showsQualification(draft.validity);
  const fields: Record<ReportedField, FieldState<unknown>> = {
    insurerNumber: insurerNumberField(draft.insurerNumber, options.final),
    insurerName: textField(draft.insurerName, 100),
    symbol: textField(draft.symbol, 38),
    number: textField(draft.number, 19),
    branch: branchField(draft.branch),
    name: textField(draft.name, 100),
    nameKana: textField(draft.nameKana, 100),
    birthDate: dateField(draft.birthDate, options.final),
    sex: chosen(draft.sex),
    relationship: chosen(draft.relationship),
    acquiredOn: dateField(draft.acquiredOn, options.final),
    validFrom: dateField(draft.validFrom, options.final),
    validUntil: dateField(draft.validUntil, options.final),
  };
  const problems = collect(fields, shown ? REQUIRED_SHOWN : [], options.final);
  if (options.final && shown && fields.acquiredOn.state !== 'ok' && fields.validFrom.state !== 'ok' && !problems.acquiredOn)
    problems.acquiredOn = 'required';
  if (!options.final || Object.keys(problems).length > 0) return { problems };
  if (!shown) return { reported: { validity: draft.validity, confirmedAt: options.confirmedAt }, problems };
  const reported: ReportedEligibility = {
    validity: draft.validity,
    confirmedAt: options.confirmedAt,
    insurerNumber: value(fields.insurerNumber as FieldState<string>)!,
    number: value(fields.number as FieldState<string>)!,
    name: value(fields.name as FieldState<string>)!,
    birthDate: value(fields.birthDate as FieldState<string>)!,
    ...optional('insurerName', fields.insurerName as FieldState<string>),
    ...optional('symbol', fields.symbol as FieldState<string>),
    ...optional('branch', fields.branch as FieldState<string>),
    ...optional('nameKana', fields.nameKana as FieldState<string>),
    ...optional('acquiredOn', fields.acquiredOn as FieldState<string>),
    ...optional('validFrom', fields.validFrom as FieldState<string>),
    ...optional('validUntil', fields.validUntil as FieldState<string>),
    ...(draft.sex ? { sex: draft.sex } : {}),
    ...(draft.relationship ? { relationship: draft.relationship } : {}),
  };
  return { reported, problems };
}

export type AlternativeField = Exclude<keyof AlternativeDraft, never>;

/** Checks an alternative document's transcription (記号 may be blank: some documents print none). */
export function checkAlternative(
  draft: AlternativeDraft,
  options: { final: boolean },
): { alternative?: AlternativeMethodRequest; problems: Problems<AlternativeField> } {
  const fields: Record<Exclude<AlternativeField, 'method'>, FieldState<unknown>> = {
    insurerNumber: insurerNumberField(draft.insurerNumber, options.final),
    symbol: textField(draft.symbol, 38),
    number: textField(draft.number, 19),
    branch: branchField(draft.branch),
    name: textField(draft.name, 100),
    birthDate: dateField(draft.birthDate, options.final),
    validUntil: dateField(draft.validUntil, options.final),
  };
  const problems: Problems<AlternativeField> = collect(fields, ['insurerNumber', 'number', 'name', 'birthDate'], options.final);
  if (options.final && draft.method === '') problems.method = 'required';
  if (!options.final || Object.keys(problems).length > 0 || draft.method === '') return { problems };
  return {
    alternative: {
      method: draft.method,
      eligibility: {
        insurerNumber: value(fields.insurerNumber as FieldState<string>)!,
        symbol: value(fields.symbol as FieldState<string>) ?? '',
        number: value(fields.number as FieldState<string>)!,
        name: value(fields.name as FieldState<string>)!,
        birthDate: value(fields.birthDate as FieldState<string>)!,
        ...optional('branch', fields.branch as FieldState<string>),
        ...optional('validUntil', fields.validUntil as FieldState<string>),
      },
    },
    problems,
  };
}

/** The staff member who did a 目視確認 (required; 64 characters at most). */
export function checkStaff(raw: string, final: boolean): FieldProblem | undefined {
  const field = textField(raw, 64);
  if (field.state === 'invalid') return 'staff';
  return final && field.state !== 'ok' ? 'required' : undefined;
}
