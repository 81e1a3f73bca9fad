// Languages: Bahasa Indonesia first, English second. The choice is kept in localStorage and mirrored
// on <html lang>. Dates and numbers go through Intl in the chosen locale.
//
// Dictionaries are flat objects of "area.key" → text; `{name}` placeholders are filled by t(key, vars).
// Each audience chunk (staff, dashboard) keeps its own pair of dictionaries next to its code and makes
// its own typed hook with makeUseT(), so their strings do not weigh on the citizen bundle.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { id } from './id';
import { en } from './en';

export type Lang = 'id' | 'en';
export const LANGS: readonly Lang[] = ['id', 'en'];
export const LOCALES: Record<Lang, string> = { id: 'id-ID', en: 'en-GB' };
const STORAGE_KEY = 'aduan.lang';

export function storedLang(): Lang {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    if (v === 'id' || v === 'en') return v;
  } catch {
    /* storage may be disabled */
  }
  return 'id';
}

interface LangContext {
  lang: Lang;
  locale: string;
  setLang(l: Lang): void;
}

const Ctx = createContext<LangContext>({ lang: 'id', locale: LOCALES.id, setLang: () => {} });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(storedLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    setLangState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* not persisted; still switched for this visit */
    }
  }, []);
  const value = useMemo(() => ({ lang, locale: LOCALES[lang], setLang }), [lang, setLang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useLang = () => useContext(Ctx);

export type Vars = Record<string, string | number>;

export function fill(text: string, vars?: Vars): string {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** A typed t() for one pair of dictionaries: `const useStaffT = makeUseT({ id: staffId, en: staffEn })`. */
export function makeUseT<K extends string>(dicts: Record<Lang, Record<K, string>>) {
  return function useT() {
    const { lang } = useContext(Ctx);
    return useCallback((key: K, vars?: Vars) => fill(dicts[lang][key] ?? dicts.id[key] ?? key, vars), [lang]);
  };
}

export type MessageKey = keyof typeof id;
export const useT = makeUseT<MessageKey>({ id, en });
export type T = ReturnType<typeof useT>;

/** Locale-aware formatting helpers bound to the current language. */
export function useFormat() {
  const { locale } = useContext(Ctx);
  return useMemo(() => {
    const dt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const d = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    const n = new Intl.NumberFormat(locale);
    const rel = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    const parse = (v: string | Date) => (typeof v === 'string' ? new Date(v) : v);
    return {
      dateTime: (v: string | Date) => dt.format(parse(v)),
      date: (v: string | Date) => d.format(parse(v)),
      number: (v: number) => n.format(v),
      bytes: (v: number) =>
        v >= 1024 * 1024 ? `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(v / 1024 / 1024)} MB` : `${n.format(Math.ceil(v / 1024))} KB`,
      /** "in 3 days" / "2 days ago" from now, in whole days. */
      relativeDays: (v: string | Date, now = Date.now()) => rel.format(Math.round((parse(v).getTime() - now) / 86_400_000), 'day'),
    };
  }, [locale]);
}
