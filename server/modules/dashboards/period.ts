// The period of a statistic or report: `from`/`to` as local dates (YYYY-MM-DD, `to` inclusive) or
// as date-times with an offset (`to` exclusive), read in the organisation's time zone. Pure.
import { badRequest } from '../../platform/errors';
import { isValidLocalDate, localDate, parseLocalDate, startOfLocalDay, formatDayNumber, TZ_OFFSET_MINUTES, type TimeZoneCode } from '../deadlines/calendar';

export type Interval = 'week' | 'month';

export interface Period {
  /** Inclusive start. */
  from: Date;
  /** Exclusive end. */
  to: Date;
  timeZone: TimeZoneCode;
}

/** The longest period a statistic may span. */
export const MAX_PERIOD_YEARS = 5;

// RFC 3339 date-time with an explicit offset: a wall-clock time without one would be ambiguous.
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/i;

function parseBound(value: string, field: 'from' | 'to', tz: TimeZoneCode): Date {
  const v = value.trim();
  if (isValidLocalDate(v)) {
    // A date means the whole local day: `from` its start, `to` the start of the next day.
    return field === 'from' ? startOfLocalDay(v, tz) : startOfLocalDay(formatDayNumber(parseLocalDate(v) + 1), tz);
  }
  if (DATE_TIME_RE.test(v)) {
    const d = new Date(v);
    // Date accepts 2026-02-30T00:00Z by rolling over; the date part must be a real date.
    if (!Number.isNaN(d.getTime()) && isValidLocalDate(value.trim().slice(0, 10))) return d;
  }
  throw badRequest(`Invalid ${field}`, { [field]: 'a date (YYYY-MM-DD) or a date-time with an offset (2026-03-01T00:00:00+08:00)' });
}

const addYears = (d: Date, n: number) => {
  const x = new Date(d.getTime());
  x.setUTCFullYear(x.getUTCFullYear() + n);
  return x;
};

/**
 * Defaults: `to` the end of today, `from` 1 January of the year of `to` (local). A reversed period
 * or one longer than five years is a 400; from = to is an empty period (all zeros).
 */
export function parsePeriod(input: { from?: string; to?: string }, tz: TimeZoneCode, now: Date): Period {
  const to = input.to ? parseBound(input.to, 'to', tz) : startOfLocalDay(formatDayNumber(parseLocalDate(localDate(now, tz)) + 1), tz);
  const from = input.from ? parseBound(input.from, 'from', tz) : startOfLocalDay(`${localDate(new Date(to.getTime() - 1), tz).slice(0, 4)}-01-01`, tz);
  if (to.getTime() < from.getTime()) throw badRequest('The period ends before it starts', { to: 'must not be before from' });
  if (to.getTime() > addYears(from, MAX_PERIOD_YEARS).getTime()) {
    throw badRequest(`The period may not be longer than ${MAX_PERIOD_YEARS} years`, { to: `at most ${MAX_PERIOD_YEARS} years after from` });
  }
  return { from, to, timeZone: tz };
}

/** Weeks (Monday to Sunday) for periods of up to 92 days, months beyond. */
export const defaultInterval = (p: Period): Interval => (p.to.getTime() - p.from.getTime() <= 92 * 86_400_000 ? 'week' : 'month');

export const offsetSeconds = (tz: TimeZoneCode) => TZ_OFFSET_MINUTES[tz] * 60;

/** ISO 8601 with the zone's offset, e.g. 2026-03-01T00:00:00.000+08:00. */
export function isoLocal(d: Date, tz: TimeZoneCode): string {
  const off = TZ_OFFSET_MINUTES[tz];
  const local = new Date(d.getTime() + off * 60_000).toISOString().slice(0, 23);
  const sign = off >= 0 ? '+' : '-';
  const hh = String(Math.floor(Math.abs(off) / 60)).padStart(2, '0');
  const mm = String(Math.abs(off) % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}

export interface Bucket {
  /** Local date the bucket naturally starts on (a Monday, or the 1st of a month). */
  start: string;
  /** The part of the bucket inside the period. */
  from: Date;
  to: Date;
}

/** The week or month buckets covering the period, in the period's time zone; none for an empty period. */
export function bucketsOf(p: Period, interval: Interval): Bucket[] {
  const out: Bucket[] = [];
  if (p.to.getTime() <= p.from.getTime()) return out;
  const first = parseLocalDate(localDate(p.from, p.timeZone));
  let start: number;
  if (interval === 'week') {
    const dow = (((first + 4) % 7) + 7) % 7; // 0 = Sunday
    start = first - ((dow + 6) % 7);
  } else {
    start = parseLocalDate(`${formatDayNumber(first).slice(0, 7)}-01`);
  }
  while (startOfLocalDay(formatDayNumber(start), p.timeZone).getTime() < p.to.getTime()) {
    let next: number;
    if (interval === 'week') next = start + 7;
    else {
      const [y, m] = formatDayNumber(start).split('-').map(Number) as [number, number];
      next = parseLocalDate(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`);
    }
    const bFrom = startOfLocalDay(formatDayNumber(start), p.timeZone);
    const bTo = startOfLocalDay(formatDayNumber(next), p.timeZone);
    out.push({
      start: formatDayNumber(start),
      from: bFrom < p.from ? p.from : bFrom,
      to: bTo > p.to ? p.to : bTo,
    });
    start = next;
  }
  return out;
}
