// The evaluation report as a workbook: "Ringkasan" (totals per unit) and "Rincian" (one row per
// complaint). Cells have real types: counts and ages are numbers, dates are dates (the
// organisation's wall-clock time, since spreadsheet dates have no time zone), text is text (never
// a formula, whatever a title starts with).
// Written with exceljs' streaming writer, row by row into the given stream: a workbook model of
// 10,000 detail rows held several hundred MB in the server process (docs/benchmarks.md).
import { PassThrough, type Writable } from 'node:stream';
import type ExcelJSModule from 'exceljs';
import type { EvaluationReport } from './evaluation';
import { lastDayOf } from './evaluation';
import { EVALUATION_COLUMNS } from './export-csv';
import { localDateTime, wallClock } from './format';

const DATE_TIME = 'dd/mm/yyyy hh:mm';
const DAYS = '0.0';

/** Writes the workbook to `out` and ends it. */
export async function writeEvaluationXlsx(r: EvaluationReport, out: Writable): Promise<void> {
  const tz = r.period.timeZone;
  // Shared strings: inline strings lose empty cells ('' reads back as no value) and make the file larger;
  // the table of distinct strings is small next to the workbook model it replaces.
  // Loaded on the first export: exceljs costs about 16 MB of resident memory in every server process.
  const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSModule }).default;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  wb.creator = 'Aduan';
  wb.created = r.generatedAt;
  wb.title = r.title;

  // Ringkasan: the report's header above a table of units.
  const sum = wb.addWorksheet('Ringkasan', { views: [{ state: 'frozen', ySplit: 7 }] });
  sum.columns = [{ width: 48 }, { width: 18 }, { width: 22 }, { width: 18 }, { width: 16 }];
  sum.addRow([r.title]).font = { bold: true, size: 14 };
  sum.addRow(['Organisasi', `${r.organisation.name} (${r.organisation.code})`]);
  // First and last local day of the period (the last is a local date already: its midnight as is).
  const period = sum.addRow(['Periode', wallClock(r.period.from, tz), new Date(`${lastDayOf(r.period)}T00:00:00Z`)]);
  period.getCell(2).numFmt = 'dd/mm/yyyy';
  period.getCell(3).numFmt = 'dd/mm/yyyy';
  const gen = sum.addRow(['Dibuat', wallClock(r.generatedAt, tz), tz]);
  gen.getCell(2).numFmt = DATE_TIME;
  sum.addRow(r.truncated ? ['Catatan', 'Rincian dibatasi; jumlah per unit tetap lengkap.'] : []);
  sum.addRow([]);
  const head = sum.addRow(['Unit', 'Kode Unit', 'Belum ditindaklanjuti, lewat tenggat', 'Dengan kendala', 'Umur tertua (hari kerja)']);
  head.font = { bold: true };
  for (const u of r.units) {
    const row = sum.addRow([u.organisation.name, u.organisation.code, u.total, u.withObstacles, u.oldestAgeWorkingDays]);
    row.getCell(5).numFmt = DAYS;
  }
  const total = sum.addRow(['Jumlah', '', r.totals.complaints, r.totals.withObstacles, null]);
  total.font = { bold: true };
  sum.autoFilter = { from: { row: 7, column: 1 }, to: { row: 7, column: 5 } };
  sum.commit();

  // Rincian: a plain table, header in row 1.
  const det = wb.addWorksheet('Rincian', { views: [{ state: 'frozen', ySplit: 1 }] });
  det.columns = [
    { width: 40 },
    { width: 16 },
    { width: 16 },
    { width: 60 },
    { width: 18 },
    { width: 40 },
    { width: 17 },
    { width: 17 },
    { width: 12 },
    { width: 17 },
    { width: 70 },
  ];
  det.addRow(EVALUATION_COLUMNS).font = { bold: true };
  for (const u of r.units) {
    for (const i of u.items) {
      const row = det.addRow([
        u.organisation.name,
        u.organisation.code,
        i.trackingNumber,
        i.title,
        i.statusLabel,
        i.holder?.name ?? 'Belum didisposisikan',
        wallClock(i.receivedAt, tz),
        wallClock(i.since, tz),
        i.ageWorkingDays,
        wallClock(i.dueAt, tz),
        i.obstacles.map((o) => `${localDateTime(o.at, tz).slice(0, 10)}: ${o.message}`).join('\n'),
      ]);
      for (const c of [7, 8, 10]) row.getCell(c).numFmt = DATE_TIME;
      row.getCell(9).numFmt = DAYS;
      row.getCell(4).alignment = { wrapText: true, vertical: 'top' };
      row.getCell(11).alignment = { wrapText: true, vertical: 'top' };
      row.commit();
    }
  }
  det.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EVALUATION_COLUMNS.length } };
  det.commit();
  await wb.commit();
}

/** The workbook as one buffer (tests, the benchmark); the route streams it instead. */
export async function evaluationXlsx(r: EvaluationReport): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => out.on('end', resolve).on('error', reject));
  await writeEvaluationXlsx(r, out);
  await ended;
  return Buffer.concat(chunks);
}
