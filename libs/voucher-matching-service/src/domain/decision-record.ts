/** A decision after the claim, as stored (no personal data) and as announced (verification.outcome v3/v4). */
import {
  draft,
  VerificationOutcomeV3,
  VerificationOutcomeV4,
  type CheckPurpose,
  type ComparedSource,
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
  type PresentedVoucher,
  type Settlement,
  type VerificationOutcomeKindV3,
  type VoucherCoordinator,
  type VoucherCoverage,
  type VoucherKey,
  type VoucherKind,
  type VoucherPart,
} from '@hcv/contracts';
import { collectSentence, visitParts } from './desk-collection';
import { TRANSCRIBED, type MatchDecision } from './match-decision';

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
