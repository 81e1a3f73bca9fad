// Categories: a tree of complaint topics, each with a resolution class (5/14/60 working days) and a
// default destination unit per region.
import type { Queryable } from '../../db/client';
import type { ResolutionClass } from '../deadlines';
import { getOrgByCode } from '../organisations';

export interface Category {
  id: number;
  code: string;
  parentCode: string | null;
  nameId: string;
  nameEn: string;
  resolutionClass: ResolutionClass;
}

export const CATEGORY_COLUMNS = `c.id, c.code, p.code AS "parentCode", c.name_id AS "nameId", c.name_en AS "nameEn", c.resolution_class AS "resolutionClass"`;

export async function listCategories(q: Queryable): Promise<Category[]> {
  return (await q.query<Category>(`SELECT ${CATEGORY_COLUMNS} FROM categories c LEFT JOIN categories p ON p.id = c.parent_id WHERE c.active ORDER BY c.code`)).rows;
}

export async function getCategoryByCode(q: Queryable, code: string): Promise<Category | undefined> {
  return (await q.query<Category>(`SELECT ${CATEGORY_COLUMNS} FROM categories c LEFT JOIN categories p ON p.id = c.parent_id WHERE c.code = $1`, [code])).rows[0];
}

export interface CategoryInput {
  code: string;
  parentCode: string | null;
  nameId: string;
  nameEn: string;
  resolutionClass: ResolutionClass;
}

export async function upsertCategory(q: Queryable, c: CategoryInput): Promise<number> {
  const parent = c.parentCode ? await getCategoryByCode(q, c.parentCode) : undefined;
  const r = await q.query<{ id: number }>(
    `INSERT INTO categories (code, parent_id, name_id, name_en, resolution_class) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (code) DO UPDATE SET parent_id = EXCLUDED.parent_id, name_id = EXCLUDED.name_id,
       name_en = EXCLUDED.name_en, resolution_class = EXCLUDED.resolution_class
     RETURNING id`,
    [c.code, parent?.id ?? null, c.nameId, c.nameEn, c.resolutionClass],
  );
  return r.rows[0]!.id;
}

/** The default destination of a category inside a region (regency/city or province), if set. */
export async function setDefaultDestination(q: Queryable, categoryCode: string, regionCode: string, destinationCode: string): Promise<boolean> {
  // One after another: inside a transaction `q` is a single connection, which takes one query at a time.
  const cat = await getCategoryByCode(q, categoryCode);
  const region = await getOrgByCode(q, regionCode);
  const dest = await getOrgByCode(q, destinationCode);
  if (!cat || !region || !dest) return false;
  await q.query(
    `INSERT INTO category_destinations (category_id, region_org_id, destination_org_id) VALUES ($1, $2, $3)
     ON CONFLICT (category_id, region_org_id) DO UPDATE SET destination_org_id = EXCLUDED.destination_org_id`,
    [cat.id, region.id, dest.id],
  );
  return true;
}

export async function defaultDestinations(q: Queryable, regionCode: string): Promise<{ category: string; destination: string }[]> {
  return (
    await q.query<{ category: string; destination: string }>(
      `SELECT c.code AS category, d.code AS destination FROM category_destinations cd
         JOIN categories c ON c.id = cd.category_id JOIN organisations r ON r.id = cd.region_org_id
         JOIN organisations d ON d.id = cd.destination_org_id WHERE r.code = $1 ORDER BY c.code`,
      [regionCode],
    )
  ).rows;
}
