import {
  applyIncrement,
  emptyBucket,
  incrementOf,
  minuteOf,
  OVERFLOW_MILLIS,
  series,
  summarise,
  windowStart,
  type MinuteBucket,
} from './operations-window';

const bucket = (minute: string, facts: { outcome?: string; millis?: number; national?: number }[]): MinuteBucket => {
  const b = emptyBucket('site-a', minute);
  for (const f of facts) {
    if (f.outcome) applyIncrement(b, incrementOf({ kind: 'outcome', outcome: f.outcome, elapsedMillis: f.millis ?? 0 }));
    for (let i = 0; i < (f.national ?? 0); i++) applyIncrement(b, incrementOf({ kind: 'national-failure' }));
  }
  return b;
};

describe('operations windows', () => {
  const now = new Date('2026-11-25T09:30:40Z');

  it('names minutes in UTC whatever the offset of the event time', () => {
    expect(minuteOf('2026-11-25T18:30:59+09:00')).toBe('2026-11-25T09:30');
    expect(windowStart(now, 5)).toBe('2026-11-25T09:26');
    expect(windowStart(now, 60)).toBe('2026-11-25T08:31');
  });

  it('sums the last 5 and 60 minutes, with failure rate, average and p95 from the histogram', () => {
    const buckets = [
      bucket('2026-11-25T09:30', [{ outcome: 'matched', millis: 200 }, { outcome: 'matched', millis: 400 }, { national: 2 }]),
      bucket('2026-11-25T09:26', [{ outcome: 'voucher-expired', millis: 900 }]),
      bucket('2026-11-25T09:25', [{ outcome: 'matched', millis: 70_000 }]), // outside 5 min, inside 60
      bucket('2026-11-25T08:30', [{ outcome: 'matched', millis: 100 }]), // outside both
    ];
    const five = summarise(buckets, now, 5);
    expect(five).toMatchObject({
      outcomes: 3,
      failures: 1,
      nationalFailures: 2,
      avgMillis: 500,
      p95Millis: 1000,
      byOutcome: { matched: 2, 'voucher-expired': 1 },
    });
    expect(five.failureRate).toBeCloseTo(1 / 3);
    const sixty = summarise(buckets, now, 60);
    expect(sixty.outcomes).toBe(4);
    expect(sixty.p95Millis).toBe(OVERFLOW_MILLIS); // the slowest is above the last bound
    expect(summarise([], now, 5)).toMatchObject({ outcomes: 0, failureRate: null, avgMillis: null, p95Millis: null });
  });

  it('draws one zero-filled point per minute, oldest first', () => {
    const points = series([bucket('2026-11-25T09:29', [{ outcome: 'matched' }, { outcome: 'insurer-mismatch' }, { national: 1 }])], now, 5);
    expect(points.map((p) => p.minute)).toEqual([
      '2026-11-25T09:26',
      '2026-11-25T09:27',
      '2026-11-25T09:28',
      '2026-11-25T09:29',
      '2026-11-25T09:30',
    ]);
    expect(points[3]).toEqual({ minute: '2026-11-25T09:29', count: 2, failures: 1, nationalFailures: 1 });
    expect(points[4]!.count).toBe(0);
  });
});
