/** The shapes a matching decision is made from and made of, and the helpers every part of it shares. */
import {
  type CheckPurpose,
  type ComparedSource,
  type Copayments,
  type DeskCollection,
  type EligibilityMethodV2,
  type EligibilitySource,
  type FirstUseV2,
  type GuidanceLevel,
  type LookupResultV2,
  type PresentedVoucher,
  type Settlement,
  type TranscribedEligibility,
  type VerificationOutcomeKindV3,
  type VoucherCoordinator,
  type VoucherCoverage,
  type VoucherDifference,
  type VoucherKind,
} from '@hcv/contracts';
import { normalizeInsurerNumber } from '@hcv/domain';
import type { Contract } from './contract';
import type { MemberFields, MemberSeal, MemberSealer } from './voucher';

export type MemberField = 'symbol' | 'number' | 'branch' | 'name' | 'birthDate';

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

/** The insurer number as compared: trimmed, digits width-folded, an 8-digit "00" + 6-digit 国保 number folded to its 6 digits. */
export function comparableInsurerNumber(value: string): string {
  const n = normalizeInsurerNumber(value);
  return /^00\d{6}$/.test(n) ? n.slice(2) : n;
}

/** The member fields an eligibility answer gives (null when it gives none: not found, several, unavailable). */
export function memberOf(eligibility: Eligibility): (MemberFields & { insurerNumber: string; lostOn?: string }) | null {
  if (eligibility.source === 'transcribed') return eligibility.eligibility;
  const r = eligibility.result;
  return r.status === 'eligible' || r.status === 'lost' || r.status === 'changed-insurer' ? r.qualification : null;
}

export const TRANSCRIBED = {
  en: 'Not verified online: eligibility was transcribed from a document.',
  ja: 'オンライン資格確認ではありません（書類の転記）。',
};

export type Sentences = { reason: string; reasonJa: string };
export type Partial3 = Sentences &
  Pick<MatchDecision, 'differences' | 'mismatchedField' | 'insurerNumber' | 'contractId' | 'collect' | 'covers'> & {
    outcome: VerificationOutcomeKindV3;
  };

/** The national system knows no such qualification (該当資格なし): the same answer with or without a voucher. */
export const NO_QUALIFICATION: Partial3 = {
  outcome: 'no-qualification',
  reason:
    'The national system has no matching qualification (該当資格なし): re-read the card, or retry later — a same-day enrolment can take up to 5 days to register.',
  reasonJa: '該当する資格が見つかりません。カードを読み直すか、後ほど再確認してください（加入直後は登録まで最大5日かかります）。',
};
