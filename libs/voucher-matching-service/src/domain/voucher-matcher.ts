import {
  draft,
  VerificationOutcomeV2,
  type Decision,
  type LookupRequestEcho,
  type LookupResult,
  type TranscribedEligibility,
  type VerificationOutcomeKindV2,
} from '@hcv/contracts';
import type { z } from 'zod';
import type { MemberSeal, MemberSealer, Voucher, VoucherUse } from './voucher';

export type MemberField = 'symbol' | 'number' | 'branch' | 'name' | 'birthDate';

export interface MatchDecision {
  outcome: VerificationOutcomeKindV2;
  /** A sentence for the operator; never personal data. */
  reason: string;
  mismatchedField?: MemberField;
  insurerNumber?: string;
  contractId?: string;
}

const FIELD_LABEL: Record<MemberField, string> = {
  symbol: 'insurance symbol (記号)',
  number: 'insurance number (番号)',
  branch: 'branch number (枝番)',
  name: 'name',
  birthDate: 'birth date',
};

/** The member fields matching compares: from the national system, or transcribed by the operator. */
type Member = Pick<TranscribedEligibility, 'insurerNumber' | 'symbol' | 'number' | 'branch' | 'name' | 'birthDate'> & { lostOn?: string };

/**
 * Eligibility shown by an alternative method (Mynaportal screen, マイナ保険証 + お知らせ, 資格確認書):
 * no lookup happened; the transcribed member data is matched the same way.
 */
export type TranscribedResult = { status: 'transcribed'; eligibility: TranscribedEligibility };

/**
 * The first member field where the voucher and the qualification differ, in the order an operator
 * checks them. Both sides are keyed digests of the normalised values (width-folded; names without
 * spaces), so equality of digests is equality of what the matcher compares.
 */
export function firstMemberMismatch(voucher: MemberSeal, q: MemberSeal): MemberField | undefined {
  if (voucher.symbol !== q.symbol) return 'symbol';
  if (voucher.number !== q.number) return 'number';
  if (voucher.branch !== undefined && q.branch !== undefined && voucher.branch !== q.branch) return 'branch';
  if (voucher.name !== q.name) return 'name';
  if (voucher.birthDate !== q.birthDate) return 'birthDate';
  return undefined;
}

/**
 * Decides whether the visitor may be checked under this voucher (the institution must confirm the
 * visitor belongs to the insurer that issued it). `matched` here is provisional: the voucher must
 * still be claimed, atomically, to be used.
 */
export function decide(input: {
  checkupDate: string;
  result: LookupResult | TranscribedResult;
  voucher: Voucher | null;
  /** The contract under which this institution may serve the voucher's insurer for this purpose; null if none. */
  contract: { contractId: string } | null;
  /** Seals the qualification's member fields the way the voucher's were sealed at import. */
  digester: MemberSealer;
}): MatchDecision {
  const { checkupDate, result, voucher, contract } = input;
  if (!voucher) {
    return {
      outcome: 'voucher-not-found',
      reason: 'No voucher with this number was imported from any insurer; check the number on the voucher (返戻理由 05).',
    };
  }
  if (!contract) {
    return {
      outcome: 'not-contracted',
      reason:
        'No collective or individual contract lets this institution serve this insurer’s vouchers for this purpose on the checkup date (返戻理由 04).',
      insurerNumber: voucher.insurerNumber,
    };
  }
  const under = { contractId: contract.contractId };
  switch (result.status) {
    case 'not-found':
      return {
        outcome: 'no-qualification',
        reason:
          'The national system has no matching qualification (該当資格なし): re-read the card, or retry later — a same-day enrolment can take up to 5 days to register.',
      };
    case 'multiple':
      return {
        outcome: 'needs-manual-check',
        reason: `The national system returned ${result.candidates} matching qualifications (複数該当); confirm with the insurer.`,
      };
    case 'unavailable':
      return {
        outcome: 'needs-manual-check',
        reason: 'The national eligibility system did not answer; confirm eligibility by another method or retry.',
      };
    case 'eligible':
    case 'lost':
    case 'transcribed':
      break;
  }
  const q: Member = result.status === 'transcribed' ? result.eligibility : result.qualification;
  if (checkupDate < voucher.validFrom) {
    return {
      outcome: 'voucher-not-yet-valid',
      reason: `The voucher is valid from ${voucher.validFrom} (返戻理由 06).`,
      insurerNumber: voucher.insurerNumber,
    };
  }
  if (checkupDate > voucher.validUntil) {
    return {
      outcome: 'voucher-expired',
      reason: `The voucher expired on ${voucher.validUntil} (返戻理由 06).`,
      insurerNumber: voucher.insurerNumber,
    };
  }
  if (result.status === 'transcribed' && result.eligibility.validUntil && result.eligibility.validUntil < checkupDate) {
    return {
      outcome: 'eligibility-lost',
      reason: `The eligibility certificate (資格確認書) expired on ${result.eligibility.validUntil}.`,
      insurerNumber: q.insurerNumber,
    };
  }
  const lostOn = result.status === 'lost' ? result.lostOn : q.lostOn;
  if (lostOn && lostOn <= checkupDate) {
    return {
      outcome: 'eligibility-lost',
      reason: `The qualification was lost on ${lostOn}, before the checkup date (エラー理由 06).`,
      insurerNumber: q.insurerNumber,
    };
  }
  if (q.insurerNumber !== voucher.insurerNumber) {
    return {
      outcome: 'insurer-mismatch',
      reason: 'The visitor belongs to another insurer than the one that issued the voucher.',
      insurerNumber: q.insurerNumber,
    };
  }
  const field = firstMemberMismatch(voucher.member, input.digester.seal(q));
  if (field) {
    return {
      outcome: 'member-mismatch',
      reason: `The ${FIELD_LABEL[field]} on the voucher differs from the qualification.`,
      mismatchedField: field,
      insurerNumber: q.insurerNumber,
    };
  }
  return {
    outcome: 'matched',
    reason: 'Eligibility confirmed and the voucher belongs to the visitor.',
    insurerNumber: q.insurerNumber,
    ...under,
  };
}

/** After the atomic claim: matched if this session holds the voucher, otherwise already used (by whom, when). */
export function afterClaim(decision: MatchDecision, sessionId: string, holder: VoucherUse | null): MatchDecision {
  if (holder && holder.sessionId === sessionId) return decision;
  if (!holder) return { outcome: 'voucher-not-found', reason: 'The voucher disappeared while being claimed; re-import it.' };
  return {
    ...decision,
    outcome: 'voucher-already-used',
    reason: `The voucher was already used at site ${holder.siteId} (institution ${holder.institutionNumber}) at ${holder.at}.`,
  };
}

/** The record of one matching decision, keyed by the request event decided on (outcome and time only). */
export interface DecisionRecord {
  causationId: string;
  sessionId: string;
  outcome: string;
  decidedAt: string;
}

/** The decision of one request, stored once, and the verification.outcome announcing it. */
export function recordDecision(
  request: z.infer<typeof LookupRequestEcho>,
  decision: MatchDecision,
  causationId: string,
  at: Date,
): Decision<DecisionRecord> {
  const decidedAt = at.toISOString();
  return {
    state: { causationId, sessionId: request.sessionId, outcome: decision.outcome, decidedAt },
    events: [
      draft(VerificationOutcomeV2, {
        sessionId: request.sessionId,
        institutionNumber: request.institutionNumber,
        siteId: request.siteId,
        voucherNumber: request.voucherNumber,
        outcome: decision.outcome,
        reason: decision.reason,
        ...(decision.mismatchedField ? { mismatchedField: decision.mismatchedField } : {}),
        ...(decision.insurerNumber ? { insurerNumber: decision.insurerNumber } : {}),
        ...(decision.contractId ? { contractId: decision.contractId } : {}),
        decidedAt,
      }),
    ],
  };
}
