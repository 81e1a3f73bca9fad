// Accounts, role grants, password login with throttling, and bearer/cookie sessions.
import crypto from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { Secret, TOTP } from 'otpauth';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest, conflict } from '../../platform/errors';
import { getOrgByCode } from '../organisations';
import { purgeRateBuckets } from '../../platform/rate-limit';
import type { WorkerTask } from '../../jobs/worker';
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
  /** Roles that must sign in with TOTP (TOTP_REQUIRED_ROLES); such an account without it must enrol first. */
  totpRequiredRoles?: readonly string[];
  /** TOTP_SECRET_KEY: encrypts TOTP secrets at rest when set. */
  totpSecretKey?: string;
}

export interface LoginResult {
  token: string;
  expiresAt: Date;
  user: { username: string; displayName: string; roles: { role: Role; organisation: string | null }[] };
}

/**
 * What a correct password leads to: a session (restricted to TOTP enrolment when the account's role
 * requires TOTP and it has none), or, for an account with TOTP, a challenge to answer with a code.
 */
export type PasswordLoginOutcome =
  | { kind: 'session'; session: LoginResult; enrolTotp: boolean }
  | { kind: 'totp'; challenge: string; expiresAt: Date };

/** Minutes a two-step login challenge lives, and the codes it takes before it is spent. */
export const CHALLENGE_MINUTES = 5;
export const CHALLENGE_ATTEMPTS = 5;
/** A session that may only enrol TOTP lasts this long. */
const ENROL_SESSION_HOURS = 1;

async function assertNotLocked(q: Queryable, policy: LoginPolicy, username: string, address: string, now: Date) {
  const since = new Date(now.getTime() - policy.lockMinutes * 60_000);
  const counts = (
    await q.query<{ here: number; everywhere: number }>(
      `SELECT count(*) FILTER (WHERE address = $2)::int AS here, count(*)::int AS everywhere
         FROM login_attempts WHERE username = $1 AND at > $3 AND NOT success
          AND id > coalesce((SELECT max(id) FROM login_attempts WHERE username = $1 AND success), 0)`,
      [username, address, since],
    )
  ).rows[0]!;
  if (counts.here >= policy.maxFailures || counts.everywhere >= policy.maxFailures * 4) {
    throw new AppError(429, 'locked', 'Too many failed logins; try again later', undefined, {
      'retry-after': String(policy.lockMinutes * 60),
    });
  }
}

const recordAttempt = (q: Queryable, username: string, address: string, now: Date, success: boolean) =>
  q.query('INSERT INTO login_attempts (username, address, at, success) VALUES ($1, $2, $3, $4)', [username, address, now, success]);

async function requiresTotp(q: Queryable, userId: number, roles: readonly string[] | undefined): Promise<boolean> {
  if (!roles?.length) return false;
  const r = await q.query('SELECT 1 FROM role_assignments WHERE user_id = $1 AND role = ANY($2::text[]) LIMIT 1', [userId, [...roles]]);
  return r.rows.length > 0;
}

/**
 * Throttling: failures are counted per username and address inside the lock window. One address
 * reaching `maxFailures` locks that username for that address only, so a bad actor behind a shared
 * NAT does not lock everyone out; 4× that from all addresses together locks the account. Wrong TOTP
 * codes count as failures too, and a correct password alone is not a success (it does not reset
 * the count) while the code is still missing.
 */
export async function passwordLogin(
  db: Db,
  clock: Clock,
  policy: LoginPolicy,
  input: { username: string; password: string; address: string },
): Promise<PasswordLoginOutcome> {
  const username = input.username.trim().toLowerCase();
  const now = clock.now();
  await assertNotLocked(db, policy, username, input.address, now);
  const user = (
    await db.query<{ id: number; password_hash: string | null; active: boolean; totp_secret: string | null }>(
      'SELECT id, password_hash, active, totp_secret FROM users WHERE username = $1',
      [username],
    )
  ).rows[0];
  dummyHash ??= hashPassword('not-a-real-password');
  const ok = await verify(user?.password_hash ?? (await dummyHash), input.password).catch(() => false);
  if (!user || !user.active || !user.password_hash || !ok) {
    await recordAttempt(db, username, input.address, now, false);
    throw new AppError(401, 'invalid_credentials', 'Wrong username or password');
  }
  if (user.totp_secret) {
    const challenge = crypto.randomBytes(32).toString('base64url');
    const expiresAt = new Date(now.getTime() + CHALLENGE_MINUTES * 60_000);
    await db.query('INSERT INTO login_challenges (token_hash, user_id, address, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)', [
      sha256(challenge),
      user.id,
      input.address,
      now,
      expiresAt,
    ]);
    return { kind: 'totp', challenge, expiresAt };
  }
  return db.tx(async (q) => {
    await recordAttempt(q, username, input.address, now, true);
    const enrol = await requiresTotp(q, user.id, policy.totpRequiredRoles);
    const session = enrol
      ? await createSession(q, clock, user.id, Math.min(ENROL_SESSION_HOURS, policy.sessionTtlHours), { scope: 'totp_enrol' })
      : await createSession(q, clock, user.id, policy.sessionTtlHours);
    return { kind: 'session' as const, session, enrolTotp: enrol };
  });
}

/**
 * Password login for callers that can only hand out a full session (e.g. the citizens' login by
 * contact): an account that must use TOTP is refused here and signs in at POST /api/v1/auth/login.
 */
export async function login(
  db: Db,
  clock: Clock,
  policy: LoginPolicy,
  input: { username: string; password: string; address: string },
): Promise<LoginResult> {
  const r = await passwordLogin(db, clock, policy, input);
  if (r.kind === 'session' && !r.enrolTotp) return r.session;
  if (r.kind === 'session') await logout(db, clock, r.session.token);
  throw new AppError(403, 'totp_required', 'This account signs in with a one-time code: use the staff login');
}

/**
 * The second step of a TOTP login: the challenge from the first step and a code from the
 * authenticator. A challenge takes CHALLENGE_ATTEMPTS codes, each wrong one also counts as a failed
 * login of the account; an accepted code can never be used again (replay).
 */
export async function totpLogin(
  db: Db,
  clock: Clock,
  policy: LoginPolicy,
  input: { challenge: string; code: string; address: string },
): Promise<LoginResult> {
  const now = clock.now();
  const outcome = await db.tx(async (q) => {
    const c = (
      await q.query<{ id: number; user_id: number; attempts: number; username: string; totp_secret: string | null; totp_last_step: string | null; active: boolean }>(
        `SELECT c.id, c.user_id, c.attempts, u.username, u.totp_secret, u.totp_last_step, u.active
           FROM login_challenges c JOIN users u ON u.id = c.user_id
          WHERE c.token_hash = $1 AND c.used_at IS NULL AND c.expires_at > $2 FOR UPDATE OF c`,
        [sha256(input.challenge), now],
      )
    ).rows[0];
    if (!c || !c.active || !c.totp_secret) return { error: new AppError(401, 'invalid_challenge', 'The sign-in has expired; enter your password again') };
    if (c.attempts >= CHALLENGE_ATTEMPTS) return { error: new AppError(429, 'too_many_attempts', 'Too many wrong codes; enter your password again') };
    await assertNotLocked(q, policy, c.username, input.address, now);
    const step = matchTotp(c.totp_secret, input.code, now, c.totp_last_step === null ? null : Number(c.totp_last_step), policy.totpSecretKey);
    if (step === undefined || !(await useStep(q, c.user_id, step))) {
      await q.query('UPDATE login_challenges SET attempts = attempts + 1 WHERE id = $1', [c.id]);
      await recordAttempt(q, c.username, input.address, now, false);
      return { error: new AppError(401, 'invalid_code', 'Wrong or already used code', { code: 'wrong or already used code' }) };
    }
    await q.query('UPDATE login_challenges SET used_at = $2 WHERE id = $1', [c.id, now]);
    await recordAttempt(q, c.username, input.address, now, true);
    return { session: await createSession(q, clock, c.user_id, policy.sessionTtlHours) };
  });
  // Thrown after commit: the counted attempt must stay even though the answer is an error.
  if ('error' in outcome) throw outcome.error;
  return outcome.session;
}

// ---------------------------------------------------------------------------------------------
// TOTP (RFC 6238): SHA-1, 6 digits, 30-second steps, one step of drift either way.

export const TOTP_PERIOD = 30;

/**
 * Secrets at rest: with TOTP_SECRET_KEY (32 bytes, hex or base64) they are stored AES-256-GCM sealed
 * as `enc:v1:iv:tag:ciphertext`, so a copy of the database (a backup) alone does not give the codes.
 * Without the key they are stored as base32; a sealed secret without the key cannot be used.
 */
const SEALED = 'enc:v1:';
function keyBytes(key: string): Buffer {
  return /^[0-9a-f]{64}$/i.test(key) ? Buffer.from(key, 'hex') : Buffer.from(key, 'base64');
}
export function sealSecret(base32: string, key?: string): string {
  if (!key) return base32;
  const iv = crypto.randomBytes(12);
  const c = crypto.createCipheriv('aes-256-gcm', keyBytes(key), iv);
  const data = Buffer.concat([c.update(base32, 'utf8'), c.final()]);
  return `${SEALED}${iv.toString('base64')}:${c.getAuthTag().toString('base64')}:${data.toString('base64')}`;
}
export function openSecret(stored: string, key?: string): string {
  if (!stored.startsWith(SEALED)) return stored;
  if (!key) throw new Error('A TOTP secret is encrypted but TOTP_SECRET_KEY is not set');
  const [iv, tag, data] = stored.slice(SEALED.length).split(':').map((p) => Buffer.from(p, 'base64'));
  const d = crypto.createDecipheriv('aes-256-gcm', keyBytes(key), iv!);
  d.setAuthTag(tag!);
  return Buffer.concat([d.update(data!), d.final()]).toString('utf8');
}

/** The step of a valid code for this (stored) secret at `now` (±1 step) that is later than `lastStep`. */
export function matchTotp(stored: string, code: string, now: Date, lastStep: number | null, key?: string): number | undefined {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return undefined;
  const secret = Secret.fromBase32(openSecret(stored, key));
  const delta = TOTP.validate({ token, secret, timestamp: now.getTime(), period: TOTP_PERIOD, window: 1 });
  if (delta === null) return undefined;
  const step = Math.floor(now.getTime() / 1000 / TOTP_PERIOD) + delta;
  return lastStep !== null && step <= lastStep ? undefined : step;
}

/** Records the step of an accepted code; false when another request used it (or a later one) first. */
async function useStep(q: Queryable, userId: number, step: number): Promise<boolean> {
  const r = await q.query('UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2) RETURNING id', [userId, step]);
  return r.rows.length > 0;
}

export interface TotpSetup {
  secret: string;
  uri: string;
}

/** Starts (or restarts) enrolment: a new pending secret, shown once; TOTP is on only after confirmTotp. */
export async function startTotpSetup(q: Queryable, userId: number, key?: string, issuer = 'Aduan'): Promise<TotpSetup> {
  const u = (await q.query<{ username: string; totp_secret: string | null }>('SELECT username, totp_secret FROM users WHERE id = $1 FOR UPDATE', [userId])).rows[0];
  if (!u) throw new AppError(401, 'unauthenticated', 'Sign in first');
  if (u.totp_secret) throw conflict('TOTP is already on for this account; turn it off first to enrol a new device');
  const secret = new Secret({ size: 20 });
  await q.query('UPDATE users SET totp_pending_secret = $2 WHERE id = $1', [userId, sealSecret(secret.base32, key)]);
  const totp = new TOTP({ issuer, label: u.username, secret, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD });
  return { secret: secret.base32, uri: totp.toString() };
}

/**
 * Confirms enrolment with a code from the new secret: TOTP is on from now. A session that was
 * limited to enrolment becomes a full one (the person has now shown password and code).
 */
export async function confirmTotp(
  q: Queryable,
  clock: Clock,
  userId: number,
  code: string,
  sessionToken: string | undefined,
  sessionTtlHours: number,
  key?: string,
): Promise<boolean> {
  const now = clock.now();
  const u = (await q.query<{ totp_pending_secret: string | null }>('SELECT totp_pending_secret FROM users WHERE id = $1 FOR UPDATE', [userId])).rows[0];
  if (!u?.totp_pending_secret) throw conflict('Start with POST /api/v1/auth/totp/setup');
  const step = matchTotp(u.totp_pending_secret, code, now, null, key);
  if (step === undefined) return false;
  await q.query(
    'UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL, totp_enabled_at = $2, totp_last_step = $3 WHERE id = $1',
    [userId, now, step],
  );
  if (sessionToken) {
    await q.query(`UPDATE sessions SET scope = NULL, expires_at = $3 WHERE token_hash = $1 AND user_id = $2 AND scope = 'totp_enrol'`, [
      sha256(sessionToken),
      userId,
      new Date(now.getTime() + sessionTtlHours * 3_600_000),
    ]);
  }
  return true;
}

/** Turns TOTP off with a current code (not a replayed one). */
export async function disableTotp(q: Queryable, clock: Clock, userId: number, code: string, key?: string): Promise<boolean> {
  const u = (await q.query<{ totp_secret: string | null; totp_last_step: string | null }>('SELECT totp_secret, totp_last_step FROM users WHERE id = $1 FOR UPDATE', [userId])).rows[0];
  if (!u?.totp_secret) throw conflict('TOTP is not on for this account');
  const step = matchTotp(u.totp_secret, code, clock.now(), u.totp_last_step === null ? null : Number(u.totp_last_step), key);
  if (step === undefined) return false;
  await q.query('UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_enabled_at = NULL, totp_last_step = $2 WHERE id = $1', [userId, step]);
  return true;
}

export async function totpStatus(q: Queryable, userId: number, requiredRoles: readonly string[] | undefined): Promise<{ enabled: boolean; required: boolean }> {
  const u = (await q.query<{ totp_secret: string | null }>('SELECT totp_secret FROM users WHERE id = $1', [userId])).rows[0];
  return { enabled: !!u?.totp_secret, required: await requiresTotp(q, userId, requiredRoles) };
}

export { requiresTotp };

/**
 * Opens a session for a user who has proven who they are (password, one-time code, ...): the one
 * place that mints tokens, so every way of signing in yields the same kind of session.
 */
export async function createSession(
  q: Queryable,
  clock: Clock,
  userId: number,
  sessionTtlHours: number,
  opts: { scope?: 'totp_enrol' } = {},
): Promise<LoginResult> {
  const now = clock.now();
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + sessionTtlHours * 3_600_000);
  await q.query('INSERT INTO sessions (token_hash, user_id, created_at, expires_at, scope) VALUES ($1, $2, $3, $4, $5)', [
    sha256(token),
    userId,
    now,
    expiresAt,
    opts.scope ?? null,
  ]);
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

/** The session behind a token: its actor and, for a session limited to TOTP enrolment, that scope. */
export async function authenticateSession(q: Queryable, clock: Clock, token: string): Promise<{ actor: Actor; scope: 'totp_enrol' | null } | undefined> {
  const s = (
    await q.query<{ user_id: number; scope: 'totp_enrol' | null }>(
      'SELECT user_id, scope FROM sessions WHERE token_hash = $1 AND revoked_at IS NULL AND expires_at > $2',
      [sha256(token), clock.now()],
    )
  ).rows[0];
  if (!s) return undefined;
  const actor = await loadActor(q, s.user_id);
  return actor ? { actor, scope: s.scope } : undefined;
}

/** The actor of a full session; a session limited to TOTP enrolment is none. */
export async function authenticate(q: Queryable, clock: Clock, token: string): Promise<Actor | undefined> {
  const s = await authenticateSession(q, clock, token);
  return s && s.scope === null ? s.actor : undefined;
}

export async function logout(q: Queryable, clock: Clock, token: string): Promise<void> {
  await q.query('UPDATE sessions SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL', [clock.now(), sha256(token)]);
}

/** Worker task: forget spent login challenges and idle rate-limit buckets a day after they matter. */
export function securityPurgeTask(): WorkerTask {
  return async ({ db, now }) => {
    const dayAgo = new Date(now.getTime() - 86_400_000);
    const challenges = await db.query('DELETE FROM login_challenges WHERE expires_at < $1', [dayAgo]);
    return (challenges.rowCount ?? 0) + (await purgeRateBuckets(db, now));
  };
}
