import { bucketOf, quantileMillis } from './time-to-outcome';

describe('the time-to-outcome histogram', () => {
  it('puts times into closed-above buckets', () => {
    expect([0, 250, 251, 1000, 59_999, 60_000, 60_001].map(bucketOf)).toEqual([
      'le250',
      'le250',
      'le500',
      'le1000',
      'le60000',
      'le60000',
      'gt60000',
    ]);
  });

  it('derives quantiles as bucket upper bounds', () => {
    const cell = { count: 20, buckets: { le250: 10, le500: 8, le5000: 2 } };
    expect(quantileMillis(cell, 0.5)).toBe(250);
    expect(quantileMillis(cell, 0.95)).toBe(5000);
    expect(quantileMillis({ count: 0, buckets: {} }, 0.5)).toBeNull();
  });
});
