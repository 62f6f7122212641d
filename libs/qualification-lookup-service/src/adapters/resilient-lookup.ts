import type { EligibilityAnswerSource, LookupResultV2 } from '@hcv/contracts';
import { observeNationalSystemCall, watchCircuit } from '@hcv/platform-metrics';
import type { NationalEligibilitySystem } from './national-system.port';
import { answeredByOf } from './answered-by';
import { CircuitBreaker } from './circuit-breaker';
import { InstitutionRateLimiter } from './token-bucket';
import type { InstitutionRateLimit } from './rate-limiter.port';

export interface ResilienceOptions {
  timeoutMillis: number;
  retries: number;
  backoffMillis: number;
  failureThreshold: number;
  cooldownMillis: number;
  ratePerSecond: number;
  burst: number;
}

export const DEFAULT_RESILIENCE: ResilienceOptions = {
  timeoutMillis: 5_000,
  retries: 2,
  backoffMillis: 100,
  failureThreshold: 5,
  cooldownMillis: 10_000,
  ratePerSecond: 50,
  burst: 100,
};

/** The call could not be made or answered now; the request should wait on the retry topic. */
export type Deferred = { status: 'deferred'; reason: string; retryAfterMillis: number };

class LookupTimeout extends Error {
  constructor(millis: number) {
    super(`no answer within ${millis} ms`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The port with resilience around it: per-institution rate limit, circuit breaker, timeout, and
 * retries with exponential backoff and full jitter for transient failures (an "unavailable"
 * answer, an exception, a timeout). A final answer (eligible, lost, changed insurer, not found, several) passes
 * through; a transient failure that outlives the retries comes back as `deferred`.
 */
export class ResilientLookup {
  readonly breaker: CircuitBreaker;
  private readonly limiter: InstitutionRateLimit;

  constructor(
    private readonly upstream: NationalEligibilitySystem,
    private readonly options: ResilienceOptions = DEFAULT_RESILIENCE,
    now: () => number = Date.now,
    /** Shared by the replicas (MongoDB) in a deployment; by default this process's own token bucket. */
    limiter?: InstitutionRateLimit,
  ) {
    this.breaker = new CircuitBreaker(options, now);
    this.limiter = limiter ?? new InstitutionRateLimiter(options, now);
    watchCircuit(this.upstreamName, () => this.breaker.current());
  }

  /** The upstream's name in metrics (who answers behind the port). */
  private get upstreamName(): string {
    return this.answeredBy ?? 'unknown';
  }

  get cooldownMillis(): number {
    return this.options.cooldownMillis;
  }

  /** Who answers behind the port (qualification.resolved v2's `answeredBy`). */
  get answeredBy(): EligibilityAnswerSource | undefined {
    return answeredByOf(this.upstream);
  }

  async lookup(request: Parameters<NationalEligibilitySystem['lookup']>[0]): Promise<LookupResultV2 | Deferred> {
    const token = await this.limiter.take(request.institutionNumber);
    if (!token.ok) return { status: 'deferred', reason: 'institution rate limit reached', retryAfterMillis: token.retryAfterMillis };
    let lastReason = 'unknown';
    for (let attempt = 0; attempt <= this.options.retries; attempt++) {
      if (!this.breaker.tryAcquire()) return { status: 'deferred', reason: 'circuit open', retryAfterMillis: this.options.cooldownMillis };
      const started = performance.now();
      const seconds = () => (performance.now() - started) / 1000;
      try {
        const result = await this.withTimeout(this.upstream.lookup(request));
        observeNationalSystemCall(this.upstreamName, result.status === 'unavailable' ? 'unavailable' : 'ok', seconds());
        if (result.status !== 'unavailable') {
          this.breaker.success();
          return result;
        }
        lastReason = result.reason;
      } catch (error) {
        observeNationalSystemCall(this.upstreamName, error instanceof LookupTimeout ? 'timeout' : 'error', seconds());
        lastReason = (error as Error).message;
      }
      this.breaker.failure();
      if (attempt < this.options.retries) await sleep(Math.random() * this.options.backoffMillis * 2 ** attempt);
    }
    return {
      status: 'deferred',
      reason: lastReason.slice(0, 200),
      retryAfterMillis: this.options.backoffMillis * 2 ** (this.options.retries + 1),
    };
  }

  private withTimeout<T>(promise: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new LookupTimeout(this.options.timeoutMillis)), this.options.timeoutMillis);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  }
}
