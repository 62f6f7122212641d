/**
 * Dates, times and amounts as the desk reads them. Every time is shown in Japan Standard Time,
 * whatever the device's own time zone (a tablet set to UTC still shows the visitor's local time);
 * pure functions over Intl, so they run the same in the browser and in a unit spec.
 */
export type Lang = 'ja' | 'en';

const JST = 'Asia/Tokyo';

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, kind: 'date-time' | 'time' | 'date'): Intl.DateTimeFormat {
  const key = `${lang}:${kind}`;
  let f = formatters.get(key);
  if (!f) {
    const time: Intl.DateTimeFormatOptions = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    const date: Intl.DateTimeFormatOptions = { year: 'numeric', month: lang === 'ja' ? 'long' : 'short', day: 'numeric' };
    const options = kind === 'date-time' ? { ...date, ...time } : kind === 'time' ? time : date;
    f = new Intl.DateTimeFormat(lang === 'ja' ? 'ja-JP' : 'en-GB', { ...options, timeZone: JST });
    formatters.set(key, f);
  }
  return f;
}

const toDate = (value: string | number | Date): Date => (value instanceof Date ? value : new Date(value));

/** "2026年12月6日 18:05" / "6 Dec 2026, 18:05 JST". */
export function formatJstDateTime(value: string | number | Date, lang: Lang): string {
  const text = formatter(lang, 'date-time').format(toDate(value));
  return lang === 'ja' ? text : `${text} JST`;
}

/** "18:05" / "18:05 JST". */
export function formatJstTime(value: string | number | Date, lang: Lang): string {
  const text = formatter(lang, 'time').format(toDate(value));
  return lang === 'ja' ? text : `${text} JST`;
}

/** "2026年12月6日" / "6 Dec 2026" for an instant, or for a calendar date given as YYYY-MM-DD. */
export function formatJstDate(value: string | number | Date, lang: Lang): string {
  const instant = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00+09:00` : value;
  return formatter(lang, 'date').format(toDate(instant));
}

/** The calendar date in Japan (YYYY-MM-DD) at an instant: the checkup date, the tour date. */
export function jstCalendarDate(at: number | Date = Date.now()): string {
  const millis = at instanceof Date ? at.getTime() : at;
  return new Date(millis + 9 * 3_600_000).toISOString().slice(0, 10);
}

/** An instant as ISO-8601 with the JST offset: "2026-12-06T18:05:00.000+09:00". */
export function isoJst(at: number | Date = Date.now()): string {
  const millis = at instanceof Date ? at.getTime() : at;
  return new Date(millis + 9 * 3_600_000).toISOString().replace('Z', '+09:00');
}

/** Yen: "1,200円" / "¥1,200". */
export function formatYen(amount: number, lang: Lang): string {
  const digits = new Intl.NumberFormat('ja-JP', { maximumFractionDigits: 0 }).format(amount);
  return lang === 'ja' ? `${digits}円` : `¥${digits}`;
}
