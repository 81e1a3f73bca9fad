// Organisation-level permissions as pure functions. Deny by default: every function returns false
// unless one of the actor's grants explicitly allows the action on that node.
import { isWithin } from '../organisations';
import { grantsOf, type Actor } from './actor';

export interface OrgNode {
  path: string;
}

const covers = (grantPath: string | undefined, node: OrgNode) => grantPath !== undefined && isWithin(node.path, grantPath);

/** Create units and sub-units, edit them, manage users and categories' destinations under a node. */
export function canManageOrganisation(actor: Actor, node: OrgNode): boolean {
  return grantsOf(actor).some((g) => g.role === 'national_admin' || (g.role === 'org_admin' && covers(g.org?.path, node)));
}

/** National holidays and cuti bersama (node null) or an organisation's regional holidays. */
export function canManageCalendar(actor: Actor, node: OrgNode | null): boolean {
  if (node === null) return grantsOf(actor).some((g) => g.role === 'national_admin');
  return canManageOrganisation(actor, node);
}

/** Dashboards, statistics and evaluation reports of a node. */
export function canViewStatistics(actor: Actor, node: OrgNode): boolean {
  return grantsOf(actor).some((g) => {
    if (g.role === 'national_admin' || g.role === 'oversight') return true;
    if ((g.role === 'org_admin' || g.role === 'leader' || g.role === 'liaison') && covers(g.org?.path, node)) return true;
    // Admins of a regency see the other regencies of their province side by side (the Buleleng
    // integration paragraph); what they see there is limited to non-confidential figures.
    return g.role === 'org_admin' && g.provincePath !== null && isWithin(node.path, g.provincePath);
  });
}

/** Issue and revoke integration API keys for a node. */
export function canManageApiKeys(actor: Actor, node: OrgNode): boolean {
  return canManageOrganisation(actor, node);
}
