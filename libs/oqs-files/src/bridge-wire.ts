import { z } from 'zod';
import { Identifier } from '@hcv/contracts';
import { OqsAnswer } from './eligibility-answer';
import { OqsEligibilityQuery, OqsInstitutionNumber } from './eligibility-query';

/**
 * What the on-site bridge and the platform say to each other over HTTP. The bridge is a device of
 * its institution and signs every request with platform device authentication (x-device-id,
 * x-timestamp, x-nonce, x-signature over method, path with query, body hash, timestamp and nonce);
 * the platform knows the institution from the device, so no request names it.
 */
export const BRIDGE_PATHS = {
  /** GET: the eligibility questions waiting for this bridge's terminal. */
  requests: '/bridge/requests',
  /** POST: one answer (`BridgeAnswerSubmission`); answered with a `BridgeAnswerReceipt`. */
  answers: '/bridge/answers',
} as const;

/** One question waiting for the terminal; `requestId` is the platform's, echoed with the answer. */
export const BridgePendingRequest = z.object({
  requestId: Identifier,
  query: OqsEligibilityQuery,
});
export type BridgePendingRequest = z.infer<typeof BridgePendingRequest>;

/**
 * `GET /bridge/requests` → 200. The institution is echoed so that a bridge configured for another
 * institution (a credential copied between sites) refuses to ask its terminal. The platform keeps
 * listing a request until an answer for it is accepted.
 */
export const BridgePendingRequests = z.object({
  institutionNumber: OqsInstitutionNumber,
  requests: z.array(BridgePendingRequest).max(100),
});
export type BridgePendingRequests = z.infer<typeof BridgePendingRequests>;

/**
 * `POST /bridge/answers` body: the terminal's answer to one request, or the bridge's typed failure
 * (`terminal-timeout`, `terminal-unreachable`, …). The same submission may arrive twice (the bridge
 * retries when it did not see the receipt): the platform accepts a repeat of an answered request
 * with the same receipt. Strict: a key the wire does not know is refused, never silently dropped.
 */
export const BridgeAnswerSubmission = z.strictObject({
  requestId: Identifier,
  /** When the bridge had the answer (its clock, with offset). */
  answeredAt: z.iso.datetime({ offset: true }),
  answer: OqsAnswer,
});
export type BridgeAnswerSubmission = z.infer<typeof BridgeAnswerSubmission>;

/** `POST /bridge/answers` → 200 or 202. */
export const BridgeAnswerReceipt = z.object({ requestId: Identifier });
export type BridgeAnswerReceipt = z.infer<typeof BridgeAnswerReceipt>;
