// The dashboards in a real browser against a real server (with the seeded demo activity): the
// regent's view of Buleleng with a sortable units table, a trend chart, CSV downloads, the
// evaluation report and the drill-down to the staff inbox; the oversight view nationwide; the
// cross-region view of a regency admin; the public statistics page as its own small chunk. Every
// page passes axe and fits 360 px.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, browserWith, checkPage, hasAttribute, JOURNEY_TIMEOUT, screenshot, signIn, startServer, uniqueWord, visible, type Server } from './support';

let server: Server;

beforeAll(async () => {
  server = await startServer();
  // A complaint of our own, so that the figures are never all zero even before the demo data is in.
  const r = await api(server, 'POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title: `Drainase tersumbat di Jl. Gajah Mada ${uniqueWord()}`,
      body: 'Air meluap ke jalan setiap hujan deras.',
      location: { regionCode: '51.08' },
      reporter: { name: 'Putu Pelapor', phone: '081234511111' },
    },
  });
  expect(r.status).toBe(201);
});

afterAll(async () => {
  await server?.stop();
});

const withBrowser = browserWith({ timeout: JOURNEY_TIMEOUT });

describe('dashboards', () => {
  it("the regent opens Buleleng's dashboard, sorts the units, downloads a CSV and drills down to a unit's complaints", async () => {
    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'bupati.buleleng');
      await page.goto(`${server.url}/dasbor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Dasbor pemantauan' }));
      await visible(page.getByRole('heading', { name: 'Angka utama' }));
      await visible(page.locator('.stats-head__org').getByText('Kabupaten Buleleng'));
      for (const label of ['Aduan diterima', 'Tingkat tindak lanjut', 'Tingkat penyelesaian', 'Melewati batas waktu', 'Median sampai tindak lanjut pertama', 'Kepuasan pelapor']) {
        await visible(page.locator('.figures dt').getByText(label, { exact: true }));
      }
      const table = page.getByRole('region', { name: 'Per unit (OPD)', exact: true });
      await visible(table.getByRole('link', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang', exact: true }));
      await visible(page.getByRole('img', { name: /^Aduan per (minggu|bulan), Kabupaten Buleleng$/ }));
      await checkPage(page, 'leader dashboard');

      // Sorting is a button in each column heading; the heading says how the table is sorted.
      const followed = table.getByRole('columnheader', { name: /Ditindaklanjuti/ });
      await hasAttribute(table.getByRole('columnheader', { name: /Terlambat/ }), 'aria-sort', 'descending');
      await followed.getByRole('button').click();
      await hasAttribute(followed, 'aria-sort', 'ascending');
      await followed.getByRole('button').click();
      await hasAttribute(followed, 'aria-sort', 'descending');

      // Monthly trend through the period form (kept in the URL).
      await page.getByText('Ubah periode dan tren').click();
      await page.getByLabel('Tren per').selectOption({ label: 'Bulan' });
      await page.getByRole('button', { name: 'Terapkan' }).click();
      await expect.poll(() => page.url()).toContain('interval=month');
      await visible(page.getByRole('img', { name: 'Aduan per bulan, Kabupaten Buleleng' }));

      // A CSV made in the browser, with a byte order mark for spreadsheet programs.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh CSV: Per unit (OPD)' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^unit-51\.08-\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      const lines = csv.slice(1).trim().split('\r\n');
      expect(lines[0]).toMatch(/^Kode,Unit,Diterima,Terlambat,/);
      expect(lines.some((l) => l.startsWith('51.08.pupr,Dinas Pekerjaan Umum dan Penataan Ruang,'))).toBe(true);
      const [headline] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Unduh CSV: Angka utama' }).click()]);
      expect(fs.readFileSync((await headline.path())!, 'utf8')).toContain('Tingkat tindak lanjut');

      // The evaluation report of the same organisation and period.
      const pdf = page.getByRole('link', { name: 'Unduh PDF' });
      const href = (await pdf.getAttribute('href'))!;
      expect(href).toContain('organisation=51.08');
      const report = await b.context.request.get(`${server.url}${href}`);
      expect(report.status()).toBe(200);
      expect(report.headers()['content-type']).toContain('application/pdf');
      await screenshot(page, 'dashboard-1-leader');

      // Drill down: a unit's own dashboard, then its complaints in the staff inbox.
      await table.getByRole('link', { name: 'Dinas Kesehatan', exact: true }).click();
      await expect.poll(() => page.url()).toContain('org=51.08.dinkes');
      await visible(page.locator('.stats-head__org').getByText('Dinas Kesehatan'));
      await visible(page.getByRole('link', { name: '↑ Naik ke Kabupaten Buleleng' }));
      await checkPage(page, 'unit dashboard');
      await page.getByRole('link', { name: '↑ Naik ke Kabupaten Buleleng' }).click();
      await visible(table.getByRole('link', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang', exact: true }));
      await table.getByRole('link', { name: 'Lihat aduan: Dinas Pekerjaan Umum dan Penataan Ruang' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Kotak masuk aduan' }));
      expect(new URL(page.url()).search).toBe('?unit=51.08.pupr');
      await expect.poll(() => page.getByLabel('Unit', { exact: true }).inputValue()).toBe('51.08.pupr');
      await checkPage(page, 'inbox drilled down from the dashboard');
      await screenshot(page, 'dashboard-2-drilldown-inbox');
    });
  });

  it('oversight goes from the nation to a province, a regency and its units', async () => {
    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'ksp');
      await page.goto(`${server.url}/dasbor/nasional`);
      await visible(page.getByRole('heading', { level: 1, name: 'Dasbor nasional' }));
      const provinces = page.getByRole('region', { name: 'Per provinsi dan lembaga', exact: true });
      await visible(provinces.getByRole('link', { name: 'Provinsi Bali', exact: true }));
      await checkPage(page, 'national dashboard');
      await provinces.getByRole('link', { name: 'Provinsi Bali', exact: true }).click();
      const regencies = page.getByRole('region', { name: 'Per kabupaten/kota', exact: true });
      await visible(regencies.getByRole('link', { name: 'Kabupaten Buleleng', exact: true }));
      await visible(page.getByRole('link', { name: '↑ Naik ke tingkat nasional' }));
      await checkPage(page, 'province dashboard');
      await regencies.getByRole('link', { name: 'Kabupaten Buleleng', exact: true }).click();
      await visible(page.getByRole('region', { name: 'Per unit (OPD)', exact: true }).getByRole('link', { name: 'Dinas Kesehatan', exact: true }));
      await visible(page.getByRole('link', { name: '↑ Naik ke Provinsi Bali' }));
      await checkPage(page, 'regency dashboard (oversight)');
      await screenshot(page, 'dashboard-3-national-drilldown');
    });
  });

  it("a regency admin sees the province's regencies side by side, non-confidential only", async () => {
    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');
      await page.goto(`${server.url}/dasbor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Dasbor pemantauan' }));
      await page.getByRole('navigation', { name: 'Dasbor' }).getByRole('link', { name: 'Antarwilayah' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Perbandingan antarwilayah' }));
      const table = page.getByRole('region', { name: 'Kabupaten/kota di provinsi', exact: true });
      await visible(table.getByRole('link', { name: 'Kabupaten Badung', exact: true }));
      await visible(table.getByRole('row').filter({ hasText: 'Kabupaten Buleleng' }).getByText('wilayah Anda'));
      await visible(page.locator('.stats-head__period').getByText('hanya aduan yang tidak dirahasiakan', { exact: false }));
      // The evaluation report is not offered for figures the admin sees as a neighbour.
      expect(await page.getByRole('link', { name: 'Unduh PDF' }).count()).toBe(0);
      await checkPage(page, 'cross-region dashboard');
      await screenshot(page, 'dashboard-4-cross-region');
    });
  });

  it('the public statistics page loads as its own small chunk and narrows to a regency', async () => {
    await withBrowser(async ({ page }) => {
      const chunks: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/assets/')) chunks.push(new URL(r.url()).pathname);
      });
      await page.goto(`${server.url}/statistik`);
      await visible(page.getByRole('heading', { level: 1, name: 'Statistik pengaduan' }));
      await visible(page.locator('.stats-head__org').getByText('Republik Indonesia'));
      await checkPage(page, 'public statistics');
      await page.getByLabel('Provinsi', { exact: true }).selectOption({ label: 'Provinsi Bali' });
      await visible(page.locator('.stats-head__org').getByText('Provinsi Bali'));
      await page.getByLabel('Kabupaten/kota', { exact: true }).selectOption({ label: 'Kabupaten Buleleng' });
      await visible(page.locator('.stats-head__org').getByText('Kabupaten Buleleng'));
      await visible(page.getByRole('region', { name: 'Per unit (OPD)', exact: true }));
      await visible(page.getByRole('link', { name: 'Data terbuka (CSV)' }));
      await visible(page.locator('.stats-head__period').getByText('aduan terverifikasi yang tidak dirahasiakan', { exact: false }));
      await checkPage(page, 'public statistics of a regency');
      await screenshot(page, 'dashboard-5-public-statistics');
      expect(chunks.some((c) => /\/assets\/public-[\w-]+\.js$/.test(c))).toBe(true);
      expect(chunks.some((c) => /\/assets\/(dashboard|staff)-[\w-]+\.js$/.test(c))).toBe(false);
    });
  });
});
