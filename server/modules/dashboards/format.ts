// Dates and numbers as the exports print them, in the organisation's time zone. Pure.
import { TZ_OFFSET_MINUTES, type TimeZoneCode } from '../deadlines/calendar';

/** The wall-clock time in the zone as a Date whose UTC fields carry it (spreadsheet cells have no zone). */
export const wallClock = (d: Date, tz: TimeZoneCode) => new Date(d.getTime() + TZ_OFFSET_MINUTES[tz] * 60_000);

/** 'YYYY-MM-DD HH:mm' local. */
export const localDateTime = (d: Date, tz: TimeZoneCode) => wallClock(d, tz).toISOString().slice(0, 16).replace('T', ' ');

const MONTHS = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'];

/** '18 Maret 2026' from 'YYYY-MM-DD'. */
export function tanggal(localDate: string): string {
  const [y, m, d] = localDate.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** '18 Mar 2026 14.05' (Indonesian style: a point between hours and minutes). */
export function tanggalJam(d: Date, tz: TimeZoneCode): string {
  const s = localDateTime(d, tz);
  const [y, m, day] = s.slice(0, 10).split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[m - 1]!.slice(0, 3)} ${y} ${s.slice(11, 13)}.${s.slice(14, 16)}`;
}

/** 7.5 → '7,5'. */
export const angka = (x: number) => String(x).replace('.', ',');
