// Who sees which statistics. Pure functions over the actor's grants, on top of canViewStatistics.
import { canViewStatistics, type OrgNode } from '../access/org-policy';
import { grantsOf, type Actor } from '../access/actor';
import { isWithin } from '../organisations';

/**
 * What the caller's statistics of a node count:
 * - `full`: every complaint (national admins, oversight, and admins, leaders and liaison officers
 *   whose own node covers it);
 * - `neighbour`: only non-confidential complaints (an organisation admin reading another regency
 *   of its province, which canViewStatistics allows);
 * - `none`: not visible (answers 404).
 */
export type StatsScope = 'full' | 'neighbour' | 'none';

const coversAsStaff = (actor: Actor, node: OrgNode) =>
  grantsOf(actor).some(
    (g) =>
      g.role === 'national_admin' ||
      g.role === 'oversight' ||
      ((g.role === 'org_admin' || g.role === 'leader' || g.role === 'liaison') && g.org !== null && isWithin(node.path, g.org.path)),
  );

export function statsScope(actor: Actor, node: OrgNode): StatsScope {
  if (!canViewStatistics(actor, node)) return 'none';
  return coversAsStaff(actor, node) ? 'full' : 'neighbour';
}

/**
 * The evaluation report lists complaints by title with the units' internal obstacle notes, so it
 * is for the node's own staff only: national admins, oversight, and admins, leaders and liaison
 * officers whose node covers it (a liaison officer: its own unit). Never for a neighbouring regency.
 */
export function canViewEvaluation(actor: Actor, node: OrgNode): boolean {
  return statsScope(actor, node) === 'full';
}

/** Oversight bodies' every access is audited (domain.md, roles). */
export const isOversight = (actor: Actor) => grantsOf(actor).some((g) => g.role === 'oversight');
