// The evaluation report (rakor) through the API on both engines: complaints filed in Buleleng in
// March 2026 are driven with the test clock; "now" is Wed 8 April 2026 10:00 WITA. The report lists,
// per unit, those not followed up (no respond event) whose deadline has passed, with the age in
// working days since they reached their current holder, computed by hand below. 18–24 March and 3
// April 2026 are non-working days. Exports: JSON, CSV, XLSX (read back with exceljs), PDF
// (converted with pdftoppm and pdftotext).
//
//  E1 dinkes  filed Wed 4 Mar 10:00, routed Thu 5 10:00, due Thu 12 Mar; obstacles Mon 9 11:00 and
//             Fri 13 09:00. Age: 14/24 of Thu 5 + working days 6, 9–13, 16, 17 (8) + 25–27, 30, 31
//             (5) + 1, 2 Apr (2) + 6, 7 Apr (2) + 10/24 of 8 Apr = 18.0.
//  E2 pupr    CONFIDENTIAL, a 200-character title starting with "=", filed Fri 6 Mar 10:00, routed
//             Mon 9 10:00, due Mon 16 Mar. Age 14/24 + 10–13, 16, 17 (6) + 5 + 2 + 2 + 10/24 = 16.0.
//  E3 —       filed Mon 9 Mar 10:00 to the regency, never verified, due Thu 12 Mar → the admin unit;
//             age since filing 16.0.
//  E4 dishub  filed Wed 11 Mar 10:00, routed Thu 12 10:00, returned Fri 13 13:00 → the admin unit,
//             due Wed 25 Mar; age since the return 11/24 + 16, 17, 25–27, 30, 31, 1, 2, 6, 7 Apr
//             (11) + 10/24 = 11.875 → 11.9.
//  E8 pupr    filed Mon 2 Mar 10:00, routed to Dinkes Tue 3 10:00, obstacle by Dinkes Tue 10 09:00,
//             forwarded to PUPR Wed 25 10:00, due Wed 1 Apr; age since the forward 14/24 + 26, 27,
//             30, 31 Mar, 1, 2, 6, 7 Apr (8) + 10/24 = 9.0.
// Not in the report: E5 (an interim follow-up, overdue for resolution), E6 (on hold), E7 (routed
// Tue 31 Mar, due Wed 8 Apr 23:59: not yet late), E9 (Badung), E10 (filed in February).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { ENGINE, testDatabaseUrl } from '../support/db';
import { openPostgres } from '../../server/db/client';
import { createUser } from '../../server/modules/users';
import { renderEvaluationReport } from '../../server/modules/dashboards';
import type { EvaluationReport } from '../../server/modules/dashboards/evaluation';

let t: TestApp;
const wita = (local: string) => new Date(`${local}+08:00`).toISOString();
const tok: Record<string, string> = {};
const trk: Record<string, string> = {};

const LONG_TITLE =
  '=SUM(1+1) Jalan di Desa Pemaron rusak parah sepanjang dua kilometer, berlubang dalam dan tergenang air setiap hujan sehingga membahayakan pengendara sepeda motor dan anak-anak sekolah yang melintas';
const title = (e: string) => (e === 'E2' ? LONG_TITLE : `Pengaduan ${e} tentang pelayanan publik`);

async function ok(who: string, e: string, action: string, body: Record<string, unknown> = {}) {
  const r = await t.call('POST', `/api/v1/complaints/${trk[e]}/actions/${action}`, { token: tok[who], body });
  if (r.status !== 200) throw new Error(`${e} ${action} by ${who}: ${r.status} ${r.text}`);
}

function file(e: string, opts: { unit?: string; confidential?: boolean; region?: string }) {
  return async () => {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title: title(e),
        body: `Uraian ${e}.`,
        ...(opts.unit ? { organisationCode: opts.unit } : {}),
        location: { regionCode: opts.region ?? '51.08' },
        confidential: opts.confidential ?? false,
        anonymous: false,
        reporter: { name: `Pelapor ${e}`, phone: '081298765432' },
      },
    });
    if (r.status !== 201) throw new Error(`file ${e}: ${r.status} ${r.text}`);
    trk[e] = r.json.trackingNumber;
  };
}

const A = 'admin.buleleng';
const OBSTACLE_1 = 'Menunggu anggaran perubahan untuk pengadaan alat; koordinasi dengan Bappeda.';
const OBSTACLE_2 = 'Petugas lapangan sedang cuti bersama.';
const OBSTACLE_8 = 'Lokasi bukan wilayah kerja kami, menunggu koordinasi.';
const SCHEDULE: [string, () => Promise<void>][] = [
  ['2026-02-27T10:00:00', file('E10', { unit: '51.08.pupr' })],
  ['2026-03-02T10:00:00', file('E8', { unit: '51.08.dinkes' })],
  ['2026-03-03T10:00:00', () => ok(A, 'E8', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-04T10:00:00', file('E1', { unit: '51.08.dinkes' })],
  ['2026-03-05T10:00:00', () => ok(A, 'E1', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-05T11:00:00', file('E5', { unit: '51.08.disdik' })],
  ['2026-03-06T10:00:00', file('E2', { unit: '51.08.pupr', confidential: true })],
  ['2026-03-06T11:00:00', () => ok(A, 'E5', 'verify', { organisationCode: '51.08.disdik' })],
  ['2026-03-09T10:00:00', () => ok(A, 'E2', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-03-09T10:00:01', file('E3', {})],
  ['2026-03-09T11:00:00', () => ok('dinkes.buleleng', 'E1', 'obstacle', { message: OBSTACLE_1 })],
  ['2026-03-09T12:00:00', file('E9', { unit: '51.03.pupr', region: '51.03' })],
  ['2026-03-10T09:00:00', () => ok('dinkes.buleleng', 'E8', 'obstacle', { message: OBSTACLE_8 })],
  ['2026-03-10T10:00:00', () => ok('uji.disdik', 'E5', 'respond', { message: 'Sedang ditangani.', final: false })],
  ['2026-03-11T10:00:00', file('E4', { unit: '51.08.dishub' })],
  ['2026-03-12T10:00:00', () => ok(A, 'E4', 'verify', { organisationCode: '51.08.dishub' })],
  ['2026-03-12T11:00:00', file('E6', { unit: '51.08.rsud' })],
  ['2026-03-13T09:00:00', () => ok('dinkes.buleleng', 'E1', 'obstacle', { message: OBSTACLE_2 })],
  ['2026-03-13T10:00:00', () => ok(A, 'E6', 'verify', { organisationCode: '51.08.rsud' })],
  ['2026-03-13T13:00:00', () => ok('uji.dishub', 'E4', 'return', { reason: 'Bukan kewenangan Dinas Perhubungan.' })],
  ['2026-03-16T10:00:00', () => ok(A, 'E6', 'hold', { reason: 'Menunggu data pelapor.' })],
  ['2026-03-25T10:00:00', () => ok(A, 'E8', 'forward', { organisationCode: '51.08.pupr' })],
  ['2026-03-30T10:00:00', file('E7', { unit: '51.08.pupr' })],
  ['2026-03-31T10:00:00', () => ok(A, 'E7', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-03-31T11:00:00', () => ok('admin.badung', 'E9', 'verify', { organisationCode: '51.03.pupr' })],
];
const NOW = '2026-04-08T10:00:00';

beforeAll(async () => {
  t = await testApp({ now: wita('2026-02-27T08:00:00') });
  await createUser(t.db, { username: 'uji.disdik', displayName: 'Penghubung Disdik (uji)', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.08.disdik' }] });
  await createUser(t.db, { username: 'uji.dishub', displayName: 'Penghubung Dishub (uji)', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.08.dishub' }] });
  for (const u of ['admin.buleleng', 'bupati.buleleng', 'pupr.buleleng', 'dinkes.buleleng', 'uji.disdik', 'uji.dishub', 'admin.badung', 'ombudsman']) tok[u] = await t.login(u);
  for (const [at, run] of [...SCHEDULE].sort((a, b) => a[0].localeCompare(b[0]))) {
    t.clock.set(wita(at));
    await run();
  }
  t.clock.set(wita(NOW));
}, 120_000);

const MARCH = 'organisation=51.08&from=2026-03-01&to=2026-03-31';
const report = (who: string | null, query: string) => t.call('GET', `/api/v1/reports/evaluation?${query}`, { token: who ? tok[who] : undefined });
const due = (date: string) => `${date}T23:59:59.999+08:00`;
const emptyUnit = (code: string, name: string) => ({
  organisation: { code, name, type: 'unit', isAdminUnit: false },
  self: false,
  total: 0,
  withObstacles: 0,
  oldestAgeWorkingDays: null,
  complaints: [],
});

describe('GET /api/v1/reports/evaluation (JSON)', () => {
  it('lists per unit the complaints not followed up past their deadline, oldest first, with obstacles', async () => {
    const r = await report('bupati.buleleng', MARCH);
    expect(r.status).toBe(200);
    const E = (e: string) => trk[e];
    expect(r.json).toEqual({
      title: 'Laporan Evaluasi Tindak Lanjut Pengaduan',
      organisation: { code: '51.08', name: 'Kabupaten Buleleng', type: 'regency' },
      period: { from: '2026-03-01T00:00:00.000+08:00', to: '2026-04-01T00:00:00.000+08:00', timeZone: 'WITA', lastDay: '2026-03-31' },
      generatedAt: '2026-04-08T02:00:00.000Z',
      totals: { complaints: 5, withObstacles: 2, units: 3 },
      truncated: false,
      // Sorted by unit name.
      units: [
        {
          organisation: { code: '51.08.org', name: 'Bagian Organisasi Setda Kabupaten Buleleng', type: 'unit', isAdminUnit: true },
          self: false,
          total: 2,
          withObstacles: 0,
          oldestAgeWorkingDays: 16,
          complaints: [
            {
              trackingNumber: E('E3'),
              title: title('E3'),
              status: 'submitted',
              statusLabel: 'Belum Terverifikasi',
              holder: null,
              receivedAt: '2026-03-09T10:00:01.000+08:00',
              since: '2026-03-09T10:00:01.000+08:00',
              ageWorkingDays: 16,
              dueAt: due('2026-03-12'),
              obstacles: [],
            },
            {
              trackingNumber: E('E4'),
              title: title('E4'),
              status: 'returned',
              statusLabel: 'Dikembalikan',
              holder: null,
              receivedAt: '2026-03-11T10:00:00.000+08:00',
              since: '2026-03-13T13:00:00.000+08:00',
              ageWorkingDays: 11.9,
              dueAt: due('2026-03-25'),
              obstacles: [],
            },
          ],
        },
        emptyUnit('51.08.disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil'),
        {
          organisation: { code: '51.08.dinkes', name: 'Dinas Kesehatan', type: 'unit', isAdminUnit: false },
          self: false,
          total: 1,
          withObstacles: 1,
          oldestAgeWorkingDays: 18,
          complaints: [
            {
              trackingNumber: E('E1'),
              title: title('E1'),
              status: 'disposed',
              statusLabel: 'Terdisposisi',
              holder: { code: '51.08.dinkes', name: 'Dinas Kesehatan' },
              receivedAt: '2026-03-04T10:00:00.000+08:00',
              since: '2026-03-05T10:00:00.000+08:00',
              ageWorkingDays: 18,
              dueAt: due('2026-03-12'),
              obstacles: [
                { at: '2026-03-09T11:00:00.000+08:00', message: OBSTACLE_1, organisation: { code: '51.08.dinkes', name: 'Dinas Kesehatan' } },
                { at: '2026-03-13T09:00:00.000+08:00', message: OBSTACLE_2, organisation: { code: '51.08.dinkes', name: 'Dinas Kesehatan' } },
              ],
            },
          ],
        },
        emptyUnit('51.08.kominfosanti', 'Dinas Komunikasi, Informatika, Persandian dan Statistik'),
        emptyUnit('51.08.dlh', 'Dinas Lingkungan Hidup'),
        {
          organisation: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', type: 'unit', isAdminUnit: false },
          self: false,
          total: 2,
          withObstacles: 1,
          oldestAgeWorkingDays: 16,
          complaints: [
            {
              trackingNumber: E('E2'),
              title: LONG_TITLE,
              status: 'disposed',
              statusLabel: 'Terdisposisi',
              holder: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' },
              receivedAt: '2026-03-06T10:00:00.000+08:00',
              since: '2026-03-09T10:00:00.000+08:00',
              ageWorkingDays: 16,
              dueAt: due('2026-03-16'),
              obstacles: [],
            },
            {
              trackingNumber: E('E8'),
              title: title('E8'),
              status: 'disposed',
              statusLabel: 'Terdisposisi',
              holder: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' },
              receivedAt: '2026-03-02T10:00:00.000+08:00',
              since: '2026-03-25T10:00:00.000+08:00',
              ageWorkingDays: 9,
              dueAt: due('2026-04-01'),
              obstacles: [{ at: '2026-03-10T09:00:00.000+08:00', message: OBSTACLE_8, organisation: { code: '51.08.dinkes', name: 'Dinas Kesehatan' } }],
            },
          ],
        },
        emptyUnit('51.08.disdik', 'Dinas Pendidikan'),
        emptyUnit('51.08.dishub', 'Dinas Perhubungan'),
        emptyUnit('51.08.rsud', 'RSUD Kabupaten Buleleng'),
      ],
    });
  });

  it('is for the organisation’s own staff: leaders, admins, oversight, a liaison officer for its unit', async () => {
    const full = (await report('bupati.buleleng', MARCH)).json;
    expect((await report('admin.buleleng', MARCH)).json).toEqual(full);
    expect((await report('ombudsman', MARCH)).json).toEqual(full);
    // A neighbouring regency's admin may compare statistics but not read the report.
    expect((await report('admin.badung', MARCH)).status).toBe(404);
    expect((await report('admin.badung', 'organisation=35.78')).status).toBe(404);
    expect((await report('pupr.buleleng', MARCH)).status).toBe(404);
    expect((await report('dinkes.buleleng', 'organisation=51.08.pupr&from=2026-03-01&to=2026-03-31')).status).toBe(404);
    expect((await report(null, MARCH)).status).toBe(401);
    const own = await report('pupr.buleleng', 'organisation=51.08.pupr&from=2026-03-01&to=2026-03-31');
    expect(own.status).toBe(200);
    expect(own.json.totals).toEqual({ complaints: 2, withObstacles: 1, units: 1 });
    expect(own.json.units).toEqual([{ ...full.units[5], organisation: { ...full.units[5].organisation }, self: true }]);
  });

  it('answers an empty report for a period without late complaints, and 400 for bad periods', async () => {
    const r = await report('bupati.buleleng', 'organisation=51.08&from=2026-04-01&to=2026-04-30');
    expect(r.status).toBe(200);
    expect(r.json.totals).toEqual({ complaints: 0, withObstacles: 0, units: 0 });
    expect(r.json.units).toHaveLength(9);
    expect((await report('bupati.buleleng', 'organisation=51.08&from=2026-03-31&to=2026-03-01')).status).toBe(400);
    expect((await report('bupati.buleleng', 'organisation=51.08&from=2020-01-01&to=2025-06-01')).status).toBe(400);
    expect((await report('bupati.buleleng', `${MARCH}&format=doc`)).status).toBe(400);
  });
});

describe('exports', () => {
  it('CSV: UTF-8 with BOM, semicolons, decimal commas, header lines, formulas neutralised', async () => {
    const r = await report('admin.buleleng', `${MARCH}&format=csv`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="laporan-evaluasi-51.08-2026-03-01_2026-03-31.csv"');
    expect(r.text.charCodeAt(0)).toBe(0xfeff);
    const lines = r.text.slice(1).split('\r\n');
    expect(lines.slice(0, 7)).toEqual([
      'Laporan Evaluasi Tindak Lanjut Pengaduan',
      'Organisasi;Kabupaten Buleleng (51.08)',
      'Periode;2026-03-01;2026-03-31',
      'Dibuat;2026-04-08 10:00 WITA',
      'Jumlah pengaduan;5',
      '',
      'Unit;Kode Unit;Nomor Pelacakan;Judul;Status;Pemegang Saat Ini;Diterima;Didisposisikan;Umur (hari kerja);Tenggat;Kendala',
    ]);
    expect(lines.slice(7, 12)).toEqual([
      `Bagian Organisasi Setda Kabupaten Buleleng;51.08.org;${trk.E3};${title('E3')};Belum Terverifikasi;Belum didisposisikan;2026-03-09 10:00;2026-03-09 10:00;16;2026-03-12 23:59;`,
      `Bagian Organisasi Setda Kabupaten Buleleng;51.08.org;${trk.E4};${title('E4')};Dikembalikan;Belum didisposisikan;2026-03-11 10:00;2026-03-13 13:00;11,9;2026-03-25 23:59;`,
      `Dinas Kesehatan;51.08.dinkes;${trk.E1};${title('E1')};Terdisposisi;Dinas Kesehatan;2026-03-04 10:00;2026-03-05 10:00;18;2026-03-12 23:59;"2026-03-09: ${OBSTACLE_1} | 2026-03-13: ${OBSTACLE_2}"`,
      // The title starts with "=": written as text, with an apostrophe, so Excel does not run it.
      `Dinas Pekerjaan Umum dan Penataan Ruang;51.08.pupr;${trk.E2};'${LONG_TITLE};Terdisposisi;Dinas Pekerjaan Umum dan Penataan Ruang;2026-03-06 10:00;2026-03-09 10:00;16;2026-03-16 23:59;`,
      `Dinas Pekerjaan Umum dan Penataan Ruang;51.08.pupr;${trk.E8};${title('E8')};Terdisposisi;Dinas Pekerjaan Umum dan Penataan Ruang;2026-03-02 10:00;2026-03-25 10:00;9;2026-04-01 23:59;2026-03-10: ${OBSTACLE_8}`,
    ]);
    expect(lines.slice(12)).toEqual(['']);
  });

  it('XLSX: sheets Ringkasan and Rincian with a header row, dates as dates, numbers as numbers', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/reports/evaluation?${MARCH}&format=xlsx`, headers: { authorization: `Bearer ${tok['bupati.buleleng']}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(r.headers['content-disposition']).toBe('attachment; filename="laporan-evaluasi-51.08-2026-03-01_2026-03-31.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ExcelJS.Buffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Ringkasan', 'Rincian']);

    const det = wb.getWorksheet('Rincian')!;
    expect((det.getRow(1).values as unknown[]).slice(1)).toEqual([
      'Unit', 'Kode Unit', 'Nomor Pelacakan', 'Judul', 'Status', 'Pemegang Saat Ini', 'Diterima', 'Didisposisikan', 'Umur (hari kerja)', 'Tenggat', 'Kendala',
    ]);
    expect(det.rowCount).toBe(6);
    const rows = [2, 3, 4, 5, 6].map((n) => det.getRow(n));
    expect(rows.map((x) => x.getCell(3).value)).toEqual([trk.E3, trk.E4, trk.E1, trk.E2, trk.E8]);
    const e1 = rows[2]!;
    // Dates carry Buleleng's wall-clock time (spreadsheet dates have no time zone).
    expect(e1.getCell(7).value).toBeInstanceOf(Date);
    expect((e1.getCell(7).value as Date).toISOString()).toBe('2026-03-04T10:00:00.000Z');
    expect(e1.getCell(7).type).toBe(ExcelJS.ValueType.Date);
    expect((e1.getCell(10).value as Date).toISOString()).toBe('2026-03-12T23:59:59.999Z');
    expect(e1.getCell(9).value).toBe(18);
    expect(e1.getCell(9).type).toBe(ExcelJS.ValueType.Number);
    expect(rows[1]!.getCell(9).value).toBe(11.9);
    expect(e1.getCell(11).value).toBe(`2026-03-09: ${OBSTACLE_1}\n2026-03-13: ${OBSTACLE_2}`);
    // A title starting with "=" stays text.
    expect(rows[3]!.getCell(4).type).toBe(ExcelJS.ValueType.String);
    expect(rows[3]!.getCell(4).value).toBe(LONG_TITLE);

    const sum = wb.getWorksheet('Ringkasan')!;
    expect(sum.getCell('A1').value).toBe('Laporan Evaluasi Tindak Lanjut Pengaduan');
    expect(sum.getCell('B2').value).toBe('Kabupaten Buleleng (51.08)');
    expect((sum.getCell('B3').value as Date).toISOString()).toBe('2026-03-01T00:00:00.000Z');
    expect((sum.getCell('C3').value as Date).toISOString()).toBe('2026-03-31T00:00:00.000Z');
    expect((sum.getRow(7).values as unknown[]).slice(1)).toEqual(['Unit', 'Kode Unit', 'Belum ditindaklanjuti, lewat tenggat', 'Dengan kendala', 'Umur tertua (hari kerja)']);
    const table = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((n) => (sum.getRow(n).values as unknown[]).slice(1));
    expect(table).toEqual([
      ['Bagian Organisasi Setda Kabupaten Buleleng', '51.08.org', 2, 0, 16],
      ['Dinas Kependudukan dan Pencatatan Sipil', '51.08.disdukcapil', 0, 0],
      ['Dinas Kesehatan', '51.08.dinkes', 1, 1, 18],
      ['Dinas Komunikasi, Informatika, Persandian dan Statistik', '51.08.kominfosanti', 0, 0],
      ['Dinas Lingkungan Hidup', '51.08.dlh', 0, 0],
      ['Dinas Pekerjaan Umum dan Penataan Ruang', '51.08.pupr', 2, 1, 16],
      ['Dinas Pendidikan', '51.08.disdik', 0, 0],
      ['Dinas Perhubungan', '51.08.dishub', 0, 0],
      ['RSUD Kabupaten Buleleng', '51.08.rsud', 0, 0],
      ['Jumlah', '', 5, 2],
    ]);
    expect(sum.getCell('C8').type).toBe(ExcelJS.ValueType.Number);
  });

  it('PDF: A4, Indonesian title, the tracking numbers, page numbers (pdftoppm and pdftotext)', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/api/v1/reports/evaluation?${MARCH}&format=pdf`, headers: { authorization: `Bearer ${tok['ombudsman']}` } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    expect(r.headers['content-disposition']).toBe('attachment; filename="laporan-evaluasi-51.08-2026-03-01_2026-03-31.pdf"');
    const { text, pages, size } = convert(r.rawPayload);
    expect(pages).toBeGreaterThanOrEqual(1);
    // A4 landscape at 72 dpi: 842 × 595 points.
    expect(size).toEqual([842, 595]);
    expect(text).toContain('Laporan Evaluasi Tindak Lanjut Pengaduan');
    expect(text).toContain('Kabupaten Buleleng (51.08)');
    expect(text).toContain('Periode pengaduan diterima: 1 Maret 2026 s.d. 31 Maret 2026');
    expect(text).toContain('Dicetak: 8 Apr 2026 10.00 WITA');
    for (const e of ['E1', 'E2', 'E3', 'E4', 'E8']) expect(text).toContain(trk[e]);
    expect(text).not.toContain(trk.E5);
    expect(text).toContain('Menunggu anggaran');
    expect(text).toContain(`Halaman 1 dari ${pages}`);
    // The long title is wrapped over several lines of its cell: its beginning and end are on different lines.
    const lines = text.split('\n');
    const first = lines.findIndex((l) => l.includes('=SUM(1+1)'));
    const last = lines.findIndex((l) => l.includes('melintas'));
    expect(first).toBeGreaterThanOrEqual(0);
    expect(last).toBeGreaterThan(first);
    const audited = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'export_evaluation_report'`);
    expect(audited.rows[0]!.n).toBeGreaterThanOrEqual(5);
  });

  it('PDF: a long unit table continues on the next pages with its header repeated', async () => {
    const at = new Date('2026-03-10T02:00:00Z');
    const r: EvaluationReport = {
      title: 'Laporan Evaluasi Tindak Lanjut Pengaduan',
      organisation: { code: '51.08', name: 'Kabupaten Buleleng', type: 'regency' },
      period: { from: new Date('2026-02-28T16:00:00Z'), to: new Date('2026-03-31T16:00:00Z'), timeZone: 'WITA' },
      generatedAt: new Date('2026-04-08T02:00:00Z'),
      totals: { complaints: 60, withObstacles: 60, units: 1 },
      truncated: false,
      units: [
        {
          organisation: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', type: 'unit', isAdminUnit: false },
          self: false,
          total: 60,
          withObstacles: 60,
          oldestAgeWorkingDays: 60,
          items: Array.from({ length: 60 }, (_, i) => ({
            trackingNumber: `TRK${String(i).padStart(5, '0')}`,
            title: `${LONG_TITLE} nomor ${i} — “kutipan” dan ✓ tanda`,
            status: 'disposed' as const,
            statusLabel: 'Terdisposisi',
            holder: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' },
            receivedAt: at,
            since: at,
            ageWorkingDays: 60 - i,
            dueAt: at,
            obstacles: [{ at, message: 'Kendala '.repeat(30), organisation: null }],
          })),
        },
      ],
    };
    const file = await renderEvaluationReport(r, 'pdf');
    const { text, pages } = convert(file.body as Buffer);
    expect(pages).toBeGreaterThan(2);
    expect(text).toContain(`Halaman ${pages} dari ${pages}`);
    expect(text).toContain('Dinas Pekerjaan Umum dan Penataan Ruang (51.08.pupr) (lanjutan)');
    // The header row is on every page of the table.
    expect(text.split('\f').filter((p) => p.includes('Pelacakan')).length).toBe(pages);
    expect(text).toContain('TRK00059');
    // Characters outside the PDF's standard fonts are replaced, typographic quotes kept.
    expect(text).toContain('“kutipan”');
    expect(text).toContain('? tanda');
  });
});

/** Renders every page to PNG with pdftoppm and extracts the text with pdftotext. */
function convert(pdf: Buffer): { text: string; pages: number; size: [number, number] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-pdf-'));
  try {
    const file = path.join(dir, 'report.pdf');
    fs.writeFileSync(file, pdf);
    const png = spawnSync('pdftoppm', ['-png', '-r', '36', file, path.join(dir, 'page')], { encoding: 'utf8' });
    expect(png.status, png.stderr).toBe(0);
    const pngs = fs.readdirSync(dir).filter((f) => f.endsWith('.png'));
    for (const p of pngs) expect(fs.readFileSync(path.join(dir, p)).subarray(1, 4).toString('latin1')).toBe('PNG');
    const txt = spawnSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
    expect(txt.status, txt.stderr).toBe(0);
    // pdfinfo is part of poppler-utils too: the page size in points.
    const info = spawnSync('pdfinfo', [file], { encoding: 'utf8' });
    const m = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(info.stdout ?? '');
    return { text: txt.stdout, pages: pngs.length, size: m ? [Math.round(Number(m[1])), Math.round(Number(m[2]))] : [0, 0] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('a report whose client went away', () => {
  // The report is made to block: another connection holds an exclusive lock on complaints. When the
  // client disconnects, the report's statement must be cancelled (its pool connection freed) rather
  // than wait for the lock or the statement_timeout.
  if (ENGINE === 'postgres')
    it('cancels the running statement on PostgreSQL', async () => {
      const other = await openPostgres(testDatabaseUrl(t.db)!, 2);
      let unlock!: () => void;
      const unlocked = new Promise<void>((resolve) => (unlock = resolve));
      let locked!: () => void;
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = other.tx(async (q) => {
        await q.query('LOCK TABLE complaints IN ACCESS EXCLUSIVE MODE');
        locked();
        await unlocked;
      });
      try {
        await isLocked;
        await t.app.listen({ port: 0, host: '127.0.0.1' });
        const { port } = t.app.server.address() as AddressInfo;
        const req = http.get({ host: '127.0.0.1', port, path: `/api/v1/reports/evaluation?${MARCH}`, headers: { authorization: `Bearer ${tok['bupati.buleleng']}` } });
        req.on('error', () => {});
        const waiting = async () =>
          (
            await other.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_stat_activity
                WHERE datname = current_database() AND state = 'active' AND wait_event_type = 'Lock' AND query LIKE '%FROM complaints c%'`,
            )
          ).rows[0]!.n;
        const until = async (cond: (n: number) => boolean) => {
          for (let i = 0; i < 100; i++) {
            const n = await waiting();
            if (cond(n)) return n;
            await new Promise((r) => setTimeout(r, 50));
          }
          return waiting();
        };
        expect(await until((n) => n === 1)).toBe(1);
        req.destroy();
        expect(await until((n) => n === 0)).toBe(0);
        // Still locked: the statement was cancelled, not let through.
        expect((await other.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks WHERE relation = 'complaints'::regclass AND mode = 'AccessExclusiveLock' AND granted`)).rows[0]!.n).toBe(1);
      } finally {
        unlock();
        await holder;
        await other.close();
      }
    });

  it('leaves the next report unaffected', async () => {
    const r = await t.call('GET', `/api/v1/reports/evaluation?${MARCH}`, { token: tok['bupati.buleleng'] });
    expect(r.status).toBe(200);
    expect(r.json.totals.complaints).toBe(5);
  });
});
