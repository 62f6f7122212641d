import {
  draft,
  VerificationOutcomeV3,
  VerificationOutcomeV4,
  type CheckPurpose,
  type ComparedSource,
  type Copayment,
  type Copayments,
  type DataOf,
  type Decision,
  type DeskCollection,
  type EventDraft,
  type EligibilityMethodV2,
  type EligibilitySource,
  type FirstUseV2,
  type GuidanceLevel,
  type GuidanceStep,
  type LookupResultV2,
  type PresentedVoucher,
  type Settlement,
  type TranscribedEligibility,
  type VerificationOutcomeKindV3,
  type VoucherCoordinator,
  type VoucherCoverage,
  type VoucherDifference,
  type VoucherKey,
  type VoucherKind,
  type VoucherPart,
} from '@hcv/contracts';
import { normalizeInsurerNumber } from '@hcv/domain';
import type { Contract } from './contract';
import { normaliseMemberField } from './member-normalise';
import { keyIdOf, type MemberFields, type MemberSeal, type MemberSealer } from './voucher';

export type MemberField = 'symbol' | 'number' | 'branch' | 'name' | 'birthDate';

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

const PART_LABEL: Record<VoucherPart, string> = {
  basic: '基本的な健診',
  detailed: '詳細な健診',
  additional: '追加健診',
  comprehensive: '人間ドック',
  guidance: '特定保健指導',
};

/** The voucher a purpose needs: 特定健診 and 人間ドック a 受診券, 特定保健指導 a 利用券. */
const KIND_FOR_PURPOSE: Record<CheckPurpose, VoucherKind> = {
  'specific-checkup': 'checkup',
  'comprehensive-checkup': 'checkup',
  'specific-guidance': 'guidance',
};

/**
 * The eligibility a decision is built on: the online check's answer (through the national system), or
 * what staff transcribed from an alternative document (no insurer answered online).
 */
export type Eligibility =
  | { source: 'online'; result: LookupResultV2 }
  | { source: 'transcribed'; method: Exclude<EligibilityMethodV2, 'mynumber-card'>; eligibility: TranscribedEligibility };

/** The imported record a presented voucher is checked against: the insurer's fields, its member sealed. */
export interface ImportedRecord {
  voucherKind: VoucherKind;
  validFrom: string;
  validUntil: string;
  guidanceLevel?: GuidanceLevel;
  copayments: Copayments;
  insurerUpperLimit?: number;
  coordinator?: VoucherCoordinator;
  member: MemberSeal;
}

/** What a matching decision is asked about: the visit, the voucher as presented, and what is known of it. */
export interface MatchInput {
  checkupDate: string;
  purpose: CheckPurpose;
  voucher: PresentedVoucher;
  /** The insurer's record of this voucher (its current one, after any re-issue), or null when none was imported. */
  record: ImportedRecord | null;
  /** Every contract covering the voucher's insurer × this institution × the purpose × the date. */
  contracts: readonly Contract[];
  eligibility: Eligibility;
  /** Seals member fields the way the record's were sealed at import. */
  sealer: MemberSealer;
}

/**
 * One decision: the outcome, the sentences (English for logs and staff tools, Japanese for the desk,
 * with the next step; never personal data), where the eligibility came from and what was compared,
 * and — for a match, or a settleable outcome once settled — what the desk collects and what the
 * voucher covers.
 */
export interface MatchDecision {
  outcome: VerificationOutcomeKindV3;
  reason: string;
  reasonJa: string;
  source: EligibilitySource;
  method: EligibilityMethodV2;
  verifiedOnline: boolean;
  comparedSources: ComparedSource[];
  differences?: VoucherDifference[];
  mismatchedField?: MemberField;
  insurerNumber?: string;
  contractId?: string;
  collect?: DeskCollection;
  covers?: VoucherCoverage;
  firstUse?: FirstUseV2;
  settlement?: Settlement;
}

/** Outcomes staff may settle (by phone with the insurer, or "same person"). */
export const SETTLEABLE: readonly VerificationOutcomeKindV3[] = ['needs-manual-check', 'member-mismatch'];

/**
 * The first member field where two sealed members differ, in the order an operator checks them. Both
 * sides are keyed digests of the normalised values (normaliseMemberField), so equal digests are equal
 * values as the matcher compares them. A branch (枝番) is compared only when both give one.
 */
export function firstMemberMismatch(a: MemberSeal, b: MemberSeal): MemberField | undefined {
  if (a.symbol !== b.symbol) return 'symbol';
  if (a.number !== b.number) return 'number';
  if (a.branch !== undefined && b.branch !== undefined && a.branch !== b.branch) return 'branch';
  if (a.name !== b.name) return 'name';
  if (a.birthDate !== b.birthDate) return 'birthDate';
  return undefined;
}

/** The insurer number as compared: trimmed, digits width-folded, an 8-digit "00" + 6-digit 国保 number folded to its 6 digits. */
export function comparableInsurerNumber(value: string): string {
  const n = normalizeInsurerNumber(value);
  return /^00\d{6}$/.test(n) ? n.slice(2) : n;
}

/** The parts this visit does: those the desk names, else every part the voucher prints a 窓口負担 for. */
export function visitParts(voucher: Pick<PresentedVoucher, 'parts' | 'copayments'>): VoucherPart[] {
  return voucher.parts ?? coveredParts(voucher.copayments);
}

function coveredParts(copayments: Copayments): VoucherPart[] {
  return (Object.keys(copayments) as VoucherPart[]).filter((p) => copayments[p] !== undefined);
}

/**
 * Yen to collect for one part. A rate is a percentage of the contract's unit price, rounded half up
 * to the yen (0.5 yen and more → up): the voucher prints no rounding rule, and this is a setting a
 * contract could override in a later version. An insurer's upper limit leaves the visitor the unit
 * price above it, never less than 0. Without the unit price the yen is unknown (the desk uses its
 * price list).
 */
export function yenToCollect(
  copayment: Copayment,
  unitPrice: number | undefined,
  insurerUpperLimit: number | undefined,
): number | undefined {
  switch (copayment.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return copayment.amount;
    case 'rate':
      return unitPrice === undefined ? undefined : Math.floor((unitPrice * copayment.percent) / 100 + 0.5);
    case 'upper-limit':
      return unitPrice === undefined || insurerUpperLimit === undefined ? undefined : Math.max(0, unitPrice - insurerUpperLimit);
  }
}

/** What the desk collects at this visit, part by part of the visit that the voucher covers; the total when every line is known. */
export function deskCollection(
  voucher: Pick<PresentedVoucher, 'parts' | 'copayments' | 'insurerUpperLimit'>,
  unitPrices: Contract['unitPrices'],
): DeskCollection {
  const lines = visitParts(voucher).flatMap((part) => {
    const copayment = voucher.copayments[part];
    if (!copayment) return [];
    const unitPrice = unitPrices?.[part];
    const yen = yenToCollect(copayment, unitPrice, voucher.insurerUpperLimit);
    return [{ part, copayment, ...(yen !== undefined ? { yen } : {}), ...(unitPrice !== undefined ? { unitPrice } : {}) }];
  });
  const known = lines.every((l) => l.yen !== undefined);
  return {
    lines,
    ...(known ? { totalYen: lines.reduce((sum, l) => sum + (l.yen ?? 0), 0) } : {}),
    ...(voucher.insurerUpperLimit !== undefined ? { insurerUpperLimit: voucher.insurerUpperLimit } : {}),
  };
}

/** What the voucher covers: the parts it prints a 窓口負担 for and, for a 利用券, its level. */
export function coverageOf(voucher: Pick<PresentedVoucher, 'copayments' | 'guidanceLevel'>): VoucherCoverage {
  return { parts: coveredParts(voucher.copayments), ...(voucher.guidanceLevel ? { guidanceLevel: voucher.guidanceLevel } : {}) };
}

/** Copayments as compared: part by part, the same kind and value. */
function sameCopayments(a: Copayments, b: Copayments): boolean {
  const parts = new Set([...coveredParts(a), ...coveredParts(b)]);
  return [...parts].every((p) => JSON.stringify(canonical(a[p])) === JSON.stringify(canonical(b[p])));
}
const canonical = (c: Copayment | undefined) => (c ? Object.fromEntries(Object.entries(c).sort(([x], [y]) => x.localeCompare(y))) : null);

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

/** The fields of the presented voucher that differ from the record (named, never their values). */
export function recordDifferences(
  voucher: PresentedVoucher,
  record: ImportedRecord,
  sealedPrinted: { symbol?: string; number?: string },
): VoucherDifference[] {
  const differences: VoucherDifference[] = [];
  if (voucher.voucherKind !== record.voucherKind) differences.push('voucherKind');
  if (voucher.validUntil !== record.validUntil) differences.push('validUntil');
  if ((voucher.guidanceLevel !== undefined || record.guidanceLevel !== undefined) && voucher.guidanceLevel !== record.guidanceLevel)
    differences.push('guidanceLevel');
  if (!sameCopayments(voucher.copayments, record.copayments)) differences.push('copayments');
  if (voucher.insurerUpperLimit !== undefined && voucher.insurerUpperLimit !== record.insurerUpperLimit)
    differences.push('insurerUpperLimit');
  if (voucher.coordinator && record.coordinator) {
    const vo = voucher.coordinator.organisation?.id;
    const ro = record.coordinator.organisation?.id;
    if (voucher.coordinator.kind !== record.coordinator.kind || (vo !== undefined && ro !== undefined && vo !== ro))
      differences.push('coordinator');
  }
  if (sealedPrinted.symbol !== undefined && sealedPrinted.symbol !== record.member.symbol) differences.push('symbol');
  if (sealedPrinted.number !== undefined && sealedPrinted.number !== record.member.number) differences.push('number');
  return differences;
}

/** The member fields an eligibility answer gives (null when it gives none: not found, several, unavailable). */
function memberOf(eligibility: Eligibility): (MemberFields & { insurerNumber: string; lostOn?: string }) | null {
  if (eligibility.source === 'transcribed') return eligibility.eligibility;
  const r = eligibility.result;
  return r.status === 'eligible' || r.status === 'lost' || r.status === 'changed-insurer' ? r.qualification : null;
}

const TRANSCRIBED = {
  en: 'Not verified online: eligibility was transcribed from a document.',
  ja: 'オンライン資格確認ではありません（書類の転記）。',
};

type Sentences = { reason: string; reasonJa: string };
type Partial3 = Sentences &
  Pick<MatchDecision, 'differences' | 'mismatchedField' | 'insurerNumber' | 'contractId' | 'collect' | 'covers'> & {
    outcome: VerificationOutcomeKindV3;
  };

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
    if (r.status === 'not-found')
      return {
        outcome: 'no-qualification',
        reason:
          'The national system has no matching qualification (該当資格なし): re-read the card, or retry later — a same-day enrolment can take up to 5 days to register.',
        reasonJa: '該当する資格が見つかりません。カードを読み直すか、後ほど再確認してください（加入直後は登録まで最大5日かかります）。',
      };
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

  // 5. The insurer's record, if one was imported: every printed field as the insurer listed it.
  if (record) {
    const printed = member ? sealPrinted(voucher, member, sealer, keyIdOf(record.member)) : {};
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
  const field =
    printedMismatch(voucher, m) ?? (record ? firstMemberMismatch(record.member, sealer.seal(m, keyIdOf(record.member))) : undefined);
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
    if (r.status === 'not-found')
      return {
        outcome: 'no-qualification',
        reason:
          'The national system has no matching qualification (該当資格なし): re-read the card, or retry later — a same-day enrolment can take up to 5 days to register.',
        reasonJa: '該当する資格が見つかりません。カードを読み直すか、後ほど再確認してください（加入直後は登録まで最大5日かかります）。',
      };
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

/** The printed 記号・番号 sealed as the record's member was, under its key (only those the voucher prints). */
function sealPrinted(
  voucher: PresentedVoucher,
  member: MemberFields,
  sealer: MemberSealer,
  keyId: string,
): { symbol?: string; number?: string } {
  if (voucher.symbol === undefined && voucher.number === undefined) return {};
  const sealed = sealer.seal({ ...member, symbol: voucher.symbol ?? member.symbol, number: voucher.number ?? member.number }, keyId);
  return {
    ...(voucher.symbol !== undefined ? { symbol: sealed.symbol } : {}),
    ...(voucher.number !== undefined ? { number: sealed.number } : {}),
  };
}

/** The printed 記号・番号 against the eligibility answer (both in memory, compared as the sealer normalises them). */
function printedMismatch(voucher: PresentedVoucher, member: MemberFields): MemberField | undefined {
  if (voucher.symbol !== undefined && normaliseMemberField('symbol', voucher.symbol) !== normaliseMemberField('symbol', member.symbol))
    return 'symbol';
  if (voucher.number !== undefined && normaliseMemberField('number', voucher.number) !== normaliseMemberField('number', member.number))
    return 'number';
  return undefined;
}

/** What `toLocaleString('en-US')` gives (digits grouped by commas), its formatter made once instead of per call. */
const YEN_DIGITS = new Intl.NumberFormat('en-US');

/** The desk's sentence for what to collect: the total, or the parts whose yen depends on the institution's price. */
export function collectSentence(collect: DeskCollection): { en: string; ja: string } {
  if (collect.totalYen !== undefined)
    return { en: `Collect ${collect.totalYen} yen.`, ja: `窓口負担は${YEN_DIGITS.format(collect.totalYen)}円です。` };
  const unknown = collect.lines.filter((l) => l.yen === undefined).map((l) => l.part);
  return {
    en: `The amount to collect for ${unknown.join(', ')} depends on the unit price: see the contract.`,
    ja: `${unknown.map((p) => PART_LABEL[p]).join('・')}の窓口負担は契約単価により異なります。契約をご確認ください。`,
  };
}

/** A time as the desk reads it: Japan Standard Time, minutes. */
export function inJst(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 16)} JST`;
}

/** What a claim answered: granted, or the first use that holds the voucher. */
export type ClaimAnswer = { granted: true } | { granted: false; firstUse: FirstUseV2 };

/** After the claim: matched if granted, otherwise already used — where (the site by name) and when (JST). */
export function afterClaim(decision: MatchDecision, answer: ClaimAnswer): MatchDecision {
  if (answer.granted) return decision;
  const first = answer.firstUse;
  const where = first.siteName ?? first.siteId;
  const firstUse: FirstUseV2 = {
    siteId: first.siteId,
    ...(first.siteName ? { siteName: first.siteName } : {}),
    ...(first.onlineEligibilityCode !== undefined
      ? { onlineEligibilityCode: first.onlineEligibilityCode }
      : { institutionNumber: first.institutionNumber! }),
    at: first.at,
  };
  const by = usedBy(firstUse);
  const { collect: _collect, covers: _covers, ...rest } = decision;
  return {
    ...rest,
    outcome: 'voucher-already-used',
    reason: `The voucher was already used at ${where} (${by.en}) on ${inJst(first.at)}.`,
    reasonJa: `この券は${inJst(first.at)}に${where}（${by.ja}）で使用済みです。保険者にご確認ください。`,
    firstUse,
  };
}

/** What a settlement needs of a decision later, without personal data (no 記号・番号, names, birth dates). */
export interface DecidedVoucher {
  key: VoucherKey;
  voucherKind: VoucherKind;
  parts: VoucherPart[];
  guidanceStep?: GuidanceStep;
  guidanceLevel?: GuidanceLevel;
  copayments: Copayments;
  insurerUpperLimit?: number;
  coordinator?: VoucherCoordinator;
}

/** The request a decision answered, as kept with it. */
export interface DecidedRequest {
  sessionId: string;
  /** Who ran the visit: an institution, or an insurer running checkups itself (its code) — exactly one. */
  institutionNumber?: string;
  onlineEligibilityCode?: string;
  siteId: string;
  purpose: CheckPurpose;
  checkupDate: string;
  /** Absent when no voucher could be identified (a legacy request whose number matched none or several). */
  voucher?: DecidedVoucher;
}

/** The record of one matching decision, keyed by the event decided on (or `settlement:<session>` for a settlement). */
export interface DecisionRecord {
  causationId: string;
  sessionId: string;
  outcome: VerificationOutcomeKindV3;
  decidedAt: string;
  request: DecidedRequest;
  source: EligibilitySource;
  method: EligibilityMethodV2;
  verifiedOnline: boolean;
  comparedSources: ComparedSource[];
  insurerNumber?: string;
  contractId?: string;
  collect?: DeskCollection;
  covers?: VoucherCoverage;
  settlement?: Settlement;
}

/** A presented voucher as a decision keeps it: no 記号・番号. */
export function decidedVoucher(voucher: PresentedVoucher): DecidedVoucher {
  return {
    key: { insurerNumber: voucher.insurerNumber, voucherNumber: voucher.voucherNumber },
    voucherKind: voucher.voucherKind,
    parts: visitParts(voucher),
    ...(voucher.guidanceStep ? { guidanceStep: voucher.guidanceStep } : {}),
    ...(voucher.guidanceLevel ? { guidanceLevel: voucher.guidanceLevel } : {}),
    copayments: voucher.copayments,
    ...(voucher.insurerUpperLimit !== undefined ? { insurerUpperLimit: voucher.insurerUpperLimit } : {}),
    ...(voucher.coordinator ? { coordinator: voucher.coordinator } : {}),
  };
}

/** The decision of one request, stored once, and the verification.outcome v3 announcing it. */
export function recordDecision(request: DecidedRequest, decision: MatchDecision, causationId: string, at: Date): Decision<DecisionRecord> {
  const decidedAt = at.toISOString();
  const optional = {
    ...(decision.insurerNumber ? { insurerNumber: decision.insurerNumber } : {}),
    ...(decision.contractId ? { contractId: decision.contractId } : {}),
    ...(decision.collect ? { collect: decision.collect } : {}),
    ...(decision.covers ? { covers: decision.covers } : {}),
    ...(decision.settlement ? { settlement: decision.settlement } : {}),
  };
  // A settleable outcome keeps what a match would collect (for the settlement); the event carries it only for a match.
  const announced = decision.outcome === 'matched' || decision.outcome === 'matched-after-settlement';
  return {
    state: {
      causationId,
      sessionId: request.sessionId,
      outcome: decision.outcome,
      decidedAt,
      request,
      source: decision.source,
      method: decision.method,
      verifiedOnline: decision.verifiedOnline,
      comparedSources: decision.comparedSources,
      ...optional,
    },
    events: [
      outcomeEvent(request, {
        sessionId: request.sessionId,
        siteId: request.siteId,
        ...(request.voucher ? { voucher: request.voucher.key } : {}),
        outcome: decision.outcome,
        reason: decision.reason,
        reasonJa: decision.reasonJa,
        source: decision.source,
        method: decision.method,
        verifiedOnline: decision.verifiedOnline,
        comparedSources: decision.comparedSources,
        ...(decision.differences?.length ? { differences: decision.differences } : {}),
        ...(decision.mismatchedField ? { mismatchedField: decision.mismatchedField } : {}),
        ...(decision.insurerNumber ? { insurerNumber: decision.insurerNumber } : {}),
        ...(decision.contractId ? { contractId: decision.contractId } : {}),
        ...(announced && decision.collect ? { collect: decision.collect } : {}),
        ...(announced && decision.covers ? { covers: decision.covers } : {}),
        ...(decision.firstUse ? { firstUse: decision.firstUse } : {}),
        ...(decision.settlement ? { settlement: decision.settlement } : {}),
        decidedAt,
      }),
    ],
  };
}

/**
 * Staff settle a needs-manual-check or member-mismatch: the decision becomes matched-after-settlement
 * with what the desk collects (kept from the decision) — claimed like a match, by the caller.
 */
export function settledDecision(decided: DecisionRecord, settlement: Settlement): MatchDecision {
  const how =
    settlement.kind === 'insurer-confirmed'
      ? { en: 'confirmed with the insurer', ja: '保険者に確認済み' }
      : { en: 'judged the same person by staff', ja: '職員が同一人物と確認' };
  const collect = decided.collect ? collectSentence(decided.collect) : { en: '', ja: '' };
  const online = decided.verifiedOnline ? { en: '', ja: '' } : TRANSCRIBED;
  return {
    outcome: 'matched-after-settlement',
    reason: `Settled (${how.en}) by ${settlement.by}. ${collect.en} ${online.en}`.replace(/\s+/g, ' ').trim(),
    reasonJa: `確認済み（${how.ja}）として受け付けました。${collect.ja}${online.ja}`,
    source: decided.source,
    method: decided.method,
    verifiedOnline: decided.verifiedOnline,
    comparedSources: decided.comparedSources,
    ...(decided.insurerNumber ? { insurerNumber: decided.insurerNumber } : {}),
    ...(decided.contractId ? { contractId: decided.contractId } : {}),
    ...(decided.collect ? { collect: decided.collect } : {}),
    ...(decided.covers ? { covers: decided.covers } : {}),
    settlement,
  };
}

/** Who used a voucher first, as a sentence names it: an institution by its number, an insurer by its code. */
export function usedBy(first: FirstUseV2): { en: string; ja: string } {
  return first.onlineEligibilityCode !== undefined
    ? { en: `insurer code ${first.onlineEligibilityCode}`, ja: `保険者 オンライン資格確認用コード ${first.onlineEligibilityCode}` }
    : { en: `institution ${first.institutionNumber}`, ja: `機関番号 ${first.institutionNumber}` };
}

type OutcomeData = Omit<DataOf<typeof VerificationOutcomeV4>, 'institutionNumber' | 'onlineEligibilityCode'>;

/**
 * The outcome on the version that names the session's operator: v4 for an insurer's session, v3 for an
 * institution's (whose earlier use by an insurer, which v3 cannot name, is told by the sentence only).
 */
function outcomeEvent(request: DecidedRequest, data: OutcomeData): EventDraft {
  if (request.onlineEligibilityCode !== undefined)
    return draft(VerificationOutcomeV4, { ...data, onlineEligibilityCode: request.onlineEligibilityCode });
  const { firstUse, ...rest } = data;
  const v3FirstUse = firstUse?.institutionNumber !== undefined ? { ...firstUse, institutionNumber: firstUse.institutionNumber } : undefined;
  return draft(VerificationOutcomeV3, {
    ...rest,
    institutionNumber: request.institutionNumber!,
    ...(v3FirstUse
      ? {
          firstUse: {
            siteId: v3FirstUse.siteId,
            ...(v3FirstUse.siteName ? { siteName: v3FirstUse.siteName } : {}),
            institutionNumber: v3FirstUse.institutionNumber,
            at: v3FirstUse.at,
          },
        }
      : {}),
  });
}
