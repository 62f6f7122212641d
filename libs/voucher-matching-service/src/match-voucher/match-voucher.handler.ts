import type {
  EventOf,
  PresentedVoucher,
  QualificationResolvedV1,
  QualificationResolvedV2,
  QualificationResolvedV3,
  QualificationResolvedV4,
  QualificationTranscribedV1,
  QualificationTranscribedV2,
  QualificationTranscribedV3,
  QualificationTranscribedV4,
  VoucherCoordinator,
} from '@hcv/contracts';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import { ownCheckupsContracts, type Contract } from '../domain/contract';
import type { ImportedVoucher, MemberSealer, Voucher } from '../domain/voucher';
import {
  afterClaim,
  comparableInsurerNumber,
  decide,
  decideInsurerOnly,
  decidedVoucher,
  insurerOfEligibility,
  presentedFromRecord,
  recordDecision,
  unidentifiedVoucher,
  visitParts,
  type DecidedRequest,
  type Eligibility,
  type MatchDecision,
} from '../domain/voucher-matcher';
import type { ContractRepository } from '../persistence/contract.repository';
import type { InstitutionDirectory } from '../persistence/institution-directory.repository';
import { decisionStore, type Decision, type DecisionRepository } from '../persistence/decision.repository';
import type { SiteNameRepository } from '../persistence/site-name.repository';
import type { VoucherClaims } from '../persistence/voucher-claims';

/** The visit a request is about (every version of the request echo carries these). */
type Visit = Omit<DecidedRequest, 'voucher'>;

/**
 * The voucher a request presents (v2, v3), only its number (a v1 request, before vouchers carried
 * their insurer), or none (v3: a 人間ドック confirmed against the insurer only).
 */
type VoucherReference = { presented: PresentedVoucher } | { voucherNumber: string } | { insurerOnly: true };

/**
 * Matches the voucher a visitor presents with the eligibility answer (online or transcribed), the
 * insurer's record when one was imported, and the contracts covering the visit; only a match claims
 * the voucher; the decision is stored with its verification.outcome v3 (outbox). The claim is
 * idempotent per session and per request event (the use names its request, in the history for
 * good), the decision per request event (insert-once keyed by it): a redelivery after a crash
 * anywhere in between, or long after, ends with one outcome and one use — which is why the
 * consumer group keeps no processed-event log (voucher-matching.topics.ts).
 */
export class MatchVoucherHandler {
  private readonly decisions: AggregateStore<Decision>;
  /** A code is one insurer's for good (支払基金 assigns it once): a known one is not read again. */
  private readonly ownInsurers = new Map<string, string>();

  constructor(
    private readonly vouchers: VoucherClaims,
    private readonly contracts: ContractRepository,
    private readonly sites: SiteNameRepository,
    decisions: DecisionRepository,
    outbox: Outbox,
    private readonly clock: () => Date,
    private readonly sealer: MemberSealer,
    /** The insurer number of an insurer running checkups itself, by its code (its sessions' "contract"). */
    private readonly insurers?: Pick<InstitutionDirectory, 'insurerOf'>,
  ) {
    this.decisions = decisionStore(decisions, outbox);
  }

  /** After an online lookup of a v1 request (voucher number only). */
  handleResolvedV1(event: EventOf<typeof QualificationResolvedV1>): Promise<void> {
    const { voucherNumber, ...visit } = event.data.request;
    return this.match(event, visit, { voucherNumber }, { source: 'online', result: event.data.result });
  }

  /** After an online lookup, with the voucher as presented. */
  handleResolved(event: EventOf<typeof QualificationResolvedV2>): Promise<void> {
    const { voucher, ...visit } = event.data.request;
    return this.match(event, visit, { presented: voucher }, { source: 'online', result: event.data.result });
  }

  /**
   * After an online lookup of a v3 request: with a voucher as v2; without one (人間ドック), the insurer
   * only. v4 is the same, naming the operator (an insurer running checkups itself).
   */
  handleResolvedV3(event: EventOf<typeof QualificationResolvedV3> | EventOf<typeof QualificationResolvedV4>): Promise<void> {
    const { voucher, stopId: _stop, ...visit } = event.data.request;
    return this.match(event, visit, voucher ? { presented: voucher } : { insurerOnly: true }, {
      source: 'online',
      result: event.data.result,
    });
  }

  /** After an alternative method of a v3 request (the paper 被保険者証 among them): no online check happened. */
  handleTranscribedV3(event: EventOf<typeof QualificationTranscribedV3> | EventOf<typeof QualificationTranscribedV4>): Promise<void> {
    const { voucher, stopId: _stop, ...visit } = event.data.request;
    return this.match(event, visit, voucher ? { presented: voucher } : { insurerOnly: true }, {
      source: 'transcribed',
      method: event.data.method,
      eligibility: event.data.eligibility,
    });
  }

  /** After an alternative method of a v1 request: no online check happened. */
  handleTranscribedV1(event: EventOf<typeof QualificationTranscribedV1>): Promise<void> {
    const { voucherNumber, ...visit } = event.data.request;
    return this.match(
      event,
      visit,
      { voucherNumber },
      { source: 'transcribed', method: event.data.method, eligibility: event.data.eligibility },
    );
  }

  /** After an alternative method, with the voucher as presented: no online check happened. */
  handleTranscribed(event: EventOf<typeof QualificationTranscribedV2>): Promise<void> {
    const { voucher, ...visit } = event.data.request;
    return this.match(
      event,
      visit,
      { presented: voucher },
      { source: 'transcribed', method: event.data.method, eligibility: event.data.eligibility },
    );
  }

  private async match(
    event: { id: string; correlationId: string },
    visit: Visit,
    reference: VoucherReference,
    eligibility: Eligibility,
  ): Promise<void> {
    const context = { correlationId: event.correlationId, causationId: event.id };
    if ('insurerOnly' in reference) {
      // No voucher to claim: the insurer's contract for 人間ドック at this institution is all there is to check.
      const insurerNumber = insurerOfEligibility(eligibility);
      const contracts = insurerNumber ? await this.covering(visit, insurerNumber, undefined) : [];
      const decision = decideInsurerOnly({ checkupDate: visit.checkupDate, contracts, eligibility });
      await this.decisions.create(recordDecision({ ...visit }, decision, event.id, this.clock()), { context });
      return;
    }
    const identified = await this.identify(reference);
    let request: DecidedRequest = { ...visit };
    let decision: MatchDecision;
    if ('unidentified' in identified) {
      decision = unidentifiedVoucher(identified.unidentified, eligibility);
    } else {
      const { presented, record, stored } = identified;
      request = { ...visit, voucher: decidedVoucher(presented) };
      const contracts = await this.covering(visit, comparableInsurerNumber(presented.insurerNumber), presented.coordinator);
      decision = decide({
        checkupDate: visit.checkupDate,
        purpose: visit.purpose,
        voucher: presented,
        record,
        contracts,
        eligibility,
        sealer: this.sealer,
      });
      // Only a match uses the voucher; any other outcome leaves it free for a corrected attempt.
      if (decision.outcome === 'matched') decision = afterClaim(decision, await this.claim(event.id, visit, presented, stored));
    }
    await this.decisions.create(recordDecision(request, decision, event.id, this.clock()), { context });
  }

  /**
   * The contracts under which the visit's operator serves this insurer: an institution's registered
   * contracts; for an insurer running checkups itself, its own members only (no contract needed). An
   * insurer whose 導入届 has not reached this service yet fails the delivery, which is retried.
   */
  private async covering(visit: Visit, insurerNumber: string, coordinator: VoucherCoordinator | undefined): Promise<Contract[]> {
    const code = visit.onlineEligibilityCode;
    if (code === undefined)
      return this.contracts.findCovering({
        insurerNumber,
        institutionNumber: visit.institutionNumber!,
        purpose: visit.purpose,
        onDate: visit.checkupDate,
      });
    const own = this.ownInsurers.get(code) ?? (await this.insurers?.insurerOf(code));
    if (own) this.ownInsurers.set(code, own);
    if (!own) throw new Error(`insurer code ${code} is not known here yet (its 導入届 has not arrived): retry`);
    return ownCheckupsContracts({ onlineEligibilityCode: code, insurerNumber: own }, insurerNumber, visit, coordinator, this.clock());
  }

  /**
   * The presented voucher, the insurer's current record of it (null when none was imported) and the
   * stored voucher as read (null: no document), which the claim decides on first.
   */
  private async identify(
    reference: Exclude<VoucherReference, { insurerOnly: true }>,
  ): Promise<
    { presented: PresentedVoucher; record: ImportedVoucher | null; stored: Voucher | null } | { unidentified: 'none' | 'several' }
  > {
    if ('presented' in reference) {
      const { insurerNumber, voucherNumber } = reference.presented;
      const known = await this.vouchers.get({ insurerNumber: comparableInsurerNumber(insurerNumber), voucherNumber });
      return { presented: reference.presented, record: known?.record ?? null, stored: known };
    }
    const found = (await this.vouchers.findByNumber(reference.voucherNumber)).flatMap((v) =>
      v.record ? [{ key: { insurerNumber: v.insurerNumber, voucherNumber: v.voucherNumber }, record: v.record, stored: v }] : [],
    );
    if (found.length !== 1) return { unidentified: found.length === 0 ? 'none' : 'several' };
    const { key, record, stored } = found[0]!;
    return { presented: presentedFromRecord(key, record), record, stored };
  }

  /** `requestId`: the request event, kept with the use so that the same request never claims twice. */
  private async claim(requestId: string, visit: Visit, presented: PresentedVoucher, stored: Voucher | null) {
    const siteName = await this.sites.nameOf(visit.siteId);
    return this.vouchers.claim(
      { insurerNumber: comparableInsurerNumber(presented.insurerNumber), voucherNumber: presented.voucherNumber },
      {
        sessionId: visit.sessionId,
        ...(visit.onlineEligibilityCode !== undefined
          ? { onlineEligibilityCode: visit.onlineEligibilityCode }
          : { institutionNumber: visit.institutionNumber! }),
        siteId: visit.siteId,
        ...(siteName ? { siteName } : {}),
        at: this.clock().toISOString(),
        checkupDate: visit.checkupDate,
        voucherKind: presented.voucherKind,
        parts: visitParts(presented),
        ...(presented.voucherKind === 'guidance' ? { guidanceStep: presented.guidanceStep ?? 'initial-interview' } : {}),
        requestId,
      },
      stored,
    );
  }
}
