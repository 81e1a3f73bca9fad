// One statistics page: period form, headline figures, units ranked, overdue bars, the trend,
// districts (for a regency or below; with a map on the leader's dashboard) and the evaluation
// report links. The modes differ in the endpoint (staff summary or public), where unit rows lead,
// and what is highlighted.
import { Suspense, useState, type ReactNode } from 'react';
import { useT } from '../i18n';
import { api, ApiError } from '../lib/api';
import { useClientConfig } from '../lib/client-config';
import { lazyChunk } from '../lib/lazy';
import { useAsync } from '../lib/use-async';
import { ChunkBoundary } from '../ui/ChunkBoundary';
import { Alert, errorMessage, Loading } from '../ui/bits';
import { lastDay, useFigures } from './format';
import { BarList, CsvButton, fileBase, Headline, PeriodForm, ReportLinks, SectionHead, TrendChart, UnitsTable, type UnitLinks } from './parts';
import { useDashboardT, type DashT } from './t';
import type { DistrictFigures, Stats, StatsQuery, UnitFigures } from './types';

// Leaflet comes with this chunk only, when there is something to map.
const loadMap = () => lazyChunk(() => import('./DistrictMap'));

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
  /** Show complaints per district on a map too (when a tile server is configured). */
  map?: boolean;
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
          <Districts s={s} map={p.map} />
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

function Districts({ s, map }: { s: Stats; map?: boolean }) {
  const t = useDashboardT();
  const f = useFigures();
  const cfg = useClientConfig();
  const [DistrictMap, setDistrictMap] = useState(loadMap);
  // Absent above the regency level: thousands of districts are not a useful list.
  if (!Array.isArray(s.districts)) return null;
  // Busiest first; complaints without a district last.
  const districts = [...s.districts].sort((a, b) => Number(a.code == null) - Number(b.code == null) || b.received - a.received);
  const nameOf = (d: DistrictFigures) => (d.code == null ? t('districts.unknown') : d.name);
  const title = t('sec.districts');
  const points = districts
    .filter((d) => d.code != null && d.received > 0 && typeof d.lat === 'number' && typeof d.lng === 'number')
    .map((d) => ({ key: d.code!, lat: d.lat!, lng: d.lng!, value: d.received, text: `${nameOf(d)}: ${f.number(d.received)}` }));
  const showMap = map && !!cfg.mapTileUrl && points.length > 0;
  const any = districts.some((d) => d.received > 0);
  return (
    <section aria-labelledby="districts-title" className="section">
      <SectionHead
        id="districts-title"
        title={title}
        actions={
          districts.length ? (
            <CsvButton
              label={title}
              filename={`${fileBase(s, 'kecamatan')}.csv`}
              rows={() => [
                [t('csv.code'), t('csv.district'), t('col.received'), t('col.overdue'), t('csv.lat'), t('csv.lng')],
                ...districts.map((d) => [d.code ?? '', nameOf(d), d.received, d.overdue ?? null, d.lat ?? null, d.lng ?? null]),
              ]}
            />
          ) : undefined
        }
      />
      {!any ? (
        <p>{t('districts.empty')}</p>
      ) : (
        <>
          {showMap && (
            <figure className="district-map-box">
              <ChunkBoundary onRetry={() => setDistrictMap(loadMap)}>
                <Suspense fallback={<Loading label={t('districts.mapLoading')} />}>
                  <DistrictMap
                    tileUrl={cfg.mapTileUrl!}
                    attribution={cfg.mapAttribution}
                    points={points}
                    label={t('districts.map')}
                    describedBy="district-map-note"
                  />
                </Suspense>
              </ChunkBoundary>
              <figcaption id="district-map-note" className="hint">
                {t('districts.mapNote')}
              </figcaption>
            </figure>
          )}
          <BarList bars={districts.map((d) => ({ key: d.code ?? 'unknown', label: nameOf(d), value: d.received }))} labelledBy="districts-title" />
        </>
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
