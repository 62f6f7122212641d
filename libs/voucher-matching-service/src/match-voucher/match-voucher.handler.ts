import type { EventOf, LookupRequestEcho, LookupResult, QualificationResolvedV1, QualificationTranscribedV1 } from '@hcv/contracts';
import type { z } from 'zod';
import type { AggregateStore, Outbox } from '@hcv/persistence';
import type { MemberSealer } from '../domain/voucher';
import { afterClaim, decide, recordDecision, type TranscribedResult } from '../domain/voucher-matcher';
import type { ContractRepository } from '../persistence/contract.repository';
import { decisionStore, type Decision, type DecisionRepository } from '../persistence/decision.repository';
import type { VoucherRepository } from '../persistence/voucher.repository';

/**
 * Matches a resolved qualification with the presented voucher, claims the voucher, and stores the
 * decision with its outcome event (outbox). The claim is idempotent per session, the decision per
 * request event: a redelivery after a crash anywhere in between ends with one outcome.
 */
export class MatchVoucherHandler {
  private readonly decisions: AggregateStore<Decision>;

  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly contracts: ContractRepository,
    decisions: DecisionRepository,
    outbox: Outbox,
    private readonly clock: () => Date,
    private readonly digester: MemberSealer,
  ) {
    this.decisions = decisionStore(decisions, outbox);
  }

  /** After an online lookup. */
  handleResolved(event: EventOf<typeof QualificationResolvedV1>): Promise<void> {
    return this.match(event, event.data.request, event.data.result);
  }

  /** After an alternative method: no lookup, same matching. */
  handleTranscribed(event: EventOf<typeof QualificationTranscribedV1>): Promise<void> {
    return this.match(event, event.data.request, { status: 'transcribed', eligibility: event.data.eligibility });
  }

  private async match(
    event: { id: string; correlationId: string },
    request: z.infer<typeof LookupRequestEcho>,
    result: LookupResult | TranscribedResult,
  ): Promise<void> {
    const voucher = await this.vouchers.get(request.voucherNumber);
    const contract = voucher
      ? await this.contracts.findCovering({
          insurerNumber: voucher.insurerNumber,
          institutionNumber: request.institutionNumber,
          purpose: request.purpose,
          onDate: request.checkupDate,
        })
      : null;
    let decision = decide({ checkupDate: request.checkupDate, result, voucher, contract, digester: this.digester });
    const now = this.clock();
    // Only a match uses the voucher; any other outcome leaves it free for a corrected attempt.
    if (decision.outcome === 'matched') {
      const holder = await this.vouchers.claim(request.voucherNumber, {
        sessionId: request.sessionId,
        institutionNumber: request.institutionNumber,
        siteId: request.siteId,
        at: now.toISOString(),
      });
      decision = afterClaim(decision, request.sessionId, holder);
    }
    const context = { correlationId: event.correlationId, causationId: event.id };
    await this.decisions.create(recordDecision(request, decision, event.id, now), { context });
  }
}
