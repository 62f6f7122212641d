import { CircuitBreaker } from './circuit-breaker';

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
