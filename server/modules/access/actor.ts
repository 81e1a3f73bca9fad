// Who is calling: a guest, a signed-in user with role grants, an integration API key, or the
// system (worker).
import type { OrgType } from '../organisations';

export const ROLES = ['reporter', 'national_admin', 'org_admin', 'liaison', 'leader', 'oversight'] as const;
export type Role = (typeof ROLES)[number];

export interface OrgRef {
  id: number;
  code: string;
  path: string;
  type: OrgType;
}

export interface Grant {
  role: Role;
  /** Where the role is held; null for reporters. */
  org: OrgRef | null;
  /** Path of the province the grant's organisation lies in, for reading neighbouring regencies. */
  provincePath: string | null;
}

/** What an integration API key may do (api.md): file complaints, read its organisation's, act on them. */
export const API_KEY_SCOPES = ['submit', 'read', 'act'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

export type Actor =
  | { kind: 'guest' }
  | { kind: 'user'; userId: number; username: string; displayName: string; grants: Grant[] }
  /**
   * A regional system calling with an API key held at `organisation`. Its `grants` are derived from
   * its scopes (apikeys/index.ts, grantsForScopes) so that the permission functions need no special
   * case: `read` → a leader's grant there (staff-level reading of the organisation's complaints),
   * `act` → a liaison's grant there (the handler party for complaints its unit or a sub-unit holds).
   * `submit` adds no grant; commands check it. Keys never see the reporter's identity
   * (permissions.ts, seesReporterIdentity) and are the reporter party of the complaints they filed.
   */
  | { kind: 'apikey'; keyId: number; organisation: OrgRef; scopes: string[]; grants: Grant[] }
  | { kind: 'system' };

export const GUEST: Actor = { kind: 'guest' };
export const SYSTEM: Actor = { kind: 'system' };

export const grantsOf = (a: Actor): Grant[] => (a.kind === 'user' || a.kind === 'apikey' ? a.grants : []);
export const hasRole = (a: Actor, role: Role) => grantsOf(a).some((g) => g.role === role);
export const isStaff = (a: Actor) => grantsOf(a).some((g) => g.role !== 'reporter');

/** The role an actor acts in for the timeline and audit log: the most powerful one they hold. */
export function primaryRole(a: Actor): Role | 'guest' | 'system' | 'apikey' {
  if (a.kind === 'guest') return 'guest';
  if (a.kind === 'system') return 'system';
  if (a.kind === 'apikey') return 'apikey';
  const order: Role[] = ['national_admin', 'org_admin', 'liaison', 'leader', 'oversight', 'reporter'];
  return order.find((r) => hasRole(a, r)) ?? 'reporter';
}
