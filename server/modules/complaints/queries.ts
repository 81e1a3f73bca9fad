// Reading complaints: one complaint as the caller may see it (auditing staff reads of personal
// data), lists and search within the caller's scope, the timeline, attachments.
import type { Queryable } from '../../db/client';
import { badRequest, forbidden, notFound } from '../../platform/errors';
import { SPAM_THRESHOLD } from '../triage/scoring';
import type { Actor } from '../access/actor';
import { getOrgByCode } from '../organisations';
import { readLevel, seesReporterIdentity, visibleSql, type Access } from './permissions';
import { findComplaint, factsOf, COMPLAINT_SELECT, type ComplaintRow } from './repository';
import { presentComplaint, presentSummary, type AttachmentRow } from './present';
import { accessCodeMatches, auditIdentityRead } from './commands';
import { audit } from '../../platform/audit';
import { hasRole } from '../access/actor';
import { STATUSES, OVERDUE_STATUSES, type Status } from './lifecycle';
import { normaliseCode } from './tracking';

export async function attachmentsOf(q: Queryable, complaintId: number): Promise<AttachmentRow[]> {
  return (await q.query<AttachmentRow>('SELECT id, content_type, size, kind FROM attachments WHERE complaint_id = $1 ORDER BY created_at, id', [complaintId])).rows;
}

/** Loads a complaint with the caller's read level; 404 when they may not see it at all. */
export async function loadVisible(q: Queryable, actor: Actor, trackingNumber: string, accessCode?: string) {
  const c = await findComplaint(q, trackingNumber);
  if (!c) throw notFound('Complaint');
  const access: Access = { accessCode: accessCodeMatches(c, accessCode) };
  const level = readLevel(actor, factsOf(c), access);
  if (level === 'none') throw notFound('Complaint');
  return { c, access, level };
}

/**
 * The audit trail of staff reads: every read of a reporter's identity by someone other than the
 * reporter, and every read by an oversight body (domain.md: "every access is audited").
 */
async function auditRead(q: Queryable, actor: Actor, c: ComplaintRow, what: string, identityShown: boolean, ownReporter: boolean, now: Date, address?: string) {
  if (identityShown && !ownReporter) await auditIdentityRead(q, actor, c, now, address);
  if (hasRole(actor, 'oversight')) await audit(q, actor, `oversight_${what}`, { type: 'complaint', id: c.tracking_number }, {}, now, address);
}

const isOwnReporter = (actor: Actor, c: ComplaintRow, access: Access) => !!access.accessCode || (actor.kind === 'user' && actor.userId === c.reporter_user_id);

export async function getComplaint(q: Queryable, actor: Actor, trackingNumber: string, opts: { accessCode?: string; now: Date; address?: string }) {
  const { c, access, level } = await loadVisible(q, actor, trackingNumber, opts.accessCode);
  const view = presentComplaint(c, { actor, access, level, now: opts.now, attachments: await attachmentsOf(q, c.id), accessCode: access.accessCode ? opts.accessCode : undefined });
  await auditRead(q, actor, c, 'read_complaint', view.reporter !== null, isOwnReporter(actor, c, access), opts.now, opts.address);
  return view;
}

export async function presentAfterAction(q: Queryable, c: ComplaintRow, actor: Actor, accessCode: string | undefined, now: Date, address?: string) {
  const access: Access = { accessCode: accessCodeMatches(c, accessCode) };
  const level = readLevel(actor, factsOf(c), access);
  // A unit that has just returned a confidential complaint may no longer see it: confirm the step only.
  if (level === 'none') return { trackingNumber: c.tracking_number, status: c.status, view: 'none' as const, abilities: [] };
  const view = presentComplaint(c, { actor, access, level, now, attachments: await attachmentsOf(q, c.id), accessCode: access.accessCode ? accessCode : undefined });
  await auditRead(q, actor, c, 'read_complaint', view.reporter !== null, isOwnReporter(actor, c, access), now, address);
  return view;
}

export interface ListFilters {
  status?: string;
  organisation?: string;
  category?: string;
  q?: string;
  overdue?: boolean;
  from?: string;
  to?: string;
  cursor?: string;
  limit?: number;
  sort?: 'newest' | 'due';
  view?: 'scope' | 'public';
  /** 'spam': the doubtful ones (spam score at or above the threshold), for admins; 'main': without them. */
  queue?: 'spam' | 'main';
}

const encodeCursor = (parts: (string | number | null)[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
function decodeCursor(s: string): [string | null, number] {
  try {
    const v = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && (v[0] === null || typeof v[0] === 'string') && Number.isSafeInteger(v[1])) return v as [string | null, number];
  } catch {}
  throw badRequest('Invalid cursor', { cursor: 'invalid' });
}

/** A page of the complaints the caller may read, newest first (or most urgent first with sort=due). */
export async function listComplaints(q: Queryable, actor: Actor, f: ListFilters, now: Date) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [visibleSql(actor, params, { publicFeed: f.view === 'public' })];
  if (f.status) {
    const statuses = f.status.split(',').map((s) => s.trim());
    const bad = statuses.find((s) => !(STATUSES as readonly string[]).includes(s));
    if (bad) throw badRequest(`Unknown status ${bad}`, { status: 'unknown status' });
    where.push(`c.status = ANY(${p(statuses)}::text[])`);
  }
  if (f.organisation) {
    const org = await getOrgByCode(q, f.organisation);
    if (!org) throw badRequest('Unknown organisation', { organisation: 'unknown organisation code' });
    const under = p(`${org.path}%`);
    where.push(`(c.holder_org_path LIKE ${under} OR (c.holder_org_path IS NULL AND c.admin_org_path LIKE ${under}))`);
  }
  if (f.category) {
    where.push(`c.category_id IN (SELECT id FROM categories WHERE code = ${p(f.category)} OR code LIKE ${p(`${f.category}.%`)})`);
  }
  // The spam queue holds doubtful complaints until an admin decides: once verified (or rejected)
  // a complaint leaves it for good, whatever its score, so units never lose a verified complaint.
  // (A function: each call binds its own parameter, and only when a queue is asked for.)
  const doubtful = () => `(c.status = 'submitted' AND c.spam_score >= ${p(SPAM_THRESHOLD)})`;
  if (f.queue === 'spam') {
    if (!hasRole(actor, 'org_admin') && !hasRole(actor, 'national_admin')) throw forbidden('Only admins see the spam queue');
    where.push(doubtful());
  }
  if (f.queue === 'main') where.push(`NOT ${doubtful()}`);
  if (f.overdue) where.push(`c.status = ANY(${p(OVERDUE_STATUSES)}::text[]) AND c.due_at < ${p(now)}`);
  if (f.from) where.push(`c.created_at >= ${p(f.from)}`);
  if (f.to) where.push(`c.created_at < ${p(f.to)}`);
  if (f.q?.trim()) {
    const text = f.q.trim();
    const trk = normaliseCode(text);
    const ors = [`c.search @@ websearch_to_tsquery('indonesian', ${p(text)})`];
    if (/^[A-Z0-9]{4,12}$/.test(trk)) ors.push(`c.tracking_number LIKE ${p(`%${trk}%`)}`);
    // Names are searchable only where the caller may see them (never an anonymous reporter's, except by their admins).
    if (actor.kind === 'user' && actor.grants.some((g) => g.role === 'org_admin' || g.role === 'national_admin') && f.view !== 'public') {
      const adminScope: string[] = [];
      for (const g of actor.grants) {
        if (g.role === 'national_admin') adminScope.push('TRUE');
        else if (g.role === 'org_admin' && g.org) adminScope.push(`c.admin_org_path LIKE ${p(`${g.org.path}%`)}`);
      }
      ors.push(`(c.reporter_name ILIKE ${p(`%${text.replace(/[%_\\]/g, '\\$&')}%`)} AND (${adminScope.join(' OR ')}))`);
    }
    where.push(`(${ors.join(' OR ')})`);
  }
  const limit = Math.min(Math.max(f.limit ?? 20, 1), 100);
  const due = f.sort === 'due';
  if (f.cursor) {
    const [k, id] = decodeCursor(f.cursor);
    if (due) {
      where.push(k === null ? `(c.due_at IS NULL AND c.id > ${p(id)})` : `(c.due_at > ${p(k)} OR (c.due_at = ${p(k)} AND c.id > ${p(id)}) OR c.due_at IS NULL)`);
    } else {
      where.push(`(c.created_at, c.id) < (${p(k)}::timestamptz, ${p(id)})`);
    }
  }
  const order = due ? 'c.due_at ASC NULLS LAST, c.id ASC' : 'c.created_at DESC, c.id DESC';
  const rows = (await q.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${limit + 1}`, params)).rows;
  if (hasRole(actor, 'oversight')) await audit(q, actor, 'oversight_list_complaints', { type: 'complaints', id: 'list' }, { filters: { ...f, cursor: undefined } }, now);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(due ? [last.due_at ? new Date(last.due_at).toISOString() : null, last.id] : [new Date(last.created_at).toISOString(), last.id]) : null;
  return { items: page.map((c) => presentSummary(c, now)), nextCursor };
}

interface EventRow {
  at: Date;
  action: string;
  from_status: Status | null;
  to_status: Status;
  actor_role: string;
  actor_org_code: string | null;
  actor_org_name: string | null;
  holder_org_code: string | null;
  message: string | null;
  data: Record<string, unknown>;
  internal: boolean;
}

// In the public view only the government's own words are shown; reporters' messages stay private.
const PUBLIC_MESSAGES = new Set(['respond', 'reject', 'close']);

export async function timeline(q: Queryable, actor: Actor, trackingNumber: string, accessCode: string | undefined, now: Date, address?: string) {
  const { c, access, level } = await loadVisible(q, actor, trackingNumber, accessCode);
  const rows = (
    await q.query<EventRow>(
      `SELECT e.at, e.action, e.from_status, e.to_status, e.actor_role, ao.code AS actor_org_code, ao.name AS actor_org_name,
              ho.code AS holder_org_code, e.message, e.data, e.internal
         FROM complaint_events e
         LEFT JOIN organisations ao ON ao.id = e.actor_org_id
         LEFT JOIN organisations ho ON ho.id = e.holder_org_id
        WHERE e.complaint_id = $1 ORDER BY e.id`,
      [c.id],
    )
  ).rows;
  const identity = seesReporterIdentity(actor, factsOf(c), access) && (level === 'staff' || level === 'reporter');
  const shown = identity && rows.some((e) => e.actor_role === 'reporter');
  await auditRead(q, actor, c, 'read_timeline', shown, isOwnReporter(actor, c, access), now, address);
  return {
    items: rows
      .filter((e) => !e.internal || level === 'staff')
      .map((e) => {
        const fromReporter = e.actor_role === 'reporter';
        const showMessage = level === 'staff' || level === 'reporter' || (PUBLIC_MESSAGES.has(e.action) && !fromReporter);
        return {
          at: new Date(e.at).toISOString(),
          action: e.action,
          fromStatus: e.from_status,
          toStatus: e.to_status,
          actor: {
            role: e.actor_role,
            organisation: e.actor_org_code ? { code: e.actor_org_code, name: e.actor_org_name } : null,
            ...(fromReporter && identity ? { name: c.reporter_name } : {}),
          },
          organisation: e.holder_org_code,
          message: showMessage ? e.message : null,
        };
      }),
  };
}

export async function getAttachment(q: Queryable, actor: Actor, trackingNumber: string, attachmentId: string, accessCode?: string) {
  const { c } = await loadVisible(q, actor, trackingNumber, accessCode);
  if (!/^[0-9a-f-]{36}$/.test(attachmentId)) throw notFound('Attachment');
  const a = (
    await q.query<{ storage_key: string; content_type: string; size: number }>(
      'SELECT storage_key, content_type, size FROM attachments WHERE id = $1 AND complaint_id = $2',
      [attachmentId, c.id],
    )
  ).rows[0];
  if (!a) throw notFound('Attachment');
  return a;
}
