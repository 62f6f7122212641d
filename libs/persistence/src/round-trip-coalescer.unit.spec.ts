import { RoundTripCoalescer } from './round-trip-coalescer';

/** A request that waits until the test releases it, recording the items it carried. */
function gatedRun() {
  const requests: number[][] = [];
  const gates: (() => void)[] = [];
  const run = async (items: number[]) => {
    requests.push(items);
    await new Promise<void>((r) => gates.push(r));
    return items.map((n) => n * 10);
  };
  const releaseAll = async () => {
    while (gates.length) {
      gates.shift()!();
      await new Promise((r) => setImmediate(r));
    }
  };
  return { requests, run, releaseAll };
}

describe('RoundTripCoalescer', () => {
  it('sends a lone call at once, gathers the calls made while it is in flight, and answers each its own result', async () => {
    const { requests, run, releaseAll } = gatedRun();
    const coalescer = new RoundTripCoalescer(run);
    const first = coalescer.call(1);
    expect(requests).toEqual([[1]]);
    const rest = [coalescer.call(2), coalescer.call(3), coalescer.call(4)];
    expect(requests).toEqual([[1]]); // waiting for the request in flight
    await releaseAll();
    await releaseAll();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(requests).toEqual([[1], [2, 3, 4]]);
  });

  it('sends the items of one callMany together, at once when idle, after the request in flight otherwise', async () => {
    const { requests, run, releaseAll } = gatedRun();
    const coalescer = new RoundTripCoalescer(run);
    const batch = coalescer.callMany([1, 2, 3]);
    expect(requests).toEqual([[1, 2, 3]]); // not the first one alone
    const lone = coalescer.call(4);
    const next = coalescer.callMany([5, 6]);
    await releaseAll();
    await releaseAll();
    expect(await batch).toEqual([10, 20, 30]);
    expect(await Promise.all([lone, next])).toEqual([40, [50, 60]]);
    expect(requests).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(await coalescer.callMany([])).toEqual([]);
  });

  it('splits at maxBatch and allows maxInFlight requests at once', async () => {
    const { requests, run, releaseAll } = gatedRun();
    const coalescer = new RoundTripCoalescer(run, { maxBatch: 2, maxInFlight: 2 });
    const all = [1, 2, 3, 4, 5, 6, 7].map((n) => coalescer.call(n));
    expect(requests).toEqual([[1], [2]]);
    for (let i = 0; i < 6; i++) await releaseAll();
    expect(await Promise.all(all)).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(requests).toEqual([[1], [2], [3, 4], [5, 6], [7]]);
  });

  it('rejects every call of a failed request, goes on with later ones, and refuses a run that answers the wrong count', async () => {
    let calls = 0;
    const coalescer = new RoundTripCoalescer(async (items: number[]) => {
      calls++;
      if (calls === 1) throw new Error('database away');
      if (calls === 2) return [];
      return items;
    });
    await expect(coalescer.call(1)).rejects.toThrow('database away');
    await expect(coalescer.call(2)).rejects.toThrow('answered 0 results for 1 items');
    await expect(coalescer.call(3)).resolves.toBe(3);
  });

  it('with gatherMillis, waits for the calls of the same turn (or the timer) before the first request leaves', async () => {
    const { requests, run, releaseAll } = gatedRun();
    const coalescer = new RoundTripCoalescer(run, { gatherMillis: 0 });
    const first = [coalescer.call(1), coalescer.call(2)];
    await Promise.resolve();
    const third = coalescer.call(3);
    expect(requests).toEqual([]); // nothing left alone
    await new Promise((r) => setImmediate(r));
    expect(requests).toEqual([[1, 2, 3]]);
    const later = coalescer.call(4); // in flight: waits for it, then leaves at once
    await releaseAll();
    await releaseAll();
    expect(await Promise.all([...first, third, later])).toEqual([10, 20, 30, 40]);
    expect(requests).toEqual([[1, 2, 3], [4]]);

    jest.useFakeTimers();
    try {
      const sent: number[][] = [];
      const timed = new RoundTripCoalescer(async (items: number[]) => (sent.push(items), items), { gatherMillis: 50 });
      const calls = [timed.call(5)];
      jest.advanceTimersByTime(49);
      calls.push(timed.call(6));
      expect(sent).toEqual([]);
      jest.advanceTimersByTime(1);
      jest.useRealTimers();
      expect(await Promise.all(calls)).toEqual([5, 6]);
      expect(sent).toEqual([[5, 6]]);
    } finally {
      jest.useRealTimers();
    }
  });
});
