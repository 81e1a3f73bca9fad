// Reference data the citizen pages load: the region tree and categories.
import { api } from '../lib/api';
import type { Category, Organisation } from '../lib/types';

/** The national root of the organisation tree (server/modules/organisations). */
export const ROOT_ORG = 'id';

const cache = new Map<string, Promise<Organisation[]>>();

export function childrenOf(parent: string): Promise<Organisation[]> {
  let p = cache.get(parent);
  if (!p) {
    p = api.get<{ items: Organisation[] }>('/api/v1/organisations', { parent }).then((r) => r.items.filter((o) => o.active));
    p.catch(() => cache.delete(parent));
    cache.set(parent, p);
  }
  return p;
}

export const provinces = async () => (await childrenOf(ROOT_ORG)).filter((o) => o.type === 'province');
export const regenciesOf = async (province: string) => (await childrenOf(province)).filter((o) => o.type === 'regency' || o.type === 'city');

export async function categories(region?: string): Promise<Category[]> {
  return (await api.get<{ items: Category[] }>('/api/v1/categories', { region })).items;
}

export interface CategoryGroup {
  parent: Category;
  children: Category[];
}

export function groupCategories(items: Category[]): CategoryGroup[] {
  const groups = items.filter((c) => c.parentCode === null).map((parent) => ({ parent, children: items.filter((c) => c.parentCode === parent.code) }));
  return groups;
}
