#!/usr/bin/env node
// Builds the web app into dist/web: vite build, PNG icons from the SVG, the service worker's
// precache list, .br/.gz files next to every compressible file (served by server/web.ts), and the
// bundle budget: the citizen portal's first load (entry chunk + its static imports + their CSS,
// gzip) must stay within BUDGET_BYTES.
//
//   node scripts/build-web.mjs              build; exit 1 on a build error or past the budget
//   node scripts/build-web.mjs --if-stale   only when dist/web is missing or older than its sources;
//                                           never fails (npm start / npm ci must go on without a web
//                                           app, e.g. a production install without devDependencies)
//   --strict                                with --if-stale: fail like a plain build would
//
// The new build is written next to dist/web and swapped in at the end, so a running server never
// serves half a build.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WEB = path.join(ROOT, 'web');
const DIST = path.join(ROOT, 'dist', 'web');
const STAMP = '.build-info.json';
export const BUDGET_BYTES = 150 * 1024;
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.map']);

const args = new Set(process.argv.slice(2));
const ifStale = args.has('--if-stale');
const lenient = ifStale && !args.has('--strict');
const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

function newestMtime(p) {
  let newest = 0;
  const stack = [p];
  while (stack.length) {
    const cur = stack.pop();
    let st;
    try {
      st = fs.statSync(cur);
    } catch {
      continue;
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(cur)) if (e !== 'node_modules' && !e.startsWith('.')) stack.push(path.join(cur, e));
    } else newest = Math.max(newest, st.mtimeMs);
  }
  return newest;
}

/** Why a build is needed, or null when dist/web is up to date. */
export function staleReason() {
  const stampFile = path.join(DIST, STAMP);
  if (!fs.existsSync(path.join(DIST, 'index.html')) || !fs.existsSync(stampFile)) return 'dist/web is missing';
  const built = fs.statSync(stampFile).mtimeMs;
  const inputs = [WEB, path.join(ROOT, 'package-lock.json'), fileURLToPath(import.meta.url)];
  const newest = Math.max(...inputs.map(newestMtime));
  return newest > built ? 'sources changed since the last build' : null;
}

async function walk(dir) {
  const out = [];
  for (const e of await fs.promises.readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else out.push(p);
  }
  return out;
}

/** The citizen portal's first load from the Vite manifest: the entry, its static imports, their CSS. */
export function firstLoadFiles(manifest, entryKey = 'index.html') {
  const files = new Set();
  const seen = new Set();
  const visit = (key) => {
    if (seen.has(key)) return;
    seen.add(key);
    const chunk = manifest[key];
    if (!chunk) throw new Error(`manifest has no chunk ${key}`);
    files.add(chunk.file);
    for (const css of chunk.css ?? []) files.add(css);
    for (const imp of chunk.imports ?? []) visit(imp);
  };
  visit(entryKey);
  return [...files];
}

async function makeIcons(out) {
  let sharp;
  try {
    sharp = (await import('sharp')).default;
  } catch {
    console.warn('  icons: sharp not available, PNG icons skipped (the SVG icon still works)');
    return;
  }
  const svg = await fs.promises.readFile(path.join(WEB, 'public', 'icons', 'icon.svg'));
  const dir = path.join(out, 'icons');
  await fs.promises.mkdir(dir, { recursive: true });
  for (const size of [192, 512]) {
    await sharp(svg, { density: 300 }).resize(size, size).png({ compressionLevel: 9, palette: true }).toFile(path.join(dir, `icon-${size}.png`));
  }
  // Maskable: the mark inside the 80 % safe zone on a full-bleed background.
  const inner = await sharp(svg, { density: 300 }).resize(384, 384).png().toBuffer();
  await sharp({ create: { width: 512, height: 512, channels: 4, background: '#0b4f8a' } })
    .composite([{ input: inner, top: 64, left: 64 }])
    .png({ compressionLevel: 9, palette: true })
    .toFile(path.join(dir, 'maskable-512.png'));
}

async function fillServiceWorker(out, precache, version) {
  const file = path.join(out, 'sw.js');
  let sw = await fs.promises.readFile(file, 'utf8');
  const v = "const VERSION = 'dev'; /*__ADUAN_VERSION__*/";
  const p = 'const PRECACHE = []; /*__ADUAN_PRECACHE__*/';
  if (!sw.includes(v) || !sw.includes(p)) throw new Error('web/public/sw.js lost its VERSION/PRECACHE placeholders');
  sw = sw.replace(v, `const VERSION = ${JSON.stringify(version)};`).replace(p, `const PRECACHE = ${JSON.stringify(precache)};`);
  await fs.promises.writeFile(file, sw);
}

async function precompress(out) {
  let count = 0;
  for (const file of await walk(out)) {
    if (!COMPRESSIBLE.has(path.extname(file)) || path.basename(file).startsWith('.') || file.includes(`${path.sep}.vite${path.sep}`)) continue;
    const data = await fs.promises.readFile(file);
    if (data.length < 512) continue;
    const [gz, br] = await Promise.all([
      gzip(data, { level: 9 }),
      brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
    ]);
    if (gz.length < data.length) await fs.promises.writeFile(`${file}.gz`, gz);
    if (br.length < data.length) await fs.promises.writeFile(`${file}.br`, br);
    count++;
  }
  return count;
}

async function budget(out, manifest) {
  const files = firstLoadFiles(manifest);
  let total = 0;
  const rows = [];
  for (const f of files) {
    const data = await fs.promises.readFile(path.join(out, f));
    const gz = (await gzip(data, { level: 9 })).length;
    total += gz;
    rows.push([f, data.length, gz]);
  }
  return { files: rows, total };
}

async function build() {
  // A production build whatever the caller's NODE_ENV (vitest sets "test", which would make Vite
  // bundle React's development build).
  process.env.NODE_ENV = 'production';
  let vite;
  try {
    vite = await import(pathToFileURL(path.join(ROOT, 'node_modules', 'vite', 'dist', 'node', 'index.js')).href);
  } catch {
    throw Object.assign(new Error('vite is not installed (it is a devDependency: run `npm ci` without --omit=dev)'), { missingTool: true });
  }
  const started = Date.now();
  const tmp = path.join(ROOT, 'dist', `.web-build-${process.pid}`);
  await fs.promises.rm(tmp, { recursive: true, force: true });
  await vite.build({
    configFile: path.join(WEB, 'vite.config.ts'),
    mode: 'production',
    logLevel: 'warn',
    build: { outDir: tmp, emptyOutDir: true },
  });
  const manifest = JSON.parse(await fs.promises.readFile(path.join(tmp, '.vite', 'manifest.json'), 'utf8'));
  await makeIcons(tmp);
  const first = firstLoadFiles(manifest).map((f) => `/${f}`);
  const version = crypto.createHash('sha256').update(JSON.stringify(manifest)).update(await fs.promises.readFile(path.join(WEB, 'public', 'sw.js'))).digest('hex').slice(0, 12);
  const precache = [...first, '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png'].filter((p) => fs.existsSync(path.join(tmp, p)));
  await fillServiceWorker(tmp, precache, version);
  const compressed = await precompress(tmp);
  const b = await budget(tmp, manifest);
  const info = { builtAt: new Date().toISOString(), version, firstLoadGzipBytes: b.total, budgetBytes: BUDGET_BYTES, files: b.files.map(([f, raw, gz]) => ({ file: f, raw, gzip: gz })) };
  await fs.promises.writeFile(path.join(tmp, STAMP), `${JSON.stringify(info, null, 2)}\n`);

  // Swap the new build in.
  const old = path.join(ROOT, 'dist', `.web-old-${process.pid}`);
  if (fs.existsSync(DIST)) await fs.promises.rename(DIST, old);
  await fs.promises.rename(tmp, DIST);
  await fs.promises.rm(old, { recursive: true, force: true });

  console.log(`web app built in ${((Date.now() - started) / 1000).toFixed(1)} s → dist/web (${compressed} files precompressed, .br and .gz)`);
  console.log('citizen first load (gzip):');
  for (const [f, raw, gz] of b.files) console.log(`  ${f.padEnd(40)} ${kb(raw).padStart(10)} raw ${kb(gz).padStart(10)} gzip`);
  const within = b.total <= BUDGET_BYTES;
  console.log(`budget: citizen first load ${kb(b.total)} gzip of ${kb(BUDGET_BYTES)} allowed — ${within ? 'OK' : 'OVER BUDGET'}`);
  return within;
}

async function main() {
  if (ifStale) {
    const why = staleReason();
    if (!why) {
      console.log('web app is up to date (dist/web)');
      return 0;
    }
    console.log(`building the web app: ${why}`);
  }
  try {
    const within = await build();
    if (!within) {
      if (lenient) {
        console.warn('warning: the citizen bundle is over budget (npm run build:web fails on this)');
        return 0;
      }
      return 1;
    }
    return 0;
  } catch (err) {
    console.error(`web app build failed: ${err.message}`);
    if (lenient) {
      console.warn('continuing without a fresh web app: the server serves the previous build or a "not built" page');
      return 0;
    }
    return 1;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(await main());
}
