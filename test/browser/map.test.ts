// With MAP_TILE_URL set, the form offers a Leaflet map (loaded only when opened) whose pin fills the
// coordinates; tiles come from the configured host, which the page's CSP allows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkPage, openBrowser, screenshot, startServer, startTileServer, visible, type Server, type TileServer } from './support';

let tiles: TileServer;
let server: Server;

beforeAll(async () => {
  tiles = await startTileServer();
  server = await startServer({ MAP_TILE_URL: tiles.url, MAP_TILE_ATTRIBUTION: 'Peta uji' });
});

afterAll(async () => {
  await server?.stop();
  await tiles?.close();
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
      await expect.poll(() => tiles.requests()).toBeGreaterThan(0);
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
