// Number and date helpers for figures, on top of useFormat() (same locale).
import { useMemo } from 'react';
import { LOCALES, useFormat, useLang } from '../i18n';
import type { Rate } from './types';

export function useFigures() {
  const f = useFormat();
  const { lang } = useLang();
  return useMemo(() => {
    const short = new Intl.DateTimeFormat(LOCALES[lang], { day: 'numeric', month: 'short' });
    const month = new Intl.DateTimeFormat(LOCALES[lang], { month: 'short', year: 'numeric' });
    const round1 = (x: number) => Math.round(x * 10) / 10;
    return {
      ...f,
      /** 0.4567 → "45,7%" (id) / "45.7%" (en); null → "–". */
      pct: (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${f.number(round1(v * 100))}%`),
      rate: (r: Rate | undefined) => (!r || r.value === null ? '–' : `${f.number(round1(r.value * 100))}%`),
      /** Working days with one decimal. */
      days: (v: number | null | undefined) => (v === null || v === undefined ? '–' : f.number(round1(v))),
      dec1: (v: number | null | undefined) => (v === null || v === undefined ? '–' : f.number(round1(v))),
      /** Axis labels: "6 Jul" for weeks, "Jul 2026" for months. */
      tick: (isoDate: string, interval: 'week' | 'month') => {
        const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
        const date = new Date(y, m - 1, d);
        return interval === 'month' ? month.format(date) : short.format(date);
      },
      /** A calendar day from an ISO string with an offset, as that local day (not shifted by the browser's zone). */
      day: (iso: string) => {
        const [y, m, d] = iso.slice(0, 10).split('-').map(Number) as [number, number, number];
        return f.date(new Date(y, m - 1, d));
      },
    };
  }, [f, lang]);
}

/** The last day of a period whose `to` is exclusive (an ISO string with an offset): "2026-07-07T00:00+08:00" → "2026-07-06". */
export function lastDay(toIso: string): string {
  const [y, m, d] = toIso.slice(0, 10).split('-').map(Number) as [number, number, number];
  const dt = new Date(Date.UTC(y, m - 1, d) - 86_400_000);
  return dt.toISOString().slice(0, 10);
}
