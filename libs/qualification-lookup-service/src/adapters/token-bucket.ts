import type { InstitutionRateLimit, RateDecision } from './rate-limiter.port';

/**
 * Per-institution rate limit (token bucket): `ratePerSecond` sustained, `burst` at once. One
 * institution cannot exhaust the national system's quota for the whole federation. Per process: the
 * memory runtime's limiter; replicas share rate-window.mongo.ts instead.
 */
export class InstitutionRateLimiter implements InstitutionRateLimit {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly options: { ratePerSecond: number; burst: number },
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token if one is available; otherwise says how long until one is. */
  take(institutionNumber: string): RateDecision {
    const t = this.now();
    const bucket = this.buckets.get(institutionNumber) ?? { tokens: this.options.burst, at: t };
    bucket.tokens = Math.min(this.options.burst, bucket.tokens + ((t - bucket.at) / 1000) * this.options.ratePerSecond);
    bucket.at = t;
    this.buckets.set(institutionNumber, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMillis: Math.ceil(((1 - bucket.tokens) / this.options.ratePerSecond) * 1000) };
  }
}
