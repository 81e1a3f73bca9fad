// CSV exports.
// - The evaluation report is for people opening it in Excel with Indonesian regional settings:
//   UTF-8 with a byte-order mark (so Excel reads it as UTF-8), `;` between fields (the list
//   separator where the decimal separator is a comma), decimals with a comma, CRLF line ends, and a
//   few header lines (title, organisation, period) above the table.
// - The open-data export of the public statistics is for machines: RFC 4180 (`,`, CRLF, no BOM),
//   one header row, decimals with a point.
// Text cells that a spreadsheet would run as a formula (=, +, -, @ first) get a leading apostrophe:
// complaint titles are written by the public.
import { STATUSES } from '../complaints/lifecycle';
import type { EvaluationReport } from './evaluation';
import { lastDayOf } from './evaluation';
import type { Figures, Stats } from './stats';
import { localDateTime } from './format';

type Cell = string | number | null | undefined;

interface CsvStyle {
  separator: ',' | ';';
  decimalComma: boolean;
}

function cell(v: Cell, style: CsvStyle): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'number') {
    s = String(v);
    if (style.decimalComma) s = s.replace('.', ',');
  } else {
    s = v;
    if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  }
  return /["\r\n]/.test(s) || s.includes(style.separator) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(rows: Cell[][], style: CsvStyle): string {
  return rows.map((r) => r.map((v) => cell(v, style)).join(style.separator)).join('\r\n') + '\r\n';
}

const BOM = '\uFEFF';

export const EVALUATION_COLUMNS = [
  'Unit',
  'Kode Unit',
  'Nomor Pelacakan',
  'Judul',
  'Status',
  'Pemegang Saat Ini',
  'Diterima',
  'Didisposisikan',
  'Umur (hari kerja)',
  'Tenggat',
  'Kendala',
];

export function evaluationCsv(r: EvaluationReport): string {
  const tz = r.period.timeZone;
  const rows: Cell[][] = [
    [r.title],
    ['Organisasi', `${r.organisation.name} (${r.organisation.code})`],
    ['Periode', localDateTime(r.period.from, tz).slice(0, 10), lastDayOf(r.period)],
    ['Dibuat', `${localDateTime(r.generatedAt, tz)} ${tz}`],
    ['Jumlah pengaduan', r.totals.complaints],
    [],
    EVALUATION_COLUMNS,
  ];
  for (const u of r.units) {
    for (const i of u.items) {
      rows.push([
        u.organisation.name,
        u.organisation.code,
        i.trackingNumber,
        i.title,
        i.statusLabel,
        i.holder?.name ?? 'Belum didisposisikan',
        localDateTime(i.receivedAt, tz),
        localDateTime(i.since, tz),
        i.ageWorkingDays,
        localDateTime(i.dueAt, tz),
        i.obstacles.map((o) => `${localDateTime(o.at, tz).slice(0, 10)}: ${o.message}`).join(' | '),
      ]);
    }
  }
  return BOM + toCsv(rows, { separator: ';', decimalComma: true });
}

const FIGURE_COLUMNS = [
  'received',
  ...STATUSES.map((s) => `status_${s}`),
  'routed',
  'followed_up',
  'followed_up_rate',
  'finished',
  'completion_rate',
  'in_process',
  'overdue',
  'overdue_at_period_end',
  'reopen_rate',
  'verification_median_working_days',
  'verification_p90_working_days',
  'first_follow_up_median_working_days',
  'first_follow_up_p90_working_days',
  'closing_median_working_days',
  'closing_p90_working_days',
  'satisfaction_mean',
  'satisfaction_count',
];

function figureCells(f: Figures): Cell[] {
  return [
    f.received,
    ...STATUSES.map((s) => f.byStatus[s]),
    f.routed,
    f.followedUp,
    f.followedUpRate.value,
    f.finished,
    f.completionRate.value,
    f.inProcess,
    f.overdue,
    f.overdueAtPeriodEnd,
    f.reopenRate.value,
    f.workingDays.toVerification.median,
    f.workingDays.toVerification.p90,
    f.workingDays.toFirstFollowUp.median,
    f.workingDays.toFirstFollowUp.p90,
    f.workingDays.toClosing.median,
    f.workingDays.toClosing.p90,
    f.satisfaction.mean,
    f.satisfaction.count,
  ];
}

/** One row for the organisation (level `total`) and one per direct sub-unit (level `unit`). */
export function publicStatsCsv(s: Stats, org: { code: string; name: string }, period: { from: string; to: string }): string {
  const rows: Cell[][] = [['organisation_code', 'organisation_name', 'level', 'period_from', 'period_to', ...FIGURE_COLUMNS]];
  rows.push([org.code, org.name, 'total', period.from, period.to, ...figureCells(s)]);
  for (const u of s.units) rows.push([u.organisation.code, u.organisation.name, u.self ? 'self' : 'unit', period.from, period.to, ...figureCells(u)]);
  return toCsv(rows, { separator: ',', decimalComma: false });
}
