// A small history router: the URL is the state. navigate() pushes, <Link> intercepts plain clicks,
// useLocation() re-renders on changes, match() reads "/lacak/:tn"-style patterns.
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', () => {
  navigations++;
  notify();
});

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}
const snapshot = () => location.pathname + location.search;

export interface Loc {
  path: string;
  search: URLSearchParams;
  href: string;
}

let cached: Loc | undefined;
function current(): Loc {
  const href = snapshot();
  if (cached?.href !== href) cached = { path: location.pathname.replace(/\/+$/, '') || '/', search: new URLSearchParams(location.search), href };
  return cached;
}

export function useLocation(): Loc {
  useSyncExternalStore(subscribe, snapshot);
  return current();
}

/** How many in-app navigations happened; pages move focus to their heading only after one. */
export let navigations = 0;

export function navigate(to: string, opts: { replace?: boolean } = {}) {
  if (to === snapshot()) return;
  navigations++;
  if (opts.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  if (!opts.replace) window.scrollTo(0, 0);
  notify();
}

/** Params of `pattern` ("/lacak/:tn") in `path`, or null. A trailing "/*" matches any rest. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const seg = p[i]!;
    if (seg === '*') {
      params['*'] = s.slice(i).join('/');
      return params;
    }
    const v = s[i];
    if (v === undefined) return null;
    if (seg.startsWith(':')) params[seg.slice(1)] = decodeURIComponent(v);
    else if (seg !== v) return null;
  }
  return s.length === p.length ? params : null;
}

export function Link({ to, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { to: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(to);
  };
  const here = useLocation();
  const current = here.path === to ? 'page' : undefined;
  return <a href={to} aria-current={current} onClick={handle} {...rest} />;
}
