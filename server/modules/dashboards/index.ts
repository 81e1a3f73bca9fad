// Monitoring and evaluation: statistics of an organisation over a period (for its staff, for a
// neighbouring regency's admin, and for the public) and the evaluation report (rakor) with its
// exports. Routes are in routes.ts; definitions in docs/statistics.md.
import type { Db, Queryable } from '../../db/client';
import { notFound } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { grantsOf, type Actor } from '../access/actor';
import { getOrgByCode, ROOT_CODE, type Organisation } from '../organisations';
import { canViewEvaluation, isOversight, statsScope } from './access';
import { buildEvaluationReport, lastDayOf, type EvaluationReport } from './evaluation';
import { defaultInterval, isoLocal, parsePeriod, type Interval, type Period } from './period';
import { computeStats, reporting, type Stats } from './stats';
import { evaluationCsv, publicStatsCsv } from './export-csv';
import { PassThrough, type Readable } from 'node:stream';
import { evaluationXlsx, writeEvaluationXlsx } from './export-xlsx';
import { evaluationPdf } from './export-pdf';

export { statsScope, canViewEvaluation } from './access';
export { parsePeriod, bucketsOf, type Period, type Interval } from './period';
export { sqlWorkingDaysElapsed } from './working-days-sql';
export { REPORT_TITLE } from './evaluation';
export type { Stats, Figures, Rate, Duration } from './stats';

export interface PeriodInput {
  organisation?: string;
  from?: string;
  to?: string;
  interval?: Interval;
}

/** What a statistic counted: every complaint, the non-confidential ones, or the published ones. */
export type Counted = 'all' | 'non_confidential' | 'public';

export interface StatsView extends Stats {
  organisation: { code: string; name: string; type: string };
  period: { from: string; to: string; timeZone: string; interval: Interval };
  counted: Counted;
  generatedAt: string;
}

/**
 * reporting() for an HTTP request. When its client goes away (`signal`), the running statement is
 * cancelled: otherwise the pool connection stays busy until the reporting statement_timeout, and a
 * few abandoned dashboards starve the pool (docs/benchmarks.md).
 */
async function reportingFor<T>(db: Db, signal: AbortSignal | undefined, fn: (q: Queryable) => Promise<T>): Promise<T> {
  const cancelBackend = db.cancelBackend;
  if (!signal || !cancelBackend) return reporting(db, fn);
  return reporting(db, async (q) => {
    signal.throwIfAborted();
    const { pid } = (await q.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!;
    signal.throwIfAborted();
    let cancelling: Promise<void> | undefined;
    const cancel = () => {
      cancelling = cancelBackend(pid).catch(() => {});
    };
    signal.addEventListener('abort', cancel, { once: true });
    try {
      return await fn(q);
    } finally {
      signal.removeEventListener('abort', cancel);
      // The cancel must have landed before this connection goes back to the pool to serve others.
      await cancelling;
    }
  });
}

/** The organisation a caller's dashboard opens on when none is named: where their first staff role is held. */
function defaultOrgCode(actor: Actor): string {
  for (const g of grantsOf(actor)) {
    if (g.role === 'national_admin' || g.role === 'oversight') return ROOT_CODE;
    if (g.role !== 'reporter' && g.org) return g.org.code;
  }
  return ROOT_CODE;
}

async function orgOr404(q: Queryable, code: string): Promise<Organisation> {
  const org = await getOrgByCode(q, code);
  if (!org) throw notFound('Organisation');
  return org;
}

function view(org: Organisation, period: Period, interval: Interval, counted: Counted, now: Date, stats: Stats): StatsView {
  return {
    organisation: { code: org.code, name: org.name, type: org.type },
    period: { from: isoLocal(period.from, period.timeZone), to: isoLocal(period.to, period.timeZone), timeZone: period.timeZone, interval },
    counted,
    generatedAt: now.toISOString(),
    ...stats,
  };
}

/**
 * GET /api/v1/stats/summary. 404 for an organisation the caller may not see (or that does not
 * exist); a neighbouring regency's admin gets figures over non-confidential complaints only.
 */
export async function statsSummary(db: Db, actor: Actor, input: PeriodInput, now: Date, signal?: AbortSignal): Promise<StatsView> {
  const org = await orgOr404(db, input.organisation ?? defaultOrgCode(actor));
  const scope = statsScope(actor, org);
  if (scope === 'none') throw notFound('Organisation');
  const period = parsePeriod(input, org.timeZone, now);
  const interval = input.interval ?? defaultInterval(period);
  const stats = await reportingFor(db, signal, (q) =>
    computeStats(q, {
      org,
      period,
      interval,
      now,
      nonConfidentialOnly: scope === 'neighbour',
      verifiedOnly: false,
      includeAdminActivity: true,
    }),
  );
  if (isOversight(actor)) {
    await audit(db, actor, 'view_statistics', { type: 'organisation', id: org.code }, { from: period.from.toISOString(), to: period.to.toISOString() }, now);
  }
  return view(org, period, interval, scope === 'neighbour' ? 'non_confidential' : 'all', now, stats);
}

/** GET /api/v1/stats/public: anyone; verified, non-confidential complaints; no account figures. */
export async function publicStats(db: Db, input: PeriodInput, now: Date, signal?: AbortSignal): Promise<StatsView> {
  const org = await orgOr404(db, input.organisation ?? ROOT_CODE);
  const period = parsePeriod(input, org.timeZone, now);
  const interval = input.interval ?? defaultInterval(period);
  const stats = await reportingFor(db, signal, (q) =>
    computeStats(q, { org, period, interval, now, nonConfidentialOnly: true, verifiedOnly: true, includeAdminActivity: false }),
  );
  return view(org, period, interval, 'public', now, stats);
}

/** GET /api/v1/stats/public.csv: the public figures as open data, one row for the organisation and one per unit. */
export async function publicStatsCsvExport(db: Db, input: PeriodInput, now: Date, signal?: AbortSignal): Promise<{ filename: string; body: string }> {
  const s = await publicStats(db, input, now, signal);
  const from = s.period.from.slice(0, 10);
  const last = lastDayOf({ from: new Date(s.period.from), to: new Date(s.period.to), timeZone: s.period.timeZone as Period['timeZone'] });
  return {
    filename: `statistik-pengaduan-${s.organisation.code}-${from}_${last}.csv`,
    body: publicStatsCsv(s, s.organisation, { from, to: last }),
  };
}

export type ReportFormat = 'json' | 'csv' | 'xlsx' | 'pdf';

export async function evaluationReport(db: Db, actor: Actor, input: PeriodInput, now: Date, signal?: AbortSignal): Promise<EvaluationReport> {
  const org = await orgOr404(db, input.organisation ?? defaultOrgCode(actor));
  if (!canViewEvaluation(actor, org)) throw notFound('Organisation');
  const period = parsePeriod(input, org.timeZone, now);
  return reportingFor(db, signal, (q) => buildEvaluationReport(q, org, period, now));
}

export function presentEvaluationReport(r: EvaluationReport) {
  const tz = r.period.timeZone;
  const iso = (d: Date) => isoLocal(d, tz);
  return {
    title: r.title,
    organisation: r.organisation,
    period: { from: iso(r.period.from), to: iso(r.period.to), timeZone: tz, lastDay: lastDayOf(r.period) },
    generatedAt: r.generatedAt.toISOString(),
    totals: r.totals,
    truncated: r.truncated,
    units: r.units.map((u) => ({
      organisation: u.organisation,
      self: u.self,
      total: u.total,
      withObstacles: u.withObstacles,
      oldestAgeWorkingDays: u.oldestAgeWorkingDays,
      complaints: u.items.map((i) => ({
        trackingNumber: i.trackingNumber,
        title: i.title,
        status: i.status,
        statusLabel: i.statusLabel,
        holder: i.holder,
        receivedAt: iso(i.receivedAt),
        since: iso(i.since),
        ageWorkingDays: i.ageWorkingDays,
        dueAt: iso(i.dueAt),
        obstacles: i.obstacles.map((o) => ({ at: iso(o.at), message: o.message, organisation: o.organisation })),
      })),
    })),
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const reportBaseName = (r: EvaluationReport) =>
  `laporan-evaluasi-${r.organisation.code}-${isoLocal(r.period.from, r.period.timeZone).slice(0, 10)}_${lastDayOf(r.period)}`;

/** The XLSX export as a stream for the route: the workbook is never whole in memory. */
export function streamEvaluationXlsx(r: EvaluationReport): { contentType: string; filename: string; body: Readable } {
  const out = new PassThrough();
  writeEvaluationXlsx(r, out).catch((err: Error) => out.destroy(err));
  return { contentType: XLSX, filename: `${reportBaseName(r)}.xlsx`, body: out };
}

export interface ReportFile {
  contentType: string;
  filename: string;
  body: Buffer | string;
}

/** The report in one of its formats, with the file name it is downloaded under. */
export async function renderEvaluationReport(r: EvaluationReport, format: Exclude<ReportFormat, 'json'>): Promise<ReportFile> {
  const base = reportBaseName(r);
  if (format === 'csv') return { contentType: 'text/csv; charset=utf-8', filename: `${base}.csv`, body: evaluationCsv(r) };
  if (format === 'xlsx') return { contentType: XLSX, filename: `${base}.xlsx`, body: await evaluationXlsx(r) };
  return { contentType: 'application/pdf', filename: `${base}.pdf`, body: await evaluationPdf(r) };
}

/** Every export of the report is audited: it carries titles and the units' internal notes. */
export async function auditReport(q: Queryable, actor: Actor, r: EvaluationReport, format: ReportFormat, now: Date, address?: string) {
  await audit(
    q,
    actor,
    'export_evaluation_report',
    { type: 'organisation', id: r.organisation.code },
    { format, from: r.period.from.toISOString(), to: r.period.to.toISOString(), complaints: r.totals.complaints },
    now,
    address,
  );
}
