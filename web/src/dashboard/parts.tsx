// Building blocks of the dashboards: headline figures, the sortable units table, the trend chart
// (hand-drawn SVG with <title>/<desc> and a data table for screen readers), ranked bars, the
// period form, CSV buttons and the evaluation report links.
import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from '../app/router';
import { SelectField, TextField } from '../ui/fields';
import { downloadCsv, type Cell } from './csv';
import { lastDay, useFigures } from './format';
import { useDashboardT, type DashKey } from './t';
import type { Rate, Stats, StatsQuery, UnitFigures } from './types';

// ---------------------------------------------------------------------------------------------
// CSV

export function CsvButton({ label, filename, rows }: { label: string; filename: string; rows: () => Cell[][] }) {
  const t = useDashboardT();
  return (
    <button type="button" className="button button--secondary button--small" onClick={() => downloadCsv(filename, rows())} aria-label={t('csv.aria', { what: label })}>
      {t('csv.download')}
    </button>
  );
}

export function SectionHead({ id, title, actions }: { id: string; title: string; actions?: ReactNode }) {
  return (
    <div className="section-head">
      <h2 id={id}>{title}</h2>
      {actions && <div className="section-head__actions">{actions}</div>}
    </div>
  );
}

/** The base of CSV file names: "dasbor-51.08-2026-01-01_2026-07-06". */
export const fileBase = (s: Stats, prefix: string) => `${prefix}-${s.organisation.code}-${s.period.from.slice(0, 10)}_${lastDay(s.period.to)}`;

// ---------------------------------------------------------------------------------------------
// Headline figures

function LowSample({ n }: { n: number }) {
  const t = useDashboardT();
  return <span className="low-sample">{t('fig.lowSample', { n })}</span>;
}

function Figure({ label, value, note, low }: { label: string; value: ReactNode; note?: ReactNode; low?: number | null }) {
  return (
    <div className="figure">
      <dt>{label}</dt>
      <dd className="figure__value">{value}</dd>
      {(note || (low !== null && low !== undefined)) && (
        <dd className="figure__note">
          {note}
          {low !== null && low !== undefined && (
            <>
              {note && ' · '}
              <LowSample n={low} />
            </>
          )}
        </dd>
      )}
    </div>
  );
}

const lowOf = (r: { lowSample: boolean; denominator?: number; count?: number } | undefined) => (r?.lowSample ? (r.denominator ?? r.count ?? 0) : null);

export function headlineRows(s: Stats, t: ReturnType<typeof useDashboardT>): Cell[][] {
  const ftf = s.workingDays?.toFirstFollowUp;
  const yes = (b: boolean | undefined) => (b ? t('csv.yes') : t('csv.no'));
  const r = (key: DashKey, rate: Rate | undefined): Cell[] => [t(key), rate?.value ?? null, rate?.numerator ?? null, rate?.denominator ?? null, yes(rate?.lowSample)];
  return [
    [t('csv.indicator'), t('csv.value'), t('csv.numerator'), t('csv.denominator'), t('csv.lowSample')],
    [t('fig.received'), s.received, null, null, null],
    r('fig.followedUpRate', s.followedUpRate),
    r('fig.completionRate', s.completionRate),
    [t('fig.overdue'), s.overdue, null, null, null],
    [t('fig.medianDays'), ftf?.median ?? s.medianFirstResponseWorkingDays, null, ftf?.count ?? null, yes(ftf?.lowSample)],
    [t('fig.satisfaction'), s.satisfaction?.mean ?? null, null, s.satisfaction?.count ?? null, yes(s.satisfaction?.lowSample)],
    ...(s.adminActivity ? [r('fig.adminActivity', s.adminActivity.rate)] : []),
  ];
}

export function Headline({ s }: { s: Stats }) {
  const t = useDashboardT();
  const f = useFigures();
  const ftf = s.workingDays?.toFirstFollowUp;
  const median = ftf?.median ?? s.medianFirstResponseWorkingDays;
  const of = (r: Rate) => t('fig.of', { n: f.number(r.numerator), d: f.number(r.denominator) });
  return (
    <section aria-labelledby="headline-title" className="section">
      <SectionHead id="headline-title" title={t('sec.headline')} actions={<CsvButton label={t('sec.headline')} filename={`${fileBase(s, 'angka-utama')}.csv`} rows={() => headlineRows(s, t)} />} />
      <dl className="figures">
        <Figure label={t('fig.received')} value={f.number(s.received)} note={s.routed !== undefined ? t('fig.routed', { n: f.number(s.routed) }) : undefined} />
        <Figure label={t('fig.followedUpRate')} value={f.rate(s.followedUpRate)} note={of(s.followedUpRate)} low={lowOf(s.followedUpRate)} />
        <Figure label={t('fig.completionRate')} value={f.rate(s.completionRate)} note={of(s.completionRate)} low={lowOf(s.completionRate)} />
        <Figure label={t('fig.overdue')} value={f.number(s.overdue)} note={t('fig.overdueNote')} />
        <Figure label={t('fig.medianDays')} value={
            median === null || median === undefined ? (
              '–'
            ) : (
              <>
                {f.days(median)} <span className="figure__unit">{t('fig.daysUnit')}</span>
              </>
            )
          } note={ftf ? t('fig.over', { n: f.number(ftf.count) }) : undefined} low={ftf?.lowSample ? ftf.count : null} />
        <Figure
          label={t('fig.satisfaction')}
          value={
            s.satisfaction?.mean == null ? (
              '–'
            ) : (
              <>
                {f.dec1(s.satisfaction.mean)} <span className="figure__unit">{t('fig.outOf5')}</span>
              </>
            )
          }
          note={s.satisfaction ? t('fig.ratings', { n: f.number(s.satisfaction.count) }) : undefined}
          low={s.satisfaction?.lowSample ? s.satisfaction.count : null}
        />
        {s.adminActivity && (
          <Figure label={t('fig.adminActivity')} value={f.rate(s.adminActivity.rate)} note={t('fig.adminActivityNote', { n: f.number(s.adminActivity.active), d: f.number(s.adminActivity.total) })} low={lowOf(s.adminActivity.rate)} />
        )}
      </dl>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Units table

type SortKey = 'name' | 'received' | 'overdue' | 'followedUpRate' | 'completionRate' | 'median' | 'satisfaction' | 'activity';
const NUMERIC_DESC: SortKey[] = ['received', 'overdue', 'median'];

function sortValue(u: UnitFigures, key: SortKey): number | string | null {
  switch (key) {
    case 'name':
      return u.organisation.name;
    case 'received':
      return u.received;
    case 'overdue':
      return u.overdue;
    case 'followedUpRate':
      return u.followedUpRate?.value ?? null;
    case 'completionRate':
      return u.completionRate?.value ?? null;
    case 'median':
      return u.workingDays?.toFirstFollowUp?.median ?? u.medianFirstResponseWorkingDays ?? null;
    case 'satisfaction':
      return u.satisfaction?.mean ?? null;
    case 'activity':
      return u.adminActivity?.rate.value ?? null;
  }
}

function compare(a: UnitFigures, b: UnitFigures, key: SortKey, dir: 1 | -1): number {
  const va = sortValue(a, key);
  const vb = sortValue(b, key);
  // Missing values last whatever the direction.
  if (va === null && vb === null) return 0;
  if (va === null) return 1;
  if (vb === null) return -1;
  if (typeof va === 'string' || typeof vb === 'string') return String(va).localeCompare(String(vb)) * dir;
  return (va - vb) * dir;
}

export interface UnitLinks {
  /** The same dashboard one level down. */
  dashboard?: string;
  /** The staff inbox filtered to the unit. */
  inbox?: string;
}

export function unitRows(s: Stats, t: ReturnType<typeof useDashboardT>): Cell[][] {
  return [
    [t('csv.code'), t('csv.unit'), t('col.received'), t('col.overdue'), t('csv.followedUp'), t('csv.routed'), t('col.followedUpRate'), t('col.completionRate'), t('col.median'), t('col.satisfaction'), t('csv.ratings'), t('csv.lowSample')],
    ...s.units.map((u) => [
      u.organisation.code,
      u.self ? t('units.self', { name: u.organisation.name }) : u.organisation.name,
      u.received,
      u.overdue,
      u.followedUp ?? u.followedUpRate?.numerator ?? null,
      u.routed ?? u.followedUpRate?.denominator ?? null,
      u.followedUpRate?.value ?? null,
      u.completionRate?.value ?? null,
      u.workingDays?.toFirstFollowUp?.median ?? u.medianFirstResponseWorkingDays ?? null,
      u.satisfaction?.mean ?? null,
      u.satisfaction?.count ?? null,
      u.followedUpRate?.lowSample ? t('csv.yes') : t('csv.no'),
    ]),
  ];
}

export function UnitsTable({ s, title, links, highlight }: { s: Stats; title: string; links(u: UnitFigures): UnitLinks; highlight?: string }) {
  const t = useDashboardT();
  const f = useFigures();
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'overdue', dir: -1 });
  const withActivity = s.units.some((u) => u.adminActivity);
  const rows = useMemo(
    () => [...s.units].sort((a, b) => compare(a, b, sort.key, sort.dir) || compare(a, b, 'followedUpRate', 1) || compare(a, b, 'name', 1)),
    [s.units, sort],
  );
  const cols: [SortKey, DashKey][] = [
    ['name', 'col.unit'],
    ['received', 'col.received'],
    ['overdue', 'col.overdue'],
    ['followedUpRate', 'col.followedUpRate'],
    ['completionRate', 'col.completionRate'],
    ['median', 'col.median'],
    ['satisfaction', 'col.satisfaction'],
    ...(withActivity ? ([['activity', 'col.activity']] as [SortKey, DashKey][]) : []),
  ];
  const click = (key: SortKey) =>
    setSort((cur) => (cur.key === key ? { key, dir: cur.dir === 1 ? -1 : 1 } : { key, dir: key === 'name' ? 1 : NUMERIC_DESC.includes(key) ? -1 : 1 }));
  const rateCell = (r: Rate | undefined) => (
    <>
      {f.rate(r)}
      {r && r.value !== null && (
        <>
          <br />
          <span className="hint-inline">{t('fig.of', { n: f.number(r.numerator), d: f.number(r.denominator) })}</span>
        </>
      )}
      {r?.lowSample && r.denominator > 0 && (
        <>
          <br />
          <span className="low-sample">{t('units.lowSample')}</span>
        </>
      )}
    </>
  );
  const sortLabel = t(cols.find(([k]) => k === sort.key)![1]);
  return (
    <section aria-labelledby="units-title" className="section">
      <SectionHead id="units-title" title={title} actions={<CsvButton label={title} filename={`${fileBase(s, 'unit')}.csv`} rows={() => unitRows(s, t)} />} />
      {rows.length === 0 ? (
        <p>{t('units.empty')}</p>
      ) : (
        <div className="table-wrap" role="region" aria-label={t('units.tableLabel', { title })} tabIndex={0}>
          <table className="data-table units-table">
            <caption className="table-caption">{t('units.caption', { col: sortLabel, dir: sort.dir === 1 ? t('sort.asc') : t('sort.desc') })}</caption>
            <thead>
              <tr>
                {cols.map(([key, label]) => (
                  <th key={key} scope="col" aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'} className={key === 'name' ? undefined : 'num'}>
                    <button type="button" className="sort-button" onClick={() => click(key)}>
                      {t(label)}
                      <span aria-hidden="true" className="sort-button__mark">
                        {sort.key === key ? (sort.dir === 1 ? '▲' : '▼') : '↕'}
                      </span>
                    </button>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((u) => {
                const l = links(u);
                const median = u.workingDays?.toFirstFollowUp?.median ?? u.medianFirstResponseWorkingDays;
                const mine = highlight === u.organisation.code;
                return (
                  <tr key={`${u.organisation.code}-${u.self ? 'self' : ''}`} className={mine ? 'row--mine' : undefined}>
                    <th scope="row">
                      {l.dashboard && !u.self ? <Link to={l.dashboard}>{u.organisation.name}</Link> : u.self ? t('units.self', { name: u.organisation.name }) : u.organisation.name}
                      {mine && <span className="badge badge--disposed badge--inline">{t('units.mine')}</span>}
                      {u.organisation.isAdminUnit && <span className="hint-inline"> · {t('units.adminUnit')}</span>}
                      {l.inbox && (
                        <>
                          <br />
                          <Link to={l.inbox} className="small-link" aria-label={t('units.inboxFor', { name: u.organisation.name })}>
                            {t('units.inbox')}
                          </Link>
                        </>
                      )}
                    </th>
                    <td className="num">{f.number(u.received)}</td>
                    <td className={u.overdue > 0 ? 'num num--alert' : 'num'}>{f.number(u.overdue)}</td>
                    <td className="num">{rateCell(u.followedUpRate)}</td>
                    <td className="num">{rateCell(u.completionRate)}</td>
                    <td className="num">{median === null || median === undefined ? '–' : f.days(median)}</td>
                    <td className="num">
                      {u.satisfaction?.mean == null ? '–' : f.dec1(u.satisfaction.mean)}
                      {u.satisfaction && u.satisfaction.count > 0 && <span className="hint-inline"> (n={f.number(u.satisfaction.count)})</span>}
                    </td>
                    {withActivity && <td className="num">{u.adminActivity ? `${f.number(u.adminActivity.active)}/${f.number(u.adminActivity.total)}` : '–'}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Ranked bars (overdue per unit, complaints per district)

export interface Bar {
  key: string;
  label: string;
  value: number;
  /** Shown instead of the plain number. */
  text?: string;
}

export function BarList({ bars, labelledBy }: { bars: Bar[]; labelledBy: string }) {
  const f = useFigures();
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <ol className="bars" aria-labelledby={labelledBy}>
      {bars.map((b) => (
        <li key={b.key} className="bars__row">
          <span className="bars__label">{b.label}</span>
          <span className="bars__track" aria-hidden="true">
            <span className="bars__fill" style={{ width: `${(b.value / max) * 100}%` }} />
          </span>
          <span className="bars__value">{b.text ?? f.number(b.value)}</span>
        </li>
      ))}
    </ol>
  );
}

// ---------------------------------------------------------------------------------------------
// Trend chart

const SERIES = [
  { key: 'received', label: 'trend.received', className: 'line--received', marker: 'circle' },
  { key: 'followedUp', label: 'trend.followedUp', className: 'line--followed', marker: 'square' },
  { key: 'finished', label: 'trend.finished', className: 'line--finished', marker: 'triangle' },
] as const;

function niceMax(v: number): { max: number; step: number } {
  if (v <= 4) return { max: 4, step: 1 };
  const raw = v / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  return { max: Math.ceil(v / step) * step, step };
}

function Marker({ kind, x, y }: { kind: string; x: number; y: number }) {
  if (kind === 'square') return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} />;
  if (kind === 'triangle') return <path d={`M${x} ${y - 4.5}L${x + 4.5} ${y + 3.5}L${x - 4.5} ${y + 3.5}Z`} />;
  return <circle cx={x} cy={y} r={3.8} />;
}

export function seriesRows(s: Stats, t: ReturnType<typeof useDashboardT>): Cell[][] {
  return [
    [t('csv.periodStart'), t('csv.from'), t('csv.to'), t('trend.received'), t('csv.routed'), t('trend.followedUp'), t('trend.finished'), t('fig.overdue')],
    ...s.series.map((e) => [e.start, e.from, e.to, e.received, e.routed ?? null, e.followedUp ?? null, e.finished ?? null, e.overdue ?? null]),
  ];
}

export function TrendChart({ s }: { s: Stats }) {
  const t = useDashboardT();
  const f = useFigures();
  const uid = useId().replace(/[^a-zA-Z0-9_-]/g, '');
  const series = s.series ?? [];
  const interval = s.period.interval;
  // Drawn at the box's real width so that the labels keep their size on a phone.
  const boxRef = useRef<HTMLDivElement>(null);
  const [W, setW] = useState(640);
  useEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 640);
      if (w > 0) setW(Math.max(280, Math.min(1100, w)));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [series.length]);
  const H = W < 480 ? 220 : 260;
  const pad = { l: 44, r: 12, t: 12, b: 36 };
  const values = series.flatMap((e) => [e.received, e.followedUp ?? 0, e.finished ?? 0]);
  const { max, step } = niceMax(Math.max(0, ...values));
  const x = (i: number) => pad.l + (series.length <= 1 ? (W - pad.l - pad.r) / 2 : (i * (W - pad.l - pad.r)) / (series.length - 1));
  const y = (v: number) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const every = Math.max(1, Math.ceil(series.length / Math.max(2, Math.floor(W / 80))));
  const total = series.reduce((a, e) => a + e.received, 0);
  const peak = series.reduce<(typeof series)[number] | undefined>((best, e) => (!best || e.received > best.received ? e : best), undefined);
  const title = t(interval === 'month' ? 'trend.titleMonth' : 'trend.titleWeek', { org: s.organisation.name });
  const desc = peak
    ? t('trend.desc', { n: series.length, total: f.number(total), peak: f.number(peak.received), when: f.tick(peak.start, interval) })
    : t('trend.empty');
  const heading = t('sec.trend');
  return (
    <section aria-labelledby="trend-title" className="section">
      <SectionHead id="trend-title" title={heading} actions={<CsvButton label={heading} filename={`${fileBase(s, 'tren')}.csv`} rows={() => seriesRows(s, t)} />} />
      {series.length === 0 ? (
        <p>{t('trend.empty')}</p>
      ) : (
        <>
          <div className="chart-box" ref={boxRef}>
            <svg className="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${uid}-t`} aria-describedby={`${uid}-d`} preserveAspectRatio="xMidYMid meet">
              <title id={`${uid}-t`}>{title}</title>
              <desc id={`${uid}-d`}>{desc}</desc>
              <g className="chart__grid">
                {Array.from({ length: Math.round(max / step) + 1 }, (_, i) => i * step).map((v) => (
                  <g key={v}>
                    <line x1={pad.l} x2={W - pad.r} y1={y(v)} y2={y(v)} />
                    <text x={pad.l - 6} y={y(v)} dy="0.32em" textAnchor="end">
                      {f.number(v)}
                    </text>
                  </g>
                ))}
              </g>
              <g className="chart__x">
                {series.map((e, i) =>
                  i === series.length - 1 || (i % every === 0 && series.length - 1 - i >= every) ? (
                    <text key={e.start} x={x(i)} y={H - pad.b + 18} textAnchor={series.length > 1 && i === series.length - 1 ? 'end' : series.length > 1 && i === 0 ? 'start' : 'middle'}>
                      {f.tick(e.start, interval)}
                    </text>
                  ) : null,
                )}
              </g>
              {SERIES.map((def) => {
                const pts = series.map((e, i) => [x(i), y(Number(e[def.key] ?? 0))] as const);
                return (
                  <g key={def.key} className={`chart__series ${def.className}`}>
                    <polyline points={pts.map(([px, py]) => `${px},${py}`).join(' ')} fill="none" />
                    {pts.map(([px, py], i) => (
                      <Marker key={i} kind={def.marker} x={px} y={py} />
                    ))}
                  </g>
                );
              })}
            </svg>
          </div>
          <ul className="legend">
            {SERIES.map((def) => (
              <li key={def.key}>
                <svg width="34" height="12" aria-hidden="true" className={`chart__series ${def.className}`}>
                  <line x1="1" x2="33" y1="6" y2="6" />
                  <Marker kind={def.marker} x={17} y={6} />
                </svg>
                {t(def.label)}
              </li>
            ))}
          </ul>
          <div className="visually-hidden">
            <table>
              <caption>{title}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('trend.period')}</th>
                  {SERIES.map((d) => (
                    <th key={d.key} scope="col">
                      {t(d.label)}
                    </th>
                  ))}
                  <th scope="col">{t('fig.overdue')}</th>
                </tr>
              </thead>
              <tbody>
                {series.map((e) => (
                  <tr key={e.start}>
                    <th scope="row">{t('trend.range', { from: f.day(e.from), to: f.day(lastDay(e.to)) })}</th>
                    <td>{f.number(e.received)}</td>
                    <td>{f.number(e.followedUp ?? 0)}</td>
                    <td>{f.number(e.finished ?? 0)}</td>
                    <td>{f.number(e.overdue ?? 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// Period form

export function PeriodForm({ q, onApply }: { q: StatsQuery; onApply(q: StatsQuery): void }) {
  const t = useDashboardT();
  const [from, setFrom] = useState(q.from ?? '');
  const [to, setTo] = useState(q.to ?? '');
  const [interval, setInterval] = useState<string>(q.interval ?? '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ ...q, from: from || undefined, to: to || undefined, interval: (interval || undefined) as StatsQuery['interval'] });
  };
  const custom = !!(q.from || q.to || q.interval);
  return (
    <details className="period" open={custom}>
      <summary>{t('period.change')}</summary>
      <form className="filters period-form" onSubmit={submit} aria-label={t('period.label')}>
        <div className="period-form__grid">
          <TextField id="p-from" type="date" label={t('period.from')} markOptional={false} value={from} onChange={(e) => setFrom(e.target.value)} />
          <TextField id="p-to" type="date" label={t('period.to')} markOptional={false} value={to} onChange={(e) => setTo(e.target.value)} />
          <SelectField id="p-interval" label={t('period.interval')} markOptional={false} value={interval} onChange={(e) => setInterval(e.target.value)}>
            <option value="">{t('period.auto')}</option>
            <option value="week">{t('period.week')}</option>
            <option value="month">{t('period.month')}</option>
          </SelectField>
        </div>
        <p className="hint">{t('period.hint')}</p>
        <button type="submit" className="button">
          {t('period.apply')}
        </button>
      </form>
    </details>
  );
}

// ---------------------------------------------------------------------------------------------
// Evaluation report

export function ReportLinks({ s }: { s: Stats }) {
  const t = useDashboardT();
  const qs = (format: string) => new URLSearchParams({ organisation: s.organisation.code, from: s.period.from, to: s.period.to, format }).toString();
  return (
    <section aria-labelledby="report-title" className="section">
      <h2 id="report-title">{t('report.title')}</h2>
      <p>{t('report.lead')}</p>
      <ul className="report-links">
        {(['pdf', 'xlsx', 'csv', 'json'] as const).map((fmt) => (
          <li key={fmt}>
            <a href={`/api/v1/reports/evaluation?${qs(fmt)}`} className="button button--secondary" download={fmt === 'json' ? undefined : true}>
              {t(`report.${fmt}` as DashKey)}
            </a>
          </li>
        ))}
      </ul>
      <p className="hint">{t('report.audited')}</p>
    </section>
  );
}
