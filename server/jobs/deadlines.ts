// The deadline sweep: auto-closing complaints the reporter did not answer, the escalation ladder of
// overdue complaints, reminders the working day before a deadline, and purging expired rows.
//
// Cheap at any size: each step reads only the complaints that need something now, through a
// partial index that holds just those (0003_worker.sql), in pages of `batchSize` ordered by the
// indexed instant. A page is one transaction (auto-close: chunks of a page) that first locks its
// rows with `FOR UPDATE SKIP LOCKED` and re-checks the condition under the lock, so with several
// workers a complaint another worker holds is skipped and one it has just handled no longer
// qualifies. Per-complaint transactions made a national working day of due dates take minutes
// (issue #9): escalations and reminders of a page are written by one statement. Every step is idempotent: running the sweep twice at the same instant changes nothing.
import { nextTurn } from '../platform/yield';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/client';
import type { Clock } from '../platform/clock';
import { SYSTEM } from '../modules/access/actor';
import { performAction, type Ctx } from '../modules/complaints/commands';
import { OVERDUE_STATUSES } from '../modules/complaints/lifecycle';
import { addWorkingDays, calendarFor, makeCalendar, TIME_ZONE_CODES, type TimeZoneCode, type WorkingCalendar } from '../modules/deadlines';

export const AUTO_CLOSE_NOTE = 'Ditutup otomatis: tidak ada tanggapan pelapor dalam 10 hari kerja';

/**
 * The escalation ladder of an overdue complaint. Level 1 as soon as the due date passes; each
 * further level one working day after the one before (level k once `now` is past due + (k−1)
 * working days). Each level is taken once per due date; a new due date starts a new ladder.
 */
export const ESCALATION_LADDER = [
  { level: 1, audience: 'liaison', note: 'Eskalasi tingkat 1: batas waktu terlewati, penghubung unit pengelola diingatkan' },
  { level: 2, audience: 'org_admin', note: 'Eskalasi tingkat 2: belum ditindaklanjuti, diteruskan ke admin instansi' },
  { level: 3, audience: 'leader', note: 'Eskalasi tingkat 3: belum ditindaklanjuti, diteruskan ke pimpinan' },
  { level: 4, audience: 'national_admin', note: 'Eskalasi tingkat 4: belum ditindaklanjuti, diteruskan ke admin nasional' },
] as const;
export const MAX_ESCALATION_LEVEL = ESCALATION_LADDER.length;

/** Idempotency keys are kept for a day, login attempts for a week. */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
export const LOGIN_ATTEMPT_TTL_MS = 7 * 24 * 3_600_000;

export interface SweepResult {
  closed: number;
  /** Escalation steps taken (a complaint that climbs two levels counts twice). */
  escalated: number;
  reminded: number;
  purged: { idempotencyKeys: number; loginAttempts: number };
  /** Complaints whose step failed; they are tried again on the next pass. */
  errors: number;
}

export interface SweepOptions {
  db: Db;
  now: Date;
  attachmentsDir?: string;
  batchSize?: number;
  /** Upper bound of complaints each step looks at in one pass (the next pass continues). */
  maxPerStep?: number;
  purge?: boolean;
  log?: Logger;
  shouldStop?: () => boolean;
}

const OVERDUE_SQL = `(${OVERDUE_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/** The instant the next escalation step of a complaint is due: the expression of complaints_escalation_due_idx. */
const ESCALATION_AT = '(CASE WHEN escalated_due_at IS NOT DISTINCT FROM due_at THEN next_escalation_at ELSE due_at END)';

// ---------------------------------------------------------------------------------------------
// Helpers

/** A `Db` whose `tx` runs inside an open transaction, so commands join the sweep's transaction. */
export function inTransaction(q: Queryable, engine: Db['engine']): Db {
  return {
    engine,
    query: <T = Record<string, unknown>>(sql: string, params?: readonly unknown[]) => q.query<T>(sql, params),
    exec: (sql: string) => q.exec(sql),
    tx: <T>(fn: (q: Queryable) => Promise<T>) => fn(q),
    close: async () => {
      throw new Error('inTransaction: the transaction belongs to its caller');
    },
  };
}

/** Calendars by organisation path, read once per pass. */
class Calendars {
  private readonly byPath = new Map<string, WorkingCalendar>();
  async get(q: Queryable, path: string): Promise<WorkingCalendar> {
    let cal = this.byPath.get(path);
    if (!cal) {
      cal = await calendarFor(q, { path });
      this.byPath.set(path, cal);
    }
    return cal;
  }
}

/** The level an overdue complaint should have reached at `now` (0 while it is not overdue). */
export function targetEscalationLevel(cal: WorkingCalendar, dueAt: Date, now: Date, tz: TimeZoneCode): number {
  let level = 0;
  while (level < MAX_ESCALATION_LEVEL && now > escalationDueAt(cal, dueAt, level + 1, tz)) level++;
  return level;
}

/** When level `level` becomes due: the due date itself for level 1, then one working day per level. */
export function escalationDueAt(cal: WorkingCalendar, dueAt: Date, level: number, tz: TimeZoneCode): Date {
  return level <= 1 ? dueAt : addWorkingDays(cal, dueAt, level - 1, tz);
}

interface Candidate {
  id: number;
  k: Date;
}

/**
 * Walks the candidates of one step page by page (keyset on the indexed instant and id), handing
 * each page to `handle`, which writes it in as few transactions and statements as it can. A
 * complaint is visited at most once per pass. A page whose transaction fails counts all its
 * complaints as errors; they are candidates again on the next pass.
 */
async function eachPage(
  o: SweepOptions,
  step: string,
  select: { sortExpr: string; where: string; params: unknown[] },
  handle: (ids: number[]) => Promise<number>,
  result: SweepResult,
): Promise<number> {
  const batch = o.batchSize ?? 500;
  const max = o.maxPerStep ?? 5000;
  let after: Candidate | undefined;
  let seen = 0;
  let done = 0;
  while (seen < max && !o.shouldStop?.()) {
    const params = [...select.params];
    let page = '';
    if (after) {
      params.push(after.k, after.id);
      page = `AND (${select.sortExpr}, id) > ($${params.length - 1}::timestamptz, $${params.length}::bigint)`;
    }
    params.push(Math.min(batch, max - seen));
    const rows = (
      await o.db.query<Candidate>(
        `SELECT id, ${select.sortExpr} AS k FROM complaints WHERE ${select.where} ${page} ORDER BY ${select.sortExpr}, id LIMIT $${params.length}`,
        params,
      )
    ).rows;
    if (rows.length === 0) break;
    await nextTurn();
    seen += rows.length;
    try {
      done += await handle(rows.map((r) => r.id));
    } catch (err) {
      result.errors += rows.length;
      o.log?.error({ step, complaintIds: rows.map((r) => r.id), err: errorText(err) }, 'deadline sweep page failed');
    }
    if (rows.length < batch) break;
    after = rows[rows.length - 1];
  }
  return done;
}

const errorText = (err: unknown) => (err instanceof Error ? err.message : String(err));

interface LockedComplaint {
  id: number;
  tracking_number: string;
  status: string;
  due_at: Date;
  due_kind: string | null;
  escalation_level: number;
  escalated_due_at: Date | null;
  holder_org_id: number | null;
  admin_org_id: number;
  org_path: string;
  org_tz: TimeZoneCode;
}

/**
 * Locks the complaints of a page that still match `where` (over alias c, parameters from $2) and
 * that nobody else holds; returned in the page's order.
 */
async function lockPage(q: Queryable, ids: number[], where: string, params: unknown[]): Promise<LockedComplaint[]> {
  const r = await q.query<LockedComplaint>(
    `SELECT c.id, c.tracking_number, c.status, c.due_at, c.due_kind, c.escalation_level, c.escalated_due_at,
            c.holder_org_id, c.admin_org_id, o.path AS org_path, o.time_zone AS org_tz
       FROM complaints c JOIN organisations o ON o.id = coalesce(c.holder_org_id, c.admin_org_id)
      WHERE c.id IN (SELECT value::bigint FROM jsonb_array_elements_text($1::jsonb)) AND ${where}
      ORDER BY c.id
        FOR UPDATE OF c SKIP LOCKED`,
    [JSON.stringify(ids), ...params],
  );
  const byId = new Map(r.rows.map((c) => [Number(c.id), c]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

// ---------------------------------------------------------------------------------------------
// Steps

/** Auto-closes per transaction: closing goes through performAction, a dozen statements each. */
const CLOSE_CHUNK = 50;

/** a. Responded complaints whose reporter did not answer within the reply window are closed by the system. */
async function autoClose(o: SweepOptions, ctx: Omit<Ctx, 'db'>, result: SweepResult): Promise<number> {
  const where = `c.status = 'responded' AND c.due_kind = 'reporter_reply' AND c.due_at < $2`;
  return eachPage(
    o,
    'auto-close',
    { sortExpr: 'due_at', where: `status = 'responded' AND due_at < $1 AND due_kind = 'reporter_reply'`, params: [o.now] },
    async (ids) => {
      let closed = 0;
      for (let i = 0; i < ids.length && !o.shouldStop?.(); i += CLOSE_CHUNK) {
        if (i > 0) await nextTurn();
        closed += await o.db.tx(async (q) => {
          const txCtx = { ...ctx, db: inTransaction(q, o.db.engine) };
          let n = 0;
          for (const c of await lockPage(q, ids.slice(i, i + CLOSE_CHUNK), where, [o.now])) {
            // A complaint the command refuses stays open for the next pass; the others still close.
            await q.query('SAVEPOINT auto_close');
            try {
              await performAction(txCtx, SYSTEM, c.tracking_number, 'close', { note: AUTO_CLOSE_NOTE });
              await q.query('RELEASE SAVEPOINT auto_close');
              n++;
            } catch (err) {
              await q.query('ROLLBACK TO SAVEPOINT auto_close');
              result.errors++;
              o.log?.error({ step: 'auto-close', complaintId: c.id, err: errorText(err) }, 'deadline sweep step failed');
            }
          }
          return n;
        });
      }
      return closed;
    },
    result,
  );
}

/**
 * b. The escalation ladder of overdue complaints. A page is one transaction and one statement that
 * writes what performAction's `escalate` would, step by step: the timeline entry (internal, by the
 * system, `data.level`), the outbox event (the command's payload plus the rung: level, audience,
 * dueAt) and the level on the row. Escalation has no rule beyond the ladder, so nothing is lost by
 * not going through the command, and one statement for a page is what makes a national working
 * day of escalations fit in one pass.
 */
async function escalate(o: SweepOptions, cals: Calendars, result: SweepResult): Promise<number> {
  const where = `c.status IN ${OVERDUE_SQL} AND c.due_at IS NOT NULL AND c.due_at < $2`;
  return eachPage(
    o,
    'escalation',
    { sortExpr: ESCALATION_AT, where: `status IN ${OVERDUE_SQL} AND due_at IS NOT NULL AND ${ESCALATION_AT} < $1`, params: [o.now] },
    (ids) =>
      o.db.tx(async (q) => {
        const steps: { id: number; note: string; data: { level: number }; payload: Record<string, unknown>; dueAt: Date }[] = [];
        const rows: { id: number; level: number | null; next: Date | null }[] = [];
        for (const c of await lockPage(q, ids, where, [o.now])) {
          try {
            const due = new Date(c.due_at);
            const cal = await cals.get(q, c.org_path);
            const sameLadder = c.escalated_due_at !== null && new Date(c.escalated_due_at).getTime() === due.getTime();
            // A new due date: the ladder starts again.
            const current = sameLadder ? Math.min(c.escalation_level, MAX_ESCALATION_LEVEL) : 0;
            const target = targetEscalationLevel(cal, due, o.now, c.org_tz);
            for (let level = current + 1; level <= target; level++) {
              const rung = ESCALATION_LADDER[level - 1]!;
              steps.push({
                id: c.id,
                note: rung.note,
                data: { level },
                payload: {
                  trackingNumber: c.tracking_number, action: 'escalate', from: c.status, to: c.status, holderOrgId: c.holder_org_id, actorRole: 'system',
                  level, audience: rung.audience, dueAt: due.toISOString(),
                },
                dueAt: due,
              });
            }
            const reached = Math.max(current, target);
            rows.push({ id: c.id, level: target > current ? target : null, next: reached >= MAX_ESCALATION_LEVEL ? null : escalationDueAt(cal, due, reached + 1, c.org_tz) });
          } catch (err) {
            result.errors++;
            o.log?.error({ step: 'escalation', complaintId: c.id, err: errorText(err) }, 'deadline sweep step failed');
          }
        }
        if (rows.length === 0) return 0;
        // The event's due_at is the row's (escalation does not move it): given, so that the
        // timeline trigger need not look it up. ORDER BY ord keeps each complaint's rungs in order.
        await q.query(
          `WITH s AS (SELECT (j->>'id')::bigint AS id, j->>'note' AS note, j->'data' AS data, j->'payload' AS payload, (j->>'dueAt')::timestamptz AS due_at, ord
                        FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(j, ord)),
                ev AS (INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_role, holder_org_id, message, data, internal, due_at)
                       SELECT s.id, $3, 'escalate', s.payload->>'from', s.payload->>'to', 'system', (s.payload->>'holderOrgId')::bigint, s.note, s.data, true, s.due_at
                         FROM s ORDER BY s.ord),
                ob AS (INSERT INTO outbox (type, aggregate_id, payload, created_at, available_at)
                       SELECT 'complaint.escalate', s.id, s.payload, $3, $3 FROM s ORDER BY s.ord)
           UPDATE complaints c
              SET escalation_level = coalesce(r.level, c.escalation_level),
                  updated_at = CASE WHEN r.level IS NULL THEN c.updated_at ELSE $3 END,
                  escalated_due_at = c.due_at, next_escalation_at = r.next
             FROM jsonb_to_recordset($2::jsonb) AS r(id bigint, level int, next timestamptz)
            WHERE c.id = r.id`,
          [JSON.stringify(steps), JSON.stringify(rows), o.now],
        );
        return steps.length;
      }),
    result,
  );
}

/** The latest instant "one working day from now" can reach in any calendar and zone: no reminder is further out. */
async function reminderHorizon(db: Db, now: Date): Promise<Date> {
  const rows = await db.query<{ d: string }>(`SELECT DISTINCT to_char(date, 'YYYY-MM-DD') AS d FROM holidays`);
  // Every holiday of every organisation at once: fewer working days can only push the horizon later.
  const all = makeCalendar(rows.rows.map((r) => r.d));
  return new Date(Math.max(...TIME_ZONE_CODES.map((tz) => addWorkingDays(all, now, 1, tz).getTime())));
}

/** c. A reminder the working day before a deadline, once per due date; a page in one statement. */
async function remind(o: SweepOptions, cals: Calendars, result: SweepResult): Promise<number> {
  const horizon = await reminderHorizon(o.db, o.now);
  const where = `c.status IN ${OVERDUE_SQL} AND c.reminded_due_at IS DISTINCT FROM c.due_at AND c.due_at > $2`;
  return eachPage(
    o,
    'reminder',
    {
      sortExpr: 'due_at',
      where: `status IN ${OVERDUE_SQL} AND reminded_due_at IS DISTINCT FROM due_at AND due_at > $1 AND due_at <= $2`,
      params: [o.now, horizon],
    },
    (ids) =>
      o.db.tx(async (q) => {
        const due: { id: number; payload: Record<string, unknown> }[] = [];
        for (const c of await lockPage(q, ids, where, [o.now])) {
          try {
            const dueAt = new Date(c.due_at);
            const cal = await cals.get(q, c.org_path);
            if (addWorkingDays(cal, o.now, 1, c.org_tz) < dueAt) continue;
            due.push({
              id: c.id,
              payload: { trackingNumber: c.tracking_number, status: c.status, dueAt: dueAt.toISOString(), dueKind: c.due_kind, holderOrgId: c.holder_org_id, adminOrgId: c.admin_org_id },
            });
          } catch (err) {
            result.errors++;
            o.log?.error({ step: 'reminder', complaintId: c.id, err: errorText(err) }, 'deadline sweep step failed');
          }
        }
        if (due.length === 0) return 0;
        await q.query(
          `WITH s AS (SELECT (j->>'id')::bigint AS id, j->'payload' AS payload, ord FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(j, ord)),
                u AS (UPDATE complaints c SET reminded_due_at = c.due_at FROM s WHERE c.id = s.id)
           INSERT INTO outbox (type, aggregate_id, payload, created_at, available_at)
           SELECT 'complaint.reminder', s.id, s.payload, $2, $2 FROM s ORDER BY s.ord`,
          [JSON.stringify(due), o.now],
        );
        return due.length;
      }),
    result,
  );
}

/** d. Idempotency keys older than a day, login attempts older than a week; in slices so no statement runs long. */
async function purge(o: SweepOptions): Promise<SweepResult['purged']> {
  const slice = 5000;
  const purged = { idempotencyKeys: 0, loginAttempts: 0 };
  const keysBefore = new Date(o.now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
  const attemptsBefore = new Date(o.now.getTime() - LOGIN_ATTEMPT_TTL_MS);
  for (;;) {
    const r = await o.db.query(
      `DELETE FROM idempotency_keys WHERE (scope, key) IN
         (SELECT scope, key FROM idempotency_keys WHERE created_at < $1 ORDER BY created_at LIMIT $2)`,
      [keysBefore, slice],
    );
    purged.idempotencyKeys += r.rowCount;
    if (r.rowCount < slice || o.shouldStop?.()) break;
  }
  for (;;) {
    const r = await o.db.query(
      `DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts WHERE at < $1 ORDER BY at LIMIT $2)`,
      [attemptsBefore, slice],
    );
    purged.loginAttempts += r.rowCount;
    if (r.rowCount < slice || o.shouldStop?.()) break;
  }
  return purged;
}

/** One pass of every step at `now`. */
export async function sweepDeadlines(o: SweepOptions): Promise<SweepResult> {
  const result: SweepResult = { closed: 0, escalated: 0, reminded: 0, purged: { idempotencyKeys: 0, loginAttempts: 0 }, errors: 0 };
  const ctx = { clock: { now: () => o.now } satisfies Clock, attachmentsDir: o.attachmentsDir ?? '' };
  const cals = new Calendars();
  if (o.purge !== false) result.purged = await purge(o);
  result.closed = await autoClose(o, ctx, result);
  result.escalated = await escalate(o, cals, result);
  result.reminded = await remind(o, cals, result);
  return result;
}
