/** Whether a call to the national system may go now for this institution, or how long until it may. */
export type RateDecision = { ok: true } | { ok: false; retryAfterMillis: number };

/**
 * The per-institution rate limit on calls to a national-system adapter. In one process: a token
 * bucket (token-bucket.ts); across replicas: a shared counter per institution and second in MongoDB
 * (persistence/rate-window.mongo.ts), so six replicas together still stay at the limit.
 */
export interface InstitutionRateLimit {
  take(institutionNumber: string): RateDecision | Promise<RateDecision>;
}
