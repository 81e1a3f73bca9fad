// The dashboards keep their state in the URL: ?org=…&dari=YYYY-MM-DD&sampai=YYYY-MM-DD&interval=week|month.
import { navigate, useLocation } from '../app/router';
import type { StatsQuery } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function useStatsQuery(base: string): { q: StatsQuery; go(q: StatsQuery): void; href(q: StatsQuery): string } {
  const { search } = useLocation();
  const interval = search.get('interval');
  const q: StatsQuery = {
    org: search.get('org') || undefined,
    from: DATE.test(search.get('dari') ?? '') ? search.get('dari')! : undefined,
    to: DATE.test(search.get('sampai') ?? '') ? search.get('sampai')! : undefined,
    interval: interval === 'week' || interval === 'month' ? interval : undefined,
  };
  const href = (n: StatsQuery) => {
    const s = new URLSearchParams();
    if (n.org) s.set('org', n.org);
    if (n.from) s.set('dari', n.from);
    if (n.to) s.set('sampai', n.to);
    if (n.interval) s.set('interval', n.interval);
    const qs = s.toString();
    return qs ? `${base}?${qs}` : base;
  };
  return { q, go: (n) => navigate(href(n)), href };
}

/** The parent of an organisation by the code convention (api.md): "51.08.pupr" → "51.08" → "51" → "id". */
export function parentCode(code: string): string | null {
  if (code === 'id') return null;
  const i = code.lastIndexOf('.');
  return i > 0 ? code.slice(0, i) : 'id';
}

/** Names seen in responses this visit, for "up one level" links. */
export const orgNames = new Map<string, string>([['id', '']]);
