// One statistics page: period form, headline figures, units ranked, overdue bars, the trend,
// districts (when the API has them) and the evaluation report links. The modes differ in the
// endpoint (staff summary or public), where unit rows lead, and what is highlighted.
import { type ReactNode } from 'react';
import { useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import { useAsync } from '../lib/use-async';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { lastDay, useFigures } from './format';
import { BarList, CsvButton, fileBase, Headline, PeriodForm, ReportLinks, SectionHead, TrendChart, UnitsTable, type UnitLinks } from './parts';
import { useDashboardT, type DashT } from './t';
import type { Stats, StatsQuery, UnitFigures } from './types';

export interface StatsViewProps {
  endpoint: '/api/v1/stats/summary' | '/api/v1/stats/public';
  q: StatsQuery;
  onQuery(q: StatsQuery): void;
  unitsTitle(s: Stats): string;
  links(u: UnitFigures, s: Stats): UnitLinks;
  /** A unit code to mark as "yours". */
  highlight?: string;
  /** Above the figures: a region picker, an "up one level" link… */
  header?(s: Stats | undefined): ReactNode;
  /** Evaluation report links (staff views with the full scope). */
  reports?: boolean;
  /** Called with the loaded statistics (e.g. to remember names for breadcrumbs). */
  onLoaded?(s: Stats): void;
  /** Message for a 404 (an organisation the caller may not see). */
  notVisible?: string;
}

export function StatsView(p: StatsViewProps) {
  const t = useDashboardT();
  const shell = useT();
  const f = useFigures();
  const stats = useAsync(
    async (signal) => {
      const s = await api.get<Stats>(p.endpoint, { organisation: p.q.org, from: p.q.from, to: p.q.to, interval: p.q.interval }, signal);
      p.onLoaded?.(s);
      return s;
    },
    [p.endpoint, p.q.org, p.q.from, p.q.to, p.q.interval],
  );
  const s = stats.data;
  return (
    <>
      <PeriodForm key={`${p.q.from}-${p.q.to}-${p.q.interval}`} q={p.q} onApply={p.onQuery} />
      {p.header?.(s)}
      {stats.loading && !s ? (
        <Loading />
      ) : stats.error || !s ? (
        <Alert kind="error">{stats.error instanceof ApiError && stats.error.status === 404 && p.notVisible ? p.notVisible : errorMessage(shell, stats.error)}</Alert>
      ) : (
        <div className={stats.loading ? 'stats stats--loading' : 'stats'} aria-busy={stats.loading}>
          <div className="stats-head">
            <p className="stats-head__org">{s.organisation.name}</p>
            <p className="stats-head__period">
              {t('period.shown', { from: f.day(s.period.from), to: f.day(lastDay(s.period.to)) })}
              {' · '}
              {t(`counted.${s.counted}`)}
            </p>
          </div>
          <Headline s={s} />
          <UnitsTable s={s} title={p.unitsTitle(s)} links={(u) => p.links(u, s)} highlight={p.highlight} />
          <OverdueBars s={s} />
          <TrendChart s={s} />
          <Districts s={s} />
          {p.reports && s.counted === 'all' && <ReportLinks s={s} />}
          <p className="hint generated">{t('generated', { when: f.dateTime(s.generatedAt) })}</p>
        </div>
      )}
    </>
  );
}

function OverdueBars({ s }: { s: Stats }) {
  const t = useDashboardT();
  const bars = s.units
    .filter((u) => u.overdue > 0)
    .sort((a, b) => b.overdue - a.overdue)
    .slice(0, 12)
    .map((u) => ({ key: `${u.organisation.code}${u.self ? '-self' : ''}`, label: u.self ? t('units.self', { name: u.organisation.name }) : u.organisation.name, value: u.overdue }));
  if (!bars.length) return null;
  return (
    <section aria-labelledby="overdue-title" className="section">
      <h2 id="overdue-title">{t('sec.overdueBars')}</h2>
      <BarList bars={bars} labelledBy="overdue-title" />
    </section>
  );
}

function Districts({ s }: { s: Stats }) {
  const t = useDashboardT();
  const districts = Array.isArray(s.districts) ? [...s.districts].sort((a, b) => b.received - a.received) : null;
  const title = t('sec.districts');
  return (
    <section aria-labelledby="districts-title" className="section">
      <SectionHead
        id="districts-title"
        title={title}
        actions={
          districts?.length ? (
            <CsvButton
              label={title}
              filename={`${fileBase(s, 'kecamatan')}.csv`}
              rows={() => [[t('csv.code'), t('csv.district'), t('col.received'), t('col.overdue')], ...districts.map((d) => [d.code ?? '', d.name, d.received, d.overdue ?? null])]}
            />
          ) : undefined
        }
      />
      {districts === null ? (
        <p className="hint">{t('districts.unavailable')}</p>
      ) : districts.length === 0 ? (
        <p>{t('districts.empty')}</p>
      ) : (
        <BarList bars={districts.map((d) => ({ key: d.code ?? d.name, label: d.name, value: d.received }))} labelledBy="districts-title" />
      )}
    </section>
  );
}

/** The heading of the units table by the kind of organisation shown. */
export function unitsTitleOf(t: DashT, s: Stats): string {
  switch (s.organisation.type) {
    case 'root':
      return t('units.byProvince');
    case 'province':
      return t('units.byRegency');
    case 'unit':
    case 'subunit':
      return t('units.bySubunit');
    default:
      return t('units.byUnit');
  }
}
