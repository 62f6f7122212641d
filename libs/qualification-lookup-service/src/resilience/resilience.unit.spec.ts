import type { LookupResult } from '@hcv/contracts';
import { CircuitBreaker } from './circuit-breaker';
import { ResilientLookup } from './resilient-lookup';
import { InstitutionRateLimiter } from './token-bucket';

describe('circuit breaker', () => {
  it('opens after consecutive failures, lets one trial through after the cooldown, closes on success', () => {
    let t = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMillis: 1_000 }, () => t);
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.failure();
    }
    expect(breaker.current()).toBe('closed');
    breaker.tryAcquire();
    breaker.failure();
    expect(breaker.current()).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    t = 1_000;
    expect(breaker.current()).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false); // one trial at a time
    breaker.failure();
    expect(breaker.current()).toBe('open'); // the trial failed: open again
    t = 2_000;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.success();
    expect(breaker.current()).toBe('closed');
  });

  it('tells its listeners each state change once', () => {
    let t = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMillis: 1_000 }, () => t);
    const changes: string[] = [];
    breaker.onChange((c) => changes.push(`${c.previous}->${c.state}@${c.consecutiveFailures}`));
    breaker.failure();
    breaker.failure();
    breaker.failure(); // already open: no second event
    t = 1_000;
    breaker.tryAcquire();
    breaker.success();
    breaker.success();
    expect(changes).toEqual(['closed->open@2', 'open->half-open@3', 'half-open->closed@0']);
  });
});

describe('per-institution rate limit', () => {
  it('allows the burst, then the sustained rate, per institution', () => {
    let t = 0;
    const limiter = new InstitutionRateLimiter({ ratePerSecond: 2, burst: 3 }, () => t);
    expect([1, 2, 3].map(() => limiter.take('A').ok)).toEqual([true, true, true]);
    const refused = limiter.take('A');
    expect(refused).toEqual({ ok: false, retryAfterMillis: 500 });
    expect(limiter.take('B').ok).toBe(true); // another institution is not affected
    t = 500;
    expect(limiter.take('A').ok).toBe(true);
    expect(limiter.take('A').ok).toBe(false);
  });
});

describe('resilient lookup', () => {
  const request = { cardReference: 'card-000001-0a1b2c3d', onDate: '2026-11-24', institutionNumber: '1311234566' };
  const options = { timeoutMillis: 50, retries: 2, backoffMillis: 1, failureThreshold: 10, cooldownMillis: 1_000, ratePerSecond: 100, burst: 100 };

  it('retries transient failures and returns the first real answer', async () => {
    const answers: (LookupResult | Error)[] = [new Error('ECONNRESET'), { status: 'unavailable', reason: 'busy' }, { status: 'not-found' }];
    let calls = 0;
    const lookup = new ResilientLookup({ lookup: async () => { const a = answers[calls++]!; if (a instanceof Error) throw a; return a; } }, options);
    expect(await lookup.lookup(request)).toEqual({ status: 'not-found' });
    expect(calls).toBe(3);
  });

  it('times out a hanging upstream and defers after the retries', async () => {
    let calls = 0;
    const lookup = new ResilientLookup({ lookup: () => { calls++; return new Promise<LookupResult>(() => undefined); } }, options);
    const result = await lookup.lookup(request);
    expect(result).toMatchObject({ status: 'deferred', reason: expect.stringMatching(/no answer within 50 ms/) });
    expect(calls).toBe(3);
  });

  it('defers without calling while the circuit is open', async () => {
    let calls = 0;
    const lookup = new ResilientLookup({ lookup: async () => { calls++; return { status: 'unavailable', reason: 'down' } as LookupResult; } }, { ...options, failureThreshold: 2, retries: 0 });
    await lookup.lookup(request);
    await lookup.lookup(request);
    expect(lookup.breaker.current()).toBe('open');
    expect(await lookup.lookup(request)).toMatchObject({ status: 'deferred', reason: 'circuit open' });
    expect(calls).toBe(2);
  });
});
