// Districts (kecamatan) in a real browser against a real server with a tile server: the citizen
// picks the district after the regency and it is stored with the complaint; the regent's
// dashboard shows complaints by district as a map (Leaflet, loaded as its own chunk) and as a bar
// list with a CSV download. Both pages pass axe and fit 360 px.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, browserWith, checkPage, JOURNEY_TIMEOUT, screenshot, SCREENSHOTS, signIn, startServer, startTileServer, uniqueWord, visible, type Server, type TileServer } from './support';

let tiles: TileServer;
let server: Server;

beforeAll(async () => {
  tiles = await startTileServer();
  server = await startServer({ MAP_TILE_URL: tiles.url, MAP_TILE_ATTRIBUTION: 'Peta uji' });
  // Located complaints of our own in two districts, so that the map has circles before the demo data is in.
  const located: [string, number, number][] = [
    ['51.08.05', -8.15, 115.1],
    ['51.08.05', -8.17, 115.11],
    ['51.08.09', -8.14, 115.33],
  ];
  for (const [districtCode, lat, lng] of located) {
    const r = await api(server, 'POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title: `Saluran irigasi jebol di subak ${uniqueWord()}`,
        body: 'Air irigasi meluap ke jalan desa sejak pekan lalu dan sawah warga kekeringan.',
        location: { regionCode: '51.08', districtCode, lat, lng },
        reporter: { name: 'Nyoman Pelapor', phone: '081234522222' },
      },
    });
    expect(r.status, JSON.stringify(r.json)).toBe(201);
  }
});

afterAll(async () => {
  await server?.stop();
  await tiles?.close();
});

const withBrowser = browserWith({ timeout: JOURNEY_TIMEOUT });

describe('districts', () => {
  it('the citizen chooses the district after the regency, and it is stored with the complaint', async () => {
    await withBrowser(async ({ page }) => {
      await page.goto(`${server.url}/lapor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Buat aduan' }));
      const district = page.getByLabel(/^Kecamatan/);
      await expect.poll(() => district.isDisabled()).toBe(true);

      await page.getByLabel('Judul').fill(`Lampu jalan mati di Desa Panji ${uniqueWord()}`);
      await page.getByLabel('Ceritakan kejadiannya').fill('Lampu penerangan jalan mati sejak seminggu, jalan gelap total di malam hari dan rawan kecelakaan.');
      await page.getByLabel('Provinsi').selectOption({ label: 'Provinsi Bali' });
      await expect.poll(async () => page.getByLabel('Kabupaten/kota').locator('option').count()).toBeGreaterThan(1);
      await page.getByLabel('Kabupaten/kota').selectOption({ label: 'Kabupaten Buleleng' });
      // The nine kecamatan of Buleleng, and a "choose" option.
      await expect.poll(() => district.locator('option').count()).toBe(10);
      await district.selectOption({ label: 'Sukasada' });
      await checkPage(page, 'complaint form with a district');

      await page.getByLabel('Alamat atau patokan').fill('Jl. Raya Panji, Desa Panji');
      await page.getByLabel('Tanggal kejadian').fill('2026-01-15');
      await page.getByRole('combobox', { name: /^Kategori/ }).selectOption({ index: 2 });
      await page.getByLabel('Nama', { exact: true }).fill('Ketut Warga');
      await page.getByLabel('Nomor ponsel').fill('081234567890');
      await page.getByRole('button', { name: 'Kirim aduan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }));
      const tn = (await page.getByTestId('tracking-number').textContent())!.trim();
      const code = (await page.getByTestId('access-code').textContent())!.trim();
      const r = await api(server, 'GET', `/api/v1/complaints/${tn}?accessCode=${encodeURIComponent(code)}`);
      expect(r.json.location).toMatchObject({ regionCode: '51.08', district: { code: '51.08.05', name: 'Sukasada' } });
    });
  });

  it("the regent's dashboard maps complaints by district, with the bar list and CSV as its text version", async () => {
    await withBrowser(async (b) => {
      const { page } = b;
      const scripts: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      await signIn(server, b, 'bupati.buleleng');
      await page.goto(`${server.url}/dasbor`);
      const section = page.getByRole('region', { name: 'Aduan per kecamatan' });
      await visible(section);
      const map = section.getByLabel('Peta aduan per kecamatan');
      await visible(map);
      expect(scripts.some((s) => s.includes('DistrictMap'))).toBe(true);
      // One circle per located district: at least Sukasada and Tejakula.
      await expect.poll(() => map.locator('path.leaflet-interactive').count()).toBeGreaterThanOrEqual(2);
      await expect.poll(() => tiles.requests()).toBeGreaterThan(0);
      const list = section.getByRole('list');
      await visible(list.getByText('Sukasada', { exact: true }));
      await visible(list.getByText('Tejakula', { exact: true }));
      await checkPage(page, 'leader dashboard with the district map');
      await screenshot(page, 'dashboard-districts-map');
      await section.screenshot({ path: `${SCREENSHOTS}/dashboard-districts-section.png` });

      const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Unduh CSV: Aduan per kecamatan' }).click()]);
      const csv = fs.readFileSync((await download.path())!, 'utf8');
      expect(csv).toContain('Lintang rata-rata');
      expect(csv).toMatch(/51\.08\.05[;,]"?Sukasada"?[;,]\d+/);
    });
  });
});
