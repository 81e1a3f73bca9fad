// The evaluation report (rakor): per unit, the complaints received in the period that nobody has
// followed up yet although their deadline has passed, with their age and the obstacles (kendala)
// the units recorded. See docs/statistics.md.
import type { Queryable } from '../../db/client';
import type { Organisation } from '../organisations';
import { calendarFor } from '../deadlines';
import { workingDaysElapsed, localDate, type TimeZoneCode } from '../deadlines/calendar';
import { OVERDUE_STATUSES, STATUS_LABELS, type Status } from '../complaints/lifecycle';
import { childrenOf, fallbackUnitId, unitOfSql } from './stats';
import type { Period } from './period';
import type { Param } from './working-days-sql';

export const REPORT_TITLE = 'Laporan Evaluasi Tindak Lanjut Pengaduan';
/** Detail rows in one report; the totals per unit always count every complaint. */
export const MAX_REPORT_ITEMS = 10_000;

export interface Obstacle {
  at: Date;
  message: string;
  organisation: { code: string; name: string } | null;
}

export interface ReportItem {
  trackingNumber: string;
  title: string;
  status: Status;
  statusLabel: string;
  /** The unit holding it now; null while it waits for the admin (not routed yet, or returned). */
  holder: { code: string; name: string } | null;
  receivedAt: Date;
  /** When it reached its current holder (routing or forwarding; for the admin: filing or return). */
  since: Date;
  ageWorkingDays: number;
  dueAt: Date;
  obstacles: Obstacle[];
}

export interface ReportUnit {
  organisation: { code: string; name: string; type: string; isAdminUnit: boolean };
  self: boolean;
  total: number;
  withObstacles: number;
  oldestAgeWorkingDays: number | null;
  items: ReportItem[];
}

export interface EvaluationReport {
  title: string;
  organisation: { code: string; name: string; type: string };
  period: Period;
  generatedAt: Date;
  totals: { complaints: number; withObstacles: number; units: number };
  /** True when there were more than MAX_REPORT_ITEMS complaints: the least overdue are left out of `items`. */
  truncated: boolean;
  units: ReportUnit[];
}

interface ItemRow {
  id: number;
  tracking_number: string;
  title: string;
  status: Status;
  created_at: Date;
  due_at: Date;
  unit_id: number;
  holder_code: string | null;
  holder_name: string | null;
  since: Date | null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

// The statuses of the predicate of complaints_overdue_admin_idx and complaints_open_due_idx
// (migrations 0018, 0002), minus those that are never overdue. Filtering with that list verbatim
// lets the planner prove the partial indexes and estimate them once (see migration 0018).
const DUE_INDEX_STATUSES: readonly Status[] = ['submitted', 'disposed', 'in_progress', 'responded', 'returned'];
const NOT_OVERDUE = DUE_INDEX_STATUSES.filter((s) => !OVERDUE_STATUSES.includes(s));
const sqlList = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(', ')})`;

export async function buildEvaluationReport(q: Queryable, org: Organisation, period: Period, now: Date): Promise<EvaluationReport> {
  const children = await childrenOf(q, org);
  const params: unknown[] = [];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const under = p(`${org.path}%`);
  const where = `(c.admin_org_path LIKE ${under}::text OR c.holder_org_path LIKE ${under}::text)
      AND c.created_at >= ${p(period.from)}::timestamptz AND c.created_at < ${p(period.to)}::timestamptz
      AND c.status IN ${sqlList(DUE_INDEX_STATUSES)} AND c.status NOT IN ${sqlList(NOT_OVERDUE)} AND c.due_at < ${p(now)}::timestamptz
      AND NOT EXISTS (SELECT 1 FROM complaint_events r WHERE r.complaint_id = c.id AND r.action = 'respond')`;
  const unit = unitOfSql(p, org, fallbackUnitId(org, children));

  const totals = (
    await q.query<{ unit_id: number; n: number; with_obstacles: number }>(
      `SELECT ${unit} AS unit_id, count(*) AS n,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM complaint_events o WHERE o.complaint_id = c.id AND o.action = 'obstacle')) AS with_obstacles
         FROM complaints c WHERE ${where} GROUP BY 1`,
      params,
    )
  ).rows;
  const rows = (
    await q.query<ItemRow>(
      `SELECT c.id, c.tracking_number, c.title, c.status, c.created_at, c.due_at, ${unit} AS unit_id,
              ho.code AS holder_code, ho.name AS holder_name,
              (SELECT max(e.at) FROM complaint_events e
                WHERE e.complaint_id = c.id AND e.action IN ('submit', 'verify', 'forward', 'return')) AS since
         FROM complaints c
         LEFT JOIN organisations ho ON ho.id = c.holder_org_id
        WHERE ${where}
        ORDER BY c.due_at, c.id
        LIMIT ${MAX_REPORT_ITEMS + 1}`,
      params,
    )
  ).rows;
  const truncated = rows.length > MAX_REPORT_ITEMS;
  const kept = rows.slice(0, MAX_REPORT_ITEMS);

  const obstacles = new Map<number, Obstacle[]>();
  if (kept.length) {
    const ob = await q.query<{ complaint_id: number; at: Date; message: string | null; code: string | null; name: string | null }>(
      `SELECT e.complaint_id, e.at, e.message, o.code, o.name
         FROM complaint_events e LEFT JOIN organisations o ON o.id = e.actor_org_id
        WHERE e.complaint_id = ANY($1::bigint[]) AND e.action = 'obstacle'
        ORDER BY e.at, e.id`,
      [kept.map((r) => r.id)],
    );
    for (const r of ob.rows) {
      const list = obstacles.get(Number(r.complaint_id)) ?? [];
      list.push({ at: new Date(r.at), message: r.message ?? '', organisation: r.code ? { code: r.code, name: r.name! } : null });
      obstacles.set(Number(r.complaint_id), list);
    }
  }

  const cal = await calendarFor(q, org);
  const tz = org.timeZone as TimeZoneCode;
  const items = kept.map((r) => {
    const since = new Date(r.since ?? r.created_at);
    return {
      unitId: r.unit_id,
      item: {
        trackingNumber: r.tracking_number,
        title: r.title,
        status: r.status,
        statusLabel: STATUS_LABELS[r.status].id,
        holder: r.holder_code ? { code: r.holder_code, name: r.holder_name! } : null,
        receivedAt: new Date(r.created_at),
        since,
        ageWorkingDays: round1(workingDaysElapsed(cal, since, now, tz)),
        dueAt: new Date(r.due_at),
        obstacles: obstacles.get(Number(r.id)) ?? [],
      } satisfies ReportItem,
    };
  });

  const unitsList = children.map((c) => ({ id: c.id, organisation: { code: c.code, name: c.name, type: c.type, isAdminUnit: c.is_admin_unit }, self: false }));
  if (totals.some((t) => t.unit_id === org.id)) {
    unitsList.push({ id: org.id, organisation: { code: org.code, name: org.name, type: org.type, isAdminUnit: org.isAdminUnit }, self: true });
  }
  const collator = new Intl.Collator('id', { sensitivity: 'base', numeric: true });
  const units: ReportUnit[] = unitsList
    .map((u) => {
      const mine = items
        .filter((i) => i.unitId === u.id)
        .map((i) => i.item)
        .sort((a, b) => b.ageWorkingDays - a.ageWorkingDays || a.since.getTime() - b.since.getTime() || a.trackingNumber.localeCompare(b.trackingNumber));
      const t = totals.find((x) => x.unit_id === u.id);
      return {
        organisation: u.organisation,
        self: u.self,
        total: t?.n ?? 0,
        withObstacles: t?.with_obstacles ?? 0,
        oldestAgeWorkingDays: mine[0]?.ageWorkingDays ?? null,
        items: mine,
      };
    })
    .sort((a, b) => collator.compare(a.organisation.name, b.organisation.name) || a.organisation.code.localeCompare(b.organisation.code));

  return {
    title: REPORT_TITLE,
    organisation: { code: org.code, name: org.name, type: org.type },
    period,
    generatedAt: now,
    totals: {
      complaints: units.reduce((s, u) => s + u.total, 0),
      withObstacles: units.reduce((s, u) => s + u.withObstacles, 0),
      units: units.filter((u) => u.total > 0).length,
    },
    truncated,
    units,
  };
}

/** The last local day of a period (its `to` is exclusive). */
export const lastDayOf = (p: Period) => localDate(new Date(Math.max(p.from.getTime(), p.to.getTime() - 1)), p.timeZone);
