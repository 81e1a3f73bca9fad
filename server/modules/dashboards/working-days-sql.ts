// Working days in SQL, so that durations of many complaints are measured and their percentiles
// taken inside the database. It is deadlines/calendar.ts's workingDaysElapsed written as array
// lookups, and test/db/stats.test.ts checks that the two agree.
//
// The calendar is the organisation's own WorkingCalendar (calendarFor: national holidays, cuti
// bersama, regional days of the organisation and its ancestors), turned into two integer arrays
// passed as parameters, over local day numbers lo..hi (days since 1970-01-01 in the zone):
//   w[d] = 1 on a working day, else 0;   n[d] = w[lo] + … + w[d] (working days up to d).
// For an interval with local wall-clock seconds fl → tl on days a → b:
//   tl <= fl → 0;  a = b → w(a)·(tl − fl)/86400;
//   else w(a)·((a+1)·86400 − fl)/86400 + w(b)·(tl − b·86400)/86400 + (n(b) − w(b) − n(a))
// i.e. the rest of the first day, the start of the last day, and the whole working days between.
// A day outside lo..hi gives NULL (the duration is left out), never a wrong number.
import type { Queryable } from '../../db/client';
import type { Organisation } from '../organisations';
import { calendarFor } from '../deadlines';
import { formatDayNumber, localDayNumber, type TimeZoneCode, type WorkingCalendar } from '../deadlines/calendar';
import { offsetSeconds } from './period';

export type Param = (v: unknown) => string;

export interface CalendarArrays {
  lo: number;
  w: number[];
  n: number[];
}

/** The day arrays of a calendar from day number `lo` to `hi`. */
export function calendarArrays(cal: WorkingCalendar, lo: number, hi: number): CalendarArrays {
  const w: number[] = [];
  const n: number[] = [];
  let sum = 0;
  for (let d = lo; d <= hi; d++) {
    const x = cal.isWorkingDay(formatDayNumber(d)) ? 1 : 0;
    sum += x;
    w.push(x);
    n.push(sum);
  }
  return { lo, w, n };
}

/** The day range a calendar must cover for instants between `earliest` and `latest`, with a margin. */
export function dayRange(earliest: Date, latest: Date, tz: TimeZoneCode): [number, number] {
  return [localDayNumber(earliest, tz) - 1, localDayNumber(latest, tz) + 366];
}

/**
 * A SELECT over `source` (a CTE or table with timestamptz columns `f` and `t`) that keeps `keep`
 * (columns of `source`) and adds `d`, the working days elapsed from f to t (double precision).
 */
export function elapsedSelect(p: Param, source: string, keep: string[], tz: TimeZoneCode, cal: CalendarArrays): string {
  const off = p(offsetSeconds(tz));
  const lo = p(cal.lo);
  const w = p(cal.w);
  const n = p(cal.n);
  const at = (arr: string, day: string) => `(${arr}::int[])[${day} - ${lo}::int + 1]`;
  const cols = keep.map((k) => `s.${k}`).join(', ');
  return `SELECT ${cols}${cols ? ', ' : ''}
      (CASE WHEN s.tl <= s.fl THEN 0
            WHEN s.a = s.b THEN ${at(w, 's.a')} * (s.tl - s.fl) / 86400
            ELSE ${at(w, 's.a')} * ((s.a + 1) * 86400.0::float8 - s.fl) / 86400
               + ${at(w, 's.b')} * (s.tl - s.b * 86400.0::float8) / 86400
               + (${at(n, 's.b')} - ${at(w, 's.b')} - ${at(n, 's.a')})
       END)::float8 AS d
    FROM (SELECT src.*, x.fl, x.tl, floor(x.fl / 86400)::int AS a, floor(x.tl / 86400)::int AS b
            FROM ${source} src
            CROSS JOIN LATERAL (SELECT extract(epoch FROM src.f)::float8 + ${off}::int AS fl,
                                       extract(epoch FROM src.t)::float8 + ${off}::int AS tl) x) s`;
}

/** Working days elapsed for each pair, computed by the SQL above (tests compare it with workingDaysElapsed). */
export async function sqlWorkingDaysElapsed(q: Queryable, org: Pick<Organisation, 'path' | 'timeZone'>, pairs: [Date, Date][]): Promise<(number | null)[]> {
  if (pairs.length === 0) return [];
  const params: unknown[] = [];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const times = pairs.flat().map((d) => d.getTime());
  const [lo, hi] = dayRange(new Date(Math.min(...times)), new Date(Math.max(...times)), org.timeZone);
  const cal = calendarArrays(await calendarFor(q, org), lo, hi);
  const sql = `WITH spans AS (
      SELECT i, f, t FROM unnest(${p(pairs.map((_, i) => i))}::int[], ${p(pairs.map((x) => x[0].toISOString()))}::timestamptz[],
                                 ${p(pairs.map((x) => x[1].toISOString()))}::timestamptz[]) AS u(i, f, t))
    ${elapsedSelect(p, 'spans', ['i'], org.timeZone, cal)} ORDER BY 1`;
  return (await q.query<{ i: number; d: number | null }>(sql, params)).rows.map((r) => r.d);
}
