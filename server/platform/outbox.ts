// The transactional outbox: events are written by the same transaction as the change they
// announce and handled by the worker after commit, so a side effect never runs for a change that
// rolled back and is never lost for one that committed.
import type { Queryable } from '../db/client';

export async function emit(q: Queryable, type: string, aggregateId: number | null, payload: Record<string, unknown>, at?: Date): Promise<void> {
  await q.query('INSERT INTO outbox (type, aggregate_id, payload, created_at, available_at) VALUES ($1, $2, $3, $4, $4)', [
    type,
    aggregateId,
    JSON.stringify(payload),
    at ?? new Date(),
  ]);
}
