// Serves the web app built by scripts/build-web.mjs (dist/web): hashed assets with a long cache,
// index.html revalidated on every visit, precompressed .br/.gz files when the browser takes them,
// and index.html for every other page address (the app routes in the browser). Registered last in
// app.ts: a GET that no other route claims arrives here; /api/… and the other machine paths, files
// that do not exist and non-HTML requests get the usual JSON 404.
//
// Also GET /api/v1/client-config: the few settings the browser needs (map tiles, upload limits).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { ConfigError } from './config';
import type { Deps } from './platform/http';

export const DEFAULT_WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'web');

/** Paths that belong to the server, never to the app: no index.html fallback there. */
const SERVER_PREFIXES = ['/api/', '/open311/', '/sms/', '/healthz', '/readyz', '/metrics', '/.well-known/'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files that must be revalidated on every visit (their names do not change between builds). */
const NO_CACHE = new Set(['/index.html', '/sw.js', '/manifest.webmanifest']);

export interface WebSettings {
  /** Leaflet tile URL template ({z}/{x}/{y}, optional {s}); undefined: no map, coordinates only. */
  mapTileUrl?: string;
  mapAttribution?: string;
}

/**
 * MAP_TILE_URL and MAP_TILE_ATTRIBUTION. Read here until config.ts carries them (a Config with
 * `mapTileUrl` / `mapAttribution` wins), validated at start like every other key.
 */
export function webSettings(config: object, env: Record<string, string | undefined> = process.env): WebSettings {
  const fromConfig = config as { mapTileUrl?: string; mapAttribution?: string };
  const raw = fromConfig.mapTileUrl ?? env.MAP_TILE_URL;
  const attribution = fromConfig.mapAttribution ?? env.MAP_TILE_ATTRIBUTION;
  if (raw === undefined || raw.trim() === '') return {};
  const url = raw.trim();
  if (!/^https?:\/\/[^/\s]+\/\S*$/.test(url)) throw new ConfigError('MAP_TILE_URL must be an http(s) URL template, e.g. https://{s}.tile.example.org/{z}/{x}/{y}.png');
  for (const p of ['{z}', '{x}', '{y}']) if (!url.includes(p)) throw new ConfigError(`MAP_TILE_URL must contain ${p}`);
  return { mapTileUrl: url, mapAttribution: attribution?.trim() || undefined };
}

/** The CSP source that lets the browser load tiles: "https://*.tile.example.org" for a {s} template. */
export function tileSource(tileUrl: string | undefined): string | undefined {
  if (!tileUrl) return undefined;
  const m = /^(https?:\/\/)([^/]+)/.exec(tileUrl);
  if (!m) return undefined;
  const [, scheme, host] = m as unknown as [string, string, string];
  if (!host.includes('{')) return `${scheme}${host}`;
  // Only a leading "{s}." can become a CSP wildcard; anything else falls back to the scheme.
  if (/^\{s\}\.[^{}]+$/.test(host)) return `${scheme}*${host.slice(3)}`;
  return scheme.slice(0, -2);
}

export function contentSecurityPolicy(tileUrl?: string): string {
  const tiles = tileSource(tileUrl);
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: photo previews before upload; data: Leaflet's empty-tile placeholder.
    `img-src 'self' blob: data:${tiles ? ` ${tiles}` : ''}`,
    "connect-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function pageHeaders(csp: string): Record<string, string> {
  return {
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    // Tile servers (e.g. OpenStreetMap's) ask for a Referer; send only our origin cross-site.
    'referrer-policy': 'strict-origin-when-cross-origin',
    'permissions-policy': 'geolocation=(self), camera=(), microphone=(), payment=()',
    'cross-origin-opener-policy': 'same-origin',
  };
}

/** q-values of Accept-Encoding; "br" and "gzip" only. */
function acceptedEncodings(header: string | undefined): { br: boolean; gzip: boolean } {
  const out = { br: false, gzip: false };
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const ok = !q || Number(q.slice(2)) > 0;
    if (name === 'br') out.br = ok;
    else if (name === 'gzip') out.gzip = ok;
    else if (name === '*' && ok) {
      out.br ||= true;
      out.gzip ||= true;
    }
  }
  return out;
}

const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Aduan: web app not built</title></head>
<body>
<h1>The web app is not built yet</h1>
<p>The API is running (see <a href="/api/docs">/api/docs</a>), but the browser app has not been built in this installation.</p>
<p>Build it with <code>npm run build:web</code> (it needs the development dependencies: <code>npm ci</code>), then reload this page.
<code>npm start</code> also builds it when it is missing or older than its sources.</p>
<hr>
<p lang="id">Aplikasi web belum dibangun. Jalankan <code>npm run build:web</code>, lalu muat ulang halaman ini.</p>
</body>
</html>
`;

interface Resolved {
  file: string;
  urlPath: string;
  stat: fs.Stats;
}

async function statFile(file: string): Promise<fs.Stats | undefined> {
  try {
    const s = await fs.promises.stat(file);
    return s.isFile() ? s : undefined;
  } catch {
    return undefined;
  }
}

/** The file under `dist` for a URL path, refusing traversal and dot-files (.vite/manifest.json). */
async function resolveFile(dist: string, urlPath: string): Promise<Resolved | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return undefined;
  const segments = decoded.split('/').filter(Boolean);
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  if (segments.length === 0) return undefined;
  const file = path.join(dist, ...segments);
  if (!file.startsWith(dist + path.sep)) return undefined;
  const stat = await statFile(file);
  return stat ? { file, urlPath: `/${segments.join('/')}`, stat } : undefined;
}

export async function registerWeb(app: FastifyInstance, deps: Deps, opts: { distDir?: string; env?: Record<string, string | undefined> } = {}) {
  const dist = path.resolve(opts.distDir ?? DEFAULT_WEB_DIST);
  const settings = webSettings(deps.config, opts.env);
  const csp = contentSecurityPolicy(settings.mapTileUrl);
  const headers = pageHeaders(csp);

  app.get(
    '/api/v1/client-config',
    {
      schema: {
        tags: ['web'],
        summary: 'Settings the web app needs in the browser',
        response: {
          200: Type.Object({
            mapTileUrl: Type.Union([Type.String(), Type.Null()]),
            mapAttribution: Type.Union([Type.String(), Type.Null()]),
            uploadMaxBytes: Type.Integer(),
            uploadMaxFiles: Type.Integer(),
            smsShortCode: Type.String(),
          }),
        },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return {
        mapTileUrl: settings.mapTileUrl ?? null,
        mapAttribution: settings.mapAttribution ?? null,
        uploadMaxBytes: deps.config.uploadMaxBytes,
        uploadMaxFiles: deps.config.uploadMaxFiles,
        smsShortCode: deps.config.smsShortCode,
      };
    },
  );

  const sendFile = async (req: FastifyRequest, reply: FastifyReply, r: Resolved, status = 200) => {
    const ext = path.extname(r.file).toLowerCase();
    const type = TYPES[ext] ?? 'application/octet-stream';
    const etag = `W/"${r.stat.size.toString(16)}-${Math.floor(r.stat.mtimeMs).toString(16)}"`;
    const isHtml = ext === '.html';
    if (isHtml) reply.headers(headers);
    else reply.header('x-content-type-options', 'nosniff');
    reply.header('content-type', type);
    reply.header(
      'cache-control',
      r.urlPath.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : NO_CACHE.has(r.urlPath) || isHtml ? 'no-cache' : 'public, max-age=3600',
    );
    reply.header('etag', etag);
    if (status === 200 && req.headers['if-none-match'] === etag) return reply.status(304).send();

    let file = r.file;
    let size = r.stat.size;
    const enc = acceptedEncodings(req.headers['accept-encoding']);
    for (const [name, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ] as const) {
      if (!enc[name]) continue;
      const s = await statFile(r.file + suffix);
      if (s) {
        file = r.file + suffix;
        size = s.size;
        reply.header('content-encoding', name);
        break;
      }
    }
    if (fs.existsSync(`${r.file}.gz`) || fs.existsSync(`${r.file}.br`)) reply.header('vary', 'Accept-Encoding');
    reply.header('content-length', String(size));
    return reply.status(status).send(fs.createReadStream(file));
  };

  app.get('/*', { schema: { hide: true } }, async (req, reply) => {
    const urlPath = req.url.split('?')[0]!.split('#')[0]!;
    if (SERVER_PREFIXES.some((p) => urlPath === p.replace(/\/$/, '') || urlPath.startsWith(p))) return reply.callNotFound();

    const found = urlPath === '/' ? undefined : await resolveFile(dist, urlPath);
    if (found) return sendFile(req, reply, found);

    // A page address of the app ("/lacak/ABC"): the app shell, for browsers asking for HTML.
    const lastSegment = urlPath.split('/').pop() ?? '';
    const wantsHtml = urlPath === '/' || (req.headers.accept ?? '').includes('text/html');
    if (!wantsHtml || lastSegment.includes('.')) return reply.callNotFound();
    const index = await resolveFile(dist, '/index.html');
    if (!index) {
      reply.headers({ ...headers, 'content-security-policy': "default-src 'none'; frame-ancestors 'none'", 'cache-control': 'no-store' });
      return reply.status(503).type('text/html; charset=utf-8').send(NOT_BUILT);
    }
    return sendFile(req, reply, index);
  });
}
