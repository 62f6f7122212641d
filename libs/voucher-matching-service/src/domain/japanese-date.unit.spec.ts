import { parseRosterDate } from './japanese-date';

const date = (raw: string) => parseRosterDate(raw);

describe('roster dates (Gregorian and 和暦)', () => {
  it('reads 8-digit, separated and full-width Gregorian dates, and refuses days that do not exist', () => {
    expect(date('19700501')).toEqual({ date: '1970-05-01' });
    expect(date('1970/5/1')).toEqual({ date: '1970-05-01' });
    expect(date('1970-05-01')).toEqual({ date: '1970-05-01' });
    expect(date('２０２４０２２９')).toEqual({ date: '2024-02-29' });
    expect(date('20230229')).toMatchObject({ problem: expect.stringContaining('no such day') });
    expect(date('19701301')).toMatchObject({ problem: expect.stringContaining('month does not exist') });
    expect(date('1970.05.01x')).toMatchObject({ problem: expect.stringContaining('not a date') });
  });

  it('reads 和暦 written with the era’s name, its initial, or its number (GYYMMDD), 元年 included', () => {
    for (const written of ['昭和45年5月1日', '昭和４５年５月１日', '昭和 45年 5月 1日', 'S45.05.01', 's45/5/1', 'S45-05-01', '3450501']) {
      expect([written, date(written)]).toEqual([written, { date: '1970-05-01' }]);
    }
    expect(date('R07.04.01')).toEqual({ date: '2025-04-01' });
    expect(date('令和元年5月1日')).toEqual({ date: '2019-05-01' });
    expect(date('平成元年1月8日')).toEqual({ date: '1989-01-08' });
  });

  it.each([
    // era, last day in it, first day of the next (written in the old era: refused)
    ['明治', '明治45年7月29日', '1912-07-29', '明治45年7月30日'],
    ['大正', '大正15年12月24日', '1926-12-24', '大正15年12月25日'],
    ['昭和', '昭和64年1月7日', '1989-01-07', '昭和64年1月8日'],
    ['平成', '平成31年4月30日', '2019-04-30', '平成31年5月1日'],
  ])('%s ends on its last day: the next day written in it does not exist', (_, last, iso, after) => {
    expect(date(last)).toEqual({ date: iso });
    expect(date(after)).toMatchObject({ problem: expect.stringContaining('ended') });
  });

  it.each([
    ['大正元年7月30日', '1912-07-30', '大正元年7月29日'],
    ['昭和元年12月25日', '1926-12-25', '昭和元年12月24日'],
    ['平成元年1月8日', '1989-01-08', '平成元年1月7日'],
    ['令和元年5月1日', '2019-05-01', '令和元年4月30日'],
  ])('%s is the era’s first day; the day before written in it does not exist', (first, iso, before) => {
    expect(date(first)).toEqual({ date: iso });
    expect(date(before)).toMatchObject({ problem: expect.stringContaining('before') });
  });

  it('takes 明治 from 明治6年 (the Gregorian calendar’s start) and refuses earlier, lunar-calendar dates', () => {
    expect(date('明治6年1月1日')).toEqual({ date: '1873-01-01' });
    expect(date('M06.01.01')).toEqual({ date: '1873-01-01' });
    expect(date('明治5年12月2日')).toMatchObject({ problem: expect.stringContaining('lunar') });
  });

  it('refuses an era year 0, an unknown era initial, and an impossible 和暦 day', () => {
    expect(date('S00.05.01')).toMatchObject({ problem: expect.stringContaining('no year 0') });
    expect(date('X45.05.01')).toMatchObject({ problem: expect.stringContaining('not a date') });
    expect(date('6450501')).toMatchObject({ problem: expect.stringContaining('not a date') });
    expect(date('平成4年2月30日')).toMatchObject({ problem: expect.stringContaining('no such day') });
  });
});
