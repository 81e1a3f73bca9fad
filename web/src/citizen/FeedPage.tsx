// Public feed of verified, non-confidential complaints, with search and filters in the URL.
import { useEffect, useState, type FormEvent } from 'react';
import { navigate, useLocation } from '../app/router';
import { useT, type MessageKey } from '../i18n';
import { api } from '../lib/api';
import type { ComplaintSummary, Page as ApiPage, Status } from '../lib/types';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { SelectField, TextField } from '../ui/fields';
import { Page } from '../ui/Page';
import { CategorySelect } from './CategorySelect';
import { ComplaintList } from './ComplaintList';
import { categories } from './data';
import { RegionPicker } from './RegionPicker';

const PUBLIC_STATUSES: Status[] = ['disposed', 'in_progress', 'responded', 'closed', 'returned', 'on_hold'];

interface Filters {
  q: string;
  status: string;
  province: string;
  region: string;
  category: string;
}

function fromSearch(s: URLSearchParams): Filters {
  return { q: s.get('q') ?? '', status: s.get('status') ?? '', province: s.get('provinsi') ?? '', region: s.get('wilayah') ?? '', category: s.get('kategori') ?? '' };
}

function toSearch(f: Filters): string {
  const s = new URLSearchParams();
  if (f.q.trim()) s.set('q', f.q.trim());
  if (f.status) s.set('status', f.status);
  if (f.province) s.set('provinsi', f.province);
  if (f.region) s.set('wilayah', f.region);
  if (f.category) s.set('kategori', f.category);
  const qs = s.toString();
  return qs ? `/aduan?${qs}` : '/aduan';
}

export function FeedPage() {
  const t = useT();
  const loc = useLocation();
  const applied = fromSearch(loc.search);
  const [form, setForm] = useState<Filters>(applied);
  useEffect(() => setForm(fromSearch(loc.search)), [loc.href]); // eslint-disable-line react-hooks/exhaustive-deps
  const [more, setMore] = useState<{ items: ComplaintSummary[]; cursor: string | null; busy: boolean; error?: unknown }>({ items: [], cursor: null, busy: false });
  const cats = useAsync(() => categories(), []);

  const query = {
    view: 'public',
    q: applied.q || undefined,
    status: applied.status || undefined,
    organisation: applied.region || applied.province || undefined,
    category: applied.category || undefined,
    limit: 20,
  };
  const first = useAsync(
    async (signal) => {
      const r = await api.get<ApiPage<ComplaintSummary>>('/api/v1/complaints', query, signal);
      if (!signal.aborted) setMore({ items: [], cursor: r.nextCursor, busy: false });
      return r;
    },
    [loc.href],
  );
  const items = [...(first.data?.items ?? []), ...more.items];

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
    navigate(toSearch(form));
  };
  const filtered = Object.values(applied).some(Boolean);

  return (
    <Page title={t('feed.title')} lead={t('feed.lead')}>
      <form role="search" onSubmit={submit} className="filters" aria-label={t('feed.searchLabel')}>
        <TextField id="q" type="search" label={t('feed.q')} hint={t('feed.qHint')} markOptional={false} value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} />
        <details className="filters__more" open={!!(applied.status || applied.province || applied.category)}>
          <summary>{t('feed.moreFilters')}</summary>
          <SelectField id="status" label={t('feed.status')} markOptional={false} value={form.status} onChange={(e) => setForm({ ...form, status: e.target.value })}>
            <option value="">{t('feed.allStatuses')}</option>
            {PUBLIC_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}` as MessageKey)}
              </option>
            ))}
          </SelectField>
          <RegionPicker idPrefix="f-" markOptional={false} province={form.province} region={form.region} onChange={(p, r) => setForm({ ...form, province: p, region: r })} />
          <CategorySelect id="f-category" markOptional={false} items={cats.data} loading={cats.loading} value={form.category} onChange={(v) => setForm({ ...form, category: v })} emptyLabel={t('feed.allCategories')} />
        </details>
        <div className="inline-actions">
          <button type="submit" className="button">
            {t('feed.search')}
          </button>
          {filtered && (
            <button type="button" className="button button--secondary" onClick={() => navigate('/aduan')}>
              {t('feed.reset')}
            </button>
          )}
        </div>
      </form>
      <section aria-labelledby="results-title" className="section">
        <h2 id="results-title">{t('feed.results')}</h2>
        {first.loading && !first.data ? (
          <Loading />
        ) : first.error ? (
          <Alert kind="error">{errorMessage(t, first.error)}</Alert>
        ) : items.length === 0 ? (
          <p>{filtered ? t('feed.emptyFiltered') : t('feed.empty')}</p>
        ) : (
          <>
            <ComplaintList items={items} labelledBy="results-title" />
            <p className="hint" role="status">
              {t('feed.shown', { n: items.length })}
            </p>
            {more.error !== undefined && <Alert kind="error">{errorMessage(t, more.error)}</Alert>}
            {more.cursor && (
              <button type="button" className="button button--secondary" onClick={loadMore} disabled={more.busy}>
                {more.busy ? t('common.loading') : t('feed.loadMore')}
              </button>
            )}
          </>
        )}
      </section>
    </Page>
  );
}
