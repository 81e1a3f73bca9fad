// server/web.ts: static files with the right caching and encoding, the app shell for page
// addresses, JSON 404s for machine paths, security headers, the "not built" page, client config.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../server/config';
import { installErrorHandling, type Deps } from '../../server/platform/http';
import { contentSecurityPolicy, registerWeb, tileSource, webSettings } from '../../server/web';

const INDEX = '<!doctype html><html lang="id"><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
const JS = `console.log(${JSON.stringify('x'.repeat(2000))});`;

function makeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-web-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.mkdirSync(path.join(dir, '.vite'));
  fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
  fs.writeFileSync(path.join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js'), JS);
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js.gz'), zlib.gzipSync(JS));
  fs.writeFileSync(path.join(dir, 'assets', 'index-abc123.js.br'), zlib.brotliCompressSync(JS));
  fs.writeFileSync(path.join(dir, '.vite', 'manifest.json'), '{}');
  fs.writeFileSync(path.join(os.tmpdir(), 'aduan-secret.txt'), 'secret');
  return dir;
}

async function appWith(distDir: string, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/aduan-test-unused', ...env });
  const app = Fastify();
  installErrorHandling(app);
  app.get('/api/v1/ping', async () => ({ pong: true }));
  await registerWeb(app, { config } as Deps, { distDir, env });
  await app.ready();
  return app;
}

describe('web app serving', () => {
  let dist: string;
  let app: FastifyInstance;
  beforeAll(async () => {
    dist = makeDist();
    app = await appWith(dist);
  });
  afterAll(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('serves the app shell for page addresses, with the security headers and no-cache', async () => {
    for (const url of ['/', '/lapor', '/lacak/ABCD2345', '/staf/aduan/x']) {
      const r = await app.inject({ url, headers: { accept: 'text/html,application/xhtml+xml' } });
      expect(r.statusCode, url).toBe(200);
      expect(r.body).toBe(INDEX);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.headers['cache-control']).toBe('no-cache');
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    }
  });

  it('revalidates index.html with its ETag', async () => {
    const first = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    const again = await app.inject({ url: '/', headers: { accept: 'text/html', 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
  });

  it('serves hashed assets for a year, precompressed by Accept-Encoding', async () => {
    const br = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(JS);
    const gz = await app.inject({ url: '/assets/index-abc123.js', headers: { 'accept-encoding': 'gzip, br;q=0' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(JS);
    const plain = await app.inject({ url: '/assets/index-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const sw = await app.inject({ url: '/sw.js' });
    expect(sw.headers['cache-control']).toBe('no-cache');
  });

  it('gives JSON 404s for the API, missing files, dot-files, traversal and non-HTML requests', async () => {
    expect((await app.inject({ url: '/api/v1/ping' })).json()).toEqual({ pong: true });
    for (const [url, accept] of [
      ['/api/v1/nothing', 'text/html'],
      ['/open311/v2/nothing', 'text/html'],
      ['/assets/missing-123.js', 'text/html'],
      ['/.vite/manifest.json', 'text/html'],
      ['/assets/..%2f..%2faduan-secret.txt', '*/*'],
      ['/../aduan-secret.txt', '*/*'],
      ['/lacak/ABC', 'application/json'],
    ]) {
      const r = await app.inject({ url: url!, headers: { accept: accept! } });
      expect(r.statusCode, url).toBe(404);
      expect(r.json().error.code, url).toBe('not_found');
    }
  });

  it('shares the client config', async () => {
    const r = await app.inject({ url: '/api/v1/client-config' });
    expect(r.json()).toEqual({ mapTileUrl: null, mapAttribution: null, uploadMaxBytes: 10 * 1024 * 1024, uploadMaxFiles: 5, smsShortCode: '1708' });
  });
});

describe('web app not built', () => {
  it('answers pages with a 503 page that says how to build, and the API still works', async () => {
    const app = await appWith(path.join(os.tmpdir(), 'aduan-no-such-dist'));
    const r = await app.inject({ url: '/lapor', headers: { accept: 'text/html' } });
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toContain('npm run build:web');
    expect((await app.inject({ url: '/api/v1/ping' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('map tiles setting', () => {
  it('is off by default and validated when set', () => {
    expect(webSettings({}, {})).toEqual({});
    expect(webSettings({}, { MAP_TILE_URL: 'https://{s}.tile.example.org/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© OSM' })).toEqual({
      mapTileUrl: 'https://{s}.tile.example.org/{z}/{x}/{y}.png',
      mapAttribution: '© OSM',
    });
    expect(() => webSettings({}, { MAP_TILE_URL: 'ftp://tiles/{z}/{x}/{y}' })).toThrow(ConfigError);
    expect(() => webSettings({}, { MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}.png' })).toThrow(/\{y\}/);
  });

  it('lets the CSP load tiles from the tile host only', () => {
    expect(tileSource('https://{s}.tile.example.org/{z}/{x}/{y}.png')).toBe('https://*.tile.example.org');
    expect(tileSource('https://tiles.example.org:8443/{z}/{x}/{y}.png')).toBe('https://tiles.example.org:8443');
    expect(tileSource('https://a{s}.example.org/{z}/{x}/{y}.png')).toBe('https:');
    expect(contentSecurityPolicy('https://tiles.example.org/{z}/{x}/{y}.png')).toContain("img-src 'self' blob: data: https://tiles.example.org");
    expect(contentSecurityPolicy()).toContain("img-src 'self' blob: data:;");
  });

  it('appears in the client config', async () => {
    const dist = makeDist();
    const app = await appWith(dist, { MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
    expect((await app.inject({ url: '/api/v1/client-config' })).json().mapTileUrl).toBe('https://tiles.example.org/{z}/{x}/{y}.png');
    expect(String((await app.inject({ url: '/', headers: { accept: 'text/html' } })).headers['content-security-policy'])).toContain('https://tiles.example.org');
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });
});
