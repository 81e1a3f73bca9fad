// With MAP_TILE_URL set, the form offers a Leaflet map (loaded only when opened) whose pin fills the
// coordinates; tiles come from the configured host, which the page's CSP allows.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, openBrowser, screenshot, startServer, visible, type Server } from './support';

// A 1×1 PNG for every tile.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let tiles: http.Server;
let tileRequests = 0;
let server: Server;

beforeAll(async () => {
  tiles = http.createServer((_req, res) => {
    tileRequests++;
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(TILE);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
  const port = (tiles.address() as AddressInfo).port;
  server = await startServer({ MAP_TILE_URL: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`, MAP_TILE_ATTRIBUTION: 'Peta uji' });
});

afterAll(async () => {
  await server?.stop();
  await new Promise((r) => tiles?.close(r));
});

describe('map pin', () => {
  it('loads Leaflet only when the map is opened, and a tap fills the coordinates', async () => {
    const b = await openBrowser();
    try {
      const { page } = b;
      const scripts: string[] = [];
      const cspErrors: string[] = [];
      page.on('request', (r) => {
        if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
      });
      page.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
      });
      await page.goto(`${server.url}/lapor`);
      const open = page.getByRole('button', { name: 'Tandai lokasi di peta' });
      await visible(open);
      expect(scripts.some((s) => s.includes('LocationMap'))).toBe(false);

      await open.click();
      const map = page.getByLabel('Peta lokasi kejadian');
      await visible(map);
      expect(scripts.some((s) => s.includes('LocationMap'))).toBe(true);
      await expect.poll(() => tileRequests).toBeGreaterThan(0);
      const box = (await map.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await expect.poll(() => page.getByLabel(/^Garis lintang/).inputValue()).not.toBe('');
      const lat = Number(await page.getByLabel(/^Garis lintang/).inputValue());
      const lng = Number(await page.getByLabel(/^Garis bujur/).inputValue());
      expect(lat).toBeGreaterThan(-12);
      expect(lat).toBeLessThan(7);
      expect(lng).toBeGreaterThan(94);
      expect(lng).toBeLessThan(142);
      expect(cspErrors).toEqual([]);
      await checkPage(page, 'complaint form with the map open');
      await screenshot(page, 'citizen-9-map-pin');
    } finally {
      await b.close();
    }
  });
});
