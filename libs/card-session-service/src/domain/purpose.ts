import type { CheckPurpose } from '@hcv/contracts';
import { DomainError } from '@hcv/domain';

/**
 * Words that ask for identity verification (本人確認), in the folded form `foldPurpose` gives: online
 * eligibility may confirm the insurer of a 人間ドック, never the visitor's identity.
 */
export const IDENTITY_MARKERS = [
  '本人確認',
  '本人の確認',
  'ほんにんかくにん',
  'ホンニンカクニン',
  '身元確認',
  'identity',
  'identification',
  'idverification',
  'idcheck',
  'honninkakunin',
  'honnin',
];

/**
 * The text as compared: NFKC (full-width letters and half-width kana folded), lower case, every space,
 * punctuation mark and symbol removed — so 「本人 確認」, "ＩＤＥＮＴＩＴＹ" and "honnin-kakunin" all read
 * the same as their plain forms.
 */
export function foldPurpose(raw: string): string {
  return raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
}

/** Whether the text asks for identity verification anywhere in it. */
export function asksForIdentityVerification(raw: string): boolean {
  const folded = foldPurpose(raw);
  return IDENTITY_MARKERS.some((marker) => folded.includes(marker));
}

/**
 * The purpose of a session. Any text that asks for identity verification is refused with its own
 * reason, whatever its spacing, case or width and whatever else it says; otherwise the purpose is one
 * of the three the platform serves.
 */
export function parsePurpose(raw: string): CheckPurpose {
  if (asksForIdentityVerification(raw)) {
    throw new DomainError(
      'identity-verification-not-permitted',
      'Online eligibility may not be used for identity verification (本人確認); the visitor must present the My Number card itself. ' +
        'オンライン資格確認は本人確認には使えません。マイナンバーカードそのものを提示してもらってください。',
      422,
      'purpose',
    );
  }
  if (raw === 'specific-checkup' || raw === 'specific-guidance' || raw === 'comprehensive-checkup') return raw;
  throw new DomainError(
    'unknown-purpose',
    'purpose must be specific-checkup (特定健診), specific-guidance (特定保健指導) or comprehensive-checkup (人間ドック).',
    400,
    'purpose',
  );
}
