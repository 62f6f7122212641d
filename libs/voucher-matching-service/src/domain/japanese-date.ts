/**
 * Dates as Japanese rosters write them: Gregorian (8-digit YYYYMMDD, or with `-` / `/`) or 和暦 —
 * with the era's name (昭和45年5月1日, 平成元年1月8日), its initial (S45.05.01, R07.04.01; `.`, `/`
 * or `-`), or its number followed by YYMMDD (3450501: 1 明治, 2 大正, 3 昭和, 4 平成, 5 令和, the
 * 7-digit form of insurance systems). Full-width digits and letters are folded first.
 *
 * A 和暦 date must fall within its era: 昭和64年1月8日 does not exist (that day is 平成元年1月8日), nor
 * 平成31年5月1日 (令和元年5月1日). 明治 dates before 明治6年 (1873) are lunar-calendar dates and are refused
 * rather than converted.
 *
 * A problem never quotes the value: a birth date is personal data, and the reason is stored in the
 * import's report.
 */
export interface Era {
  name: string;
  initial: string;
  /** The era number of the 7-digit form. */
  code: number;
  /** The first day of the era (Gregorian), and of its year 1 = this year. */
  starts: string;
  /** The last day of the era; none for the current one. */
  ends?: string;
}

export const ERAS: readonly Era[] = [
  // The Gregorian calendar began on 明治6年1月1日; earlier 明治 dates are lunar and not taken.
  { name: '明治', initial: 'M', code: 1, starts: '1868-01-25', ends: '1912-07-29' },
  { name: '大正', initial: 'T', code: 2, starts: '1912-07-30', ends: '1926-12-24' },
  { name: '昭和', initial: 'S', code: 3, starts: '1926-12-25', ends: '1989-01-07' },
  { name: '平成', initial: 'H', code: 4, starts: '1989-01-08', ends: '2019-04-30' },
  { name: '令和', initial: 'R', code: 5, starts: '2019-05-01' },
];

const MEIJI_SOLAR_CALENDAR = '1873-01-01';

export type DateParse = { date: string } | { problem: string };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function gregorian(year: number, month: number, day: number): DateParse {
  if (month < 1 || month > 12) return { problem: 'the month does not exist' };
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > days) return { problem: 'the month has no such day' };
  return { date: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

function wareki(era: Era, eraYear: number, month: number, day: number): DateParse {
  if (eraYear < 1) return { problem: `${era.name} has no year 0` };
  const startYear = Number(era.starts.slice(0, 4));
  const parsed = gregorian(startYear + eraYear - 1, month, day);
  if ('problem' in parsed) return parsed;
  if (parsed.date < era.starts) return { problem: `the day is before ${era.name} began (${era.starts})` };
  if (era.ends !== undefined && parsed.date > era.ends) return { problem: `the day is after ${era.name} ended (${era.ends})` };
  if (era.code === 1 && parsed.date < MEIJI_SOLAR_CALENDAR) {
    return { problem: 'a 明治 date before 明治6年 is a lunar-calendar date; write it in the Gregorian calendar' };
  }
  return parsed;
}

const KANJI = /^(明治|大正|昭和|平成|令和)(元|\d{1,2})年(\d{1,2})月(\d{1,2})日$/;
const INITIAL = /^([MTSHR])(\d{1,2})[./-](\d{1,2})[./-](\d{1,2})$/;
const CODED = /^([1-5])(\d{2})(\d{2})(\d{2})$/;
const DIGITS8 = /^(\d{4})(\d{2})(\d{2})$/;
const SEPARATED = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** An ISO date (YYYY-MM-DD) from a roster's date cell, or why it is not one. */
export function parseRosterDate(raw: string): DateParse {
  const text = raw.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  let m: RegExpExecArray | null;
  if ((m = DIGITS8.exec(text)) || (m = SEPARATED.exec(text))) return gregorian(Number(m[1]), Number(m[2]), Number(m[3]));
  if ((m = KANJI.exec(text))) {
    const era = ERAS.find((e) => e.name === m![1])!;
    return wareki(era, m[2] === '元' ? 1 : Number(m[2]), Number(m[3]), Number(m[4]));
  }
  if ((m = INITIAL.exec(text))) {
    const era = ERAS.find((e) => e.initial === m![1])!;
    return wareki(era, Number(m[2]), Number(m[3]), Number(m[4]));
  }
  if ((m = CODED.exec(text))) {
    const era = ERAS.find((e) => e.code === Number(m![1]))!;
    return wareki(era, Number(m[2]), Number(m[3]), Number(m[4]));
  }
  return { problem: 'not a date: write YYYYMMDD, YYYY-MM-DD, or 和暦 such as 昭和45年5月1日, S45.05.01 or 3450501' };
}
