// Real server processes for tests: free ports, fresh PostgreSQL databases, start and wait.
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { inject } from 'vitest';
import { openPostgres } from '../../server/db/client';
import { ENGINE } from './db';
import { adminUrl, SUBMIT_LIMITS_OFF } from './env';

export const ROOT = path.resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/**
 * On the PostgreSQL tier, a new empty database and the function that drops it; undefined on PGlite.
 * The caller registers `drop` with its own afterAll.
 */
export async function freshDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (ENGINE !== 'postgres') return undefined;
  const url = process.env.TEST_DATABASE_URL!;
  const name = `${inject('databasePrefix')}${prefix}_${crypto.randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(adminUrl(url, 'postgres'), 1);
  await admin.query(`CREATE DATABASE ${name}`);
  return {
    url: adminUrl(url, name),
    drop: async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    },
  };
}

export interface ServerProcess {
  child: ChildProcess;
  out: string[];
  exited: Promise<number | null>;
}

/**
 * `server/main.ts` under node with tsx's loader, not the tsx CLI: the CLI runs the server in a child
 * process of its own, and a SIGKILL to the CLI would leave that child running on the same data.
 * A built entry (`.js`, scripts/build-server.mjs) runs under plain node, as `npm start` runs it.
 */
export function startServer(env: Record<string, string>, entry = 'server/main.ts'): ServerProcess {
  const out: string[] = [];
  const child = spawn(process.execPath, entry.endsWith('.ts') ? ['--import', 'tsx', entry] : [entry], { cwd: ROOT, env: { ...process.env, LOG_LEVEL: 'warn', ...SUBMIT_LIMITS_OFF, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => out.push(String(d)));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, out, exited };
}

/** Waits for /healthz; fails early, with the server's output, if the process exits first. */
export async function waitHealthy(port: number, s: ServerProcess, ms: number): Promise<number> {
  const t0 = Date.now();
  let dead = false;
  void s.exited.then(() => (dead = true));
  while (Date.now() - t0 < ms) {
    if (dead) throw new Error(`the server exited while starting:\n${s.out.join('').slice(-4000)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) return Date.now() - t0;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not healthy in time:\n${s.out.join('').slice(-4000)}`);
}

/** Polls `fn` every 250 ms until it returns something truthy (errors count as "not yet"); fails after `ms`. */
export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const t0 = Date.now();
  let last: unknown;
  while (Date.now() - t0 < ms) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** An HTTP call to the server process on 127.0.0.1:`port`; `json` is undefined when the body is not JSON. */
export async function api(port: number, method: string, url: string, o: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: string } = {}) {
  const headers: Record<string, string> = { ...o.headers };
  if (o.token) headers.authorization = `Bearer ${o.token}`;
  if (o.body !== undefined || o.raw !== undefined) headers['content-type'] = 'application/json';
  const r = await fetch(`http://127.0.0.1:${port}${url}`, { method, headers, body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)) });
  const text = await r.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {}
  return { status: r.status, json, text };
}

/** Logs in to the server process on `port` and returns the bearer token; throws unless 200. */
export async function loginAt(port: number, username: string, password: string): Promise<string> {
  const r = await api(port, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${r.text}`);
  return r.json.token as string;
}
