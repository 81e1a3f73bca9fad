// The real process: `npm start`'s entry point on a fresh data directory (or a fresh PostgreSQL
// database), SIGTERM shutdown, and clear failures for bad configuration.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/db/client';
import { ENGINE } from '../support/db';
import { freePort, freshDatabase, ROOT as root, startServer, waitHealthy } from '../support/process';

const tsx = path.join(root, 'node_modules/.bin/tsx');

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function freshDatabaseUrl(): Promise<string | undefined> {
  const fresh = await freshDatabase('p');
  if (fresh) cleanups.push(fresh.drop);
  return fresh?.url;
}

describe(`the server process (${ENGINE})`, () => {
  it('starts on a fresh database with demo data, serves logins, and stops cleanly on SIGTERM', async () => {
    const port = await freePort();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-proc-'));
    const databaseUrl = await freshDatabaseUrl();
    const env: Record<string, string> = { PORT: String(port), DATA_DIR: path.join(dataDir, 'data'), DEMO_PASSWORD: 'rahasia-demo' };
    if (databaseUrl) Object.assign(env, { DATABASE_URL: databaseUrl, SEED_DEMO: '1' });
    const s = startServer(env);
    await waitHealthy(port, s, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin.buleleng', password: 'rahasia-demo' }),
    });
    expect(login.status).toBe(200);
    expect(s.out.join('')).toContain('admin.buleleng');
    if (!databaseUrl) expect(fs.existsSync(path.join(dataDir, 'data', 'pglite'))).toBe(true);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // Registered on the PostgreSQL tier only (PGlite has no second process); not a skipped test.
  if (ENGINE === 'postgres') it('migrates an empty PostgreSQL database without demo data unless asked, and two processes may start at once', async () => {
    const databaseUrl = (await freshDatabaseUrl())!;
    const [p1, p2] = [await freePort(), await freePort()];
    const a = startServer({ PORT: String(p1), DATABASE_URL: databaseUrl });
    const b = startServer({ PORT: String(p2), DATABASE_URL: databaseUrl });
    await Promise.all([waitHealthy(p1, a, 60_000), waitHealthy(p2, b, 60_000)]);
    const db = await openPostgres(databaseUrl, 1);
    const migrations = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    const users = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    await db.close();
    expect(migrations.rows[0]!.n).toBe(fs.readdirSync(path.join(root, 'migrations')).filter((f) => f.endsWith('.sql')).length);
    expect(users.rows[0]!.n).toBe(0);
    // Without demo data or imported regions a guest can still file (it goes to the national admin).
    const filed = await fetch(`http://127.0.0.1:${p1}/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'pengaduan', title: 'Layanan lambat', body: 'Antrean sangat panjang.', reporter: { name: 'Uji', phone: '081200000001' } }),
    });
    expect(filed.status).toBe(201);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(await b.exited).toBe(0);
  });

  it('refuses a bad configuration value, naming the key, without a stack trace', () => {
    const r = spawnSync(tsx, ['server/main.ts'], { cwd: root, env: { ...process.env, PORT: 'lots' }, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('PORT');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero with a clear message when DATABASE_URL cannot be reached', () => {
    const r = spawnSync(tsx, ['server/main.ts'], { cwd: root, env: { ...process.env, LOG_LEVEL: 'info', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(3);
    expect(r.stdout + r.stderr).toMatch(/cannot connect to PostgreSQL at 127\.0\.0\.1:1/);
    expect(r.stdout + r.stderr).not.toMatch(/\n\s+at /);
  });
});
