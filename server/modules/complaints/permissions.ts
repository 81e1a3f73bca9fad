// Who may see and do what on a complaint: pure functions over the actor's grants and a few facts
// of the complaint, plus the one SQL scope that lists exactly what `readLevel` allows. A test
// checks that the two agree. Deny by default; "not yours" answers 404 so existence does not leak.
import { isWithin } from '../organisations';
import { grantsOf, type Actor } from '../access/actor';
import { LIFECYCLE, allowedFrom, ACTIONS, type Action, type Party, type Status } from './lifecycle';

export interface ComplaintFacts {
  status: Status;
  anonymous: boolean;
  confidential: boolean;
  verified: boolean;
  reporterUserId: number | null;
  adminOrgPath: string;
  holderOrgPath: string | null;
  provincePath: string | null;
  /** Already rated: a complaint is rated once (commands refuse a second rating). */
  rated?: boolean;
  /** The integration API key that filed it, if any (optional: facts built before keys existed lack it). */
  apiKeyId?: number | null;
}

export interface Access {
  /** A guest who presented the complaint's access code. */
  accessCode?: boolean;
}

const PUBLIC_HIDDEN: readonly Status[] = ['submitted', 'rejected', 'archived'];

/** Published: verified, not confidential, not rejected or archived. */
export const isPublic = (c: ComplaintFacts) => c.verified && !c.confidential && !PUBLIC_HIDDEN.includes(c.status);

export function partiesOf(actor: Actor, c: ComplaintFacts, access: Access = {}): Set<Party> {
  const parties = new Set<Party>();
  if (actor.kind === 'system') parties.add('system');
  if (access.accessCode) parties.add('reporter');
  if (actor.kind === 'user' && c.reporterUserId !== null && actor.userId === c.reporterUserId) parties.add('reporter');
  // The key that filed a complaint relays its reporter (replies, ratings) as a signed-in reporter
  // would; its grants (from its read/act scopes) add staff parties below like a user's.
  if (actor.kind === 'apikey' && c.apiKeyId != null && actor.keyId === c.apiKeyId) parties.add('reporter');
  for (const g of grantsOf(actor)) {
    if (g.role === 'national_admin') parties.add('admin');
    if (g.role === 'org_admin' && g.org && (isWithin(c.adminOrgPath, g.org.path) || (c.holderOrgPath !== null && isWithin(c.holderOrgPath, g.org.path)))) parties.add('admin');
    if (g.role === 'liaison' && g.org && c.holderOrgPath !== null && isWithin(c.holderOrgPath, g.org.path)) parties.add('handler');
  }
  return parties;
}

/**
 * How much of a complaint the caller may read:
 * - `staff`: the whole case (admins, handlers, leaders of the government, oversight, the worker);
 * - `reporter`: the whole case as its reporter;
 * - `neighbour`: an admin of another government in the same province reading a verified,
 *   non-confidential complaint (the Buleleng integration paragraph) — never the reporter;
 * - `public`: the published view; `none`: answers 404.
 */
export type ReadLevel = 'staff' | 'reporter' | 'neighbour' | 'public' | 'none';

export function readLevel(actor: Actor, c: ComplaintFacts, access: Access = {}): ReadLevel {
  const parties = partiesOf(actor, c, access);
  if (parties.has('admin') || parties.has('handler') || parties.has('system')) return 'staff';
  for (const g of grantsOf(actor)) {
    if (g.role === 'oversight') return 'staff';
    if (g.role === 'leader' && g.org && (isWithin(c.adminOrgPath, g.org.path) || (c.holderOrgPath !== null && isWithin(c.holderOrgPath, g.org.path)))) return 'staff';
  }
  if (parties.has('reporter')) return 'reporter';
  if (c.verified && !c.confidential && c.provincePath !== null) {
    if (grantsOf(actor).some((g) => g.role === 'org_admin' && g.provincePath !== null && g.provincePath === c.provincePath)) return 'neighbour';
  }
  return isPublic(c) ? 'public' : 'none';
}

/**
 * May the caller see who filed it (name and contact)? The reporter always; admins of the complaint
 * always (they verify it and may need to ask back); everyone else with a staff view only when the
 * reporter did not ask to stay anonymous. Every such read by staff is audited by the caller.
 */
export function seesReporterIdentity(actor: Actor, c: ComplaintFacts, access: Access = {}): boolean {
  // Never to an API key, whatever its scopes and even for the complaints it filed: a key is a
  // machine credential held by another system, and the law protects the reporter's identity. A
  // regional system that filed a complaint already has its reporter's data; it gets nothing back.
  if (actor.kind === 'apikey') return false;
  const parties = partiesOf(actor, c, access);
  if (parties.has('reporter') || parties.has('admin')) return true;
  return !c.anonymous && readLevel(actor, c, access) === 'staff';
}

/** The actions this caller may take now, by the lifecycle table (commands add their own guards). */
export function abilities(actor: Actor, c: ComplaintFacts, access: Access = {}): Action[] {
  const parties = partiesOf(actor, c, access);
  return ACTIONS.filter((a) => allowedFrom(a, c.status) && LIFECYCLE[a].by.some((p) => parties.has(p)) && !(a === 'rate' && c.rated));
}

/** True when the caller is a party that may take `action` at all, whatever the status. */
export function mayTake(actor: Actor, c: ComplaintFacts, action: Action, access: Access = {}): boolean {
  const parties = partiesOf(actor, c, access);
  return LIFECYCLE[action].by.some((p) => parties.has(p));
}

/**
 * The SQL twin of readLevel for lists: a WHERE fragment over table alias `c` that keeps exactly the
 * complaints the caller may read as staff, reporter or neighbour — or, with `publicFeed`, the
 * published ones. Parameters are appended to `params`.
 */
export function visibleSql(actor: Actor, params: unknown[], opts: { publicFeed?: boolean } = {}): string {
  const arms = visibleArms(actor, params, opts);
  if (arms === 'TRUE') return 'TRUE';
  if (arms.length === 1 && arms[0]!.public) return arms[0]!.sql;
  return `(${arms.map((a) => a.sql).join(' OR ')})`;
}

export interface VisibleArm {
  sql: string;
  /** Set on "held under this node" arms: the parameter of the path prefix, so that a list can serve the arm from a holder index alone. */
  heldUnder?: string;
  /** The node's path on "held under" arms: a list may look up the few organisations under it and read each holder's entries in order. */
  heldUnderPath?: string;
  public?: boolean;
}

/**
 * visibleSql as its separate disjuncts ('TRUE' for nationwide readers): lists run one index-ordered
 * query per arm and merge them, because an OR of arms lets no index return rows in list order.
 */
export function visibleArms(actor: Actor, params: unknown[], opts: { publicFeed?: boolean } = {}): VisibleArm[] | 'TRUE' {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const publicSql = `(c.verified_at IS NOT NULL AND NOT c.confidential AND c.status NOT IN ('submitted', 'rejected', 'archived'))`;
  if (opts.publicFeed || actor.kind === 'guest') return [{ sql: publicSql, public: true }];
  if (actor.kind === 'system') return 'TRUE';
  // Nationwide readers first, before any parameter is added that the fragment would not use.
  if (actor.grants.some((g) => g.role === 'national_admin' || g.role === 'oversight')) return 'TRUE';
  const arms: VisibleArm[] = [];
  if (actor.kind === 'user') arms.push({ sql: `c.reporter_user_id = ${p(actor.userId)}` });
  // An API key: the complaints it filed (the reporter party in partiesOf), plus what its derived grants allow.
  if (actor.kind === 'apikey') arms.push({ sql: `c.api_key_id = ${p(actor.keyId)}` });
  for (const g of actor.grants) {
    if (!g.org) continue;
    const under = p(`${g.org.path}%`);
    const held = { sql: `c.holder_org_path LIKE ${under}`, heldUnder: under, heldUnderPath: g.org.path };
    if (g.role === 'org_admin' || g.role === 'leader') arms.push({ sql: `c.admin_org_path LIKE ${under}` }, held);
    if (g.role === 'liaison') arms.push(held);
    if (g.role === 'org_admin' && g.provincePath) arms.push({ sql: `(c.province_path = ${p(g.provincePath)} AND c.verified_at IS NOT NULL AND NOT c.confidential)` });
  }
  return arms;
}
