// Who the signed-in staff member is for the workspace: which parts to show and which organisation
// their inbox opens on. Only presentation follows from this; the server decides what is allowed
// (complaint `abilities`, 403 on admin calls).
import type { User } from '../lib/types';

export interface StaffContext {
  /** org_admin or national_admin: verify/route, the admin console. */
  isAdmin: boolean;
  isNational: boolean;
  /** Nationwide readers (national admin, oversight): no default organisation. */
  nationwide: boolean;
  /** Where the user is an organisation admin. */
  adminOrgs: string[];
  /** The organisation the inbox and dashboard open on; null = everything the user may see. */
  homeOrg: string | null;
}

export function staffContext(user: User | null): StaffContext {
  const roles = user?.roles ?? [];
  const isNational = roles.some((r) => r.role === 'national_admin');
  const nationwide = isNational || roles.some((r) => r.role === 'oversight');
  const adminOrgs = roles.filter((r) => r.role === 'org_admin' && r.organisation).map((r) => r.organisation!);
  const order = ['org_admin', 'liaison', 'leader'];
  const home = [...roles].filter((r) => order.includes(r.role) && r.organisation).sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role))[0];
  return { isAdmin: isNational || adminOrgs.length > 0, isNational, nationwide, adminOrgs, homeOrg: nationwide ? null : (home?.organisation ?? null) };
}
