import { percentile } from './percentile';

describe('percentile (nearest rank over the actual values)', () => {
  it('is null for no values and refuses a fraction outside (0, 1]', () => {
    expect(percentile([], 0.95)).toBeNull();
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 1.5)).toThrow(RangeError);
  });

  it('gives a value that was observed, never a histogram bucket edge', () => {
    // every verification took under 100 ms: p95 says so (a bucket edge said 250 ms)
    const values = Array.from({ length: 100 }, (_, i) => 20 + (i % 70));
    const p95 = percentile(values, 0.95)!;
    expect(p95).toBeLessThan(100);
    expect(values).toContain(p95);
  });

  it('takes the value at rank ⌈p·n⌉ of the sorted values, whatever their order', () => {
    const values = [50, 10, 40, 20, 30, 100, 90, 80, 70, 60];
    expect(percentile(values, 0.95)).toBe(100); // rank 10 of 10
    expect(percentile(values, 0.5)).toBe(50); // rank 5
    expect(percentile(values, 0.9)).toBe(90); // rank 9
    expect(percentile(values, 0.1)).toBe(10); // rank 1
    expect(percentile([7], 0.95)).toBe(7);
  });

  it('puts p95 of 1 000 values at the 950th smallest, with one slow outlier not moving it', () => {
    const values = Array.from({ length: 1000 }, (_, i) => i + 1);
    values[999] = 60_000;
    expect(percentile(values, 0.95)).toBe(950);
    expect(percentile(values, 1)).toBe(60_000);
  });

  it('sorts numerically (not as text) and ignores non-finite values', () => {
    expect(percentile([9, 100, 11, Number.NaN], 1)).toBe(100);
    expect(percentile([9, 100, 11], 0.34)).toBe(11);
  });
});

describe('percentile by selection', () => {
  it('agrees with the sorted nearest rank on many values, duplicates and orders', () => {
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (const n of [2, 3, 17, 100, 1001, 20_000]) {
      for (const shape of ['random', 'sorted', 'reversed', 'few distinct'] as const) {
        let values = Array.from({ length: n }, () => next() % 5000);
        if (shape === 'sorted') values.sort((a, b) => a - b);
        if (shape === 'reversed') values.sort((a, b) => b - a);
        if (shape === 'few distinct') values = values.map((v) => v % 3);
        const sorted = [...values].sort((a, b) => a - b);
        for (const p of [0.01, 0.5, 0.95, 0.99, 1]) expect(percentile(values, p)).toBe(sorted[Math.max(1, Math.ceil(p * n)) - 1]);
      }
    }
  });
});
