// Organisations: the tree national → province → regency/city → unit → sub-unit.
import { getProvinces, getRegencies } from 'idn-area-data';
import type { Db, Queryable } from '../../db/client';
import { TtlCache } from '../../platform/ttl-cache';
import type { TimeZoneCode } from '../deadlines/calendar';
import { badRequest, conflict, notFound } from '../../platform/errors';
import { importDistricts } from './districts';

export { districtsOf, getDistrict, importDistricts, DISTRICT_CODE, type District } from './districts';

export type OrgType = 'root' | 'ministry' | 'oversight' | 'province' | 'regency' | 'city' | 'unit' | 'subunit';

export interface Organisation {
  id: number;
  code: string;
  name: string;
  type: OrgType;
  parentId: number | null;
  path: string;
  depth: number;
  regionCode: string | null;
  timeZone: TimeZoneCode;
  isAdminUnit: boolean;
  active: boolean;
}

export const ORG_COLUMNS = `id, code, name, type, parent_id AS "parentId", path, depth, region_code AS "regionCode",
  time_zone AS "timeZone", is_admin_unit AS "isAdminUnit", active`;

export const ROOT_CODE = 'id';

/** Is `node` the same as `scope` or somewhere below it? */
export const isWithin = (nodePath: string, scopePath: string) => nodePath.startsWith(scopePath);

export async function getOrgByCode(q: Queryable, code: string): Promise<Organisation | undefined> {
  return (await q.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations WHERE code = $1`, [code])).rows[0];
}

export async function getOrgById(q: Queryable, id: number): Promise<Organisation | undefined> {
  return (await q.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations WHERE id = $1`, [id])).rows[0];
}

export async function requireOrg(q: Queryable, code: string, field = 'organisationCode'): Promise<Organisation> {
  const org = await getOrgByCode(q, code);
  if (!org || !org.active) throw badRequest(`Unknown organisation ${code}`, { [field]: 'unknown organisation code' });
  return org;
}

/** The chain from the root down to and including `org`. */
export async function ancestorsOf(q: Queryable, org: Organisation): Promise<Organisation[]> {
  const ids = org.path.split('/').filter(Boolean).map(Number);
  const rows = (await q.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations WHERE id = ANY($1::int[])`, [ids])).rows;
  return rows.sort((a, b) => a.depth - b.depth);
}

/** The pemda (regency/city, else province) or national body an organisation belongs to. */
export async function governmentOf(q: Queryable, org: Organisation): Promise<Organisation> {
  return governmentIn(await ancestorsOf(q, org));
}

/** governmentOf, given the chain ancestorsOf returns. */
export function governmentIn(chain: readonly Organisation[]): Organisation {
  const pick = (types: OrgType[]) => [...chain].reverse().find((o) => types.includes(o.type));
  return pick(['regency', 'city']) ?? pick(['province']) ?? pick(['ministry', 'oversight']) ?? chain[0]!;
}

// Intake reads the same few organisations for every complaint. The application only ever adds
// organisations (it renames, moves or deactivates none), so a cached row can go stale only through a
// change made by hand in the database, and then for at most ORG_CACHE_TTL_MS; a new organisation is
// seen at once (unknown codes are not cached).
const ORG_CACHE_TTL_MS = 60_000;
const orgsByCode = new TtlCache<Organisation>(ORG_CACHE_TTL_MS);
const chainsByPath = new TtlCache<Organisation[]>(ORG_CACHE_TTL_MS);

/** getOrgByCode through the per-process cache. `db` is never a transaction: its reads may roll back. */
export const cachedOrgByCode = (db: Db, code: string) => orgsByCode.get(db, code, () => getOrgByCode(db, code));

/** ancestorsOf through the per-process cache (read only: the array is shared). */
export const cachedAncestorsOf = async (db: Db, org: Organisation): Promise<readonly Organisation[]> =>
  (await chainsByPath.get(db, org.path, () => ancestorsOf(db, org)))!;

export interface NewOrganisation {
  code: string;
  name: string;
  type: OrgType;
  parentCode?: string | null;
  regionCode?: string | null;
  timeZone?: TimeZoneCode;
  isAdminUnit?: boolean;
}

const CHILD_TYPES: Record<OrgType, OrgType[]> = {
  root: ['ministry', 'oversight', 'province'],
  ministry: ['unit'],
  oversight: ['unit'],
  province: ['regency', 'city', 'unit'],
  regency: ['unit'],
  city: ['unit'],
  unit: ['subunit'],
  subunit: ['subunit'],
};

export async function createOrganisation(q: Queryable, input: NewOrganisation): Promise<Organisation> {
  let parent: Organisation | undefined;
  if (input.type !== 'root') {
    if (!input.parentCode) throw badRequest('A parent organisation is required', { parentCode: 'required' });
    parent = await getOrgByCode(q, input.parentCode);
    if (!parent) throw notFound('Parent organisation');
    if (!CHILD_TYPES[parent.type].includes(input.type))
      throw badRequest(`A ${input.type} cannot be placed under a ${parent.type}`, { type: 'not allowed under this parent' });
  }
  const inserted = await q.query<Organisation>(
    `INSERT INTO organisations (code, name, type, parent_id, path, depth, region_code, time_zone, is_admin_unit)
     VALUES ($1, $2, $3, $4, '', $5, $6, $7, $8)
     ON CONFLICT (code) DO NOTHING
     RETURNING ${ORG_COLUMNS}`,
    [
      input.code,
      input.name,
      input.type,
      parent?.id ?? null,
      parent ? parent.depth + 1 : 0,
      input.regionCode ?? parent?.regionCode ?? null,
      input.timeZone ?? parent?.timeZone ?? 'WIB',
      input.isAdminUnit ?? false,
    ],
  );
  const row = inserted.rows[0];
  if (!row) throw conflict(`Organisation ${input.code} already exists`);
  const path = `${parent?.path ?? '/'}${row.id}/`;
  await q.query('UPDATE organisations SET path = $1 WHERE id = $2', [path, row.id]);
  return { ...row, path };
}

/** Create-or-return: used by importers and the demo seed so they can run twice. */
export async function ensureOrganisation(q: Queryable, input: NewOrganisation): Promise<Organisation> {
  return (await getOrgByCode(q, input.code)) ?? createOrganisation(q, input);
}

export async function listOrganisations(q: Queryable, opts: { parentCode?: string } = {}): Promise<Organisation[]> {
  if (opts.parentCode) {
    const parent = await getOrgByCode(q, opts.parentCode);
    if (!parent) throw notFound('Organisation');
    return (await q.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations WHERE parent_id = $1 ORDER BY code`, [parent.id])).rows;
  }
  return (await q.query<Organisation>(`SELECT ${ORG_COLUMNS} FROM organisations ORDER BY depth, code`)).rows;
}

// Indonesia's three time zones by province code (Permendagri / Keppres 41/1987).
const WITA_PROVINCES = new Set(['51', '52', '53', '63', '64', '65', '71', '72', '73', '74', '75', '76']);
const WIT_PROVINCES = new Set(['81', '82', '91', '92', '93', '94', '95', '96', '97']);
export function timeZoneOfProvince(code: string): TimeZoneCode {
  if (WITA_PROVINCES.has(code)) return 'WITA';
  if (WIT_PROVINCES.has(code)) return 'WIT';
  return 'WIB';
}

const KEEP_UPPER = new Set(['DKI', 'DI']);
export function titleCase(s: string): string {
  return s
    .toLowerCase()
    .split(/(\s+|-)/)
    .map((w) => (KEEP_UPPER.has(w.toUpperCase()) ? w.toUpperCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

export async function ensureRoot(q: Queryable): Promise<Organisation> {
  return ensureOrganisation(q, { code: ROOT_CODE, name: 'Republik Indonesia', type: 'root', timeZone: 'WIB' });
}

/**
 * Imports provinces and their regencies/cities from idn-area-data (Kemendagri codes). With
 * `provinceCodes` only those provinces; otherwise all 38 provinces and 514 regencies/cities. The
 * districts (kecamatan) of those regencies come with them.
 */
export async function importRegions(q: Queryable, provinceCodes?: string[]): Promise<{ provinces: number; regencies: number; districts: number }> {
  await ensureRoot(q);
  const provinces = (await getProvinces()).filter((p) => !provinceCodes || provinceCodes.includes(p.code));
  const wanted = new Set(provinces.map((p) => p.code));
  const regencies = (await getRegencies({ transform: true })).filter((r) => wanted.has(r.provinceCode));
  for (const p of provinces) {
    await ensureOrganisation(q, {
      code: p.code,
      name: `Provinsi ${titleCase(p.name)}`,
      type: 'province',
      parentCode: ROOT_CODE,
      regionCode: p.code,
      timeZone: timeZoneOfProvince(p.code),
    });
  }
  for (const r of regencies) {
    await ensureOrganisation(q, {
      code: r.code,
      name: titleCase(r.name),
      type: r.name.startsWith('KOTA') ? 'city' : 'regency',
      parentCode: r.provinceCode,
      regionCode: r.code,
      timeZone: timeZoneOfProvince(r.provinceCode),
    });
  }
  const districts = await importDistricts(q, regencies.map((r) => r.code));
  return { provinces: provinces.length, regencies: regencies.length, districts };
}
