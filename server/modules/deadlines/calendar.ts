// Working-day calendar: pure functions, no I/O, no clock.
//
// A working day is Monday–Friday, minus every date in the calendar's holiday set (national holidays,
// cuti bersama and the organisation's regional holidays, merged by the caller). Days are local to the
// organisation's time zone. Indonesia has had no DST since 1964, so each zone is a fixed UTC offset.
//
// Internally every local date is a "day number": whole days since 1970-01-01 in that zone. Loops work on
// integers; strings and Date objects are converted once at the edges.

export type TimeZoneCode = 'WIB' | 'WITA' | 'WIT';

/** Minutes east of UTC: WIB = Asia/Jakarta (UTC+7), WITA = Asia/Makassar (UTC+8), WIT = Asia/Jayapura (UTC+9). */
export const TZ_OFFSET_MINUTES: Record<TimeZoneCode, number> = { WIB: 420, WITA: 480, WIT: 540 };

export const TIME_ZONE_CODES: readonly TimeZoneCode[] = ['WIB', 'WITA', 'WIT'];

export function isTimeZoneCode(value: unknown): value is TimeZoneCode {
  return value === 'WIB' || value === 'WITA' || value === 'WIT';
}

export interface WorkingCalendar {
  isWorkingDay(localDate: string /* 'YYYY-MM-DD' */): boolean;
}

/** Longest run of consecutive non-working days searched before giving up (~10 years). */
export const MAX_SEARCH_DAYS = 3700;

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------------
// Day numbers (proleptic Gregorian, days since 1970-01-01). Pure integer arithmetic (H. Hinnant's algorithms).

/** Day number of a civil date. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** 'YYYY-MM-DD' of a day number. */
export function formatDayNumber(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 0 || y > 9999) throw new RangeError(`Day number ${dayNumber} is outside years 0000–9999`);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day number of a 'YYYY-MM-DD' string; throws RangeError on anything else, including impossible dates like 2026-02-30. */
export function parseLocalDate(localDate: string): number {
  const m = typeof localDate === 'string' ? LOCAL_DATE_RE.exec(localDate) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) {
      return daysFromCivil(year, month, day);
    }
  }
  throw new RangeError(`Not a valid local date (YYYY-MM-DD): ${JSON.stringify(localDate)}`);
}

export function isValidLocalDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    parseLocalDate(value);
    return true;
  } catch {
    return false;
  }
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday … 6 = Saturday. (Day 0, 1970-01-01, was a Thursday.) */
export function weekdayOfDayNumber(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

function isWeekend(dayNumber: number): boolean {
  const w = weekdayOfDayNumber(dayNumber);
  return w === 0 || w === 6;
}

/** Mon–Fri days with day number < n (relative to Monday 1970-01-05 = day 4; differences are what matter). */
function weekdaysBefore(n: number): number {
  const k = n - 4;
  const weeks = Math.floor(k / 7);
  return weeks * 5 + Math.min(k - weeks * 7, 5);
}

function offsetMs(tz: TimeZoneCode): number {
  const minutes = TZ_OFFSET_MINUTES[tz];
  if (minutes === undefined) throw new RangeError(`Unknown time zone code: ${String(tz)}`);
  return minutes * MINUTE_MS;
}

function instantMs(instant: Date, what: string): number {
  const t = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(t)) throw new RangeError(`${what} is not a valid Date`);
  return t;
}

/** Local day number of an instant in a zone. */
export function localDayNumber(instant: Date, tz: TimeZoneCode): number {
  return Math.floor((instantMs(instant, 'instant') + offsetMs(tz)) / DAY_MS);
}

// ---------------------------------------------------------------------------------------------------------------
// Calendars

class HolidayCalendar implements WorkingCalendar {
  private readonly holidays: Set<number>;
  /** Holidays that fall on Mon–Fri, ascending: the only ones that change a count of weekdays. */
  private readonly weekdayHolidays: number[];

  constructor(holidays: Iterable<string>) {
    this.holidays = new Set();
    for (const h of holidays) this.holidays.add(parseLocalDate(h));
    this.weekdayHolidays = [...this.holidays].filter((d) => !isWeekend(d)).sort((a, b) => a - b);
  }

  isWorkingDay(localDate: string): boolean {
    return this.isWorkingDayNumber(parseLocalDate(localDate));
  }

  isWorkingDayNumber(dayNumber: number): boolean {
    return !isWeekend(dayNumber) && !this.holidays.has(dayNumber);
  }

  /** Working days d with a < d <= b (0 if b <= a), in O(log holidays). */
  countWorkingDays(a: number, b: number): number {
    if (b <= a) return 0;
    const weekdays = weekdaysBefore(b + 1) - weekdaysBefore(a + 1);
    return weekdays - (upperBound(this.weekdayHolidays, b) - upperBound(this.weekdayHolidays, a));
  }
}

/** Index of the first element > x in an ascending array. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A calendar whose working days are Mon–Fri minus every date in `holidays` ('YYYY-MM-DD'; pass national holidays,
 * cuti bersama and the organisation's regional holidays together). Weekends are never working days.
 * Throws RangeError on a malformed date, so that a typo cannot silently become a working day.
 */
export function makeCalendar(holidays: Iterable<string>): WorkingCalendar {
  return new HolidayCalendar(holidays);
}

/** Working-day test on day numbers: fast for calendars from makeCalendar, correct for any WorkingCalendar. */
function dayPredicate(cal: WorkingCalendar): (dayNumber: number) => boolean {
  if (cal instanceof HolidayCalendar) return (d) => cal.isWorkingDayNumber(d);
  return (d) => !isWeekend(d) && cal.isWorkingDay(formatDayNumber(d));
}

function countWorking(cal: WorkingCalendar, a: number, b: number): number {
  if (b <= a) return 0;
  if (cal instanceof HolidayCalendar) return cal.countWorkingDays(a, b);
  const working = dayPredicate(cal);
  let n = 0;
  for (let d = a + 1; d <= b; d++) if (working(d)) n++;
  return n;
}

function noWorkingDay(fromDay: number): never {
  throw new RangeError(
    `No working day within ${MAX_SEARCH_DAYS} days after ${formatDayNumber(fromDay)}: the calendar has no working days`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Instants and local dates

/** The local date ('YYYY-MM-DD') of an instant in the zone. */
export function localDate(instant: Date, tz: TimeZoneCode): string {
  return formatDayNumber(localDayNumber(instant, tz));
}

/** 23:59:59.999 local time on the day number, as a UTC epoch-ms value. */
function endOfDayMs(dayNumber: number, tz: TimeZoneCode): number {
  return (dayNumber + 1) * DAY_MS - offsetMs(tz) - 1;
}

/** 23:59:59.999 local time on `localDate` in the zone, as an instant. */
export function endOfLocalDay(localDate: string, tz: TimeZoneCode): Date {
  return new Date(endOfDayMs(parseLocalDate(localDate), tz));
}

/** 00:00:00.000 local time on `localDate` in the zone, as an instant. */
export function startOfLocalDay(localDate: string, tz: TimeZoneCode): Date {
  return new Date(parseLocalDate(localDate) * DAY_MS - offsetMs(tz));
}

// ---------------------------------------------------------------------------------------------------------------
// Deadlines

/**
 * Due date of a step of `days` working days starting at `from`: count `days` working days strictly after the local
 * date of `from` (the start day never counts, whatever the time), due at 23:59:59.999 local on the last one.
 * days = 0: the end of the first working day on or after the start date.
 * Throws RangeError if `days` is not a non-negative integer, or if no working day is found within MAX_SEARCH_DAYS.
 */
export function addWorkingDays(cal: WorkingCalendar, from: Date, days: number, tz: TimeZoneCode): Date {
  if (!Number.isSafeInteger(days) || days < 0) {
    throw new RangeError(`days must be a non-negative integer, got ${String(days)}`);
  }
  const working = dayPredicate(cal);
  const start = localDayNumber(from, tz);
  let d = start;
  if (days === 0) {
    while (!working(d)) if (++d - start > MAX_SEARCH_DAYS) noWorkingDay(start);
  } else {
    let counted = 0;
    let lastWorking = start;
    while (counted < days) {
      d++;
      if (working(d)) {
        counted++;
        lastWorking = d;
      } else if (d - lastWorking > MAX_SEARCH_DAYS) {
        noWorkingDay(lastWorking);
      }
    }
  }
  return new Date(endOfDayMs(d, tz));
}

/** Whole working days strictly after localDate(from) up to and including localDate(to); 0 if to <= from. */
export function workingDaysBetweenDates(cal: WorkingCalendar, from: Date, to: Date, tz: TimeZoneCode): number {
  const a = localDayNumber(from, tz);
  const b = localDayNumber(to, tz);
  return countWorking(cal, a, b); // 0 when b <= a, which includes every to <= from
}

/**
 * Elapsed working time in fractional days: for each working local day, the part of [from, to) inside it, / 24 h.
 * E.g. Friday 12:00 → Monday 12:00 = 0.5 + 0.5 = 1. 0 if to <= from.
 */
export function workingDaysElapsed(cal: WorkingCalendar, from: Date, to: Date, tz: TimeZoneCode): number {
  const off = offsetMs(tz);
  const fl = instantMs(from, 'from') + off; // local wall-clock ms
  const tl = instantMs(to, 'to') + off;
  if (tl <= fl) return 0;
  const a = Math.floor(fl / DAY_MS);
  const b = Math.floor(tl / DAY_MS);
  const working = dayPredicate(cal);
  if (a === b) return working(a) ? (tl - fl) / DAY_MS : 0;
  let ms = 0;
  if (working(a)) ms += (a + 1) * DAY_MS - fl; // rest of the first day
  if (working(b)) ms += tl - b * DAY_MS; // start of the last day
  ms += countWorking(cal, a, b - 1) * DAY_MS; // whole days in between
  return ms / DAY_MS;
}

/**
 * A complaint on hold from pausedAt to resumedAt: its due date moves later by the working days the pause covered
 * (workingDaysBetweenDates(pausedAt, resumedAt)), counted from the local date of dueAt like addWorkingDays.
 * Returns dueAt itself if the pause covered no working day.
 */
export function extendForPause(
  cal: WorkingCalendar,
  dueAt: Date,
  pausedAt: Date,
  resumedAt: Date,
  tz: TimeZoneCode,
): Date {
  const n = workingDaysBetweenDates(cal, pausedAt, resumedAt, tz);
  return n === 0 ? dueAt : addWorkingDays(cal, dueAt, n, tz);
}

/** True once `now` is strictly after `dueAt`. No due date, never overdue. */
export function isOverdue(dueAt: Date | null, now: Date): boolean {
  return dueAt !== null && instantMs(now, 'now') > instantMs(dueAt, 'dueAt');
}
