// Districts (kecamatan): places inside a regency/city, with Kemendagri codes (`51.08.01`) from
// idn-area-data. They are not organisations (no staff, no complaints routed to them): a complaint
// records its district so that the leader's dashboard can count and map complaints by district.
import { getDistricts } from 'idn-area-data';
import type { Queryable } from '../../db/client';

export interface District {
  code: string;
  regencyCode: string;
  name: string;
}

export const DISTRICT_CODE = /^\d{2}\.\d{2}\.\d{2,3}$/;

/**
 * Stores the districts of the given regencies/cities (all when `regencyCodes` is omitted), one
 * statement per batch so that all ~7,300 load in well under a second. Idempotent; names follow
 * the package when it is updated.
 */
export async function importDistricts(q: Queryable, regencyCodes?: readonly string[]): Promise<number> {
  const wanted = regencyCodes ? new Set(regencyCodes) : null;
  const rows = (await getDistricts({ transform: true })).filter((d) => !wanted || wanted.has(d.regencyCode));
  const BATCH = 2000;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await q.query(
      `INSERT INTO districts (code, regency_code, name)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
       ON CONFLICT (code) DO UPDATE SET regency_code = EXCLUDED.regency_code, name = EXCLUDED.name
         WHERE (districts.regency_code, districts.name) IS DISTINCT FROM (EXCLUDED.regency_code, EXCLUDED.name)`,
      [batch.map((d) => d.code), batch.map((d) => d.regencyCode), batch.map((d) => d.name)],
    );
  }
  return rows.length;
}

export async function districtsOf(q: Queryable, regencyCode: string): Promise<District[]> {
  return (
    await q.query<District>('SELECT code, regency_code AS "regencyCode", name FROM districts WHERE regency_code = $1 ORDER BY name, code', [
      regencyCode,
    ])
  ).rows;
}

export async function getDistrict(q: Queryable, code: string): Promise<District | undefined> {
  if (!DISTRICT_CODE.test(code)) return undefined;
  return (await q.query<District>('SELECT code, regency_code AS "regencyCode", name FROM districts WHERE code = $1', [code])).rows[0];
}
