// The deadline sweep in pages: many due complaints in one pass, written a page per transaction,
// give exactly the timeline entries, outbox events and row changes that handling them one by one
// gives (one close, one reminder, one entry and event per escalation rung, in rung order), and a
// second pass at the same instant writes nothing. Dates: July 2026 (no national holidays);
// Buleleng is WITA (UTC+8).
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { AUTO_CLOSE_NOTE, ESCALATION_LADDER, sweepDeadlines, type SweepResult } from '../../server/jobs/deadlines';

let t: TestApp;
const wita = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;

async function token(username: string): Promise<string> {
  const r = await t.call('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } });
  expect(r.status, r.text).toBe(200);
  return r.json.token as string;
}

/** Files `n` guest complaints in Buleleng at `instant` and routes them to PUPR. */
async function fileAndVerify(instant: string, n: number, title: string): Promise<string[]> {
  t.clock.set(instant);
  const admin = await token('admin.buleleng');
  const trks: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title: `${title} ${i + 1}`,
        body: 'Mohon segera ditindaklanjuti, kondisinya sudah berlangsung lama dan mengganggu warga sekitar.',
        reporter: { name: 'Made Warga', phone: '081234567891' },
        location: { regionCode: '51.08' },
      },
    });
    expect(r.status, r.text).toBe(201);
    const v = await t.call('POST', `/api/v1/complaints/${r.json.trackingNumber}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } });
    expect(v.status, v.text).toBe(200);
    trks.push(r.json.trackingNumber as string);
  }
  return trks;
}

interface Row {
  id: number;
  tracking_number: string;
  status: string;
  due_at: Date | null;
  due_kind: string | null;
  holder_org_id: number;
  admin_org_id: number;
  escalation_level: number;
  escalated_due_at: Date | null;
  next_escalation_at: Date | null;
  reminded_due_at: Date | null;
  updated_at: Date;
}
const rowsOf = async (trks: string[]) =>
  (await t.db.query<Row>(`SELECT * FROM complaints WHERE tracking_number IN (${trks.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id`, trks)).rows;

interface Written {
  timeline: { complaint_id: number; action: string; from_status: string; to_status: string; actor_user_id: number | null; actor_role: string; actor_org_id: number | null; holder_org_id: number | null; message: string | null; data: unknown; internal: boolean; due_at: Date | null }[];
  outbox: { aggregate_id: number; type: string; payload: Record<string, unknown>; created_at: Date; available_at: Date }[];
}
/** What the sweep wrote at `at`, in insertion order. */
async function writtenAt(at: Date): Promise<Written> {
  const timeline = (
    await t.db.query<Written['timeline'][number]>(
      `SELECT complaint_id, action, from_status, to_status, actor_user_id, actor_role, actor_org_id, holder_org_id, message, data, internal, due_at
         FROM complaint_events WHERE at = $1 ORDER BY id`,
      [at],
    )
  ).rows;
  const outbox = (await t.db.query<Written['outbox'][number]>('SELECT aggregate_id, type, payload, created_at, available_at FROM outbox WHERE created_at = $1 ORDER BY id', [at])).rows;
  return { timeline, outbox };
}

let overdue: string[];
let upcoming: string[];
let answered: string[];
let later: string[];

beforeAll(async () => {
  t = await testApp({ now: wita('2026-07-02', '09:00') });
  // Responded on Thu 2 Jul: the reporter's 10 working days end Thu 16 Jul.
  answered = await fileAndVerify(wita('2026-07-02'), 4, 'Trotoar rusak');
  const pupr = await token('pupr.buleleng');
  for (const trk of answered) {
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/respond`, { token: pupr, body: { message: 'Sudah diperbaiki oleh tim lapangan.' } });
    expect(r.status, r.text).toBe(200);
  }
  // Routed Mon 6 Jul: due Mon 13 Jul, so by Fri 17 Jul every rung of the ladder is due.
  overdue = await fileAndVerify(wita('2026-07-06'), 7, 'Jalan berlubang');
  // Routed Mon 13 Jul: due Mon 20 Jul, the working day after Fri 17 Jul.
  upcoming = await fileAndVerify(wita('2026-07-13'), 6, 'Lampu jalan mati');
  // Routed Tue 14 Jul: due Tue 21 Jul, reminded on Mon 20 Jul (the second test).
  later = await fileAndVerify(wita('2026-07-14'), 5, 'Saluran tersumbat');
}, 120_000);

describe('the deadline sweep in pages', () => {
  it('writes what one-by-one handling writes, in pages smaller than the work, and nothing on a second pass', async () => {
    const now = new Date(wita('2026-07-17'));
    // Pages of 3: every step spans several pages and transactions.
    const first = await sweepDeadlines({ db: t.db, now, purge: false, batchSize: 3 });
    expect(first).toEqual<SweepResult>({
      closed: answered.length,
      escalated: overdue.length * ESCALATION_LADDER.length,
      reminded: upcoming.length,
      purged: { idempotencyKeys: 0, loginAttempts: 0 }, // purge: false
      errors: 0,
    });
    const written = await writtenAt(now);

    // Auto-close: the close command by the system, one each.
    for (const c of await rowsOf(answered)) {
      expect(c).toMatchObject({ status: 'closed', due_at: null, due_kind: null });
      expect(written.timeline.filter((e) => e.complaint_id === c.id)).toEqual([
        { complaint_id: c.id, action: 'close', from_status: 'responded', to_status: 'closed', actor_user_id: null, actor_role: 'system', actor_org_id: null, holder_org_id: c.holder_org_id, message: AUTO_CLOSE_NOTE, data: {}, internal: false, due_at: null },
      ]);
      expect(written.outbox.filter((e) => e.aggregate_id === c.id)).toEqual([
        { aggregate_id: c.id, type: 'complaint.close', payload: { trackingNumber: c.tracking_number, action: 'close', from: 'responded', to: 'closed', holderOrgId: c.holder_org_id, actorRole: 'system' }, created_at: now, available_at: now },
      ]);
    }

    // Escalation: every rung once, in order, as the escalate command by the system would write it
    // plus the rung in the event; the row remembers the ladder it climbed.
    for (const c of await rowsOf(overdue)) {
      const dueAt = new Date('2026-07-13T15:59:59.999Z');
      expect(c).toMatchObject({ status: 'disposed', due_at: dueAt, escalation_level: 4, escalated_due_at: dueAt, next_escalation_at: null, updated_at: now });
      expect(written.timeline.filter((e) => e.complaint_id === c.id)).toEqual(
        ESCALATION_LADDER.map((rung) => ({
          complaint_id: c.id, action: 'escalate', from_status: 'disposed', to_status: 'disposed', actor_user_id: null, actor_role: 'system', actor_org_id: null,
          holder_org_id: c.holder_org_id, message: rung.note, data: { level: rung.level }, internal: true, due_at: dueAt,
        })),
      );
      expect(written.outbox.filter((e) => e.aggregate_id === c.id)).toEqual(
        ESCALATION_LADDER.map((rung) => ({
          aggregate_id: c.id,
          type: 'complaint.escalate',
          payload: {
            trackingNumber: c.tracking_number, action: 'escalate', from: 'disposed', to: 'disposed', holderOrgId: c.holder_org_id, actorRole: 'system',
            level: rung.level, audience: rung.audience, dueAt: dueAt.toISOString(),
          },
          created_at: now,
          available_at: now,
        })),
      );
    }

    // Reminders: one event each, no timeline entry.
    for (const c of await rowsOf(upcoming)) {
      const dueAt = new Date('2026-07-20T15:59:59.999Z');
      expect(c).toMatchObject({ status: 'disposed', due_at: dueAt, reminded_due_at: dueAt, escalation_level: 0 });
      expect(written.timeline.filter((e) => e.complaint_id === c.id)).toEqual([]);
      expect(written.outbox.filter((e) => e.aggregate_id === c.id)).toEqual([
        {
          aggregate_id: c.id,
          type: 'complaint.reminder',
          payload: { trackingNumber: c.tracking_number, status: 'disposed', dueAt: dueAt.toISOString(), dueKind: 'first_response', holderOrgId: c.holder_org_id, adminOrgId: c.admin_org_id },
          created_at: now,
          available_at: now,
        },
      ]);
    }
    expect(written.timeline).toHaveLength(answered.length + overdue.length * ESCALATION_LADDER.length);
    expect(written.outbox).toHaveLength(answered.length + overdue.length * ESCALATION_LADDER.length + upcoming.length);

    // The same instant again, in one page or in many: nothing left to do.
    const before = await rowsOf([...answered, ...overdue, ...upcoming]);
    for (const batchSize of [3, 500]) {
      expect(await sweepDeadlines({ db: t.db, now, purge: false, batchSize })).toMatchObject({ closed: 0, escalated: 0, reminded: 0, errors: 0 });
    }
    expect(await writtenAt(now)).toEqual(written);
    expect(await rowsOf([...answered, ...overdue, ...upcoming])).toEqual(before);
  });

  it('stops each step after maxPerStep complaints; the next pass continues where it stopped', async () => {
    const now = new Date(wita('2026-07-20')); // the others: not overdue yet, reminded, at the top of the ladder or closed
    const first = await sweepDeadlines({ db: t.db, now, purge: false, batchSize: 2, maxPerStep: 3 });
    expect(first).toMatchObject({ closed: 0, escalated: 0, reminded: 3, errors: 0 });
    expect((await rowsOf(later)).filter((c) => c.reminded_due_at !== null)).toHaveLength(3);
    const second = await sweepDeadlines({ db: t.db, now, purge: false, batchSize: 2, maxPerStep: 3 });
    expect(second).toMatchObject({ closed: 0, escalated: 0, reminded: 2, errors: 0 });
    expect((await rowsOf(later)).every((c) => c.reminded_due_at !== null && c.reminded_due_at.getTime() === c.due_at!.getTime())).toBe(true);
    expect(await sweepDeadlines({ db: t.db, now, purge: false, batchSize: 2, maxPerStep: 3 })).toMatchObject({ closed: 0, escalated: 0, reminded: 0, errors: 0 });
  });
});
