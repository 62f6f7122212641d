import { InstitutionRateLimiter } from './token-bucket';

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
