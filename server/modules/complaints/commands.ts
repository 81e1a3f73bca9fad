// The complaint commands: file a complaint, and take one lifecycle step. Each runs in one
// transaction that writes the complaint row, its timeline entry and its outbox event together.
import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors';
import { emit } from '../../platform/outbox';
import { audit } from '../../platform/audit';
import { grantsOf, primaryRole, type Actor } from '../access/actor';
import { getCategoryByCode } from '../categories';
import { addWorkingDays, cachedCalendarFor, calendarFor, daysFor, extendForPause, type DueKind, type ResolutionClass, type WorkingCalendar } from '../deadlines';
import {
  ancestorsOf,
  cachedAncestorsOf,
  cachedOrgByCode,
  getDistrict,
  getOrgByCode,
  getOrgById,
  governmentIn,
  isWithin,
  requireOrg,
  ROOT_CODE,
  type District,
  type Organisation,
} from '../organisations';
import { TtlCache } from '../../platform/ttl-cache';
import { allowedFrom, LIFECYCLE, nextStatus, REOPEN_WINDOW_DAYS, type Action, type Party, type Status, type Transition } from './lifecycle';
import { mayTake, partiesOf, readLevel, type Access } from './permissions';
import { findComplaint, factsOf, type ComplaintRow } from './repository';
import { hashAccessCode, newAccessCode, newTrackingNumber, timingSafeEqualHex } from './tracking';
import { storeFile, type SanitisedFile } from './attachments';
import { scoreAtIntake } from '../triage';

export interface Ctx {
  db: Db;
  clock: Clock;
  attachmentsDir: string;
}

// ---------------------------------------------------------------------------------------------
// Intake

export interface NewComplaint {
  type: 'pengaduan' | 'aspirasi' | 'informasi';
  title: string;
  body: string;
  categoryCode?: string;
  organisationCode?: string;
  occurredAt?: string;
  location?: { regionCode?: string; districtCode?: string; address?: string; lat?: number; lng?: number };
  anonymous?: boolean;
  confidential?: boolean;
  reporter?: { name: string; phone?: string; email?: string };
  channel?: 'web' | 'mobile' | 'sms' | 'api' | 'federation';
  /** The filing system's own id; only from an API key, unique per key (complaints/external.ts). */
  externalId?: string;
}

export interface SubmitResult {
  status: number;
  body: Record<string, unknown> & { trackingNumber: string; accessCode: string };
}

/**
 * Optional, for callers that run a command as one step of their own work. The SMS channel records
 * an incoming message, the complaint or step it causes and the reply SMS in one transaction, so
 * that a message delivered twice is handled exactly once.
 */
export interface CommandOptions {
  /** Run inside this open transaction instead of opening one; the caller commits or rolls back. */
  tx?: Queryable;
  /**
   * performAction only: the caller has proven by its own means that it is the complaint's reporter
   * (SMS: the message came from the phone the complaint was filed with). Checked on the locked row
   * and then treated like a valid access code.
   */
  isReporter?: (c: ComplaintRow) => boolean;
}

const inTx = <T>(ctx: Ctx, opts: CommandOptions, fn: (q: Queryable) => Promise<T>): Promise<T> => (opts.tx ? fn(opts.tx) : ctx.db.tx(fn));

const ADMIN_TYPES = new Set(['regency', 'city', 'province', 'ministry', 'oversight', 'root']);

interface Resolved {
  admin: Organisation;
  suggested: Organisation | null;
  categoryId: number | null;
  district: District | null;
  provincePath: string | null;
  calendar: WorkingCalendar;
}

/** The reference data intake reads: from the per-process caches, or from the caller's transaction. */
interface Reference {
  orgByCode(code: string): Promise<Organisation | undefined>;
  ancestors(org: Organisation): Promise<readonly Organisation[]>;
  categoryId(code: string): Promise<number | undefined>;
  calendar(org: Organisation): Promise<WorkingCalendar>;
}

// A category's id never changes for its code (categories are upserted by code, never deleted).
const categoryIds = new TtlCache<number>(60_000);

const cachedReference = (db: Db): Reference => ({
  orgByCode: (code) => cachedOrgByCode(db, code),
  ancestors: (org) => cachedAncestorsOf(db, org),
  categoryId: (code) => categoryIds.get(db, code, async () => (await getCategoryByCode(db, code))?.id),
  calendar: (org) => cachedCalendarFor(db, org),
});

const reference = (q: Queryable): Reference => ({
  orgByCode: (code) => getOrgByCode(q, code),
  ancestors: (org) => ancestorsOf(q, org),
  categoryId: async (code) => (await getCategoryByCode(q, code))?.id,
  calendar: (org) => calendarFor(q, org),
});

const REGENCY_TYPES = new Set(['regency', 'city']);

/**
 * The district must lie in the regency the complaint is about: the one given as the region, else
 * the government of the suggested organisation. Without a regency there is nothing to check it
 * against, so it is refused rather than guessed.
 */
async function resolveDistrict(q: Queryable, input: NewComplaint, region: Organisation | undefined, admin: Organisation): Promise<District | null> {
  const code = input.location?.districtCode;
  if (code === undefined) return null;
  const regency = region && REGENCY_TYPES.has(region.type) ? region : REGENCY_TYPES.has(admin.type) ? admin : undefined;
  const field = 'location.districtCode';
  if (!regency?.regionCode) throw badRequest('A district needs its regency or city', { [field]: 'choose the regency or city first' });
  const district = await getDistrict(q, code);
  if (!district) throw badRequest('Unknown district', { [field]: 'unknown district code' });
  if (district.regencyCode !== regency.regionCode) throw badRequest('The district is not in this regency or city', { [field]: `not a district of ${regency.regionCode}` });
  return district;
}

/**
 * Checks every code in the request and finds the government whose admin verifies it: from the
 * suggested organisation, else the region, else national. Unknown codes are a 400 on their field.
 */
async function resolveIntake(q: Queryable, ref: Reference, input: NewComplaint): Promise<Resolved> {
  const region = input.location?.regionCode ? await ref.orgByCode(input.location.regionCode) : undefined;
  if (input.location?.regionCode && (!region || !ADMIN_TYPES.has(region.type))) {
    throw badRequest('Unknown region', { 'location.regionCode': 'unknown region code' });
  }
  const categoryId = input.categoryCode ? await ref.categoryId(input.categoryCode) : undefined;
  if (input.categoryCode && categoryId === undefined) throw badRequest('Unknown category', { categoryCode: 'unknown category code' });
  let suggested: Organisation | null = null;
  let admin: Organisation;
  if (input.organisationCode) {
    const org = await ref.orgByCode(input.organisationCode);
    if (!org || !org.active) throw badRequest(`Unknown organisation ${input.organisationCode}`, { organisationCode: 'unknown organisation code' });
    suggested = org;
    admin = governmentIn(await ref.ancestors(org));
  } else {
    admin = region ?? (await ref.orgByCode(ROOT_CODE))!;
  }
  const district = await resolveDistrict(q, input, region, admin);
  const provincePath = (await ref.ancestors(admin)).find((o) => o.type === 'province')?.path ?? null;
  return { admin, suggested, categoryId: categoryId ?? null, district, provincePath, calendar: await ref.calendar(admin) };
}

async function due(q: Queryable, org: Organisation, from: Date, kind: DueKind, cls?: ResolutionClass | null): Promise<Date> {
  return addWorkingDays(await calendarFor(q, org), from, daysFor(kind, cls ?? 'ordinary'), org.timeZone);
}

function validateIntake(input: NewComplaint, actor: Actor): void {
  const fields: Record<string, string> = {};
  if (!input.title.trim()) fields.title = 'must not be empty';
  if (!input.body.trim()) fields.body = 'must not be empty';
  if (actor.kind !== 'user' && input.channel !== 'sms' && input.channel !== 'api' && input.channel !== 'federation') {
    if (!input.reporter?.name?.trim()) fields['reporter.name'] = 'required for guests';
    if (!input.reporter?.phone && !input.reporter?.email) fields['reporter.phone'] = 'a phone number or an email is required for guests';
  }
  const { lat, lng } = input.location ?? {};
  if ((lat === undefined) !== (lng === undefined)) fields['location.lat'] = 'lat and lng go together';
  if (input.externalId !== undefined && actor.kind !== 'apikey') fields.externalId = 'accepted only from an API key';
  if (Object.keys(fields).length) throw badRequest('The complaint is incomplete', fields);
}

/**
 * Files a complaint. With an idempotency key, a retry of the same request returns the first
 * response (and a different request with the same key is refused); concurrent retries wait for
 * the first to commit.
 */
export async function submitComplaint(
  ctx: Ctx,
  actor: Actor,
  input: NewComplaint,
  files: SanitisedFile[] = [],
  idempotencyKey?: string,
  opts: CommandOptions = {},
): Promise<SubmitResult> {
  // An integration files through the 'api' channel, and only with the submit scope.
  if (actor.kind === 'apikey') {
    if (!actor.scopes.includes('submit')) throw forbidden('This API key may not submit complaints (it lacks the submit scope)');
    input = { ...input, channel: 'api' };
  }
  validateIntake(input, actor);
  const now = ctx.clock.now();
  const requestHash = crypto
    .createHash('sha256')
    .update(JSON.stringify(input))
    .update(files.map((f) => crypto.createHash('sha256').update(f.data).digest('hex')).join(','))
    .digest('hex');
  const scope = `complaint:create:${actor.kind === 'user' ? `u${actor.userId}` : actor.kind === 'apikey' ? `k${actor.keyId}` : 'guest'}`;

  // Every code is checked before a file is written, so a refused request leaves nothing behind.
  // Inside a caller's transaction (SMS) the check must use it: PGlite has one connection; and the
  // caches must not be filled from it, as it may roll back.
  const resolved = await resolveIntake(opts.tx ?? ctx.db, opts.tx ? reference(opts.tx) : cachedReference(ctx.db), input);
  // Files next, outside the transaction: content-addressed and fsynced, so a complaint that commits
  // always has its files; only a failure of the database itself can leave an unreferenced file.
  const stored: ({ file: SanitisedFile } & Awaited<ReturnType<typeof storeFile>>)[] = [];
  for (const f of files) stored.push({ file: f, ...(await storeFile(ctx.attachmentsDir, f.data)) });

  return inTx(ctx, opts, async (q) => {
    if (idempotencyKey) {
      const claimed = await q.query(
        `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response, created_at)
         VALUES ($1, $2, $3, 0, '{}'::jsonb, $4) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, idempotencyKey, requestHash, now],
      );
      if (claimed.rowCount === 0) {
        const prev = (
          await q.query<{ request_hash: string; status_code: number; response: SubmitResult['body'] }>(
            'SELECT request_hash, status_code, response FROM idempotency_keys WHERE scope = $1 AND key = $2',
            [scope, idempotencyKey],
          )
        ).rows[0]!;
        if (prev.request_hash !== requestHash) throw new AppError(422, 'idempotency_key_reused', 'This Idempotency-Key was used for a different request');
        return { status: prev.status_code, body: prev.response };
      }
    }

    const { admin, suggested, categoryId, district, provincePath } = resolved;
    const accessCode = newAccessCode();
    const dueAt = addWorkingDays(resolved.calendar, now, daysFor('verification'), admin.timeZone);
    const reporterUserId = actor.kind === 'user' ? actor.userId : null;
    const reporterName = input.reporter?.name?.trim() || (actor.kind === 'user' ? actor.displayName : null);
    const apiKeyId = actor.kind === 'apikey' ? actor.keyId : null;
    const channel = input.channel ?? 'web';
    const scores = await scoreAtIntake(q, input, admin.path, now);
    let id: number | undefined;
    let trackingNumber = '';
    let body: SubmitResult['body'] | undefined;
    // A collision of random tracking numbers is rare; try again with another.
    for (let attempt = 0; id === undefined && attempt < 5; attempt++) {
      trackingNumber = newTrackingNumber();
      body = {
        trackingNumber,
        accessCode,
        status: 'submitted' as Status,
        dueAt: dueAt.toISOString(),
        createdAt: now.toISOString(),
        government: { code: admin.code, name: admin.name },
        attachments: stored.length,
      };
      // The row, its timeline entry, its outbox event and the stored response in one statement (one
      // round trip); when the tracking number collides, none of them is written. The event's due_at
      // is given: its trigger cannot see a row written by the same statement.
      const r = await q.query<{ id: number }>(
        `WITH c AS (
           INSERT INTO complaints (tracking_number, access_code_hash, type, title, body, category_id, status, channel,
              admin_org_id, admin_org_path, province_path, suggested_org_id, occurred_at, region_code, address, lat, lng,
              anonymous, confidential, reporter_user_id, reporter_name, reporter_phone, reporter_email,
              created_at, updated_at, due_at, due_kind, api_key_id, external_id, district_code,
              spam_score, spam_reasons, quality_score)
           VALUES ($1, $2, $3, $4, $5, $6, 'submitted', $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $23, $24, 'verification', $25, $26, $27,
              $28, $29, $30)
           ON CONFLICT (tracking_number) DO NOTHING RETURNING id
         ), e AS (
           INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_user_id, actor_role, message, actor_api_key_id, due_at)
           SELECT id, $23, 'submit', NULL, 'submitted', $19, 'reporter', NULL, $25, $24 FROM c
         ), o AS (
           INSERT INTO outbox (type, aggregate_id, payload, created_at, available_at)
           SELECT 'complaint.submitted', id, $31::jsonb, $23, $23 FROM c
         ), k AS (
           UPDATE idempotency_keys SET status_code = 201, response = $34::jsonb WHERE scope = $32 AND key = $33 AND EXISTS (SELECT 1 FROM c)
         )
         SELECT id FROM c`,
        [
          trackingNumber,
          hashAccessCode(accessCode),
          input.type,
          input.title.trim(),
          input.body.trim(),
          categoryId,
          channel,
          admin.id,
          admin.path,
          provincePath,
          suggested?.id ?? null,
          input.occurredAt ?? null,
          // A district names its regency exactly, even when the region given was the province.
          district?.regencyCode ?? input.location?.regionCode ?? admin.regionCode,
          input.location?.address ?? null,
          input.location?.lat ?? null,
          input.location?.lng ?? null,
          input.anonymous ?? false,
          input.confidential ?? false,
          reporterUserId,
          reporterName,
          input.reporter?.phone ?? null,
          input.reporter?.email?.toLowerCase() ?? null,
          now,
          dueAt,
          apiKeyId,
          input.externalId ?? null,
          district?.code ?? null,
          scores.spam.score,
          scores.spam.reasons,
          scores.quality,
          JSON.stringify({ trackingNumber, adminOrg: admin.code, channel }),
          scope,
          idempotencyKey ?? null,
          JSON.stringify(body),
        ],
      );
      id = r.rows[0]?.id;
    }
    if (id === undefined) throw new Error('could not allocate a tracking number');
    for (const s of stored) {
      await q.query(
        `INSERT INTO attachments (complaint_id, storage_key, sha256, content_type, kind, size, width, height, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, s.storageKey, s.sha256, s.file.contentType, s.file.kind, s.size, s.file.width ?? null, s.file.height ?? null, now],
      );
    }
    return { status: 201, body: body! };
  });
}

// ---------------------------------------------------------------------------------------------
// Lifecycle steps

export interface ActionInput {
  organisationCode?: string;
  categoryCode?: string;
  title?: string;
  anonymous?: boolean;
  confidential?: boolean;
  reason?: string;
  note?: string;
  message?: string;
  final?: boolean;
  score?: number;
  comment?: string;
  accessCode?: string;
  /** merge: the complaint this one is merged into. */
  targetTrackingNumber?: string;
}

export function accessCodeMatches(c: Pick<ComplaintRow, 'access_code_hash'>, code: string | undefined): boolean {
  return !!code && timingSafeEqualHex(hashAccessCode(code), c.access_code_hash);
}

/** The change an action makes besides its status: columns to set and the timeline message. */
interface Effect {
  set?: Record<string, unknown>;
  status?: Status;
  message?: string | null;
  data?: Record<string, unknown>;
}

interface StepCtx {
  q: Queryable;
  actor: Actor;
  c: ComplaintRow;
  input: ActionInput;
  now: Date;
}

/** The unit a complaint is routed to must be a unit (or ministry) inside the acting admin's reach. */
async function routingTarget(s: StepCtx): Promise<Organisation> {
  const target = await requireOrg(s.q, s.input.organisationCode!);
  if (!['unit', 'subunit', 'ministry'].includes(target.type)) {
    throw badRequest('Complaints are routed to a unit, not to a region', { organisationCode: 'not a unit' });
  }
  const reach = grantsOf(s.actor).some((g) => g.role === 'national_admin' || (g.role === 'org_admin' && g.org && isWithin(target.path, g.org.path)));
  if (!reach) throw badRequest('That unit is outside your organisation', { organisationCode: 'outside your organisation' });
  return target;
}

async function holderOf(s: StepCtx): Promise<Organisation> {
  return (await getOrgById(s.q, s.c.holder_org_id ?? s.c.admin_org_id))!;
}

const dueSet = (dueAt: Date | null, kind: DueKind | null) => ({ due_at: dueAt, due_kind: kind });

const EFFECTS: Record<Action, (s: StepCtx) => Promise<Effect>> = {
  async verify(s) {
    const target = await routingTarget(s);
    const category = s.input.categoryCode ? await getCategoryByCode(s.q, s.input.categoryCode) : undefined;
    if (s.input.categoryCode && !category) throw badRequest('Unknown category', { categoryCode: 'unknown category code' });
    const admin = grantsOf(s.actor).find((g) => g.role === 'org_admin' || g.role === 'national_admin');
    return {
      set: {
        holder_org_id: target.id,
        holder_org_path: target.path,
        routed_by_user_id: s.actor.kind === 'user' ? s.actor.userId : null,
        routed_by_org_id: admin?.org?.id ?? null,
        routed_at: s.now,
        verified_at: s.now,
        ...(category ? { category_id: category.id } : {}),
        ...(s.input.title?.trim() ? { title: s.input.title.trim() } : {}),
        // An admin may add protection the content calls for, never lift what the reporter asked for.
        ...(s.input.anonymous ? { anonymous: true } : {}),
        ...(s.input.confidential ? { confidential: true } : {}),
        ...dueSet(await due(s.q, target, s.now, 'first_response'), 'first_response'),
      },
      message: s.input.note ?? null,
      data: { organisation: target.code },
    };
  },
  async reject(s) {
    return { set: dueSet(null, null), message: s.input.reason };
  },
  async hold(s) {
    return { set: { hold_started_at: s.now, status_before_hold: s.c.status }, message: s.input.reason };
  },
  async resume(s) {
    const org = await holderOf(s);
    const dueAt = s.c.due_at && s.c.hold_started_at ? extendForPause(await calendarFor(s.q, org), s.c.due_at, s.c.hold_started_at, s.now, org.timeZone) : s.c.due_at;
    return { set: { hold_started_at: null, status_before_hold: null, due_at: dueAt }, message: s.input.note ?? null };
  },
  async accept(s) {
    return { message: s.input.note ?? null };
  },
  async assign(s) {
    const target = await requireOrg(s.q, s.input.organisationCode!);
    const own = grantsOf(s.actor).some((g) => g.role === 'liaison' && g.org && isWithin(target.path, g.org.path) && target.path !== g.org.path);
    if (target.type !== 'subunit' || !own) throw badRequest('Assign to a sub-unit of your own unit', { organisationCode: 'not a sub-unit of your unit' });
    return { set: { holder_org_id: target.id, holder_org_path: target.path }, message: s.input.note ?? null, data: { organisation: target.code } };
  },
  async return(s) {
    // Back to the admins of the complaint's government (Buleleng: "dikembalikan ke Admin di bagian
    // Organisasi untuk diteruskan"); whoever routed it is in the timeline.
    const government = (await getOrgById(s.q, s.c.admin_org_id))!;
    return {
      set: { holder_org_id: null, holder_org_path: null, ...dueSet(await due(s.q, government, s.now, 'verification'), 'verification') },
      message: s.input.reason,
      data: { from: s.c.holder_org_code },
    };
  },
  async forward(s) {
    const target = await routingTarget(s);
    return {
      set: {
        holder_org_id: target.id,
        holder_org_path: target.path,
        routed_by_user_id: s.actor.kind === 'user' ? s.actor.userId : null,
        routed_at: s.now,
        ...dueSet(await due(s.q, target, s.now, 'first_response'), 'first_response'),
      },
      message: s.input.note ?? null,
      data: { organisation: target.code, from: s.c.holder_org_code },
    };
  },
  async respond(s) {
    const org = await holderOf(s);
    const interim = s.input.final === false;
    const firstResponse = s.c.first_response_at ?? s.now;
    if (interim) {
      const from = s.c.routed_at ?? s.now;
      let dueAt = await due(s.q, org, from, 'resolution', s.c.resolution_class);
      if (dueAt < s.now) dueAt = s.c.due_at ?? dueAt;
      return { status: 'in_progress', set: { first_response_at: firstResponse, ...dueSet(dueAt, 'resolution') }, message: s.input.message, data: { final: false } };
    }
    return {
      set: { first_response_at: firstResponse, responded_at: s.now, ...dueSet(await due(s.q, org, s.now, 'reporter_reply'), 'reporter_reply') },
      message: s.input.message,
      data: { final: true },
    };
  },
  async reply(s) {
    return { message: s.input.message };
  },
  async rate(s) {
    if (s.c.rating !== null) throw conflict('This complaint has already been rated', 'already_rated');
    return {
      set: { rating: s.input.score, rating_comment: s.input.comment?.trim() || null, closed_at: s.c.closed_at ?? s.now, ...dueSet(null, null) },
      message: s.input.comment ?? null,
      data: { score: s.input.score },
    };
  },
  async close(s) {
    return { set: { closed_at: s.now, ...dueSet(null, null) }, message: s.input.note ?? null };
  },
  async reopen(s) {
    const org = await holderOf(s);
    const cal = await calendarFor(s.q, org);
    if (!s.c.closed_at || s.now > addWorkingDays(cal, s.c.closed_at, REOPEN_WINDOW_DAYS, org.timeZone)) {
      throw conflict(`A complaint can be reopened within ${REOPEN_WINDOW_DAYS} working days of closing`, 'reopen_window_passed');
    }
    return {
      // The earlier rating stays in the timeline; the next answer gets its own.
      set: { closed_at: null, rating: null, rating_comment: null, reopen_count: s.c.reopen_count + 1, ...dueSet(await due(s.q, org, s.now, 'resolution', s.c.resolution_class), 'resolution') },
      message: s.input.reason,
    };
  },
  async archive(s) {
    return { set: dueSet(null, null), message: s.input.reason };
  },
  async merge(s) {
    // The target must be another complaint of the same government that this admin may act on; anything else is a 404.
    const target = await findComplaint(s.q, s.input.targetTrackingNumber!, { forUpdate: true });
    if (!target || target.id === s.c.id || target.admin_org_id !== s.c.admin_org_id || !mayTake(s.actor, factsOf(target), 'merge')) throw notFound('Target complaint');
    const merged = (await s.q.query<{ merged_into_id: number | null }>('SELECT merged_into_id FROM complaints WHERE id = $1', [target.id])).rows[0];
    if (merged?.merged_into_id || ['rejected', 'archived', 'closed'].includes(target.status)) throw conflict('The target complaint is no longer open', 'invalid_target');
    const message = `digabung ke ${target.tracking_number}`;
    // The target's timeline records what was merged into it (for its handlers; the reporter of B follows A by its number).
    await s.q.query(
      `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_user_id, actor_role, holder_org_id, message, data, internal)
       VALUES ($1, $2, 'merged_in', $3, $3, $4, $8, $5, $6, $7, true)`,
      [target.id, s.now, target.status, s.actor.kind === 'user' ? s.actor.userId : null, target.holder_org_id, `aduan ${s.c.tracking_number} digabung ke aduan ini`, JSON.stringify({ merged: s.c.tracking_number }), primaryRole(s.actor)],
    );
    return { set: { merged_into_id: target.id, ...dueSet(null, null) }, message: s.input.reason?.trim() ? `${message}: ${s.input.reason.trim()}` : message, data: { mergedInto: target.tracking_number } };
  },
  async escalate(s) {
    return { set: { escalation_level: s.c.escalation_level + 1 }, message: s.input.note ?? null, data: { level: s.c.escalation_level + 1 } };
  },
  async obstacle(s) {
    return { message: s.input.message };
  },
};

function missingFields(action: Action, input: ActionInput): Record<string, string> | undefined {
  const fields: Record<string, string> = {};
  for (const f of LIFECYCLE[action].requires) {
    const v = (input as Record<string, unknown>)[f];
    if (v === undefined || v === null || (typeof v === 'string' && !v.trim())) fields[f] = 'required';
  }
  return Object.keys(fields).length ? fields : undefined;
}

function actingRole(actor: Actor, parties: Set<Party>): { role: string; orgId: number | null } {
  if (parties.has('admin')) {
    const g = grantsOf(actor).find((x) => x.role === 'national_admin') ?? grantsOf(actor).find((x) => x.role === 'org_admin');
    if (g) return { role: g.role, orgId: g.org?.id ?? null };
  }
  if (parties.has('handler')) {
    const g = grantsOf(actor).find((x) => x.role === 'liaison');
    if (g) return { role: g.role, orgId: g.org?.id ?? null };
  }
  if (parties.has('reporter')) return { role: 'reporter', orgId: null };
  return { role: primaryRole(actor), orgId: null };
}

const SETTABLE = new Set([
  'holder_org_id', 'holder_org_path', 'admin_org_id', 'admin_org_path', 'routed_by_user_id', 'routed_by_org_id', 'routed_at',
  'verified_at', 'category_id', 'title', 'anonymous', 'confidential', 'due_at', 'due_kind', 'hold_started_at',
  'status_before_hold', 'first_response_at', 'responded_at', 'closed_at', 'reopen_count', 'rating', 'rating_comment', 'escalation_level',
  'merged_into_id',
]);

/**
 * Takes one lifecycle step. Outcomes: the updated complaint; 404 when the caller may not see it;
 * 403 when they see it but are not a party that may take this action; 409 when the action is not
 * allowed in the current status (or its own rule refuses: already rated, reopen window passed);
 * 400 when a required field is missing. Concurrent steps on one complaint serialise on its row
 * lock, so exactly one of two conflicting steps wins and the other gets 409.
 */
export async function performAction(ctx: Ctx, actor: Actor, trackingNumber: string, action: Action, input: ActionInput, opts: CommandOptions = {}) {
  return inTx(ctx, opts, async (q) => {
    const now = ctx.clock.now();
    const c = await findComplaint(q, trackingNumber, { forUpdate: true });
    if (!c) throw notFound('Complaint');
    const access: Access = { accessCode: accessCodeMatches(c, input.accessCode) || (opts.isReporter?.(c) ?? false) };
    const facts = factsOf(c);
    if (!mayTake(actor, facts, action, access)) {
      if (readLevel(actor, facts, access) === 'none') throw notFound('Complaint');
      throw forbidden(`You may not ${action} this complaint`);
    }
    if (!allowedFrom(action, c.status)) {
      throw conflict(`Cannot ${action} a complaint that is ${c.status}`, 'invalid_transition');
    }
    const missing = missingFields(action, input);
    if (missing) throw badRequest(`Missing ${Object.keys(missing).join(', ')}`, missing);
    // An organisation code an admin registered as hosted by a peer installation goes there:
    // federation files it remotely in this same transaction (imported lazily: federation uses commands).
    if (action === 'verify' || action === 'forward') {
      const remote = await (await import('../federation')).forwardRemote(ctx, q, actor, c, action, input, now);
      if (remote) return (await findComplaint(q, c.tracking_number))!;
    }

    const step: StepCtx = { q, actor, c, input, now };
    const effect = await EFFECTS[action](step);
    const to = effect.status ?? nextStatus(action, c.status, c.status_before_hold);
    const set: Record<string, unknown> = { ...effect.set, status: to, updated_at: now };
    const cols = Object.keys(set).filter((k) => k === 'status' || k === 'updated_at' || SETTABLE.has(k));
    await q.query(`UPDATE complaints SET ${cols.map((k, i) => `${k} = $${i + 2}`).join(', ')} WHERE id = $1`, [c.id, ...cols.map((k) => set[k])]);

    const parties = partiesOf(actor, facts, access);
    const acting = actingRole(actor, parties);
    const holderAfter = 'holder_org_id' in set ? (set.holder_org_id as number | null) : c.holder_org_id;
    await q.query(
      `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_user_id, actor_role, actor_org_id, holder_org_id, message, data, internal, actor_api_key_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
      [c.id, now, action, c.status, to, actor.kind === 'user' ? actor.userId : null, acting.role, acting.orgId, holderAfter, effect.message ?? null, JSON.stringify(effect.data ?? {}), (LIFECYCLE[action] as Transition).internal ?? false, actor.kind === 'apikey' ? actor.keyId : null],
    );
    await emit(q, `complaint.${action}`, c.id, { trackingNumber: c.tracking_number, action, from: c.status, to, holderOrgId: holderAfter, actorRole: acting.role }, now);
    return (await findComplaint(q, c.tracking_number))!;
  });
}

/** A staff read of the reporter's identity or contact data, for the audit log. */
export async function auditIdentityRead(q: Queryable, actor: Actor, c: ComplaintRow, at: Date, address?: string) {
  await audit(q, actor, 'read_reporter_identity', { type: 'complaint', id: c.tracking_number }, { anonymous: c.anonymous }, at, address);
}
