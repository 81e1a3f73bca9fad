// The evaluation report as a print-ready PDF: A4 landscape, in Indonesian, a header with the
// organisation, period and time of printing, a summary per unit, then one table per unit whose
// header row repeats on every page; long titles and obstacle notes wrap; "Halaman x dari y" below.
import type PDFDocumentType from 'pdfkit';
import type { EvaluationReport, ReportUnit } from './evaluation';
import { lastDayOf } from './evaluation';
import { angka, localDateTime, tanggal, tanggalJam } from './format';

const MARGIN = 36;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
const SIZE = 8;
const PAD = 3;

// The standard PDF fonts carry Windows-1252 only: anything else would print as garbage.
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function printable(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFC')) {
    const c = ch.codePointAt(0)!;
    if (ch === '\n') out += ch;
    else if (ch === '\t' || ch === '\r') out += ' ';
    else if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff) || WIN_ANSI_EXTRA.includes(ch)) out += ch;
    else out += '?';
  }
  return out;
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right';
}

type Doc = PDFKit.PDFDocument;

function rowHeight(doc: Doc, cols: Column[], cells: string[], font: string): number {
  doc.font(font).fontSize(SIZE);
  return Math.max(...cells.map((c, i) => doc.heightOfString(c || ' ', { width: cols[i]!.width - 2 * PAD }))) + 2 * PAD;
}

function drawRow(doc: Doc, cols: Column[], cells: string[], y: number, h: number, opts: { font: string; fill?: string }) {
  let x = MARGIN;
  if (opts.fill) doc.rect(MARGIN, y, cols.reduce((s, c) => s + c.width, 0), h).fill(opts.fill);
  doc.fillColor('black').font(opts.font).fontSize(SIZE);
  cols.forEach((c, i) => {
    doc.rect(x, y, c.width, h).lineWidth(0.5).strokeColor('#888888').stroke();
    doc.fillColor('black').text(cells[i] ?? '', x + PAD, y + PAD, { width: c.width - 2 * PAD, align: c.align ?? 'left', lineBreak: true });
    x += c.width;
  });
  // Cell text moves the cursor; the row ends at its own bottom.
  doc.x = MARGIN;
  doc.y = y + h;
}

/** A table that continues on the next page with its header repeated (and `heading` marked as continued). */
function table(doc: Doc, cols: Column[], rows: string[][], heading?: string) {
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const header = cols.map((c) => c.title);
  const drawHeader = () => {
    const h = rowHeight(doc, cols, header, BOLD);
    drawRow(doc, cols, header, doc.y, h, { font: BOLD, fill: '#e6e6e6' });
  };
  const headerH = rowHeight(doc, cols, header, BOLD);
  const firstH = rows[0] ? rowHeight(doc, cols, rows[0], FONT) : 0;
  if (doc.y + headerH + firstH > bottom()) doc.addPage();
  drawHeader();
  for (const r of rows) {
    const h = rowHeight(doc, cols, r, FONT);
    if (doc.y + h > bottom()) {
      doc.addPage();
      if (heading) {
        doc.font(BOLD).fontSize(10).text(`${heading} (lanjutan)`, MARGIN, doc.y);
        doc.moveDown(0.3);
      }
      drawHeader();
    }
    drawRow(doc, cols, r, doc.y, h, { font: FONT });
  }
}

const DETAIL: Column[] = [
  { title: 'No', width: 22, align: 'right' },
  { title: 'Nomor Pelacakan', width: 66 },
  { title: 'Judul', width: 190 },
  { title: 'Status', width: 62 },
  { title: 'Pemegang Saat Ini', width: 104 },
  { title: 'Didisposisikan', width: 66 },
  { title: 'Umur (hari kerja)', width: 44, align: 'right' },
  { title: 'Tenggat', width: 66 },
  { title: 'Kendala', width: 149 },
];

const SUMMARY: Column[] = [
  { title: 'Unit', width: 330 },
  { title: 'Kode', width: 110 },
  { title: 'Belum ditindaklanjuti, lewat tenggat', width: 110, align: 'right' },
  { title: 'Dengan kendala', width: 90, align: 'right' },
  { title: 'Umur tertua (hari kerja)', width: 129, align: 'right' },
];

function unitRows(u: ReportUnit, tz: EvaluationReport['period']['timeZone']): string[][] {
  return u.items.map((i, n) => [
    String(n + 1),
    i.trackingNumber,
    printable(i.title),
    i.statusLabel,
    printable(i.holder?.name ?? 'Belum didisposisikan'),
    tanggalJam(i.since, tz),
    angka(i.ageWorkingDays),
    tanggalJam(i.dueAt, tz),
    printable(clip(i.obstacles.map((o) => `${localDateTime(o.at, tz).slice(0, 10)}: ${o.message}`).join('\n'), 1500)) || '-',
  ]);
}

export async function evaluationPdf(r: EvaluationReport): Promise<Buffer> {
  const tz = r.period.timeZone;
  // Loaded on the first export: pdfkit and its fonts cost about 19 MB of resident memory per process.
  const PDFDocument = ((await import('pdfkit')) as unknown as { default: typeof PDFDocumentType }).default;
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: r.title, Author: 'Aduan', Subject: `${r.organisation.name} ${lastDayOf(r.period)}`, CreationDate: r.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font(BOLD).fontSize(15).text(r.title, { align: 'center' });
  doc.moveDown(0.3);
  doc.font(BOLD).fontSize(11).text(printable(`${r.organisation.name} (${r.organisation.code})`), { align: 'center' });
  doc.font(FONT).fontSize(10).text(`Periode pengaduan diterima: ${tanggal(localDateTime(r.period.from, tz).slice(0, 10))} s.d. ${tanggal(lastDayOf(r.period))}`, { align: 'center' });
  doc.text(`Dicetak: ${tanggalJam(r.generatedAt, tz)} ${tz}`, { align: 'center' });
  doc.moveDown(0.8);
  doc
    .font(FONT)
    .fontSize(9)
    .text(
      'Daftar pengaduan yang belum ditindaklanjuti (belum ada tindak lanjut tercatat) dan telah melewati tenggat, per unit, ' +
        'dengan umur dalam hari kerja sejak didisposisikan ke unit pemegangnya dan kendala yang dicatat unit.',
      MARGIN,
      doc.y,
    );
  doc.moveDown(0.6);

  doc.font(BOLD).fontSize(11).text('Ringkasan per Unit', MARGIN, doc.y);
  doc.moveDown(0.3);
  table(doc, SUMMARY, [
    ...r.units.map((u) => [
      printable(u.organisation.name),
      u.organisation.code,
      String(u.total),
      String(u.withObstacles),
      u.oldestAgeWorkingDays === null ? '-' : angka(u.oldestAgeWorkingDays),
    ]),
    ['Jumlah', '', String(r.totals.complaints), String(r.totals.withObstacles), ''],
  ]);
  if (r.truncated) {
    doc.moveDown(0.5);
    doc.font(FONT).fontSize(9).text('Catatan: rincian dibatasi; jumlah per unit di atas tetap lengkap.', MARGIN, doc.y);
  }

  for (const u of r.units.filter((x) => x.items.length > 0)) {
    doc.moveDown(1);
    const heading = printable(`${u.organisation.name} (${u.organisation.code})`);
    if (doc.y + 60 > doc.page.height - doc.page.margins.bottom) doc.addPage();
    doc.font(BOLD).fontSize(10).text(`${heading}: ${u.total} pengaduan`, MARGIN, doc.y);
    doc.moveDown(0.3);
    table(doc, DETAIL, unitRows(u, tz), heading);
  }
  if (r.totals.complaints === 0) {
    doc.moveDown(1);
    doc.font(FONT).fontSize(10).text('Tidak ada pengaduan yang belum ditindaklanjuti dan melewati tenggat pada periode ini.', MARGIN, doc.y);
  }

  // Page numbers, written into the bottom margin of every buffered page.
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(FONT)
      .fontSize(8)
      .fillColor('#444444')
      .text(`${r.title} - ${printable(r.organisation.name)}    Halaman ${i - range.start + 1} dari ${range.count}`, MARGIN, doc.page.height - MARGIN, {
        width: doc.page.width - 2 * MARGIN,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
