import { handleKeyOrderedBatch } from './key-ordered-batch';

const batch = (keys: string[]) => keys.map((key, i) => ({ key, offset: String(100 + i) }));
const control = (resolved: string[], concurrency = 8) => ({
  concurrency,
  resolveOffset: (o: string) => resolved.push(o),
  heartbeat: async () => undefined,
  isActive: () => true,
});

// The handlers' work takes time on jest's clock, so which key finishes first is fixed, not a race.
const onFakeClock = async <T>(run: Promise<T>): Promise<T> => {
  await jest.runAllTimersAsync();
  return run;
};

describe('handleKeyOrderedBatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('keeps one key in order, handles different keys at once, and resolves every offset in order', async () => {
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const resolved: string[] = [];
    await onFakeClock(
      handleKeyOrderedBatch(
        batch(['a', 'b', 'a', 'c', 'b', 'a']),
        async (m) => {
          running++;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((r) => setTimeout(r, m.key === 'a' ? 5 : 1));
          events.push(`${m.key}@${m.offset}`);
          running--;
        },
        control(resolved),
      ),
    );
    expect(events.filter((e) => e.startsWith('a'))).toEqual(['a@100', 'a@102', 'a@105']);
    expect(events.filter((e) => e.startsWith('b'))).toEqual(['b@101', 'b@104']);
    expect(maxRunning).toBe(3);
    expect(resolved).toEqual(['100', '101', '102', '103', '104', '105']);
  });

  it('resolves only the unbroken prefix before a failure and rethrows it', async () => {
    const resolved: string[] = [];
    const handled: string[] = [];
    const rejected = expect(
      handleKeyOrderedBatch(
        batch(['a', 'b', 'a', 'c']),
        async (m) => {
          if (m.offset === '101') throw new Error('database away');
          await new Promise((r) => setTimeout(r, 2));
          handled.push(m.offset);
        },
        control(resolved),
      ),
    ).rejects.toThrow('database away');
    await onFakeClock(rejected);
    expect(resolved).toEqual(['100']);
    expect(handled).toContain('100');
  });

  it('starts nothing new once the consumer stops', async () => {
    let active = true;
    const handled: string[] = [];
    await handleKeyOrderedBatch(
      batch(['a', 'a', 'a']),
      async (m) => {
        handled.push(m.offset);
        active = false;
      },
      { ...control([], 1), isActive: () => active },
    );
    expect(handled).toEqual(['100']);
  });
});
