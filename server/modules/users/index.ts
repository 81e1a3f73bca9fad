// Accounts, role grants, password login with throttling, and bearer/cookie sessions.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest, conflict } from '../../platform/errors';
import { getOrgByCode } from '../organisations';
import type { Actor, Grant, Role } from '../access/actor';

export interface NewUser {
  username: string;
  displayName: string;
  password?: string;
  email?: string | null;
  phone?: string | null;
  roles: { role: Role; organisationCode?: string | null }[];
}

// argon2id with the library's defaults (m=19 MiB, t=2, p=1: OWASP's minimum recommendation).
export const hashPassword = (password: string) => hash(password);

export async function createUser(q: Queryable, input: NewUser): Promise<number> {
  const username = input.username.trim().toLowerCase();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  const ins = await q.query<{ id: number }>(
    `INSERT INTO users (username, display_name, email, phone, password_hash) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (username) DO NOTHING RETURNING id`,
    [username, input.displayName, input.email ?? null, input.phone ?? null, passwordHash],
  );
  const id = ins.rows[0]?.id;
  if (id === undefined) throw conflict(`User ${username} already exists`);
  for (const r of input.roles) {
    const org = r.organisationCode ? await getOrgByCode(q, r.organisationCode) : undefined;
    if (r.role !== 'reporter' && !org) throw badRequest(`Unknown organisation ${r.organisationCode}`, { organisationCode: 'unknown' });
    await q.query('INSERT INTO role_assignments (user_id, role, organisation_id) VALUES ($1, $2, $3)', [id, r.role, org?.id ?? null]);
  }
  return id;
}

interface GrantRow {
  role: Role;
  id: number | null;
  code: string | null;
  path: string | null;
  type: Grant['org'] extends infer O ? (O extends { type: infer T } ? T : never) : never;
  province_path: string | null;
}

export async function loadActor(q: Queryable, userId: number): Promise<Actor | undefined> {
  const u = (
    await q.query<{ id: number; username: string; display_name: string; active: boolean }>(
      'SELECT id, username, display_name, active FROM users WHERE id = $1',
      [userId],
    )
  ).rows[0];
  if (!u || !u.active) return undefined;
  // The province of a node is its ancestor at depth 1 when that ancestor is a province.
  const rows = (
    await q.query<GrantRow>(
      `SELECT ra.role, o.id, o.code, o.path, o.type, p.path AS province_path
         FROM role_assignments ra
         LEFT JOIN organisations o ON o.id = ra.organisation_id
         LEFT JOIN organisations p ON p.type = 'province' AND o.path LIKE p.path || '%'
        WHERE ra.user_id = $1`,
      [userId],
    )
  ).rows;
  const grants: Grant[] = rows.map((r) => ({
    role: r.role,
    org: r.id === null ? null : { id: r.id, code: r.code!, path: r.path!, type: r.type },
    provincePath: r.province_path,
  }));
  return { kind: 'user', userId: u.id, username: u.username, displayName: u.display_name, grants };
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
// Verifying against a fixed hash when the user does not exist keeps the timing of "no such user"
// and "wrong password" alike, so login does not reveal which usernames exist.
let dummyHash: Promise<string> | undefined;

export interface LoginPolicy {
  maxFailures: number;
  lockMinutes: number;
  sessionTtlHours: number;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: { username: string; displayName: string; roles: { role: Role; organisation: string | null }[] };
}

/**
 * Throttling: failures are counted per username and address inside the lock window. One address
 * reaching `maxFailures` locks that username for that address only, so a bad actor behind a shared
 * NAT does not lock everyone out; 4× that from all addresses together locks the account.
 */
export async function login(
  db: Db,
  clock: Clock,
  policy: LoginPolicy,
  input: { username: string; password: string; address: string },
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const now = clock.now();
  const since = new Date(now.getTime() - policy.lockMinutes * 60_000);
  const counts = (
    await db.query<{ here: number; everywhere: number }>(
      `SELECT count(*) FILTER (WHERE address = $2)::int AS here, count(*)::int AS everywhere
         FROM login_attempts WHERE username = $1 AND at > $3 AND NOT success
          AND id > coalesce((SELECT max(id) FROM login_attempts WHERE username = $1 AND success), 0)`,
      [username, input.address, since],
    )
  ).rows[0]!;
  if (counts.here >= policy.maxFailures || counts.everywhere >= policy.maxFailures * 4) {
    throw new AppError(429, 'locked', 'Too many failed logins; try again later', undefined, {
      'retry-after': String(policy.lockMinutes * 60),
    });
  }
  const user = (
    await db.query<{ id: number; password_hash: string | null; active: boolean }>(
      'SELECT id, password_hash, active FROM users WHERE username = $1',
      [username],
    )
  ).rows[0];
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !user.active || !user.password_hash || !ok) {
    await db.query('INSERT INTO login_attempts (username, address, at, success) VALUES ($1, $2, $3, false)', [username, input.address, now]);
    throw new AppError(401, 'invalid_credentials', 'Wrong username or password');
  }
  return db.tx(async (q) => {
    await q.query('INSERT INTO login_attempts (username, address, at, success) VALUES ($1, $2, $3, true)', [username, input.address, now]);
    return createSession(q, clock, user.id, policy.sessionTtlHours);
  });
}

/**
 * Opens a session for a user who has proven who they are (password, one-time code, ...): the one
 * place that mints tokens, so every way of signing in yields the same kind of session.
 */
export async function createSession(q: Queryable, clock: Clock, userId: number, sessionTtlHours: number): Promise<LoginResult> {
  const now = clock.now();
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionTtlHours * 3_600_000);
  await q.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [sha256(token), userId, now, expiresAt]);
  await q.query('UPDATE users SET last_login_at = $1 WHERE id = $2', [now, userId]);
  const actor = (await loadActor(q, userId)) as Extract<Actor, { kind: 'user' }>;
  return {
    token,
    expiresAt,
    user: {
      username: actor.username,
      displayName: actor.displayName,
      roles: actor.grants.map((g) => ({ role: g.role, organisation: g.org?.code ?? null })),
    },
  };
}

export async function authenticate(q: Queryable, clock: Clock, token: string): Promise<Actor | undefined> {
  const s = (
    await q.query<{ user_id: number }>(
      'SELECT user_id FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2',
      [sha256(token), clock.now()],
    )
  ).rows[0];
  return s ? loadActor(q, s.user_id) : undefined;
}

export async function logout(q: Queryable, clock: Clock, token: string): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [clock.now(), sha256(token)]);
}
