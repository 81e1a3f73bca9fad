// `npm run bench` (10,000,000 complaints) and `npm run bench -- --quick` (1,000,000, short runs):
// generates the national data set through SQL into its own PostgreSQL database, starts the real
// server against it, loads it from a separate process (bench/load.mjs, autocannon), runs pgbench
// beside it, times the deadline sweep, repeats intake and inbox on PGlite with 100,000 complaints,
// captures EXPLAIN (ANALYZE, BUFFERS) of every measured query, and writes docs/benchmarks.md.
//
// Flags: --quick; --render (rewrite docs/benchmarks.md from bench/last-run.json); --size N (any size, for trying it out); --reuse (keep the existing aduan_bench
// data, skip generation, and report the generation figures stored with it; the data is as earlier
// runs left it — their intake rows, their sweep's escalations and reminders, their unsent outbox
// events — so the figures of record come from a run without --reuse); --generate-only (generate
// and store, measure nothing: generation and measurement can then be run at different times);
// --plans-only (capture the query plans again on the kept data set into the last run's figures);
// --no-pglite; --duration S / --warmup S (seconds per run).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite, openPostgres, type Db, type Queryable } from '../server/db/client';
import { migrate } from '../server/db/migrate';
import { createUser, loadActor } from '../server/modules/users';
import { trainTriage } from '../server/modules/triage/classifier';
import { getComplaint, listComplaints } from '../server/modules/complaints/queries';
import { submitComplaint } from '../server/modules/complaints/commands';
import { OPEN_STATUSES } from '../server/modules/complaints/lifecycle';
import { evaluationReport, renderEvaluationReport, statsSummary } from '../server/modules/dashboards';
import { sweepDeadlines } from '../server/jobs/deadlines';
import { addWorkingDays, calendarFor } from '../server/modules/deadlines';
import { GUEST, type Actor } from '../server/modules/access/actor';
import { generate, type GenerateResult } from './generate';
import { generateCorpus } from '../test/support/triage-corpus';
import { renderReport, writeReport, type BenchResults, type LoadResult, type PlanSet } from './report';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const PG_HOST = process.env.BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432';
const BENCH_DB = process.env.BENCH_DB ?? 'aduan_bench';
const PASSWORD = 'bench-password-2026';

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(`--${name}`);
const opt = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = flag('quick');
const size = Number(opt('size') ?? (quick ? 1_000_000 : 10_000_000));
const duration = Number(opt('duration') ?? (quick ? 10 : 20));
const warmup = Number(opt('warmup') ?? (quick ? 3 : 5));
const pgliteSize = Number(opt('pglite-size') ?? 100_000);
const started = new Date();
const log = (m: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${m}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

interface Server {
  child: ChildProcess;
  port: number;
  out: string[];
  readyMs: number;
}

let serverBuilt: true | undefined;

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const out: string[] = [];
  const t0 = Date.now();
  // The server as `npm start` runs it: precompiled (scripts/build-server.mjs, built once per run).
  serverBuilt ??= (execFileSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, stdio: 'inherit' }), true);
  const child = spawn(process.execPath, ['dist/server/main.js'], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', TRUST_PROXY: 'loopback', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => out.push(String(d)));
  let exited = false;
  child.on('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`server exited while starting:\n${out.join('').slice(-3000)}`);
    if (Date.now() - t0 > 300_000) throw new Error(`server not ready in 300 s:\n${out.join('').slice(-3000)}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, port, out, readyMs: Date.now() - t0 };
}

async function stopServer(s: Server): Promise<void> {
  if (s.child.exitCode !== null) return;
  const done = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  const t = setTimeout(() => s.child.kill('SIGKILL'), 20_000);
  await done;
  clearTimeout(t);
}

function rssKb(pid: number): { rss: number; hwm: number } {
  try {
    const st = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const n = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(st)?.[1] ?? 0);
    return { rss: n('VmRSS'), hwm: n('VmHWM') };
  } catch {
    return { rss: 0, hwm: 0 };
  }
}

/** One autocannon run in a child process, sampling the server's RSS meanwhile. */
async function load(name: string, server: Server, cfg: Record<string, unknown>): Promise<LoadResult> {
  const file = path.join(os.tmpdir(), `aduan-bench-${process.pid}-${crypto.randomBytes(3).toString('hex')}.json`);
  fs.writeFileSync(file, JSON.stringify({ url: `http://127.0.0.1:${server.port}`, warmup, duration, connections: 10, ...cfg }));
  const child = spawn(process.execPath, [path.join(ROOT, 'bench/load.mjs'), file], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  let peakRss = 0;
  let measuring = false;
  child.stdout!.on('data', (d) => {
    out += String(d);
    if (out.includes('MEASURE')) measuring = true;
  });
  child.stderr!.on('data', (d) => (err += String(d)));
  const timer = setInterval(() => {
    if (measuring) peakRss = Math.max(peakRss, rssKb(server.child.pid!).rss);
  }, 200);
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  clearInterval(timer);
  fs.rmSync(file, { force: true });
  const line = out.split('\n').find((l) => l.startsWith('RESULT '));
  if (code !== 0 || !line) throw new Error(`load generator for ${name} failed (${code}): ${err.slice(-2000)}`);
  const r = JSON.parse(line.slice(7));
  const res: LoadResult = { name, connections: (cfg.connections as number) ?? 10, ...r, peakRssMb: peakRss / 1024 };
  for (const k of ['p50', 'p95', 'p99', 'max', 'mean'] as const) if (typeof res[k] === 'number') res[k] = Math.round(res[k]! * 10) / 10;
  log(`${name}: ${res.rps.toFixed(1)} req/s, p50 ${res.p50} ms, p95 ${res.p95} ms, p99 ${res.p99} ms, non-2xx ${res.non2xx} ${JSON.stringify(res.statusCodes)}, RSS ${res.peakRssMb.toFixed(0)} MB`);
  if (res.non2xx > 0 && cfg.kind === 'intake') {
    // Say why, once: the first refused body.
    const probe = await fetch(`http://127.0.0.1:${server.port}/api/v1/complaints`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() }, body: JSON.stringify({ type: 'pengaduan', title: 'Uji', body: 'Uji beban', reporter: { name: 'Uji' } }) });
    log(`  probe intake: ${probe.status} ${(await probe.text()).slice(0, 300)}`);
  }
  return res;
}

async function login(port: number, username: string): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { token: string }).token;
}

/** Sequential requests, each timed (reports: seconds each, not a rate). */
async function timed(name: string, port: number, token: string, pathQ: string, n: number): Promise<LoadResult> {
  const times: number[] = [];
  let bytes = 0;
  let status = 0;
  await fetch(`http://127.0.0.1:${port}${pathQ}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.arrayBuffer());
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    const r = await fetch(`http://127.0.0.1:${port}${pathQ}`, { headers: { authorization: `Bearer ${token}` } });
    bytes = (await r.arrayBuffer()).byteLength;
    status = r.status;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const res: LoadResult = {
    name,
    connections: 1,
    requests: n,
    seconds: times.reduce((a, b) => a + b, 0) / 1000,
    rps: n / (times.reduce((a, b) => a + b, 0) / 1000),
    p50: Math.round(times[Math.floor(n / 2)]!),
    p95: Math.round(times[Math.min(n - 1, Math.ceil(0.95 * n) - 1)]!),
    p99: Math.round(times[n - 1]!),
    max: Math.round(times[n - 1]!),
    mean: times.reduce((a, b) => a + b, 0) / n,
    non2xx: status === 200 ? 0 : n,
    errors: 0,
    timeouts: 0,
    statusCodes: { [status]: { count: n } },
    peakRssMb: 0,
    note: `${n} sequential requests, ${(bytes / 1024).toFixed(0)} KiB each`,
  };
  log(`${name}: median ${res.p50} ms, max ${res.max} ms (${res.note}, status ${status})`);
  return res;
}

/** A Db that runs EXPLAIN (ANALYZE, BUFFERS) before every read it is asked for, and keeps the plans. */
function explaining(db: Db, sink: { sql: string; plan: string; ms: number }[]): Db {
  const wrap = (q: Queryable, inTx: boolean): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      // Leading comments are part of some statements (the dashboards' explains itself).
      const head = sql.replace(/^(\s*--[^\n]*\n)*\s*/, '');
      const read = /^(WITH|SELECT)\b/i.test(head) && !/FOR UPDATE|set_config|pg_advisory/i.test(sql);
      // A data-modifying WITH (intake writes its complaint, timeline, outbox and idempotency rows in
      // one) is analysed inside a savepoint that is rolled back, so it then runs once for real.
      const writes = read && /\b(INSERT|UPDATE|DELETE)\b/i.test(head);
      if (read && (!writes || inTx)) {
        if (writes) await q.query('SAVEPOINT bench_explain');
        const r = await q.query<Record<string, string>>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        if (writes) await q.query('ROLLBACK TO SAVEPOINT bench_explain');
        const plan = r.rows.map((x) => Object.values(x)[0]).join('\n');
        const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
        sink.push({ sql, plan, ms });
      }
      return q.query<T>(sql, params);
    },
    exec: (sql: string) => q.exec(sql),
  });
  const base = wrap(db, false);
  return { engine: db.engine, query: base.query, exec: base.exec, tx: (fn) => db.tx((q) => fn(wrap(q, true))), close: () => db.close() };
}

async function capturePlans(name: string, db: Db, fn: (d: Db) => Promise<unknown>): Promise<PlanSet> {
  const sink: { sql: string; plan: string; ms: number }[] = [];
  await fn(explaining(db, sink));
  // The slowest instance of each distinct statement, slowest first.
  const bySql = new Map<string, { sql: string; plan: string; ms: number }>();
  for (const s of sink) if ((bySql.get(s.sql)?.ms ?? -1) < s.ms) bySql.set(s.sql, s);
  const plans = [...bySql.values()].sort((a, b) => b.ms - a.ms);
  return { name, statements: sink.length, plans: plans.slice(0, 3) };
}

function machine() {
  const cpu = os.cpus();
  let pg = '';
  try {
    pg = execFileSync('psql', [`${PG_HOST}/postgres`, '-Atc', 'SELECT version()'], { encoding: 'utf8' }).trim();
  } catch {}
  const settings: Record<string, string> = {};
  for (const k of ['shared_buffers', 'work_mem', 'maintenance_work_mem', 'effective_cache_size', 'max_connections', 'synchronous_commit', 'random_page_cost']) {
    try {
      settings[k] = execFileSync('psql', [`${PG_HOST}/postgres`, '-Atc', `SHOW ${k}`], { encoding: 'utf8' }).trim();
    } catch {}
  }
  let disk = '';
  try {
    disk = execFileSync('df', ['-h', '/'], { encoding: 'utf8' }).trim().split('\n')[1] ?? '';
  } catch {}
  return {
    cpuModel: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    ramGb: os.totalmem() / 1024 ** 3,
    loadavg: os.loadavg(),
    node: process.version,
    postgres: pg,
    pglite: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version as string,
    autocannon: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/autocannon/package.json'), 'utf8')).version as string,
    settings,
    disk,
    kernel: os.release(),
  };
}

async function dbSize(db: Db): Promise<Record<string, string>> {
  const r = await db.query<{ name: string; size: string }>(
    `SELECT 'database' AS name, pg_size_pretty(pg_database_size(current_database())) AS size
     UNION ALL SELECT 'complaints (table)', pg_size_pretty(pg_table_size('complaints'))
     UNION ALL SELECT 'complaints (indexes)', pg_size_pretty(pg_indexes_size('complaints'))
     UNION ALL SELECT 'complaint_events (table)', pg_size_pretty(pg_table_size('complaint_events'))
     UNION ALL SELECT 'complaint_events (indexes)', pg_size_pretty(pg_indexes_size('complaint_events'))`,
  );
  return Object.fromEntries(r.rows.map((x) => [x.name, x.size]));
}

interface Subjects {
  regency: { code: string; name: string; id: number };
  province: { code: string; name: string };
  unit: { code: string; name: string; open: number };
  tracking: string[];
  regions: string[];
  year: number;
}

async function pickSubjects(db: Db): Promise<Subjects> {
  const regency = (
    await db.query<{ code: string; name: string; id: number }>(
      `SELECT o.code, o.name, o.id FROM complaints c JOIN organisations o ON o.id = c.admin_org_id
        WHERE o.type IN ('regency', 'city') GROUP BY o.id ORDER BY count(*) DESC LIMIT 1`,
    )
  ).rows[0]!;
  const province = (await db.query<{ code: string; name: string }>(`SELECT code, name FROM organisations WHERE code = split_part($1, '.', 1)`, [regency.code])).rows[0]!;
  const unit = (
    await db.query<{ code: string; name: string; open: number }>(
      `SELECT o.code, o.name, count(*)::int AS open FROM complaints c JOIN organisations o ON o.id = c.holder_org_id
        WHERE c.admin_org_id = $1 AND c.status = ANY($2::text[]) GROUP BY o.id ORDER BY count(*) DESC LIMIT 1`,
      [regency.id, OPEN_STATUSES],
    )
  ).rows[0] ?? { code: `${regency.code}.pupr`, name: 'PUPR', open: 0 };
  // Public complaints spread over the whole table (a sample by id, not the newest ones only).
  const tracking = (
    await db.query<{ t: string }>(
      `SELECT tracking_number AS t FROM complaints TABLESAMPLE SYSTEM (1)
        WHERE verified_at IS NOT NULL AND NOT confidential AND status NOT IN ('submitted', 'rejected', 'archived') LIMIT 2000`,
    )
  ).rows.map((r) => r.t);
  const regions = (await db.query<{ code: string }>(`SELECT code FROM organisations WHERE type IN ('regency', 'city') ORDER BY code`)).rows.map((r) => r.code);
  return { regency, province, unit, tracking, regions, year: started.getUTCFullYear() - 1 };
}

async function createBenchUsers(db: Db, s: Subjects): Promise<void> {
  const users = [
    { username: 'bench.liaison', role: 'liaison' as const, org: s.unit.code },
    { username: 'bench.bupati', role: 'leader' as const, org: s.regency.code },
    { username: 'bench.gubernur', role: 'leader' as const, org: s.province.code },
    { username: 'bench.nasional', role: 'national_admin' as const, org: 'kemenpanrb' },
  ];
  await db.tx(async (q) => {
    for (const u of users) {
      const id = (await q.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [u.username])).rows[0]?.id;
      if (id === undefined) {
        await createUser(q, { username: u.username, displayName: u.username, password: PASSWORD, roles: [{ role: u.role, organisationCode: u.org }] });
      } else {
        // A reused database: the same account, its role moved to this run's subject.
        await q.query('DELETE FROM role_assignments WHERE user_id = $1', [id]);
        await q.query('INSERT INTO role_assignments (user_id, role, organisation_id) SELECT $1, $2, id FROM organisations WHERE code = $3', [id, u.role, u.org]);
      }
    }
  });
}

async function actorOf(db: Db, username: string): Promise<Actor> {
  const id = (await db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id;
  return (await loadActor(db, id))!;
}

/**
 * A current routing model, trained on a sample: the worker otherwise retrains at start from every
 * verified complaint in the database (see the report: unbounded at national scale).
 */
async function seedTriageModel(db: Db): Promise<void> {
  const corpus = generateCorpus(60, 5);
  const model = trainTriage(corpus.map((c) => ({ text: `${c.title} ${c.body}`, category: c.category, units: [{ label: c.unit, weight: 1 }] })), new Date());
  await db.query('INSERT INTO triage_models (trained_at, examples, model) VALUES ($1, $2, $3)', [new Date(), corpus.length, JSON.stringify(model)]);
}

const SEARCH_TERMS = ['jalan rusak', 'banjir', 'KTP elektronik', 'sampah menumpuk', 'BPJS', 'guru honorer', 'pungli', 'lampu jalan mati', 'air PDAM keruh', 'parkir liar', 'bansos tidak tepat sasaran', 'puskesmas antrean'];

function intakeTexts() {
  return generateCorpus(4, 99).map((c) => ({ title: c.title, body: c.body, category: c.category }));
}

function inboxPath(unitCode: string) {
  return `/api/v1/complaints?sort=due&organisation=${encodeURIComponent(unitCode)}&status=${OPEN_STATUSES.join(',')}&limit=50`;
}

async function pgbench(url: string): Promise<LoadResult> {
  const script = path.join(os.tmpdir(), `aduan-bench-insert-${process.pid}.sql`);
  // The same row the intake inserts (columns and sizes of a guest web complaint), one per transaction.
  fs.writeFileSync(
    script,
    `\\set n random(1, 99999999999)
INSERT INTO complaints (tracking_number, access_code_hash, type, title, body, category_id, status, channel, admin_org_id, admin_org_path, province_path,
  region_code, address, anonymous, confidential, reporter_name, reporter_phone, created_at, updated_at, due_at, due_kind, quality_score)
VALUES ('P' || lpad(:n::text, 11, '0'), '9f2c5d0e7a1b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5', 'pengaduan',
  'Jalan kabupaten rusak parah di Kecamatan Sukasada', 'Mohon perhatian, jalan kabupaten di Kecamatan Sukasada rusak parah sejak dua minggu lalu. Banyak pengendara motor jatuh karena lubang sedalam 30 cm, terutama saat hujan. Mohon segera ditindaklanjuti. Terima kasih.',
  (SELECT min(id) FROM categories WHERE parent_id IS NOT NULL), 'submitted', 'web', 2, '/1/2/', '/1/2/', '51.08', 'Jl. Merdeka No. 12', false, false, 'Warga Uji Beban',
  '+6281234567890', now(), now(), now() + interval '3 days', 'verification', 0.8)
ON CONFLICT (tracking_number) DO NOTHING;
`,
  );
  const out = execFileSync('pgbench', ['-n', '-c', '10', '-j', '2', '-T', String(duration), '-f', script, url], { encoding: 'utf8' });
  fs.rmSync(script, { force: true });
  const tps = Number(/tps = ([\d.]+)/.exec(out)?.[1] ?? 0);
  const lat = Number(/latency average = ([\d.]+) ms/.exec(out)?.[1] ?? 0);
  const res: LoadResult = {
    name: 'pgbench single-row INSERT into complaints',
    connections: 10,
    requests: Number(/number of transactions actually processed: (\d+)/.exec(out)?.[1] ?? 0),
    seconds: duration,
    rps: tps,
    p50: null,
    p95: null,
    p99: null,
    max: null,
    mean: lat,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    statusCodes: {},
    peakRssMb: 0,
    note: 'latency: average only (pgbench)',
  };
  log(`pgbench: ${tps.toFixed(0)} tps, average ${lat} ms`);
  return res;
}

/** EXPLAIN (ANALYZE, BUFFERS) of every measured path, through the same module functions. */
async function captureAllPlans(db: Db, subjects: Subjects, texts: ReturnType<typeof intakeTexts>, now: Date, results: Pick<BenchResults, 'plans' | 'notes'>): Promise<Date> {
  const liaison = await actorOf(db, 'bench.liaison');
  const bupati = await actorOf(db, 'bench.bupati');
  const gubernur = await actorOf(db, 'bench.gubernur');
  const nasional = await actorOf(db, 'bench.nasional');
  const ctxFor = (d: Db) => ({ db: d, clock: { now: () => new Date() }, attachmentsDir: path.join(os.tmpdir(), 'aduan-bench-att') });
  const planOf = async (name: string, fn: (d: Db) => Promise<unknown>) => {
    try {
      results.plans.push(await capturePlans(name, db, fn));
    } catch (err) {
      results.notes.push(`EXPLAIN of ${name} failed: ${(err as Error).message}`);
    }
  };
  await planOf('Intake (submitComplaint)', (d) =>
    submitComplaint(ctxFor(d), GUEST, { type: 'pengaduan', title: texts[0]!.title, body: texts[0]!.body, categoryCode: texts[0]!.category, location: { regionCode: subjects.regency.code }, reporter: { name: 'Warga Uji', phone: '+6281234500000' } }, [], crypto.randomUUID()),
  );
  await planOf('Tracking lookup', (d) => getComplaint(d, GUEST, subjects.tracking[7] ?? subjects.tracking[0]!, { now }));
  await planOf('Inbox', (d) => listComplaints(d, liaison, { sort: 'due', organisation: subjects.unit.code, status: OPEN_STATUSES.join(','), limit: 50 }, now));
  await planOf('Full-text search ("jalan rusak")', (d) => listComplaints(d, nasional, { q: 'jalan rusak', limit: 20 }, now));
  await planOf('Full-text search ("pungli")', (d) => listComplaints(d, nasional, { q: 'pungli', limit: 20 }, now));
  await planOf('Regency dashboard', (d) => statsSummary(d, bupati, { organisation: subjects.regency.code, from: `${subjects.year}-01-01`, to: `${subjects.year}-12-31` }, now));
  await planOf('Province dashboard', (d) => statsSummary(d, gubernur, { organisation: subjects.province.code }, now));
  await planOf('Evaluation report', async (d) => renderEvaluationReport(await evaluationReport(d, bupati, { organisation: subjects.regency.code }, now), 'xlsx'));
  // "A day later" must contain a working day (due dates fall at the end of working days): the end
  // of the next working day in WIB, the zone whose day ends last in UTC.
  const nextWorkingDayEnd = addWorkingDays(await calendarFor(db, null), now, 1, 'WIB');
  await planOf('Deadline sweep (candidate pages)', (d) => sweepDeadlines({ db: d, now: nextWorkingDayEnd, maxPerStep: 20, batchSize: 20 }));
  return nextWorkingDayEnd;
}

async function main() {
  if (flag('render')) {
    // Re-renders docs/benchmarks.md from the figures of the last run (bench/last-run.json), e.g.
    // after a change to the report's wording; no figure is recomputed.
    const saved = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/last-run.json'), 'utf8')) as BenchResults;
    writeReport(path.join(ROOT, 'docs/benchmarks.md'), renderReport(saved));
    log(`re-rendered docs/benchmarks.md from the run of ${saved.startedAt}`);
    return;
  }
  if (flag('plans-only')) {
    // Captures the query plans again on the kept data set and puts them into the last run's figures
    // (bench/last-run.json), saying so: for when a run's own capture missed statements.
    const saved = JSON.parse(fs.readFileSync(path.join(ROOT, 'bench/last-run.json'), 'utf8')) as BenchResults;
    const db = await openPostgres(`${PG_HOST}/${BENCH_DB}`, 4);
    const subjects = await pickSubjects(db);
    await createBenchUsers(db, subjects);
    const fresh: Pick<BenchResults, 'plans' | 'notes'> = { plans: [], notes: [] };
    await captureAllPlans(db, subjects, intakeTexts(), new Date(), fresh);
    await db.close();
    saved.plans = fresh.plans;
    saved.notes = [
      ...saved.notes.filter((n) => !n.startsWith('EXPLAIN of')),
      ...fresh.notes,
      `The query plans below were captured by \`npm run bench -- --plans-only\` at ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, right after this run and on its data set: the run's own capture had missed two statements (one starting with a SQL comment, and intake's data-modifying WITH, which is now analysed inside a rolled-back savepoint).`,
    ];
    fs.writeFileSync(path.join(ROOT, 'bench/last-run.json'), JSON.stringify(saved, null, 2));
    writeReport(path.join(ROOT, 'docs/benchmarks.md'), renderReport(saved));
    log('plans captured again; wrote docs/benchmarks.md and bench/last-run.json');
    return;
  }
  log(`benchmark: ${size.toLocaleString('en')} complaints, runs of ${duration} s after ${warmup} s warm-up${quick ? ' (--quick)' : ''}`);
  const results: BenchResults = {
    startedAt: started.toISOString(),
    quick,
    size,
    duration,
    warmup,
    machine: machine(),
    command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}`,
    runs: [],
    timed: [],
    plans: [],
    sweep: [],
    pglite: undefined,
    notes: [],
  };
  log(`machine: ${results.machine.cpuModel}, ${results.machine.cores} cores, load ${results.machine.loadavg.map((x) => x.toFixed(1)).join(' ')}`);

  // ---------------------------------------------------------------- PostgreSQL data
  const url = `${PG_HOST}/${BENCH_DB}`;
  if (!flag('reuse')) {
    const admin = await openPostgres(`${PG_HOST}/postgres`, 1);
    await admin.query(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${BENCH_DB}`);
    await admin.close();
  }
  const db = await openPostgres(url, 4);
  await migrate(db);
  let gen: GenerateResult | undefined;
  if (!flag('reuse')) {
    gen = await generate(db, { size, now: started, batch: size >= 1_000_000 ? 50_000 : 10_000, parallel: 2, dropIndexes: size >= 50_000, log });
    log(`generated ${gen.complaints.toLocaleString('en')} complaints, ${gen.events.toLocaleString('en')} events in ${(gen.ms.total / 1000).toFixed(0)} s`);
    // Kept with the data, so that a later --reuse run reports how this data set was made.
    await db.exec('CREATE TABLE IF NOT EXISTS bench_generation (at timestamptz NOT NULL, result jsonb NOT NULL)');
    await db.query('INSERT INTO bench_generation (at, result) VALUES ($1, $2)', [started, JSON.stringify(gen)]);
    if (flag('generate-only')) {
      await db.close();
      log('--generate-only: data set stored; measure it with `npm run bench -- --reuse`');
      return;
    }
  } else {
    const stored = await db.query<{ at: Date; result: GenerateResult }>(
      'SELECT at, result FROM bench_generation ORDER BY at DESC LIMIT 1',
    ).catch(() => ({ rows: [] as { at: Date; result: GenerateResult }[] }));
    if (stored.rows[0]) gen = { ...stored.rows[0].result, generatedAt: new Date(stored.rows[0].at).toISOString() };
  }
  results.generation = gen;
  results.dbSize = await dbSize(db);
  results.dataShape = (
    await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM complaints GROUP BY status ORDER BY n DESC')
  ).rows;
  const subjects = await pickSubjects(db);
  results.subjects = { regency: subjects.regency, province: subjects.province, unit: subjects.unit, year: subjects.year };
  results.subjectCounts = (
    await db.query<Record<string, number>>(
      `SELECT (SELECT count(*) FROM complaints WHERE admin_org_path LIKE (SELECT path FROM organisations WHERE code = $1) || '%')::int AS regency_all,
              (SELECT count(*) FROM complaints WHERE admin_org_path LIKE (SELECT path FROM organisations WHERE code = $1) || '%'
                  AND created_at >= make_date($3, 1, 1) AND created_at < make_date($3 + 1, 1, 1))::int AS regency_year,
              (SELECT count(*) FROM complaints WHERE admin_org_path LIKE (SELECT path FROM organisations WHERE code = $2) || '%'
                  AND created_at >= date_trunc('year', now()))::int AS province_ytd,
              (SELECT count(*) FROM complaints WHERE status IN ('submitted', 'disposed', 'in_progress', 'responded', 'returned', 'on_hold'))::int AS open_all`,
      [subjects.regency.code, subjects.province.code, subjects.year],
    )
  ).rows[0];
  await createBenchUsers(db, subjects);
  await seedTriageModel(db);
  log(`subjects: regency ${subjects.regency.code} ${subjects.regency.name}, province ${subjects.province.code}, unit ${subjects.unit.code} (${subjects.unit.open} open)`);

  // ---------------------------------------------------------------- HTTP on PostgreSQL
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-data-'));
  const server = await startServer({ DATABASE_URL: url, DATA_DIR: dataDir, SEED_DEMO: '0', DATABASE_POOL_SIZE: '10' });
  results.postgresReadyMs = server.readyMs;
  log(`server ready in ${server.readyMs} ms (pid ${server.child.pid})`);
  const tokens = {
    liaison: await login(server.port, 'bench.liaison'),
    bupati: await login(server.port, 'bench.bupati'),
    gubernur: await login(server.port, 'bench.gubernur'),
    nasional: await login(server.port, 'bench.nasional'),
  };
  const auth = (t: string) => ({ authorization: `Bearer ${t}` });
  const texts = intakeTexts();
  try {
    results.runs.push(await load('GET /healthz (HTTP ceiling)', server, { kind: 'paths', paths: ['/healthz'] }));
    results.runs.push(await load('POST /api/v1/complaints (guest intake)', server, { kind: 'intake', intake: { texts, regions: subjects.regions } }));
    // The worker handles the new complaints' outbox events (notifications) after the intake run:
    // let it finish before the read runs, so that they measure the reads, and time how long it took.
    {
      const t = Date.now();
      const pending = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE processed_at IS NULL')).rows[0]!.n;
      const first = await pending();
      let left = first;
      while (left > 0 && Date.now() - t < 180_000) {
        await new Promise((r) => setTimeout(r, 1000));
        left = await pending();
      }
      results.outboxDrain = { pending: first, left, ms: Date.now() - t };
      log(`outbox after intake: ${first} events pending, ${left} left after ${((Date.now() - t) / 1000).toFixed(0)} s`);
    }
    const pgbenchFrom = new Date(Date.now() - 1000);
    results.runs.push(await pgbench(url));
    // pgbench's rows are tens of thousands of complaints filed in the same seconds and all due at
    // the same instant: they would turn the deadline sweep below into a burst of reminders. Found by
    // time (complaints_created_idx), and without the foreign-key checks: nothing refers to them, and
    // the check of the self-reference merged_into_id (not indexed) would scan the table per row.
    const removed = await db.tx(async (q) => {
      await q.query("SELECT set_config('session_replication_role', 'replica', true)");
      return q.query(`DELETE FROM complaints WHERE created_at >= $1 AND created_at <= now() AND tracking_number ~ '^P[0-9]{11}$'`, [pgbenchFrom]);
    });
    log(`removed ${removed.rowCount} pgbench rows`);
    results.runs.push(await load('GET /api/v1/complaints/{tracking} (public lookup)', server, { kind: 'paths', paths: subjects.tracking.map((t) => `/api/v1/complaints/${t}`) }));
    results.runs.push(await load("Inbox: a unit's open complaints, overdue first (liaison)", server, { kind: 'paths', paths: [inboxPath(subjects.unit.code)], headers: auth(tokens.liaison) }));
    results.runs.push(
      await load('Full-text search over all complaints (national admin)', server, {
        kind: 'paths',
        paths: SEARCH_TERMS.map((t) => `/api/v1/complaints?q=${encodeURIComponent(t)}&limit=20`),
        headers: auth(tokens.nasional),
      }),
    );
    const from = `${subjects.year}-01-01`;
    const to = `${subjects.year}-12-31`;
    results.runs.push(
      await load(`Regency dashboard, one year (${subjects.regency.code}, ${subjects.year})`, server, {
        kind: 'paths',
        paths: [`/api/v1/stats/summary?organisation=${subjects.regency.code}&from=${from}&to=${to}`],
        headers: auth(tokens.bupati),
        connections: 4,
        timeout: 120,
      }),
    );
    results.runs.push(
      await load(`Province dashboard, year to date (${subjects.province.code})`, server, {
        kind: 'paths',
        paths: [`/api/v1/stats/summary?organisation=${subjects.province.code}`],
        headers: auth(tokens.gubernur),
        connections: 4,
        timeout: 120,
      }),
    );
    const n = 5;
    results.timed.push(await timed(`Evaluation report JSON (${subjects.regency.code})`, server.port, tokens.bupati, `/api/v1/reports/evaluation?organisation=${subjects.regency.code}&format=json`, n));
    results.timed.push(await timed(`Evaluation report XLSX (${subjects.regency.code})`, server.port, tokens.bupati, `/api/v1/reports/evaluation?organisation=${subjects.regency.code}&format=xlsx`, n));
    results.serverHwmMb = rssKb(server.child.pid!).hwm / 1024;
    log(`server VmHWM ${results.serverHwmMb.toFixed(0)} MB`);
  } finally {
    await stopServer(server);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  // ---------------------------------------------------------------- Query plans (in-process, same module functions)
  const now = new Date();
  const nextWorkingDayEnd = await captureAllPlans(db, subjects, texts, now, results);

  // ---------------------------------------------------------------- The deadline sweep
  // Steady state first (the data is as the worker would have left it), then the next day's work.
  for (const [label, at] of [
    ['now (steady state)', now],
    ['the end of the next working day (one working day of due dates)', nextWorkingDayEnd],
  ] as const) {
    const t = Date.now();
    // Bounded so that a slow pass cannot hold up the rest of the benchmark; a stopped pass says so.
    const limitMs = 240_000;
    const r = await sweepDeadlines({ db, now: at, maxPerStep: Number.MAX_SAFE_INTEGER, attachmentsDir: path.join(os.tmpdir(), 'aduan-bench-att'), shouldStop: () => Date.now() - t > limitMs });
    const ms = Date.now() - t;
    results.sweep.push({ label, ms, closed: r.closed, escalated: r.escalated, reminded: r.reminded, errors: r.errors, stopped: ms > limitMs });
    log(`sweep at ${label}: ${(ms / 1000).toFixed(1)} s, closed ${r.closed}, escalated ${r.escalated}, reminded ${r.reminded}, errors ${r.errors}`);
  }
  await db.close();

  // ---------------------------------------------------------------- PGlite
  if (!flag('no-pglite')) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-pglite-'));
    try {
      const t = Date.now();
      const lite = await openPglite(path.join(dir, 'pglite'));
      await migrate(lite);
      const g = await generate(lite, { size: pgliteSize, now: started, batch: 10_000, dropIndexes: true, log });
      const s = await pickSubjects(lite);
      await createBenchUsers(lite, s);
      await seedTriageModel(lite);
      await lite.close();
      const genMs = Date.now() - t;
      log(`PGlite: ${g.complaints.toLocaleString('en')} complaints generated in ${(genMs / 1000).toFixed(0)} s`);
      // The fixed cost first: the same server on an empty (migrated) PGlite directory.
      const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bench-pglite-empty-'));
      let emptyReadyMs = 0;
      try {
        const e = await openPglite(path.join(emptyDir, 'pglite'));
        await migrate(e);
        await e.close();
        const s0 = await startServer({ DATA_DIR: emptyDir, SEED_DEMO: '0' });
        emptyReadyMs = s0.readyMs;
        await stopServer(s0);
      } finally {
        fs.rmSync(emptyDir, { recursive: true, force: true });
      }
      log(`PGlite server on an empty database ready in ${emptyReadyMs} ms`);
      const server2 = await startServer({ DATA_DIR: dir, SEED_DEMO: '0' });
      log(`PGlite server ready in ${server2.readyMs} ms`);
      try {
        const liaisonToken = await login(server2.port, 'bench.liaison');
        const intake = await load('PGlite: POST /api/v1/complaints (guest intake)', server2, { kind: 'intake', intake: { texts, regions: s.regions } });
        const inbox = await load("PGlite: inbox (liaison)", server2, { kind: 'paths', paths: [inboxPath(s.unit.code)], headers: { authorization: `Bearer ${liaisonToken}` } });
        results.pglite = { complaints: g.complaints, events: g.events, generationMs: genMs, readyMs: server2.readyMs, emptyReadyMs, intake, inbox, unit: s.unit, hwmMb: rssKb(server2.child.pid!).hwm / 1024 };
      } finally {
        await stopServer(server2);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  results.finishedAt = new Date().toISOString();
  results.machine.loadavgEnd = os.loadavg();
  fs.writeFileSync(path.join(ROOT, 'bench/last-run.json'), JSON.stringify(results, null, 2));
  writeReport(path.join(ROOT, 'docs/benchmarks.md'), renderReport(results));
  log('wrote docs/benchmarks.md and bench/last-run.json');
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
