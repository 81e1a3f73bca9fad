// Webhooks (docs/webhooks.md): an organisation's admins register URLs that are told about complaint
// events of that organisation (as verifying government or holding unit, and everything below it).
// Deliveries are signed with the webhook's secret and retried for a day (deliver.ts).
import crypto from 'node:crypto';
import type { Queryable } from '../../db/client';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { grantsOf, type Actor } from '../access/actor';
import { canManageApiKeys } from '../access/org-policy';
import { getOrgByCode } from '../organisations';
import { ACTIONS } from '../complaints/lifecycle';

/** Every event type a webhook may ask for; `complaint.*` means all of them (and any added later). */
export const WEBHOOK_EVENT_TYPES: readonly string[] = ['complaint.*', 'complaint.submitted', 'complaint.reminder', ...ACTIONS.map((a) => `complaint.${a}`)];

export const newWebhookSecret = () => `whsec_${crypto.randomBytes(32).toString('base64url')}`;

export interface NewWebhook {
  organisationCode: string;
  url: string;
  events: string[];
  description?: string;
}

export interface WebhookView {
  id: number;
  organisation: { code: string; name: string };
  url: string;
  events: string[];
  description: string | null;
  createdAt: string;
}

interface WebhookRow {
  id: number;
  org_code: string;
  org_name: string;
  org_path: string;
  url: string;
  events: string[];
  description: string | null;
  created_at: Date;
}

const WEBHOOK_SELECT = `
  SELECT w.id, o.code AS org_code, o.name AS org_name, o.path AS org_path, w.url, w.events, w.description, w.created_at
    FROM webhooks w JOIN organisations o ON o.id = w.organisation_id`;

const present = (w: WebhookRow): WebhookView => ({
  id: w.id,
  organisation: { code: w.org_code, name: w.org_name },
  url: w.url,
  events: w.events,
  description: w.description,
  createdAt: new Date(w.created_at).toISOString(),
});

function requireAdmin(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind === 'apikey') throw forbidden('API keys cannot manage webhooks; sign in as an administrator');
  if (actor.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
  return actor;
}

/** An absolute http(s) URL without credentials in it (the secret signs; a password in a URL leaks into logs). */
export function checkWebhookUrl(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'not a valid URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return 'must start with http:// or https://';
  if (u.username || u.password) return 'may not contain a user name or password';
  if (u.hash) return 'may not contain a #fragment';
  return undefined;
}

export async function createWebhook(q: Queryable, actor: Actor, input: NewWebhook, now: Date, address?: string): Promise<WebhookView & { secret: string }> {
  const user = requireAdmin(actor);
  const fields: Record<string, string> = {};
  const urlProblem = checkWebhookUrl(input.url);
  if (urlProblem) fields.url = urlProblem;
  const events = [...new Set(input.events)];
  const unknown = events.find((e) => !WEBHOOK_EVENT_TYPES.includes(e));
  if (!events.length) fields.events = 'at least one event type';
  else if (unknown) fields.events = `unknown event type ${unknown}; one of ${WEBHOOK_EVENT_TYPES.join(', ')}`;
  if (Object.keys(fields).length) throw badRequest('Invalid webhook', fields);
  const org = await getOrgByCode(q, input.organisationCode);
  if (!org || !org.active) throw badRequest(`Unknown organisation ${input.organisationCode}`, { organisationCode: 'unknown organisation code' });
  if (!canManageApiKeys(user, org)) throw forbidden('You may register webhooks only for your own organisation');
  const secret = newWebhookSecret();
  const id = (
    await q.query<{ id: number }>(
      `INSERT INTO webhooks (organisation_id, url, events, description, secret, created_by_user_id, created_at)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7) RETURNING id`,
      [org.id, input.url, events, input.description?.trim() || null, secret, user.userId, now],
    )
  ).rows[0]!.id;
  await audit(q, user, 'webhook.create', { type: 'webhook', id: String(id) }, { organisation: org.code, url: input.url, events }, now, address);
  const row = (await q.query<WebhookRow>(`${WEBHOOK_SELECT} WHERE w.id = $1`, [id])).rows[0]!;
  return { ...present(row), secret };
}

/** Where the caller manages webhooks: SQL over organisation alias `o`, or undefined for nowhere. */
function managedSql(user: Extract<Actor, { kind: 'user' }>, params: unknown[]): string | undefined {
  const ors: string[] = [];
  for (const g of grantsOf(user)) {
    if (g.role === 'national_admin') return 'TRUE';
    if (g.role === 'org_admin' && g.org) {
      params.push(`${g.org.path}%`);
      ors.push(`o.path LIKE $${params.length}`);
    }
  }
  return ors.length ? `(${ors.join(' OR ')})` : undefined;
}

export async function listWebhooks(q: Queryable, actor: Actor, opts: { organisation?: string } = {}): Promise<WebhookView[]> {
  const user = requireAdmin(actor);
  const params: unknown[] = [];
  const managed = managedSql(user, params);
  if (!managed) throw forbidden('Only administrators manage webhooks');
  let where = `w.deleted_at IS NULL AND ${managed}`;
  if (opts.organisation) {
    const org = await getOrgByCode(q, opts.organisation);
    if (!org) throw badRequest('Unknown organisation', { organisation: 'unknown organisation code' });
    params.push(`${org.path}%`);
    where += ` AND o.path LIKE $${params.length}`;
  }
  return (await q.query<WebhookRow>(`${WEBHOOK_SELECT} WHERE ${where} ORDER BY w.id DESC LIMIT 500`, params)).rows.map(present);
}

async function managedWebhook(q: Queryable, user: Extract<Actor, { kind: 'user' }>, id: number, opts: { forUpdate?: boolean } = {}): Promise<WebhookRow> {
  const w = (await q.query<WebhookRow>(`${WEBHOOK_SELECT} WHERE w.id = $1 AND w.deleted_at IS NULL${opts.forUpdate ? ' FOR UPDATE OF w' : ''}`, [id])).rows[0];
  if (!w || !canManageApiKeys(user, { path: w.org_path })) throw notFound('Webhook');
  return w;
}

/** Deletes a webhook: nothing more is sent to it; its pending deliveries end as failed. */
export async function deleteWebhook(q: Queryable, actor: Actor, id: number, now: Date, address?: string): Promise<void> {
  const user = requireAdmin(actor);
  const w = await managedWebhook(q, user, id, { forUpdate: true });
  await q.query('UPDATE webhooks SET deleted_at = $2 WHERE id = $1', [id, now]);
  await q.query(`UPDATE webhook_deliveries SET status = 'failed', last_error = 'webhook deleted' WHERE webhook_id = $1 AND status = 'pending'`, [id]);
  await audit(q, user, 'webhook.delete', { type: 'webhook', id: String(id) }, { organisation: w.org_code, url: w.url }, now, address);
}

export interface DeliveryView {
  id: number;
  eventId: string;
  eventType: string;
  trackingNumber: string | null;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  createdAt: string;
  lastAttemptAt: string | null;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastStatusCode: number | null;
  lastResponse: string | null;
  lastError: string | null;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

/** A webhook's deliveries, newest first, with the last answer of each (`before`: the id to continue below). */
export async function listDeliveries(q: Queryable, actor: Actor, webhookId: number, opts: { limit?: number; before?: number; status?: string } = {}) {
  const user = requireAdmin(actor);
  await managedWebhook(q, user, webhookId);
  const params: unknown[] = [webhookId];
  let where = 'd.webhook_id = $1';
  if (opts.before) {
    params.push(opts.before);
    where += ` AND d.id < $${params.length}`;
  }
  if (opts.status) {
    params.push(opts.status);
    where += ` AND d.status = $${params.length}`;
  }
  const limit = Math.min(Math.max(opts.limit ?? 50, 1), 200);
  const rows = (
    await q.query<{
      id: number;
      event_id: string;
      event_type: string;
      tracking_number: string | null;
      status: DeliveryView['status'];
      attempts: number;
      created_at: Date;
      last_attempt_at: Date | null;
      next_attempt_at: Date;
      delivered_at: Date | null;
      last_status_code: number | null;
      last_response: string | null;
      last_error: string | null;
    }>(
      `SELECT d.id, d.event_id, d.event_type, c.tracking_number, d.status, d.attempts, d.created_at, d.last_attempt_at,
              d.next_attempt_at, d.delivered_at, d.last_status_code, d.last_response, d.last_error
         FROM webhook_deliveries d LEFT JOIN complaints c ON c.id = d.complaint_id
        WHERE ${where} ORDER BY d.id DESC LIMIT ${limit + 1}`,
      params,
    )
  ).rows;
  const page = rows.slice(0, limit);
  return {
    items: page.map(
      (d): DeliveryView => ({
        id: d.id,
        eventId: d.event_id,
        eventType: d.event_type,
        trackingNumber: d.tracking_number,
        status: d.status,
        attempts: d.attempts,
        createdAt: iso(d.created_at)!,
        lastAttemptAt: iso(d.last_attempt_at),
        nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
        deliveredAt: iso(d.delivered_at),
        lastStatusCode: d.last_status_code,
        lastResponse: d.last_response,
        lastError: d.last_error,
      }),
    ),
    nextBefore: rows.length > limit ? page[page.length - 1]!.id : null,
  };
}
