import {
  draft,
  QualificationResolvedV1,
  QualificationResolvedV2,
  QualificationResolvedV3,
  QualificationResolvedV4,
  type DataOf,
  type Decision,
  type EligibilityAnswerSource,
  type EligibilityRequestedV1,
  type EligibilityRequestedV2,
  type EligibilityRequestedV3,
  type EligibilityRequestedV4,
  type LookupRecordResponse,
  type LookupResult,
  type LookupResultV2,
} from '@hcv/contracts';

/**
 * What this service remembers of a lookup: outcome and timing, never the qualification itself
 * (記号・番号・枝番 and names stay out of this database), nor the voucher it echoes.
 */
export type LookupRecord = LookupRecordResponse;

/**
 * A request as it arrives: v3 names the stop and carries either the device's report or a card
 * reference (the voucher optional for an insurer-only 人間ドック); v2 carries the voucher as presented;
 * v1 (events already on the topic) its number only.
 */
export type LookupRequest =
  | { version: 1; data: DataOf<typeof EligibilityRequestedV1> }
  | { version: 2; data: DataOf<typeof EligibilityRequestedV2> }
  | { version: 3; data: DataOf<typeof EligibilityRequestedV3> }
  | { version: 4; data: DataOf<typeof EligibilityRequestedV4> };

/**
 * A v1 answer cannot say 資格有効性 3 apart: it reads as lost (from the qualification's lost date), as
 * v1 answers always did.
 */
export function asV1Result(result: LookupResultV2): LookupResult {
  if (result.status !== 'changed-insurer') return result;
  return {
    status: 'lost',
    qualification: result.qualification,
    lostOn: result.lostOn ?? result.qualification.lostOn ?? result.qualification.acquiredOn,
  };
}

/**
 * A session's answer: the record kept (outcome and timing, never the qualification) and the
 * qualification.resolved carrying the answer to matching, with the request echoed in the request's
 * version — v3 (the stop, the voucher when there is one) for a v3 request, v2 (the voucher as
 * presented, echoed unread, and who answered) for a v2 request; v1 as before for a v1 request, so
 * sessions finish on the path they started. Stored once per session.
 */
export function answerLookup(
  request: LookupRequest,
  result: LookupResultV2,
  upstreamMillis: number,
  at: Date,
  answeredBy?: EligibilityAnswerSource,
): Decision<LookupRecord> {
  const resolvedAt = at.toISOString();
  const { sessionId, siteId, purpose, checkupDate } = request.data;
  const answer = request.version === 1 ? asV1Result(result) : result;
  const state: LookupRecord = {
    sessionId,
    ...operatorOfRequest(request),
    status: answer.status,
    ...('qualification' in answer ? { insurerNumber: answer.qualification.insurerNumber } : {}),
    ...(answeredBy ? { answeredBy } : {}),
    upstreamMillis,
    resolvedAt,
  };
  if (request.version === 4) {
    const { stopId, voucher, institutionNumber, onlineEligibilityCode } = request.data;
    const operator = onlineEligibilityCode !== undefined ? { onlineEligibilityCode } : { institutionNumber: institutionNumber! };
    const echo = { sessionId, ...operator, siteId, stopId, purpose, checkupDate, ...(voucher ? { voucher } : {}) };
    return {
      state,
      events: [
        draft(QualificationResolvedV4, { request: echo, result, ...(answeredBy ? { answeredBy } : {}), resolvedAt, upstreamMillis }),
      ],
    };
  }
  const { institutionNumber } = request.data;
  if (request.version === 1) {
    const echo = { sessionId, institutionNumber, siteId, purpose, checkupDate, voucherNumber: request.data.voucherNumber };
    return { state, events: [draft(QualificationResolvedV1, { request: echo, result: asV1Result(result), resolvedAt, upstreamMillis })] };
  }
  const answered = { result, ...(answeredBy ? { answeredBy } : {}), resolvedAt, upstreamMillis };
  if (request.version === 3) {
    const { stopId, voucher } = request.data;
    const echo = { sessionId, institutionNumber, siteId, stopId, purpose, checkupDate, ...(voucher ? { voucher } : {}) };
    return { state, events: [draft(QualificationResolvedV3, { request: echo, ...answered })] };
  }
  const echo = { sessionId, institutionNumber, siteId, purpose, checkupDate, voucher: request.data.voucher };
  return {
    state,
    events: [draft(QualificationResolvedV2, { request: echo, ...answered })],
  };
}

/** Who ran the visit: an institution, or (v4) an insurer running checkups itself, by its code. */
export function operatorOfRequest(request: LookupRequest): { institutionNumber: string } | { onlineEligibilityCode: string } {
  if (request.version === 4 && request.data.onlineEligibilityCode !== undefined)
    return { onlineEligibilityCode: request.data.onlineEligibilityCode };
  return { institutionNumber: request.data.institutionNumber! };
}
