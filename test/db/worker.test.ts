// The background worker: outbox dispatch (retries, backoff, per-handler progress, exactly once with
// several workers) and the deadline sweep (reminders, the escalation ladder, auto-close, purge).
// Dates are chosen in 2026 weeks without national holidays or cuti bersama; Buleleng is WITA (UTC+8).
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { ENGINE, testDatabaseUrl } from '../support/db';
import { TEST_PASSWORD } from '../support/env';
import { openPostgres, type Queryable } from '../../server/db/client';
import { emit } from '../../server/platform/outbox';
import { createWorker, type PassResult, type Worker } from '../../server/jobs/worker';
import { backoffMs, BACKOFF_BASE_MS, BACKOFF_MAX_MS, type OutboxEvent } from '../../server/jobs/outbox';
import { AUTO_CLOSE_NOTE, MAX_ESCALATION_LEVEL } from '../../server/jobs/deadlines';

let t: TestApp;
let w: Worker;

/** An instant in Buleleng local time (WITA, UTC+8). */
const wita = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

// Test handlers: `test.flaky` fails while `flakyFailures` > 0; `test.multi#b` likewise with its own counter.
const calls = { flaky: 0, ok: [] as string[], multiA: 0, multiB: 0 };
let flakyFailures = 0;
let multiBFailures = 0;
const effect = (q: Queryable, e: OutboxEvent, handler: string) =>
  q.query('INSERT INTO worker_test_effects (event_id, handler) VALUES ($1, $2)', [e.eventId, handler]);

beforeAll(async () => {
  t = await testApp({ now: wita('2026-07-06', '09:00') });
  await t.db.exec('CREATE TABLE worker_test_effects (event_id uuid NOT NULL, handler text NOT NULL)');
  w = createWorker({
    db: t.db,
    clock: t.clock,
    purgeIntervalMs: 0,
    handlers: {
      'test.flaky': async (q, e) => {
        calls.flaky++;
        await effect(q, e, 'flaky');
        if (flakyFailures-- > 0) throw new Error('SMS gateway unreachable');
      },
      'test.ok': async (_q, e) => {
        calls.ok.push(e.eventId);
      },
      'test.multi#a': async (q, e) => {
        calls.multiA++;
        await effect(q, e, 'a');
      },
      'test.multi#b': async (q, e) => {
        calls.multiB++;
        await effect(q, e, 'b');
        if (multiBFailures-- > 0) throw new Error('webhook answered 503');
      },
    },
  });
});

/** A fresh session at the clock's current time (sessions expire as the clock moves on by days). */
async function token(username: string): Promise<string> {
  const r = await t.call('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } });
  expect(r.status, r.text).toBe(200);
  return r.json.token as string;
}

async function at(instant: string, passes = 1): Promise<PassResult[]> {
  t.clock.set(instant);
  const out: PassResult[] = [];
  for (let i = 0; i < passes; i++) out.push(await w.runOnce());
  return out;
}

/** Files a guest complaint in Buleleng and has admin.buleleng route it to PUPR, at `instant`. */
async function fileAndVerify(instant: string, title = 'Jalan berlubang di depan pasar'): Promise<string> {
  t.clock.set(instant);
  const r = await t.call('POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title,
      body: 'Mohon diperbaiki, sudah dua minggu lubangnya makin besar dan membahayakan pengendara motor.',
      reporter: { name: 'Ketut Warga', phone: '081234567890' },
      location: { regionCode: '51.08' },
    },
  });
  expect(r.status, r.text).toBe(201);
  const trk = r.json.trackingNumber as string;
  const v = await t.call('POST', `/api/v1/complaints/${trk}/actions/verify`, {
    token: await token('admin.buleleng'),
    body: { organisationCode: '51.08.pupr' },
  });
  expect(v.status, v.text).toBe(200);
  return trk;
}

async function state(trk: string) {
  return (
    await t.db.query<{ id: number; status: string; due_at: Date; escalation_level: number; escalated_due_at: Date | null; reminded_due_at: Date | null }>(
      'SELECT id, status, due_at, escalation_level, escalated_due_at, reminded_due_at FROM complaints WHERE tracking_number = $1',
      [trk],
    )
  ).rows[0]!;
}

const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: number }>(sql, params)).rows[0]!.n);
const escalations = (trk: string) =>
  count(`SELECT count(*) AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_number = $1 AND e.action = 'escalate'`, [trk]);
const outboxOf = (trk: string, type: string) =>
  count(`SELECT count(*) AS n FROM outbox o JOIN complaints c ON c.id = o.aggregate_id WHERE c.tracking_number = $1 AND o.type = $2`, [trk, type]);
const pendingNow = () => count('SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL AND available_at <= $1', [t.clock.now()]);

describe('reminders', () => {
  it('reminds once, the working day before the deadline (over a weekend)', async () => {
    const trk = await fileAndVerify(wita('2026-07-06'));
    // First response: 5 working days after Monday 6 July → Monday 13 July, end of day WITA.
    expect(new Date((await state(trk)).due_at).toISOString()).toBe('2026-07-13T15:59:59.999Z');

    await at(wita('2026-07-09'), 2); // Thursday: the next working day (Friday) ends before the deadline
    expect(await outboxOf(trk, 'complaint.reminder')).toBe(0);

    const [first] = await at(wita('2026-07-10')); // Friday: one working day (Monday) left
    expect(first!.swept.reminded).toBeGreaterThanOrEqual(1);
    expect(await outboxOf(trk, 'complaint.reminder')).toBe(1);
    const s = await state(trk);
    expect(s.reminded_due_at).toEqual(s.due_at);

    await at(wita('2026-07-10', '15:00'), 2);
    await at(wita('2026-07-11'));
    await at(wita('2026-07-13', '23:59'));
    expect(await outboxOf(trk, 'complaint.reminder')).toBe(1);
    expect((await state(trk)).escalation_level).toBe(0); // not overdue yet
    const ev = (
      await t.db.query<{ payload: Record<string, unknown>; processed_at: Date | null }>(
        `SELECT payload, processed_at FROM outbox WHERE aggregate_id = $1 AND type = 'complaint.reminder'`,
        [s.id],
      )
    ).rows[0]!;
    expect(ev.payload).toMatchObject({ trackingNumber: trk, dueAt: '2026-07-13T15:59:59.999Z', dueKind: 'first_response' });
    expect(ev.processed_at).not.toBeNull();
    expect(await pendingNow()).toBe(0);
  });
});

describe('the escalation ladder', () => {
  it('climbs one level per working day past the due date, each level once, never beyond 4', async () => {
    const trk = await fileAndVerify(wita('2026-07-13'));
    expect(new Date((await state(trk)).due_at).toISOString()).toBe('2026-07-20T15:59:59.999Z');

    await at(wita('2026-07-20', '23:59'));
    expect((await state(trk)).escalation_level).toBe(0);

    await at(wita('2026-07-21'), 3); // Tuesday: overdue → level 1, once however often the worker runs
    expect((await state(trk)).escalation_level).toBe(1);
    expect(await escalations(trk)).toBe(1);
    await at(wita('2026-07-21', '23:30'));
    expect((await state(trk)).escalation_level).toBe(1);

    for (const [day, level] of [['2026-07-22', 2], ['2026-07-23', 3], ['2026-07-24', 4]] as const) {
      await at(wita(day), 3);
      expect((await state(trk)).escalation_level, day).toBe(level);
      expect(await escalations(trk), day).toBe(level);
    }
    await at(wita('2026-07-27'), 2);
    await at(wita('2026-08-05'), 2);
    expect((await state(trk)).escalation_level).toBe(MAX_ESCALATION_LEVEL);
    expect(await escalations(trk)).toBe(4);
    expect(await outboxOf(trk, 'complaint.escalate')).toBe(4);

    // The events say which rung, and all of them went out.
    const { id } = await state(trk);
    const events = (
      await t.db.query<{ payload: Record<string, unknown>; processed_at: Date | null }>(
        `SELECT payload, processed_at FROM outbox WHERE aggregate_id = $1 AND type = 'complaint.escalate' ORDER BY id`,
        [id],
      )
    ).rows;
    expect(events.map((e) => [e.payload.level, e.payload.audience])).toEqual([
      [1, 'liaison'],
      [2, 'org_admin'],
      [3, 'leader'],
      [4, 'national_admin'],
    ]);
    expect(events.every((e) => e.processed_at !== null)).toBe(true);

    // Internal timeline entries by the system, visible to staff only.
    const staff = await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: await token('admin.buleleng') });
    const esc = staff.json.items.filter((i: { action: string }) => i.action === 'escalate');
    expect(esc).toHaveLength(4);
    expect(esc.every((i: { actor: { role: string } }) => i.actor.role === 'system')).toBe(true);
    const pub = await t.call('GET', `/api/v1/complaints/${trk}/timeline`);
    expect(pub.json.items.some((i: { action: string }) => i.action === 'escalate')).toBe(false);
  });

  it('catches up on every level it missed while no worker ran', async () => {
    const trk = await fileAndVerify(wita('2026-08-03'), 'Lampu jalan mati sepanjang jalan desa');
    const [r] = await at(wita('2026-08-14')); // due Mon 10 Aug; Friday 14 Aug is past level 4
    expect(r!.swept.escalated).toBeGreaterThanOrEqual(4);
    expect((await state(trk)).escalation_level).toBe(4);
    expect(await escalations(trk)).toBe(4);
    await at(wita('2026-08-14'), 2);
    expect(await escalations(trk)).toBe(4);
  });

  it('starts again for a new due date (forwarded to another unit)', async () => {
    const trk = await fileAndVerify(wita('2026-09-07'), 'Saluran air tersumbat di perumahan');
    await at(wita('2026-09-11')); // Friday: reminder for Monday's deadline
    await at(wita('2026-09-15')); // due Mon 14 Sep → level 1
    await at(wita('2026-09-16')); // level 2
    expect((await state(trk)).escalation_level).toBe(2);

    const f = await t.call('POST', `/api/v1/complaints/${trk}/actions/forward`, {
      token: await token('admin.buleleng'),
      body: { organisationCode: '51.08.dinkes', note: 'Bukan kewenangan PUPR' },
    });
    expect(f.status, f.text).toBe(200);
    const s = await state(trk);
    expect(new Date(s.due_at).toISOString()).toBe('2026-09-23T15:59:59.999Z'); // 5 working days after Wed 16 Sep

    await at(wita('2026-09-17'), 2);
    await at(wita('2026-09-21'));
    expect(await escalations(trk)).toBe(2); // the new date is not overdue
    await at(wita('2026-09-22'), 2); // Tuesday: one working day before the new deadline
    expect(await outboxOf(trk, 'complaint.reminder')).toBe(2); // one per due date

    await at(wita('2026-09-24'), 3); // past the new due date: level 1 of the new ladder
    let after = await state(trk);
    expect(after.escalation_level).toBe(1);
    expect(after.escalated_due_at).toEqual(after.due_at);
    expect(await escalations(trk)).toBe(3);
    await at(wita('2026-09-25'), 2);
    after = await state(trk);
    expect(after.escalation_level).toBe(2);
    expect(await escalations(trk)).toBe(4);
  });
});

describe('auto-close', () => {
  it('closes a responded complaint 10 working days after the response, not before', async () => {
    const trk = await fileAndVerify(wita('2026-10-05'), 'Trotoar rusak di jalan utama');
    t.clock.set(wita('2026-10-06'));
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/respond`, {
      token: await token('pupr.buleleng'),
      body: { message: 'Sudah diperbaiki oleh tim lapangan pada hari ini.' },
    });
    expect(r.status, r.text).toBe(200);
    const s = await state(trk);
    expect(s.status).toBe('responded');
    expect(new Date(s.due_at).toISOString()).toBe('2026-10-20T15:59:59.999Z'); // 10 working days after Tue 6 Oct

    await at(wita('2026-10-16'), 2);
    await at(wita('2026-10-20', '23:00'), 2);
    expect((await state(trk)).status).toBe('responded');
    expect(await escalations(trk)).toBe(0); // waiting for the reporter is not the unit being late

    const [pass] = await at(wita('2026-10-21', '08:00'), 3);
    expect(pass!.swept.closed).toBe(1);
    const closed = await state(trk);
    expect(closed.status).toBe('closed');
    expect(closed.due_at).toBeNull();

    const tl = await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: await token('admin.buleleng') });
    const closes = tl.json.items.filter((i: { action: string }) => i.action === 'close');
    expect(closes).toHaveLength(1);
    expect(closes[0]).toMatchObject({ fromStatus: 'responded', toStatus: 'closed', actor: { role: 'system' }, message: AUTO_CLOSE_NOTE });
    expect(await outboxOf(trk, 'complaint.close')).toBe(1);
    expect(await pendingNow()).toBe(0);
  });
});

describe('outbox dispatch', () => {
  it('retries a failing handler with exponential backoff without holding up other events', async () => {
    const T = new Date(wita('2026-11-02'));
    t.clock.set(T);
    await w.runOnce(); // drain what earlier tests left
    flakyFailures = 2;
    multiBFailures = 1;
    await emit(t.db, 'test.flaky', null, { to: '081234567890' }, T);
    for (let i = 0; i < 3; i++) await emit(t.db, 'test.ok', null, { i }, T);
    await emit(t.db, 'test.multi', null, {}, T);
    await emit(t.db, 'test.unknown-type', null, {}, T);
    const rows = async () =>
      (
        await t.db.query<{ type: string; event_id: string; attempts: number; last_error: string | null; available_at: Date; processed_at: Date | null }>(
          `SELECT type, event_id, attempts, last_error, available_at, processed_at FROM outbox WHERE type LIKE 'test.%' ORDER BY id`,
        )
      ).rows;
    const byType = async (type: string) => (await rows()).find((r) => r.type === type)!;

    const [first] = await at(T.toISOString());
    expect(first!.events).toBe(4); // three ok + the unknown type
    expect(first!.failedEvents).toBe(2);
    expect(calls.ok).toHaveLength(3);
    let flaky = await byType('test.flaky');
    expect(flaky).toMatchObject({ attempts: 1, processed_at: null });
    expect(flaky.last_error).toContain('SMS gateway unreachable');
    expect(new Date(flaky.available_at).getTime()).toBe(T.getTime() + BACKOFF_BASE_MS);
    expect((await byType('test.unknown-type')).processed_at).not.toBeNull();
    // The failed handler's own writes were undone; its sibling's were kept and recorded.
    expect(await count(`SELECT count(*) AS n FROM worker_test_effects WHERE handler = 'flaky'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM worker_test_effects WHERE handler = 'a'`)).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM worker_test_effects WHERE handler = 'b'`)).toBe(0);
    expect(await count('SELECT count(*) AS n FROM outbox_deliveries')).toBe(1);

    await at(new Date(T.getTime() + 9_000).toISOString(), 2); // not yet due again
    expect(calls.flaky).toBe(1);
    expect(calls.multiB).toBe(1);

    await at(new Date(T.getTime() + 10_000).toISOString()); // second attempt: flaky fails again, multi#b succeeds
    flaky = await byType('test.flaky');
    expect(flaky.attempts).toBe(2);
    expect(new Date(flaky.available_at).getTime()).toBe(T.getTime() + 10_000 + 2 * BACKOFF_BASE_MS);
    const multi = await byType('test.multi');
    expect(multi.processed_at).not.toBeNull();
    expect(calls.multiA).toBe(1); // not run again
    expect(calls.multiB).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM worker_test_effects WHERE event_id = $1`, [multi.event_id])).toBe(2);
    expect(await count('SELECT count(*) AS n FROM outbox_deliveries')).toBe(0);

    await at(new Date(T.getTime() + 29_000).toISOString());
    expect(calls.flaky).toBe(2);
    await at(new Date(T.getTime() + 30_000).toISOString());
    expect(calls.flaky).toBe(3);
    flaky = await byType('test.flaky');
    expect(flaky).toMatchObject({ attempts: 2, last_error: null });
    expect(flaky.processed_at).not.toBeNull();
    expect(await count(`SELECT count(*) AS n FROM worker_test_effects WHERE handler = 'flaky'`)).toBe(1); // effects exactly once
    expect(calls.ok).toHaveLength(3);
    expect(await pendingNow()).toBe(0);
  });

  it('caps the backoff at one hour', () => {
    expect([1, 2, 3, 4].map(backoffMs)).toEqual([10_000, 20_000, 40_000, 80_000]);
    expect(backoffMs(9)).toBe(2_560_000);
    expect(backoffMs(10)).toBe(BACKOFF_MAX_MS);
    expect(backoffMs(500)).toBe(BACKOFF_MAX_MS);
  });
});

describe('purge', () => {
  it('deletes idempotency keys after a day and login attempts after a week', async () => {
    const now = new Date(wita('2026-11-03'));
    const ago = (h: number) => new Date(now.getTime() - h * 3_600_000);
    for (const [key, at] of [['old', ago(25)], ['fresh', ago(23)]] as const) {
      await t.db.query(`INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at) VALUES ('test', $1, 'x', 201, '{}', $2)`, [key, at]);
    }
    for (const [username, at] of [['purge-old', ago(24 * 7 + 1)], ['purge-fresh', ago(24 * 6)]] as const) {
      await t.db.query(`INSERT INTO login_attempts (username, address, at, success) VALUES ($1, '203.0.113.9', $2, false)`, [username, at]);
    }
    const [r] = await at(now.toISOString());
    expect(r!.swept.purged.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect(r!.swept.purged.loginAttempts).toBeGreaterThanOrEqual(1);
    expect((await t.db.query<{ key: string }>(`SELECT key FROM idempotency_keys WHERE scope = 'test'`)).rows.map((x) => x.key)).toEqual(['fresh']);
    expect(
      (await t.db.query<{ username: string }>(`SELECT username FROM login_attempts WHERE username LIKE 'purge-%'`)).rows.map((x) => x.username),
    ).toEqual(['purge-fresh']);
  });
});

describe('periodic tasks', () => {
  it('run after the outbox in every pass; one that throws does not stop the others', async () => {
    t.clock.set(wita('2026-11-04', '09:00'));
    const seen: string[] = [];
    w.register({
      tasks: {
        'a-broken': async () => {
          throw new Error('gateway down');
        },
        'b-sender': async ({ now }) => {
          seen.push(now.toISOString());
          return 2;
        },
      },
    });
    const [r] = await at(wita('2026-11-04', '09:00'));
    expect(r!.tasks).toEqual({ 'b-sender': 2 });
    expect(seen).toEqual(['2026-11-04T01:00:00.000Z']);
  });
});

describe('the worker loop', () => {
  it('runs passes on an interval and stops after the pass in progress', async () => {
    t.clock.set(wita('2026-11-04'));
    await emit(t.db, 'test.ok', null, { loop: true }, t.clock.now());
    const before = calls.ok.length;
    w.start(20);
    for (let i = 0; i < 100 && calls.ok.length === before; i++) await new Promise((r) => setTimeout(r, 20));
    await w.stop();
    expect(calls.ok.length).toBe(before + 1);
    expect(await pendingNow()).toBe(0);
  });
});

// Several worker processes on one PostgreSQL database: PGlite is one connection in one process.
if (ENGINE === 'postgres') {
  describe('several workers on one PostgreSQL database', () => {
    it('handle each event exactly once and take each escalation exactly once', async () => {
      const trks: string[] = [];
      for (let i = 0; i < 20; i++) trks.push(await fileAndVerify(wita('2026-11-09'), `Pengaduan serentak nomor ${i + 1}`));
      t.clock.set(wita('2026-11-20')); // due Mon 16 Nov; Friday 20 Nov is past level 4
      for (let i = 0; i < 50; i++) await emit(t.db, 'test.concurrent', null, { i }, t.clock.now());
      const maxBefore = await count('SELECT coalesce(max(id), 0) AS n FROM outbox');
      const pendingBefore = await count('SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL AND available_at <= $1', [t.clock.now()]);

      const handled = new Map<string, number>();
      const handlers = {
        'test.concurrent': async (q: Queryable, e: OutboxEvent) => {
          handled.set(e.eventId, (handled.get(e.eventId) ?? 0) + 1);
          await q.query('SELECT pg_sleep(0.002)');
        },
      };
      const url = testDatabaseUrl(t.db)!;
      const pools = await Promise.all([openPostgres(url, 4), openPostgres(url, 4)]);
      try {
        const workers = pools.map((db) => createWorker({ db, clock: t.clock, handlers, batchSize: 3 }));
        const results = (await Promise.all(workers.map(async (wk) => [await wk.runOnce(), await wk.runOnce()]))).flat();

        // Both workers took part (results: worker 1's two passes, then worker 2's).
        expect(results[0]!.events + results[1]!.events).toBeGreaterThan(0);
        expect(results[2]!.events + results[3]!.events).toBeGreaterThan(0);
        expect(handled.size).toBe(50);
        expect([...handled.values()].every((n) => n === 1)).toBe(true);
        for (const trk of trks) {
          expect((await state(trk)).escalation_level, trk).toBe(4);
          expect(await escalations(trk), trk).toBe(4);
          expect(await outboxOf(trk, 'complaint.escalate'), trk).toBe(4);
        }
        // Every event, including the ones the sweep wrote during the passes, was handled once in all.
        const created = await count('SELECT count(*) AS n FROM outbox WHERE id > $1', [maxBefore]);
        expect(results.reduce((n, r) => n + r.events, 0)).toBe(pendingBefore + created);
        expect(results.reduce((n, r) => n + r.swept.escalated, 0)).toBe(created);
        expect(results.reduce((n, r) => n + r.swept.errors + r.failedEvents, 0)).toBe(0);
        expect(await pendingNow()).toBe(0);
      } finally {
        await Promise.all(pools.map((p) => p.close()));
      }
    });
  });
}
