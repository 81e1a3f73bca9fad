// `npm start` runs the server bundled by scripts/build-server.mjs, not the sources: the bundle must
// find what the sources find relative to themselves (migrations/, the demo seed, optional packages
// through createRequire) and behave as the process test expects of the sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPostgres } from '../../server/db/client';
import { ENGINE } from '../support/db';
import { freePort, freshDatabase, ROOT, startServer, waitHealthy } from '../support/process';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

describe(`the built server (${ENGINE})`, () => {
  it('builds, migrates a fresh database, seeds, serves logins and stops on SIGTERM', async () => {
    // Inside the checkout (node_modules must resolve from the bundle), one directory per run so
    // that the two engine tiers running at once do not write the same files.
    const outdir = fs.mkdtempSync(path.join(ROOT, 'dist', `test-server-${ENGINE}-`));
    cleanups.push(() => fs.rmSync(outdir, { recursive: true, force: true }));
    const built = spawnSync(process.execPath, ['scripts/build-server.mjs', '--outdir', outdir], { cwd: ROOT, encoding: 'utf8' });
    expect(built.stderr).toBe('');
    expect(built.status).toBe(0);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-built-'));
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const fresh = await freshDatabase('b');
    if (fresh) cleanups.push(fresh.drop);
    const port = await freePort();
    const env: Record<string, string> = { PORT: String(port), DATA_DIR: path.join(dataDir, 'data'), DEMO_PASSWORD: 'rahasia-demo', SEED_DEMO: '1' };
    if (fresh) env.DATABASE_URL = fresh.url;
    // Plain node, no tsx loader: what `npm start` runs.
    const s = startServer(env, path.join(outdir, 'main.js'));
    cleanups.push(() => void s.child.kill('SIGKILL'));
    await waitHealthy(port, s, 60_000);
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);

    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin.buleleng', password: 'rahasia-demo' }),
    });
    expect(login.status).toBe(200);
    if (fresh) {
      const db = await openPostgres(fresh.url, 1);
      const migrations = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
      await db.close();
      expect(migrations.rows[0]!.n).toBe(fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => /^\d{4}_.*\.sql$/.test(f)).length);
    }
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
  });
});
