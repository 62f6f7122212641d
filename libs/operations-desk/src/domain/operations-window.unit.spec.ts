import {
  applyIncrement,
  emptyBucket,
  incrementOf,
  minuteOf,
  OVERFLOW_MILLIS,
  pushOf,
  series,
  summarise,
  windowStart,
  type MinuteBucket,
} from './operations-window';

const bucket = (minute: string, facts: { outcome?: string; millis?: number; national?: number }[]): MinuteBucket => {
  const b = emptyBucket('site-a', minute);
  for (const f of facts) {
    if (f.outcome) {
      const fact = { kind: 'outcome' as const, outcome: f.outcome, elapsedMillis: f.millis ?? 0 };
      applyIncrement(b, incrementOf(fact), pushOf(fact));
    }
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

  it('sums the last 5 and 60 minutes, with failure rate, average and p95 of the actual times', () => {
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
      p95Millis: 900, // the slowest of three (nearest rank), not the edge of its histogram bucket (1000)
      byOutcome: { matched: 2, 'voucher-expired': 1 },
    });
    expect(five.failureRate).toBeCloseTo(1 / 3);
    const sixty = summarise(buckets, now, 60);
    expect(sixty.outcomes).toBe(4);
    expect(sixty.p95Millis).toBe(70_000);
    expect(summarise([], now, 5)).toMatchObject({ outcomes: 0, failureRate: null, avgMillis: null, p95Millis: null });
  });

  it('says p95 "under 100 ms" when every verification took under 100 ms', () => {
    const fast = bucket(
      '2026-11-25T09:30',
      Array.from({ length: 200 }, (_, i) => ({ outcome: 'matched', millis: 30 + (i % 60) })),
    );
    expect(summarise([fast], now, 5).p95Millis).toBe(86);
  });

  it('falls back to the histogram bucket edge only for buckets written before the times were kept', () => {
    const old = emptyBucket('site-a', '2026-11-25T09:30');
    applyIncrement(old, incrementOf({ kind: 'outcome', outcome: 'matched', elapsedMillis: 900 }));
    expect(summarise([old], now, 5).p95Millis).toBe(1000);
    const slow = emptyBucket('site-a', '2026-11-25T09:30');
    applyIncrement(slow, incrementOf({ kind: 'outcome', outcome: 'matched', elapsedMillis: 70_000 }));
    expect(summarise([slow], now, 5).p95Millis).toBe(OVERFLOW_MILLIS);
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
