// National holidays and cuti bersama (collective leave) of Indonesia: the seed data of the working-day calendar.
// Regional holidays of an organisation are not here: they are data of the organisation.
//
// National holidays come from the `date-holidays` package (country 'ID', type 'public'). Its Islamic dates are
// computed (tabular Hijri calendar) and can differ by a day from what the government decrees, and it names the
// 27 Rajab holiday "Maulid Nabi Muhammad". Both are corrected below for the years whose dates are decreed
// (OFFICIAL_CORRECTIONS); other years use the package's dates as they are. Kebangkitan Yesus Kristus (Easter Sunday),
// a national holiday since 2024, is missing from the package; it is always a Sunday so no working day is affected.
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { formatDayNumber, parseLocalDate } from './calendar';

export interface Holiday {
  date: string; // 'YYYY-MM-DD', local date
  name: string;
  kind: 'national' | 'cuti_bersama';
}

const DAY_MS = 86_400_000;

// Corrections to date-holidays for decreed years: every package holiday of one of `rules` in that year is replaced by
// the decreed `dates`. `rule` is date-holidays' rule id (HolidaysTypes.Holiday.rule).
interface Correction {
  rules: string[];
  dates: string[];
  name: string;
}
const OFFICIAL_CORRECTIONS: Record<number, Correction[]> = {
  // SKB Menteri Agama, Menteri Ketenagakerjaan, Menteri PANRB No. 1017/2024, 2/2024, 2/2024 (14 Oct 2024):
  // Idulfitri 1446 H = 31 Mar–1 Apr 2025 (confirmed by sidang isbat), 1 Muharam 1447 H = 27 Jun 2025.
  // date-holidays gives 30–31 Mar and 26 Jun.
  2025: [
    { rules: ['1 Shawwal', '2 Shawwal'], dates: ['2025-03-31', '2025-04-01'], name: 'Hari Raya Idul Fitri' },
    { rules: ['1 Muharram'], dates: ['2025-06-27'], name: 'Tahun Baru Islam' },
  ],
  // SKB No. 1497/2025, 2/2025, 5/2025 (19 Sep 2025): Idulfitri 1447 H = 21–22 Mar 2026 (Sat–Sun), confirmed by the
  // sidang isbat of 19 Mar 2026. date-holidays gives 20–21 Mar (20 Mar is cuti bersama anyway).
  2026: [{ rules: ['1 Shawwal', '2 Shawwal'], dates: ['2026-03-21', '2026-03-22'], name: 'Hari Raya Idul Fitri' }],
};

const RENAMED_RULES: Record<string, string> = {
  '27 Rajab': 'Isra Mikraj Nabi Muhammad SAW', // date-holidays 3.37 calls it "Maulid Nabi Muhammad"
};

let hd: Holidays | undefined;
function idHolidays(): Holidays {
  // Loaded on first use: its rule tables for every country cost about 30 MB of a server that
  // only needs them when a calendar year is seeded.
  hd ??= new (createRequire(import.meta.url)('date-holidays') as typeof Holidays)('ID', { languages: ['id'], types: ['public'] });
  return hd;
}

const cache = new Map<number, Holiday[]>();

/**
 * National public holidays of a year ('YYYY-MM-DD', every day of a multi-day holiday), from date-holidays with the
 * official corrections above. Sorted by date; one entry per date.
 */
export function nationalHolidays(year: number): Holiday[] {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RangeError(`Invalid year: ${year}`);
  let list = cache.get(year);
  if (!list) {
    const corrections = OFFICIAL_CORRECTIONS[year] ?? [];
    const replaced = new Set(corrections.flatMap((c) => c.rules));
    const out: Holiday[] = [];
    for (const h of idHolidays().getHolidays(year, 'id')) {
      if (h.type !== 'public' || replaced.has(h.rule)) continue;
      const first = parseLocalDate(h.date.slice(0, 10)); // 'YYYY-MM-DD hh:mm:ss [-0600]' → local day
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / DAY_MS));
      const name = RENAMED_RULES[h.rule] ?? h.name;
      for (let i = 0; i < days; i++) out.push({ date: formatDayNumber(first + i), name, kind: 'national' });
    }
    for (const c of corrections) for (const date of c.dates) out.push({ date, name: c.name, kind: 'national' });
    list = dedupeSorted(out.filter((h) => h.date.startsWith(`${year}-`)));
    cache.set(year, list);
  }
  return list.map((h) => ({ ...h }));
}

// Cuti bersama, as decreed by SKB 3 Menteri (Menteri Agama, Menteri Ketenagakerjaan, Menteri PANRB).
//
// 2025 — SKB No. 1017 Tahun 2024, No. 2 Tahun 2024, No. 2 Tahun 2024 (14 Oct 2024), 10 days; amended by
//        SKB No. 933 Tahun 2025, No. 1 Tahun 2025, No. 3 Tahun 2025 (7 Aug 2025), which added 18 Aug 2025 (HUT RI ke-80).
// 2026 — SKB No. 1497 Tahun 2025, No. 2 Tahun 2025, No. 5 Tahun 2025 (19 Sep 2025), 8 days.
// 2027 — NOT INCLUDED: no SKB for 2027 could be verified when this list was written (Nov 2026). Add its dates here
//        once decreed; until then 2027 has national holidays only.
// Later amendments (the government has added, moved and cancelled cuti bersama mid-year before, e.g. 2021, 2023,
// 2025) must be added here too; organisations can also record extra non-working days as regional holidays.
export const CUTI_BERSAMA: Holiday[] = [
  cb('2025-01-28', 'Cuti Bersama Tahun Baru Imlek 2576 Kongzili'),
  cb('2025-03-28', 'Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1947'),
  cb('2025-04-02', 'Cuti Bersama Idul Fitri 1446 H'),
  cb('2025-04-03', 'Cuti Bersama Idul Fitri 1446 H'),
  cb('2025-04-04', 'Cuti Bersama Idul Fitri 1446 H'),
  cb('2025-04-07', 'Cuti Bersama Idul Fitri 1446 H'),
  cb('2025-05-13', 'Cuti Bersama Hari Raya Waisak 2569 BE'),
  cb('2025-05-30', 'Cuti Bersama Kenaikan Yesus Kristus'),
  cb('2025-06-09', 'Cuti Bersama Idul Adha 1446 H'),
  cb('2025-08-18', 'Cuti Bersama HUT ke-80 Kemerdekaan RI'),
  cb('2025-12-26', 'Cuti Bersama Kelahiran Yesus Kristus'),

  cb('2026-02-16', 'Cuti Bersama Tahun Baru Imlek 2577 Kongzili'),
  cb('2026-03-18', 'Cuti Bersama Hari Suci Nyepi Tahun Baru Saka 1948'),
  cb('2026-03-20', 'Cuti Bersama Idul Fitri 1447 H'),
  cb('2026-03-23', 'Cuti Bersama Idul Fitri 1447 H'),
  cb('2026-03-24', 'Cuti Bersama Idul Fitri 1447 H'),
  cb('2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus'),
  cb('2026-05-28', 'Cuti Bersama Idul Adha 1447 H'),
  cb('2026-12-24', 'Cuti Bersama Kelahiran Yesus Kristus'),
];

function cb(date: string, name: string): Holiday {
  parseLocalDate(date); // fail at load time on a typo
  return { date, name, kind: 'cuti_bersama' };
}

/** National holidays + cuti bersama of the given years, sorted by date, one entry per date (national wins). */
export function seedHolidays(years: number[]): Holiday[] {
  const wanted = new Set(years);
  const all: Holiday[] = [];
  for (const y of wanted) all.push(...nationalHolidays(y));
  for (const h of CUTI_BERSAMA) if (wanted.has(Number(h.date.slice(0, 4)))) all.push({ ...h });
  return dedupeSorted(all);
}

/**
 * Sort by date, one entry per date: a national holiday wins over cuti bersama; two national holidays on the same
 * date (e.g. 25 Dec 2027: Natal and, per date-holidays, Isra Mikraj) are merged into one entry naming both.
 */
function dedupeSorted(list: Holiday[]): Holiday[] {
  const byDate = new Map<string, Holiday>();
  for (const h of list) {
    const seen = byDate.get(h.date);
    if (!seen || (seen.kind !== 'national' && h.kind === 'national')) byDate.set(h.date, { ...h });
    else if (seen.kind === 'national' && h.kind === 'national' && !seen.name.split(' / ').includes(h.name)) {
      seen.name = `${seen.name} / ${h.name}`;
    }
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
