// The monitoring figures of one organisation over one period, aggregated in SQL. The period selects
// the complaints received in it; what happened to them is read from their timelines up to now. See
// docs/statistics.md for every definition.
import type { Db, Queryable } from '../../db/client';
import type { Organisation } from '../organisations';
import { OVERDUE_STATUSES, STATUSES, type Status } from '../complaints/lifecycle';
import { bucketsOf, isoLocal, offsetSeconds, type Interval, type Period } from './period';
import { calendarFor } from '../deadlines';
import { calendarArrays, dayRange, elapsedSelect, type Param } from './working-days-sql';

/** Rates and durations over fewer complaints than this are flagged `lowSample`. */
export const LOW_SAMPLE = 10;
/** Accounts that logged in within this many days count as active. */
export const ACTIVE_DAYS = 30;

export interface Rate {
  /** numerator / denominator, rounded to 4 decimals; null when the denominator is 0. */
  value: number | null;
  numerator: number;
  denominator: number;
  lowSample: boolean;
}

export interface Duration {
  /** Working days, rounded to 2 decimals; null when no complaint has this duration. */
  median: number | null;
  p90: number | null;
  count: number;
  lowSample: boolean;
}

export interface Satisfaction {
  mean: number | null;
  count: number;
  lowSample: boolean;
  distribution: Record<'1' | '2' | '3' | '4' | '5', number>;
}

export interface AdminActivity {
  active: number;
  total: number;
  rate: Rate;
}

export interface Figures {
  received: number;
  byStatus: Record<Status, number>;
  routed: number;
  followedUp: number;
  finished: number;
  inProcess: number;
  overdue: number;
  overdueAtPeriodEnd: number;
  followedUpRate: Rate;
  completionRate: Rate;
  inProcessRate: Rate;
  reopenRate: Rate;
  medianFirstResponseWorkingDays: number | null;
  workingDays: { toVerification: Duration; toFirstFollowUp: Duration; toClosing: Duration };
  satisfaction: Satisfaction;
  adminActivity?: AdminActivity;
}

export interface UnitFigures extends Figures {
  organisation: { code: string; name: string; type: string; isAdminUnit: boolean };
  /** Complaints held by the organisation itself rather than by one of its sub-units. */
  self: boolean;
}

export interface SeriesEntry {
  start: string;
  from: string;
  to: string;
  received: number;
  routed: number;
  followedUp: number;
  finished: number;
  overdue: number;
  followedUpRate: Rate;
  completionRate: Rate;
}

export interface StatsOptions {
  org: Organisation;
  period: Period;
  interval: Interval;
  now: Date;
  /** Count only non-confidential complaints (neighbours, the public). */
  nonConfidentialOnly: boolean;
  /** Count only verified complaints (the public). */
  verifiedOnly: boolean;
  includeAdminActivity: boolean;
}

/** Complaints per district (kecamatan); `code` null is the bucket of complaints without one. */
export interface DistrictFigures {
  code: string | null;
  name: string;
  received: number;
  overdue: number;
  /** The mean of the coordinates of the district's complaints that have them (for the map). */
  lat?: number;
  lng?: number;
  /** How many complaints the mean is over. */
  located: number;
}

export interface Stats extends Figures {
  units: UnitFigures[];
  series: SeriesEntry[];
  /** Only for a regency/city or an organisation inside one. */
  districts?: DistrictFigures[];
}

/** The name of the bucket of complaints without a recorded district. */
export const UNKNOWN_DISTRICT = 'Kecamatan tidak tercatat';

// ---------------------------------------------------------------------------------------------

/**
 * Runs reporting reads in one read-only transaction (one snapshot for all figures). On PostgreSQL:
 * no JIT (compiling these plans costs seconds and saves less), memory for their sorts, a time limit.
 */
export async function reporting<T>(db: Db, fn: (q: Queryable) => Promise<T>): Promise<T> {
  return db.tx(async (q) => {
    await q.query('SET TRANSACTION READ ONLY');
    if (db.engine === 'postgres') {
      await q.query("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), set_config('statement_timeout', '120s', true)");
    }
    return fn(q);
  });
}

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;

export function rate(numerator: number, denominator: number): Rate {
  return { value: denominator === 0 ? null : round(numerator / denominator, 4), numerator, denominator, lowSample: denominator < LOW_SAMPLE };
}

const sqlList = (xs: readonly string[]) => `(${xs.map((x) => `'${x}'`).join(', ')})`;
export const OVERDUE_SQL = sqlList(OVERDUE_STATUSES);
/** Routed and still open: someone in the organisation still has to act (or the reporter to answer). */
export const IN_PROCESS_SQL = sqlList(['disposed', 'in_progress', 'responded', 'returned', 'on_hold']);

export interface CountRow {
  unit_id: number | null;
  total: number;
  received: number;
  routed: number;
  followed_up: number;
  finished: number;
  in_process: number;
  overdue: number;
  overdue_end: number;
  ever_closed: number;
  reopened: number;
  ratings: number;
  mean_score: number | null;
  s1: number;
  s2: number;
  s3: number;
  s4: number;
  s5: number;
  [status: string]: number | null;
}

export interface DurationRow {
  unit_id: number | null;
  total: number;
  kind: 'verification' | 'first_follow_up' | 'closing';
  n: number;
  median: number | null;
  p90: number | null;
}

export interface SeriesRow {
  bucket: string;
  received: number;
  routed: number;
  followed_up: number;
  finished: number;
  overdue: number;
}

export interface DistrictRow {
  code: string | null;
  received: number;
  overdue: number;
  located: number;
  lat: number | null;
  lng: number | null;
}

interface ChildRow {
  id: number;
  code: string;
  name: string;
  type: string;
  is_admin_unit: boolean;
}

export async function childrenOf(q: Queryable, org: Organisation): Promise<ChildRow[]> {
  return (
    await q.query<ChildRow>('SELECT id, code, name, type, is_admin_unit FROM organisations WHERE parent_id = $1 ORDER BY code', [org.id])
  ).rows;
}

/**
 * The SQL expression naming the direct sub-unit (by id) a complaint counts under in `org`'s view:
 * the sub-unit holding it (or whose subtree does); if it is held by `org` itself, `org`; if no unit
 * below `org` holds it (not routed yet, returned, or routed elsewhere by a national admin), the
 * sub-unit its government lies in, else the admin unit (Bagian Organisasi) of `org`, else `org`.
 * `c` is the alias of a row with holder_org_path and admin_org_path.
 */
export function unitOfSql(p: Param, org: Organisation, fallbackId: number): string {
  const path = p(org.path);
  const under = p(`${org.path}%`);
  const seg = (col: string) => `split_part(substr(${col}, length(${path}::text) + 1), '/', 1)::int`;
  return `CASE
      WHEN c.holder_org_path LIKE ${under}::text AND c.holder_org_path <> ${path}::text THEN ${seg('c.holder_org_path')}
      WHEN c.holder_org_path = ${path}::text THEN ${p(org.id)}::int
      WHEN c.admin_org_path LIKE ${under}::text AND c.admin_org_path <> ${path}::text THEN ${seg('c.admin_org_path')}
      ELSE ${p(fallbackId)}::int
    END`;
}

/** Where complaints nobody below the organisation holds are counted: its admin unit, else itself. */
export const fallbackUnitId = (org: Organisation, children: ChildRow[]) => children.find((c) => c.is_admin_unit)?.id ?? org.id;

export async function computeStats(q: Queryable, o: StatsOptions): Promise<Stats> {
  const { org, period } = o;
  const tz = period.timeZone;
  const children = await childrenOf(q, org);
  const fallback = fallbackUnitId(org, children);
  const end = period.to.getTime() < o.now.getTime() ? period.to : o.now;

  const params: unknown[] = [];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const [lo, hi] = dayRange(period.from, period.to > o.now ? period.to : o.now, tz);
  const cal = calendarArrays(await calendarFor(q, org), lo, hi);
  const statusCols = STATUSES.map((s) => `count(*) FILTER (WHERE status = '${s}') AS ${s}`).join(',\n        ');
  const under = p(`${org.path}%`);

  const sql = `
    -- complaint_facts (migrations/0017) holds each complaint's row and timeline summarised: no
    -- complaint or event rows are read, except the timelines of complaints with events after the end
    -- of a past period, whose state then is the latest step before it.
    WITH base AS (
      SELECT c.complaint_id AS id, ${unitOfSql(p, org, fallback)} AS unit_id, c.status, c.created_at, c.district_code, c.lat, c.lng,
             coalesce(c.submit_at, c.created_at) AS submit_at, c.verify_at, c.respond_at, c.close_at, c.reopened, c.score, c.routed_at,
             (c.status IN ${OVERDUE_SQL} AND c.due_at < ${p(o.now)}::timestamptz) AS overdue_now,
             coalesce(CASE WHEN c.last_event_at IS NULL OR c.last_event_at < ${p(period.to)}::timestamptz
                           THEN c.last_status IN ${OVERDUE_SQL} AND c.last_due_at < ${p(end)}::timestamptz
                           ELSE (SELECT e.to_status IN ${OVERDUE_SQL} AND e.due_at < ${p(end)}::timestamptz
                                   FROM complaint_events e
                                  WHERE e.complaint_id = c.complaint_id AND e.at < ${p(period.to)}::timestamptz
                                  ORDER BY e.at DESC, e.id DESC LIMIT 1)
                      END, false) AS overdue_end
        FROM complaint_facts c
       WHERE (c.admin_org_path LIKE ${under}::text OR c.holder_org_path LIKE ${under}::text)
         AND c.created_at >= ${p(period.from)}::timestamptz AND c.created_at < ${p(period.to)}::timestamptz
         AND (NOT ${p(o.nonConfidentialOnly)}::boolean OR NOT c.confidential)
         AND (NOT ${p(o.verifiedOnly)}::boolean OR c.verified)
    ),
    counts AS (
      SELECT CASE WHEN grouping(unit_id) = 1 THEN NULL ELSE unit_id END AS unit_id, grouping(unit_id) AS total,
        count(*) AS received,
        ${statusCols},
        count(*) FILTER (WHERE verify_at IS NOT NULL) AS routed,
        count(*) FILTER (WHERE respond_at IS NOT NULL) AS followed_up,
        count(*) FILTER (WHERE status = 'closed') AS finished,
        count(*) FILTER (WHERE verify_at IS NOT NULL AND status IN ${IN_PROCESS_SQL}) AS in_process,
        count(*) FILTER (WHERE overdue_now) AS overdue,
        count(*) FILTER (WHERE overdue_end) AS overdue_end,
        count(*) FILTER (WHERE close_at IS NOT NULL) AS ever_closed,
        count(*) FILTER (WHERE close_at IS NOT NULL AND reopened) AS reopened,
        count(score) AS ratings,
        avg(score)::float8 AS mean_score,
        count(*) FILTER (WHERE score = 1) AS s1, count(*) FILTER (WHERE score = 2) AS s2, count(*) FILTER (WHERE score = 3) AS s3,
        count(*) FILTER (WHERE score = 4) AS s4, count(*) FILTER (WHERE score = 5) AS s5
      FROM base GROUP BY GROUPING SETS ((), (unit_id))
    ),
    spans AS (
      SELECT unit_id, 'verification' AS kind, submit_at AS f, verify_at AS t FROM base WHERE verify_at IS NOT NULL
      UNION ALL
      SELECT unit_id, 'first_follow_up', routed_at, respond_at FROM base WHERE respond_at IS NOT NULL AND routed_at IS NOT NULL
      UNION ALL
      SELECT unit_id, 'closing', submit_at, close_at FROM base WHERE close_at IS NOT NULL
    ),
    durations AS (${elapsedSelect(p, 'spans', ['unit_id', 'kind'], tz, cal)}),
    dstats AS (
      SELECT kind, CASE WHEN grouping(unit_id) = 1 THEN NULL ELSE unit_id END AS unit_id, grouping(unit_id) AS total, count(d) AS n,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY d) AS median,
             percentile_cont(0.9) WITHIN GROUP (ORDER BY d) AS p90
        FROM durations GROUP BY GROUPING SETS ((kind), (kind, unit_id))
    ),
    series AS (
      SELECT to_char(date_trunc(${p(o.interval)}::text, (created_at AT TIME ZONE 'UTC') + ${p(offsetSeconds(tz))}::int * interval '1 second'), 'YYYY-MM-DD') AS bucket,
             count(*) AS received,
             count(*) FILTER (WHERE verify_at IS NOT NULL) AS routed,
             count(*) FILTER (WHERE respond_at IS NOT NULL) AS followed_up,
             count(*) FILTER (WHERE status = 'closed') AS finished,
             count(*) FILTER (WHERE overdue_now) AS overdue
        FROM base GROUP BY 1
    ),
    dists AS (
      SELECT district_code AS code, count(*) AS received, count(*) FILTER (WHERE overdue_now) AS overdue,
             count(lat) AS located, avg(lat)::float8 AS lat, avg(lng)::float8 AS lng
        FROM base GROUP BY district_code
    )
    SELECT (SELECT coalesce(json_agg(x), '[]'::json) FROM counts x) AS counts,
           (SELECT coalesce(json_agg(x), '[]'::json) FROM dstats x) AS durations,
           (SELECT coalesce(json_agg(x), '[]'::json) FROM series x) AS series,
           (SELECT coalesce(json_agg(x), '[]'::json) FROM dists x) AS districts`;

  const row = (await q.query<{ counts: CountRow[]; durations: DurationRow[]; series: SeriesRow[]; districts: DistrictRow[] }>(sql, params)).rows[0]!;
  const activity = o.includeAdminActivity ? await adminActivity(q, org, o.now) : undefined;

  const countsOf = (unitId: number | null) => row.counts.find((c) => (unitId === null ? c.total === 1 : c.total === 0 && c.unit_id === unitId));
  const durationsOf = (unitId: number | null) => row.durations.filter((d) => (unitId === null ? d.total === 1 : d.total === 0 && d.unit_id === unitId));
  const activityOf = (unitId: number | null) => activity?.find((a) => (unitId === null ? a.total === 1 : a.total === 0 && a.unit_id === unitId));

  const figures = (unitId: number | null): Figures =>
    figuresOf(countsOf(unitId), durationsOf(unitId), o.includeAdminActivity ? (activityOf(unitId) ?? { active: 0, accounts: 0 }) : undefined);

  const units: UnitFigures[] = children.map((c) => ({
    organisation: { code: c.code, name: c.name, type: c.type, isAdminUnit: c.is_admin_unit },
    self: false,
    ...figures(c.id),
  }));
  if (countsOf(org.id)) {
    units.push({ organisation: { code: org.code, name: org.name, type: org.type, isAdminUnit: org.isAdminUnit }, self: true, ...figures(org.id) });
  }

  const byBucket = new Map(row.series.map((s) => [s.bucket, s]));
  const series: SeriesEntry[] = bucketsOf(period, o.interval).map((b) => {
    const s = byBucket.get(b.start);
    const routed = s?.routed ?? 0;
    return {
      start: b.start,
      from: isoLocal(b.from, tz),
      to: isoLocal(b.to, tz),
      received: s?.received ?? 0,
      routed,
      followedUp: s?.followed_up ?? 0,
      finished: s?.finished ?? 0,
      overdue: s?.overdue ?? 0,
      followedUpRate: rate(s?.followed_up ?? 0, routed),
      completionRate: rate(s?.finished ?? 0, routed),
    };
  });

  const districts = await districtFigures(q, org, row.districts);
  return { ...figures(null), units, series, ...(districts ? { districts } : {}) };
}

/** The regency/city an organisation is or lies in (its Kemendagri code), if any. */
async function regencyCodeOf(q: Queryable, org: Organisation): Promise<string | null> {
  if ((org.type === 'regency' || org.type === 'city') && org.regionCode) return org.regionCode;
  const ids = org.path.split('/').filter(Boolean).map(Number);
  const r = await q.query<{ region_code: string | null }>(
    "SELECT region_code FROM organisations WHERE id = ANY($1::int[]) AND type IN ('regency', 'city') ORDER BY depth DESC LIMIT 1",
    [ids],
  );
  return r.rows[0]?.region_code ?? null;
}

/**
 * Every district of the regency (zeros included, so that a quiet district shows as quiet), any
 * other district a counted complaint names, and one bucket for complaints without a district.
 * Undefined above the regency level: a province or the nation would mean thousands of rows.
 */
export async function districtFigures(q: Queryable, org: Organisation, counted: DistrictRow[]): Promise<DistrictFigures[] | undefined> {
  const regency = await regencyCodeOf(q, org);
  if (!regency) return undefined;
  const named = counted.filter((d) => d.code !== null).map((d) => d.code!);
  const names = (
    await q.query<{ code: string; name: string }>('SELECT code, name FROM districts WHERE regency_code = $1 OR code = ANY($2::text[]) ORDER BY code', [
      regency,
      named,
    ])
  ).rows;
  const byCode = new Map(counted.map((d) => [d.code, d]));
  const entry = (code: string | null, name: string): DistrictFigures => {
    const d = byCode.get(code);
    const f: DistrictFigures = { code, name, received: Number(d?.received ?? 0), overdue: Number(d?.overdue ?? 0), located: Number(d?.located ?? 0) };
    if (d && d.lat !== null && d.lng !== null) {
      f.lat = round(d.lat, 5);
      f.lng = round(d.lng, 5);
    }
    return f;
  };
  const out = names.map((n) => entry(n.code, n.name));
  if (byCode.get(null)?.received) out.push(entry(null, UNKNOWN_DISTRICT));
  return out;
}

function duration(d: DurationRow | undefined): Duration {
  const n = d?.n ?? 0;
  return {
    median: d && d.median !== null ? round(d.median, 2) : null,
    p90: d && d.p90 !== null ? round(d.p90, 2) : null,
    count: n,
    lowSample: n < LOW_SAMPLE,
  };
}

export function figuresOf(c: CountRow | undefined, ds: DurationRow[], act: { active: number; accounts: number } | undefined): Figures {
  const n = (k: string) => Number(c?.[k] ?? 0);
  const byStatus = Object.fromEntries(STATUSES.map((s) => [s, n(s)])) as Record<Status, number>;
  const routed = n('routed');
  const ratings = n('ratings');
  const firstFollowUp = duration(ds.find((d) => d.kind === 'first_follow_up'));
  const f: Figures = {
    received: n('received'),
    byStatus,
    routed,
    followedUp: n('followed_up'),
    finished: n('finished'),
    inProcess: n('in_process'),
    overdue: n('overdue'),
    overdueAtPeriodEnd: n('overdue_end'),
    followedUpRate: rate(n('followed_up'), routed),
    completionRate: rate(n('finished'), routed),
    inProcessRate: rate(n('in_process'), routed),
    reopenRate: rate(n('reopened'), n('ever_closed')),
    medianFirstResponseWorkingDays: firstFollowUp.median,
    workingDays: {
      toVerification: duration(ds.find((d) => d.kind === 'verification')),
      toFirstFollowUp: firstFollowUp,
      toClosing: duration(ds.find((d) => d.kind === 'closing')),
    },
    satisfaction: {
      mean: ratings > 0 && c?.mean_score != null ? round(c.mean_score, 2) : null,
      count: ratings,
      lowSample: ratings < LOW_SAMPLE,
      distribution: { '1': n('s1'), '2': n('s2'), '3': n('s3'), '4': n('s4'), '5': n('s5') },
    },
  };
  if (act) f.adminActivity = { active: act.active, total: act.accounts, rate: rate(act.active, act.accounts) };
  return f;
}

interface ActivityRow {
  unit_id: number | null;
  total: number;
  accounts: number;
  active: number;
}

/**
 * Staff accounts (active users with any non-reporter role held at the organisation or below) and
 * how many of them logged in within the last ACTIVE_DAYS days; overall and per direct sub-unit (an
 * account with roles in two sub-units counts in each, and once overall).
 */
export async function adminActivity(q: Queryable, org: Organisation, now: Date): Promise<ActivityRow[]> {
  const since = new Date(now.getTime() - ACTIVE_DAYS * 86_400_000);
  return (
    await q.query<ActivityRow>(
      `SELECT CASE WHEN grouping(unit_id) = 1 THEN NULL ELSE unit_id END AS unit_id, grouping(unit_id) AS total,
              count(DISTINCT user_id) AS accounts,
              count(DISTINCT user_id) FILTER (WHERE last_login_at > $4::timestamptz) AS active
         FROM (SELECT u.id AS user_id, u.last_login_at,
                      CASE WHEN o.path = $1::text THEN $3::int
                           ELSE split_part(substr(o.path, length($1::text) + 1), '/', 1)::int END AS unit_id
                 FROM role_assignments ra
                 JOIN users u ON u.id = ra.user_id
                 JOIN organisations o ON o.id = ra.organisation_id
                WHERE u.active AND ra.role <> 'reporter' AND o.path LIKE $2::text) a
        GROUP BY GROUPING SETS ((), (unit_id))`,
      [org.path, `${org.path}%`, org.id, since],
    )
  ).rows;
}
