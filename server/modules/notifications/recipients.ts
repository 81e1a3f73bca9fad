// Who should know about a complaint event, and the notification rows that tell them. Runs as the
// outbox handler NOTIFY_HANDLER_KEY inside the event's own transaction: the rows commit together
// with the event's processed_at, and the unique key (event_id, recipient_key, channel) makes a
// second run for the same event (a retry after another handler failed, a second worker) write
// nothing new. SMS rows are queued through the SMS module in the same transaction, and only when
// the notification row itself was new — so one event never queues two SMS for one person.
import type { Queryable } from '../../db/client';
import type { OutboxEvent } from '../../jobs/outbox';
import { queueSms, normalisePhone, formatDateId } from '../sms';
import type { TimeZoneCode } from '../deadlines';
import { render, type Lang, type TemplateName, type Vars } from './templates';

export const NOTIFY_HANDLER_KEY = 'complaint.#notify';

type StaffRole = 'liaison' | 'org_admin' | 'leader' | 'national_admin';

interface Facts {
  id: number;
  tracking_number: string;
  title: string;
  status: string;
  channel: string;
  anonymous: boolean;
  admin_org_id: number;
  admin_org_path: string;
  admin_org_name: string;
  admin_tz: TimeZoneCode;
  holder_org_id: number | null;
  due_at: Date | null;
  reporter_user_id: number | null;
  reporter_phone: string | null;
  reporter_email: string | null;
}

export interface Recipient {
  key: string;
  userId: number | null;
  email: string | null;
  phone: string | null;
  lang: Lang;
  emailOn: boolean;
  smsOn: boolean;
  inapp: boolean;
}

export interface NotifyOptions {
  /** Base of links in messages (config.publicUrl); relative links without it. */
  publicUrl?: string | null;
}

export const trackingLink = (publicUrl: string | null | undefined, trk: string) => `${(publicUrl ?? '').replace(/\/+$/, '')}/lacak/${trk}`;

/** Reporter-facing template of an event type, if the reporter hears about it. */
function reporterTemplate(e: OutboxEvent): TemplateName | null {
  switch (e.type) {
    case 'complaint.submitted':
      return 'received';
    case 'complaint.verify':
    case 'complaint.forward':
      return 'routed';
    case 'complaint.respond':
      return 'followed_up';
    case 'complaint.close':
      return 'closed';
    case 'complaint.rate':
      // Rating a complaint that was already closed is not a second "closed".
      return e.payload.from === 'closed' ? null : 'closed';
    case 'complaint.merge':
      return 'merged';
    default:
      return null;
  }
}

/** Staff audience and template of an event type. */
function staffAudience(e: OutboxEvent, c: Facts): { role: StaffRole; org: number | null; template: TemplateName; level?: number } | null {
  const holder = typeof e.payload.holderOrgId === 'number' ? e.payload.holderOrgId : c.holder_org_id;
  const liaisonOrAdmin = (template: TemplateName, level?: number) =>
    holder !== null && holder !== undefined ? { role: 'liaison' as const, org: holder, template, level } : { role: 'org_admin' as const, org: c.admin_org_id, template, level };
  switch (e.type) {
    case 'complaint.submitted':
      return { role: 'org_admin', org: c.admin_org_id, template: 'new_complaint' };
    case 'complaint.return':
      return { role: 'org_admin', org: c.admin_org_id, template: 'returned' };
    case 'complaint.verify':
    case 'complaint.forward':
      return holder ? { role: 'liaison', org: holder, template: 'assigned' } : null;
    case 'complaint.reminder':
      return liaisonOrAdmin('reminder');
    case 'complaint.escalate': {
      const level = Number(e.payload.level);
      if (level === 1) return liaisonOrAdmin('escalation', 1);
      if (level === 2) return { role: 'org_admin', org: c.admin_org_id, template: 'escalation', level };
      if (level === 3) return { role: 'leader', org: c.admin_org_id, template: 'escalation', level };
      if (level === 4) return { role: 'national_admin', org: null, template: 'escalation', level };
      return null;
    }
    default:
      return null;
  }
}

interface UserRow {
  id: number;
  email: string | null;
  phone: string | null;
  pref_email: boolean | null;
  pref_sms: boolean | null;
  pref_lang: Lang | null;
}

const USER_SELECT = `SELECT DISTINCT u.id, u.email, u.phone, p.email AS pref_email, p.sms AS pref_sms, p.lang AS pref_lang
  FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id`;

const asRecipient = (u: UserRow): Recipient => ({
  key: `user:${u.id}`,
  userId: u.id,
  email: u.email,
  phone: u.phone,
  lang: u.pref_lang ?? 'id',
  emailOn: u.pref_email ?? true,
  smsOn: u.pref_sms ?? false,
  inapp: true,
});

/**
 * Staff holding `role` for an organisation. A liaison of the unit or of a unit above it (below the
 * government) hears about a sub-unit's complaint; admins and leaders are those of the government.
 */
export async function staffRecipients(q: Queryable, role: StaffRole, orgId: number | null, adminOrgPath?: string): Promise<Recipient[]> {
  let rows: UserRow[];
  if (role === 'national_admin') {
    rows = (await q.query<UserRow>(`${USER_SELECT} JOIN role_assignments ra ON ra.user_id = u.id WHERE u.active AND ra.role = 'national_admin' ORDER BY u.id`)).rows;
  } else if (role === 'liaison') {
    rows = (
      await q.query<UserRow>(
        `${USER_SELECT} JOIN role_assignments ra ON ra.user_id = u.id JOIN organisations o ON o.id = ra.organisation_id
          WHERE u.active AND ra.role = 'liaison'
            AND (SELECT path FROM organisations WHERE id = $1) LIKE o.path || '%'
            AND ($2::text IS NULL OR (o.path LIKE $2 || '%' AND o.path <> $2))
          ORDER BY u.id`,
        [orgId, adminOrgPath ?? null],
      )
    ).rows;
  } else {
    rows = (
      await q.query<UserRow>(`${USER_SELECT} JOIN role_assignments ra ON ra.user_id = u.id WHERE u.active AND ra.role = $1 AND ra.organisation_id = $2 ORDER BY u.id`, [role, orgId])
    ).rows;
  }
  return rows.map(asRecipient);
}

/** The reporter, reached through the contact on the complaint (and in-app when they have an account). */
async function reporterRecipient(q: Queryable, c: Facts): Promise<Recipient | null> {
  const email = c.reporter_email?.trim() || null;
  const phone = normalisePhone(c.reporter_phone);
  if (c.reporter_user_id !== null) {
    const u = (await q.query<UserRow>(`${USER_SELECT} WHERE u.id = $1`, [c.reporter_user_id])).rows[0];
    if (u) {
      const r = asRecipient(u);
      // The contact on the complaint first; the account's when the complaint has none.
      const mail = email ?? (u.email?.trim() || null);
      const tel = phone ?? normalisePhone(u.phone);
      // Came by SMS or left only a phone: SMS unless they turned SMS off.
      const bySms = !!tel && (c.channel === 'sms' || !mail);
      return { ...r, email: mail, phone: tel, smsOn: bySms ? (u.pref_sms ?? true) : r.smsOn && !!tel };
    }
  }
  if (!email && !phone) return null;
  const bySms = !!phone && (c.channel === 'sms' || !email);
  return { key: email ? `email:${email.toLowerCase()}` : `phone:${phone}`, userId: null, email, phone, lang: 'id', emailOn: !!email, smsOn: bySms, inapp: false };
}

export interface Message {
  eventId: string;
  eventType: string;
  complaintId: number | null;
  template: TemplateName;
  vars: Vars;
  link: string | null;
  /** SMS wording differs for reporters who filed by SMS (the SMS module already confirmed receipt). */
  smsKind?: 'notice' | 'status';
}

/** Writes the rows of one message to one recipient on each channel they use. Returns rows written. */
export async function deliver(q: Queryable, r: Recipient, m: Message, now: Date, channels: { email: boolean; sms: boolean }): Promise<number> {
  const t = await render(q, m.template, r.lang, m.vars);
  let written = 0;
  const insert = async (channel: 'inapp' | 'email' | 'sms', to: string | null, status: string) => {
    const row = await q.query<{ id: number }>(
      `INSERT INTO notifications (event_id, event_type, recipient_key, channel, user_id, complaint_id, template, lang, to_address, subject, body, link, status, next_attempt_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
       ON CONFLICT (event_id, recipient_key, channel) DO NOTHING RETURNING id`,
      [m.eventId, m.eventType, r.key, channel, r.userId, m.complaintId, m.template, r.lang, to, t.subject, t.body, m.link, status, channel === 'email' ? now : null, now],
    );
    if (row.rows[0]) written++;
    return row.rows[0]?.id;
  };
  if (r.inapp && r.userId !== null) await insert('inapp', null, 'delivered');
  if (channels.email && r.emailOn && r.email) await insert('email', r.email, 'queued');
  const phone = normalisePhone(r.phone);
  if (channels.sms && r.smsOn && phone) {
    const id = await insert('sms', phone, 'queued');
    if (id !== undefined) {
      const smsId = await queueSms(q, { to: phone, text: t.body, kind: m.smsKind ?? 'notice', complaintId: m.complaintId }, now);
      await q.query(`UPDATE notifications SET sms_id = $2, status = 'sent', sent_at = $3 WHERE id = $1`, [id, smsId, now]);
    }
  }
  return written;
}

/** The outbox handler (see the top of this file). */
export function notifyHandler(opts: NotifyOptions = {}) {
  return async (q: Queryable, e: OutboxEvent): Promise<void> => {
    if (!e.type.startsWith('complaint.') || e.aggregateId === null) return;
    const c = (
      await q.query<Facts>(
        `SELECT c.id, c.tracking_number, c.title, c.status, c.channel, c.anonymous, c.admin_org_id, c.admin_org_path, ao.name AS admin_org_name,
                ao.time_zone AS admin_tz, c.holder_org_id, c.due_at, c.reporter_user_id, c.reporter_phone, c.reporter_email
           FROM complaints c JOIN organisations ao ON ao.id = c.admin_org_id WHERE c.id = $1`,
        [e.aggregateId],
      )
    ).rows[0];
    if (!c) return;
    const now = e.createdAt;
    const link = trackingLink(opts.publicUrl, c.tracking_number);
    const holderId = typeof e.payload.holderOrgId === 'number' ? e.payload.holderOrgId : c.holder_org_id;
    const unit = holderId
      ? ((await q.query<{ name: string }>('SELECT name FROM organisations WHERE id = $1', [holderId])).rows[0]?.name ?? c.admin_org_name)
      : c.admin_org_name;
    const dueIso = typeof e.payload.dueAt === 'string' ? e.payload.dueAt : c.due_at ? new Date(c.due_at).toISOString() : null;
    // Staff messages carry the case only: number, title, unit, deadline — never who reported it.
    const vars: Vars = {
      trackingNumber: c.tracking_number,
      title: c.title,
      unit,
      dueDate: dueIso ? formatDateId(new Date(dueIso), c.admin_tz) : '-',
      link,
    };

    const forReporter = reporterTemplate(e);
    if (forReporter === 'merged') {
      // The number the matter continues under; only A's number, nothing about A's reporter.
      const target = (await q.query<{ tracking_number: string }>('SELECT t.tracking_number FROM complaints b JOIN complaints t ON t.id = b.merged_into_id WHERE b.id = $1', [c.id])).rows[0];
      vars.mergedInto = target?.tracking_number ?? (typeof e.payload.mergedInto === 'string' ? e.payload.mergedInto : '-');
    }
    if (forReporter) {
      const r = await reporterRecipient(q, c);
      // A reporter who filed by SMS got the receipt (with the access code) from the SMS module itself.
      const smsAlready = forReporter === 'received' && c.channel === 'sms';
      if (r) await deliver(q, r, { eventId: e.eventId, eventType: e.type, complaintId: c.id, template: forReporter, vars, link, smsKind: 'status' }, now, { email: true, sms: !smsAlready });
    }
    if (forReporter === 'routed' || forReporter === 'followed_up' || forReporter === 'closed') {
      // Reporters of complaints merged into this one hear about its steps too (its number and unit,
      // nothing of its reporter) — unless it is confidential. One reporter of both gets it once (same key).
      const merged = (
        await q.query<Pick<Facts, 'channel' | 'reporter_user_id' | 'reporter_phone' | 'reporter_email'>>(
          `SELECT b.channel, b.reporter_user_id, b.reporter_phone, b.reporter_email FROM complaints b JOIN complaints a ON a.id = b.merged_into_id
            WHERE b.merged_into_id = $1 AND NOT a.confidential ORDER BY b.id`,
          [c.id],
        )
      ).rows;
      for (const m of merged) {
        const r = await reporterRecipient(q, { ...c, ...m });
        if (r) await deliver(q, r, { eventId: e.eventId, eventType: e.type, complaintId: c.id, template: forReporter, vars, link, smsKind: 'status' }, now, { email: true, sms: true });
      }
    }

    const aud = staffAudience(e, c);
    if (aud) {
      const people = await staffRecipients(q, aud.role, aud.org, aud.role === 'liaison' ? c.admin_org_path : undefined);
      for (const p of people) {
        if (p.userId !== null && p.userId === c.reporter_user_id) continue;
        await deliver(q, p, { eventId: e.eventId, eventType: e.type, complaintId: c.id, template: aud.template, vars: { ...vars, level: String(aud.level ?? '') }, link }, now, { email: true, sms: true });
      }
    }
  };
}
