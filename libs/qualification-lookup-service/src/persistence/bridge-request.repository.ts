import type { DataOf, EligibilityRequestedV2, EligibilityRequestedV3, LookupResultV2 } from '@hcv/contracts';
import type { OqsEligibilityQuery } from '@hcv/oqs-files';

/** The terminal's answer as accepted from the bridge (mapped to the platform's result). */
/** The request a bridge question was opened for: a v2 or a v3 eligibility.requested (v3 names its stop). */
export type BridgedRequest = DataOf<typeof EligibilityRequestedV2> | DataOf<typeof EligibilityRequestedV3>;

export interface BridgeAnswerRecord {
  result: LookupResultV2;
  /** The bridge's clock, as it sent it. */
  answeredAt: string;
  /** When the platform accepted it. */
  receivedAt: string;
}

/**
 * A question waiting for a 既存型 institution's on-site bridge (one per session; its id is the
 * session id). `pending` until the bridge posts an answer (`answered`), `closed` once the session is
 * answered — by that answer or by the deadline. The question and the request (personal data: 記号・
 * 番号, birth date, the presented voucher) and the answer are kept only until then: closing removes them.
 */
export interface BridgeRequest {
  requestId: string;
  institutionNumber: string;
  status: 'pending' | 'answered' | 'closed';
  requestedAt: string;
  /** After this the request is no longer listed; the session is answered "unavailable". */
  deadline: string;
  /** The event the request came with (the answer's causation). */
  correlationId: string;
  causationId: string;
  query?: OqsEligibilityQuery;
  request?: BridgedRequest;
  answer?: BridgeAnswerRecord;
}

export type OpenBridgeRequest = Omit<BridgeRequest, 'status' | 'answer'> & {
  query: OqsEligibilityQuery;
  request: BridgedRequest;
};

export interface BridgeRequestRepository {
  /** Stores a new pending request once; the one already stored for the id wins (a redelivered request). */
  open(request: OpenBridgeRequest): Promise<BridgeRequest>;
  get(requestId: string): Promise<BridgeRequest | null>;
  /** The institution's pending requests whose deadline is after `now`, oldest first. */
  waiting(institutionNumber: string, now: string, limit: number): Promise<BridgeRequest[]>;
  /**
   * Records the bridge's answer if the request is still pending: `accepted`. A request already
   * answered or closed keeps its first answer (a repeated submission): `repeated`. Unknown: null.
   */
  answer(requestId: string, answer: BridgeAnswerRecord): Promise<{ outcome: 'accepted' | 'repeated'; request: BridgeRequest } | null>;
  /** The session is answered: the request leaves the list and forgets the question, the request and the answer. */
  close(requestId: string): Promise<void>;
}
