// Integration API keys (api.md, "API keys"): regional systems file, read and act on complaints of
// one organisation. A key is `adn_` + 32 random bytes (base64url), shown once; only its SHA-256 is
// stored. Keys are issued and revoked by that organisation's admins (or the national admin).
import crypto from 'node:crypto';
import type { Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest, forbidden, notFound } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { API_KEY_SCOPES, grantsOf, type Actor, type Grant, type OrgRef } from '../access/actor';
import { canManageApiKeys } from '../access/org-policy';
import { getOrgByCode } from '../organisations';

export const KEY_PREFIX = 'adn_';
const KEY_PATTERN = /^adn_[A-Za-z0-9_-]{43}$/;
/** Characters of the key kept in clear to recognise it in lists ("adn_" + 8). */
const SHOWN_PREFIX_LENGTH = 12;

export type ApiKeyActor = Extract<Actor, { kind: 'apikey' }>;

export const newApiKey = () => `${KEY_PREFIX}${crypto.randomBytes(32).toString('base64url')}`;
export const hashApiKey = (key: string) => crypto.createHash('sha256').update(key).digest('hex');
export const looksLikeApiKey = (key: string) => KEY_PATTERN.test(key);

/**
 * The role grants a key's scopes stand for, so that the permission functions treat a key like the
 * staff it replaces, at its own organisation only (never nationwide, never a neighbour):
 * - `read`: a leader's grant — staff-level reading of the complaints its organisation verifies or
 *   holds (the reporter's identity stays hidden: seesReporterIdentity refuses keys);
 * - `act`: a liaison's grant — the handler party (accept, assign, respond, return, …) for the
 *   complaints its unit or a sub-unit holds; never the admin party (verify, route, reject);
 * - `submit`: no grant; submitComplaint checks the scope.
 */
export function grantsForScopes(scopes: readonly string[], org: OrgRef, provincePath: string | null): Grant[] {
  const grants: Grant[] = [];
  if (scopes.includes('read')) grants.push({ role: 'leader', org, provincePath });
  if (scopes.includes('act')) grants.push({ role: 'liaison', org, provincePath });
  return grants;
}

interface KeyRow {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  organisation_id: number;
  org_code: string;
  org_name: string;
  org_path: string;
  org_type: OrgRef['type'];
  org_active: boolean;
  province_path: string | null;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const KEY_SELECT = `
  SELECT k.id, k.name, k.prefix, k.scopes, k.organisation_id, o.code AS org_code, o.name AS org_name, o.path AS org_path,
         o.type AS org_type, o.active AS org_active, p.path AS province_path,
         k.created_at, k.expires_at, k.revoked_at, k.last_used_at
    FROM api_keys k
    JOIN organisations o ON o.id = k.organisation_id
    LEFT JOIN organisations p ON p.type = 'province' AND o.path LIKE p.path || '%'`;

/** The actor for a presented key; undefined when it is unknown, revoked, expired, or its organisation inactive. */
export async function authenticateApiKey(q: Queryable, clock: Clock, key: string): Promise<ApiKeyActor | undefined> {
  if (!looksLikeApiKey(key)) return undefined;
  const now = clock.now();
  const k = (await q.query<KeyRow>(`${KEY_SELECT} WHERE k.key_hash = $1`, [hashApiKey(key)])).rows[0];
  if (!k || k.revoked_at || !k.org_active || (k.expires_at && new Date(k.expires_at) <= now)) return undefined;
  // Usage is recorded at most once a minute per key, so that a busy integration costs no write per request.
  await q.query(`UPDATE api_keys SET last_used_at = $2 WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < $2::timestamptz - interval '1 minute')`, [k.id, now]);
  const org: OrgRef = { id: k.organisation_id, code: k.org_code, path: k.org_path, type: k.org_type };
  return { kind: 'apikey', keyId: k.id, organisation: org, scopes: k.scopes, grants: grantsForScopes(k.scopes, org, k.province_path) };
}

// ---------------------------------------------------------------------------------------------
// Rate limiting

/**
 * A token bucket per key id: `ratePerMinute` requests in a burst, refilled continuously at the
 * same rate. In memory, per process: with N web processes a key may make up to N× the rate. That is
 * acceptable for protecting the service from a runaway integration (the purpose here); a shared
 * limit would need the database or a cache in front of every request.
 */
export class TokenBuckets {
  private readonly buckets = new Map<number, { tokens: number; at: number }>();
  constructor(
    private readonly ratePerMinute: number,
    private readonly clock: Clock,
    private readonly maxKeys = 10_000,
  ) {}

  /** Takes one token; returns 0 when allowed, else the seconds to wait before the next token. */
  take(keyId: number): number {
    const now = this.clock.now().getTime();
    const perMs = this.ratePerMinute / 60_000;
    const b = this.buckets.get(keyId) ?? { tokens: this.ratePerMinute, at: now };
    // A clock moved backwards (tests, NTP) refills nothing and takes nothing away.
    b.tokens = Math.min(this.ratePerMinute, b.tokens + Math.max(0, now - b.at) * perMs);
    b.at = Math.max(b.at, now);
    this.buckets.delete(keyId);
    if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
    this.buckets.set(keyId, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }
}

const limiters = new WeakMap<object, TokenBuckets>();

/**
 * Authenticates a presented key and takes one request from its rate: the one way every edge (the
 * X-API-Key header, Open311's api_key) admits a key. 401 for a bad key, 429 with Retry-After when
 * the key is over its rate. `scope` is the app's dependencies object: one bucket set per app.
 */
export async function admitApiKey(
  deps: { db: Queryable; clock: Clock; config: { apiKeyRatePerMinute: number } },
  key: string,
): Promise<ApiKeyActor> {
  const actor = await authenticateApiKey(deps.db, deps.clock, key.trim());
  if (!actor) throw new AppError(401, 'unauthenticated', 'Invalid, expired or revoked API key');
  let limiter = limiters.get(deps);
  if (!limiter) {
    limiter = new TokenBuckets(deps.config.apiKeyRatePerMinute, deps.clock);
    limiters.set(deps, limiter);
  }
  const wait = limiter.take(actor.keyId);
  if (wait > 0) {
    throw new AppError(429, 'too_many_requests', `This API key is over its rate of ${deps.config.apiKeyRatePerMinute} requests per minute`, undefined, {
      'retry-after': String(wait),
    });
  }
  return actor;
}

// ---------------------------------------------------------------------------------------------
// Issuing, listing, revoking

export interface NewApiKey {
  name: string;
  scopes: string[];
  organisationCode: string;
  expiresAt?: string;
}

export interface ApiKeyView {
  id: number;
  name: string;
  prefix: string;
  scopes: string[];
  organisation: { code: string; name: string };
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
  active: boolean;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);

function present(k: KeyRow, now: Date): ApiKeyView {
  return {
    id: k.id,
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    organisation: { code: k.org_code, name: k.org_name },
    createdAt: iso(k.created_at)!,
    expiresAt: iso(k.expires_at),
    revokedAt: iso(k.revoked_at),
    lastUsedAt: iso(k.last_used_at),
    active: !k.revoked_at && (!k.expires_at || new Date(k.expires_at) > now),
  };
}

function requireAdmin(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind === 'apikey') throw forbidden('API keys cannot manage API keys; sign in as an administrator');
  if (actor.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
  return actor;
}

export async function createApiKey(q: Queryable, actor: Actor, input: NewApiKey, now: Date, address?: string): Promise<ApiKeyView & { key: string }> {
  const user = requireAdmin(actor);
  const fields: Record<string, string> = {};
  const scopes = [...new Set(input.scopes)];
  if (!input.name.trim()) fields.name = 'must not be empty';
  if (scopes.length === 0) fields.scopes = 'at least one scope';
  const unknown = scopes.find((s) => !(API_KEY_SCOPES as readonly string[]).includes(s));
  if (unknown) fields.scopes = `unknown scope ${unknown}`;
  if (input.expiresAt !== undefined && !(new Date(input.expiresAt) > now)) fields.expiresAt = 'must be in the future';
  if (Object.keys(fields).length) throw badRequest('Invalid API key request', fields);
  const org = await getOrgByCode(q, input.organisationCode);
  if (!org || !org.active) throw badRequest(`Unknown organisation ${input.organisationCode}`, { organisationCode: 'unknown organisation code' });
  if (!canManageApiKeys(user, org)) throw forbidden('You may issue API keys only for your own organisation');
  const key = newApiKey();
  const id = (
    await q.query<{ id: number }>(
      `INSERT INTO api_keys (name, prefix, key_hash, organisation_id, scopes, created_by_user_id, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5::text[], $6, $7, $8) RETURNING id`,
      [input.name.trim(), key.slice(0, SHOWN_PREFIX_LENGTH), hashApiKey(key), org.id, scopes, user.userId, now, input.expiresAt ?? null],
    )
  ).rows[0]!.id;
  await audit(q, user, 'api_key.create', { type: 'api_key', id: String(id) }, { organisation: org.code, scopes, name: input.name.trim() }, now, address);
  const row = (await q.query<KeyRow>(`${KEY_SELECT} WHERE k.id = $1`, [id])).rows[0]!;
  return { ...present(row, now), key };
}

/** The keys of the organisations the caller manages (all for a national admin), newest first; never the key itself. */
export async function listApiKeys(q: Queryable, actor: Actor, now: Date, opts: { organisation?: string } = {}): Promise<ApiKeyView[]> {
  const user = requireAdmin(actor);
  const params: unknown[] = [];
  const scopes: string[] = [];
  for (const g of grantsOf(user)) {
    if (g.role === 'national_admin') scopes.push('TRUE');
    else if (g.role === 'org_admin' && g.org) {
      params.push(`${g.org.path}%`);
      scopes.push(`o.path LIKE $${params.length}`);
    }
  }
  if (!scopes.length) throw forbidden('Only administrators manage API keys');
  let where = `(${scopes.join(' OR ')})`;
  if (opts.organisation) {
    const org = await getOrgByCode(q, opts.organisation);
    if (!org) throw badRequest('Unknown organisation', { organisation: 'unknown organisation code' });
    params.push(`${org.path}%`);
    where += ` AND o.path LIKE $${params.length}`;
  }
  const rows = (await q.query<KeyRow>(`${KEY_SELECT} WHERE ${where} ORDER BY k.id DESC LIMIT 500`, params)).rows;
  return rows.map((k) => present(k, now));
}

/** Revokes a key at once (the next request with it is refused). 404 for keys the caller does not manage. */
export async function revokeApiKey(q: Queryable, actor: Actor, id: number, now: Date, address?: string): Promise<void> {
  const user = requireAdmin(actor);
  const k = (await q.query<KeyRow>(`${KEY_SELECT} WHERE k.id = $1 FOR UPDATE OF k`, [id])).rows[0];
  if (!k || !canManageApiKeys(user, { path: k.org_path })) throw notFound('API key');
  if (k.revoked_at) return;
  await q.query('UPDATE api_keys SET revoked_at = $2 WHERE id = $1', [id, now]);
  await audit(q, user, 'api_key.revoke', { type: 'api_key', id: String(id) }, { organisation: k.org_code }, now, address);
}
