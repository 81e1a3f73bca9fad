// Federation between installations (docs/federation.md): identity and peers, verification of signed
// peer requests, forwarding a complaint to an organisation a peer hosts, filing a forwarded
// complaint, and status updates flowing back to the origin. An adapter: complaints are filed through
// submitComplaint; the origin's "forward out" is checked against the lifecycle table (forward).
import fs from 'node:fs/promises';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { emit } from '../../platform/outbox';
import type { HandlerRegistry, OutboxEvent } from '../../jobs/outbox';
import type { WorkerTask } from '../../jobs/worker';
import { grantsOf, SYSTEM, type Actor } from '../access/actor';
import { getOrgByCode, getOrgById, isWithin } from '../organisations';
import { allowedFrom, LIFECYCLE, nextStatus, OVERDUE_STATUSES, STATUSES, type Status, type Transition } from '../complaints/lifecycle';
import { mayTake, readLevel } from '../complaints/permissions';
import { findComplaint, factsOf, type ComplaintRow } from '../complaints/repository';
import { getCategoryByCode } from '../categories';
import { performAction, submitComplaint, type Ctx } from '../complaints/commands';
import { resolveStoredFile, sanitiseUpload, type SanitisedFile } from '../complaints/attachments';
import { CLOCK_WINDOW_SECONDS, generateKeyPair, keyIdOf, parsePublicKey, signRequest, verifyRequest, type KeyPair } from './signing';

export const FEDERATION_HANDLER_KEY = 'complaint.#federation';
export const INBOX_COMPLAINTS = '/api/v1/federation/inbox/complaints';
export const INBOX_UPDATES = '/api/v1/federation/inbox/updates';
export const INBOX_REPORTER = '/api/v1/federation/inbox/reporter-steps';
export const INBOX_SUMMARY = '/api/v1/federation/inbox/summary';
/** Attachments travel base64 in the payload, up to this many bytes in total (the rest is listed, not sent). */
export const MAX_ATTACHMENT_BYTES = 8 * 1024 * 1024;
const RETRY_WINDOW_MS = 72 * 3_600_000;
const LEASE_MS = 60_000;
export const federationBackoffMs = (attempts: number) => Math.min(3_600_000, 10_000 * 2 ** Math.min(Math.max(attempts, 1) - 1, 20));

// ---------------------------------------------------------------------------------------------
// Identity

export interface Identity extends KeyPair {
  name: string;
  keyId: string;
}

/** This installation's identity; the key pair is generated on first use and kept in the database. */
export async function identity(q: Queryable, now: Date): Promise<Identity> {
  const row = async () =>
    (await q.query<{ name: string; public_key: string; private_key: string; key_id: string }>('SELECT name, public_key, private_key, key_id FROM federation_identity WHERE id = 1')).rows[0];
  let r = await row();
  if (!r) {
    const keys = generateKeyPair();
    await q.query(
      `INSERT INTO federation_identity (id, name, public_key, private_key, key_id, created_at) VALUES (1, 'Aduan', $1, $2, $3, $4) ON CONFLICT (id) DO NOTHING`,
      [keys.publicKey, keys.privateKey, keyIdOf(keys.publicKey), now],
    );
    r = (await row())!;
  }
  return { name: r.name, publicKey: r.public_key, privateKey: r.private_key, keyId: r.key_id };
}

export async function renameIdentity(q: Queryable, name: string, now: Date): Promise<void> {
  await identity(q, now);
  await q.query('UPDATE federation_identity SET name = $1 WHERE id = 1', [name.trim()]);
}

// ---------------------------------------------------------------------------------------------
// Peers

export interface Peer {
  id: number;
  name: string;
  baseUrl: string;
  publicKey: string;
  keyId: string;
  mayReceive: boolean;
  maySend: boolean;
  /** The peer may read this installation's summaries (a province subscribing to a regency). */
  maySubscribe: boolean;
  /** This installation reads the peer's summaries for its shared view. */
  subscribe: boolean;
  organisation: string | null;
  organisations: { code: string; name: string }[];
  /** What waits for this peer: an admin sees a peer that keeps failing here. */
  queue: { pending: number; failed: number; oldestPendingAt: Date | null; lastStatus: number | null; lastError: string | null };
}

const PEER_SELECT = `SELECT p.id, p.name, p.base_url AS "baseUrl", p.public_key AS "publicKey", p.key_id AS "keyId",
    p.may_receive AS "mayReceive", p.may_send AS "maySend", p.may_subscribe AS "maySubscribe", p.subscribed AS subscribe,
    o.code AS organisation, o.path AS "orgPath", p.removed_at AS "removedAt",
    COALESCE((SELECT json_agg(json_build_object('code', r.code, 'name', r.name) ORDER BY r.code) FROM federation_remote_orgs r WHERE r.peer_id = p.id), '[]'::json) AS organisations,
    (SELECT json_build_object(
        'pending', count(*) FILTER (WHERE m.status = 'pending'), 'failed', count(*) FILTER (WHERE m.status = 'failed'),
        'oldestPendingAt', min(m.created_at) FILTER (WHERE m.status = 'pending'),
        'lastStatus', (SELECT l.last_status FROM federation_messages l WHERE l.peer_id = p.id AND l.status <> 'sent' AND l.attempts > 0 ORDER BY l.id DESC LIMIT 1),
        'lastError', (SELECT l.last_error FROM federation_messages l WHERE l.peer_id = p.id AND l.status <> 'sent' AND l.attempts > 0 ORDER BY l.id DESC LIMIT 1))
       FROM federation_messages m WHERE m.peer_id = p.id AND m.status <> 'sent') AS queue
  FROM federation_peers p LEFT JOIN organisations o ON o.id = p.organisation_id`;

type PeerRow = Peer & { orgPath: string | null; removedAt: Date | null };
const present = ({ orgPath: _o, removedAt: _r, ...p }: PeerRow): Peer => ({
  ...p,
  queue: { ...p.queue, pending: Number(p.queue.pending), failed: Number(p.queue.failed), oldestPendingAt: p.queue.oldestPendingAt ? new Date(p.queue.oldestPendingAt) : null },
});

function adminScope(actor: Actor): { national: boolean; paths: string[] } {
  const g = grantsOf(actor);
  return { national: g.some((x) => x.role === 'national_admin'), paths: g.filter((x) => x.role === 'org_admin' && x.org).map((x) => x.org!.path) };
}

/** National admins manage every peer; an organisation admin the peers of its node and below (and uses nationwide ones). */
function requireAdmin(actor: Actor) {
  const s = adminScope(actor);
  if (!s.national && !s.paths.length) throw forbidden('Only administrators manage federation');
  return s;
}

const mayUse = (s: ReturnType<typeof adminScope>, p: PeerRow) => s.national || p.orgPath === null || s.paths.some((x) => isWithin(p.orgPath!, x));

export interface NewPeer {
  name: string;
  baseUrl: string;
  publicKey: string;
  organisations: { code: string; name?: string }[];
  mayReceive?: boolean;
  maySend?: boolean;
  maySubscribe?: boolean;
  subscribe?: boolean;
  /** National admins only: the node whose admins manage it (an organisation admin's own node otherwise). */
  organisationCode?: string;
}

export async function registerPeer(db: Db, actor: Actor, input: NewPeer, now: Date): Promise<Peer> {
  const s = requireAdmin(actor);
  const fields: Record<string, string> = {};
  let url: URL | undefined;
  try {
    url = new URL(input.baseUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') fields.baseUrl = 'must be an http(s) URL';
  } catch {
    fields.baseUrl = 'must be an http(s) URL';
  }
  if (!parsePublicKey(input.publicKey)) fields.publicKey = 'must be a base64 SPKI Ed25519 public key (GET /api/v1/federation/identity of the peer)';
  if (!input.name.trim()) fields.name = 'must not be empty';
  for (const o of input.organisations) if (!/^[A-Za-z0-9._-]{1,64}$/.test(o.code)) fields.organisations = `bad code ${o.code}`;
  if (Object.keys(fields).length) throw badRequest('The peer is incomplete', fields);
  let orgId: number | null = null;
  if (s.national) {
    if (input.organisationCode) {
      const o = await getOrgByCode(db, input.organisationCode);
      if (!o) throw badRequest('Unknown organisation', { organisationCode: 'unknown organisation code' });
      orgId = o.id;
    }
  } else {
    const g = grantsOf(actor).find((x) => x.role === 'org_admin' && x.org)!;
    orgId = g.org!.id;
  }
  return db.tx(async (q) => {
    const own = await identity(q, now);
    if (keyIdOf(input.publicKey) === own.keyId) throw badRequest('That is this installation\'s own key', { publicKey: 'own key' });
    const r = await q.query<{ id: number }>(
      `INSERT INTO federation_peers (name, base_url, public_key, key_id, may_receive, may_send, may_subscribe, subscribed, organisation_id, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (key_id) WHERE removed_at IS NULL DO NOTHING RETURNING id`,
      [input.name.trim(), url!.toString().replace(/\/$/, ''), input.publicKey, keyIdOf(input.publicKey), input.mayReceive ?? true, input.maySend ?? true, input.maySubscribe ?? false, input.subscribe ?? false, orgId, actor.kind === 'user' ? actor.userId : null, now],
    );
    if (!r.rows[0]) throw conflict('A peer with this public key is already registered', 'peer_exists');
    for (const o of input.organisations) {
      const taken = await q.query('INSERT INTO federation_remote_orgs (code, peer_id, name) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING RETURNING code', [o.code, r.rows[0].id, o.name?.trim() || o.code]);
      if (!taken.rows.length) throw conflict(`Organisation ${o.code} is already hosted by another peer`, 'remote_org_taken');
    }
    return present((await q.query<PeerRow>(`${PEER_SELECT} WHERE p.id = $1`, [r.rows[0].id])).rows[0]!);
  });
}

export async function listPeers(db: Db, actor: Actor): Promise<Peer[]> {
  const s = requireAdmin(actor);
  return (await db.query<PeerRow>(`${PEER_SELECT} WHERE p.removed_at IS NULL ORDER BY p.id`)).rows.filter((p) => mayUse(s, p)).map(present);
}

/** A live peer this admin manages, locked; 404 otherwise (another admin's peer does not exist for them). */
async function managedPeer(q: Queryable, actor: Actor, id: number): Promise<PeerRow> {
  const s = requireAdmin(actor);
  const p = (await q.query<PeerRow>(`${PEER_SELECT} WHERE p.id = $1 AND p.removed_at IS NULL`, [id])).rows[0];
  // An organisation admin uses nationwide peers but manages only those of its node and below.
  if (!p || !(s.national || (p.orgPath !== null && s.paths.some((x) => isWithin(p.orgPath!, x))))) throw notFound('Peer');
  await q.query('SELECT id FROM federation_peers WHERE id = $1 FOR UPDATE', [id]);
  return p;
}

export interface PeerChange {
  name?: string;
  baseUrl?: string;
  mayReceive?: boolean;
  maySend?: boolean;
  maySubscribe?: boolean;
  subscribe?: boolean;
}

export async function updatePeer(db: Db, actor: Actor, id: number, input: PeerChange): Promise<Peer> {
  const set: Record<string, unknown> = {};
  if (input.name !== undefined) {
    if (!input.name.trim()) throw badRequest('The peer is incomplete', { name: 'must not be empty' });
    set.name = input.name.trim();
  }
  if (input.baseUrl !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(input.baseUrl);
    } catch {}
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw badRequest('The peer is incomplete', { baseUrl: 'must be an http(s) URL' });
    set.base_url = url.toString().replace(/\/$/, '');
  }
  if (input.mayReceive !== undefined) set.may_receive = input.mayReceive;
  if (input.maySend !== undefined) set.may_send = input.maySend;
  if (input.maySubscribe !== undefined) set.may_subscribe = input.maySubscribe;
  if (input.subscribe !== undefined) set.subscribed = input.subscribe;
  return db.tx(async (q) => {
    await managedPeer(q, actor, id);
    const cols = Object.keys(set);
    if (cols.length) await q.query(`UPDATE federation_peers SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [id, ...cols.map((k) => set[k])]);
    if (input.subscribe === false) await q.query('DELETE FROM federation_shared_summaries WHERE peer_id = $1', [id]);
    return present((await q.query<PeerRow>(`${PEER_SELECT} WHERE p.id = $1`, [id])).rows[0]!);
  });
}

/**
 * The peer's admin changed its key (GET /identity shows the new one): from now on only the new key
 * authenticates; requests signed with the old one are refused as from an unknown peer.
 */
export async function rotatePeerKey(db: Db, actor: Actor, id: number, publicKey: string, now: Date): Promise<Peer> {
  if (!parsePublicKey(publicKey)) throw badRequest('Not an Ed25519 public key', { publicKey: 'must be a base64 SPKI Ed25519 public key (GET /api/v1/federation/identity of the peer)' });
  return db.tx(async (q) => {
    await managedPeer(q, actor, id);
    if (keyIdOf(publicKey) === (await identity(q, now)).keyId) throw badRequest('That is this installation\'s own key', { publicKey: 'own key' });
    const clash = await q.query('SELECT 1 FROM federation_peers WHERE key_id = $1 AND removed_at IS NULL AND id <> $2', [keyIdOf(publicKey), id]);
    if (clash.rows.length) throw conflict('A peer with this public key is already registered', 'peer_exists');
    await q.query('UPDATE federation_peers SET public_key = $2, key_id = $3, key_changed_at = $4 WHERE id = $1', [id, publicKey, keyIdOf(publicKey), now]);
    return present((await q.query<PeerRow>(`${PEER_SELECT} WHERE p.id = $1`, [id])).rows[0]!);
  });
}

/**
 * Removes a peer: it no longer authenticates, its organisation codes are free again and what still
 * waited for it is marked failed. The row stays (removed_at) because forwarded complaints and
 * their timelines refer to it.
 */
export async function removePeer(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  await db.tx(async (q) => {
    await managedPeer(q, actor, id);
    await q.query('UPDATE federation_peers SET removed_at = $2, may_receive = false, may_send = false, may_subscribe = false, subscribed = false WHERE id = $1', [id, now]);
    await q.query('DELETE FROM federation_remote_orgs WHERE peer_id = $1', [id]);
    await q.query('DELETE FROM federation_nonces WHERE peer_id = $1', [id]);
    await q.query('DELETE FROM federation_shared_summaries WHERE peer_id = $1', [id]);
    await q.query(`UPDATE federation_messages SET status = 'failed', last_error = 'peer removed' WHERE peer_id = $1 AND status = 'pending'`, [id]);
  });
}

/**
 * A new key pair for this installation. Every peer must then register the new public key
 * (PUT /peers/:id/key on their side); until they do, they refuse this installation's requests,
 * which wait in the queue and are retried.
 */
export async function rotateIdentity(db: Db, now: Date): Promise<Identity> {
  return db.tx(async (q) => {
    await identity(q, now);
    const keys = generateKeyPair();
    await q.query('UPDATE federation_identity SET public_key = $1, private_key = $2, key_id = $3 WHERE id = 1', [keys.publicKey, keys.privateKey, keyIdOf(keys.publicKey)]);
    return identity(q, now);
  });
}

// ---------------------------------------------------------------------------------------------
// Incoming signed requests

const refuse = (status: 401 | 403, code: string, message: string) => new AppError(status, code as never, message);

/** Authenticates a peer request (signature, clock window, nonce); throws 401/403 in the API error shape. */
export async function authenticatePeer(
  db: Db,
  clock: Clock,
  req: { method: string; path: string; headers: Record<string, string | string[] | undefined>; rawBody: Buffer },
): Promise<{ id: number; name: string; maySend: boolean; maySubscribe: boolean }> {
  const keyId = req.headers['x-aduan-peer'];
  if (typeof keyId !== 'string' || !keyId) throw refuse(401, 'unauthenticated', 'Signed peer request required (X-Aduan-Peer)');
  const peer = (await db.query<{ id: number; name: string; public_key: string; may_send: boolean; may_subscribe: boolean }>(
    'SELECT id, name, public_key, may_send, may_subscribe FROM federation_peers WHERE key_id = $1 AND removed_at IS NULL',
    [keyId],
  )).rows[0];
  if (!peer) throw refuse(401, 'unknown_peer', 'This installation does not know the calling peer');
  const now = clock.now();
  const failure = verifyRequest(peer.public_key, req.method, req.path, req.headers, req.rawBody, now);
  if (failure === 'stale') throw refuse(401, 'stale_request', `The request timestamp is more than ${CLOCK_WINDOW_SECONDS} seconds away from this installation's clock`);
  if (failure === 'missing_headers') throw refuse(401, 'unauthenticated', 'X-Aduan-Timestamp, X-Aduan-Nonce and X-Aduan-Signature are required');
  if (failure) throw refuse(401, 'bad_signature', 'The request signature does not verify');
  const fresh = await db.query('INSERT INTO federation_nonces (peer_id, nonce, seen_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING nonce', [peer.id, req.headers['x-aduan-nonce'], now]);
  if (!fresh.rows.length) throw refuse(401, 'replayed_request', 'This nonce was already used');
  return { id: peer.id, name: peer.name, maySend: peer.may_send, maySubscribe: peer.may_subscribe };
}

// ---------------------------------------------------------------------------------------------
// Forwarding out (origin side)

export interface ForwardPayload {
  originTrackingNumber: string;
  organisationCode: string;
  type: 'pengaduan' | 'aspirasi' | 'informasi';
  title: string;
  body: string;
  categoryCode: string | null;
  occurredAt: string | null;
  location: { regionCode?: string; address?: string; lat?: number; lng?: number };
  anonymous: boolean;
  confidential: boolean;
  /** The reporter's name only, and only when not anonymous; contact data never crosses. */
  reporterName: string | null;
  createdAt: string;
  note: string | null;
  history: { at: string; action: string; status: string; message: string | null }[];
  attachments: { contentType: string; data: string }[];
  attachmentsOmitted: number;
}

/**
 * Forwards a complaint to an organisation a peer hosts: the lifecycle's `forward` (same parties and
 * statuses), with the government itself holding the complaint locally; the request goes out
 * through federation_messages after commit. `POST /complaints/:tn/actions/forward` (and `verify`)
 * with a remote organisation code end up in `forwardRemote` too, through performAction.
 */
export async function forwardToPeer(ctx: Ctx, actor: Actor, trackingNumber: string, input: { organisationCode: string; note?: string }) {
  const now = ctx.clock.now();
  return ctx.db.tx(async (q) => {
    const c = await findComplaint(q, trackingNumber, { forUpdate: true });
    if (!c) throw notFound('Complaint');
    const facts = factsOf(c);
    if (!mayTake(actor, facts, 'forward')) {
      if (readLevel(actor, facts) === 'none') throw notFound('Complaint');
      throw forbidden('You may not forward this complaint');
    }
    if (!allowedFrom('forward', c.status)) throw conflict(`Cannot forward a complaint that is ${c.status}`, 'invalid_transition');
    const r = await forwardRemote(ctx, q, actor, c, 'forward', input, now);
    if (!r) throw badRequest('No peer hosts that organisation', { organisationCode: 'not a remote organisation' });
    return r;
  });
}

/**
 * The remote half of `verify`/`forward`, inside the caller's transaction with the complaint row
 * locked and the lifecycle already checked (party, status, required fields). Undefined when no
 * peer hosts the organisation code, so that the caller treats it as a local (unknown) code.
 */
export async function forwardRemote(
  ctx: Ctx,
  q: Queryable,
  actor: Actor,
  c: ComplaintRow,
  action: 'verify' | 'forward',
  input: { organisationCode?: string; note?: string; categoryCode?: string; title?: string; anonymous?: boolean; confidential?: boolean },
  now: Date,
) {
  const s = adminScope(actor);
  const remote = (await q.query<{ code: string; name: string; peer_id: number }>('SELECT code, name, peer_id FROM federation_remote_orgs WHERE code = $1', [input.organisationCode ?? ''])).rows[0];
  if (!remote) return undefined;
  const peer = (await q.query<PeerRow>(`${PEER_SELECT} WHERE p.id = $1 AND p.removed_at IS NULL`, [remote.peer_id])).rows[0];
  if (!peer || !peer.mayReceive || !mayUse(s, peer)) throw badRequest('That installation does not take complaints from here', { organisationCode: 'peer may not receive' });
  const already = await q.query('SELECT 1 FROM federation_outgoing WHERE complaint_id = $1 AND peer_id = $2', [c.id, peer.id]);
  if (already.rows.length) throw conflict('This complaint was already forwarded to that installation', 'already_forwarded');
  const category = action === 'verify' && input.categoryCode ? await getCategoryByCode(q, input.categoryCode) : undefined;
  if (action === 'verify' && input.categoryCode && !category) throw badRequest('Unknown category', { categoryCode: 'unknown category code' });
  // As in a local verify: the admin may correct the title and add protection, never lift it; it crosses with the complaint.
  const verifying = action === 'verify';
  const title = (verifying && input.title?.trim()) || c.title;
  const anonymous = c.anonymous || (verifying && !!input.anonymous);
  const confidential = c.confidential || (verifying && !!input.confidential);

  const history = (
    await q.query<{ at: Date; action: string; to_status: string; message: string | null }>(
      `SELECT at, action, to_status, message FROM complaint_events WHERE complaint_id = $1 AND NOT internal AND actor_role <> 'reporter' ORDER BY id`,
      [c.id],
    )
  ).rows.map((e) => ({ at: new Date(e.at).toISOString(), action: e.action, status: e.to_status, message: e.message }));
  const files = (await q.query<{ storage_key: string; content_type: string; size: number }>('SELECT storage_key, content_type, size FROM attachments WHERE complaint_id = $1 ORDER BY created_at, id', [c.id])).rows;
  const attachments: ForwardPayload['attachments'] = [];
  let total = 0;
  let omitted = 0;
  for (const f of files) {
    if (total + f.size > MAX_ATTACHMENT_BYTES) {
      omitted++;
      continue;
    }
    try {
      const data = await fs.readFile(resolveStoredFile(ctx.attachmentsDir, f.storage_key));
      attachments.push({ contentType: f.content_type, data: data.toString('base64') });
      total += f.size;
    } catch {
      omitted++;
    }
  }
  const payload: ForwardPayload = {
    originTrackingNumber: c.tracking_number,
    organisationCode: remote.code,
    type: c.type,
    title,
    body: c.body,
    categoryCode: category?.code ?? c.category_code,
    occurredAt: c.occurred_at ? new Date(c.occurred_at).toISOString() : null,
    location: {
      ...(c.region_code ? { regionCode: c.region_code } : {}),
      ...(c.address ? { address: c.address } : {}),
      ...(c.lat !== null && c.lng !== null ? { lat: c.lat, lng: c.lng } : {}),
    },
    anonymous,
    confidential,
    reporterName: anonymous ? null : c.reporter_name,
    createdAt: new Date(c.created_at).toISOString(),
    note: input.note?.trim() || null,
    history,
    attachments,
    attachmentsOmitted: omitted,
  };

  const to = nextStatus(action, c.status, c.status_before_hold);
  const government = (await getOrgById(q, c.admin_org_id))!;
  const acting = grantsOf(actor).find((g) => g.role === 'national_admin') ?? grantsOf(actor).find((g) => g.role === 'org_admin');
  await q.query(
    `UPDATE complaints SET status = $2, holder_org_id = $3, holder_org_path = $4, routed_by_user_id = $5, routed_at = $6, due_at = NULL, due_kind = NULL, updated_at = $6,
        verified_at = CASE WHEN $7 THEN $6 ELSE verified_at END, routed_by_org_id = CASE WHEN $7 THEN $8 ELSE routed_by_org_id END, category_id = COALESCE($9, category_id),
        title = $10, anonymous = $11, confidential = $12
      WHERE id = $1`,
    [c.id, to, government.id, government.path, actor.kind === 'user' ? actor.userId : null, now, verifying, acting?.org?.id ?? null, category?.id ?? null, title, anonymous, confidential],
  );
  const message = `Diteruskan ke ${remote.name} (${peer.name})${payload.note ? `: ${payload.note}` : ''}`;
  await q.query(
    `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_user_id, actor_role, actor_org_id, holder_org_id, message, data, internal)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [c.id, now, action, c.status, to, actor.kind === 'user' ? actor.userId : null, acting?.role ?? 'system', acting?.org?.id ?? null, government.id, message,
      JSON.stringify({ organisation: remote.code, from: c.holder_org_code, federation: { peer: peer.name, peerId: peer.id } }), (LIFECYCLE[action] as Transition).internal ?? false],
  );
  await emit(q, `complaint.${action}`, c.id, { trackingNumber: c.tracking_number, action, from: c.status, to, holderOrgId: government.id, actorRole: acting?.role ?? 'system', federation: { peerId: peer.id, organisation: remote.code } }, now);
  await q.query('INSERT INTO federation_outgoing (complaint_id, peer_id, remote_org_code, created_at) VALUES ($1, $2, $3, $4)', [c.id, peer.id, remote.code, now]);
  await queueMessage(q, peer.id, c.id, 'forward', crypto.randomUUID(), INBOX_COMPLAINTS, JSON.stringify(payload), now);
  return { trackingNumber: c.tracking_number, status: to, peer: { id: peer.id, name: peer.name }, organisation: { code: remote.code, name: remote.name } };
}

async function queueMessage(q: Queryable, peerId: number, complaintId: number, kind: 'forward' | 'update' | 'reporter', eventId: string, path: string, body: string, now: Date) {
  await q.query(
    `INSERT INTO federation_messages (peer_id, complaint_id, kind, event_id, path, body, created_at, next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
     ON CONFLICT (event_id) DO NOTHING`,
    [peerId, complaintId, kind, eventId, path, body, now],
  );
}

// ---------------------------------------------------------------------------------------------
// Receiving a forwarded complaint

export async function receiveForward(ctx: Ctx, peer: { id: number; name: string; maySend: boolean }, p: ForwardPayload): Promise<{ trackingNumber: string; duplicate: boolean }> {
  if (!peer.maySend) throw refuse(403, 'forbidden', 'This installation does not take complaints from the calling peer');
  // The schema layer coerces a JSON null in a nullable string to "": read both as absent.
  p = { ...p, note: p.note || null, reporterName: p.reporterName || null, occurredAt: p.occurredAt || null, categoryCode: p.categoryCode || null };
  const existing = async (q: Queryable) =>
    (await q.query<{ tracking_number: string }>(
      'SELECT c.tracking_number FROM federation_incoming i JOIN complaints c ON c.id = i.complaint_id WHERE i.peer_id = $1 AND i.origin_tracking_number = $2',
      [peer.id, p.originTrackingNumber],
    )).rows[0]?.tracking_number;
  const prior = await existing(ctx.db);
  if (prior) return { trackingNumber: prior, duplicate: true };
  if (!(await getOrgByCode(ctx.db, p.organisationCode))) throw badRequest('This installation does not host that organisation', { organisationCode: 'unknown here' });
  // Files from a peer are checked and stripped again, like any upload.
  const files: SanitisedFile[] = [];
  for (const a of p.attachments ?? []) {
    try {
      files.push(await sanitiseUpload(Buffer.from(a.data, 'base64')));
    } catch {
      /* a file this installation refuses is left out; the origin keeps it */
    }
  }
  const history = p.history.map((h) => `${h.at.slice(0, 10)} ${h.action}${h.message ? `: ${h.message}` : ''}`).join('\n');
  const body = `${p.body}${p.note ? `\n\n[Catatan penerusan] ${p.note}` : ''}${history ? `\n\n[Riwayat di instalasi asal]\n${history}` : ''}`.slice(0, 10_000);
  try {
    return await ctx.db.tx(async (q) => {
      const again = await existing(q);
      if (again) return { trackingNumber: again, duplicate: true };
      const r = await submitComplaint(
        ctx,
        SYSTEM,
        {
          type: p.type,
          title: p.title,
          body,
          organisationCode: p.organisationCode,
          occurredAt: p.occurredAt || undefined,
          location: p.location?.regionCode && !(await getOrgByCode(q, p.location.regionCode)) ? { ...p.location, regionCode: undefined } : p.location,
          anonymous: p.anonymous,
          confidential: p.confidential,
          reporter: p.reporterName && !p.anonymous ? { name: p.reporterName } : undefined,
          channel: 'federation',
        },
        files,
        undefined,
        { tx: q },
      );
      const id = (await q.query<{ id: number }>('SELECT id FROM complaints WHERE tracking_number = $1', [r.body.trackingNumber])).rows[0]!.id;
      await q.query('INSERT INTO federation_incoming (complaint_id, peer_id, origin_tracking_number, created_at) VALUES ($1, $2, $3, $4)', [id, peer.id, p.originTrackingNumber, ctx.clock.now()]);
      return { trackingNumber: r.body.trackingNumber, duplicate: false };
    });
  } catch (err) {
    // Two concurrent deliveries of one complaint (PostgreSQL): the loser finds the winner's row.
    const again = await existing(ctx.db);
    if (again) return { trackingNumber: again, duplicate: true };
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Status updates: receiver → origin

export interface UpdatePayload {
  eventId: string;
  originTrackingNumber: string;
  trackingNumber: string;
  action: string;
  status: Status;
  message: string | null;
  at: string;
}

const SYNCED_ACTIONS = new Set(['verify', 'reject', 'hold', 'resume', 'accept', 'assign', 'return', 'forward', 'respond', 'close', 'reopen', 'archive', 'rate']);

/** The reporter's own steps at the origin that the receiving installation learns of. */
const REPORTER_ACTIONS = new Set(['reply', 'rate', 'reopen']);

/**
 * Outbox handler. Receiving side: every public step of a complaint that came from a peer is queued
 * for the origin. Origin side: the reporter's reply, rating and reopening of a complaint forwarded
 * out are queued for the installation handling it.
 */
export async function enqueueFederationUpdate(q: Queryable, event: OutboxEvent): Promise<void> {
  if (event.aggregateId === null || !event.type.startsWith('complaint.')) return;
  const action = event.type.slice('complaint.'.length);
  if (event.payload.actorRole === 'reporter') {
    // On the receiving side a reporter's step can only be one relayed from the origin: not echoed back.
    if (REPORTER_ACTIONS.has(action)) await enqueueReporterStep(q, event, action);
    return;
  }
  if (!SYNCED_ACTIONS.has(action)) return;
  const link = (await q.query<{ peer_id: number; origin_tracking_number: string; tracking_number: string }>(
    'SELECT i.peer_id, i.origin_tracking_number, c.tracking_number FROM federation_incoming i JOIN complaints c ON c.id = i.complaint_id WHERE i.complaint_id = $1',
    [event.aggregateId],
  )).rows[0];
  if (!link) return;
  const ev = (await q.query<{ message: string | null; internal: boolean }>(
    'SELECT message, internal FROM complaint_events WHERE complaint_id = $1 AND action = $2 AND at = $3 ORDER BY id DESC LIMIT 1',
    [event.aggregateId, action, event.createdAt],
  )).rows[0];
  if (ev?.internal) return;
  const body: UpdatePayload = {
    eventId: event.eventId,
    originTrackingNumber: link.origin_tracking_number,
    trackingNumber: link.tracking_number,
    action,
    status: String(event.payload.to ?? '') as Status,
    message: ev?.message ?? null,
    at: event.createdAt.toISOString(),
  };
  await queueMessage(q, link.peer_id, event.aggregateId, 'update', event.eventId, INBOX_UPDATES, JSON.stringify(body), event.createdAt);
}

export interface ReporterStepPayload {
  eventId: string;
  originTrackingNumber: string;
  action: 'reply' | 'rate' | 'reopen';
  /** reply: the message; reopen: the reason; rate: the comment. Never the reporter's identity. */
  message: string | null;
  score: number | null;
  at: string;
}

async function enqueueReporterStep(q: Queryable, event: OutboxEvent, action: string) {
  // The installation it was last forwarded to, unless that one handed it back (returned: the origin handles it again).
  const link = (await q.query<{ peer_id: number; tracking_number: string; status: string }>(
    `SELECT o.peer_id, c.tracking_number, c.status FROM federation_outgoing o JOIN complaints c ON c.id = o.complaint_id
       JOIN federation_peers p ON p.id = o.peer_id AND p.removed_at IS NULL
      WHERE o.complaint_id = $1 ORDER BY o.id DESC LIMIT 1`,
    [event.aggregateId],
  )).rows[0];
  if (!link || event.payload.from === 'returned' || link.status === 'returned') return;
  const ev = (await q.query<{ message: string | null; data: { score?: number } | null }>(
    'SELECT message, data FROM complaint_events WHERE complaint_id = $1 AND action = $2 AND at = $3 ORDER BY id DESC LIMIT 1',
    [event.aggregateId, action, event.createdAt],
  )).rows[0];
  const body: ReporterStepPayload = {
    eventId: event.eventId,
    originTrackingNumber: link.tracking_number,
    action: action as ReporterStepPayload['action'],
    message: ev?.message ?? null,
    score: typeof ev?.data?.score === 'number' ? ev.data.score : null,
    at: event.createdAt.toISOString(),
  };
  await queueMessage(q, link.peer_id, event.aggregateId!, 'reporter', event.eventId, INBOX_REPORTER, JSON.stringify(body), event.createdAt);
  // Reopening set a resolution due date here, but the clock runs where the complaint is handled.
  if (action === 'reopen') await q.query('UPDATE complaints SET due_at = NULL, due_kind = NULL WHERE id = $1', [event.aggregateId]);
}

/**
 * Receiving side: the reporter replied, rated or reopened at the origin. Taken as the reporter's
 * own step through performAction (so it moves the status, notifies the unit and shows in the
 * timeline as the reporter's); once per event id. When this side's lifecycle no longer allows it
 * (closed here meanwhile, reopen window passed) it is still written to the timeline, unmoving.
 */
export async function receiveReporterStep(ctx: Ctx, peer: { id: number; name: string }, p: ReporterStepPayload): Promise<{ applied: boolean; trackingNumber: string }> {
  const message = p.message?.trim() || null;
  return ctx.db.tx(async (q) => {
    const link = (await q.query<{ complaint_id: number; tracking_number: string }>(
      'SELECT i.complaint_id, c.tracking_number FROM federation_incoming i JOIN complaints c ON c.id = i.complaint_id WHERE i.peer_id = $1 AND i.origin_tracking_number = $2',
      [peer.id, p.originTrackingNumber],
    )).rows[0];
    if (!link) throw notFound('Forwarded complaint');
    const now = ctx.clock.now();
    const fresh = await q.query('INSERT INTO federation_received_events (peer_id, event_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id', [peer.id, p.eventId, now]);
    if (!fresh.rows.length) return { applied: false, trackingNumber: link.tracking_number };
    const input =
      p.action === 'reply' ? { message: message ?? '-' } : p.action === 'reopen' ? { reason: message ?? '-' } : { score: p.score ?? undefined, comment: message ?? undefined };
    try {
      await q.query('SAVEPOINT reporter_step');
      await performAction(ctx, SYSTEM, link.tracking_number, p.action, input, { tx: q, isReporter: () => true });
      await q.query('RELEASE SAVEPOINT reporter_step');
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err;
      await q.query('ROLLBACK TO SAVEPOINT reporter_step');
      const c = (await findComplaint(q, link.tracking_number, { forUpdate: true }))!;
      await q.query(
        `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_role, holder_org_id, message, data, internal)
         VALUES ($1, $2, 'federation_reporter', $3, $3, 'reporter', $4, $5, $6, false)`,
        [c.id, now, c.status, c.holder_org_id, message, JSON.stringify({ federation: { peer: peer.name, peerId: peer.id, reporterAction: p.action, score: p.score, refused: err.code } })],
      );
      await emit(q, 'complaint.federation_reporter', c.id, { trackingNumber: c.tracking_number, action: 'federation_reporter', from: c.status, to: c.status, actorRole: 'federation', reporterAction: p.action }, now);
    }
    return { applied: true, trackingNumber: link.tracking_number };
  });
}

/** How the origin mirrors the remote status (docs/federation.md, "Status at the origin"). */
export function mirrorStatus(remote: Status): Status | null {
  switch (remote) {
    case 'submitted':
    case 'disposed':
      return 'disposed';
    case 'in_progress':
    case 'on_hold':
      return 'in_progress';
    case 'responded':
      return 'responded';
    case 'closed':
    case 'archived':
      return 'closed';
    case 'returned':
    case 'rejected':
      return 'returned';
    default:
      return null;
  }
}

/** Origin side: applies one update from the peer, once per event id. */
export async function receiveUpdate(ctx: Ctx, peer: { id: number; name: string }, u: UpdatePayload): Promise<{ applied: boolean }> {
  u = { ...u, message: u.message || null };
  return ctx.db.tx(async (q) => {
    const link = (await q.query<{ id: number; complaint_id: number; remote_org_code: string; last_update_at: Date | null }>(
      `SELECT o.id, o.complaint_id, o.remote_org_code, o.last_update_at FROM federation_outgoing o JOIN complaints c ON c.id = o.complaint_id
        WHERE o.peer_id = $1 AND c.tracking_number = $2 FOR UPDATE OF o`,
      [peer.id, u.originTrackingNumber],
    )).rows[0];
    if (!link) throw notFound('Forwarded complaint');
    const now = ctx.clock.now();
    const fresh = await q.query('INSERT INTO federation_received_events (peer_id, event_id, at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING event_id', [peer.id, u.eventId, now]);
    if (!fresh.rows.length) return { applied: false };
    const c = (await findComplaint(q, u.originTrackingNumber, { forUpdate: true }))!;
    const at = new Date(u.at);
    // Updates may arrive late (retries); an older one is recorded in the timeline but does not move the mirror back.
    const latest = !link.last_update_at || at >= new Date(link.last_update_at);
    const target = latest ? mirrorStatus(u.status) : null;
    const to = target && c.status !== 'archived' && c.status !== 'rejected' ? target : c.status;
    const set: Record<string, unknown> = { status: to, updated_at: now };
    if (to !== c.status) {
      if (to === 'returned') Object.assign(set, { holder_org_id: null, holder_org_path: null });
      else if (c.holder_org_id === null) Object.assign(set, { holder_org_id: c.admin_org_id, holder_org_path: c.admin_org_path });
      if (to === 'responded') Object.assign(set, { responded_at: at, first_response_at: c.first_response_at ?? at });
      if (to === 'closed') set.closed_at = c.closed_at ?? at;
      if (to !== 'closed') set.closed_at = null;
      set.due_at = null;
      set.due_kind = null;
    }
    if (u.action === 'respond' && !c.first_response_at) set.first_response_at = at;
    const cols = Object.keys(set);
    await q.query(`UPDATE complaints SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [c.id, ...cols.map((k) => set[k])]);
    if (latest) await q.query('UPDATE federation_outgoing SET last_update_at = $2, remote_tracking_number = COALESCE(remote_tracking_number, $3) WHERE id = $1', [link.id, at, u.trackingNumber]);
    await q.query(
      `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_role, holder_org_id, message, data, internal)
       VALUES ($1, $2, 'federation_update', $3, $4, 'federation', $5, $6, $7, false)`,
      [c.id, now, c.status, to, 'holder_org_id' in set ? set.holder_org_id : c.holder_org_id, u.message,
        JSON.stringify({ federation: { peer: peer.name, peerId: peer.id, organisation: link.remote_org_code, remoteTrackingNumber: u.trackingNumber, remoteAction: u.action, remoteStatus: u.status, remoteAt: u.at, eventId: u.eventId } })],
    );
    await emit(q, 'complaint.federation_update', c.id, { trackingNumber: c.tracking_number, action: 'federation_update', from: c.status, to, actorRole: 'federation', remoteAction: u.action }, now);
    return { applied: true };
  });
}

// ---------------------------------------------------------------------------------------------
// Sending (worker task)

export type FetchFn = (url: string, init: { method: string; headers: Record<string, string>; body?: string; signal?: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

interface Claimed {
  id: number;
  peer_id: number;
  complaint_id: number;
  kind: 'forward' | 'update';
  path: string;
  body: string;
  attempts: number;
  created_at: Date;
  base_url: string;
}

/** Sends what is due: claims with a lease (SKIP LOCKED), signs, POSTs, records; never inside a transaction. */
export async function sendDueMessages(db: Db, now: Date, fetchImpl: FetchFn, opts: { timeoutMs?: number; max?: number; log?: Logger; shouldStop?: () => boolean } = {}): Promise<{ sent: number; failed: number }> {
  const claimed = (
    await db.query<Claimed>(
      `UPDATE federation_messages m SET next_attempt_at = $2
         FROM federation_peers p
        WHERE p.id = m.peer_id AND m.id IN (
          SELECT x.id FROM federation_messages x
           WHERE x.status = 'pending' AND x.next_attempt_at <= $1
             AND NOT EXISTS (SELECT 1 FROM federation_messages e WHERE e.status = 'pending' AND e.peer_id = x.peer_id AND e.complaint_id = x.complaint_id AND e.id < x.id)
           ORDER BY x.id LIMIT $3 FOR UPDATE SKIP LOCKED)
        RETURNING m.id, m.peer_id, m.complaint_id, m.kind, m.path, m.body, m.attempts, m.created_at, p.base_url`,
      [now, new Date(now.getTime() + LEASE_MS), opts.max ?? 20],
    )
  ).rows.sort((a, b) => Number(a.id) - Number(b.id));
  if (!claimed.length) return { sent: 0, failed: 0 };
  const me = await identity(db, now);
  let sent = 0;
  let failed = 0;
  for (const m of claimed) {
    if (opts.shouldStop?.()) break;
    let status = 0;
    let text = '';
    try {
      const headers = { 'content-type': 'application/json', ...signRequest(me, 'POST', m.path, m.body, now) };
      const r = await fetchImpl(`${m.base_url}${m.path}`, { method: 'POST', headers, body: m.body, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
      status = r.status;
      text = await r.text();
    } catch (err) {
      text = err instanceof Error ? err.message : String(err);
    }
    if (status >= 200 && status < 300) {
      sent++;
      await db.tx(async (q) => {
        await q.query(`UPDATE federation_messages SET status = 'sent', sent_at = $2, last_status = $3, last_error = NULL, attempts = attempts + 1 WHERE id = $1`, [m.id, now, status]);
        if (m.kind === 'forward') {
          let remote: string | undefined;
          try {
            remote = JSON.parse(text).trackingNumber;
          } catch {}
          if (remote) await acknowledgeForward(q, m, remote, now);
        }
      });
    } else {
      failed++;
      const attempts = m.attempts + 1;
      const giveUp = now.getTime() - new Date(m.created_at).getTime() >= RETRY_WINDOW_MS;
      await db.query(
        `UPDATE federation_messages SET attempts = $2, last_status = $3, last_error = $4, status = $5, next_attempt_at = $6 WHERE id = $1`,
        [m.id, attempts, status || null, text.slice(0, 500), giveUp ? 'failed' : 'pending', new Date(now.getTime() + federationBackoffMs(attempts))],
      );
      opts.log?.warn({ message: m.id, peer: m.peer_id, status, attempts }, 'federation delivery failed');
    }
  }
  return { sent, failed };
}

/** The peer filed the complaint: remember its tracking number and say so in the timeline (once). */
async function acknowledgeForward(q: Queryable, m: Claimed, remote: string, now: Date) {
  const r = await q.query<{ remote_org_code: string }>(
    'UPDATE federation_outgoing SET remote_tracking_number = $3 WHERE complaint_id = $1 AND peer_id = $2 AND remote_tracking_number IS NULL RETURNING remote_org_code',
    [m.complaint_id, m.peer_id, remote],
  );
  if (!r.rows[0]) return;
  const peer = (await q.query<{ name: string }>('SELECT name FROM federation_peers WHERE id = $1', [m.peer_id])).rows[0]!;
  const c = (await q.query<{ status: string; holder_org_id: number | null }>('SELECT status, holder_org_id FROM complaints WHERE id = $1', [m.complaint_id])).rows[0]!;
  await q.query(
    `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_role, holder_org_id, message, data, internal)
     VALUES ($1, $2, 'federation_filed', $3, $3, 'federation', $4, $5, $6, false)`,
    [m.complaint_id, now, c.status, c.holder_org_id, `Diterima di ${peer.name} dengan nomor ${remote}`, JSON.stringify({ federation: { peer: peer.name, peerId: m.peer_id, organisation: r.rows[0].remote_org_code, remoteTrackingNumber: remote } })],
  );
}

export async function purgeNonces(db: Db, now: Date): Promise<number> {
  const r = await db.query('DELETE FROM federation_nonces WHERE seen_at < $1', [new Date(now.getTime() - 4 * CLOCK_WINDOW_SECONDS * 1000)]);
  return r.rowCount ?? 0;
}

/** `worker.register(federationWorker())`: the update handler and the sending task. */
export function federationWorker(opts: { fetchImpl?: FetchFn; timeoutMs?: number } = {}): { handlers: HandlerRegistry; tasks: Record<string, WorkerTask> } {
  return {
    handlers: { [FEDERATION_HANDLER_KEY]: enqueueFederationUpdate },
    tasks: {
      federation: async ({ db, now, log, shouldStop }) => {
        const fetchImpl = opts.fetchImpl ?? (fetch as unknown as FetchFn);
        const r = await sendDueMessages(db, now, fetchImpl, { timeoutMs: opts.timeoutMs, log, shouldStop });
        const pulled = shouldStop?.() ? { fetched: 0, failed: 0 } : await pullSummaries(db, now, fetchImpl, { timeoutMs: opts.timeoutMs, log });
        await purgeNonces(db, now);
        return r.sent + r.failed + pulled.fetched + pulled.failed;
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Shared view: a subscribing installation (a province) pulls its regencies' summaries

/** Days of intake per day in a summary. */
export const SUMMARY_DAYS = 90;
/** A subscriber pulls each peer's summary this often (and retries a failed pull after a minute). */
export const SUMMARY_REFRESH_MS = 15 * 60_000;
const SUMMARY_RETRY_MS = 60_000;

/**
 * Counts only: no tracking number, no text, no reporter, nothing of a confidential complaint. A
 * complaint this installation forwarded to a peer is counted by that peer (forwardedOut here), so
 * that a province adding up its regencies counts it once. Days are UTC dates of filing.
 */
export interface SharedSummary {
  installation: string;
  generatedAt: string;
  total: number;
  overdue: number;
  followedUp: number;
  forwardedOut: number;
  byStatus: Record<string, number>;
  byUnit: { code: string; name: string; total: number; open: number; overdue: number }[];
  byCategory: { code: string; name: string; total: number }[];
  byDay: { date: string; total: number }[];
}

const SHARED_SCOPE = `NOT c.confidential AND c.merged_into_id IS NULL`;
const NOT_FORWARDED = `NOT EXISTS (SELECT 1 FROM federation_outgoing fo WHERE fo.complaint_id = c.id)`;

export async function sharedSummary(q: Queryable, now: Date): Promise<SharedSummary> {
  const me = await identity(q, now);
  const overdue = `(c.status IN (${OVERDUE_STATUSES.map((x) => `'${x}'`).join(', ')}) AND c.due_at < $1::timestamptz)`;
  const open = `c.status NOT IN ('closed', 'rejected', 'archived')`;
  const where = `${SHARED_SCOPE} AND ${NOT_FORWARDED}`;
  const totals = (await q.query<{ total: number; overdue: number; followed_up: number; forwarded_out: number }>(
    `SELECT count(*) FILTER (WHERE ${NOT_FORWARDED})::int AS total, count(*) FILTER (WHERE ${NOT_FORWARDED} AND ${overdue})::int AS overdue,
            count(*) FILTER (WHERE ${NOT_FORWARDED} AND c.first_response_at IS NOT NULL)::int AS followed_up,
            count(*) FILTER (WHERE NOT ${NOT_FORWARDED})::int AS forwarded_out
       FROM complaints c WHERE ${SHARED_SCOPE}`,
    [now],
  )).rows[0]!;
  const byStatus = Object.fromEntries(STATUSES.map((x) => [x, 0])) as Record<string, number>;
  for (const r of (await q.query<{ status: string; n: number }>(`SELECT c.status, count(*)::int AS n FROM complaints c WHERE ${where} GROUP BY c.status`)).rows) byStatus[r.status] = r.n;
  const byUnit = (await q.query<{ code: string; name: string; total: number; open: number; overdue: number }>(
    `SELECT o.code, o.name, count(*)::int AS total, count(*) FILTER (WHERE ${open})::int AS open, count(*) FILTER (WHERE ${overdue})::int AS overdue
       FROM complaints c JOIN organisations o ON o.id = COALESCE(c.holder_org_id, c.admin_org_id) WHERE ${where} GROUP BY o.code, o.name ORDER BY o.code`,
    [now],
  )).rows;
  const byCategory = (await q.query<{ code: string; name: string; total: number }>(
    `SELECT COALESCE(k.code, '-') AS code, COALESCE(k.name_id, 'Tanpa kategori') AS name, count(*)::int AS total
       FROM complaints c LEFT JOIN categories k ON k.id = c.category_id WHERE ${where} GROUP BY 1, 2 ORDER BY 1`,
  )).rows;
  const byDay = (await q.query<{ date: string; total: number }>(
    `SELECT to_char(c.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS date, count(*)::int AS total
       FROM complaints c WHERE ${where} AND c.created_at >= $1::timestamptz - make_interval(days => ${SUMMARY_DAYS}) GROUP BY 1 ORDER BY 1`,
    [now],
  )).rows;
  return {
    installation: me.name,
    generatedAt: now.toISOString(),
    total: totals.total,
    overdue: totals.overdue,
    followedUp: totals.followed_up,
    forwardedOut: totals.forwarded_out,
    byStatus,
    byUnit,
    byCategory,
    byDay,
  };
}

/** Serving a subscriber (the signed GET): only a peer the admin allowed to subscribe. */
export async function summaryForPeer(db: Db, peer: { maySubscribe: boolean }, now: Date): Promise<SharedSummary> {
  if (!peer.maySubscribe) throw refuse(403, 'forbidden', 'This installation does not share its summaries with the calling peer');
  return sharedSummary(db, now);
}

const int0 = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0);
const text = (v: unknown, max = 200) => (typeof v === 'string' ? v.slice(0, max) : '');

/**
 * What a subscriber keeps of a peer's answer: the known fields with the expected types and nothing
 * else, so that a peer that sends more (a newer version, a mistake) cannot put personal data here.
 */
export function cleanSummary(x: unknown): SharedSummary | undefined {
  if (!x || typeof x !== 'object') return undefined;
  const o = x as Record<string, unknown>;
  const arr = (v: unknown) => (Array.isArray(v) ? (v.slice(0, 5000) as Record<string, unknown>[]).filter((e) => e && typeof e === 'object') : []);
  const byStatus = Object.fromEntries(STATUSES.map((st) => [st, int0((o.byStatus as Record<string, unknown> | undefined)?.[st])]));
  return {
    installation: text(o.installation),
    generatedAt: text(o.generatedAt, 40),
    total: int0(o.total),
    overdue: int0(o.overdue),
    followedUp: int0(o.followedUp),
    forwardedOut: int0(o.forwardedOut),
    byStatus,
    byUnit: arr(o.byUnit).map((u) => ({ code: text(u.code, 64), name: text(u.name), total: int0(u.total), open: int0(u.open), overdue: int0(u.overdue) })),
    byCategory: arr(o.byCategory).map((k) => ({ code: text(k.code, 64), name: text(k.name), total: int0(k.total) })),
    byDay: arr(o.byDay).filter((d) => typeof d.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d.date)).map((d) => ({ date: d.date as string, total: int0(d.total) })),
  };
}

/** Subscriber side: pulls the summaries that are due (or all subscribed peers when forced), never inside a transaction. */
export async function pullSummaries(db: Db, now: Date, fetchImpl: FetchFn, opts: { force?: boolean; peerIds?: number[]; timeoutMs?: number; log?: Logger } = {}): Promise<{ fetched: number; failed: number }> {
  const due = (
    await db.query<{ id: number; base_url: string }>(
      `SELECT p.id, p.base_url FROM federation_peers p LEFT JOIN federation_shared_summaries s ON s.peer_id = p.id
        WHERE p.subscribed AND p.removed_at IS NULL AND ($4::int[] IS NULL OR p.id = ANY($4::int[]))
          AND ($1 OR s.peer_id IS NULL OR s.attempted_at <= $2 OR (s.last_error IS NOT NULL AND s.attempted_at <= $3))
        ORDER BY p.id`,
      [!!opts.force, new Date(now.getTime() - SUMMARY_REFRESH_MS), new Date(now.getTime() - SUMMARY_RETRY_MS), opts.peerIds ?? null],
    )
  ).rows;
  if (!due.length) return { fetched: 0, failed: 0 };
  const me = await identity(db, now);
  let fetched = 0;
  let failed = 0;
  for (const p of due) {
    let status = 0;
    let body = '';
    try {
      const r = await fetchImpl(`${p.base_url}${INBOX_SUMMARY}`, { method: 'GET', headers: { accept: 'application/json', ...signRequest(me, 'GET', INBOX_SUMMARY, '', now) }, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
      status = r.status;
      body = await r.text();
    } catch (err) {
      body = err instanceof Error ? err.message : String(err);
    }
    let summary: SharedSummary | undefined;
    if (status === 200) {
      try {
        summary = cleanSummary(JSON.parse(body));
      } catch {}
    }
    if (summary) fetched++;
    else {
      failed++;
      opts.log?.warn({ peer: p.id, status }, 'federation summary pull failed');
    }
    // A failed pull keeps the last good summary (shown with its age) and records why.
    await db.query(
      `INSERT INTO federation_shared_summaries (peer_id, summary, fetched_at, attempted_at, attempts, last_status, last_error) VALUES ($1, $2, $3, $4, 1, $5, $6)
       ON CONFLICT (peer_id) DO UPDATE SET summary = COALESCE(EXCLUDED.summary, federation_shared_summaries.summary), fetched_at = COALESCE(EXCLUDED.fetched_at, federation_shared_summaries.fetched_at),
         attempted_at = EXCLUDED.attempted_at, attempts = federation_shared_summaries.attempts + 1, last_status = EXCLUDED.last_status, last_error = EXCLUDED.last_error`,
      [p.id, summary ? JSON.stringify(summary) : null, summary ? now : null, now, status || null, summary ? null : (body || 'no answer').slice(0, 500)],
    );
  }
  return { fetched, failed };
}

/** The subscriber's shared view: each subscribed peer's last summary and the sum of them. */
export async function listSharedSummaries(db: Db, actor: Actor, now: Date) {
  const s = requireAdmin(actor);
  const peers = (await db.query<PeerRow>(`${PEER_SELECT} WHERE p.removed_at IS NULL AND p.subscribed ORDER BY p.id`)).rows.filter((p) => mayUse(s, p));
  const rows = new Map(
    (await db.query<{ peer_id: number; summary: SharedSummary | null; fetched_at: Date | null; attempted_at: Date; last_status: number | null; last_error: string | null }>(
      'SELECT peer_id, summary, fetched_at, attempted_at, last_status, last_error FROM federation_shared_summaries WHERE peer_id = ANY($1::int[])',
      [peers.map((p) => p.id)],
    )).rows.map((r) => [r.peer_id, r]),
  );
  const items = peers.map((p) => {
    const r = rows.get(p.id);
    const summary = r?.summary ? (typeof r.summary === 'string' ? (JSON.parse(r.summary) as SharedSummary) : r.summary) : null;
    const fetchedAt = r?.fetched_at ? new Date(r.fetched_at) : null;
    return {
      peer: { id: p.id, name: p.name },
      fetchedAt,
      stale: !fetchedAt || now.getTime() - fetchedAt.getTime() > 2 * SUMMARY_REFRESH_MS,
      lastStatus: r?.last_status ?? null,
      lastError: r?.last_error ?? null,
      summary,
    };
  });
  const total = { total: 0, overdue: 0, followedUp: 0, byStatus: Object.fromEntries(STATUSES.map((x) => [x, 0])) as Record<string, number> };
  for (const i of items) {
    if (!i.summary) continue;
    total.total += i.summary.total;
    total.overdue += i.summary.overdue;
    total.followedUp += i.summary.followedUp;
    for (const st of STATUSES) total.byStatus[st]! += i.summary.byStatus[st] ?? 0;
  }
  return { items, total };
}

// ---------------------------------------------------------------------------------------------
// The admins' view of the queue

export async function listMessages(db: Db, actor: Actor, opts: { status?: string } = {}) {
  const s = requireAdmin(actor);
  const peers = (await db.query<PeerRow>(PEER_SELECT)).rows.filter((p) => mayUse(s, p)).map((p) => p.id);
  const rows = await db.query<Record<string, unknown>>(
    `SELECT m.id, m.kind, m.event_id AS "eventId", p.name AS peer, c.tracking_number AS "trackingNumber", m.status, m.attempts,
            m.last_status AS "lastStatus", m.last_error AS "lastError", m.created_at AS "createdAt", m.next_attempt_at AS "nextAttemptAt", m.sent_at AS "sentAt"
       FROM federation_messages m JOIN federation_peers p ON p.id = m.peer_id JOIN complaints c ON c.id = m.complaint_id
      WHERE m.peer_id = ANY($1::int[]) AND ($2::text IS NULL OR m.status = $2) ORDER BY m.id DESC LIMIT 200`,
    [peers, opts.status ?? null],
  );
  return rows.rows.map((r) => ({ ...r, id: Number(r.id) }));
}

/** An admin sends a failed message again (after fixing the peer's registration, say): pending, due now. */
export async function retryMessage(db: Db, actor: Actor, id: number, now: Date): Promise<void> {
  const s = requireAdmin(actor);
  const peers = (await db.query<PeerRow>(`${PEER_SELECT} WHERE p.removed_at IS NULL`)).rows.filter((p) => mayUse(s, p)).map((p) => p.id);
  const r = await db.query(`UPDATE federation_messages SET status = 'pending', next_attempt_at = $2, created_at = $2 WHERE id = $1 AND status = 'failed' AND peer_id = ANY($3::int[]) RETURNING id`, [id, now, peers]);
  if (!r.rows.length) {
    const exists = await db.query('SELECT status FROM federation_messages WHERE id = $1 AND peer_id = ANY($2::int[])', [id, peers]);
    if (!exists.rows.length) throw notFound('Message');
    throw conflict('Only a failed message can be sent again', 'not_failed');
  }
}
