// Who is calling: a guest, a signed-in user with role grants, or the system (worker).
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

export type Actor =
  | { kind: 'guest' }
  | { kind: 'user'; userId: number; username: string; displayName: string; grants: Grant[] }
  | { kind: 'system' };

export const GUEST: Actor = { kind: 'guest' };
export const SYSTEM: Actor = { kind: 'system' };

export const grantsOf = (a: Actor): Grant[] => (a.kind === 'user' ? a.grants : []);
export const hasRole = (a: Actor, role: Role) => grantsOf(a).some((g) => g.role === role);
export const isStaff = (a: Actor) => grantsOf(a).some((g) => g.role !== 'reporter');

/** The role an actor acts in for the timeline and audit log: the most powerful one they hold. */
export function primaryRole(a: Actor): Role | 'guest' | 'system' {
  if (a.kind === 'guest') return 'guest';
  if (a.kind === 'system') return 'system';
  const order: Role[] = ['national_admin', 'org_admin', 'liaison', 'leader', 'oversight', 'reporter'];
  return order.find((r) => hasRole(a, r)) ?? 'reporter';
}
