// Staff account administration (the admin console): organisation admins manage the accounts and
// role grants held at their node and below, the national admin everywhere. Each change is one
// transaction that writes its audit row. Scope rules:
// - an account is *visible* to an admin when one of its staff grants lies at a node the admin
//   manages (canManageOrganisation); otherwise it answers 404, so that existence does not leak;
// - an admin may change a visible account only when it manages every staff grant of it (an account
//   that also works in another regency, or a national admin's, is 403 for a regency admin);
// - national_admin and oversight grants are given by the national admin only;
// - nobody changes their own account here (no self-escalation, no locking oneself out).
import type { Queryable } from '../../db/client';
import { audit } from '../../platform/audit';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { canManageOrganisation } from '../access/org-policy';
import { grantsOf, hasRole, type Actor, type Role } from '../access/actor';
import { getOrgByCode, ROOT_CODE, type Organisation } from '../organisations';
import { createUser, hashPassword } from '.';
import { assertPasswordAcceptable, MIN_PASSWORD_CHARS } from './password-policy';

export const STAFF_ROLES = ['national_admin', 'org_admin', 'liaison', 'leader', 'oversight'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];
/** Roles only the national admin may give or take away. */
export const NATIONAL_ONLY_ROLES: readonly Role[] = ['national_admin', 'oversight'];
export const MIN_PASSWORD_LENGTH = MIN_PASSWORD_CHARS;

type UserActor = Extract<Actor, { kind: 'user' }>;

interface UserRow {
  id: number;
  username: string;
  display_name: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  created_at: Date;
  last_login_at: Date | null;
}

interface GrantRow {
  user_id: number;
  role: Role;
  org_code: string | null;
  org_name: string | null;
  org_path: string | null;
}

export interface UserView {
  username: string;
  displayName: string;
  email: string | null;
  phone: string | null;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  /** The grants at nodes the caller manages. */
  roles: { role: Role; organisation: { code: string; name: string } | null }[];
  /** How many further grants the account holds elsewhere (not shown to this caller). */
  otherRoles: number;
}

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const USER_COLUMNS = 'u.id, u.username, u.display_name, u.email, u.phone, u.active, u.created_at, u.last_login_at';

function requireAdmin(actor: Actor): UserActor {
  if (actor.kind === 'apikey') throw forbidden('API keys cannot manage accounts; sign in as an administrator');
  if (actor.kind !== 'user') throw new AppError(401, 'unauthenticated', 'Sign in first');
  if (!grantsOf(actor).some((g) => g.role === 'national_admin' || g.role === 'org_admin')) throw forbidden('Only administrators manage accounts');
  return actor;
}

const isNational = (actor: Actor) => hasRole(actor, 'national_admin');
const manages = (actor: Actor, g: GrantRow) => g.org_path !== null && canManageOrganisation(actor, { path: g.org_path });
const staffGrants = (grants: GrantRow[]) => grants.filter((g) => g.role !== 'reporter');

function present(actor: Actor, u: UserRow, grants: GrantRow[]): UserView {
  const shown = grants.filter((g) => (isNational(actor) ? true : g.role !== 'reporter' && manages(actor, g)));
  return {
    username: u.username,
    displayName: u.display_name,
    email: u.email,
    phone: u.phone,
    active: u.active,
    createdAt: iso(u.created_at)!,
    lastLoginAt: iso(u.last_login_at),
    roles: shown
      .map((g) => ({ role: g.role, organisation: g.org_code ? { code: g.org_code, name: g.org_name! } : null }))
      .sort((a, b) => (a.organisation?.code ?? '').localeCompare(b.organisation?.code ?? '') || a.role.localeCompare(b.role)),
    otherRoles: grants.length - shown.length,
  };
}

async function grantsOfUsers(q: Queryable, ids: number[]): Promise<GrantRow[]> {
  if (!ids.length) return [];
  return (
    await q.query<GrantRow>(
      `SELECT ra.user_id, ra.role, o.code AS org_code, o.name AS org_name, o.path AS org_path
         FROM role_assignments ra LEFT JOIN organisations o ON o.id = ra.organisation_id
        WHERE ra.user_id = ANY($1::bigint[])`,
      [ids],
    )
  ).rows.map((g) => ({ ...g, user_id: Number(g.user_id) }));
}

/** The node an admin's list opens on when none is named: root for the national admin, else its first admin grant. */
async function defaultNode(q: Queryable, actor: UserActor): Promise<Organisation> {
  if (isNational(actor)) return (await getOrgByCode(q, ROOT_CODE))!;
  const g = grantsOf(actor).find((x) => x.role === 'org_admin' && x.org)!;
  return (await getOrgByCode(q, g.org!.code))!;
}

export async function listUsers(q: Queryable, actor: Actor, opts: { organisation?: string; q?: string; limit?: number }) {
  const user = requireAdmin(actor);
  const org = opts.organisation ? await getOrgByCode(q, opts.organisation) : await defaultNode(q, user);
  if (!org) throw notFound('Organisation');
  if (!canManageOrganisation(user, org)) throw forbidden('You may not manage accounts there');
  const limit = Math.min(Math.max(opts.limit ?? 200, 1), 500);
  const params: unknown[] = [`${org.path}%`];
  let search = '';
  const text = opts.q?.trim();
  if (text) {
    params.push(`%${text.replace(/[%_\\]/g, '\\$&')}%`);
    search = `AND (u.username ILIKE $2 OR u.display_name ILIKE $2 OR u.email ILIKE $2)`;
  }
  const rows = (
    await q.query<UserRow>(
      `SELECT ${USER_COLUMNS} FROM users u
        WHERE EXISTS (SELECT 1 FROM role_assignments ra JOIN organisations o ON o.id = ra.organisation_id
                       WHERE ra.user_id = u.id AND ra.role <> 'reporter' AND o.path LIKE $1)
          ${search}
        ORDER BY u.username LIMIT ${limit + 1}`,
      params,
    )
  ).rows.map((u) => ({ ...u, id: Number(u.id) }));
  const page = rows.slice(0, limit);
  const grants = await grantsOfUsers(
    q,
    page.map((u) => u.id),
  );
  return {
    organisation: { code: org.code, name: org.name },
    items: page.map((u) =>
      present(
        user,
        u,
        grants.filter((g) => g.user_id === u.id),
      ),
    ),
    truncated: rows.length > limit,
  };
}

/** An account the admin may see (else 404), with all its grants; `lock` takes the row FOR UPDATE. */
async function loadVisible(q: Queryable, actor: UserActor, username: string, lock = false): Promise<{ u: UserRow; grants: GrantRow[] }> {
  const u = (await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users u WHERE u.username = $1${lock ? ' FOR UPDATE' : ''}`, [username.trim().toLowerCase()])).rows[0];
  if (!u) throw notFound('User');
  const row = { ...u, id: Number(u.id) };
  const grants = await grantsOfUsers(q, [row.id]);
  if (!isNational(actor) && !staffGrants(grants).some((g) => manages(actor, g))) throw notFound('User');
  return { u: row, grants };
}

/** May the admin change this account as a whole? Every staff grant must be its own to manage. */
function assertManagesWholly(actor: UserActor, target: { u: UserRow; grants: GrantRow[] }) {
  if (actor.userId === target.u.id) throw forbidden('You cannot change your own account here');
  if (isNational(actor)) return;
  for (const g of staffGrants(target.grants)) {
    if (NATIONAL_ONLY_ROLES.includes(g.role) || !manages(actor, g)) throw forbidden('This account also works outside your organisation; ask an administrator above you');
  }
}

/** The organisation a new grant is held at: must exist and be active (400), and be the admin's to manage (403). */
async function grantTarget(q: Queryable, actor: UserActor, role: Role, organisationCode: string): Promise<Organisation> {
  if (NATIONAL_ONLY_ROLES.includes(role) && !isNational(actor)) throw forbidden('Only the national admin gives this role');
  const org = await getOrgByCode(q, organisationCode);
  if (!org || !org.active) throw badRequest(`Unknown organisation ${organisationCode}`, { organisationCode: 'unknown organisation code' });
  if (!canManageOrganisation(actor, org)) throw forbidden('You may not give roles there');
  return org;
}

export interface NewStaffUser {
  username: string;
  displayName: string;
  password: string;
  email?: string;
  phone?: string;
  role: StaffRole;
  organisationCode: string;
}

export async function createStaffUser(q: Queryable, actor: Actor, input: NewStaffUser, now: Date, address?: string): Promise<UserView> {
  const user = requireAdmin(actor);
  const username = input.username.trim().toLowerCase();
  const fields: Record<string, string> = {};
  if (!input.displayName.trim()) fields.displayName = 'must not be empty';
  assertPasswordAcceptable(input.password, { username, name: input.displayName, email: input.email, phone: input.phone }, fields);
  const org = await grantTarget(q, user, input.role, input.organisationCode);
  const id = await createUser(q, {
    username,
    displayName: input.displayName.trim(),
    password: input.password,
    email: input.email?.trim() || null,
    phone: input.phone?.trim() || null,
    roles: [{ role: input.role, organisationCode: org.code }],
  });
  await audit(q, user, 'user.create', { type: 'user', id: username }, { role: input.role, organisation: org.code }, now, address);
  const created = await loadVisible(q, user, username);
  if (created.u.id !== id) throw new Error('created account not found');
  return present(user, created.u, created.grants);
}

export async function deactivateUser(q: Queryable, actor: Actor, username: string, now: Date, address?: string): Promise<UserView> {
  const user = requireAdmin(actor);
  const target = await loadVisible(q, user, username, true);
  assertManagesWholly(user, target);
  if (target.u.active) {
    await q.query('UPDATE users SET active = false WHERE id = $1', [target.u.id]);
    // Signed-in sessions end at once (loadActor refuses inactive accounts too).
    const revoked = await q.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [target.u.id, now]);
    await audit(q, user, 'user.deactivate', { type: 'user', id: target.u.username }, { sessionsRevoked: revoked.rowCount ?? 0 }, now, address);
  }
  return present(user, { ...target.u, active: false }, target.grants);
}

export interface RoleChange {
  action: 'add' | 'remove';
  role: StaffRole;
  organisationCode: string;
}

export async function changeRole(q: Queryable, actor: Actor, username: string, change: RoleChange, now: Date, address?: string): Promise<UserView> {
  const user = requireAdmin(actor);
  const target = await loadVisible(q, user, username, true);
  if (user.userId === target.u.id) throw forbidden('You cannot change your own roles');
  const org = await grantTarget(q, user, change.role, change.organisationCode);
  if (change.action === 'add') {
    const r = await q.query(
      `INSERT INTO role_assignments (user_id, role, organisation_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [target.u.id, change.role, org.id],
    );
    if (!r.rows.length) throw conflict(`${target.u.username} already holds ${change.role} at ${org.code}`);
    await audit(q, user, 'user.role_add', { type: 'user', id: target.u.username }, { role: change.role, organisation: org.code }, now, address);
  } else {
    const r = await q.query(`DELETE FROM role_assignments WHERE user_id = $1 AND role = $2 AND organisation_id = $3 RETURNING user_id`, [
      target.u.id,
      change.role,
      org.id,
    ]);
    if (!r.rows.length) throw notFound('Role grant');
    await audit(q, user, 'user.role_remove', { type: 'user', id: target.u.username }, { role: change.role, organisation: org.code }, now, address);
  }
  const after = await grantsOfUsers(q, [target.u.id]);
  return present(user, target.u, after);
}

/**
 * An administrator sets a new password for an account it manages wholly (the person forgot theirs):
 * the password rules apply, every session of the account ends, and TOTP stays as it was.
 */
export async function resetPassword(q: Queryable, actor: Actor, username: string, password: string, now: Date, address?: string): Promise<UserView> {
  const user = requireAdmin(actor);
  const target = await loadVisible(q, user, username, true);
  assertManagesWholly(user, target);
  assertPasswordAcceptable(password, { username: target.u.username, name: target.u.display_name, email: target.u.email, phone: target.u.phone });
  await q.query('UPDATE users SET password_hash = $2 WHERE id = $1', [target.u.id, await hashPassword(password)]);
  const revoked = await q.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [target.u.id, now]);
  await audit(q, user, 'user.password_reset', { type: 'user', id: target.u.username }, { sessionsRevoked: revoked.rowCount ?? 0 }, now, address);
  return present(user, target.u, target.grants);
}
