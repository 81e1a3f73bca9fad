// Smoke test of the benchmark's data generator (bench/generate.ts), not of its timings: a few
// hundred complaints of one province, generated through SQL, must look as if the commands had made
// them — every timeline step allowed by the lifecycle table and chained status to status, the row's
// status the last step's, deadlines of open complaints set with the right kind and equal to the
// working-day calendar's due date, holders where the status needs one, and the bench lookup tables
// gone afterwards (the schema stays the production one).
import { beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../support/db';
import type { Db } from '../../server/db/client';
import { generate, type GenerateResult } from '../../bench/generate';
import { LIFECYCLE, OPEN_STATUSES, type Action, type Status } from '../../server/modules/complaints/lifecycle';
import { addWorkingDays, calendarFor, type TimeZoneCode } from '../../server/modules/deadlines';

interface Row {
  id: number;
  status: Status;
  due_at: Date | null;
  due_kind: string | null;
  created_at: Date;
  holder_org_id: number | null;
  holder_org_path: string | null;
  admin_org_path: string;
  time_zone: TimeZoneCode;
  escalation_level: number;
}
interface Ev {
  complaint_id: number;
  action: string;
  from_status: Status | null;
  to_status: Status;
  at: Date;
  internal: boolean;
}

const SIZE = 400;
const NOW = new Date();

describe('bench data generator', () => {
  let db: Db;
  let result: GenerateResult;
  let before: number;
  let rows: Row[];
  let events: Map<number, Ev[]>;

  beforeAll(async () => {
    db = await testDb();
    before = (await db.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM complaints')).rows[0]!.n;
    result = await generate(db, { size: SIZE, now: NOW, provinces: ['51'], batch: 150, textsPerCategory: 8, dropIndexes: true });
    rows = (
      await db.query<Row>(
        `SELECT c.id, c.status, c.due_at, c.due_kind, c.created_at, c.holder_org_id, c.holder_org_path, c.admin_org_path, o.time_zone, c.escalation_level
           FROM complaints c JOIN organisations o ON o.id = c.admin_org_id WHERE c.id > $1 ORDER BY c.id`,
        [before],
      )
    ).rows;
    events = new Map();
    const evs = (
      await db.query<Ev>('SELECT complaint_id, action, from_status, to_status, at, internal FROM complaint_events WHERE complaint_id > $1 ORDER BY complaint_id, at, id', [before])
    ).rows;
    for (const e of evs) events.set(e.complaint_id, [...(events.get(e.complaint_id) ?? []), e]);
  }, 120_000);

  it('generates the requested complaints, each with a timeline, within the ten years before now', () => {
    expect(rows).toHaveLength(SIZE);
    expect(result.events).toBeGreaterThan(SIZE * 2);
    for (const c of rows) {
      expect(events.get(c.id)?.length ?? 0).toBeGreaterThan(0);
      expect(new Date(c.created_at).getTime()).toBeLessThanOrEqual(NOW.getTime());
      expect(NOW.getTime() - new Date(c.created_at).getTime()).toBeLessThan(3660 * 86_400_000);
    }
    // Several outcomes occur, both finished and open ones.
    const statuses = new Set(rows.map((r) => r.status));
    expect(statuses.has('closed')).toBe(true);
    expect(statuses.has('rejected')).toBe(true);
    expect(rows.some((r) => OPEN_STATUSES.includes(r.status))).toBe(true);
  });

  it('chains every timeline step through the lifecycle table and ends at the row’s status', () => {
    for (const c of rows) {
      const evs = events.get(c.id)!;
      expect(evs[0]!.action).toBe('submit');
      expect(evs[0]!.to_status).toBe('submitted');
      let status: Status = 'submitted';
      for (const e of evs.slice(1)) {
        expect(e.from_status, `${c.id} ${e.action}`).toBe(status);
        const t = LIFECYCLE[e.action as Action];
        expect(t, e.action).toBeDefined();
        expect((t.from as readonly string[]).includes(status), `${e.action} from ${status}`).toBe(true);
        const to = t.to === 'unchanged' ? status : t.to;
        expect(e.to_status, `${c.id} ${e.action}`).toBe(to);
        expect(e.internal).toBe(Boolean((t as { internal?: boolean }).internal));
        status = e.to_status;
      }
      expect(status, `complaint ${c.id}`).toBe(c.status);
      expect(evs.filter((e) => e.action === 'escalate')).toHaveLength(c.escalation_level);
    }
  });

  it('sets holders and deadlines as the lifecycle leaves them, from the working-day calendar', async () => {
    const kind: Partial<Record<Status, string>> = {
      submitted: 'verification',
      returned: 'verification',
      disposed: 'first_response',
      in_progress: 'first_response',
      on_hold: 'first_response',
      responded: 'reporter_reply',
    };
    let checkedDue = 0;
    for (const c of rows) {
      expect(c.due_kind, `${c.id} ${c.status}`).toBe(kind[c.status] ?? null);
      expect(c.due_at === null, `${c.id} ${c.status}`).toBe(!kind[c.status]);
      const needsHolder = ['disposed', 'in_progress', 'responded', 'on_hold', 'closed'].includes(c.status);
      expect(c.holder_org_id !== null, `${c.id} ${c.status}`).toBe(needsHolder);
      if (c.holder_org_path) expect(c.holder_org_path.startsWith(c.admin_org_path)).toBe(true);
      // A complaint still waiting for verification is due three working days after it came in.
      if (c.status === 'submitted') {
        const cal = await calendarFor(db, { path: c.admin_org_path });
        expect(new Date(c.due_at!).toISOString()).toBe(addWorkingDays(cal, new Date(c.created_at), 3, c.time_zone).toISOString());
        checkedDue++;
      }
      // Overdue ones carry their escalation ladder; the others none.
      const overdue = ['submitted', 'disposed', 'in_progress', 'returned'].includes(c.status) && new Date(c.due_at!) < NOW;
      expect(c.escalation_level > 0, `${c.id}`).toBe(overdue);
    }
    expect(checkedDue).toBeGreaterThan(0);
  });

  it('leaves the production schema: lookup tables dropped, secondary indexes rebuilt', async () => {
    const t = await db.query("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename LIKE 'bench_%'");
    expect(t.rows).toEqual([]);
    const ix = await db.query<{ indexname: string }>("SELECT indexname FROM pg_indexes WHERE tablename = 'complaints'");
    const names = ix.rows.map((r) => r.indexname);
    for (const n of ['complaints_search_idx', 'complaints_open_due_idx', 'complaints_escalation_due_idx', 'complaints_holder_path_idx']) expect(names).toContain(n);
    // The identity continues after the generated ids.
    const next = await db.query<{ id: number }>(
      `INSERT INTO complaints (tracking_number, access_code_hash, type, title, body, status, channel, admin_org_id, admin_org_path, reporter_name, created_at, updated_at)
       SELECT 'ZZTEST0001', 'x', 'pengaduan', 't', 'b', 'submitted', 'web', id, path, 'n', now(), now() FROM organisations WHERE code = '51' RETURNING id`,
    );
    expect(next.rows[0]!.id).toBeGreaterThan(before + SIZE);
  });
});
