/**
 * The matching decision (decide, judge): the voucher a visitor presents against the eligibility answer,
 * the insurer's record and the contracts. Its parts live beside it — the shapes (match-decision.ts),
 * the desk's collection (desk-collection.ts), the field comparisons (voucher-comparison.ts), the
 * insurer-only confirmation (insurer-only.ts), the stored decision and its event (decision-record.ts) —
 * and are re-exported here, so callers import the matcher from one place.
 */
import {
  type CheckPurpose,
  type ComparedSource,
  type GuidanceLevel,
  type PresentedVoucher,
  type VoucherCoordinator,
  type VoucherKey,
  type VoucherKind,
} from '@hcv/contracts';
import type { Contract } from './contract';
import { collectSentence, coverageOf, deskCollection } from './desk-collection';
import {
  comparableInsurerNumber,
  memberOf,
  NO_QUALIFICATION,
  TRANSCRIBED,
  type Eligibility,
  type ImportedRecord,
  type MatchDecision,
  type MatchInput,
  type MemberField,
  type Partial3,
} from './match-decision';
import { firstMemberMismatch, printedMismatch, recordDifferences, sealPrinted } from './voucher-comparison';
import { keyIdOf, type MemberSeal } from './voucher';

export {
  comparableInsurerNumber,
  SETTLEABLE,
  type Eligibility,
  type ImportedRecord,
  type MatchDecision,
  type MatchInput,
  type MemberField,
} from './match-decision';
export { collectSentence, coverageOf, deskCollection, visitParts, yenToCollect } from './desk-collection';
export { firstMemberMismatch, recordDifferences } from './voucher-comparison';
export { decideInsurerOnly, insurerOfEligibility, NOT_AN_IDENTITY_CHECK, type InsurerOnlyInput } from './insurer-only';
export {
  afterClaim,
  decidedVoucher,
  inJst,
  recordDecision,
  settledDecision,
  usedBy,
  type ClaimAnswer,
  type DecidedRequest,
  type DecidedVoucher,
  type DecisionRecord,
} from './decision-record';

const FIELD_LABEL: Record<MemberField, { en: string; ja: string }> = {
  symbol: { en: 'insurance symbol (記号)', ja: '記号' },
  number: { en: 'insurance number (番号)', ja: '番号' },
  branch: { en: 'branch number (枝番)', ja: '枝番' },
  name: { en: 'name', ja: '氏名' },
  birthDate: { en: 'birth date', ja: '生年月日' },
};

const KIND_LABEL: Record<VoucherKind, { en: string; ja: string }> = {
  checkup: { en: 'checkup voucher (受診券)', ja: '受診券' },
  guidance: { en: 'guidance voucher (利用券)', ja: '利用券' },
};

const CONTRACT_LABEL: Record<Contract['kind'], { en: string; ja: string }> = {
  'collective-A': { en: 'collective contract A (集合契約A)', ja: '集合契約A' },
  'collective-B': { en: 'collective contract B (集合契約B)', ja: '集合契約B' },
  individual: { en: 'an individual contract (個別契約)', ja: '個別契約' },
};

const LEVEL_LABEL: Record<GuidanceLevel, { en: string; ja: string }> = {
  intensive: { en: 'intensive support (積極的支援)', ja: '積極的支援' },
  motivational: { en: 'motivational support (動機付け支援)', ja: '動機付け支援' },
  'motivational-equivalent': { en: 'motivational-equivalent support (動機付け支援相当)', ja: '動機付け支援相当' },
};

/** The voucher a purpose needs: 特定健診 and 人間ドック a 受診券, 特定保健指導 a 利用券. */
const KIND_FOR_PURPOSE: Record<CheckPurpose, VoucherKind> = {
  'specific-checkup': 'checkup',
  'comprehensive-checkup': 'checkup',
  'specific-guidance': 'guidance',
};

/** Whether a contract is one the voucher was issued for: the same kind, and the same organisation when both name one. */
function issuedFor(coordinator: VoucherCoordinator | undefined, contract: Contract): boolean {
  if (!coordinator) return true;
  if (coordinator.kind !== contract.kind) return false;
  const voucherOrg = coordinator.organisation?.id;
  const contractOrg = contract.coordinator?.id;
  return voucherOrg === undefined || contractOrg === undefined || voucherOrg === contractOrg;
}

const coordinatorLabel = (c: VoucherCoordinator) => ({
  en: `${CONTRACT_LABEL[c.kind].en}${c.organisation ? ` of ${c.organisation.name}` : ''}`,
  ja: `${CONTRACT_LABEL[c.kind].ja}${c.organisation ? `（${c.organisation.name}）` : ''}`,
});

/**
 * Decides whether the visitor may be checked under the voucher they present (DESIGN: "Rules"), in
 * the order an experienced desk would check: the eligibility answer, the voucher's kind against the
 * purpose, the contracts, the validity, the insurer's record, the loss of eligibility, the insurer,
 * the member. Several candidates or an unavailable upstream (needs-manual-check, which staff may
 * settle by phone) is said only once the voucher itself passes — a phone call cannot cure a voucher
 * of the wrong kind or contract — so a settled decision never needs the voucher checked again.
 * `matched` is provisional: the voucher must still be claimed (afterClaim).
 */
export function decide(input: MatchInput): MatchDecision {
  const comparedSources: ComparedSource[] = ['presented-voucher'];
  if (input.record) comparedSources.push('imported-voucher');
  comparedSources.push(input.eligibility.source === 'online' ? 'online-eligibility' : 'transcribed-eligibility');
  const consultedContracts = (d: Partial3) =>
    ['voucher-kind-mismatch', 'no-qualification', 'changed-insurer'].includes(d.outcome)
      ? comparedSources
      : [...comparedSources, 'contract'];
  const decided = judge(input);
  const transcribed = input.eligibility.source === 'transcribed';
  return {
    ...decided,
    reason: transcribed ? `${decided.reason} ${TRANSCRIBED.en}` : decided.reason,
    reasonJa: transcribed ? `${decided.reasonJa}${TRANSCRIBED.ja}` : decided.reasonJa,
    source: input.eligibility.source,
    method: input.eligibility.source === 'online' ? 'mynumber-card' : input.eligibility.method,
    verifiedOnline: !transcribed,
    comparedSources: consultedContracts(decided) as ComparedSource[],
  };
}

/**
 * A legacy request (v1) names only the voucher number, and insurers number their vouchers themselves:
 * no imported voucher with that number, or several insurers' vouchers with it, and the voucher cannot
 * be identified. The desk presents the voucher again with its insurer number.
 */
export function unidentifiedVoucher(found: 'none' | 'several', eligibility: Eligibility): MatchDecision {
  const transcribed = eligibility.source === 'transcribed';
  const decided =
    found === 'none'
      ? {
          outcome: 'voucher-not-found' as const,
          reason: 'No imported voucher has this number; present the voucher again with the insurer number printed on it.',
          reasonJa: 'この整理番号の券が登録されていません。券面の保険者番号とあわせて再度入力してください。',
        }
      : {
          outcome: 'needs-manual-check' as const,
          reason: 'Several insurers issued a voucher with this number; present the voucher again with the insurer number printed on it.',
          reasonJa: '同じ整理番号の券が複数の保険者にあります。券面の保険者番号とあわせて再度入力してください。',
        };
  return {
    ...decided,
    reason: transcribed ? `${decided.reason} ${TRANSCRIBED.en}` : decided.reason,
    reasonJa: transcribed ? `${decided.reasonJa}${TRANSCRIBED.ja}` : decided.reasonJa,
    source: eligibility.source,
    method: eligibility.source === 'online' ? 'mynumber-card' : eligibility.method,
    verifiedOnline: !transcribed,
    comparedSources: ['imported-voucher', eligibility.source === 'online' ? 'online-eligibility' : 'transcribed-eligibility'],
  };
}

/** A legacy request's voucher, read from the one imported record with its number: presented as the insurer listed it. */
export function presentedFromRecord(key: VoucherKey, record: Omit<ImportedRecord, 'member'>): PresentedVoucher {
  return {
    ...key,
    voucherKind: record.voucherKind,
    validUntil: record.validUntil,
    ...(record.guidanceLevel ? { guidanceLevel: record.guidanceLevel } : {}),
    copayments: record.copayments,
    ...(record.insurerUpperLimit !== undefined ? { insurerUpperLimit: record.insurerUpperLimit } : {}),
    ...(record.coordinator ? { coordinator: record.coordinator } : {}),
  };
}

function judge(input: MatchInput): Partial3 {
  const { checkupDate, purpose, voucher, record, eligibility, sealer } = input;
  const insurerNumber = comparableInsurerNumber(voucher.insurerNumber);

  // 1. The eligibility answer: nobody, or another insurer now.
  if (eligibility.source === 'online') {
    const r = eligibility.result;
    if (r.status === 'not-found') return { ...NO_QUALIFICATION };
    if (r.status === 'changed-insurer')
      return {
        outcome: 'changed-insurer',
        reason: 'The visitor’s qualification was replaced by a newer one (another insurer): the new insurer’s voucher is needed.',
        reasonJa: '資格が新しい保険者に変わっています。新しい保険者の受診券（利用券）をお持ちいただいてください。',
        insurerNumber: comparableInsurerNumber(r.qualification.insurerNumber),
      };
  }

  // 2. The voucher's kind against the purpose.
  const needed = KIND_FOR_PURPOSE[purpose];
  if (voucher.voucherKind !== needed)
    return {
      outcome: 'voucher-kind-mismatch',
      reason: `This visit needs a ${KIND_LABEL[needed].en}; the visitor presented a ${KIND_LABEL[voucher.voucherKind].en}.`,
      reasonJa: `この受診には${KIND_LABEL[needed].ja}が必要です（提示されたのは${KIND_LABEL[voucher.voucherKind].ja}です）。正しい券をご提示ください。`,
      insurerNumber,
    };

  // 3. The contracts: one must cover, be the one the voucher was issued for, and cover a 利用券's level.
  if (input.contracts.length === 0)
    return {
      outcome: 'not-contracted',
      reason:
        'No collective or individual contract lets this institution serve this insurer’s vouchers for this purpose on the checkup date.',
      reasonJa: 'この保険者の券をこの目的で受ける契約がありません（集合契約・個別契約とも）。保険者にご確認ください。',
      insurerNumber,
    };
  const issued = input.contracts.filter((c) => issuedFor(voucher.coordinator, c));
  if (issued.length === 0) {
    const printed = coordinatorLabel(voucher.coordinator!);
    const ours = [...new Set(input.contracts.map((c) => CONTRACT_LABEL[c.kind]))];
    return {
      outcome: 'coordinator-mismatch',
      reason: `The voucher was issued for ${printed.en}; this institution serves the insurer under ${ours.map((l) => l.en).join(', ')} only.`,
      reasonJa: `この券は${printed.ja}用です。当機関はこの保険者を${ours.map((l) => l.ja).join('・')}でのみ受けています。保険者にご確認ください。`,
      insurerNumber,
    };
  }
  const level = voucher.guidanceLevel;
  const contract = level === undefined ? issued[0]! : issued.find((c) => !c.guidanceLevels || c.guidanceLevels.includes(level));
  if (!contract)
    return {
      outcome: 'guidance-level-not-covered',
      reason: `The institution’s contract does not cover ${LEVEL_LABEL[level!].en}.`,
      reasonJa: `当機関の契約は${LEVEL_LABEL[level!].ja}を対象としていません。対象の機関をご案内ください。`,
      insurerNumber,
    };
  const under = { contractId: contract.contractId };
  // What a match collects — also kept with a settleable outcome, for the settlement.
  const ifMatched = { ...under, collect: deskCollection(voucher, contract.unitPrices), covers: coverageOf(voucher) };

  // 4. Validity.
  if (checkupDate > voucher.validUntil)
    return {
      outcome: 'voucher-expired',
      reason: `The voucher expired on ${voucher.validUntil}.`,
      reasonJa: `券の有効期限（${voucher.validUntil}）が過ぎています。保険者に再発行をご相談ください。`,
      insurerNumber,
      ...under,
    };
  if (record && checkupDate < record.validFrom)
    return {
      outcome: 'voucher-not-yet-valid',
      reason: `The voucher is valid from ${record.validFrom}.`,
      reasonJa: `券は${record.validFrom}から有効です。有効期間内に受診してください。`,
      insurerNumber,
      ...under,
    };

  const member = memberOf(eligibility);
  // The answer's member sealed under the record's key, once for steps 5 and 8 (five HMACs each).
  const keyId = record ? keyIdOf(record.member) : undefined;
  let answerSealed: MemberSeal | undefined;
  const answerSeal = () => (answerSealed ??= sealer.seal(member!, keyId));

  // 5. The insurer's record, if one was imported: every printed field as the insurer listed it.
  if (record) {
    const printed = member ? sealPrinted(voucher, member, answerSeal, sealer, keyId!) : {};
    const differences = recordDifferences(voucher, record, printed);
    if (differences.length)
      return {
        outcome: 'voucher-differs-from-record',
        reason: `The presented voucher differs from the insurer’s record in: ${differences.join(', ')}.`,
        reasonJa: `提示された券が保険者の登録内容と異なります（${differences.join('、')}）。券面を確認し、保険者にご確認ください。`,
        differences,
        insurerNumber,
        ...under,
      };
  }

  // Several candidates, or no answer: staff confirm with the insurer (settleable).
  if (eligibility.source === 'online') {
    const r = eligibility.result;
    if (r.status === 'multiple')
      return {
        outcome: 'needs-manual-check',
        reason: `The national system returned ${r.candidates} matching qualifications (複数該当); confirm with the insurer, then settle.`,
        reasonJa: `該当する資格が${r.candidates}件あります。保険者に確認のうえ、確認済みとして登録してください。`,
        insurerNumber,
        ...ifMatched,
      };
    if (r.status === 'unavailable')
      return {
        outcome: 'needs-manual-check',
        reason:
          'The national eligibility system did not answer; confirm eligibility with the insurer or another method, then settle, or retry.',
        reasonJa: 'オンライン資格確認の応答がありません。再試行するか、保険者に確認のうえ確認済みとして登録してください。',
        insurerNumber,
        ...ifMatched,
      };
  }
  const m = member!;

  // 6. Eligibility lost by the checkup date.
  if (eligibility.source === 'transcribed' && eligibility.eligibility.validUntil && eligibility.eligibility.validUntil < checkupDate)
    return {
      outcome: 'eligibility-lost',
      reason: `The eligibility certificate (資格確認書) expired on ${eligibility.eligibility.validUntil}.`,
      reasonJa: `資格確認書の有効期限（${eligibility.eligibility.validUntil}）が過ぎています。有効な資格確認書かマイナ保険証をご提示ください。`,
      insurerNumber: comparableInsurerNumber(m.insurerNumber),
      ...under,
    };
  const lostOn = eligibility.source === 'online' && eligibility.result.status === 'lost' ? eligibility.result.lostOn : m.lostOn;
  if (lostOn && lostOn <= checkupDate)
    return {
      outcome: 'eligibility-lost',
      reason: `The qualification was lost on ${lostOn}, on or before the checkup date.`,
      reasonJa: `資格を${lostOn}に喪失しています。現在の保険者の受診券と資格をご確認ください。`,
      insurerNumber: comparableInsurerNumber(m.insurerNumber),
      ...under,
    };

  // 7. The insurer: the one that issued the voucher must be the visitor's.
  if (comparableInsurerNumber(m.insurerNumber) !== insurerNumber)
    return {
      outcome: 'insurer-mismatch',
      reason: 'The visitor belongs to another insurer than the one that issued the voucher.',
      reasonJa: '受診者の保険者と券の保険者が異なります。現在の保険者の券をご提示ください。',
      insurerNumber: comparableInsurerNumber(m.insurerNumber),
      ...under,
    };

  // 8. The member: printed 記号・番号 against the answer, and the record's member against the answer.
  const field = printedMismatch(voucher, m) ?? (record ? firstMemberMismatch(record.member, answerSeal()) : undefined);
  if (field)
    return {
      outcome: 'member-mismatch',
      reason: `The ${FIELD_LABEL[field].en} differs between the voucher and the qualification; check the voucher, or settle (same person, or confirmed with the insurer).`,
      reasonJa: `券と資格情報で${FIELD_LABEL[field].ja}が異なります。券面を確認し、同一人物であれば確認済みとして登録してください。`,
      mismatchedField: field,
      insurerNumber,
      ...ifMatched,
    };

  // 9. Matched (provisionally: the claim follows).
  const collect = collectSentence(ifMatched.collect);
  return {
    outcome: 'matched',
    reason: `Eligibility confirmed and the voucher belongs to the visitor. ${collect.en}`,
    reasonJa: `資格と券を確認しました。${collect.ja}`,
    insurerNumber,
    ...ifMatched,
  };
}
