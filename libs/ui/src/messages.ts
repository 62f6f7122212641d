import type { Lang } from './format';

/** One sentence per key in each language; Japanese is the default and must be complete. */
export type Messages<K extends string> = { ja: Record<K, string>; en: Record<K, string> };

export type Params = Record<string, string | number>;

/** "{count}件" with { count: 3 } → "3件"; a placeholder without a value stays visible (never "undefined"). */
export function interpolate(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** The language to start in: the saved choice, else Japanese (the desk's language) — never the browser's guess. */
export function initialLang(saved: string | null | undefined): Lang {
  return saved === 'en' ? 'en' : 'ja';
}

/** The value of an Accept-Language header for the chosen language (the services answer errors in it). */
export function acceptLanguage(lang: Lang): string {
  return lang === 'ja' ? 'ja, en;q=0.5' : 'en, ja;q=0.5';
}
