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
});
