// Backup and restore (scripts/backup.mjs, scripts/restore.mjs): complaints with attachments filed
// through the API on a database on disk (PGlite data directory, or a fresh PostgreSQL database),
// backed up into one archive, restored into a fresh target; counts, a sample of complaints and the
// attachment bytes must match.
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { openDatabase, type Db } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { systemClock } from '../../server/platform/clock';
import { seedDemoAccounts, seedDemoOrganisation } from '../../server/seed/demo';
import { ENGINE } from '../support/db';
import { TEST_PASSWORD } from '../support/env';
import { freshDatabase } from '../support/process';

const root = path.resolve(__dirname, '../..');
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => {});
});

async function freshDatabaseUrl(): Promise<string | undefined> {
  const fresh = await freshDatabase('b');
  if (fresh) cleanups.push(fresh.drop);
  return fresh?.url;
}

function script(name: string, args: string[], env: { DATA_DIR: string; DATABASE_URL?: string }) {
  const e: Record<string, string | undefined> = { ...process.env, DATA_DIR: env.DATA_DIR, DATABASE_URL: env.DATABASE_URL, ATTACHMENTS_DIR: undefined };
  return spawnSync(process.execPath, [path.join(root, 'scripts', name), ...args], { cwd: root, env: e as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 120_000 });
}

const TABLES = ['organisations', 'users', 'complaints', 'complaint_events', 'attachments', 'outbox'];
async function snapshot(db: Db) {
  const counts: Record<string, number> = {};
  for (const t of TABLES) counts[t] = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${t}`)).rows[0]!.n;
  const complaints = (await db.query('SELECT tracking_number, title, body, status, reporter_name FROM complaints ORDER BY tracking_number')).rows;
  const attachments = (await db.query<{ storage_key: string; sha256: string; size: number }>('SELECT storage_key, sha256, size FROM attachments ORDER BY storage_key')).rows;
  return { counts, complaints, attachments };
}

describe(`backup and restore (${ENGINE})`, () => {
  it('restores a backup into a fresh target with the same rows and attachment bytes', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-backup-test-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const source = { DATA_DIR: path.join(dir, 'source'), DATABASE_URL: await freshDatabaseUrl() };
    const target = { DATA_DIR: path.join(dir, 'target'), DATABASE_URL: await freshDatabaseUrl() };

    // Data through the API, on a database on disk.
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: source.DATA_DIR, ...(source.DATABASE_URL ? { DATABASE_URL: source.DATABASE_URL } : {}) });
    const db = await openDatabase(config);
    await migrate(db);
    await db.tx(async (q) => {
      await seedDemoOrganisation(q);
      await seedDemoAccounts(q, TEST_PASSWORD);
    });
    const app = await buildApp({ config, db, clock: systemClock }, { logger: false });
    const reporter = { name: 'Putu Pelapor', phone: '081234567890' };
    for (let i = 0; i < 5; i++) {
      const data = { type: 'pengaduan', title: `Laporan ${i}`, body: `Isi laporan nomor ${i}.`, organisationCode: '51.08.pupr', reporter };
      if (i % 2 === 0) {
        const jpeg = await sharp({ create: { width: 40 + i, height: 30, channels: 3, background: { r: 30 * i, g: 100, b: 200 } } }).jpeg().toBuffer();
        const boundary = `----b${crypto.randomBytes(6).toString('hex')}`;
        const payload = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(data)}\r\n`),
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="foto.jpg"\r\nContent-Type: image/jpeg\r\n\r\n`),
          jpeg,
          Buffer.from(`\r\n--${boundary}--\r\n`),
        ]);
        const r = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
        expect(r.statusCode, r.body).toBe(201);
      } else {
        const r = await app.inject({ method: 'POST', url: '/api/v1/complaints', payload: data });
        expect(r.statusCode, r.body).toBe(201);
      }
    }
    await app.close();
    const before = await snapshot(db);
    await db.close();
    expect(before.counts.complaints).toBe(5);
    expect(before.attachments.length).toBe(3);

    const archive = path.join(dir, 'backup.tar.gz');
    const b = script('backup.mjs', [archive], source);
    expect(b.status, b.stderr + b.stdout).toBe(0);
    const list = spawnSync('tar', ['-tzf', archive], { encoding: 'utf8' }).stdout;
    expect(list).toContain('manifest.json');
    const manifest = JSON.parse(spawnSync('tar', ['-xzOf', archive, './manifest.json'], { encoding: 'utf8' }).stdout);
    expect(manifest).toMatchObject({ engine: ENGINE, version: expect.any(String), counts: { complaints: 5, attachments: 3 } });
    expect(manifest.migrationLevel).toBeGreaterThan(0);

    const r = script('restore.mjs', [archive], target);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const restoredConfig = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: target.DATA_DIR, ...(target.DATABASE_URL ? { DATABASE_URL: target.DATABASE_URL } : {}) });
    const restored = await openDatabase(restoredConfig);
    try {
      const after = await snapshot(restored);
      expect(after).toEqual(before);
      // Migrations find nothing to do on a restored database.
      expect(await migrate(restored)).toEqual([]);
    } finally {
      await restored.close();
    }
    for (const a of before.attachments) {
      const src = fs.readFileSync(path.join(config.attachmentsDir, a.storage_key));
      const dst = fs.readFileSync(path.join(restoredConfig.attachmentsDir, a.storage_key));
      expect(dst.equals(src)).toBe(true);
      expect(crypto.createHash('sha256').update(dst).digest('hex')).toBe(a.sha256);
    }

    // A PGlite target that already holds a database is refused without --force.
    if (ENGINE === 'pglite') {
      const again = script('restore.mjs', [archive], target);
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/already holds a database/);
    }
    // An archive of the other engine is refused.
    const wrong = script('restore.mjs', [archive], ENGINE === 'pglite' ? { DATA_DIR: target.DATA_DIR, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' } : { DATA_DIR: path.join(dir, 'other') });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/backup but the target is/);
  }, 120_000);
});
