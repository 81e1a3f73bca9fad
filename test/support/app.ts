// An app instance on a test database, driven with Fastify's inject (no sockets), plus helpers.
import { afterAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { fixedClock } from '../../server/platform/clock';
import type { Db } from '../../server/db/client';
import { testDb } from './db';
import { SUBMIT_LIMITS_OFF, TEST_PASSWORD } from './env';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  clock: ReturnType<typeof fixedClock>;
  login(username: string, password?: string): Promise<string>;
  call(method: string, url: string, opts?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; json: any; text: string; headers: Record<string, unknown> }>;
}

export async function testApp(opts: { now?: string; env?: Record<string, string> } = {}): Promise<TestApp> {
  const db = await testDb();
  const clock = fixedClock(opts.now ?? '2026-03-02T02:00:00Z');
  // Tests move the clock by days and weeks: sessions last 90 days unless a test says otherwise.
  // Suites file hundreds of complaints from one address: submission limits are off unless a test
  // turns them on (test/db/auth-hardening.test.ts).
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/aduan-test-unused', SESSION_TTL_HOURS: '2160', ...SUBMIT_LIMITS_OFF, ...opts.env });
  const app = await buildApp({ config, db, clock }, { logger: false });
  afterAll(() => app.close());
  const call: TestApp['call'] = async (method, url, o = {}) => {
    const headers: Record<string, string> = { ...(o.headers ?? {}) };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let payload: string | undefined;
    if (o.body !== undefined) {
      payload = typeof o.body === 'string' ? o.body : JSON.stringify(o.body);
      headers['content-type'] ??= 'application/json';
    }
    const r = await app.inject({ method: method as 'GET', url, headers, payload });
    let json: unknown;
    try {
      json = r.json();
    } catch {
      json = undefined;
    }
    return { status: r.statusCode, json, text: r.body, headers: r.headers as Record<string, unknown> };
  };
  const tokens = new Map<string, string>();
  const login = async (username: string, password = TEST_PASSWORD) => {
    const cached = tokens.get(username);
    if (cached && password === TEST_PASSWORD) return cached;
    const r = await call('POST', '/api/v1/auth/login', { body: { username, password } });
    if (r.status !== 200) throw new Error(`login ${username} failed: ${r.status} ${r.text}`);
    tokens.set(username, r.json.token);
    return r.json.token as string;
  };
  return { app, db, clock, login, call };
}
