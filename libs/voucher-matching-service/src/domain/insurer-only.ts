/** A 人間ドック without a voucher: the insurer confirmed against the institution's contract only. */
import type { ComparedSource } from '@hcv/contracts';
import type { Contract } from './contract';
import {
  comparableInsurerNumber,
  memberOf,
  NO_QUALIFICATION,
  TRANSCRIBED,
  type Eligibility,
  type MatchDecision,
  type Partial3,
} from './match-decision';

/** What an insurer-only confirmation is asked about: a 人間ドック without a voucher. */
export interface InsurerOnlyInput {
  checkupDate: string;
  /** Every contract covering the eligibility's insurer × this institution × 人間ドック × the date. */
  contracts: readonly Contract[];
  eligibility: Eligibility;
}

/** The sentences every insurer-only confirmation carries: what it is not. */
export const NOT_AN_IDENTITY_CHECK = {
  en: 'insurer confirmed — not an identity check (本人確認ではありません)',
  ja: '保険者を確認しました（本人確認ではありません）',
};

/**
 * The insurer whose contracts an insurer-only confirmation looks up: the eligibility's (online
 * answer or transcribed document); none when the answer names nobody (not found, several, unavailable).
 */
export function insurerOfEligibility(eligibility: Eligibility): string | undefined {
  const member = memberOf(eligibility);
  return member ? comparableInsurerNumber(member.insurerNumber) : undefined;
}

/**
 * 人間ドック without a voucher (most contract ドック have none): the online eligibility — or a
 * transcribed document — confirms the insurer only, against the institution's contract for 人間ドック
 * with that insurer on the checkup date. It is never an identity check (the My Number card is shown
 * for that, a step of the session), and no voucher is claimed. Eligibility problems come first, as
 * for a voucher; no covering contract → not-contracted; else insurer-confirmed.
 */
export function decideInsurerOnly(input: InsurerOnlyInput): MatchDecision {
  const { eligibility } = input;
  const comparedSources: ComparedSource[] = [eligibility.source === 'online' ? 'online-eligibility' : 'transcribed-eligibility'];
  const decided = judgeInsurerOnly(input);
  const transcribed = eligibility.source === 'transcribed';
  const consulted = ['no-qualification', 'changed-insurer', 'needs-manual-check'].includes(decided.outcome);
  return {
    ...decided,
    reason: transcribed ? `${decided.reason} ${TRANSCRIBED.en}` : decided.reason,
    reasonJa: transcribed ? `${decided.reasonJa}${TRANSCRIBED.ja}` : decided.reasonJa,
    source: eligibility.source,
    method: eligibility.source === 'online' ? 'mynumber-card' : eligibility.method,
    verifiedOnline: !transcribed,
    comparedSources: consulted ? comparedSources : [...comparedSources, 'contract'],
  };
}

function judgeInsurerOnly({ checkupDate, contracts, eligibility }: InsurerOnlyInput): Partial3 {
  if (eligibility.source === 'online') {
    const r = eligibility.result;
    if (r.status === 'not-found') return { ...NO_QUALIFICATION };
    if (r.status === 'changed-insurer')
      return {
        outcome: 'changed-insurer',
        reason:
          'The visitor’s qualification was replaced by a newer one (another insurer): confirm the new insurer’s contract for 人間ドック.',
        reasonJa: '資格が新しい保険者に変わっています。新しい保険者との人間ドックの契約をご確認ください。',
        insurerNumber: comparableInsurerNumber(r.qualification.insurerNumber),
      };
    if (r.status === 'multiple')
      return {
        outcome: 'needs-manual-check',
        reason: `The national system returned ${r.candidates} matching qualifications (複数該当); confirm the insurer by phone.`,
        reasonJa: `該当する資格が${r.candidates}件あります。保険者に確認してください。`,
      };
    if (r.status === 'unavailable')
      return {
        outcome: 'needs-manual-check',
        reason: 'The national eligibility system did not answer; retry, or confirm the insurer by phone.',
        reasonJa: 'オンライン資格確認の応答がありません。再試行するか、保険者に確認してください。',
      };
  }
  const m = memberOf(eligibility)!;
  const insurerNumber = comparableInsurerNumber(m.insurerNumber);
  if (eligibility.source === 'transcribed' && eligibility.eligibility.validUntil && eligibility.eligibility.validUntil < checkupDate)
    return {
      outcome: 'eligibility-lost',
      reason: `The eligibility certificate (資格確認書) expired on ${eligibility.eligibility.validUntil}.`,
      reasonJa: `資格確認書の有効期限（${eligibility.eligibility.validUntil}）が過ぎています。有効な資格確認書かマイナ保険証をご提示ください。`,
      insurerNumber,
    };
  const lostOn = eligibility.source === 'online' && eligibility.result.status === 'lost' ? eligibility.result.lostOn : m.lostOn;
  if (lostOn && lostOn <= checkupDate)
    return {
      outcome: 'eligibility-lost',
      reason: `The qualification was lost on ${lostOn}, on or before the checkup date.`,
      reasonJa: `資格を${lostOn}に喪失しています。現在の保険者をご確認ください。`,
      insurerNumber,
    };
  const contract = contracts[0];
  if (!contract)
    return {
      outcome: 'not-contracted',
      reason: 'No contract lets this institution serve this insurer’s members for 人間ドック on the checkup date.',
      reasonJa: 'この保険者との人間ドックの契約がありません。保険者にご確認ください。',
      insurerNumber,
    };
  return {
    outcome: 'insurer-confirmed',
    reason: `The visitor’s insurer has a contract for 人間ドック with this institution: ${NOT_AN_IDENTITY_CHECK.en}.`,
    reasonJa: `${NOT_AN_IDENTITY_CHECK.ja}。この保険者との人間ドックの契約があります。本人確認はマイナンバーカードの提示で行ってください。`,
    insurerNumber,
    contractId: contract.contractId,
  };
}
