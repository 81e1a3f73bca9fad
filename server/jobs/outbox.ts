// Dispatching the transactional outbox. Every event is claimed, handled and marked processed in one
// transaction of its own:
//
//  - the claim is `SELECT … FOR UPDATE SKIP LOCKED`, so workers in several processes (PostgreSQL)
//    never hold the same event at once, and the row is re-checked (`processed_at IS NULL`) under
//    its lock, so an event another worker has just finished is not taken again;
//  - handlers get the transaction's `Queryable`: whatever they write commits together with
//    `processed_at`, or not at all — exactly-once effects for handlers that work in the database;
//  - each handler runs inside a savepoint. When one fails, its writes are undone, the handlers that
//    succeeded are recorded in `outbox_deliveries` (and are not run again), and the event is
//    retried later with exponential backoff; other events go on.
//
// Side effects outside the database (SMS, email, webhooks) cannot join the transaction: such a
// handler is at-least-once and should pass `event.eventId` on as an idempotency key.
import { nextTurn } from '../platform/yield';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../db/client';

export interface OutboxEvent {
  id: number;
  eventId: string;
  type: string;
  aggregateId: number | null;
  payload: Record<string, unknown>;
  createdAt: Date;
  /** Failed attempts so far. */
  attempts: number;
}

export type OutboxHandler = (q: Queryable, event: OutboxEvent) => Promise<void>;

/**
 * Handlers by event-type prefix: the key `complaint.` handles every `complaint.*` event, `''`
 * every event. Every handler whose prefix matches runs, in key order. Several handlers on one
 * prefix are told apart by a name after `#` (`complaint.#notify`, `complaint.#webhooks`); the whole
 * key names the handler in `outbox_deliveries`, so keep keys stable.
 */
export type HandlerRegistry = Record<string, OutboxHandler>;

/** Registered today: `complaint.*` events need no work yet (notifications come later). */
export const DEFAULT_HANDLERS: HandlerRegistry = {
  'complaint.': async () => {},
};

export const prefixOf = (key: string) => {
  const i = key.indexOf('#');
  return i < 0 ? key : key.slice(0, i);
};

/** The handler keys that apply to an event type, in a stable order. */
export function handlersFor(registry: HandlerRegistry, type: string): string[] {
  return Object.keys(registry)
    .filter((k) => type.startsWith(prefixOf(k)))
    .sort();
}

export const BACKOFF_BASE_MS = 10_000;
export const BACKOFF_MAX_MS = 3_600_000;

/** Delay before retry number `attempts` (1 = after the first failure): 10 s, 20 s, 40 s, … at most 1 h. */
export function backoffMs(attempts: number): number {
  const n = Math.max(1, attempts);
  return n > 20 ? BACKOFF_MAX_MS : Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
}

interface OutboxRow {
  id: number;
  event_id: string;
  type: string;
  aggregate_id: number | null;
  payload: Record<string, unknown>;
  created_at: Date;
  attempts: number;
}

export type DispatchOutcome = { kind: 'none' } | { kind: 'processed'; type: string } | { kind: 'failed'; type: string; error: string };

const errorText = (err: unknown) => (err instanceof Error ? err.message || err.name : String(err)).slice(0, 2000);

/**
 * Claims the oldest available event, runs its handlers and records the outcome, all in one
 * transaction. `skip` lists ids this pass already tried (so a failing event whose bookkeeping could
 * not be written is not retried in a tight loop).
 */
export async function dispatchOne(db: Db, registry: HandlerRegistry, now: Date, skip: number[], log?: Logger): Promise<DispatchOutcome & { id?: number }> {
  let claimed: OutboxRow | undefined;
  try {
    return await db.tx(async (q) => {
      const r = await q.query<OutboxRow>(
        `SELECT id, event_id, type, aggregate_id, payload, created_at, attempts
           FROM outbox
          WHERE processed_at IS NULL AND available_at <= $1 AND NOT (id = ANY($2::bigint[]))
          ORDER BY available_at, id
          LIMIT 1
          FOR UPDATE SKIP LOCKED`,
        [now, skip],
      );
      const row = r.rows[0];
      if (!row) return { kind: 'none' } as const;
      claimed = row;
      const event: OutboxEvent = {
        id: row.id,
        eventId: row.event_id,
        type: row.type,
        aggregateId: row.aggregate_id,
        payload: row.payload ?? {},
        createdAt: new Date(row.created_at),
        attempts: row.attempts,
      };
      const keys = handlersFor(registry, row.type);
      const done = keys.length
        ? new Set((await q.query<{ handler: string }>('SELECT handler FROM outbox_deliveries WHERE event_id = $1', [row.event_id])).rows.map((d) => d.handler))
        : new Set<string>();
      const failures: string[] = [];
      for (const [i, key] of keys.entries()) {
        if (done.has(key)) continue;
        const sp = `outbox_handler_${i}`;
        await q.query(`SAVEPOINT ${sp}`);
        try {
          await registry[key]!(q, event);
          await q.query(`RELEASE SAVEPOINT ${sp}`);
          done.add(key);
        } catch (err) {
          await q.query(`ROLLBACK TO SAVEPOINT ${sp}`);
          failures.push(`${key}: ${errorText(err)}`);
        }
      }
      if (failures.length === 0) {
        // Unknown types (no handler) are done too: nothing will ever handle them.
        await q.query('UPDATE outbox SET processed_at = $2, last_error = NULL WHERE id = $1', [row.id, now]);
        await q.query('DELETE FROM outbox_deliveries WHERE event_id = $1', [row.event_id]);
        return { kind: 'processed', type: row.type, id: row.id } as const;
      }
      for (const key of keys) {
        if (done.has(key)) {
          await q.query('INSERT INTO outbox_deliveries (event_id, handler, delivered_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [row.event_id, key, now]);
        }
      }
      const attempts = row.attempts + 1;
      const error = failures.join('; ');
      await q.query('UPDATE outbox SET attempts = $2, last_error = $3, available_at = $4 WHERE id = $1', [
        row.id,
        attempts,
        error,
        new Date(now.getTime() + backoffMs(attempts)),
      ]);
      log?.warn({ eventId: row.event_id, type: row.type, attempts, error }, 'outbox handler failed; will retry');
      return { kind: 'failed', type: row.type, error, id: row.id } as const;
    });
  } catch (err) {
    // The transaction itself failed (lost connection, a handler that broke the savepoint protocol):
    // record the failure on its own so the event backs off instead of blocking the queue.
    if (!claimed) throw err;
    const row = claimed;
    const error = errorText(err);
    log?.error({ eventId: row.event_id, type: row.type, err: error }, 'outbox event could not be handled');
    await db
      .query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $2, available_at = $3::timestamptz + least($4::bigint, ($5::bigint * power(2, least(attempts, 20))::bigint)) * interval '1 millisecond'
          WHERE id = $1 AND processed_at IS NULL`,
        [row.id, error, now, BACKOFF_MAX_MS, BACKOFF_BASE_MS],
      )
      .catch(() => {});
    return { kind: 'failed', type: row.type, error, id: row.id };
  }
}

/** Handles available events until none is left or `max` were handled. Returns how many were handled (processed or failed). */
export async function dispatchOutbox(
  db: Db,
  registry: HandlerRegistry,
  now: Date,
  opts: { max?: number; log?: Logger; shouldStop?: () => boolean } = {},
): Promise<{ processed: number; failed: number }> {
  const max = opts.max ?? 1000;
  const skip: number[] = [];
  let processed = 0;
  let failed = 0;
  while (processed + failed < max && !opts.shouldStop?.()) {
    await nextTurn();
    const r = await dispatchOne(db, registry, now, skip, opts.log);
    if (r.kind === 'none') break;
    if (r.kind === 'processed') processed++;
    else {
      failed++;
      if (r.id !== undefined) skip.push(r.id);
    }
  }
  return { processed, failed };
}
