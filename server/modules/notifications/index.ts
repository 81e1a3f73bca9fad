// Notifications: the public face of the module (docs/notifications.md).
//  - recipients.ts: the outbox handler that turns complaint events into notification rows;
//  - templates.ts:  wording per template and language, admins' overrides;
//  - email.ts:      the SMTP sender task with retries;
//  - here:          the leaders' daily digest, the in-app inbox, preferences, templates and the
//                   admins' view of undelivered email; routes.ts is the HTTP edge.
import type { Db, Queryable } from '../../db/client';
import type { HandlerRegistry } from '../../jobs/outbox';
import type { WorkerTask } from '../../jobs/worker';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import { grantsOf, hasRole, type Actor } from '../access/actor';
import { formatDayNumber, localDayNumber, TZ_OFFSET_MINUTES, type TimeZoneCode } from '../deadlines';
import { OVERDUE_STATUSES } from '../complaints/lifecycle';
import { formatDateId } from '../sms';
import { deliver, notifyHandler, NOTIFY_HANDLER_KEY, type NotifyOptions, type Recipient } from './recipients';
import { isTemplateName, LANGS, loadTemplate, validateTemplate, type Lang, type Template } from './templates';
import { emailSenderTask, type EmailConfig } from './email';

export { NOTIFY_HANDLER_KEY, notifyHandler, staffRecipients, trackingLink } from './recipients';
export { TEMPLATES, TEMPLATE_NAMES, PLACEHOLDERS, LANGS, fill, render, validateTemplate, type Lang, type TemplateName } from './templates';
export { sendDueEmails, emailSenderTask, emailBackoffMs, EMAIL_MAX_ATTEMPTS, type EmailConfig } from './email';
export { registerNotificationRoutes } from './routes';

// ---------------------------------------------------------------------------------------------
// The worker's part

/** Local hour at which leaders get their digest. */
export const DIGEST_HOUR = 7;
const DIGEST_TOP = 10;

interface LeaderRow {
  user_id: number;
  email: string | null;
  phone: string | null;
  pref_email: boolean | null;
  pref_sms: boolean | null;
  pref_lang: Lang | null;
  org_id: number;
  org_path: string;
  org_name: string;
  time_zone: TimeZoneCode;
}

/**
 * Once per local day, from 07:00 in the organisation's zone, one digest per leader listing the
 * overdue complaints of their organisation (count and the oldest ones). The key
 * `digest:<org>:<local date>` with the unique (event_id, recipient_key, channel) makes it exactly
 * once per leader per day; a day without overdue complaints sends nothing.
 */
export async function sendDailyDigests(db: Db, now: Date, opts: NotifyOptions = {}): Promise<number> {
  const leaders = (
    await db.query<LeaderRow>(
      `SELECT u.id AS user_id, u.email, u.phone, p.email AS pref_email, p.sms AS pref_sms, p.lang AS pref_lang,
              o.id AS org_id, o.path AS org_path, o.name AS org_name, o.time_zone
         FROM role_assignments ra JOIN users u ON u.id = ra.user_id JOIN organisations o ON o.id = ra.organisation_id
         LEFT JOIN notification_preferences p ON p.user_id = u.id
        WHERE ra.role = 'leader' AND u.active
        ORDER BY o.id, u.id`,
    )
  ).rows;
  let written = 0;
  const overdue = OVERDUE_STATUSES.map((s) => `'${s}'`).join(', ');
  // Leaders past 07:00 locally, and which of them already have today's digest (one query for all).
  const due = leaders
    .filter((l) => new Date(now.getTime() + TZ_OFFSET_MINUTES[l.time_zone] * 60_000).getUTCHours() >= DIGEST_HOUR)
    .map((l) => ({ ...l, key: `digest:${l.org_id}:${formatDayNumber(localDayNumber(now, l.time_zone))}` }));
  if (!due.length) return 0;
  const sent = new Set(
    (
      await db.query<{ event_id: string; recipient_key: string }>(
        `SELECT event_id, recipient_key FROM notifications WHERE channel = 'inapp' AND event_id = ANY($1::text[])`,
        [[...new Set(due.map((l) => l.key))]],
      )
    ).rows.map((r) => `${r.event_id} ${r.recipient_key}`),
  );
  for (const l of due) {
    const key = l.key;
    if (sent.has(`${key} user:${l.user_id}`)) continue;
    written += await db.tx(async (q) => {
      const items = (
        await q.query<{ tracking_number: string; title: string; due_at: Date; unit: string | null; n: number }>(
          `SELECT c.tracking_number, c.title, c.due_at, ho.name AS unit, count(*) OVER () AS n
             FROM complaints c LEFT JOIN organisations ho ON ho.id = c.holder_org_id
            WHERE c.admin_org_path LIKE $1 || '%' AND c.status IN (${overdue}) AND c.due_at < $2
            ORDER BY c.due_at, c.id LIMIT ${DIGEST_TOP}`,
          [l.org_path, now],
        )
      ).rows;
      if (!items.length) return 0;
      const r: Recipient = {
        key: `user:${l.user_id}`,
        userId: l.user_id,
        email: l.email,
        phone: l.phone,
        lang: l.pref_lang ?? 'id',
        emailOn: l.pref_email ?? true,
        smsOn: false,
        inapp: true,
      };
      const list = items.map((i) => `- ${i.tracking_number} ${i.title} (${i.unit ?? l.org_name}, ${formatDateId(new Date(i.due_at), l.time_zone)})`).join('\n');
      const link = `${(opts.publicUrl ?? '').replace(/\/+$/, '')}/`;
      return deliver(
        q,
        r,
        { eventId: key, eventType: 'digest.daily', complaintId: null, template: 'digest', vars: { count: String(Number(items[0]!.n)), items: list, unit: l.org_name, link }, link },
        now,
        { email: true, sms: false },
      );
    });
  }
  return written;
}

/**
 * Everything the worker needs: `worker.register(notificationWorker(config))` adds the outbox
 * handler `complaint.#notify` and the tasks `notifications-email` and `notifications-digest`.
 */
export function notificationWorker(cfg: EmailConfig & { publicUrl?: string | null }): { handlers: HandlerRegistry; tasks: Record<string, WorkerTask> } {
  const opts = { publicUrl: cfg.publicUrl };
  return {
    handlers: { [NOTIFY_HANDLER_KEY]: notifyHandler(opts) },
    tasks: {
      // Digests first (by name order), so a digest's email goes out in the same pass.
      'notifications-digest': async ({ db, now }) => sendDailyDigests(db, now, opts),
      'notifications-email': emailSenderTask(cfg),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// In-app inbox

export interface InboxItem {
  id: number;
  type: string;
  template: string;
  trackingNumber: string | null;
  subject: string;
  body: string;
  link: string | null;
  createdAt: string;
  readAt: string | null;
}

export async function listInbox(db: Queryable, userId: number, opts: { limit?: number; before?: number; unread?: boolean }): Promise<{ items: InboxItem[]; unread: number; nextBefore: number | null }> {
  const limit = opts.limit ?? 50;
  const rows = (
    await db.query<{ id: number; event_type: string; template: string; tracking_number: string | null; subject: string; body: string; link: string | null; created_at: Date; read_at: Date | null }>(
      `SELECT n.id, n.event_type, n.template, c.tracking_number, n.subject, n.body, n.link, n.created_at, n.read_at
         FROM notifications n LEFT JOIN complaints c ON c.id = n.complaint_id
        WHERE n.user_id = $1 AND n.channel = 'inapp' AND ($2::bigint IS NULL OR n.id < $2) AND (NOT $3 OR n.read_at IS NULL)
        ORDER BY n.id DESC LIMIT $4`,
      [userId, opts.before ?? null, opts.unread ?? false, limit + 1],
    )
  ).rows;
  const unread = Number(
    (await db.query<{ n: number }>(`SELECT count(*) AS n FROM notifications WHERE user_id = $1 AND channel = 'inapp' AND read_at IS NULL`, [userId])).rows[0]!.n,
  );
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      type: r.event_type,
      template: r.template,
      trackingNumber: r.tracking_number,
      subject: r.subject,
      body: r.body,
      link: r.link,
      createdAt: new Date(r.created_at).toISOString(),
      readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    })),
    unread,
    nextBefore: rows.length > limit ? Number(page[page.length - 1]!.id) : null,
  };
}

export async function markRead(db: Queryable, userId: number, id: number, now: Date): Promise<void> {
  const r = await db.query(`UPDATE notifications SET read_at = coalesce(read_at, $3) WHERE id = $1 AND user_id = $2 AND channel = 'inapp' RETURNING id`, [id, userId, now]);
  if (!r.rows.length) throw notFound('Notification');
}

// ---------------------------------------------------------------------------------------------
// Preferences

export interface Preferences {
  inapp: true;
  email: boolean;
  sms: boolean;
  language: Lang;
  /** The addresses on the account (edited in the profile), so the user sees where things go. */
  emailAddress: string | null;
  phone: string | null;
}

export async function getPreferences(db: Queryable, userId: number): Promise<Preferences> {
  const r = (
    await db.query<{ email: string | null; phone: string | null; pe: boolean | null; ps: boolean | null; pl: Lang | null }>(
      `SELECT u.email, u.phone, p.email AS pe, p.sms AS ps, p.lang AS pl FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id WHERE u.id = $1`,
      [userId],
    )
  ).rows[0];
  if (!r) throw notFound('User');
  return { inapp: true, email: r.pe ?? true, sms: r.ps ?? false, language: r.pl ?? 'id', emailAddress: r.email, phone: r.phone };
}

export async function setPreferences(db: Queryable, userId: number, p: { email?: boolean; sms?: boolean; language?: Lang }, now: Date): Promise<Preferences> {
  const cur = await getPreferences(db, userId);
  await db.query(
    `INSERT INTO notification_preferences (user_id, email, sms, lang, updated_at) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (user_id) DO UPDATE SET email = EXCLUDED.email, sms = EXCLUDED.sms, lang = EXCLUDED.lang, updated_at = EXCLUDED.updated_at`,
    [userId, p.email ?? cur.email, p.sms ?? cur.sms, p.language ?? cur.language, now],
  );
  return getPreferences(db, userId);
}

// ---------------------------------------------------------------------------------------------
// Templates (national admins)

const requireNationalAdmin = (actor: Actor) => {
  if (!hasRole(actor, 'national_admin')) throw forbidden('Only national admins manage notification templates');
};

function checkKey(event: string, lang: string): asserts lang is Lang {
  if (!isTemplateName(event)) throw notFound('Notification template');
  if (!(LANGS as readonly string[]).includes(lang)) throw notFound('Notification template');
}

export async function getTemplate(db: Queryable, actor: Actor, event: string, lang: string): Promise<Template & { event: string; lang: Lang; overridden: boolean }> {
  requireNationalAdmin(actor);
  checkKey(event, lang);
  if (!isTemplateName(event)) throw notFound('Notification template');
  return { event, lang, ...(await loadTemplate(db, event, lang)) };
}

export async function putTemplate(db: Queryable, actor: Actor, event: string, lang: string, t: Template, now: Date) {
  requireNationalAdmin(actor);
  checkKey(event, lang);
  if (!t.subject.trim() || !t.body.trim()) throw badRequest('Subject and body are required');
  validateTemplate(t);
  await db.query(
    `INSERT INTO notification_templates (template, lang, subject, body, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (template, lang) DO UPDATE SET subject = EXCLUDED.subject, body = EXCLUDED.body, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
    [event, lang, t.subject, t.body, actor.kind === 'user' ? actor.userId : null, now],
  );
  return getTemplate(db, actor, event, lang);
}

export async function resetTemplate(db: Queryable, actor: Actor, event: string, lang: string) {
  requireNationalAdmin(actor);
  checkKey(event, lang);
  await db.query('DELETE FROM notification_templates WHERE template = $1 AND lang = $2', [event, lang]);
  return getTemplate(db, actor, event, lang);
}

// ---------------------------------------------------------------------------------------------
// Undelivered email, for admins

export interface DeliveryView {
  id: number;
  trackingNumber: string | null;
  template: string;
  to: string | null;
  subject: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
}

/**
 * Email notifications not (yet) delivered: failed for good, or queued after a failed attempt or
 * while no SMTP server is configured. National admins see all; organisation admins those about
 * complaints of their organisation.
 */
export async function listUndelivered(db: Queryable, actor: Actor, opts: { status?: 'queued' | 'failed'; limit?: number; before?: number }): Promise<{ items: DeliveryView[]; nextBefore: number | null }> {
  const grants = grantsOf(actor);
  const national = grants.some((g) => g.role === 'national_admin');
  const paths = grants.filter((g) => g.role === 'org_admin' && g.org).map((g) => g.org!.path);
  if (actor.kind !== 'user' || (!national && !paths.length)) throw forbidden('Only admins see undelivered notifications');
  const limit = opts.limit ?? 100;
  const rows = (
    await db.query<{ id: number; tracking_number: string | null; template: string; to_address: string | null; subject: string; status: string; attempts: number; next_attempt_at: Date | null; last_error: string | null; created_at: Date }>(
      `SELECT n.id, c.tracking_number, n.template, n.to_address, n.subject, n.status, n.attempts, n.next_attempt_at, n.last_error, n.created_at
         FROM notifications n LEFT JOIN complaints c ON c.id = n.complaint_id
        WHERE n.channel = 'email' AND n.status IN ('queued', 'failed') AND ($1::text IS NULL OR n.status = $1)
          AND ($2 OR EXISTS (SELECT 1 FROM unnest($3::text[]) AS p(path) WHERE c.admin_org_path LIKE p.path || '%'))
          AND ($4::bigint IS NULL OR n.id < $4)
        ORDER BY n.id DESC LIMIT $5`,
      [opts.status ?? null, national, paths, opts.before ?? null, limit + 1],
    )
  ).rows;
  const page = rows.slice(0, limit);
  return {
    items: page.map((r) => ({
      id: Number(r.id),
      trackingNumber: r.tracking_number,
      template: r.template,
      to: r.to_address,
      subject: r.subject,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at ? new Date(r.next_attempt_at).toISOString() : null,
      lastError: r.last_error,
      createdAt: new Date(r.created_at).toISOString(),
    })),
    nextBefore: rows.length > limit ? Number(page[page.length - 1]!.id) : null,
  };
}
