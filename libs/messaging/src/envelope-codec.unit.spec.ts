import { EnvelopeBase } from '@hcv/contracts';
import { eventTime } from './envelope-codec';

describe('eventTime (envelope time with microseconds)', () => {
  it('stamps valid ISO times that sort in the order they were taken, across milliseconds', () => {
    const stamps: string[] = [];
    const until = Date.now() + 5;
    while (Date.now() < until || stamps.length < 1000) stamps.push(eventTime());
    const takenAt = Date.now();
    expect(stamps.filter((t) => !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(t) || !EnvelopeBase.shape.time.safeParse(t).success)).toEqual([]);
    expect([...stamps].sort()).toEqual(stamps);
    // Several milliseconds were crossed, and every stamp is the wall-clock time (to the clock's drift).
    expect(new Set(stamps.map((t) => t.slice(0, 23))).size).toBeGreaterThan(1);
    expect(Math.abs(Date.parse(stamps.at(-1)!) - takenAt)).toBeLessThan(1_000);
  });
});
