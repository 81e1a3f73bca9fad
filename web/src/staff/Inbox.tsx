// The inbox: the complaints of the user's organisation, most urgent first (GET /api/v1/complaints
// ?sort=due&organisation=…), grouped into overdue, due within 36 hours, new, and the rest. Filters
// live in the URL (/staf?status=…&unit=…&kategori=…&terlambat=1&q=…) so a dashboard can link here.
// Admins tick unverified complaints and route them to one unit in one go (BulkRoute).
import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { Link, navigate, useLocation } from '../app/router';
import { useFormat, useLang, useT, type MessageKey } from '../i18n';
import { api } from '../lib/api';
import { useSession } from '../lib/session';
import type { ComplaintSummary, Page as ApiPage } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading, OverdueBadge, StatusBadge } from '../ui/bits';
import { Checkbox, SelectField, TextField } from '../ui/fields';
import { Page } from '../ui/Page';
import { BulkRoute } from './BulkRoute';
import { takeFlash } from './flash';
import { staffContext } from './context';
import { categories, childrenOf, ROOT_ORG } from './data';
import { useStaffT, type StaffKey } from './t';
import { ALL_STATUSES, OPEN_STATUSES } from './types';

const DUE_SOON_MS = 36 * 3_600_000;
const PAGE_SIZE = 50;

interface Filters {
  q: string;
  /** '' = open complaints (default), 'semua' = every status, else one status. */
  status: string;
  unit: string;
  category: string;
  overdue: boolean;
}

function fromSearch(s: URLSearchParams): Filters {
  return { q: s.get('q') ?? '', status: s.get('status') ?? '', unit: s.get('unit') ?? '', category: s.get('kategori') ?? '', overdue: s.get('terlambat') === '1' };
}

function toSearch(f: Filters): string {
  const s = new URLSearchParams();
  if (f.q.trim()) s.set('q', f.q.trim());
  if (f.status) s.set('status', f.status);
  if (f.unit) s.set('unit', f.unit);
  if (f.category) s.set('kategori', f.category);
  if (f.overdue) s.set('terlambat', '1');
  const qs = s.toString();
  return qs ? `/staf?${qs}` : '/staf';
}

type Group = 'overdue' | 'soon' | 'new' | 'other';
const GROUPS: Group[] = ['overdue', 'soon', 'new', 'other'];

function groupOf(c: ComplaintSummary, now: number): Group {
  if (c.overdue) return 'overdue';
  // A followed-up complaint waits for the reporter, a held one for its reason: not the staff's clock.
  if (c.dueAt && c.status !== 'responded' && c.status !== 'on_hold' && new Date(c.dueAt).getTime() - now <= DUE_SOON_MS) return 'soon';
  if (c.status === 'submitted' || c.status === 'disposed' || c.status === 'returned') return 'new';
  return 'other';
}

/** j / k move between the complaints of the list (outside text fields). */
function useListKeys() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || (e.key !== 'j' && e.key !== 'k')) return;
      const el = e.target as HTMLElement | null;
      if (el?.closest('textarea, select, [contenteditable="true"]') || (el instanceof HTMLInputElement && !['checkbox', 'radio'].includes(el.type))) return;
      const links = [...document.querySelectorAll<HTMLAnchorElement>('a[data-inbox-link]')];
      if (!links.length) return;
      const row = el?.closest('li[data-tn]');
      const current = row ? links.findIndex((a) => a.closest('li[data-tn]') === row) : -1;
      const next = current === -1 ? 0 : e.key === 'j' ? Math.min(current + 1, links.length - 1) : Math.max(current - 1, 0);
      links[next]?.focus();
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

export function Inbox() {
  const t = useStaffT();
  const shell = useT();
  const { user } = useSession();
  const ctx = staffContext(user);
  const loc = useLocation();
  const applied = fromSearch(loc.search);
  const [form, setForm] = useState<Filters>(applied);
  useEffect(() => setForm(fromSearch(loc.search)), [loc.href]); // eslint-disable-line react-hooks/exhaustive-deps
  const [more, setMore] = useState<{ items: ComplaintSummary[]; cursor: string | null; busy: boolean; error?: unknown }>({ items: [], cursor: null, busy: false });
  const [selected, setSelected] = useState<Map<string, ComplaintSummary>>(new Map());
  const [version, setVersion] = useState(0);
  const [flash] = useState(takeFlash);
  useListKeys();

  const query = {
    sort: 'due',
    // Doubtful complaints wait in the admins' spam queue (Antrean spam), not in the inbox.
    queue: 'main',
    organisation: applied.unit || ctx.homeOrg || undefined,
    status: applied.status === 'semua' ? undefined : applied.status || OPEN_STATUSES.join(','),
    category: applied.category || undefined,
    overdue: applied.overdue || undefined,
    q: applied.q.trim() || undefined,
    limit: PAGE_SIZE,
  };
  const first = useAsync(
    async (signal) => {
      const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', query, signal);
      setMore({ items: [], cursor: r.nextCursor, busy: false });
      return r;
    },
    [loc.href, ctx.homeOrg, version],
  );
  const items = useMemo(() => [...(first.data?.items ?? []), ...more.items], [first.data, more.items]);
  const now = Date.now();
  const groups = useMemo(() => {
    const g: Record<Group, ComplaintSummary[]> = { overdue: [], soon: [], new: [], other: [] };
    for (const c of items) g[groupOf(c, now)].push(c);
    return g;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items]);

  const loadMore = async () => {
    if (!more.cursor) return;
    setMore((m) => ({ ...m, busy: true, error: undefined }));
    try {
      const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', { ...query, cursor: more.cursor });
      setMore((m) => ({ items: [...m.items, ...r.items], cursor: r.nextCursor, busy: false }));
    } catch (error) {
      setMore((m) => ({ ...m, busy: false, error }));
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSelected(new Map());
    navigate(toSearch(form));
  };
  const filtered = Object.values(applied).some(Boolean);
  const selectable = (c: ComplaintSummary) => ctx.isAdmin && c.status === 'submitted';
  const toggle = (c: ComplaintSummary, on: boolean) =>
    setSelected((s) => {
      const n = new Map(s);
      if (on) n.set(c.trackingNumber, c);
      else n.delete(c.trackingNumber);
      return n;
    });
  const unverified = items.filter(selectable);
  const lead = ctx.isAdmin ? t('inbox.lead.admin') : user?.roles.some((r) => r.role === 'liaison') ? t('inbox.lead.unit') : t('inbox.lead.reader');

  return (
    <Page title={t('inbox.title')} lead={lead}>
      {flash && <Alert kind="success">{flash}</Alert>}
      <form role="search" onSubmit={submit} className="filters staff-filters" aria-label={t('inbox.filters')}>
        <TextField id="q" type="search" label={t('inbox.q')} hint={t('inbox.qHint')} markOptional={false} value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} />
        <details className="filters__more" open={!!(applied.status || applied.unit || applied.category || applied.overdue)}>
          <summary>{t('inbox.moreFilters')}</summary>
          <div className="staff-filters__grid">
            <SelectField id="f-status" label={t('inbox.status')} markOptional={false} value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
              <option value="">{t('inbox.status.open')}</option>
              <option value="semua">{t('inbox.status.all')}</option>
              {ALL_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {shell(`status.${s}` as MessageKey)}
                </option>
              ))}
            </SelectField>
            <UnitFilter base={ctx.homeOrg ?? ROOT_ORG} value={form.unit} onChange={(unit) => setForm({ ...form, unit })} />
            <CategoryFilter value={form.category} onChange={(category) => setForm({ ...form, category })} />
          </div>
          <Checkbox id="f-overdue" label={t('inbox.overdueOnly')} checked={form.overdue} onChange={(overdue) => setForm({ ...form, overdue })} />
        </details>
        <div className="inline-actions">
          <button type="submit" className="button">
            {t('inbox.apply')}
          </button>
          {filtered && (
            <button
              type="button"
              className="button button--secondary"
              onClick={() => {
                setSelected(new Map());
                navigate('/staf');
              }}
            >
              {t('inbox.reset')}
            </button>
          )}
        </div>
      </form>
      <p className="hint keys-hint">{t('inbox.keys')}</p>

      {ctx.isAdmin && (
        <BulkRoute
          selected={[...selected.values()]}
          selectableCount={unverified.length}
          onSelectAll={() => setSelected(new Map(unverified.map((c) => [c.trackingNumber, c])))}
          onClear={() => setSelected(new Map())}
          onFinished={() => {
            setSelected(new Map());
            setVersion((v) => v + 1);
          }}
        />
      )}

      {first.loading && !first.data ? (
        <Loading />
      ) : first.error ? (
        <Alert kind="error">{errorMessage(shell, first.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="section">{filtered ? t('inbox.emptyFiltered') : t('inbox.empty')}</p>
      ) : (
        <>
          <p className="hint" role="status">
            {t('inbox.shown', { n: items.length })}
          </p>
          {GROUPS.filter((g) => groups[g].length > 0).map((g) => (
            <section key={g} aria-labelledby={`group-${g}`} className="section inbox-group">
              <h2 id={`group-${g}`}>
                {t(`inbox.group.${g}` as StaffKey)} <span className="count">({groups[g].length})</span>
              </h2>
              <ul className="inbox-list" aria-labelledby={`group-${g}`}>
                {groups[g].map((c) => (
                  <InboxRow key={c.trackingNumber} c={c} selectable={selectable(c)} selected={selected.has(c.trackingNumber)} onToggle={(on) => toggle(c, on)} />
                ))}
              </ul>
            </section>
          ))}
          {more.error !== undefined && <Alert kind="error">{errorMessage(shell, more.error)}</Alert>}
          {more.cursor && (
            <button type="button" className="button button--secondary" onClick={loadMore} disabled={more.busy}>
              {more.busy ? shell('common.loading') : t('inbox.loadMore')}
            </button>
          )}
        </>
      )}
    </Page>
  );
}

function InboxRow({ c, selectable, selected, onToggle }: { c: ComplaintSummary; selectable: boolean; selected: boolean; onToggle(on: boolean): void }) {
  const t = useStaffT();
  const shell = useT();
  const f = useFormat();
  const boxId = `sel-${c.trackingNumber}`;
  return (
    <li className={selected ? 'inbox-row inbox-row--selected' : 'inbox-row'} data-tn={c.trackingNumber}>
      {selectable && (
        <div className="inbox-row__select">
          <input id={boxId} type="checkbox" checked={selected} onChange={(e) => onToggle(e.target.checked)} />
          <label htmlFor={boxId} className="visually-hidden">
            {t('bulk.selectOne', { title: c.title })}
          </label>
        </div>
      )}
      <div className="inbox-row__main">
        <h3 className="inbox-row__title">
          <Link to={`/staf/aduan/${c.trackingNumber}`} data-inbox-link="">
            {c.title}
          </Link>
        </h3>
        <p className="badges">
          <StatusBadge status={c.status} />
          {c.overdue && <OverdueBadge />}
          {c.confidential && <span className="badge badge--muted">{shell('complaint.confidential')}</span>}
          {c.anonymous && <span className="badge badge--muted">{shell('complaint.anonymous')}</span>}
        </p>
        <p className="complaint-card__meta">
          <span className="code-inline">{c.trackingNumber}</span>
          <span>{c.organisation.name}</span>
          {c.category && <span>{c.category.name}</span>}
          <span>
            {t('inbox.received')} <time dateTime={c.createdAt}>{f.date(c.createdAt)}</time>
          </span>
          {c.dueAt && (
            <span className={c.overdue ? 'due due--late' : 'due'}>
              {t('inbox.due')} <time dateTime={c.dueAt}>{f.date(c.dueAt)}</time> ({f.relativeDays(c.dueAt)})
            </span>
          )}
        </p>
      </div>
    </li>
  );
}

function UnitFilter({ base, value, onChange }: { base: string; value: string; onChange(v: string): void }) {
  const t = useStaffT();
  const units = useAsync(() => childrenOf(base), [base]);
  const options = units.data ?? [];
  if (!units.data && !value) return null;
  if (units.data && options.length === 0 && !value) return null;
  return (
    <SelectField id="f-unit" label={t('inbox.unit')} markOptional={false} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('inbox.unit.all')}</option>
      {value && !options.some((o) => o.code === value) && <option value={value}>{value}</option>}
      {options.map((o) => (
        <option key={o.code} value={o.code}>
          {o.name}
        </option>
      ))}
    </SelectField>
  );
}

function CategoryFilter({ value, onChange }: { value: string; onChange(v: string): void }) {
  const t = useStaffT();
  const { lang } = useLang();
  const cats = useAsync(() => categories(), []);
  const groups = (cats.data ?? []).filter((c) => c.parentCode === null);
  return (
    <SelectField id="f-category" label={t('inbox.category')} markOptional={false} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{t('inbox.category.all')}</option>
      {groups.map((g) => (
        <optgroup key={g.code} label={lang === 'en' ? g.nameEn : g.nameId}>
          <option value={g.code}>{t('inbox.category.wholeGroup', { name: lang === 'en' ? g.nameEn : g.nameId })}</option>
          {(cats.data ?? [])
            .filter((c) => c.parentCode === g.code)
            .map((c) => (
              <option key={c.code} value={c.code}>
                {lang === 'en' ? c.nameEn : c.nameId}
              </option>
            ))}
        </optgroup>
      ))}
    </SelectField>
  );
}
