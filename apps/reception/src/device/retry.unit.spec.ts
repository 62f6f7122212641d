import { retryTransient } from './retry';

class Unavailable extends Error {
  constructor(readonly retryAfterSeconds?: number) {
    super('temporarily-unavailable');
  }
}
const transient = (e: unknown) =>
  e instanceof Unavailable ? { ...(e.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: e.retryAfterSeconds }) } : undefined;

describe('retryTransient', () => {
  it('sends again after a transient refusal, waiting what Retry-After says (capped), and returns the answer', async () => {
    const waits: number[] = [];
    let calls = 0;
    const answer = await retryTransient(
      async () => {
        calls++;
        if (calls === 1) throw new Unavailable(2);
        if (calls === 2) throw new Unavailable(30);
        return 'session-1';
      },
      transient,
      { sleep: async (ms) => void waits.push(ms) },
    );
    expect(answer).toBe('session-1');
    expect(calls).toBe(3);
    expect(waits).toEqual([2000, 5000]);
  });

  it('gives up after the last attempt with the last error', async () => {
    let calls = 0;
    const failing = retryTransient(
      async () => {
        calls++;
        throw new Unavailable();
      },
      transient,
      { attempts: 2, sleep: async () => undefined },
    );
    await expect(failing).rejects.toBeInstanceOf(Unavailable);
    expect(calls).toBe(2);
  });

  it('never repeats a call refused for another reason', async () => {
    let calls = 0;
    const refused = retryTransient(
      async () => {
        calls++;
        throw new Error('device-has-active-session');
      },
      transient,
      { sleep: async () => undefined },
    );
    await expect(refused).rejects.toThrow('device-has-active-session');
    expect(calls).toBe(1);
  });
});
