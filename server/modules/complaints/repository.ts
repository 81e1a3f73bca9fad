// Reading complaint rows. Everything that decides on a complaint works from a ComplaintRow.
import type { Queryable } from '../../db/client';
import type { Status } from './lifecycle';
import type { ComplaintFacts } from './permissions';
import { normaliseCode, TRACKING_PATTERN } from './tracking';

export interface ComplaintRow {
  id: number;
  tracking_number: string;
  access_code_hash: string;
  type: 'pengaduan' | 'aspirasi' | 'informasi';
  title: string;
  body: string;
  category_id: number | null;
  category_code: string | null;
  category_name_id: string | null;
  category_name_en: string | null;
  resolution_class: 'ordinary' | 'no_inspection' | 'inspection' | null;
  status: Status;
  channel: string;
  admin_org_id: number;
  admin_org_path: string;
  admin_org_code: string;
  admin_org_name: string;
  admin_time_zone: 'WIB' | 'WITA' | 'WIT';
  province_path: string | null;
  suggested_org_code: string | null;
  holder_org_id: number | null;
  holder_org_path: string | null;
  holder_org_code: string | null;
  holder_org_name: string | null;
  holder_time_zone: 'WIB' | 'WITA' | 'WIT' | null;
  routed_by_org_id: number | null;
  routed_at: Date | null;
  occurred_at: Date | null;
  region_code: string | null;
  district_code: string | null;
  district_name: string | null;
  address: string | null;
  lat: number | null;
  lng: number | null;
  anonymous: boolean;
  confidential: boolean;
  reporter_user_id: number | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_email: string | null;
  created_at: Date;
  updated_at: Date;
  verified_at: Date | null;
  first_response_at: Date | null;
  responded_at: Date | null;
  closed_at: Date | null;
  due_at: Date | null;
  due_kind: string | null;
  hold_started_at: Date | null;
  status_before_hold: Status | null;
  escalation_level: number;
  reopen_count: number;
  rating: number | null;
  rating_comment: string | null;
  api_key_id: number | null;
  external_id: string | null;
}

export const COMPLAINT_SELECT = `
  SELECT c.id, c.tracking_number, c.access_code_hash, c.type, c.title, c.body, c.category_id,
         cat.code AS category_code, cat.name_id AS category_name_id, cat.name_en AS category_name_en,
         cat.resolution_class, c.status, c.channel,
         c.admin_org_id, c.admin_org_path, ao.code AS admin_org_code, ao.name AS admin_org_name, ao.time_zone AS admin_time_zone,
         c.province_path, so.code AS suggested_org_code,
         c.holder_org_id, c.holder_org_path, ho.code AS holder_org_code, ho.name AS holder_org_name, ho.time_zone AS holder_time_zone,
         c.routed_by_org_id, c.routed_at, c.occurred_at, c.region_code, c.district_code, dis.name AS district_name, c.address, c.lat, c.lng,
         c.anonymous, c.confidential, c.reporter_user_id, c.reporter_name, c.reporter_phone, c.reporter_email,
         c.created_at, c.updated_at, c.verified_at, c.first_response_at, c.responded_at, c.closed_at,
         c.due_at, c.due_kind, c.hold_started_at, c.status_before_hold, c.escalation_level, c.reopen_count,
         c.rating, c.rating_comment, c.api_key_id, c.external_id
    FROM complaints c
    JOIN organisations ao ON ao.id = c.admin_org_id
    LEFT JOIN organisations ho ON ho.id = c.holder_org_id
    LEFT JOIN organisations so ON so.id = c.suggested_org_id
    LEFT JOIN categories cat ON cat.id = c.category_id
    LEFT JOIN districts dis ON dis.code = c.district_code`;

/** Loads a complaint by tracking number; `forUpdate` locks it for the rest of the transaction. */
export async function findComplaint(q: Queryable, trackingNumber: string, opts: { forUpdate?: boolean } = {}): Promise<ComplaintRow | undefined> {
  const trk = normaliseCode(trackingNumber);
  if (!TRACKING_PATTERN.test(trk)) return undefined;
  if (opts.forUpdate) {
    // Lock the complaint row itself (not the joined rows), then read the joined view.
    const locked = await q.query<{ id: number }>('SELECT id FROM complaints WHERE tracking_number = $1 FOR UPDATE', [trk]);
    if (!locked.rows[0]) return undefined;
  }
  return (await q.query<ComplaintRow>(`${COMPLAINT_SELECT} WHERE c.tracking_number = $1`, [trk])).rows[0];
}

export function factsOf(c: ComplaintRow): ComplaintFacts {
  return {
    status: c.status,
    anonymous: c.anonymous,
    confidential: c.confidential,
    verified: c.verified_at !== null,
    reporterUserId: c.reporter_user_id,
    adminOrgPath: c.admin_org_path,
    holderOrgPath: c.holder_org_path,
    provincePath: c.province_path,
    rated: c.rating !== null,
    apiKeyId: c.api_key_id,
  };
}
