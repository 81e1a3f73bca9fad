// Reference data for the workspace, loaded once per visit: the organisation tree and categories.
import { api } from '../lib/api';
import type { Category, Organisation } from '../lib/types';

export const ROOT_ORG = 'id';

const childCache = new Map<string, Promise<Organisation[]>>();

/** The children of a node (active ones), cached. */
export function childrenOf(parent: string): Promise<Organisation[]> {
  let p = childCache.get(parent);
  if (!p) {
    p = api.get<{ items: Organisation[] }>('/api/v1/organisations', { parent }).then((r) => r.items.filter((o) => o.active));
    p.catch(() => childCache.delete(parent));
    childCache.set(parent, p);
  }
  return p;
}

export function forgetChildren(parent?: string) {
  if (parent) childCache.delete(parent);
  else childCache.clear();
}

export interface OrgTree {
  all: Organisation[];
  byCode: Map<string, Organisation>;
  children(code: string): Organisation[];
  /** From the root down to and including `code`. */
  chain(code: string): Organisation[];
  /** `code` and everything below it, depth first. */
  subtree(code: string): Organisation[];
}

let treePromise: Promise<OrgTree> | undefined;

export function orgTree(fresh = false): Promise<OrgTree> {
  if (fresh) treePromise = undefined;
  treePromise ??= api.get<{ items: Organisation[] }>('/api/v1/organisations').then((r) => buildTree(r.items));
  treePromise.catch(() => (treePromise = undefined));
  return treePromise;
}

export function buildTree(all: Organisation[]): OrgTree {
  const byCode = new Map(all.map((o) => [o.code, o]));
  const kids = new Map<string, Organisation[]>();
  for (const o of all) {
    if (!o.parentCode) continue;
    const list = kids.get(o.parentCode) ?? [];
    list.push(o);
    kids.set(o.parentCode, list);
  }
  for (const list of kids.values()) list.sort((a, b) => a.code.localeCompare(b.code, 'en', { numeric: true }));
  const children = (code: string) => kids.get(code) ?? [];
  const chain = (code: string) => {
    const out: Organisation[] = [];
    let cur = byCode.get(code);
    const seen = new Set<string>();
    while (cur && !seen.has(cur.code)) {
      seen.add(cur.code);
      out.unshift(cur);
      cur = cur.parentCode ? byCode.get(cur.parentCode) : undefined;
    }
    return out;
  };
  const subtree = (code: string) => {
    const out: Organisation[] = [];
    const visit = (c: string) => {
      const o = byCode.get(c);
      if (!o) return;
      out.push(o);
      for (const k of children(c)) visit(k.code);
    };
    visit(code);
    return out;
  };
  return { all, byCode, children, chain, subtree };
}

/** The nodes an admin manages (their admin nodes and everything below; everything for the national admin). */
export function managedNodes(tree: OrgTree, adminOrgs: string[], isNational: boolean): Organisation[] {
  if (isNational) return tree.subtree(ROOT_ORG);
  const seen = new Set<string>();
  const out: Organisation[] = [];
  for (const code of adminOrgs) {
    for (const o of tree.subtree(code)) {
      if (!seen.has(o.code)) {
        seen.add(o.code);
        out.push(o);
      }
    }
  }
  return out;
}

let catPromise = new Map<string, Promise<Category[]>>();

export function categories(region?: string): Promise<Category[]> {
  const key = region ?? '';
  let p = catPromise.get(key);
  if (!p) {
    p = api.get<{ items: Category[] }>('/api/v1/categories', { region }).then((r) => r.items);
    p.catch(() => catPromise.delete(key));
    catPromise.set(key, p);
  }
  return p;
}

export function forgetCategories() {
  catPromise = new Map();
}
