// complaint_facts (migrations/0017): the trigger-maintained facts equal what refresh_complaint_facts()
// computes from the raw tables, and computeStats over them gives exactly what the statistics gave
// when they read every complaint and its timeline (referenceStats below, the SQL before 0017).
// Complaints of Buleleng are driven through real lifecycles with the test clock: verify (with an
// edit to confidential), forward, accept, respond (interim and final), return, close, rate, reopen,
// hold/resume, reject and merge.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import type { Queryable } from '../../server/db/client';
import { createUser } from '../../server/modules/users';
import { getOrgByCode } from '../../server/modules/organisations';
import { STATUSES } from '../../server/modules/complaints/lifecycle';
import { calendarFor } from '../../server/modules/deadlines';
import { bucketsOf, isoLocal, offsetSeconds, parsePeriod, type Interval } from '../../server/modules/dashboards/period';
import { calendarArrays, dayRange, elapsedSelect, type Param } from '../../server/modules/dashboards/working-days-sql';
import {
  adminActivity, childrenOf, computeStats, districtFigures, fallbackUnitId, figuresOf, IN_PROCESS_SQL, OVERDUE_SQL, rate, unitOfSql,
  type CountRow, type DistrictRow, type DurationRow, type Figures, type SeriesEntry, type SeriesRow, type Stats, type StatsOptions, type UnitFigures,
} from '../../server/modules/dashboards/stats';

let t: TestApp;
const wita = (local: string) => new Date(`${local}+08:00`).toISOString();
const tok: Record<string, string> = {};
const trk: Record<string, string> = {};
const code: Record<string, string> = {};

async function ok(who: string | null, c: string, action: string, body: Record<string, unknown> = {}) {
  const r = await t.call('POST', `/api/v1/complaints/${trk[c]}/actions/${action}`, {
    token: who ? tok[who] : undefined,
    body: who ? body : { ...body, accessCode: code[c] },
  });
  if (r.status !== 200) throw new Error(`${c} ${action} by ${who ?? 'reporter'}: ${r.status} ${r.text}`);
}

async function file(c: string, unit?: string) {
  const r = await t.call('POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title: `Pengaduan ${c}: lampu jalan dan saluran air di lingkungan kami perlu perhatian`,
      body: `Uraian pengaduan ${c}.`,
      ...(unit ? { organisationCode: unit } : {}),
      location: { regionCode: '51.08' },
      anonymous: false,
      confidential: false,
      reporter: { name: `Pelapor ${c}`, phone: '081234567890' },
    },
  });
  if (r.status !== 201) throw new Error(`file ${c}: ${r.status} ${r.text}`);
  trk[c] = r.json.trackingNumber;
  code[c] = r.json.accessCode;
}

const A = 'admin.buleleng';
const P = 'pupr.buleleng';
const D = 'dinkes.buleleng';
type Step = [at: string, run: () => Promise<unknown>];
const SCHEDULE: Step[] = [
  ['2026-03-02T10:00:00', () => file('K1', '51.08.pupr')],
  ['2026-03-02T11:00:00', () => file('K2', '51.08.dinkes')],
  ['2026-03-02T12:00:00', () => file('K3', '51.08.dishub')],
  ['2026-03-02T13:00:00', () => file('K4')],
  ['2026-03-02T14:00:00', () => file('K5')],
  ['2026-03-02T15:00:00', () => file('K6', '51.08.pupr')],
  ['2026-03-03T10:00:00', () => ok(A, 'K1', 'verify', { organisationCode: '51.08.pupr', confidential: true, title: 'Jalan berlubang di depan pasar kecamatan' })],
  ['2026-03-03T11:00:00', () => ok(A, 'K2', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-03T12:00:00', () => ok(A, 'K3', 'verify', { organisationCode: '51.08.dishub' })],
  ['2026-03-03T13:00:00', () => ok(A, 'K4', 'reject', { reason: 'Bukan pengaduan pelayanan publik.' })],
  ['2026-03-03T14:00:00', () => ok(A, 'K6', 'merge', { targetTrackingNumber: trk.K1 })],
  ['2026-03-04T10:00:00', () => ok('uji.dishub', 'K3', 'return', { reason: 'Bukan kewenangan Dinas Perhubungan.' })],
  ['2026-03-04T11:00:00', () => ok(A, 'K3', 'forward', { organisationCode: '51.08.pupr' })],
  ['2026-03-05T10:00:00', () => ok(P, 'K3', 'accept')],
  ['2026-03-05T11:00:00', () => ok(P, 'K3', 'respond', { message: 'Sedang ditangani.', final: false })],
  ['2026-03-05T12:00:00', () => ok(D, 'K2', 'respond', { message: 'Sudah ditindaklanjuti.' })],
  ['2026-03-06T10:00:00', () => ok(A, 'K2', 'close', { note: 'Selesai.' })],
  ['2026-03-06T11:00:00', () => ok(P, 'K1', 'respond', { message: 'Sudah diperbaiki.' })],
  ['2026-03-09T10:00:00', () => ok(null, 'K1', 'rate', { score: 4 })],
  ['2026-03-10T10:00:00', () => ok(null, 'K2', 'reopen', { reason: 'Belum selesai.' })],
  ['2026-03-10T11:00:00', () => ok(A, 'K5', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-11T10:00:00', () => ok(D, 'K5', 'obstacle', { message: 'Menunggu anggaran perubahan.' })],
  ['2026-03-12T10:00:00', () => ok(A, 'K5', 'hold', { reason: 'Menunggu data tambahan dari pelapor.' })],
  ['2026-03-30T10:00:00', () => file('K7', '51.08.pupr')],
  // After the end of March: the state at the end of March needs these complaints' timelines.
  ['2026-04-01T10:00:00', () => ok(A, 'K5', 'resume')],
  ['2026-04-01T11:00:00', () => ok(A, 'K7', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-04-02T10:00:00', () => ok(D, 'K2', 'respond', { message: 'Sudah diperbaiki lagi.' })],
  ['2026-04-03T10:00:00', () => ok(null, 'K2', 'rate', { score: 2 })],
  ['2026-04-06T10:00:00', () => ok(P, 'K3', 'respond', { message: 'Selesai diperbaiki.' })],
  ['2026-04-07T10:00:00', () => file('K8', '51.08.dinkes')],
];
const NOW = '2026-04-08T10:00:00';

beforeAll(async () => {
  t = await testApp({ now: wita('2026-03-02T08:00:00') });
  await createUser(t.db, { username: 'uji.dishub', displayName: 'Penghubung Dishub (uji)', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.08.dishub' }] });
  for (const u of [A, P, D, 'uji.dishub']) tok[u] = await t.login(u);
  for (const [at, run] of SCHEDULE) {
    t.clock.set(wita(at));
    await run();
  }
  t.clock.set(wita(NOW));
}, 120_000);

const factsRows = async (q: Queryable) =>
  (await q.query('SELECT * FROM complaint_facts ORDER BY complaint_id')).rows;

describe('complaint_facts', () => {
  it('kept by the triggers equals the facts rebuilt from the complaints and their timelines', async () => {
    const kept = await factsRows(t.db);
    expect(kept.length).toBe((await t.db.query('SELECT 1 FROM complaints')).rows.length);
    // Routed, followed up, closed, reopened, rated: the lifecycles above reached every column.
    const k2 = (await t.db.query<any>('SELECT f.* FROM complaint_facts f JOIN complaints c ON c.id = f.complaint_id WHERE c.tracking_number = $1', [trk.K2])).rows[0];
    expect(k2).toMatchObject({ reopened: true, status: 'closed', verified: true });
    expect(Number(k2.score)).toBe(2);
    expect(k2.close_at).not.toBeNull();
    await t.db.tx(async (q) => {
      await q.query('DELETE FROM complaint_facts');
      await q.query('SELECT refresh_complaint_facts()');
    });
    const rebuilt = await factsRows(t.db);
    expect(rebuilt).toEqual(kept);
  });

  it('refresh_complaint_facts() repairs rows changed while triggers were off', async () => {
    await t.db.tx(async (q) => {
      await q.query("SELECT set_config('session_replication_role', 'replica', true)");
      await q.query("UPDATE complaint_facts SET status = 'submitted', reopened = false, score = NULL");
    });
    await t.db.query('SELECT refresh_complaint_facts()');
    const k1 = (await t.db.query<any>('SELECT f.status, f.score, f.confidential FROM complaint_facts f JOIN complaints c ON c.id = f.complaint_id WHERE c.tracking_number = $1', [trk.K1])).rows[0];
    expect(k1.status).toBe('closed');
    expect(Number(k1.score)).toBe(4);
    expect(k1.confidential).toBe(true);
  });
});

describe('computeStats over complaint_facts', () => {
  const cases: [org: string, from: string, to: string, interval: Interval, nonConfidentialOnly: boolean, verifiedOnly: boolean][] = [
    ['51.08', '2026-03-01', '2026-03-31', 'week', false, false],
    ['51.08', '2026-03-01', '2026-03-31', 'week', true, true],
    ['51.08', '2026-01-01', '2026-12-31', 'month', false, false],
    ['51.08.pupr', '2026-03-01', '2026-04-30', 'month', false, false],
    ['51.08.dinkes', '2026-03-01', '2026-03-15', 'week', true, false],
    ['51', '2026-01-01', '2026-04-08', 'month', false, false],
  ];
  for (const [orgCode, from, to, interval, nonConfidentialOnly, verifiedOnly] of cases) {
    it(`gives the same Stats as the timeline SQL: ${orgCode} ${from}..${to} by ${interval}${nonConfidentialOnly ? ', non-confidential' : ''}${verifiedOnly ? ', verified' : ''}`, async () => {
      const org = (await getOrgByCode(t.db, orgCode))!;
      const now = new Date(wita(NOW));
      const o: StatsOptions = { org, period: parsePeriod({ from, to }, org.timeZone, now), interval, now, nonConfidentialOnly, verifiedOnly, includeAdminActivity: true };
      const [got, want] = await t.db.tx(async (q) => [await computeStats(q, o), await referenceStats(q, o)]);
      expect(want.received).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });
  }
});

// Last: it leaves the deleted complaint's timeline behind, as the benchmark's bulk delete does.
describe('complaint_facts after a bulk delete without triggers', () => {
  it('loses the deleted complaints', async () => {
    const id = (await t.db.query<{ id: string }>('SELECT id FROM complaints WHERE tracking_number = $1', [trk.K8])).rows[0]!.id;
    await t.db.tx(async (q) => {
      await q.query("SELECT set_config('session_replication_role', 'replica', true)");
      await q.query('DELETE FROM complaints WHERE id = $1', [id]);
    });
    expect((await t.db.query('SELECT 1 FROM complaint_facts WHERE complaint_id = $1', [id])).rows).toEqual([]);
    expect((await t.db.query('SELECT 1 FROM complaint_facts')).rows.length).toBe((await t.db.query('SELECT 1 FROM complaints')).rows.length);
  });
});

// ---------------------------------------------------------------------------------------------
// The statistics before complaint_facts: every complaint of the period and its timeline.

async function referenceStats(q: Queryable, o: StatsOptions): Promise<Stats> {
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
    WITH sel AS (
      SELECT c.id, c.status, c.created_at, c.due_at, c.district_code, c.lat, c.lng, ${unitOfSql(p, org, fallback)} AS unit_id
        FROM complaints c
       WHERE (c.admin_org_path LIKE ${under}::text OR c.holder_org_path LIKE ${under}::text)
         AND c.created_at >= ${p(period.from)}::timestamptz AND c.created_at < ${p(period.to)}::timestamptz
         AND (NOT ${p(o.nonConfidentialOnly)}::boolean OR NOT c.confidential)
         AND (NOT ${p(o.verifiedOnly)}::boolean OR c.verified_at IS NOT NULL)
    ),
    -- One pass over the timelines of the selected complaints.
    ev AS (
      SELECT e.complaint_id,
             min(e.at) FILTER (WHERE e.action = 'submit') AS submit_at,
             min(e.at) FILTER (WHERE e.action = 'verify') AS verify_at,
             min(e.id) FILTER (WHERE e.action = 'respond') AS respond_id,
             min(e.at) FILTER (WHERE e.action = 'respond') AS respond_at,
             min(e.at) FILTER (WHERE e.to_status = 'closed' AND e.from_status IS DISTINCT FROM 'closed') AS close_at,
             bool_or(e.action = 'reopen') AS reopened,
             max(CASE WHEN e.action = 'rate' AND jsonb_typeof(e.data -> 'score') = 'number' THEN (e.data ->> 'score')::numeric END) AS score,
             (array_agg(e.to_status ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.at < ${p(period.to)}::timestamptz))[1] AS end_status,
             (array_agg(e.due_at ORDER BY e.at DESC, e.id DESC) FILTER (WHERE e.at < ${p(period.to)}::timestamptz))[1] AS end_due,
             array_agg(e.at ORDER BY e.id) FILTER (WHERE e.action IN ('verify', 'forward')) AS routed_ats,
             array_agg(e.id ORDER BY e.id) FILTER (WHERE e.action IN ('verify', 'forward')) AS routed_ids
        FROM complaint_events e
       WHERE e.complaint_id IN (SELECT id FROM sel)
       GROUP BY e.complaint_id
    ),
    base AS (
      SELECT s.id, s.unit_id, s.status, s.created_at, s.district_code, s.lat, s.lng,
             coalesce(ev.submit_at, s.created_at) AS submit_at, ev.verify_at, ev.respond_at, ev.close_at, ev.reopened, ev.score,
             -- The routing (verify or forward) that brought it to the unit that followed it up first.
             (SELECT max(r.at) FROM unnest(ev.routed_ats, ev.routed_ids) AS r(at, id) WHERE r.id < ev.respond_id) AS routed_at,
             (s.status IN ${OVERDUE_SQL} AND s.due_at < ${p(o.now)}::timestamptz) AS overdue_now,
             coalesce(ev.end_status IN ${OVERDUE_SQL} AND ev.end_due < ${p(end)}::timestamptz, false) AS overdue_end
        FROM sel s LEFT JOIN ev ON ev.complaint_id = s.id
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

