// The deadline sweep: auto-closing complaints the reporter did not answer, the escalation ladder of
// overdue complaints, reminders the working day before a deadline, and purging expired rows.
//
// Cheap at any size: each step reads only the complaints that need something now, through a
// partial index that holds just those (0003_worker.sql), in pages of `batchSize` ordered by the
// indexed instant. Safe with several workers: each complaint is handled in a small transaction of
// its own that first locks the row with `FOR UPDATE SKIP LOCKED` and re-checks the condition under
// the lock, so a complaint another worker holds is skipped and one it has just handled no longer
// qualifies. Every step is idempotent: running the sweep twice at the same instant changes nothing.
import { nextTurn } from '../platform/yield';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/client';
import type { Clock } from '../platform/clock';
import { emit } from '../platform/outbox';
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
 * each to `handle` in its own transaction. A complaint is visited at most once per pass.
 */
async function eachCandidate(
  o: SweepOptions,
  step: string,
  select: { sortExpr: string; where: string; params: unknown[] },
  handle: (id: number) => Promise<number>,
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
    for (const row of rows) {
      if (o.shouldStop?.()) break;
      await nextTurn();
      seen++;
      try {
        done += await handle(row.id);
      } catch (err) {
        result.errors++;
        o.log?.error({ step, complaintId: row.id, err: err instanceof Error ? err.message : String(err) }, 'deadline sweep step failed');
      }
    }
    if (rows.length < batch) break;
    after = rows[rows.length - 1];
  }
  return done;
}

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

/** Locks one complaint if it still matches `where` (over alias c) and nobody else holds it. */
async function lockComplaint(q: Queryable, id: number, where: string, params: unknown[]): Promise<LockedComplaint | undefined> {
  const r = await q.query<LockedComplaint>(
    `SELECT c.id, c.tracking_number, c.status, c.due_at, c.due_kind, c.escalation_level, c.escalated_due_at,
            c.holder_org_id, c.admin_org_id, o.path AS org_path, o.time_zone AS org_tz
       FROM complaints c JOIN organisations o ON o.id = coalesce(c.holder_org_id, c.admin_org_id)
      WHERE c.id = $1 AND ${where}
        FOR UPDATE OF c SKIP LOCKED`,
    [id, ...params],
  );
  return r.rows[0];
}

// ---------------------------------------------------------------------------------------------
// Steps

/** a. Responded complaints whose reporter did not answer within the reply window are closed by the system. */
async function autoClose(o: SweepOptions, ctx: Omit<Ctx, 'db'>, result: SweepResult): Promise<number> {
  const where = `c.status = 'responded' AND c.due_kind = 'reporter_reply' AND c.due_at < $2`;
  return eachCandidate(
    o,
    'auto-close',
    { sortExpr: 'due_at', where: `status = 'responded' AND due_at < $1 AND due_kind = 'reporter_reply'`, params: [o.now] },
    (id) =>
      o.db.tx(async (q) => {
        const c = await lockComplaint(q, id, where, [o.now]);
        if (!c) return 0;
        await performAction({ ...ctx, db: inTransaction(q, o.db.engine) }, SYSTEM, c.tracking_number, 'close', { note: AUTO_CLOSE_NOTE });
        return 1;
      }),
    result,
  );
}

/** b. The escalation ladder of overdue complaints. */
async function escalate(o: SweepOptions, ctx: Omit<Ctx, 'db'>, cals: Calendars, result: SweepResult): Promise<number> {
  const where = `c.status IN ${OVERDUE_SQL} AND c.due_at IS NOT NULL AND c.due_at < $2`;
  return eachCandidate(
    o,
    'escalation',
    { sortExpr: ESCALATION_AT, where: `status IN ${OVERDUE_SQL} AND due_at IS NOT NULL AND ${ESCALATION_AT} < $1`, params: [o.now] },
    (id) =>
      o.db.tx(async (q) => {
        const c = await lockComplaint(q, id, where, [o.now]);
        if (!c) return 0;
        const due = new Date(c.due_at);
        const cal = await cals.get(q, c.org_path);
        const sameLadder = c.escalated_due_at !== null && new Date(c.escalated_due_at).getTime() === due.getTime();
        const current = sameLadder ? Math.min(c.escalation_level, MAX_ESCALATION_LEVEL) : 0;
        const target = targetEscalationLevel(cal, due, o.now, c.org_tz);
        let taken = 0;
        if (target > current) {
          // A new due date: the ladder starts again (the escalate command adds one to the level).
          if (!sameLadder) await q.query('UPDATE complaints SET escalation_level = 0 WHERE id = $1', [c.id]);
          const txCtx = { ...ctx, db: inTransaction(q, o.db.engine) };
          for (let level = current + 1; level <= target; level++) {
            const step = ESCALATION_LADDER[level - 1]!;
            await performAction(txCtx, SYSTEM, c.tracking_number, 'escalate', { note: step.note });
            // Tell the event's handlers which rung this is: the command's own payload does not say.
            // The newest pending complaint.escalate event of this complaint is the one just written:
            // the row lock keeps any other writer of such an event out until this transaction ends.
            await q.query(
              `UPDATE outbox SET payload = payload || $2::jsonb
                WHERE id = (SELECT max(id) FROM outbox WHERE processed_at IS NULL AND aggregate_id = $1 AND type = 'complaint.escalate')`,
              [c.id, JSON.stringify({ level, audience: step.audience, dueAt: due.toISOString() })],
            );
            taken++;
          }
        }
        const reached = Math.max(current, target);
        const next = reached >= MAX_ESCALATION_LEVEL ? null : escalationDueAt(cal, due, reached + 1, c.org_tz);
        await q.query('UPDATE complaints SET escalated_due_at = due_at, next_escalation_at = $2 WHERE id = $1', [c.id, next]);
        return taken;
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

/** c. A reminder the working day before a deadline, once per due date. */
async function remind(o: SweepOptions, cals: Calendars, result: SweepResult): Promise<number> {
  const horizon = await reminderHorizon(o.db, o.now);
  const where = `c.status IN ${OVERDUE_SQL} AND c.reminded_due_at IS DISTINCT FROM c.due_at AND c.due_at > $2`;
  return eachCandidate(
    o,
    'reminder',
    {
      sortExpr: 'due_at',
      where: `status IN ${OVERDUE_SQL} AND reminded_due_at IS DISTINCT FROM due_at AND due_at > $1 AND due_at <= $2`,
      params: [o.now, horizon],
    },
    (id) =>
      o.db.tx(async (q) => {
        const c = await lockComplaint(q, id, where, [o.now]);
        if (!c) return 0;
        const due = new Date(c.due_at);
        const cal = await cals.get(q, c.org_path);
        if (addWorkingDays(cal, o.now, 1, c.org_tz) < due) return 0;
        await q.query('UPDATE complaints SET reminded_due_at = due_at WHERE id = $1', [c.id]);
        await emit(
          q,
          'complaint.reminder',
          c.id,
          { trackingNumber: c.tracking_number, status: c.status, dueAt: due.toISOString(), dueKind: c.due_kind, holderOrgId: c.holder_org_id, adminOrgId: c.admin_org_id },
          o.now,
        );
        return 1;
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
  result.escalated = await escalate(o, ctx, cals, result);
  result.reminded = await remind(o, cals, result);
  return result;
}
