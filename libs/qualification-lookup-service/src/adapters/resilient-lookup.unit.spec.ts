import type { LookupResult } from '@hcv/contracts';
import { ResilientLookup } from './resilient-lookup';

describe('resilient lookup', () => {
  const request = { cardReference: 'card-000001-0a1b2c3d', onDate: '2026-11-24', institutionNumber: '1311234569' };
  const options = {
    timeoutMillis: 50,
    retries: 2,
    backoffMillis: 1,
    failureThreshold: 10,
    cooldownMillis: 1_000,
    ratePerSecond: 100,
    burst: 100,
  };
  // The timeout and the backoff between retries are timers: fake ones, run by the test.
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('retries transient failures and returns the first real answer', async () => {
    const answers: (LookupResult | Error)[] = [new Error('ECONNRESET'), { status: 'unavailable', reason: 'busy' }, { status: 'not-found' }];
    let calls = 0;
    const lookup = new ResilientLookup(
      {
        lookup: async () => {
          const a = answers[calls++]!;
          if (a instanceof Error) throw a;
          return a;
        },
      },
      options,
    );
    const result = lookup.lookup(request);
    await jest.runAllTimersAsync();
    expect(await result).toEqual({ status: 'not-found' });
    expect(calls).toBe(3);
  });

  it('times out a hanging upstream and defers after the retries', async () => {
    let calls = 0;
    const lookup = new ResilientLookup(
      {
        lookup: () => {
          calls++;
          return new Promise<LookupResult>(() => undefined);
        },
      },
      options,
    );
    const pending = lookup.lookup(request);
    await jest.runAllTimersAsync();
    const result = await pending;
    expect(result).toMatchObject({ status: 'deferred', reason: expect.stringMatching(/no answer within 50 ms/) });
    expect(calls).toBe(3);
  });

  it('defers without calling while the circuit is open', async () => {
    let calls = 0;
    const lookup = new ResilientLookup(
      {
        lookup: async () => {
          calls++;
          return { status: 'unavailable', reason: 'down' } as LookupResult;
        },
      },
      { ...options, failureThreshold: 2, retries: 0 },
    );
    await lookup.lookup(request);
    await lookup.lookup(request);
    expect(lookup.breaker.current()).toBe('open');
    expect(await lookup.lookup(request)).toMatchObject({ status: 'deferred', reason: 'circuit open' });
    expect(calls).toBe(2);
  });
});
