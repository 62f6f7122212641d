import type { BridgeAnswerSubmission, OqsEligibilityQuery } from '@hcv/oqs-files';

/** One waiting request: a question for the terminal, or one the bridge must answer as `invalid-query`. */
export type PendingWork = { requestId: string; query: OqsEligibilityQuery } | { requestId: string; problem: string };

/**
 * The bridge's line to the platform: the requests waiting for this institution's terminal, and
 * the answers going back. Failures (network, refusal) are thrown as `BridgeLinkError`.
 */
export interface BridgeLink {
  /** `skipped`: listed requests without a usable request id (they cannot be answered; the platform must fix them). */
  pending(): Promise<{ institutionNumber: string; work: PendingWork[]; skipped: number }>;
  submit(submission: BridgeAnswerSubmission): Promise<void>;
}

/** A call to the platform that did not succeed: its HTTP status and error code when it answered. */
export class BridgeLinkError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'BridgeLinkError';
  }
}
