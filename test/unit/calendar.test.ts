import { describe, it, expect } from 'vitest';
import {
  TZ_OFFSET_MINUTES,
  addWorkingDays,
  endOfLocalDay,
  extendForPause,
  isOverdue,
  localDate,
  makeCalendar,
  workingDaysBetweenDates,
  workingDaysElapsed,
  type TimeZoneCode,
  type WorkingCalendar,
} from '../../server/modules/deadlines/calendar';
import { CUTI_BERSAMA, nationalHolidays, seedHolidays } from '../../server/modules/deadlines/holidays';

// Every expected instant below was worked out by hand: local time minus the zone offset
// (WIB = UTC+7, WITA = UTC+8, WIT = UTC+9). Reference weekdays: 2026-11-20 and 2026-12-25 are Fridays,
// 2026-03-17 is a Tuesday, 2026-12-31 a Thursday, 2027-01-01 a Friday.
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const noHolidays = makeCalendar([]);

describe('time zones', () => {
  it('has the fixed Indonesian offsets', () => {
    expect(TZ_OFFSET_MINUTES).toEqual({ WIB: 420, WITA: 480, WIT: 540 });
  });

  it('localDate uses the zone, not UTC', () => {
    // 2026-11-20T16:30Z = Fri 23:30 WIB = Sat 00:30 WITA = Sat 01:30 WIT
    const t = at('2026-11-20T16:30:00Z');
    expect(localDate(t, 'WIB')).toBe('2026-11-20');
    expect(localDate(t, 'WITA')).toBe('2026-11-21');
    expect(localDate(t, 'WIT')).toBe('2026-11-21');
    // one millisecond before midnight WIB, and midnight itself
    expect(localDate(at('2026-11-20T16:59:59.999Z'), 'WIB')).toBe('2026-11-20');
    expect(localDate(at('2026-11-20T17:00:00Z'), 'WIB')).toBe('2026-11-21');
    // New Year in Jayapura while it is still 31 December in UTC
    expect(localDate(at('2026-12-31T15:00:00Z'), 'WIT')).toBe('2027-01-01');
    expect(localDate(at('2026-12-31T14:59:59.999Z'), 'WIT')).toBe('2026-12-31');
  });

  it('endOfLocalDay is 23:59:59.999 local', () => {
    expect(iso(endOfLocalDay('2026-03-20', 'WIB'))).toBe('2026-03-20T16:59:59.999Z');
    expect(iso(endOfLocalDay('2026-03-20', 'WITA'))).toBe('2026-03-20T15:59:59.999Z');
    expect(iso(endOfLocalDay('2026-03-20', 'WIT'))).toBe('2026-03-20T14:59:59.999Z');
    expect(iso(endOfLocalDay('2028-02-29', 'WIB'))).toBe('2028-02-29T16:59:59.999Z');
    expect(iso(endOfLocalDay('2026-12-31', 'WIB'))).toBe('2026-12-31T16:59:59.999Z');
  });

  it('localDate and endOfLocalDay round-trip', () => {
    const dates = ['2024-02-29', '2025-12-31', '2026-01-01', '2026-03-01', '2026-11-27', '2099-12-31', '1999-12-31'];
    for (const tz of ['WIB', 'WITA', 'WIT'] as TimeZoneCode[]) {
      for (const d of dates) {
        const end = endOfLocalDay(d, tz);
        expect(localDate(end, tz)).toBe(d);
        expect(localDate(new Date(end.getTime() + 1), tz)).not.toBe(d); // next millisecond is the next day
        expect(localDate(new Date(end.getTime() - 86_400_000 + 1), tz)).toBe(d); // 00:00:00.000 local
        expect(localDate(new Date(end.getTime() - 86_400_000), tz)).not.toBe(d); // previous day
      }
    }
  });

  it('rejects malformed or impossible dates', () => {
    expect(() => endOfLocalDay('2026-02-29', 'WIB')).toThrow(RangeError);
    expect(() => endOfLocalDay('2026-13-01', 'WIB')).toThrow(RangeError);
    expect(() => endOfLocalDay('2026-1-5', 'WIB')).toThrow(RangeError);
    expect(() => makeCalendar(['2026-04-31'])).toThrow(RangeError);
    expect(() => localDate(new Date('nonsense'), 'WIB')).toThrow(RangeError);
  });
});

describe('makeCalendar', () => {
  it('never counts weekends', () => {
    expect(noHolidays.isWorkingDay('2026-11-27')).toBe(true); // Fri
    expect(noHolidays.isWorkingDay('2026-11-28')).toBe(false); // Sat
    expect(noHolidays.isWorkingDay('2026-11-29')).toBe(false); // Sun
    expect(noHolidays.isWorkingDay('2026-11-30')).toBe(true); // Mon
    // a holiday list cannot make a weekend a working day, and Saturday holidays are harmless
    const cal = makeCalendar(['2026-11-28', '2026-11-26']);
    expect(cal.isWorkingDay('2026-11-26')).toBe(false); // Thu holiday
    expect(cal.isWorkingDay('2026-11-27')).toBe(true);
    expect(cal.isWorkingDay('2026-11-28')).toBe(false);
  });

  it('counts the weekdays of a plain week', () => {
    const week = ['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29'];
    expect(week.map((d) => noHolidays.isWorkingDay(d))).toEqual([true, true, true, true, true, false, false]);
  });
});

describe('addWorkingDays', () => {
  it('Friday 23:30 WITA + 3 working days → end of Wednesday WITA', () => {
    const filed = at('2026-11-20T15:30:00Z'); // Fri 2026-11-20 23:30 WITA
    // Fri does not count; Mon 23 (1), Tue 24 (2), Wed 25 (3) → 23:59:59.999 WITA = 15:59:59.999Z
    expect(iso(addWorkingDays(noHolidays, filed, 3, 'WITA'))).toBe('2026-11-25T15:59:59.999Z');
    // same instant for a WIB organisation: Fri 22:30 WIB, also Friday → Wed 25 23:59:59.999 WIB
    expect(iso(addWorkingDays(noHolidays, filed, 3, 'WIB'))).toBe('2026-11-25T16:59:59.999Z');
  });

  it('00:30 WITA Saturday (still Friday in UTC and in WIB) starts counting on Monday', () => {
    const filed = at('2026-11-20T16:30:00Z'); // Sat 00:30 WITA; Fri 16:30 UTC; Fri 23:30 WIB
    expect(iso(addWorkingDays(noHolidays, filed, 3, 'WITA'))).toBe('2026-11-25T15:59:59.999Z'); // Wed
    expect(iso(addWorkingDays(noHolidays, filed, 1, 'WITA'))).toBe('2026-11-23T15:59:59.999Z'); // Mon
    // days = 0 shows which day is the start day: Saturday in WITA (→ Monday), Friday in WIB (→ Friday itself)
    expect(iso(addWorkingDays(noHolidays, filed, 0, 'WITA'))).toBe('2026-11-23T15:59:59.999Z');
    expect(iso(addWorkingDays(noHolidays, filed, 0, 'WIB'))).toBe('2026-11-20T16:59:59.999Z');
  });

  it('uses the local date, not the UTC date, of the start', () => {
    const filed = at('2026-11-19T16:30:00Z'); // Thu 23:30 WIB = Fri 00:30 WITA; Thursday in UTC
    expect(iso(addWorkingDays(noHolidays, filed, 1, 'WIB'))).toBe('2026-11-20T16:59:59.999Z'); // Thu → Fri
    expect(iso(addWorkingDays(noHolidays, filed, 1, 'WITA'))).toBe('2026-11-23T15:59:59.999Z'); // Fri → Mon
    expect(iso(addWorkingDays(noHolidays, filed, 1, 'WIT'))).toBe('2026-11-23T14:59:59.999Z'); // Fri → Mon
  });

  it('the start day never counts, whatever the time', () => {
    const early = at('2026-11-23T17:00:00Z'); // Tue 2026-11-24 00:00 WIB
    const late = at('2026-11-24T16:59:59.999Z'); // Tue 2026-11-24 23:59:59.999 WIB
    expect(iso(addWorkingDays(noHolidays, early, 1, 'WIB'))).toBe('2026-11-25T16:59:59.999Z'); // Wed
    expect(iso(addWorkingDays(noHolidays, late, 1, 'WIB'))).toBe('2026-11-25T16:59:59.999Z'); // Wed
  });

  it('Idul Fitri 2026: a complaint filed just before lebaran is due after the whole break', () => {
    // SKB 1497/2025: cuti bersama 18 (Nyepi), 20, 23, 24 Mar; Nyepi 19 Mar; Idul Fitri 21–22 Mar (Sat–Sun)
    const lebaran = makeCalendar([
      '2026-03-18',
      '2026-03-19',
      '2026-03-20',
      '2026-03-21',
      '2026-03-22',
      '2026-03-23',
      '2026-03-24',
    ]);
    const filed = at('2026-03-17T03:00:00Z'); // Tue 2026-03-17 10:00 WIB
    // Wed 18 … Tue 24 are all off (7 days: 4 holidays/cuti, 1 holiday, weekend); Wed 25 (1), Thu 26 (2), Fri 27 (3)
    expect(iso(addWorkingDays(lebaran, filed, 3, 'WIB'))).toBe('2026-03-27T16:59:59.999Z');
    // Mon 30 (4), Tue 31 (5)
    expect(iso(addWorkingDays(lebaran, filed, 5, 'WIB'))).toBe('2026-03-31T16:59:59.999Z');
    // without the break it would have been Fri 20
    expect(iso(addWorkingDays(noHolidays, filed, 3, 'WIB'))).toBe('2026-03-20T16:59:59.999Z');
    // the seed list (date-holidays + CUTI_BERSAMA) gives the same result
    const seeded = makeCalendar(seedHolidays([2026]).map((h) => h.date));
    expect(iso(addWorkingDays(seeded, filed, 3, 'WIB'))).toBe('2026-03-27T16:59:59.999Z');
    // filed on a cuti bersama day with days = 0 → first working day after the break, Wed 25
    expect(iso(addWorkingDays(seeded, at('2026-03-20T02:00:00Z'), 0, 'WIB'))).toBe('2026-03-25T16:59:59.999Z');
  });

  it('crosses the year boundary over a 1 January holiday', () => {
    const cal = makeCalendar(['2026-12-24', '2026-12-25', '2027-01-01']);
    const filed = at('2026-12-31T07:00:00Z'); // Thu 2026-12-31 14:00 WIB
    // Fri 1 Jan holiday, Sat 2, Sun 3, Mon 4 (1), Tue 5 (2)
    expect(iso(addWorkingDays(cal, filed, 1, 'WIB'))).toBe('2027-01-04T16:59:59.999Z');
    expect(iso(addWorkingDays(cal, filed, 2, 'WIB'))).toBe('2027-01-05T16:59:59.999Z');
    // Wed 23 Dec + 1: Thu 24 and Fri 25 off, weekend → Mon 28
    expect(iso(addWorkingDays(cal, at('2026-12-23T03:00:00Z'), 1, 'WIB'))).toBe('2026-12-28T16:59:59.999Z');
    // 2026-12-31T17:30Z is already 1 Jan 2027 00:30 WIB: start day is the holiday → Mon 4 (1)
    expect(iso(addWorkingDays(cal, at('2026-12-31T17:30:00Z'), 1, 'WIB'))).toBe('2027-01-04T16:59:59.999Z');
  });

  it('days = 0 → end of the first working day on or after the start date', () => {
    const cal = makeCalendar(['2026-12-25']);
    // on a working day: that same day, even late at night
    expect(iso(addWorkingDays(cal, at('2026-11-25T02:00:00Z'), 0, 'WIB'))).toBe('2026-11-25T16:59:59.999Z');
    expect(iso(addWorkingDays(cal, at('2026-11-25T16:59:00Z'), 0, 'WIB'))).toBe('2026-11-25T16:59:59.999Z');
    // Saturday → Monday
    expect(iso(addWorkingDays(cal, at('2026-11-28T03:00:00Z'), 0, 'WIB'))).toBe('2026-11-30T16:59:59.999Z');
    // Friday holiday → Monday
    expect(iso(addWorkingDays(cal, at('2026-12-25T03:00:00Z'), 0, 'WIT'))).toBe('2026-12-28T14:59:59.999Z');
  });

  it('handles 60 working days', () => {
    // from Mon 2026-01-05 (no holidays): 60 working days = 12 whole weeks → Mon 2026-03-30
    expect(iso(addWorkingDays(noHolidays, at('2026-01-05T03:00:00Z'), 60, 'WIB'))).toBe('2026-03-30T16:59:59.999Z');
  });

  it('rejects a negative or fractional number of days', () => {
    expect(() => addWorkingDays(noHolidays, at('2026-11-25T03:00:00Z'), -1, 'WIB')).toThrow(RangeError);
    expect(() => addWorkingDays(noHolidays, at('2026-11-25T03:00:00Z'), 1.5, 'WIB')).toThrow(RangeError);
    expect(() => addWorkingDays(noHolidays, at('2026-11-25T03:00:00Z'), Number.NaN, 'WIB')).toThrow(RangeError);
  });

  it('throws instead of looping forever when no working day exists', () => {
    const everyDay: string[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2038, 0, 1); t += 86_400_000) {
      everyDay.push(new Date(t).toISOString().slice(0, 10));
    }
    const closed = makeCalendar(everyDay);
    const from = at('2026-06-01T03:00:00Z');
    expect(() => addWorkingDays(closed, from, 1, 'WIB')).toThrow(/No working day/);
    expect(() => addWorkingDays(closed, from, 0, 'WIB')).toThrow(/No working day/);
    const neverOpen: WorkingCalendar = { isWorkingDay: () => false };
    expect(() => addWorkingDays(neverOpen, from, 3, 'WITA')).toThrow(/No working day/);
    expect(() => addWorkingDays(neverOpen, from, 0, 'WITA')).toThrow(/No working day/);
  });

  it('works with any WorkingCalendar implementation', () => {
    const holidays = new Set(['2026-11-23']);
    const custom: WorkingCalendar = { isWorkingDay: (d) => !holidays.has(d) };
    // Fri 20 + 1: Mon 23 is off → Tue 24 (weekends are still never working days)
    expect(iso(addWorkingDays(custom, at('2026-11-20T03:00:00Z'), 1, 'WIB'))).toBe('2026-11-24T16:59:59.999Z');
  });
});

describe('workingDaysBetweenDates', () => {
  it('counts working days after the start date up to and including the end date', () => {
    // Fri 23:00 WIB → Mon 01:00 WIB: only Monday
    expect(workingDaysBetweenDates(noHolidays, at('2026-11-20T16:00:00Z'), at('2026-11-22T18:00:00Z'), 'WIB')).toBe(1);
    // Fri → next Fri: Mon..Fri
    expect(workingDaysBetweenDates(noHolidays, at('2026-11-20T03:00:00Z'), at('2026-11-27T03:00:00Z'), 'WIB')).toBe(5);
    // same local day, and reversed
    expect(workingDaysBetweenDates(noHolidays, at('2026-11-24T01:00:00Z'), at('2026-11-24T15:00:00Z'), 'WIB')).toBe(0);
    expect(workingDaysBetweenDates(noHolidays, at('2026-11-27T03:00:00Z'), at('2026-11-20T03:00:00Z'), 'WIB')).toBe(0);
    // Sat → Sun
    expect(workingDaysBetweenDates(noHolidays, at('2026-11-21T03:00:00Z'), at('2026-11-22T03:00:00Z'), 'WIB')).toBe(0);
  });

  it('depends on the zone', () => {
    // Fri 2026-11-20 23:30 WIB / Sat 00:30 WITA → Mon 2026-11-23 06:30 WIB / 07:30 WITA
    const from = at('2026-11-20T16:30:00Z');
    const to = at('2026-11-22T23:30:00Z');
    expect(workingDaysBetweenDates(noHolidays, from, to, 'WIB')).toBe(1); // (Fri, Mon] = Mon
    expect(workingDaysBetweenDates(noHolidays, from, to, 'WITA')).toBe(1); // (Sat, Mon] = Mon
    // Thu 23:30 WIB = Fri 00:30 WITA → Fri 12:00 WIB
    const thu = at('2026-11-19T16:30:00Z');
    const fri = at('2026-11-20T05:00:00Z');
    expect(workingDaysBetweenDates(noHolidays, thu, fri, 'WIB')).toBe(1); // (Thu, Fri]
    expect(workingDaysBetweenDates(noHolidays, thu, fri, 'WITA')).toBe(0); // same Friday
  });

  it('counts all of 2026 with the seeded holidays: 261 weekdays − 21 weekday holidays = 240', () => {
    // 2026 starts on a Thursday and has 365 days: 52 weeks + Thursday = 261 weekdays. Weekday holidays and
    // cuti bersama (SKB 1497/2025): Jan 1, Jan 16, Feb 16, Feb 17, Mar 18, 19, 20, 23, 24, Apr 3, May 1, 14, 15,
    // 27, 28, Jun 1, 16, Aug 17, 25, Dec 24, 25 = 21 (Mar 21–22 and May 31 are weekends).
    const cal = makeCalendar(seedHolidays([2025, 2026, 2027]).map((h) => h.date));
    const from = at('2025-12-31T05:00:00Z'); // 2025-12-31 12:00 WIB
    const to = at('2026-12-31T05:00:00Z'); // 2026-12-31 12:00 WIB
    expect(workingDaysBetweenDates(cal, from, to, 'WIB')).toBe(240);
    expect(workingDaysBetweenDates(noHolidays, from, to, 'WIB')).toBe(261);
    // 2025 + 2026 without holidays: 2025 starts on Wednesday → 261 as well
    expect(workingDaysBetweenDates(noHolidays, at('2024-12-31T05:00:00Z'), to, 'WIB')).toBe(522);
  });

  it('agrees with a naive day-by-day count on random ranges, for built and custom calendars', () => {
    const holidayList = ['2026-01-01', '2026-03-20', '2026-03-23', '2026-03-28', '2026-12-25', '2027-01-01'];
    const set = new Set(holidayList);
    const built = makeCalendar(holidayList);
    const custom: WorkingCalendar = { isWorkingDay: (d) => !set.has(d) };
    // naive reference, independent of the module: walk UTC dates of the WIB local day numbers
    const naive = (fromMs: number, toMs: number): number => {
      const off = 7 * 3_600_000;
      const a = Math.floor((fromMs + off) / 86_400_000);
      const b = Math.floor((toMs + off) / 86_400_000);
      let n = 0;
      for (let d = a + 1; d <= b; d++) {
        const date = new Date(d * 86_400_000);
        const wd = date.getUTCDay();
        if (wd !== 0 && wd !== 6 && !set.has(date.toISOString().slice(0, 10))) n++;
      }
      return n;
    };
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const base = Date.UTC(2025, 11, 1);
    for (let i = 0; i < 300; i++) {
      const f = base + Math.floor(rand() * 500 * 86_400_000);
      const t = f + Math.floor((rand() - 0.1) * 60 * 86_400_000);
      const expected = naive(f, t);
      expect(workingDaysBetweenDates(built, new Date(f), new Date(t), 'WIB')).toBe(expected);
      expect(workingDaysBetweenDates(custom, new Date(f), new Date(t), 'WIB')).toBe(expected);
    }
  });
});

describe('workingDaysElapsed', () => {
  it('Friday 12:00 → Monday 12:00 is one working day', () => {
    expect(workingDaysElapsed(noHolidays, at('2026-11-20T05:00:00Z'), at('2026-11-23T05:00:00Z'), 'WIB')).toBe(1);
    expect(workingDaysElapsed(noHolidays, at('2026-11-20T04:00:00Z'), at('2026-11-23T04:00:00Z'), 'WITA')).toBe(1);
  });

  it('skips a holiday on Monday', () => {
    const cal = makeCalendar(['2026-12-21']); // Mon
    // Fri 18 12:00 → Tue 22 12:00 WIB: ½ (Fri) + 0 (Sat, Sun, Mon) + ½ (Tue)
    expect(workingDaysElapsed(cal, at('2026-12-18T05:00:00Z'), at('2026-12-22T05:00:00Z'), 'WIB')).toBe(1);
    expect(workingDaysElapsed(noHolidays, at('2026-12-18T05:00:00Z'), at('2026-12-22T05:00:00Z'), 'WIB')).toBe(2);
  });

  it('handles partial days, weekends and reversed ranges', () => {
    // Mon 09:00 → 15:00 WIB = 6 h
    expect(workingDaysElapsed(noHolidays, at('2026-11-23T02:00:00Z'), at('2026-11-23T08:00:00Z'), 'WIB')).toBe(0.25);
    // all inside Saturday–Sunday
    expect(workingDaysElapsed(noHolidays, at('2026-11-21T02:00:00Z'), at('2026-11-22T15:00:00Z'), 'WIB')).toBe(0);
    // reversed and empty
    expect(workingDaysElapsed(noHolidays, at('2026-11-23T08:00:00Z'), at('2026-11-23T02:00:00Z'), 'WIB')).toBe(0);
    expect(workingDaysElapsed(noHolidays, at('2026-11-23T08:00:00Z'), at('2026-11-23T08:00:00Z'), 'WIB')).toBe(0);
    // Mon 00:00 → Tue 00:00 WIB exactly one day; Sat 00:00 → Mon 00:00 nothing
    expect(workingDaysElapsed(noHolidays, at('2026-11-22T17:00:00Z'), at('2026-11-23T17:00:00Z'), 'WIB')).toBe(1);
    expect(workingDaysElapsed(noHolidays, at('2026-11-20T17:00:00Z'), at('2026-11-22T17:00:00Z'), 'WIB')).toBe(0);
  });

  it('depends on the zone', () => {
    // 2026-11-20T16:30Z (Fri 23:30 WIB / Sat 00:30 WITA) → 2026-11-23T01:00Z (Mon 08:00 WIB / 09:00 WITA)
    const from = at('2026-11-20T16:30:00Z');
    const to = at('2026-11-23T01:00:00Z');
    expect(workingDaysElapsed(noHolidays, from, to, 'WIB')).toBeCloseTo(8.5 / 24, 12); // 0.5 h Fri + 8 h Mon
    expect(workingDaysElapsed(noHolidays, from, to, 'WITA')).toBeCloseTo(9 / 24, 12); // 9 h Mon
  });

  it('spans years', () => {
    const cal = makeCalendar(seedHolidays([2025, 2026, 2027]).map((h) => h.date));
    // 2026-01-01 00:00 WIB → 2027-01-01 00:00 WIB: 240 whole working days (see above)
    expect(workingDaysElapsed(cal, at('2025-12-31T17:00:00Z'), at('2026-12-31T17:00:00Z'), 'WIB')).toBe(240);
    // 2025-01-01 00:00 WIB → 2027-01-01 00:00 WIB without holidays: 261 + 261
    expect(workingDaysElapsed(noHolidays, at('2024-12-31T17:00:00Z'), at('2026-12-31T17:00:00Z'), 'WIB')).toBe(522);
  });
});

describe('extendForPause', () => {
  const dueAt = at('2026-11-25T16:59:59.999Z'); // end of Wed 2026-11-25 WIB

  it('moves the due date by the working days the pause covered', () => {
    // paused Mon 16 10:00 → resumed Thu 19 10:00 WIB: (Mon, Thu] = Tue, Wed, Thu = 3
    const moved = extendForPause(noHolidays, dueAt, at('2026-11-16T03:00:00Z'), at('2026-11-19T03:00:00Z'), 'WIB');
    // Wed 25 + 3: Thu 26, Fri 27, Mon 30
    expect(iso(moved)).toBe('2026-11-30T16:59:59.999Z');
  });

  it('leaves the due date alone when the pause covered no working day', () => {
    // Sat 10:00 → Sun 18:00
    expect(extendForPause(noHolidays, dueAt, at('2026-11-21T03:00:00Z'), at('2026-11-22T11:00:00Z'), 'WIB')).toBe(dueAt);
    // within one day
    expect(extendForPause(noHolidays, dueAt, at('2026-11-23T01:00:00Z'), at('2026-11-23T09:00:00Z'), 'WIB')).toBe(dueAt);
    // resumed before paused
    expect(extendForPause(noHolidays, dueAt, at('2026-11-23T09:00:00Z'), at('2026-11-20T09:00:00Z'), 'WIB')).toBe(dueAt);
  });

  it('skips holidays both in the pause and in the shift', () => {
    const cal = makeCalendar(['2026-12-21', '2026-12-24', '2026-12-25']);
    // paused Fri 18 → resumed Tue 22: (Fri, Tue] = Mon 21 (holiday), Tue 22 → 1
    // due Wed 23 + 1: Thu 24, Fri 25 holidays, weekend → Mon 28
    const due = at('2026-12-23T16:59:59.999Z');
    const moved = extendForPause(cal, due, at('2026-12-18T03:00:00Z'), at('2026-12-22T03:00:00Z'), 'WIB');
    expect(iso(moved)).toBe('2026-12-28T16:59:59.999Z');
  });
});

describe('isOverdue', () => {
  it('is overdue only strictly after the due instant', () => {
    const due = at('2026-11-25T16:59:59.999Z');
    expect(isOverdue(null, at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(isOverdue(due, at('2026-11-25T16:59:59.998Z'))).toBe(false);
    expect(isOverdue(due, at('2026-11-25T16:59:59.999Z'))).toBe(false);
    expect(isOverdue(due, at('2026-11-25T17:00:00.000Z'))).toBe(true);
  });
});

describe('holidays', () => {
  const dates = (list: { date: string }[]) => list.map((h) => h.date);

  it('national holidays 2026 match SKB 1497/2025 (weekday-relevant dates)', () => {
    const n = nationalHolidays(2026);
    expect(n.every((h) => h.kind === 'national')).toBe(true);
    expect(dates(n)).toEqual([
      '2026-01-01', // Tahun Baru
      '2026-01-16', // Isra Mikraj
      '2026-02-17', // Imlek
      '2026-03-19', // Nyepi
      '2026-03-21', // Idul Fitri (both days of a multi-day holiday)
      '2026-03-22',
      '2026-04-03', // Wafat Yesus Kristus
      '2026-05-01', // Hari Buruh
      '2026-05-14', // Kenaikan Yesus Kristus
      '2026-05-27', // Idul Adha
      '2026-05-31', // Waisak
      '2026-06-01', // Pancasila
      '2026-06-16', // 1 Muharam
      '2026-08-17', // Kemerdekaan
      '2026-08-25', // Maulid
      '2026-12-25', // Natal
    ]);
    const byDate = new Map(n.map((h) => [h.date, h.name]));
    expect(byDate.get('2026-01-16')).toMatch(/Isra/);
    expect(byDate.get('2026-03-19')).toMatch(/Nyepi/);
    expect(byDate.get('2026-03-21')).toMatch(/Idul Fitri/);
  });

  it('national holidays 2025 use the decreed Idul Fitri and 1 Muharam dates', () => {
    const d = dates(nationalHolidays(2025));
    expect(d).toContain('2025-03-31');
    expect(d).toContain('2025-04-01');
    expect(d).not.toContain('2025-03-30');
    expect(d).toContain('2025-06-27');
    expect(d).not.toContain('2025-06-26');
    expect(d).toContain('2025-09-05'); // Maulid, moved from the computed 4 Sep
  });

  it('cuti bersama 2025 and 2026 are the decreed weekdays; none listed for 2027', () => {
    expect(dates(CUTI_BERSAMA.filter((h) => h.date.startsWith('2025-')))).toEqual([
      '2025-01-28',
      '2025-03-28',
      '2025-04-02',
      '2025-04-03',
      '2025-04-04',
      '2025-04-07',
      '2025-05-13',
      '2025-05-30',
      '2025-06-09',
      '2025-08-18',
      '2025-12-26',
    ]);
    expect(dates(CUTI_BERSAMA.filter((h) => h.date.startsWith('2026-')))).toEqual([
      '2026-02-16',
      '2026-03-18',
      '2026-03-20',
      '2026-03-23',
      '2026-03-24',
      '2026-05-15',
      '2026-05-28',
      '2026-12-24',
    ]);
    expect(CUTI_BERSAMA.every((h) => h.kind === 'cuti_bersama' && noHolidays.isWorkingDay(h.date))).toBe(true);
  });

  it('seedHolidays merges, sorts and deduplicates', () => {
    const s = seedHolidays([2026, 2025]);
    expect(s.length).toBe(16 + 11 + 16 + 8); // 2025: 16 national dates + 11 cuti; 2026: 16 + 8
    const d = dates(s);
    expect([...d].sort()).toEqual(d);
    expect(new Set(d).size).toBe(d.length);
    expect(s.find((h) => h.date === '2026-03-20')?.kind).toBe('cuti_bersama');
    expect(s.find((h) => h.date === '2026-03-21')?.kind).toBe('national');
    // 2027: national only, every date in 2027, and 25 Dec (Natal + computed Isra Mikraj) appears once
    const y27 = seedHolidays([2027]);
    expect(y27.every((h) => h.date.startsWith('2027-') && h.kind === 'national')).toBe(true);
    expect(y27.filter((h) => h.date === '2027-12-25')).toHaveLength(1);
    expect(y27.find((h) => h.date === '2027-12-25')?.name).toMatch(/Natal/);
  });
});
