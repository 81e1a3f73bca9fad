// Helpers for the browser tier: a real server process on a free port with a fresh DATA_DIR, Debian's
// Chromium through playwright-core with a fresh profile, axe checks, the 360 px check, screenshots,
// and API calls as the demo accounts.
import { spawn, type ChildProcess } from 'node:child_process';
import { SUBMIT_LIMITS_OFF } from '../support/env';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = '/usr/bin/chromium';
export const DEMO_PASSWORD = 'demo-lapor-2026';
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
export const PHONE = { width: 360, height: 780 };

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface Server {
  url: string;
  dataDir: string;
  log(): string;
  stop(): Promise<void>;
}

/** `tsx server/main.ts` with the embedded database in a fresh DATA_DIR; resolves once /healthz answers. */
export async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-browser-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', DEMO_PASSWORD, DATABASE_URL: '', ...SUBMIT_LIMITS_OFF, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server did not answer /healthz in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    dataDir,
    log: () => output,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * A server for the whole test file: started in a beforeAll, stopped in an afterAll. The returned
 * object stands for that server (use it only inside tests and hooks, once it has started).
 */
export function serverForFile(env: Record<string, string> = {}): Server {
  let server: Server | undefined;
  beforeAll(async () => {
    server = await startServer(env);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const started = () => {
    if (!server) throw new Error('the server has not started (serverForFile is for tests and hooks)');
    return server;
  };
  return {
    get url() {
      return started().url;
    },
    get dataDir() {
      return started().dataDir;
    },
    log: () => started().log(),
    stop: () => started().stop(),
  };
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export interface BrowserOptions {
  viewport?: { width: number; height: number };
  /** Playwright's default timeout for actions and waits, in ms (20 s unless given). */
  timeout?: number;
}

/** The default timeout for journeys that wait on a busy server (staff workflows, dashboards, mail). */
export const JOURNEY_TIMEOUT = 45_000;

/** Chromium with a fresh profile (its own service worker, IndexedDB, localStorage), phone-sized. */
export async function openBrowser(opts: BrowserOptions = {}): Promise<Browser> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: opts.viewport ?? PHONE,
    deviceScaleFactor: 2,
    locale: 'id-ID',
    timezoneId: 'Asia/Makassar',
  });
  context.setDefaultTimeout(opts.timeout ?? 20_000);
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return {
    context,
    page,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` with a fresh browser (see openBrowser) and closes it afterwards, also when `fn` throws. */
export async function withBrowser(fn: (b: Browser) => Promise<void>, opts: BrowserOptions = {}): Promise<void> {
  const b = await openBrowser(opts);
  try {
    await fn(b);
  } finally {
    await b.close();
  }
}

/** `withBrowser` with the options fixed, for a file whose journeys all want the same ones. */
export const browserWith =
  (opts: BrowserOptions) =>
  (fn: (b: Browser) => Promise<void>): Promise<void> =>
    withBrowser(fn, opts);

/** Signs the browser in (the session cookie lands in the browser's own cookie jar). */
export async function signIn(server: Server, b: Browser, username: string, password = DEMO_PASSWORD) {
  const r = await b.context.request.post(`${server.url}/api/v1/auth/login`, { data: { username, password } });
  expect(r.status(), await r.text()).toBe(200);
}

export interface TileServer {
  /** The MAP_TILE_URL template pointing at this server. */
  url: string;
  /** How many tiles have been asked for so far. */
  requests(): number;
  close(): Promise<void>;
}

/** A map tile server on loopback that answers every tile with a 1×1 PNG and counts the requests. */
export async function startTileServer(): Promise<TileServer> {
  let requests = 0;
  const tiles = http.createServer((_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    res.end(TILE);
  });
  await new Promise<void>((r) => tiles.listen(0, '127.0.0.1', r));
  const port = (tiles.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/{z}/{x}/{y}.png`,
    requests: () => requests,
    close: () => new Promise<void>((r) => tiles.close(() => r())),
  };
}

// A 1×1 PNG for every tile.
const TILE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

/** axe on the current page: serious and critical violations fail the test. */
export async function checkA11y(page: Page, label: string) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`).join('\n');
  expect(bad, `axe on ${label}:\n${report}`).toEqual([]);
  return result;
}

/** At 360 px nothing may stick out sideways. */
export async function expectNoHorizontalScroll(page: Page, label: string) {
  const overflow = (await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth')) as number;
  const width = (await page.evaluate('window.innerWidth')) as number;
  expect(overflow, `${label}: page is ${overflow}px wider than the ${width}px viewport`).toBeLessThanOrEqual(0);
}

/** Axe + the 360 px check in one go, for every citizen page the journeys pass through. */
export async function checkPage(page: Page, label: string) {
  await checkA11y(page, label);
  await expectNoHorizontalScroll(page, label);
}

export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface ApiResult {
  status: number;
  json: any;
}

export async function api(server: Server, method: string, url: string, opts: { token?: string; body?: unknown; headers?: Record<string, string> } = {}): Promise<ApiResult> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(server.url + url, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: r.status, json };
}

export async function login(server: Server, username: string): Promise<string> {
  const r = await api(server, 'POST', '/api/v1/auth/login', { body: { username, password: DEMO_PASSWORD } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.json)}`);
  return r.json.token as string;
}

/** A small JPEG made with sharp, in a temp file, for the photo upload. */
export async function makeJpeg(name = 'foto-jalan.jpg'): Promise<string> {
  const sharp = (await import('sharp')).default;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-photo-')), name);
  await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 90, g: 120, b: 160 } } })
    .composite([{ input: Buffer.from('<svg width="320" height="240"><rect x="40" y="60" width="240" height="120" fill="#444"/></svg>'), top: 0, left: 0 }])
    .jpeg({ quality: 80 })
    .toFile(file);
  return file;
}

/** A word unlikely to appear anywhere else, to find "our" complaint by full-text search. */
export const uniqueWord = () => `uji${Array.from({ length: 8 }, () => 'abcdefghijklmnopqrstuvwxyz'[Math.floor(Math.random() * 26)]).join('')}`;

// ---- Waiting assertions (playwright-core has no test runner's `expect`; these poll like it does) ----

const WAIT = 20_000;

/** Waits until the locator's (single) element is visible. */
export async function visible(locator: Locator, timeout = WAIT) {
  await locator.waitFor({ state: 'visible', timeout });
}

/** Waits until nothing matches. */
export async function absent(locator: Locator, timeout = WAIT) {
  await expect.poll(() => locator.count(), { timeout, message: `${locator} should match nothing` }).toBe(0);
}

export async function hasText(locator: Locator, text: string | RegExp, timeout = WAIT) {
  const check = (s: string | null) => (typeof text === 'string' ? (s ?? '').trim() === text : text.test(s ?? ''));
  await expect.poll(async () => check(await locator.textContent({ timeout })), { timeout, message: `${locator} should have text ${text}` }).toBe(true);
}

export async function hasAttribute(locator: Locator, name: string, value: string, timeout = WAIT) {
  await expect.poll(() => locator.getAttribute(name, { timeout }), { timeout, message: `${locator} [${name}]` }).toBe(value);
}

/** The text of the elements named by aria-describedby, as assistive technology reads it. */
export function description(locator: Locator): Promise<string> {
  return locator.evaluate((el: any) => {
    const doc = (globalThis as any).document;
    return String(el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id: string) => doc.getElementById(id)?.textContent ?? '')
      .join(' ');
  });
}

export async function describedAs(locator: Locator, text: RegExp, timeout = WAIT) {
  await expect.poll(() => description(locator), { timeout, message: `${locator} description` }).toMatch(text);
}

export async function focused(locator: Locator, timeout = WAIT) {
  await expect.poll(() => locator.evaluate((el: any) => el === (globalThis as any).document.activeElement), { timeout, message: `${locator} focused` }).toBe(true);
}

export async function checked(locator: Locator, timeout = WAIT) {
  await expect.poll(() => locator.isChecked(), { timeout, message: `${locator} checked` }).toBe(true);
}
