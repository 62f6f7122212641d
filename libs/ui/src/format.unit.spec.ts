import { formatJstDate, formatJstDateTime, formatJstTime, formatYen, isoJst, jstCalendarDate } from './format';

describe('JST formatting', () => {
  // 2026-12-06 15:30 UTC is 2026-12-07 00:30 in Japan: the date turns over before UTC's does.
  const lateUtc = '2026-12-06T15:30:00Z';

  it('shows every time in Japan Standard Time, whatever the process time zone', () => {
    expect(formatJstDateTime(lateUtc, 'ja')).toBe('2026年12月7日 00:30');
    expect(formatJstDateTime(lateUtc, 'en')).toBe('7 Dec 2026, 00:30 JST');
    expect(formatJstTime('2026-12-06T09:05:00+09:00', 'ja')).toBe('09:05');
    expect(formatJstTime('2026-12-06T09:05:00+09:00', 'en')).toBe('09:05 JST');
  });

  it('reads a calendar date as that day in Japan, not as UTC midnight', () => {
    expect(formatJstDate('2026-12-06', 'ja')).toBe('2026年12月6日');
    expect(formatJstDate('2026-12-06', 'en')).toBe('6 Dec 2026');
    expect(formatJstDate(lateUtc, 'ja')).toBe('2026年12月7日');
  });

  it('gives the Japanese calendar date and an ISO time with the +09:00 offset', () => {
    expect(jstCalendarDate(Date.parse(lateUtc))).toBe('2026-12-07');
    expect(jstCalendarDate(Date.parse('2026-12-06T14:59:59Z'))).toBe('2026-12-06');
    expect(isoJst(Date.parse(lateUtc))).toBe('2026-12-07T00:30:00.000+09:00');
    expect(Date.parse(isoJst(Date.parse(lateUtc)))).toBe(Date.parse(lateUtc));
  });

  it('writes yen with separators', () => {
    expect(formatYen(1200, 'ja')).toBe('1,200円');
    expect(formatYen(0, 'en')).toBe('¥0');
  });
});
