import {
  SettleDecisionRequest,
  type DataOf,
  type VerificationOutcomeV3,
  type Settlement,
  type StaffClaims,
  type StaffRole,
} from '@hcv/contracts';
import { DomainError, NotFoundError } from '@hcv/domain';
import { assertSiteAccess } from '@hcv/platform-access';
import { parseRequest } from '@hcv/platform-http';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import { inJst, recordDecision, settledDecision, SETTLEABLE, usedBy, type DecisionRecord } from '../domain/voucher-matcher';
import { decisionStore, type Decision, type DecisionRepository } from '../persistence/decision.repository';
import type { SiteNameRepository } from '../persistence/site-name.repository';
import type { VoucherClaims } from '../persistence/voucher-claims';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Staff settle a session's needs-manual-check or member-mismatch — confirmed with the insurer by
 * phone, or judged the same person: the voucher is claimed like a match, and the settlement is
 * stored as the session's decision `matched-after-settlement` with its verification.outcome (who
 * settled is the token's staff id; audit records the event). One settlement per session.
 */
export class SettleDecisionHandler {
  private readonly decisions: AggregateStore<Decision>;

  constructor(
    private readonly vouchers: VoucherClaims,
    private readonly sites: SiteNameRepository,
    private readonly decisionReads: DecisionRepository,
    outbox: Outbox,
    private readonly clock: () => Date,
    /** The staff roles that may settle (operator always; a desk role such as site-manager if configured). */
    private readonly settlingRoles: readonly StaffRole[],
  ) {
    this.decisions = decisionStore(decisionReads, outbox);
  }

  async execute(sessionId: string, body: unknown, staff: StaffClaims) {
    if (!staff.roles.some((r) => this.settlingRoles.includes(r)))
      throw new DomainError('role-required', `Settling a decision needs one of the roles ${this.settlingRoles.join(', ')}.`, 403);
    const request = parseRequest(SettleDecisionRequest, body);
    const decided = UUID.test(sessionId) ? await this.decisionReads.latestOfSession(sessionId) : null;
    if (!decided) throw new NotFoundError('decision', sessionId);
    if (decided.request) assertSiteAccess(staff, decided.request.siteId);
    if (decided.outcome === 'matched-after-settlement')
      throw new DomainError('decision-already-settled', `The decision of session ${sessionId} was already settled.`, 409);
    if (!SETTLEABLE.includes(decided.outcome))
      throw new DomainError(
        'decision-not-settleable',
        `A ${decided.outcome} decision cannot be settled: only needs-manual-check and member-mismatch can.`,
        409,
      );
    const voucher = decided.request?.voucher;
    if (!voucher)
      throw new DomainError(
        'decision-not-settleable',
        'This decision names no identified voucher (or was taken before decisions kept their request): present the voucher again.',
        409,
      );
    const record = decided as DecisionRecord;
    const now = this.clock();
    const settlement: Settlement =
      request.kind === 'insurer-confirmed'
        ? { ...request, by: staff.sub, at: now.toISOString() }
        : { kind: 'same-person', reason: request.reason, by: staff.sub, at: now.toISOString() };
    const siteName = await this.sites.nameOf(record.request.siteId);
    const claim = await this.vouchers.claim(voucher.key, {
      sessionId,
      ...(record.request.onlineEligibilityCode !== undefined
        ? { onlineEligibilityCode: record.request.onlineEligibilityCode }
        : { institutionNumber: record.request.institutionNumber! }),
      siteId: record.request.siteId,
      ...(siteName ? { siteName } : {}),
      at: now.toISOString(),
      checkupDate: record.request.checkupDate,
      voucherKind: voucher.voucherKind,
      parts: voucher.parts,
      ...(voucher.voucherKind === 'guidance' ? { guidanceStep: voucher.guidanceStep ?? 'initial-interview' } : {}),
    });
    if (!claim.granted) {
      const first = claim.firstUse;
      throw new DomainError(
        'voucher-already-used',
        `The voucher was already used at ${first.siteName ?? first.siteId} (${usedBy(first).en}) on ${inJst(first.at)}.`,
        409,
      );
    }
    const decision = recordDecision(record.request, settledDecision(record, settlement), `settlement:${sessionId}`, now);
    const created = await this.decisions.create(decision, { context: { correlationId: sessionId, causationId: decided.causationId } });
    if (!created) throw new DomainError('decision-already-settled', `The decision of session ${sessionId} was already settled.`, 409);
    // v3 for an institution's session; v4 (naming the insurer's code) for an insurer's own.
    return decision.events[0]!.contract.data.parse(decision.events[0]!.data) as DataOf<typeof VerificationOutcomeV3>;
  }
}
