#!/usr/bin/env node
// `npm run restore -- archive.tar.gz [--force]`: restores a backup from scripts/backup.mjs into the
// database and attachments directory of the environment (DATABASE_URL, DATA_DIR, ATTACHMENTS_DIR).
// The archive's engine must match the target's. The server must be stopped (PGlite: always, since
// one process may open its data directory at a time; PostgreSQL: so that nothing writes meanwhile).
//
// PostgreSQL: `pg_restore --clean --if-exists` into DATABASE_URL.
// PGlite: the data directory DATA_DIR/pglite is created from the dump; an existing one is refused
// unless --force, which moves it aside to pglite.before-restore-<time>.
// Afterwards the row counts are compared with the manifest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { facts, settings } from './backup.mjs';

function fail(msg) {
  console.error(`restore: ${msg}`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} failed (exit ${r.status}): ${r.stderr.trim()}`);
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const archive = args.find((a) => !a.startsWith('--'));
  if (!archive) fail('usage: npm run restore -- <archive.tar.gz> [--force]');
  if (!fs.existsSync(archive)) fail(`no such archive: ${archive}`);
  const s = settings();
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-restore-'));
  try {
    run('tar', ['-xzf', path.resolve(archive), '-C', staging]);
    const manifestPath = path.join(staging, 'manifest.json');
    if (!fs.existsSync(manifestPath)) fail('the archive has no manifest.json: not an Aduan backup');
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    const target = s.databaseUrl ? 'postgres' : 'pglite';
    if (manifest.engine !== target) fail(`the archive is a ${manifest.engine} backup but the target is ${target} (${target === 'postgres' ? 'DATABASE_URL is set' : 'DATABASE_URL is not set'})`);

    let after;
    if (target === 'postgres') {
      run('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '-d', s.databaseUrl, path.join(staging, 'database.dump')]);
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: s.databaseUrl });
      await client.connect();
      try {
        after = await facts(async (sql) => (await client.query(sql)).rows);
      } finally {
        await client.end();
      }
    } else {
      const dir = path.join(s.dataDir, 'pglite');
      if (fs.existsSync(dir) && fs.readdirSync(dir).length) {
        if (!force) fail(`${dir} already holds a database; stop the server and re-run with --force to move it aside`);
        const aside = `${dir}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        fs.renameSync(dir, aside);
        console.log(`restore: the previous database was moved to ${aside}`);
      }
      fs.mkdirSync(dir, { recursive: true });
      const { PGlite } = await import('@electric-sql/pglite');
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
      const tar = fs.readFileSync(path.join(staging, 'pglite.tar'));
      const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm }, loadDataDir: new Blob([tar]) });
      try {
        after = await facts(async (sql) => (await db.query(sql)).rows);
      } finally {
        await db.close();
      }
    }
    // Attachments are content-addressed: extracting over an existing directory only adds files.
    fs.mkdirSync(s.attachmentsDir, { recursive: true });
    run('tar', ['-xf', path.join(staging, 'attachments.tar'), '-C', s.attachmentsDir]);

    const diff = Object.keys(manifest.counts).filter((t) => manifest.counts[t] !== after.counts[t]);
    if (diff.length) fail(`restored, but the counts differ from the manifest: ${diff.map((t) => `${t} ${manifest.counts[t]} → ${after.counts[t]}`).join(', ')}`);
    if (after.migrationLevel !== manifest.migrationLevel) fail(`restored, but the migration level is ${after.migrationLevel}, the manifest says ${manifest.migrationLevel}`);
    console.log(`restore: ${target} at migration ${after.migrationLevel}, ${after.counts.complaints} complaints, ${after.counts.attachments} attachments (counts match the manifest of ${manifest.createdAt})`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
