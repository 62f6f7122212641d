import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { formatJstDate, formatJstDateTime, formatJstTime, formatYen, type Lang } from './format';
import { initialLang, interpolate, type Messages, type Params } from './messages';

export interface I18n<K extends string> {
  lang: Lang;
  setLang(lang: Lang): void;
  /** The sentence of a key in the current language, placeholders filled. */
  t(key: K, params?: Params): string;
  dateTime(value: string | number | Date): string;
  time(value: string | number | Date): string;
  date(value: string | number | Date): string;
  yen(amount: number): string;
}

/** Where the language choice is kept: a preference, never personal data. */
const LANG_KEY = 'hcv.lang';

function savedLang(): string | null {
  try {
    return globalThis.localStorage?.getItem(LANG_KEY) ?? null;
  } catch {
    return null;
  }
}

/**
 * An i18n provider and hook for one app's message catalogue (Japanese default, English switchable).
 * Each app makes its own with its keys, so a missing translation is a type error, not a blank.
 * The choice is remembered on the device and set on <html lang>, so screen readers pronounce it.
 */
export function createI18n<K extends string>(messages: Messages<K>) {
  const Context = createContext<I18n<K> | null>(null);

  function I18nProvider({ children, lang: forced }: { children: ReactNode; lang?: Lang }) {
    const [lang, setLangState] = useState<Lang>(() => forced ?? initialLang(savedLang()));
    const setLang = useCallback((next: Lang) => {
      setLangState(next);
      try {
        globalThis.localStorage?.setItem(LANG_KEY, next);
      } catch {
        // storage refused (private mode): the choice lasts for this page only
      }
    }, []);
    useEffect(() => {
      document.documentElement.lang = lang;
    }, [lang]);
    const value = useMemo<I18n<K>>(
      () => ({
        lang,
        setLang,
        t: (key, params) => interpolate(messages[lang][key] ?? messages.ja[key] ?? key, params),
        dateTime: (v) => formatJstDateTime(v, lang),
        time: (v) => formatJstTime(v, lang),
        date: (v) => formatJstDate(v, lang),
        yen: (amount) => formatYen(amount, lang),
      }),
      [lang, setLang],
    );
    return <Context.Provider value={value}>{children}</Context.Provider>;
  }

  function useI18n(): I18n<K> {
    const value = useContext(Context);
    if (!value) throw new Error('useI18n outside its I18nProvider');
    return value;
  }

  return { I18nProvider, useI18n };
}
