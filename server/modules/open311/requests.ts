// Reading service requests and their updates for Open311. Only published complaints are ever read
// here (permissions.ts, visibleSql with publicFeed: verified, not confidential, not rejected or
// archived), and the queries select no reporter column at all, so no name, email or phone can
// leak through this edge whatever the caller sends.
import type { Queryable } from '../../db/client';
import { GUEST } from '../access/actor';
import type { Organisation } from '../organisations';
import { visibleSql } from '../complaints/permissions';
import { STATUS_LABELS, type Status } from '../complaints/lifecycle';
import { normaliseCode } from '../complaints/tracking';
import { w3c, type Value } from './format';
import type { OpenClosed, RequestsQuery } from './params';

/** The lifecycle at the Open311 edge: finished (closed, rejected, archived) is closed, the rest open. */
export const CLOSED_STATUSES: readonly Status[] = ['closed', 'rejected', 'archived'];
export const openClosedOf = (s: Status): OpenClosed => (CLOSED_STATUSES.includes(s) ? 'closed' : 'open');

/** Longest description the spec allows; longer complaint texts are cut (the full text is on the portal). */
export const MAX_DESCRIPTION = 4000;
const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

// Timeline steps whose message is the government's public word (as in the public timeline).
const PUBLIC_NOTES = `('respond', 'close', 'reject')`;

interface RequestRow {
  id: number;
  tracking_number: string;
  status: Status;
  body: string;
  created_at: Date;
  updated_at: Date;
  due_at: Date | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  service_code: string | null;
  service_name: string | null;
  agency: string;
  status_notes: string | null;
  media_id: string | null;
}

const REQUEST_SELECT = `
  SELECT c.id, c.tracking_number, c.status, c.body, c.created_at, c.updated_at, c.due_at, c.address, c.lat, c.lng,
         cat.code AS service_code, cat.name_id AS service_name, coalesce(ho.name, ao.name) AS agency,
         (SELECT e.message FROM complaint_events e
           WHERE e.complaint_id = c.id AND e.action IN ${PUBLIC_NOTES} AND e.actor_role <> 'reporter' AND NOT e.internal AND e.message IS NOT NULL
           ORDER BY e.id DESC LIMIT 1) AS status_notes,
         (SELECT a.id::text FROM attachments a WHERE a.complaint_id = c.id AND a.kind = 'image' ORDER BY a.created_at, a.id LIMIT 1) AS media_id
    FROM complaints c
    JOIN organisations ao ON ao.id = c.admin_org_id
    LEFT JOIN organisations ho ON ho.id = c.holder_org_id
    LEFT JOIN categories cat ON cat.id = c.category_id`;

export function presentRequest(r: RequestRow, baseUrl: string): Record<string, Value> {
  return {
    service_request_id: r.tracking_number,
    status: openClosedOf(r.status),
    status_notes: r.status_notes,
    service_name: r.service_name,
    // Every service request has a code in the spec; a complaint filed without a category has the empty one.
    service_code: r.service_code ?? '',
    description: cut(r.body, MAX_DESCRIPTION),
    agency_responsible: r.agency,
    service_notice: STATUS_LABELS[r.status].id,
    requested_datetime: w3c(r.created_at),
    updated_datetime: w3c(r.updated_at),
    expected_datetime: w3c(r.due_at),
    address: r.address,
    address_id: null,
    zipcode: null,
    lat: r.lat,
    long: r.lng,
    media_url: r.media_id ? `${baseUrl}/api/v1/complaints/${r.tracking_number}/attachments/${r.media_id}` : null,
  };
}

/** Published complaints inside a jurisdiction (its node and below, as verifying government or holder). */
function scope(params: unknown[], jurisdiction: Organisation | undefined): string[] {
  const where = [visibleSql(GUEST, params, { publicFeed: true })];
  if (jurisdiction) {
    params.push(`${jurisdiction.path}%`);
    where.push(`(c.admin_org_path LIKE $${params.length} OR c.holder_org_path LIKE $${params.length})`);
  }
  return where;
}

export async function findRequests(q: Queryable, query: RequestsQuery, jurisdiction: Organisation | undefined, baseUrl: string) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = scope(params, jurisdiction);
  if (query.ids) {
    where.push(`c.tracking_number = ANY(${p(query.ids.map(normaliseCode))}::text[])`);
  } else {
    if (query.serviceCodes) where.push(`cat.code = ANY(${p(query.serviceCodes)}::text[])`);
    if (query.statuses && query.statuses.length === 1) {
      where.push(`c.status ${query.statuses[0] === 'closed' ? '' : 'NOT '}IN ('closed', 'rejected', 'archived')`);
    }
    if (query.window) where.push(`c.created_at >= ${p(query.window.start)}`, `c.created_at <= ${p(query.window.end)}`);
    if (query.updatedAfter) where.push(`c.updated_at > ${p(query.updatedAfter)}`);
    if (query.updatedBefore) where.push(`c.updated_at <= ${p(query.updatedBefore)}`);
  }
  const order = query.updatedAfter || query.updatedBefore ? 'c.updated_at, c.id' : 'c.created_at DESC, c.id DESC';
  const rows = (
    await q.query<RequestRow>(
      `${REQUEST_SELECT} WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    )
  ).rows;
  return rows.map((r) => presentRequest(r, baseUrl));
}

export async function findRequest(q: Queryable, id: string, jurisdiction: Organisation | undefined, baseUrl: string) {
  const params: unknown[] = [];
  const where = scope(params, jurisdiction);
  params.push(normaliseCode(id));
  const r = (await q.query<RequestRow>(`${REQUEST_SELECT} WHERE ${where.join(' AND ')} AND c.tracking_number = $${params.length}`, params)).rows[0];
  return r ? presentRequest(r, baseUrl) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Updates (mySociety's servicerequestupdates extension)

/** mySociety's extended status of the request after a step; `external_status_code` carries ours. */
export function extendedStatus(action: string, to: Status): string {
  if (action === 'reopen') return 'reopen';
  if (action === 'forward' || action === 'return') return 'internal_referral';
  switch (to) {
    case 'in_progress':
    case 'responded':
      return 'in_progress';
    case 'closed':
      return 'closed';
    case 'returned':
      return 'internal_referral';
    case 'rejected':
    case 'archived':
      return 'no_further_action';
    default:
      return 'open';
  }
}

const STEP_TEXT: Record<string, (org: string | null) => string> = {
  verify: (org) => `Laporan diverifikasi dan diteruskan ke ${org ?? 'unit terkait'}`,
  accept: () => 'Laporan diterima dan sedang diproses oleh unit',
  assign: (org) => `Laporan ditugaskan ke ${org ?? 'sub-unit'}`,
  return: () => 'Laporan dikembalikan ke admin karena bukan kewenangan unit',
  forward: (org) => `Laporan diteruskan ke ${org ?? 'unit yang berwenang'}`,
  respond: () => 'Unit memberikan tindak lanjut',
  reply: () => 'Pelapor memberikan tanggapan',
  rate: () => 'Pelapor memberikan penilaian',
  close: () => 'Laporan selesai',
  reopen: () => 'Pelapor membuka kembali laporan',
  hold: () => 'Laporan ditunda',
  resume: () => 'Laporan dilanjutkan',
};

interface UpdateRow {
  id: number;
  at: Date;
  action: string;
  to_status: Status;
  message: string | null;
  actor_role: string;
  tracking_number: string;
  holder_name: string | null;
}

export function presentUpdate(u: UpdateRow): Record<string, Value> {
  // The government's own words are public; a reporter's message and staff notes are not.
  const publicMessage = [`respond`, `close`, `reject`].includes(u.action) && u.actor_role !== 'reporter' && u.message ? u.message : null;
  return {
    update_id: String(u.id),
    service_request_id: u.tracking_number,
    status: extendedStatus(u.action, u.to_status),
    external_status_code: u.to_status,
    updated_datetime: w3c(u.at),
    description: cut(publicMessage ?? (STEP_TEXT[u.action]?.(u.holder_name) ?? STATUS_LABELS[u.to_status].id), MAX_DESCRIPTION),
    media_url: '',
  };
}

/**
 * The public steps of published complaints in a time window, oldest first (a poller continues from
 * the last updated_datetime it saw). Steps before verification and staff-internal ones are left out.
 */
export async function findUpdates(
  q: Queryable,
  query: { window: { start: Date; end: Date }; ids?: string[]; page: number; pageSize: number },
  jurisdiction: Organisation | undefined,
) {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where = scope(params, jurisdiction);
  where.push(`NOT e.internal`, `e.action <> 'submit'`, `e.to_status <> 'submitted'`);
  where.push(`e.at >= ${p(query.window.start)}`, `e.at <= ${p(query.window.end)}`);
  if (query.ids) where.push(`c.tracking_number = ANY(${p(query.ids.map(normaliseCode))}::text[])`);
  const rows = (
    await q.query<UpdateRow>(
      `SELECT e.id, e.at, e.action, e.to_status, e.message, e.actor_role, c.tracking_number, ho.name AS holder_name
         FROM complaint_events e
         JOIN complaints c ON c.id = e.complaint_id
         LEFT JOIN organisations ho ON ho.id = e.holder_org_id
        WHERE ${where.join(' AND ')}
        ORDER BY e.at, e.id LIMIT ${query.pageSize} OFFSET ${(query.page - 1) * query.pageSize}`,
      params,
    )
  ).rows;
  return rows.map(presentUpdate);
}
