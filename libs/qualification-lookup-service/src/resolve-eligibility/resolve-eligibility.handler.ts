import { EligibilityRequestedV1, QualificationResolvedV1, type EventOf } from '@hcv/contracts';
import type { EventPublisher } from '@hcv/messaging';
import type { NationalEligibilitySystem } from '../national-system/national-eligibility-system.port';
import type { LookupRecordRepository } from '../lookups/lookup-record.repository';

/** Asks the national system about the visitor's card and publishes the answer for matching. */
export class ResolveEligibilityHandler {
  constructor(
    private readonly nationalSystem: NationalEligibilitySystem,
    private readonly records: LookupRecordRepository,
    private readonly publisher: EventPublisher,
    private readonly clock: () => Date,
  ) {}

  async handle(event: EventOf<typeof EligibilityRequestedV1>): Promise<void> {
    const request = event.data;
    const started = performance.now();
    const result = await this.nationalSystem.lookup({
      cardReference: request.cardReference,
      onDate: request.checkupDate,
      institutionNumber: request.institutionNumber,
    });
    const upstreamMillis = Math.round((performance.now() - started) * 10) / 10;
    const resolvedAt = this.clock().toISOString();
    await this.records.save({
      sessionId: request.sessionId,
      institutionNumber: request.institutionNumber,
      status: result.status,
      ...('qualification' in result ? { insurerNumber: result.qualification.insurerNumber } : {}),
      upstreamMillis,
      resolvedAt,
    });
    await this.publisher.publish(
      QualificationResolvedV1,
      {
        request: {
          sessionId: request.sessionId,
          institutionNumber: request.institutionNumber,
          siteId: request.siteId,
          purpose: request.purpose,
          checkupDate: request.checkupDate,
          voucherNumber: request.voucherNumber,
        },
        result,
        resolvedAt,
        upstreamMillis,
      },
      { subject: request.sessionId, correlationId: event.correlationId, causationId: event.id },
    );
  }
}
