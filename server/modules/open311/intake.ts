// Writing through Open311: POST requests files a complaint (channel 'api') through submitComplaint;
// POST servicerequestupdates (mySociety's extension) relays a comment from the system that filed a
// request, as the reporter's reply — or, for a key with the `act` scope whose unit holds the
// complaint, as the unit's follow-up. Every write is one transaction of the complaint commands.
import type { Queryable } from '../../db/client';
import type { ApiKeyActor } from '../apikeys';
import type { Category } from '../categories';
import type { Organisation } from '../organisations';
import { performAction, submitComplaint, type Ctx, type NewComplaint } from '../complaints/commands';
import { findComplaint, factsOf } from '../complaints/repository';
import { partiesOf } from '../complaints/permissions';
import { AppError } from '../../platform/errors';
import { attributesFor, checkAttributes } from './services';
import { badRequest, badRequests, notFound, Open311Error } from './errors';
import { MAX_DESCRIPTION } from './requests';
import { parseW3c } from './format';

/** A form-encoded body: plain fields (repeatable) and the `attribute[code]` / `attribute[code][]` values. */
export interface FormBody {
  fields: Map<string, string[]>;
  attributes: Map<string, string[]>;
}

export const field = (f: FormBody, key: string): string | undefined => {
  const v = (f.fields.get(key) ?? []).map((x) => x.trim()).filter((x) => x !== '');
  if (v.length > 1) throw badRequest(`${key} was given more than once`);
  return v[0];
};

const HTML = /<\/?[a-z][^>]*>/i;
const PHONE = /^\+?[0-9][0-9 -]{6,18}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function httpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === 'http:' || u.protocol === 'https:') && s.length <= 2000;
  } catch {
    return false;
  }
}

/**
 * The complaint a POST requests stands for (pure). Collects every problem for one 400 answer.
 * Open311 has no title: it is the first line of the description (or the service and place). The
 * accepted attribute values and the media URL are appended to the complaint text under a rule, so
 * that the unit reads them where it reads the complaint.
 */
export function complaintFromForm(form: FormBody, category: Category, jurisdiction: Organisation): NewComplaint {
  const problems: string[] = [];
  const get = (k: string) => {
    try {
      return field(form, k);
    } catch (e) {
      problems.push((e as Error).message);
      return undefined;
    }
  };
  const latS = get('lat');
  const longS = get('long');
  const address = get('address_string');
  const addressId = get('address_id');
  const description = get('description');
  const mediaUrl = get('media_url');
  const email = get('email');
  const phone = get('phone');
  const name = [get('first_name'), get('last_name')].filter(Boolean).join(' ');

  let lat: number | undefined;
  let lng: number | undefined;
  if ((latS === undefined) !== (longS === undefined)) problems.push('lat and long must be sent together');
  else if (latS !== undefined && longS !== undefined) {
    lat = Number(latS);
    lng = Number(longS);
    if (!/^-?\d+(\.\d+)?$/.test(latS) || lat < -90 || lat > 90) problems.push('lat must be a WGS84 latitude between -90 and 90');
    if (!/^-?\d+(\.\d+)?$/.test(longS) || lng < -180 || lng > 180) problems.push('long must be a WGS84 longitude between -180 and 180');
  }
  if (latS === undefined && longS === undefined && address === undefined && addressId === undefined) {
    problems.push('A location is required: lat and long, address_string or address_id');
  }
  if (address !== undefined && address.length > 400) problems.push('address_string is longer than 400 characters');
  if (addressId !== undefined && addressId.length > 80) problems.push('address_id is longer than 80 characters');
  if (description !== undefined) {
    if (description.length > MAX_DESCRIPTION) problems.push(`description is longer than ${MAX_DESCRIPTION} characters`);
    if (HTML.test(description)) problems.push('description may not contain HTML');
  }
  if (mediaUrl !== undefined && !httpUrl(mediaUrl)) problems.push('media_url must be an http(s) URL');
  if (email !== undefined && (!EMAIL.test(email) || email.length > 200)) problems.push('email is not a valid email address');
  if (phone !== undefined && !PHONE.test(phone)) problems.push('phone is not a valid phone number');
  if (name.length > 120) problems.push('first_name and last_name are longer than 120 characters together');
  for (const [k, v] of [...form.fields, ...form.attributes]) {
    if (v.some((x) => x.includes('\u0000'))) problems.push(`${k} may not contain NUL characters`);
  }
  const attrs = checkAttributes(attributesFor(category), form.attributes);
  problems.push(...attrs.problems.map((p) => p.description));
  if (problems.length) throw badRequests(problems);

  const place = address ?? (addressId !== undefined ? `address_id ${addressId}` : undefined);
  const firstLine = description?.split(/\r?\n/).find((l) => l.trim())?.replace(/\s+/g, ' ').trim();
  const title = firstLine ? (firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine) : `${category.nameId}${place ? ` — ${place}` : ''}`.slice(0, 200);
  const extra = [...attrs.lines, ...(addressId !== undefined ? [`ID alamat (address_id): ${addressId}`] : []), ...(mediaUrl ? [`Media: ${mediaUrl}`] : [])];
  const text = description ?? `Laporan ${category.nameId}${place ? ` di ${place}` : ''}.`;
  return {
    type: 'pengaduan',
    title,
    body: extra.length ? `${text}\n\n---\n${extra.join('\n')}` : text,
    categoryCode: category.code,
    organisationCode: jurisdiction.code,
    location: {
      ...(['province', 'regency', 'city'].includes(jurisdiction.type) ? { regionCode: jurisdiction.code } : {}),
      ...(place !== undefined ? { address: place.slice(0, 500) } : {}),
      ...(lat !== undefined && lng !== undefined ? { lat, lng } : {}),
    },
    anonymous: false,
    confidential: false,
    ...(name || email || phone ? { reporter: { name, ...(phone ? { phone } : {}), ...(email ? { email } : {}) } } : {}),
    channel: 'api',
  };
}

export async function fileRequest(ctx: Ctx, actor: ApiKeyActor, form: FormBody, category: Category, jurisdiction: Organisation) {
  const input = complaintFromForm(form, category, jurisdiction);
  const r = await submitComplaint(ctx, actor, input);
  const due = String(r.body.dueAt ?? '');
  return {
    trackingNumber: r.body.trackingNumber,
    notice:
      `Laporan diterima dengan nomor ${r.body.trackingNumber}. Admin ${(r.body.government as { name: string }).name} memverifikasi dan meneruskannya ` +
      `paling lambat ${due}; setelah diverifikasi laporan tampil di GET requests. / Received; it is published once an administrator verifies it.`,
  };
}

// ---------------------------------------------------------------------------------------------
// POST servicerequestupdates

const UPDATE_STATUSES = [
  'OPEN', 'CLOSED', 'FIXED', 'IN_PROGRESS', 'ACTION_SCHEDULED', 'INVESTIGATING', 'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY', 'NO_FURTHER_ACTION', 'INTERNAL_REFERRAL', 'REOPEN', 'FOR_TRIAGE',
];
/** Statuses that mean "done" when a handling unit sends them: its follow-up is final. */
const FINISHING = new Set(['CLOSED', 'FIXED', 'NO_FURTHER_ACTION', 'DUPLICATE', 'NOT_COUNCILS_RESPONSIBILITY']);

/**
 * Posts an update. The key's party on the complaint decides what it becomes:
 * - the unit's handler (scope `act`, its unit holds the complaint): `respond` — final for a
 *   finishing status (CLOSED, FIXED, …), an interim follow-up otherwise;
 * - the key that filed it: the reporter's `reply`, whatever the status (a system relaying a
 *   citizen cannot close the case on the government's behalf);
 * - anyone else: refused like the native action would be (404 when it may not see the request).
 * The client's update_id makes a retry safe: the same update_id of the same key answers with the
 * first result and changes nothing. One transaction.
 */
export async function postUpdate(ctx: Ctx, actor: ApiKeyActor, form: FormBody): Promise<{ updateId: string }> {
  const problems: string[] = [];
  const need = (k: string) => {
    try {
      const v = field(form, k);
      if (v === undefined) problems.push(`${k} is required`);
      return v;
    } catch (e) {
      problems.push((e as Error).message);
      return undefined;
    }
  };
  const trk = need('service_request_id');
  const clientUpdateId = need('update_id');
  const status = need('status')?.toUpperCase();
  const updated = need('updated_datetime');
  const description = need('description');
  if (status !== undefined && !UPDATE_STATUSES.includes(status)) problems.push(`status must be one of ${UPDATE_STATUSES.join(', ')}`);
  if (updated !== undefined && !parseW3c(updated)) problems.push('updated_datetime must be a W3C date-time with a time zone');
  if (description !== undefined && description.length > MAX_DESCRIPTION) problems.push(`description is longer than ${MAX_DESCRIPTION} characters`);
  if (description !== undefined && description.includes('\u0000')) problems.push('description may not contain NUL characters');
  if (clientUpdateId !== undefined && clientUpdateId.length > 200) problems.push('update_id is longer than 200 characters');
  if (problems.length) throw badRequests(problems);

  const scope = `open311:update:k${actor.keyId}`;
  return ctx.db.tx(async (q: Queryable) => {
    const claimed = await q.query(
      `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at)
       VALUES ($1, $2, $3, 0, '{}'::jsonb, $4) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, clientUpdateId!, `${trk}`, ctx.clock.now()],
    );
    if (claimed.rowCount === 0) {
      const prev = (await q.query<{ request_hash: string; response: { updateId: string } }>('SELECT request_hash, response FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, clientUpdateId!])).rows[0]!;
      if (prev.request_hash !== trk) throw badRequest('This update_id was already used for another service_request_id', 409);
      return prev.response;
    }
    const c = await findComplaint(q, trk!);
    if (!c) throw notFound(`service_request_id ${trk} not found`);
    const parties = partiesOf(actor, factsOf(c));
    const message = description!;
    try {
      const opts = { tx: q };
      if (parties.has('handler')) {
        await performAction(ctx, actor, trk!, 'respond', { message, final: FINISHING.has(status!) }, opts);
      } else {
        await performAction(ctx, actor, trk!, 'reply', { message }, opts);
      }
    } catch (err) {
      if (err instanceof AppError && err.status === 404) throw notFound(`service_request_id ${trk} not found`);
      if (err instanceof AppError && err.status === 403) throw new Open311Error(403, [{ code: 403, description: 'This api_key may post updates only to requests it filed or its unit handles' }]);
      throw err;
    }
    const id = (await q.query<{ id: number }>('SELECT max(id) AS id FROM complaint_events WHERE complaint_id = $1', [c.id])).rows[0]!.id;
    const response = { updateId: String(id) };
    await q.query('UPDATE idempotency_keys SET status_code = 200, response = $3 WHERE scope = $1 AND key = $2', [scope, clientUpdateId!, JSON.stringify(response)]);
    return response;
  });
}
