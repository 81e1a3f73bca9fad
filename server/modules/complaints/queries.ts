// Reading complaints: one complaint as the caller may see it (auditing staff reads of personal
// data), lists and search within the caller's scope, the timeline, attachments.
import type { Db, Queryable } from '../../db/client';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import { SPAM_THRESHOLD } from '../triage/scoring';
import type { Actor } from '../access/actor';
import { getOrgByCode } from '../organisations';
import { readLevel, seesReporterIdentity, visibleArms, type Access, type VisibleArm } from './permissions';
import { findComplaint, factsOf, COMPLAINT_SELECT, type ComplaintRow } from './repository';
import { presentComplaint, presentSummary, type AttachmentRow } from './present';
import { accessCodeMatches, auditIdentityRead } from './commands';
import { audit } from '../../platform/audit';
import { grantsOf, hasRole } from '../access/actor';
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

/** How long one list or search may run on PostgreSQL before the caller is asked to narrow it. */
const LIST_TIMEOUT = '5s';

/**
 * A page of the complaints the caller may read, newest first (or most urgent first with sort=due).
 *
 * At national scale (issue #9) one query with the visibility rule and the search as ORs let no index
 * return rows in list order: the planner either read every candidate row (a unit's whole open
 * backlog, joined and sorted) or walked all complaints newest first testing each one (a word nobody
 * used scanned the table). So the page's ids are picked first, as a UNION of one small query per
 * visibility arm and per kind of match, each planned on its own: the "held under my unit" arm is an
 * index-only scan of complaints_open_holder_idx for the inbox, the text arm walks newest first then
 * uses the GIN index (textArm; in a narrower scope, as the planner's own estimate says), and the tracking-number and reporter-name arms are
 * trigram bitmap scans (OFFSET 0 keeps the planner from walking newest first for them: their
 * estimates are poor and a miss would scan the table). The top of each arm, merged, is exactly the
 * top of the OR. Only then are the full rows and their organisations read, for those ids alone.
 */
export async function listComplaints(db: Db, actor: Actor, f: ListFilters, now: Date) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const filters: string[] = [];
  if (f.status) {
    const statuses = f.status.split(',').map((s) => s.trim());
    const bad = statuses.find((s) => !(STATUSES as readonly string[]).includes(s));
    if (bad) throw badRequest(`Unknown status ${bad}`, { status: 'unknown status' });
    filters.push(`c.status = ANY(${p(statuses)}::text[])`);
  }
  let orgUnder: string | undefined;
  let orgPath: string | undefined;
  if (f.organisation) {
    const org = await getOrgByCode(db, f.organisation);
    if (!org) throw badRequest('Unknown organisation', { organisation: 'unknown organisation code' });
    orgUnder = p(`${org.path}%`);
    orgPath = org.path;
  }
  // An admin or leader of an organisation at or above the one asked for may read all that the
  // filter keeps: held there, or held by nobody yet and administered there. These two arms replace
  // the caller's, whose others (the province's published complaints, the caller's own reports) add
  // nothing here and were read in full and sorted.
  const ownsFilter =
    orgPath !== undefined && f.view !== 'public' && grantsOf(actor).some((g) => (g.role === 'org_admin' || g.role === 'leader') && g.org && orgPath.startsWith(g.org.path));
  const visible: VisibleArm[] | 'TRUE' = ownsFilter
    ? [{ sql: `c.holder_org_path LIKE ${orgUnder}`, heldUnder: orgUnder, heldUnderPath: orgPath }, { sql: `(c.holder_org_path IS NULL AND c.admin_org_path LIKE ${orgUnder})` }]
    : visibleArms(actor, params, { publicFeed: f.view === 'public' });
  if (f.category) {
    filters.push(`c.category_id IN (SELECT id FROM categories WHERE code = ${p(f.category)} OR code LIKE ${p(`${f.category}.%`)})`);
  }
  // The spam queue holds doubtful complaints until an admin decides: once verified (or rejected)
  // a complaint leaves it for good, whatever its score, so units never lose a verified complaint.
  // (A function: each call binds its own parameter, and only when a queue is asked for.)
  const doubtful = () => `(c.status = 'submitted' AND c.spam_score >= ${p(SPAM_THRESHOLD)})`;
  if (f.queue === 'spam') {
    if (!hasRole(actor, 'org_admin') && !hasRole(actor, 'national_admin')) throw forbidden('Only admins see the spam queue');
    filters.push(doubtful());
  }
  if (f.queue === 'main') filters.push(`NOT ${doubtful()}`);
  if (f.overdue) filters.push(`c.status = ANY(${p(OVERDUE_STATUSES)}::text[]) AND c.due_at < ${p(now)}`);
  if (f.from) filters.push(`c.created_at >= ${p(f.from)}`);
  if (f.to) filters.push(`c.created_at < ${p(f.to)}`);
  // Kinds of match: `ordered` arms may be served newest first from an ordered index.
  // (`words`: the tsquery of the full-text arm, which newest first is walked in two steps.)
  let matches: { sql: string; ordered: boolean; words?: string }[] = [{ sql: 'TRUE', ordered: true }];
  if (f.q?.trim()) {
    const text = f.q.trim();
    const trk = normaliseCode(text);
    const words = `websearch_to_tsquery('indonesian', ${p(text)})`;
    matches = [{ sql: `c.search @@ ${words}`, ordered: true, words }];
    if (/^[A-Z0-9]{4,12}$/.test(trk)) matches.push({ sql: `c.tracking_number LIKE ${p(`%${trk}%`)}`, ordered: false });
    // Names are searchable only where the caller may see them (never an anonymous reporter's, except by their admins).
    if (actor.kind === 'user' && actor.grants.some((g) => g.role === 'org_admin' || g.role === 'national_admin') && f.view !== 'public') {
      const adminScope: string[] = [];
      for (const g of actor.grants) {
        if (g.role === 'national_admin') adminScope.push('TRUE');
        else if (g.role === 'org_admin' && g.org) adminScope.push(`c.admin_org_path LIKE ${p(`${g.org.path}%`)}`);
      }
      matches.push({ sql: `(c.reporter_name ILIKE ${p(`%${text.replace(/[%_\\]/g, '\\$&')}%`)} AND (${adminScope.join(' OR ')}))`, ordered: false });
    }
  }
  const limit = Math.min(Math.max(f.limit ?? 20, 1), 100);
  const due = f.sort === 'due';
  if (f.cursor) {
    const [k, id] = decodeCursor(f.cursor);
    if (due) {
      filters.push(k === null ? `(c.due_at IS NULL AND c.id > ${p(id)})` : `(c.due_at > ${p(k)} OR (c.due_at = ${p(k)} AND c.id > ${p(id)}) OR c.due_at IS NULL)`);
    } else {
      filters.push(`(c.created_at, c.id) < (${p(k)}::timestamptz, ${p(id)})`);
    }
  }
  const key = due ? 'due_at' : 'created_at';
  const order = (a: string) => (due ? `${a}due_at ASC NULLS LAST, ${a}id ASC` : `${a}created_at DESC, ${a}id DESC`);
  // The inbox: a prefix range of the holder index is in due order only within each holder, so a
  // "held under" arm read by prefix reads and sorts every open entry under the node. Under a node
  // with few organisations (a unit has usually none below it) the arm reads instead each holder's
  // first entries in due order, one index scan per holder path; the merge below keeps the top.
  const byHolder = new Map<VisibleArm, string>();
  if (due && !f.q?.trim() && visible !== 'TRUE') {
    for (const v of visible) {
      const holders = v.heldUnderPath ? await fewHoldersUnder(db, v.heldUnderPath, orgPath) : null;
      if (holders) byHolder.set(v, p(holders));
    }
  }
  const arms: string[] = [];
  for (const v of visible === 'TRUE' ? [{ sql: 'TRUE' } as VisibleArm] : visible) {
    const holders = byHolder.get(v);
    for (const m of matches) {
      const conds = [v.sql, ...filters, m.sql];
      if (orgUnder) {
        // Within a "held under" arm the holder is set, so the organisation filter needs only the
        // holder path: the arm stays within the columns of the holder index.
        conds.push(v.heldUnder ? `c.holder_org_path LIKE ${orgUnder}` : `(c.holder_org_path LIKE ${orgUnder} OR (c.holder_org_path IS NULL AND c.admin_org_path LIKE ${orgUnder}))`);
      }
      const where = conds.filter((x) => x !== 'TRUE').join(' AND ') || 'TRUE';
      if (holders) {
        // The prefix conditions stay, redundant: they bind the parameters the arm already holds.
        arms.push(
          `(SELECT x.id, x.due_at FROM unnest(${holders}::text[]) h(path) CROSS JOIN LATERAL (SELECT c.id, c.due_at FROM complaints c WHERE c.holder_org_path = h.path AND ${where} ORDER BY ${order('c.')} LIMIT ${limit + 1}) x)`,
        );
        continue;
      }
      const pick = `SELECT c.id, c.${key} FROM complaints c WHERE ${where}`;
      // Only over all complaints (a national scope, no filter but the cursor): within a narrower
      // scope the newest textWalk rows are themselves expensive to find (a regency's search went
      // from ~0.5 s to ~2.5 s on aduan_bench), so there the planner keeps its own choice.
      if (m.words && !due && v.sql === 'TRUE' && !orgUnder && filters.length === (f.cursor ? 1 : 0)) {
        arms.push(textArm(conds.slice(0, -1).filter((x) => x !== 'TRUE').join(' AND ') || 'TRUE', m.words, where, limit));
        continue;
      }
      arms.push(m.ordered ? `(${pick} ORDER BY ${order('c.')} LIMIT ${limit + 1})` : `(SELECT * FROM (${pick} OFFSET 0) x ORDER BY ${order('x.')} LIMIT ${limit + 1})`);
    }
  }
  const ids = `SELECT u.id FROM (${arms.join(' UNION ')}) u ORDER BY ${order('u.')} LIMIT ${limit + 1}`;
  const sql = `${COMPLAINT_SELECT} WHERE c.id = ANY(ARRAY(${ids})) ORDER BY ${order('c.')}`;
  const rows = await boundedList(db, sql, params);
  if (hasRole(actor, 'oversight')) await audit(db, actor, 'oversight_list_complaints', { type: 'complaints', id: 'list' }, { filters: { ...f, cursor: undefined } }, now);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeCursor(due ? [last.due_at ? new Date(last.due_at).toISOString() : null, last.id] : [new Date(last.created_at).toISOString(), last.id]) : null;
  return { items: page.map((c) => presentSummary(c, now)), nextCursor };
}

/** Above this many organisations under a node, its "held under" arm reads the holder index by prefix. */
const FEW_HOLDERS = 64;

/** The paths of the organisations under `path` (and under `within`, the list's organisation filter), or null when there are many. */
async function fewHoldersUnder(q: Queryable, path: string, within: string | undefined): Promise<string[] | null> {
  const rows = (await q.query<{ path: string }>(`SELECT path FROM organisations WHERE path LIKE $1 AND path LIKE $2 LIMIT ${FEW_HOLDERS + 1}`, [`${path}%`, `${within ?? path}%`])).rows;
  return rows.length > FEW_HOLDERS ? null : rows.map((r) => r.path);
}

/**
 * How many of the newest complaints a national full-text search walks before it turns to the GIN
 * index. A query the walk leaves short of a page matches fewer than (limit+1)/N of the rows, so the
 * GIN step reads at most about 10M*(limit+1)/N matches at random (a walked row, read in index order,
 * is far cheaper). Measured on aduan_bench (10M complaints, 12 terms, page of 20): with 20,000 a
 * term of ~0.1% ('puskesmas antrean') still fell to the GIN step (~190 ms); with 50,000 every
 * term took at most ~75 ms, the walk itself ~40 ms when read to the end.
 */
export const searchTuning = { textWalk: 50_000 };
// (An object rather than a constant so that a test can check both steps with a walk of hundreds of
// rows instead of inserting fifty thousand.)

/**
 * The full-text arm, newest first, in two steps the planner cannot swap (its estimate of a
 * multi-word query assumes the words independent: it walked millions of rows for a rare pair and
 * built a bitmap of a million rows for a common one). First the newest textWalk rows the other
 * conditions allow (`allowed`), tested against the words: a common query fills the page there.
 * Only if it does not, and the walk did not run out of rows, the GIN index finds the matches older
 * than the walk's last row (`matched` is the whole condition, words included): by then they are
 * rare, which is where a bitmap is cheap. MATERIALIZED and OFFSET 0 fence each step's plan; the
 * CTEs are read lazily, so a page filled early stops the walk early, and `edge` (the walk's last
 * row, none if it ran out) is read only by the GIN step. `+ interval '0 s'` keeps the "older than
 * the edge" range (nearly the whole table) out of the bitmap: it is tested on the matches only.
 */
function textArm(allowed: string, words: string, matched: string, limit: number) {
  const walk = `SELECT c.id, c.created_at, c.search FROM complaints c WHERE ${allowed} ORDER BY c.created_at DESC, c.id DESC`;
  return `(WITH hits AS MATERIALIZED (SELECT w.id, w.created_at FROM (${walk} LIMIT ${searchTuning.textWalk}) w WHERE w.search @@ ${words} ORDER BY w.created_at DESC, w.id DESC LIMIT ${limit + 1}),
    edge AS MATERIALIZED (SELECT w.created_at, w.id FROM (${walk} OFFSET ${searchTuning.textWalk - 1} LIMIT 1) w)
    SELECT h.id, h.created_at FROM hits h
    UNION ALL
    (SELECT * FROM (SELECT c.id, c.created_at FROM complaints c, edge e
       WHERE (SELECT count(*) FROM hits) <= ${limit} AND (c.created_at + interval '0 s', c.id) < (e.created_at, e.id) AND ${matched} OFFSET 0) x
     ORDER BY x.created_at DESC, x.id DESC LIMIT ${limit + 1}))`;
}

/**
 * Runs a list query under a statement timeout on PostgreSQL (SET LOCAL needs its own transaction),
 * so that a pathological search cannot hold a connection: the caller is asked to narrow it instead.
 * PGlite has one connection and nothing to cancel a query with; its data sets are small.
 */
async function boundedList(db: Db, sql: string, params: unknown[]): Promise<ComplaintRow[]> {
  if (db.engine !== 'postgres') return (await db.query<ComplaintRow>(sql, params)).rows;
  try {
    return await db.tx(async (q) => {
      // JIT off: the full-text arm's never-run GIN step inflates the estimate past jit_above_cost,
      // and compiling took ~600 ms of a 10 ms query (issue #9).
      await q.query("SELECT set_config('statement_timeout', $1, true), set_config('jit', 'off', true)", [LIST_TIMEOUT]);
      return (await q.query<ComplaintRow>(sql, params)).rows;
    });
  } catch (err) {
    if ((err as { code?: string }).code === '57014') {
      throw new AppError(
        503,
        'list_timeout',
        'Pencarian ini terlalu lama; persempit dengan kata lain, rentang tanggal, organisasi atau status. / This search takes too long: narrow it with more words, a date range, an organisation or a status.',
      );
    }
    throw err;
  }
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
