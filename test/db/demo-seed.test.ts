// The demo complaints: filed and moved through the commands, so every timeline, due date and
// outbox event is a real one; deterministic, and with something for dashboards to show.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../server/db/client';
import { OVERDUE_STATUSES } from '../../server/modules/complaints/lifecycle';
import { seedDemoComplaints } from '../../server/seed/demo-activity';
import { ENGINE, testDb } from '../support/db';
import { TEST_PASSWORD } from '../support/env';

// A Wednesday, 12:00 WITA; the 90 days before it cross Nyepi, Idul Fitri and their cuti bersama.
const NOW = new Date('2026-05-20T04:00:00Z');

/** The mix for 200 complaints at NOW (the seeder is deterministic: same inputs, same mix). */
const EXPECTED: Record<string, number> = {
  submitted: 20,
  rejected: 10,
  disposed: 30,
  in_progress: 32,
  responded: 43,
  closed: 56,
  returned: 3,
  on_hold: 6,
};

let db: Db;
let result: Awaited<ReturnType<typeof seedDemoComplaints>>;
let ms = 0;

beforeAll(async () => {
  db = await testDb();
  const t0 = Date.now();
  result = await seedDemoComplaints(db, { now: NOW, attachmentsDir: fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-demo-')), password: TEST_PASSWORD });
  ms = Date.now() - t0;
}, 120_000);

describe(`demo complaints (${ENGINE})`, () => {
  it('files 200 complaints in every status of the mix, deterministically', async () => {
    console.log(`seedDemoComplaints(200) on ${ENGINE}: ${ms} ms`, result.byStatus);
    expect(result.complaints).toBe(200);
    const rows = (await db.query<{ status: string; n: number }>('SELECT status, count(*)::int AS n FROM complaints GROUP BY status')).rows;
    expect(Object.fromEntries(rows.map((r) => [r.status, r.n]))).toEqual(result.byStatus);
    for (const s of ['submitted', 'rejected', 'disposed', 'in_progress', 'responded', 'closed', 'returned', 'on_hold']) {
      expect(result.byStatus[s], s).toBeGreaterThan(0);
    }
    expect(result.byStatus).toEqual(EXPECTED);
  });

  it('gives every complaint a timeline from submit to its current status', async () => {
    const complaints = (await db.query<{ id: number; status: string; created_at: Date }>('SELECT id, status, created_at FROM complaints')).rows;
    const events = (
      await db.query<{ complaint_id: number; action: string; from_status: string | null; to_status: string; at: Date }>(
        'SELECT complaint_id, action, from_status, to_status, at FROM complaint_events ORDER BY complaint_id, at, id',
      )
    ).rows;
    const byComplaint = new Map<number, typeof events>();
    for (const e of events) byComplaint.set(e.complaint_id, [...(byComplaint.get(e.complaint_id) ?? []), e]);
    const earliest = NOW.getTime() - 91 * 86_400_000;
    for (const c of complaints) {
      const tl = byComplaint.get(c.id)!;
      expect(tl[0]!.action).toBe('submit');
      expect(tl[0]!.at.getTime()).toBe(c.created_at.getTime());
      expect(c.created_at.getTime()).toBeGreaterThan(earliest);
      // Each step starts where the one before ended, strictly later, and before NOW.
      for (let i = 1; i < tl.length; i++) {
        expect(tl[i]!.from_status).toBe(tl[i - 1]!.to_status);
        expect(tl[i]!.at.getTime()).toBeGreaterThan(tl[i - 1]!.at.getTime());
      }
      expect(tl.at(-1)!.at.getTime()).toBeLessThan(NOW.getTime());
      expect(tl.at(-1)!.to_status).toBe(c.status);
    }
    // One outbox event per timeline entry, dispatched when it happened (not all at the first worker pass).
    const outbox = (
      await db.query<{ n: number; pending: number }>(
        "SELECT count(*)::int AS n, count(*) FILTER (WHERE processed_at IS DISTINCT FROM created_at)::int AS pending FROM outbox WHERE type LIKE 'complaint.%'",
      )
    ).rows[0]!;
    expect(outbox).toEqual({ n: events.length, pending: 0 });
  });

  it('returns misaddressed complaints with a reason, and the admin forwards most of them', async () => {
    const rows = (
      await db.query<{ id: number; status: string; reason: string; forwarded: boolean }>(
        `SELECT c.id, c.status, r.message AS reason,
                EXISTS (SELECT 1 FROM complaint_events f WHERE f.complaint_id = c.id AND f.action = 'forward' AND f.id > r.id) AS forwarded
           FROM complaints c JOIN complaint_events r ON r.complaint_id = c.id AND r.action = 'return'`,
      )
    ).rows;
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) expect(r.reason).toMatch(/^Bukan kewenangan .+, mohon diteruskan ke .+\.$/);
    expect(rows.filter((r) => r.forwarded).length).toBeGreaterThan(rows.length / 2);
    expect(rows.filter((r) => !r.forwarded).every((r) => r.status === 'returned')).toBe(true);
  });

  it('has anonymous, confidential, rated, reopened and warga complaints, and rejections with a reason', async () => {
    const one = async (sql: string) => (await db.query<{ n: number }>(sql)).rows[0]!.n;
    expect(await one('SELECT count(*)::int AS n FROM complaints WHERE anonymous')).toBeGreaterThan(5);
    expect(await one('SELECT count(*)::int AS n FROM complaints WHERE confidential')).toBeGreaterThan(0);
    expect(await one("SELECT count(*)::int AS n FROM complaints WHERE status = 'closed' AND rating BETWEEN 1 AND 5")).toBeGreaterThan(20);
    expect(await one("SELECT count(*)::int AS n FROM complaint_events WHERE action = 'reopen'")).toBeGreaterThan(0);
    expect(await one("SELECT count(*)::int AS n FROM complaint_events WHERE action = 'obstacle'")).toBeGreaterThan(0);
    expect(await one("SELECT count(*)::int AS n FROM complaint_events WHERE action = 'respond' AND data->>'final' = 'false'")).toBeGreaterThan(10);
    expect(await one("SELECT count(*)::int AS n FROM complaints c JOIN users u ON u.id = c.reporter_user_id WHERE u.username = 'warga'")).toBe(10);
    expect(await one("SELECT count(*)::int AS n FROM complaint_events WHERE action = 'reject' AND message LIKE 'Laporan%'")).toBe(result.byStatus.rejected);
    // Guests leave a clearly fake phone number or an example.org address.
    const guests = (await db.query<{ phone: string | null; email: string | null }>('SELECT reporter_phone AS phone, reporter_email AS email FROM complaints WHERE reporter_user_id IS NULL')).rows;
    for (const g of guests) {
      expect(g.phone ?? g.email).toBeTruthy();
      if (g.phone) expect(g.phone).toMatch(/^08120000\d{4}$/);
      if (g.email) expect(g.email).toMatch(/@example\.org$/);
    }
  });

  it('leaves some complaints overdue at NOW, and none waiting for the reporter past the reply window', async () => {
    const overdue = (
      await db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints WHERE status = ANY($1::text[]) AND due_at < $2', [OVERDUE_STATUSES, NOW])
    ).rows[0]!.n;
    expect(overdue).toBeGreaterThanOrEqual(5);
    const stale = (await db.query<{ n: number }>("SELECT count(*)::int AS n FROM complaints WHERE status = 'responded' AND due_at < $1", [NOW])).rows[0]!.n;
    expect(stale).toBe(0);
  });

  it('creates a liaison officer for every unit, who can act on its complaints', async () => {
    const rows = (
      await db.query<{ username: string; code: string }>(
        `SELECT u.username, o.code FROM users u JOIN role_assignments ra ON ra.user_id = u.id AND ra.role = 'liaison'
           JOIN organisations o ON o.id = ra.organisation_id`,
      )
    ).rows;
    const units = (await db.query<{ code: string }>("SELECT code FROM organisations WHERE type = 'unit' AND (code LIKE '51.08.%' OR code LIKE '51.03.%')")).rows;
    for (const u of units) expect(rows.map((r) => r.code)).toContain(u.code);
    expect(rows).toContainEqual({ username: 'rsud.buleleng', code: '51.08.rsud' });
    expect(rows).toContainEqual({ username: 'pupr.badung', code: '51.03.pupr' });
    const handled = (
      await db.query<{ username: string }>(
        "SELECT DISTINCT u.username FROM complaint_events e JOIN users u ON u.id = e.actor_user_id WHERE e.action = 'accept'",
      )
    ).rows.map((r) => r.username);
    expect(handled).toEqual(expect.arrayContaining(['pupr.buleleng', 'dinkes.buleleng', 'pupr.badung', 'org.buleleng']));
  });
});
