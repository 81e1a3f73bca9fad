#!/usr/bin/env node
// `npm run backup -- [archive.tar.gz]`: one .tar.gz with the database, the attachments and a
// manifest (engine, app version, migration level, row counts). Reads the same environment as the
// server (DATABASE_URL, DATA_DIR, ATTACHMENTS_DIR).
//
// PostgreSQL: `pg_dump -Fc` of DATABASE_URL (consistent while the server runs).
// PGlite: a dump of the data directory through PGlite's dumpDataDir(). PGlite has no lock file and
// one process may open a data directory at a time: STOP THE SERVER FIRST (docs/operations.md).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const COUNTED_TABLES = ['organisations', 'users', 'categories', 'complaints', 'complaint_events', 'attachments', 'outbox', 'api_keys'];

function fail(msg) {
  console.error(`backup: ${msg}`);
  process.exit(1);
}

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  if (r.error) fail(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) fail(`${cmd} failed (exit ${r.status}): ${r.stderr.trim()}`);
}

export function settings(env = process.env) {
  const dataDir = path.resolve(env.DATA_DIR || './data');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    attachmentsDir: path.resolve(env.ATTACHMENTS_DIR || path.join(dataDir, 'attachments')),
  };
}

export async function facts(query) {
  const counts = {};
  for (const t of COUNTED_TABLES) counts[t] = Number((await query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
  const level = Number((await query('SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations'))[0].v);
  return { counts, migrationLevel: level };
}

async function main() {
  const s = settings();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const out = path.resolve(process.argv[2] || `aduan-backup-${stamp}.tar.gz`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-backup-'));
  try {
    let engine;
    let f;
    if (s.databaseUrl) {
      engine = 'postgres';
      const pg = (await import('pg')).default;
      const client = new pg.Client({ connectionString: s.databaseUrl });
      await client.connect();
      try {
        f = await facts(async (sql) => (await client.query(sql)).rows);
      } finally {
        await client.end();
      }
      run('pg_dump', ['-Fc', '--no-owner', '--no-privileges', '-f', path.join(staging, 'database.dump'), s.databaseUrl]);
    } else {
      engine = 'pglite';
      const dir = path.join(s.dataDir, 'pglite');
      if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) fail(`no PGlite database in ${dir} (set DATA_DIR, or DATABASE_URL for PostgreSQL)`);
      const { PGlite } = await import('@electric-sql/pglite');
      const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
      const db = await PGlite.create({ dataDir: dir, extensions: { pg_trgm } });
      try {
        f = await facts(async (sql) => (await db.query(sql)).rows);
        const dump = await db.dumpDataDir('none');
        fs.writeFileSync(path.join(staging, 'pglite.tar'), Buffer.from(await dump.arrayBuffer()));
      } finally {
        await db.close();
      }
    }
    if (fs.existsSync(s.attachmentsDir)) run('tar', ['-cf', path.join(staging, 'attachments.tar'), '-C', s.attachmentsDir, '.']);
    else run('tar', ['-cf', path.join(staging, 'attachments.tar'), '-T', '/dev/null']);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const manifest = { format: 1, app: pkg.name, version: pkg.version, engine, createdAt: new Date().toISOString(), migrationLevel: f.migrationLevel, counts: f.counts };
    fs.writeFileSync(path.join(staging, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    run('tar', ['-czf', out, '-C', staging, '.']);
    console.log(`backup: ${engine} at migration ${f.migrationLevel}, ${f.counts.complaints} complaints, ${f.counts.attachments} attachments → ${out}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => fail(err instanceof Error ? err.message : String(err)));
}
