// Scale-out (issue #10, item 2): three web processes (their in-process worker off) and two
// `npm run worker` processes on one PostgreSQL database, with a round-robin over the three base URLs
// in the test. 5,000 guest complaints go in through all three apps (some retried with the same
// Idempotency-Key against another app, some sent to two apps at once); a few hundred are routed and
// their due dates moved in SQL so that reminders and the whole escalation ladder fire while both
// workers sweep. A loopback webhook receiver and a fake Kannel sendsms endpoint stand for the outside
// world and count every delivery. At the end: every complaint once, every event processed, each
// webhook event received exactly once (delivery is at-least-once by design, so a run without
// failures must show no duplicates), each SMS sent exactly once per (event, phone), and each
// escalation level and reminder exactly once per complaint and due date.
//
// PostgreSQL only: the standalone worker refuses the embedded database, which the PGlite tier checks.
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client';
import { planSms } from '../../server/modules/sms/gsm';
import { ACCESS_CODE_PLACEHOLDER } from '../../server/modules/sms/replies';
import { sendsmsUrl, type SmsGatewayConfig } from '../../server/modules/sms/outbound';
import { verifySignature } from '../../server/modules/webhooks/deliver';
import { MAX_ESCALATION_LEVEL } from '../../server/jobs/deadlines';
import { ENGINE, testDatabaseUrl, testDb } from '../support/db';
import { SUBMIT_LIMITS_OFF, TEST_PASSWORD } from '../support/env';
import { freePort, startServer, waitHealthy, type ServerProcess } from '../support/process';

const COMPLAINTS = 5000;
const CONCURRENCY = 20;
const TITLE_PREFIX = 'skala ';
/** Complaints routed to PUPR Buleleng; the first half gets an overdue due date, the second a due date in two hours. */
const ROUTED = 300;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** A query string as it travels: fetch's URL parser percent-encodes the apostrophe that encodeURIComponent leaves. */
const wire = (query: string) => query.replace(/'/g, '%27');

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
});

it('`npm run worker` refuses the embedded database with a clear message (exit 2)', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-worker-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const w = startServer({ DATA_DIR: dir, DATABASE_URL: '', LOG_LEVEL: 'info' }, 'server/worker.ts');
  expect(await w.exited).toBe(2);
  const out = w.out.join('');
  expect(out).toContain('the standalone worker needs DATABASE_URL (PostgreSQL)');
  expect(out).toContain('WORKER_IN_PROCESS=true');
  expect(out).not.toMatch(/\n\s+at /); // a message, not a stack trace
  // It stopped before opening anything: no embedded database was created.
  expect(fs.existsSync(path.join(dir, 'pglite'))).toBe(false);
}, 60_000);

/** A loopback HTTP server; `handle` answers each request after its body has been read. */
async function listen(handle: (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res));
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

interface Submission {
  i: number;
  key: string;
  body: Record<string, unknown>;
  phone: string | null;
  buleleng: boolean;
  /** Every answer for this key: the app that gave it, its status and tracking number. */
  answers: { app: number; status: number; trackingNumber?: string; text: string }[];
}

interface HookReceipt {
  eventId: string;
  type: string;
  webhookId: number;
  trackingNumber: string;
  signed: boolean;
}

if (ENGINE === 'postgres') {
  describe('scale-out: 3 apps and 2 workers on one PostgreSQL database', () => {
    let db: Db;
    let url: string;

    beforeAll(async () => {
      db = await testDb();
      url = testDatabaseUrl(db)!;
    });

    it('5,000 complaints through all apps; every escalation, reminder, webhook and SMS exactly once', async () => {
      const t0 = Date.now();
      const secret = new Map<number, string>();

      // --- The outside world -----------------------------------------------------------------
      const hooks: HookReceipt[] = [];
      const receiver = await listen((req, body, res) => {
        let parsed: { id: string; type: string; webhookId: number; data: { complaint: { trackingNumber: string } } };
        try {
          parsed = JSON.parse(body);
        } catch {
          res.writeHead(400).end();
          return;
        }
        const sig = String(req.headers['x-aduan-signature'] ?? '');
        const key = secret.get(parsed.webhookId);
        hooks.push({
          eventId: String(req.headers['x-aduan-event-id']),
          type: String(req.headers['x-aduan-event']),
          webhookId: parsed.webhookId,
          trackingNumber: parsed.data.complaint.trackingNumber,
          signed: !!key && parsed.id === req.headers['x-aduan-event-id'] && verifySignature(key, body, sig, Math.floor(Date.now() / 1000)),
        });
        res.writeHead(204).end();
      });
      cleanups.push(receiver.close);

      const kannelCfg: SmsGatewayConfig = { kannelSendsmsUrl: '', kannelUsername: 'aduan', kannelPassword: `kannel-${crypto.randomBytes(4).toString('hex')}`, smsShortCode: '1708' };
      /** Raw query strings as Kannel's sendsms got them, one per accepted part. */
      const smsQueries: string[] = [];
      let smsRefused = 0;
      const kannel = await listen((req, _body, res) => {
        const u = new URL(req.url ?? '/', 'http://x');
        if (u.pathname !== '/cgi-bin/sendsms' || u.searchParams.get('username') !== kannelCfg.kannelUsername || u.searchParams.get('password') !== kannelCfg.kannelPassword) {
          smsRefused++;
          res.writeHead(403).end('Authorization failed for sendsms');
          return;
        }
        smsQueries.push(req.url!.slice(req.url!.indexOf('?') + 1));
        res.writeHead(202).end('0: Accepted for delivery');
      });
      cleanups.push(kannel.close);
      kannelCfg.kannelSendsmsUrl = `${kannel.url}/cgi-bin/sendsms`;

      // Staff who hear about routed and escalated complaints by SMS (distinct numbers, SMS on).
      const staffPhones: Record<string, string> = {
        'admin.buleleng': '+6281100000001',
        'pupr.buleleng': '+6281100000002',
        'bupati.buleleng': '+6281100000003',
        'admin.nasional': '+6281100000004',
      };
      for (const [username, phone] of Object.entries(staffPhones)) {
        const u = await db.query<{ id: number }>('UPDATE users SET phone = $2 WHERE username = $1 RETURNING id', [username, phone]);
        expect(u.rows.length, username).toBe(1);
        await db.query(`INSERT INTO notification_preferences (user_id, email, sms, lang, updated_at) VALUES ($1, true, true, 'id', now())`, [u.rows[0]!.id]);
      }

      // --- The processes -----------------------------------------------------------------------
      const common: Record<string, string> = {
        DATABASE_URL: url,
        SEED_DEMO: '0',
        WORKER_IN_PROCESS: 'false',
        WORKER_INTERVAL_MS: '500',
        // One client at 127.0.0.1 files them all: the submission limits (docs/security.md) would
        // rightly stop it, and are not what is measured here (startServer turns them off too).
        ...SUBMIT_LIMITS_OFF,
        DATABASE_POOL_SIZE: '6',
        KANNEL_SENDSMS_URL: kannelCfg.kannelSendsmsUrl,
        KANNEL_USERNAME: kannelCfg.kannelUsername,
        KANNEL_PASSWORD: kannelCfg.kannelPassword,
        SMS_SHORT_CODE: kannelCfg.smsShortCode,
        PUBLIC_URL: 'https://aduan.example.id',
        DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-scale-')),
      };
      cleanups.push(() => fs.rmSync(common.DATA_DIR!, { recursive: true, force: true }));
      const procs: ServerProcess[] = [];
      cleanups.push(() => {
        for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
      });
      const ports = await Promise.all([freePort(), freePort(), freePort()]);
      const apps = ports.map((port) => startServer({ ...common, PORT: String(port) }));
      // The workers log each busy pass (info), so the test can tell that both took part.
      const workers = [0, 1].map(() => startServer({ ...common, DATABASE_POOL_SIZE: '3', LOG_LEVEL: 'info' }, 'server/worker.ts'));
      procs.push(...apps, ...workers);
      await Promise.all(apps.map((a, i) => waitHealthy(ports[i]!, a, 90_000)));
      for (const w of workers) expect(w.child.exitCode, w.out.join('')).toBeNull();
      const bases = ports.map((p) => `http://127.0.0.1:${p}`);
      let turn = 0;
      const nextApp = () => turn++ % bases.length;
      const tStarted = Date.now();

      async function call(app: number, method: string, p: string, opts: { token?: string; body?: unknown; key?: string } = {}) {
        const headers: Record<string, string> = {};
        if (opts.body !== undefined) headers['content-type'] = 'application/json';
        if (opts.token) headers.authorization = `Bearer ${opts.token}`;
        if (opts.key) headers['idempotency-key'] = opts.key;
        const res = await fetch(`${bases[app]}${p}`, {
          method,
          headers,
          body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
          signal: AbortSignal.timeout(60_000),
        });
        const text = await res.text();
        let json: any;
        try {
          json = JSON.parse(text);
        } catch {}
        return { status: res.status, json, text };
      }
      const login = async (username: string) => {
        const r = await call(nextApp(), 'POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } });
        expect(r.status, r.text).toBe(200);
        return r.json.token as string;
      };

      // Webhooks: the province for every event, Buleleng for escalations and reminders only.
      const bali = await call(nextApp(), 'POST', '/api/v1/webhooks', {
        token: await login('admin.bali'),
        body: { organisationCode: '51', url: `${receiver.url}/bali`, events: ['complaint.*'] },
      });
      expect(bali.status, bali.text).toBe(201);
      secret.set(bali.json.id, bali.json.secret);
      const bll = await call(nextApp(), 'POST', '/api/v1/webhooks', {
        token: await login('admin.buleleng'),
        body: { organisationCode: '51.08', url: `${receiver.url}/buleleng`, events: ['complaint.escalate', 'complaint.reminder'] },
      });
      expect(bll.status, bll.text).toBe(201);
      secret.set(bll.json.id, bll.json.secret);

      // --- 5,000 complaints through the round-robin ----------------------------------------------
      // One in five to PUPR Buleleng (those may be routed), the rest to the Badung government; one in
      // four leaves only a phone number (the reporter hears by SMS), the others an email address.
      // One in 25 is sent again with the same key to another app after its answer, one in 50 to two
      // apps at the same moment.
      const subs: Submission[] = [];
      for (let i = 0; i < COMPLAINTS; i++) {
        const buleleng = i % 5 === 0;
        const phone = i % 4 === 1 ? `08130${String(1_000_000 + i)}` : null;
        const reporter: Record<string, string> = { name: `Pelapor Uji ${i}` };
        if (phone) reporter.phone = phone;
        else reporter.email = `pelapor${i}@contoh.id`;
        subs.push({
          i,
          key: `scale-${i}-${crypto.randomUUID()}`,
          buleleng,
          phone,
          answers: [],
          body: {
            type: 'pengaduan',
            title: `${TITLE_PREFIX}${String(i).padStart(4, '0')} ${buleleng ? 'jalan rusak' : 'pelayanan lambat'}`,
            body: `Laporan uji skala nomor ${i}: mohon ditindaklanjuti, sudah lebih dari seminggu tidak ada perbaikan.`,
            organisationCode: buleleng ? '51.08.pupr' : '51.03',
            reporter,
          },
        });
      }
      const submit = async (s: Submission, app: number) => {
        const r = await call(app, 'POST', '/api/v1/complaints', { body: s.body, key: s.key });
        s.answers.push({ app, status: r.status, trackingNumber: r.json?.trackingNumber, text: r.text.slice(0, 300) });
      };
      let next = 0;
      const lane = async () => {
        while (next < subs.length) {
          const s = subs[next++]!;
          const app = nextApp();
          if (s.i % 50 === 3) await Promise.all([submit(s, app), submit(s, (app + 1) % 3)]);
          else await submit(s, app);
          if (s.i % 25 === 7) await submit(s, (app + 1) % 3);
        }
      };
      const tIntake = Date.now();
      await Promise.all(Array.from({ length: CONCURRENCY }, lane));
      const intakeMs = Date.now() - tIntake;
      console.log(`scale-out: intake done in ${intakeMs} ms`);

      const requests = subs.reduce((n, s) => n + s.answers.length, 0);
      for (const s of subs) {
        expect(s.answers.map((a) => a.status), `${s.key}: ${JSON.stringify(s.answers)}`).toEqual(s.answers.map(() => 201));
        expect(new Set(s.answers.map((a) => a.trackingNumber)).size, `${s.key}: ${JSON.stringify(s.answers)}`).toBe(1);
      }
      // The retries really crossed apps.
      expect(subs.filter((s) => new Set(s.answers.map((a) => a.app)).size > 1).length).toBe(subs.filter((s) => s.i % 50 === 3 || s.i % 25 === 7).length);
      const trkOf = (s: Submission) => s.answers[0]!.trackingNumber!;
      expect(new Set(subs.map(trkOf)).size).toBe(COMPLAINTS);

      // --- Route a few hundred, then move their due dates ----------------------------------------
      const routed = subs.filter((s) => s.buleleng).slice(0, ROUTED);
      const admin = await login('admin.buleleng');
      let r = 0;
      await Promise.all(
        Array.from({ length: 10 }, async () => {
          while (r < routed.length) {
            const s = routed[r++]!;
            const v = await call(nextApp(), 'POST', `/api/v1/complaints/${trkOf(s)}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } });
            expect(v.status, v.text).toBe(200);
          }
        }),
      );
      const overdue = routed.slice(0, ROUTED / 2).map(trkOf);
      const dueSoon = routed.slice(ROUTED / 2).map(trkOf);
      // While both workers run: a month overdue (every rung of the ladder is due at once) and due in
      // two hours (inside "one working day before", whatever day the test runs).
      const moved = await db.query(`UPDATE complaints SET due_at = now() - interval '30 days' WHERE tracking_number = ANY($1::text[]) AND status = 'disposed'`, [overdue]);
      expect(moved.rowCount).toBe(overdue.length);
      const soon = await db.query(`UPDATE complaints SET due_at = date_trunc('second', now()) + interval '2 hours' WHERE tracking_number = ANY($1::text[]) AND status = 'disposed'`, [dueSoon]);
      expect(soon.rowCount).toBe(dueSoon.length);

      // --- Wait until everything has gone out, and stays so -------------------------------------
      const num = async (sql: string, params: unknown[] = []) => Number((await db.query<{ n: number }>(sql, params)).rows[0]!.n);
      const snapshot = async () =>
        [
          await num('SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL'),
          await num(`SELECT count(*) AS n FROM webhook_deliveries WHERE status <> 'delivered'`),
          await num(`SELECT count(*) AS n FROM sms_outbound WHERE status <> 'sent'`),
          await num(`SELECT count(*) AS n FROM complaints WHERE tracking_number = ANY($1::text[]) AND escalation_level < ${MAX_ESCALATION_LEVEL}`, [overdue]),
          await num('SELECT count(*) AS n FROM complaints WHERE tracking_number = ANY($1::text[]) AND reminded_due_at IS DISTINCT FROM due_at', [dueSoon]),
          await num('SELECT count(*) AS n FROM webhook_deliveries'),
          await num('SELECT count(*) AS n FROM sms_outbound'),
        ].join(',');
      // On a loaded machine this takes as long as it takes; what must not happen is a standstill.
      const tDrain = Date.now();
      let last = '';
      let previous = '';
      let progressAt = Date.now();
      for (;;) {
        const s = await snapshot();
        const quiet = s.startsWith('0,0,0,0,0,');
        // Twice the same quiet picture, a few worker passes apart: nothing late is still coming.
        if (quiet && s === last) break;
        last = quiet ? s : '';
        if (s !== previous) {
          previous = s;
          progressAt = Date.now();
        }
        // Longer than the longest outbox backoff the ordering of webhooks can cause (10+20+40+80 s).
        if (Date.now() - progressAt > 180_000) throw new Error(`no progress for 3 minutes: ${s}\n${workers.map((w) => w.out.join('').slice(-2000)).join('\n---\n')}`);
        await sleep(quiet ? 1500 : 1000);
      }
      const drainMs = Date.now() - tDrain;
      await sleep(500);
      const hooksAtEnd = hooks.length;
      const smsAtEnd = smsQueries.length;

      // Every process stops cleanly, and both workers took part.
      for (const p of procs) p.child.kill('SIGTERM');
      const codes = await Promise.all(procs.map((p) => p.exited));
      expect(codes, procs.map((p) => p.out.join('').slice(-1500)).join('\n---\n')).toEqual([0, 0, 0, 0, 0]);
      const handledBy = workers.map((w) =>
        w.out
          .join('')
          .split('\n')
          .filter((line) => line.includes('"msg":"worker pass"'))
          .reduce((n, line) => n + Number(JSON.parse(line).events ?? 0), 0),
      );
      expect(handledBy.every((n) => n > 0), `events per worker: ${handledBy}`).toBe(true);

      // --- Complaints ---------------------------------------------------------------------------
      const rows = (await db.query<{ tracking_number: string; title: string }>(`SELECT tracking_number, title FROM complaints`)).rows;
      expect(rows.length).toBe(COMPLAINTS);
      expect(new Set(rows.map((x) => x.tracking_number)).size).toBe(COMPLAINTS);
      const byTrk = new Map(rows.map((x) => [x.tracking_number, x.title]));
      for (const s of subs) expect(byTrk.get(trkOf(s)), s.key).toBe(s.body.title);
      expect(await num(`SELECT count(*) AS n FROM complaint_events WHERE action = 'submit'`)).toBe(COMPLAINTS);
      expect(await num(`SELECT count(*) AS n FROM outbox WHERE type = 'complaint.submitted'`)).toBe(COMPLAINTS);
      expect(await num(`SELECT count(DISTINCT aggregate_id) AS n FROM outbox WHERE type = 'complaint.submitted'`)).toBe(COMPLAINTS);

      // --- The outbox: every event processed, none left half-done -------------------------------
      const events = (
        await db.query<{ id: number; event_id: string; type: string; tracking_number: string; buleleng: boolean; processed_at: Date | null; payload: Record<string, unknown> }>(
          `SELECT o.id, o.event_id, o.type, c.tracking_number, c.admin_org_path LIKE '%/' || (SELECT id FROM organisations WHERE code = '51.08') || '/%' AS buleleng,
                  o.processed_at, o.payload
             FROM outbox o JOIN complaints c ON c.id = o.aggregate_id ORDER BY o.id`,
        )
      ).rows;
      expect(events.filter((e) => e.processed_at === null)).toEqual([]);
      expect(await num('SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL')).toBe(0);
      expect(await num('SELECT count(*) AS n FROM outbox_deliveries')).toBe(0);
      const typeCount = (type: string) => events.filter((e) => e.type === type).length;
      expect(typeCount('complaint.verify')).toBe(ROUTED);

      // --- Escalations: each rung once per complaint and due date; nobody else climbs ------------
      const ladder = (
        await db.query<{ tracking_number: string; levels: number[]; steps: number; escalation_level: number }>(
          `SELECT c.tracking_number, c.escalation_level,
                  (SELECT array_agg((o.payload->>'level')::int ORDER BY o.id) FROM outbox o WHERE o.aggregate_id = c.id AND o.type = 'complaint.escalate') AS levels,
                  (SELECT count(*)::int FROM complaint_events e WHERE e.complaint_id = c.id AND e.action = 'escalate') AS steps
             FROM complaints c WHERE c.escalation_level > 0 OR EXISTS (SELECT 1 FROM complaint_events e WHERE e.complaint_id = c.id AND e.action = 'escalate')`,
        )
      ).rows;
      expect(ladder.map((x) => x.tracking_number).sort()).toEqual([...overdue].sort());
      for (const x of ladder) {
        expect(x.levels, x.tracking_number).toEqual([1, 2, 3, 4]);
        expect(x.steps, x.tracking_number).toBe(MAX_ESCALATION_LEVEL);
        expect(x.escalation_level, x.tracking_number).toBe(MAX_ESCALATION_LEVEL);
      }
      expect(typeCount('complaint.escalate')).toBe(overdue.length * MAX_ESCALATION_LEVEL);

      // --- Reminders: one per complaint and due date, for the moved due date ---------------------
      const reminders = (
        await db.query<{ tracking_number: string; n: number; due_ok: boolean }>(
          `SELECT c.tracking_number, count(*)::int AS n, bool_and((o.payload->>'dueAt')::timestamptz = c.due_at) AS due_ok
             FROM outbox o JOIN complaints c ON c.id = o.aggregate_id WHERE o.type = 'complaint.reminder' GROUP BY c.tracking_number`,
        )
      ).rows;
      expect(reminders.map((x) => x.tracking_number).sort()).toEqual([...dueSoon].sort());
      expect(reminders.filter((x) => x.n !== 1 || !x.due_ok)).toEqual([]);

      // --- Notifications: the escalation and reminder audiences, exactly one in-app note each ----
      const inapp = (
        await db.query<{ type: string; username: string; n: number; events: number }>(
          `SELECT n.event_type AS type, u.username, count(*)::int AS n, count(DISTINCT n.event_id)::int AS events
             FROM notifications n JOIN users u ON u.id = n.user_id
            WHERE n.channel = 'inapp' AND n.event_type IN ('complaint.escalate', 'complaint.reminder')
            GROUP BY 1, 2 ORDER BY 1, 2`,
        )
      ).rows;
      const perRung = overdue.length;
      expect(inapp).toEqual([
        { type: 'complaint.escalate', username: 'admin.buleleng', n: perRung, events: perRung },
        { type: 'complaint.escalate', username: 'admin.nasional', n: perRung, events: perRung },
        { type: 'complaint.escalate', username: 'bupati.buleleng', n: perRung, events: perRung },
        { type: 'complaint.escalate', username: 'pupr.buleleng', n: perRung, events: perRung },
        { type: 'complaint.reminder', username: 'pupr.buleleng', n: dueSoon.length, events: dueSoon.length },
      ]);

      // --- Webhooks: every event of the subscription received exactly once, signed, in order ------
      const deliveries = await num('SELECT count(*) AS n FROM webhook_deliveries');
      expect(hooks.filter((h) => !h.signed)).toEqual([]);
      const wantBali = events.filter((e) => e.type.startsWith('complaint.')).map((e) => e.event_id).sort();
      const wantBll = events.filter((e) => e.buleleng && (e.type === 'complaint.escalate' || e.type === 'complaint.reminder')).map((e) => e.event_id).sort();
      expect(wantBll.length).toBe(overdue.length * MAX_ESCALATION_LEVEL + dueSoon.length);
      const got = (id: number) => hooks.filter((h) => h.webhookId === id).map((h) => h.eventId);
      for (const [id, want] of [[bali.json.id as number, wantBali], [bll.json.id as number, wantBll]] as const) {
        const received = got(id);
        const counts = new Map<string, number>();
        for (const e of received) counts.set(e, (counts.get(e) ?? 0) + 1);
        expect([...counts.entries()].filter(([, n]) => n !== 1), `duplicates at webhook ${id}`).toEqual([]);
        expect([...counts.keys()].sort()).toEqual(want);
      }
      expect(hooks.length).toBe(deliveries);
      expect(hooks.length).toBe(hooksAtEnd); // nothing arrived after the processes were drained and stopped
      // In order per complaint: each complaint's events arrived in outbox order at each URL.
      const seqOf = new Map(events.map((e) => [e.event_id, e.id]));
      const lastSeq = new Map<string, number>();
      const outOfOrder: string[] = [];
      for (const h of hooks) {
        const k = `${h.webhookId} ${h.trackingNumber}`;
        const seq = seqOf.get(h.eventId)!;
        if ((lastSeq.get(k) ?? 0) > seq) outOfOrder.push(`${k} ${h.type}`);
        lastSeq.set(k, seq);
      }
      expect(outOfOrder).toEqual([]);

      // --- SMS: exactly one per (event, phone), and Kannel got each part of each SMS once ---------
      expect(smsRefused).toBe(0);
      expect(smsQueries.length).toBe(smsAtEnd);
      // Every queued SMS belongs to exactly one notification, and no event texted a number twice.
      expect(
        await num(
          `SELECT count(*) AS n FROM sms_outbound o
             LEFT JOIN (SELECT sms_id, count(*) AS k FROM notifications WHERE sms_id IS NOT NULL GROUP BY sms_id) n ON n.sms_id = o.id
            WHERE coalesce(n.k, 0) <> 1`,
        ),
      ).toBe(0);
      expect(
        await num(`SELECT count(*) AS n FROM (SELECT 1 FROM notifications WHERE channel = 'sms' GROUP BY event_id, to_address HAVING count(*) > 1) d`),
      ).toBe(0);
      const outbound = (
        await db.query<{ id: number; to_number: string; text: string; secret: string | null; parts: number; parts_sent: number; status: string; event_id: string; event_type: string }>(
          `SELECT o.id, o.to_number, o.text, o.secret, o.parts, o.parts_sent, o.status, n.event_id, n.event_type
             FROM sms_outbound o JOIN notifications n ON n.sms_id = o.id ORDER BY o.id`,
        )
      ).rows;
      expect(outbound.filter((o) => o.status !== 'sent' || o.parts_sent !== o.parts)).toEqual([]);
      expect(outbound.filter((o) => o.text.includes(ACCESS_CODE_PLACEHOLDER))).toEqual([]);
      const wanted = new Map<string, number>();
      for (const o of outbound) {
        const plan = planSms(o.text);
        for (let part = 0; part < plan.parts.length; part++) {
          const q = wire(sendsmsUrl(kannelCfg, o.to_number, plan, part, o.id).split('?')[1]!);
          wanted.set(q, (wanted.get(q) ?? 0) + 1);
        }
      }
      const received = new Map<string, number>();
      for (const raw of smsQueries) {
        const q = wire(raw);
        received.set(q, (received.get(q) ?? 0) + 1);
      }
      const diff = [...new Set([...wanted.keys(), ...received.keys()])]
        .filter((k) => wanted.get(k) !== received.get(k))
        .map((k) => `${decodeURIComponent(k).slice(0, 200)}: wanted ${wanted.get(k) ?? 0}, got ${received.get(k) ?? 0}`);
      expect(diff.slice(0, 20)).toEqual([]);
      // And by event: each reporter with only a phone heard once per reporter-facing event of their
      // complaint (received; routed for the routed ones), each SMS-enabled staff member once per
      // event addressed to them.
      const withPhone = subs.filter((s) => s.phone);
      const routedSet = new Set(routed.map(trkOf));
      const phoneSms = (s: Submission) => outbound.filter((o) => o.to_number === `+62${s.phone!.slice(1)}`).map((o) => o.event_type).sort();
      for (const s of withPhone) {
        expect(phoneSms(s), trkOf(s)).toEqual(routedSet.has(trkOf(s)) ? ['complaint.submitted', 'complaint.verify'] : ['complaint.submitted']);
      }
      const bulelengCount = subs.filter((s) => s.buleleng).length;
      expect(Object.fromEntries(Object.entries(staffPhones).map(([u, p]) => [u, outbound.filter((o) => o.to_number === p).length]))).toEqual({
        'admin.buleleng': bulelengCount + perRung, // new complaints + rung 2
        'pupr.buleleng': ROUTED + dueSoon.length + perRung, // assigned + reminders + rung 1
        'bupati.buleleng': perRung, // rung 3
        'admin.nasional': perRung, // rung 4
      });
      expect(outbound.length).toBe(withPhone.length + withPhone.filter((s) => routedSet.has(trkOf(s))).length + bulelengCount + ROUTED + dueSoon.length + 4 * perRung);

      // What the run looked like (docs/operations.md records a typical one).
      const retried = (await db.query<{ n: number; max: number }>('SELECT count(*)::int AS n, coalesce(max(attempts), 0)::int AS max FROM outbox WHERE attempts > 0')).rows[0]!;
      const totalMs = Date.now() - t0;
      console.log(
        `scale-out: ${COMPLAINTS} complaints (${requests} requests) in ${(intakeMs / 1000).toFixed(1)} s = ${Math.round((requests / intakeMs) * 1000)} req/s through 3 apps; ` +
          `${events.length} outbox events (${retried.n} retried, at most ${retried.max}×), ${deliveries} webhook deliveries, ${outbound.length} SMS (${smsQueries.length} sendsms calls); ` +
          `events per worker ${handledBy.join('/')}; drained ${(drainMs / 1000).toFixed(1)} s after routing; processes up in ${((tStarted - t0) / 1000).toFixed(1)} s; whole test ${(totalMs / 1000).toFixed(1)} s`,
      );
    }, 900_000);
  });
}
