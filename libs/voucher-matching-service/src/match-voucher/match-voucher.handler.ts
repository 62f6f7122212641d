import { QualificationResolvedV1, VerificationOutcomeV1, type EventOf } from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import type { VoucherRepository } from '../vouchers/voucher.repository';
import { afterClaim, decide } from './voucher-matcher';

/** Matches a resolved qualification with the presented voucher, claims the voucher, publishes the outcome. */
export class MatchVoucherHandler {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async handle(event: EventOf<typeof QualificationResolvedV1>): Promise<void> {
    const { request, result } = event.data;
    const voucher = await this.vouchers.get(request.voucherNumber);
    let decision = decide({ checkupDate: request.checkupDate, result, voucher });
    const now = this.clock().toISOString();
    // Only a match uses the voucher; any other outcome leaves it free for a corrected attempt.
    if (decision.outcome === 'matched') {
      const holder = await this.vouchers.claim(request.voucherNumber, {
        sessionId: request.sessionId,
        institutionNumber: request.institutionNumber,
        siteId: request.siteId,
        at: now,
      });
      decision = afterClaim(decision, request.sessionId, holder);
    }
    await this.publisher.publish(
      VerificationOutcomeV1,
      {
        sessionId: request.sessionId,
        institutionNumber: request.institutionNumber,
        siteId: request.siteId,
        voucherNumber: request.voucherNumber,
        outcome: decision.outcome,
        reason: decision.reason,
        ...(decision.mismatchedField ? { mismatchedField: decision.mismatchedField } : {}),
        ...(decision.insurerNumber ? { insurerNumber: decision.insurerNumber } : {}),
        decidedAt: now,
      },
      { subject: request.sessionId, correlationId: event.correlationId, causationId: event.id },
    );
  }
}
