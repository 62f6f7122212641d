import {
  draft,
  QualificationResolvedV1,
  type DataOf,
  type Decision,
  type EligibilityRequestedV1,
  type LookupRecordResponse,
  type LookupResult,
} from '@hcv/contracts';

/**
 * What this service remembers of a lookup: outcome and timing, never the qualification itself
 * (記号・番号・枝番 and names stay out of this database).
 */
export type LookupRecord = LookupRecordResponse;

/**
 * A session's answer: the record kept (outcome and timing, never the qualification) and the
 * qualification.resolved carrying the answer to matching. Stored once per session.
 */
export function answerLookup(
  request: DataOf<typeof EligibilityRequestedV1>,
  result: LookupResult,
  upstreamMillis: number,
  at: Date,
): Decision<LookupRecord> {
  const resolvedAt = at.toISOString();
  const { sessionId, institutionNumber, siteId, purpose, checkupDate, voucherNumber } = request;
  return {
    state: {
      sessionId,
      institutionNumber,
      status: result.status,
      ...('qualification' in result ? { insurerNumber: result.qualification.insurerNumber } : {}),
      upstreamMillis,
      resolvedAt,
    },
    events: [
      draft(QualificationResolvedV1, {
        request: { sessionId, institutionNumber, siteId, purpose, checkupDate, voucherNumber },
        result,
        resolvedAt,
        upstreamMillis,
      }),
    ],
  };
}
