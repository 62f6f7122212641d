import type { Qualification } from '@hcv/contracts';
import { parseInsurerNumber } from '@hcv/domain';

/** A qualification as a source gave it: the platform's fields, some of which a source may leave out. */
export type PartialQualification = { [K in keyof Qualification]?: Qualification[K] };

/** What each field is called on the national app's screen and in the terminal's answer (for a reason a desk reads). */
const LABEL: Record<keyof Qualification, string> = {
  insurerNumber: '保険者番号 (insurerNumber)',
  insurerName: '保険者名 (insurerName)',
  symbol: '記号 (symbol)',
  number: '番号 (number)',
  branch: '枝番 (branch)',
  relationship: '本人・家族の別 (relationship)',
  name: '氏名 (name)',
  nameKana: 'フリガナ (nameKana)',
  birthDate: '生年月日 (birthDate)',
  sex: '性別 (sex)',
  acquiredOn: '資格取得年月日 (acquiredOn)',
  lostOn: '資格喪失日 (lostOn)',
};

const REQUIRED = [
  'insurerNumber',
  'insurerName',
  'number',
  'branch',
  'relationship',
  'name',
  'nameKana',
  'birthDate',
  'sex',
  'acquiredOn',
] as const;

/**
 * The platform's `Qualification` from what a source gave, or why it cannot be one. The insurer number
 * goes through the one normalisation of every input (padding, full-width digits, "00" + 6 → 6) and
 * must pass its check digit; 記号・番号 and names are trimmed. A field the source left out is never
 * invented: the answer names it (labels only, never a value) and the caller answers "unavailable".
 */
export function qualificationOf(source: PartialQualification): { qualification: Qualification } | { problem: string } {
  const missing = REQUIRED.filter((field) => source[field] === undefined || source[field] === '');
  if (missing.length) return { problem: `lacks ${missing.map((f) => LABEL[f]).join(', ')}` };
  const insurer = parseInsurerNumber(source.insurerNumber);
  if (!('value' in insurer))
    return {
      problem: `has a ${LABEL.insurerNumber} that ${insurer.problem === 'check-digit' ? 'fails its check digit' : 'is not 6 or 8 digits'}`,
    };
  return {
    qualification: {
      insurerNumber: insurer.value,
      insurerName: source.insurerName!.trim(),
      symbol: (source.symbol ?? '').trim(),
      number: source.number!.trim(),
      branch: source.branch!,
      relationship: source.relationship!,
      name: source.name!.trim(),
      nameKana: source.nameKana!.trim(),
      birthDate: source.birthDate!,
      sex: source.sex!,
      acquiredOn: source.acquiredOn!,
      ...(source.lostOn ? { lostOn: source.lostOn } : {}),
    },
  };
}

/** A reason fits `LookupResult`'s 200 characters. */
export const reasonOf = (text: string): string => (text.length <= 200 ? text : `${text.slice(0, 199)}…`);
