// The append-only audit log (the database refuses UPDATE/DELETE): staff reads of personal data and
// other acts an auditor from the Ombudsman must be able to reconstruct.
import type { Queryable } from '../db/client';
import { primaryRole, type Actor } from '../modules/access/actor';

export async function audit(
  q: Queryable,
  actor: Actor,
  action: string,
  subject: { type: string; id: string },
  detail: Record<string, unknown> = {},
  at: Date = new Date(),
  address?: string,
): Promise<void> {
  await q.query(
    `INSERT INTO audit_log (at, actor_user_id, actor_role, action, subject_type, subject_id, detail, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [at, actor.kind === 'user' ? actor.userId : null, primaryRole(actor), action, subject.type, subject.id, JSON.stringify(detail), address ?? null],
  );
}
