import { createLogger } from '@hcv/observability';
import type { ExpireSessionsHandler } from './expire-sessions.handler';
import { ExpireSessionsScheduler, expirySweepInterval } from './expire-sessions.scheduler';

describe('the expiry sweep schedule', () => {
  afterEach(() => jest.useRealTimers());

  it('sweeps every quarter of the timeout, between 0.25 s and 10 s', () => {
    expect(expirySweepInterval(15 * 60_000)).toBe(10_000);
    expect(expirySweepInterval(8_000)).toBe(2_000);
    expect(expirySweepInterval(400)).toBe(250);
  });

  it('runs the sweep from the application’s start until its shutdown', async () => {
    jest.useFakeTimers();
    const sweep = jest.fn(async () => []);
    const scheduler = new ExpireSessionsScheduler(
      { sweep } as unknown as ExpireSessionsHandler,
      createLogger({ service: 'test', level: 'error' }),
      1_000,
    );
    await jest.advanceTimersByTimeAsync(5_000);
    expect(sweep).not.toHaveBeenCalled();

    scheduler.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(3_000);
    expect(sweep).toHaveBeenCalledTimes(3);

    scheduler.onApplicationShutdown();
    await jest.advanceTimersByTimeAsync(5_000);
    expect(sweep).toHaveBeenCalledTimes(3);
  });

  it('never runs two sweeps at once, and keeps sweeping after a failed one', async () => {
    jest.useFakeTimers();
    let running = 0;
    let most = 0;
    let calls = 0;
    const sweep = async () => {
      calls++;
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 2_500)); // slower than the interval
      running--;
      if (calls === 1) throw new Error('database unavailable');
      return [];
    };
    const logged: string[] = [];
    const scheduler = new ExpireSessionsScheduler(
      { sweep } as unknown as ExpireSessionsHandler,
      createLogger({ service: 'test', level: 'error', sink: (line) => void logged.push(line) }),
      1_000,
    );
    scheduler.onApplicationBootstrap();
    await jest.advanceTimersByTimeAsync(10_000);
    scheduler.onApplicationShutdown();
    expect(most).toBe(1);
    expect(calls).toBeGreaterThanOrEqual(3);
    expect(logged.map((line) => JSON.parse(line).msg)).toEqual(['session expiry sweep failed']);
  });
});
