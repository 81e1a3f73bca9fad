// Complaints filed by integrated systems with their own id (`externalId`, api.md "API keys"). A
// re-sent complaint — a retry after a lost response, or a nightly re-sync — finds the first one
// instead of filing twice. The pair (key, externalId) is unique in the database as well.
import type { Queryable } from '../../db/client';
import { AppError } from '../../platform/errors';
import type { Actor } from '../access/actor';
import { submitComplaint, type Ctx, type NewComplaint, type SubmitResult } from './commands';
import type { SanitisedFile } from './attachments';

/**
 * The answer to a re-sent externalId: the complaint as it is now. The access code is not in it: it
 * is a secret kept only as a hash and shown once, in the first (201) answer. The key that filed the
 * complaint needs no access code: it is the complaint's reporter party.
 */
export interface ExistingComplaint {
  status: 200;
  body: { trackingNumber: string; status: string; externalId: string; duplicate: true; createdAt: string; dueAt: string | null; government: { code: string; name: string } };
}

export async function findByExternalId(q: Queryable, apiKeyId: number, externalId: string): Promise<ExistingComplaint | undefined> {
  const row = (
    await q.query<{ tracking_number: string; status: string; created_at: Date; due_at: Date | null; code: string; name: string }>(
      `SELECT c.tracking_number, c.status, c.created_at, c.due_at, o.code, o.name
         FROM complaints c JOIN organisations o ON o.id = c.admin_org_id
        WHERE c.api_key_id = $1 AND c.external_id = $2`,
      [apiKeyId, externalId],
    )
  ).rows[0];
  if (!row) return undefined;
  return {
    status: 200,
    body: {
      trackingNumber: row.tracking_number,
      status: row.status,
      externalId,
      duplicate: true,
      createdAt: new Date(row.created_at).toISOString(),
      dueAt: row.due_at ? new Date(row.due_at).toISOString() : null,
      government: { code: row.code, name: row.name },
    },
  };
}

/**
 * Files a complaint, or — for an API key re-sending an externalId it used before — returns the
 * complaint it filed then (200). One transaction; concurrent re-sends of one externalId serialise on
 * an advisory lock of their own, so exactly one complaint is filed.
 */
export async function submitWithExternalId(
  ctx: Ctx,
  actor: Actor,
  input: NewComplaint,
  files: SanitisedFile[] = [],
  idempotencyKey?: string,
): Promise<SubmitResult | ExistingComplaint> {
  const externalId = input.externalId;
  if (externalId === undefined) return submitComplaint(ctx, actor, input, files, idempotencyKey);
  if (actor.kind !== 'apikey') throw new AppError(400, 'validation_failed', 'externalId is accepted only from an API key', { externalId: 'accepted only from an API key' });
  return ctx.db.tx(async (q) => {
    // Two int4 keys: a lock space apart from the single-bigint locks of migrations and seeding.
    await q.query('SELECT pg_advisory_xact_lock(4120262, hashtext($1))', [`${actor.keyId}:${externalId}`]);
    const existing = await findByExternalId(q, actor.keyId, externalId);
    if (existing) return existing;
    return submitComplaint(ctx, actor, input, files, idempotencyKey, { tx: q });
  });
}
