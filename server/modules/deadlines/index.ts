// Deadlines: the working-day calendar as data (national holidays, cuti bersama, regional holidays)
// and the due date of each lifecycle step. The pure arithmetic lives in calendar.ts.
import type { Db, Queryable } from '../../db/client';
import { TtlCache } from '../../platform/ttl-cache';
import { badRequest, conflict, notFound } from '../../platform/errors';
import type { Organisation } from '../organisations';
import { addWorkingDays, makeCalendar, type TimeZoneCode, type WorkingCalendar } from './calendar';
import { seedHolidays } from './holidays';

export * from './calendar';

/** Working days allowed for each step (domain.md). */
export const STEP_DAYS = {
  verification: 3,
  first_response: 5,
  reporter_reply: 10,
  resolution: { ordinary: 5, no_inspection: 14, inspection: 60 },
} as const;
export type ResolutionClass = keyof typeof STEP_DAYS.resolution;
export type DueKind = 'verification' | 'first_response' | 'resolution' | 'reporter_reply';

export function daysFor(kind: DueKind, resolutionClass: ResolutionClass = 'ordinary'): number {
  return kind === 'resolution' ? STEP_DAYS.resolution[resolutionClass] : STEP_DAYS[kind];
}

export interface HolidayRow {
  id: number;
  date: string;
  name: string;
  kind: 'national' | 'cuti_bersama' | 'regional';
  organisation: string | null;
}

/** The calendar that applies to an organisation: national days plus regional days of it and its ancestors. */
export async function calendarFor(q: Queryable, org: Pick<Organisation, 'path'> | null): Promise<WorkingCalendar> {
  const ids = org ? org.path.split('/').filter(Boolean).map(Number) : [];
  const rows = await q.query<{ d: string }>(
    `SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays WHERE organisation_id IS NULL OR organisation_id = ANY($1::int[])`,
    [ids],
  );
  return makeCalendar(rows.rows.map((r) => r.d));
}

// Intake needs a calendar for every complaint: the whole holiday table (a few hundred rows) is kept
// per process. This process's own holiday edits clear it at once; an edit made by another process
// (another app instance, the worker) reaches new due dates within HOLIDAY_CACHE_TTL_MS.
const HOLIDAY_CACHE_TTL_MS = 30_000;
interface Holidays {
  national: string[];
  nationalCalendar: WorkingCalendar;
  regional: Map<number, string[]>;
}
const holidayCache = new TtlCache<Holidays>(HOLIDAY_CACHE_TTL_MS);

async function loadHolidays(db: Db): Promise<Holidays> {
  const rows = (await db.query<{ org: number | null; d: string }>(`SELECT organisation_id AS org, to_char(date, 'YYYY-MM-DD') AS d FROM holidays`)).rows;
  const national = rows.filter((r) => r.org === null).map((r) => r.d);
  const regional = new Map<number, string[]>();
  for (const r of rows) if (r.org !== null) regional.set(r.org, [...(regional.get(r.org) ?? []), r.d]);
  return { national, nationalCalendar: makeCalendar(national), regional };
}

/** calendarFor through the per-process cache. `db` is never a transaction: its reads may roll back. */
export async function cachedCalendarFor(db: Db, org: Pick<Organisation, 'path'>): Promise<WorkingCalendar> {
  const h = (await holidayCache.get(db, 'all', () => loadHolidays(db)))!;
  const regional = org.path.split('/').filter(Boolean).flatMap((id) => h.regional.get(Number(id)) ?? []);
  return regional.length ? makeCalendar([...h.national, ...regional]) : h.nationalCalendar;
}

export async function dueDate(q: Queryable, org: Pick<Organisation, 'path' | 'timeZone'>, from: Date, kind: DueKind, cls?: ResolutionClass): Promise<Date> {
  const cal = await calendarFor(q, org);
  return addWorkingDays(cal, from, daysFor(kind, cls), org.timeZone as TimeZoneCode);
}

export async function listHolidays(q: Queryable, year: number, orgId?: number): Promise<HolidayRow[]> {
  const r = await q.query<HolidayRow>(
    `SELECT h.id, to_char(h.date, 'YYYY-MM-DD') AS date, h.name, h.kind, o.code AS organisation
       FROM holidays h LEFT JOIN organisations o ON o.id = h.organisation_id
      WHERE h.date >= make_date($1, 1, 1) AND h.date < make_date($1 + 1, 1, 1)
        AND (h.organisation_id IS NULL OR h.organisation_id = $2)
      ORDER BY h.date, h.id`,
    [year, orgId ?? null],
  );
  return r.rows;
}

export async function addHoliday(
  q: Queryable,
  input: { date: string; name: string; kind: HolidayRow['kind']; organisationId: number | null },
): Promise<HolidayRow> {
  if ((input.kind === 'regional') !== (input.organisationId !== null))
    throw badRequest('Regional holidays belong to an organisation; national days and cuti bersama do not', { kind: 'does not match organisationCode' });
  holidayCache.clear();
  const r = await q.query<{ id: number }>(
    `INSERT INTO holidays (organisation_id, date, name, kind) VALUES ($1, $2, $3, $4)
     ON CONFLICT DO NOTHING RETURNING id`,
    [input.organisationId, input.date, input.name, input.kind],
  );
  if (!r.rows[0]) throw conflict(`${input.date} is already a holiday there`);
  return (await q.query<HolidayRow>(
    `SELECT h.id, to_char(h.date, 'YYYY-MM-DD') AS date, h.name, h.kind, o.code AS organisation
       FROM holidays h LEFT JOIN organisations o ON o.id = h.organisation_id WHERE h.id = $1`,
    [r.rows[0].id],
  )).rows[0]!;
}

export async function getHoliday(q: Queryable, id: number): Promise<(HolidayRow & { organisationPath: string | null }) | undefined> {
  return (
    await q.query<HolidayRow & { organisationPath: string | null }>(
      `SELECT h.id, to_char(h.date, 'YYYY-MM-DD') AS date, h.name, h.kind, o.code AS organisation, o.path AS "organisationPath"
         FROM holidays h LEFT JOIN organisations o ON o.id = h.organisation_id WHERE h.id = $1`,
      [id],
    )
  ).rows[0];
}

export async function removeHoliday(q: Queryable, id: number): Promise<void> {
  holidayCache.clear();
  const r = await q.query('DELETE FROM holidays WHERE id = $1', [id]);
  if (r.rowCount === 0) throw notFound('Holiday');
}

/** Seeds national holidays and cuti bersama for the given years (idempotent). */
export async function seedNationalCalendar(q: Queryable, years: number[]): Promise<number> {
  holidayCache.clear();
  let n = 0;
  for (const h of seedHolidays(years)) {
    const r = await q.query(
      `INSERT INTO holidays (organisation_id, date, name, kind) VALUES (NULL, $1, $2, $3) ON CONFLICT DO NOTHING`,
      [h.date, h.name, h.kind],
    );
    n += r.rowCount;
  }
  return n;
}
