import { ChangeStampCheck } from './change-stamp-check';

describe('a cache checking its source’s change stamp', () => {
  it('reads at most once per period, shares a read among waiting callers and reports a moved stamp', async () => {
    let now = 0;
    let stamp = 1;
    let reads = 0;
    let changes = 0;
    const check = new ChangeStampCheck({
      read: async () => {
        reads++;
        return stamp;
      },
      checkEveryMillis: 500,
      now: () => now,
      changed: () => changes++,
    });
    await Promise.all([check.whenDue(), check.whenDue()]);
    expect([reads, changes]).toEqual([1, 1]); // the first stamp: nothing held was loaded under it
    now = 499;
    stamp = 2;
    await check.whenDue();
    expect(reads).toBe(1);
    now = 500;
    await check.whenDue();
    expect([reads, changes]).toEqual([2, 2]);
    now = 1000;
    await check.whenDue();
    expect([reads, changes]).toEqual([3, 2]);
  });

  describe('with refreshAheadMillis', () => {
    beforeEach(() => jest.useFakeTimers({ now: 0 }));
    afterEach(() => jest.useRealTimers());

    /** A check on the (fake) clock whose reads answer when the test says. */
    function gated() {
      const state = { stamp: 1, reads: 0, changes: 0, fail: false };
      const pending: (() => void)[] = [];
      const check = new ChangeStampCheck({
        read: () => {
          state.reads++;
          return new Promise<number>((resolve, reject) =>
            pending.push(() => (state.fail ? reject(new Error('database down')) : resolve(state.stamp))),
          );
        },
        checkEveryMillis: 1_000,
        refreshAheadMillis: 250,
        now: () => Date.now(),
        changed: () => state.changes++,
      });
      const answer = async () => {
        pending.shift()!();
        await jest.advanceTimersByTimeAsync(0);
      };
      return { check, state, answer };
    }

    it('reads the next stamp before it is due while in use, holding no caller; stops reading once unused', async () => {
      const { check, state, answer } = gated();
      const first = check.whenDue();
      await answer();
      await first;
      expect([state.reads, state.changes]).toEqual([1, 1]);
      await jest.advanceTimersByTimeAsync(500);
      await check.whenDue(); // in use
      await jest.advanceTimersByTimeAsync(250); // 750: the read ahead starts
      expect(state.reads).toBe(2);
      state.stamp = 2;
      await jest.advanceTimersByTimeAsync(150); // 900, the read still out: a caller is not held
      let answered = false;
      void check.whenDue().then(() => (answered = true));
      await jest.advanceTimersByTimeAsync(0);
      expect(answered).toBe(true);
      await answer();
      expect([state.reads, state.changes]).toEqual([2, 2]);
      await jest.advanceTimersByTimeAsync(600); // 1500: asked since the read at 750, so read ahead again
      expect(state.reads).toBe(3);
      await answer();
      await jest.advanceTimersByTimeAsync(1_000); // nobody asked since 1500: no read
      expect(state.reads).toBe(3);
      answered = false;
      const due = check.whenDue().then(() => (answered = true)); // 2500, past the period: waits
      await jest.advanceTimersByTimeAsync(0);
      expect([state.reads, answered]).toEqual([4, false]);
      await answer();
      await due;
      expect(answered).toBe(true);
    });

    it('a read ahead that takes longer than refreshAheadMillis holds the callers past the period, as without it', async () => {
      const { check, state, answer } = gated();
      const first = check.whenDue();
      await answer();
      await first;
      await jest.advanceTimersByTimeAsync(750);
      expect(state.reads).toBe(1); // not asked since the first read
      await check.whenDue();
      await jest.advanceTimersByTimeAsync(1_000); // 1750: no read ahead had been scheduled past 750, so none yet
      let answered = false;
      const due = check.whenDue().then(() => (answered = true));
      await jest.advanceTimersByTimeAsync(0);
      expect([state.reads, answered]).toEqual([2, false]);
      await answer();
      await due;
      await jest.advanceTimersByTimeAsync(750 - 1); // asked at 1750: the read ahead at 1750 + 750
      await check.whenDue();
      await jest.advanceTimersByTimeAsync(1);
      expect(state.reads).toBe(3);
      await jest.advanceTimersByTimeAsync(250); // 2750: due, the read ahead still out
      answered = false;
      const held = check.whenDue().then(() => (answered = true));
      await jest.advanceTimersByTimeAsync(0);
      expect([state.reads, answered]).toEqual([3, false]);
      await answer();
      await held;
      expect(answered).toBe(true);
    });

    it('a failed read ahead holds nobody; the first caller past the period reads again and gets its failure', async () => {
      const { check, state, answer } = gated();
      const first = check.whenDue();
      await answer();
      await first;
      await check.whenDue();
      await jest.advanceTimersByTimeAsync(750);
      expect(state.reads).toBe(2);
      state.fail = true;
      await answer();
      await jest.advanceTimersByTimeAsync(250);
      const due = check.whenDue();
      await jest.advanceTimersByTimeAsync(0);
      expect(state.reads).toBe(3);
      const failed = expect(due).rejects.toThrow('database down');
      await answer();
      await failed;
    });
  });
});
