// An incoming SMS, handled exactly once.
//
// Kannel gives every message an id (%I) and may deliver a message more than once (a retry after a
// timeout, a restart), even twice at the same time. One transaction does all of it:
//
//   1. INSERT the message into sms_inbound … ON CONFLICT (gateway_id) DO NOTHING — the claim;
//   2. the command it carries: file the complaint, take the reply/rate step, read the status;
//   3. queue the reply SMS (sms_outbound);
//   4. record the outcome on the sms_inbound row; COMMIT.
//
// A second delivery finds the id taken and does nothing (it answers 200 so that Kannel stops). On
// PostgreSQL a concurrent second delivery waits on the unique index until the first commits, then
// finds it taken; if the first rolled back, the second does the work. A crash anywhere before the
// commit leaves nothing behind, so Kannel's retry starts afresh; after the commit every effect
// exists exactly once. This is why the complaint commands take an optional transaction
// (CommandOptions.tx) instead of opening their own — the alternative (claim first, then use
// submitComplaint's idempotency key) would leave a claimed-but-unhandled message after a crash
// between the steps, and BALAS/NILAI have no idempotency key at all.
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../config';
import { AppError } from '../../platform/errors';
import { submissionLimits, takeTokens, type SubmitRateConfig } from '../../platform/rate-limit';
import { GUEST } from '../access/actor';
import { performAction, submitComplaint, type Ctx, type NewComplaint } from '../complaints/commands';
import { findComplaint, type ComplaintRow } from '../complaints/repository';
import { allowedFrom, STATUS_LABELS } from '../complaints/lifecycle';
import { parseSms, titleFrom, type SmsCommand } from './parse';
import { normalisePhone, samePhone } from './phone';
import { queueSms, type SmsKind } from './outbound';
import { Replies } from './replies';

export interface SmsCtx {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'smsShortCode' | 'attachmentsDir'> & Partial<SubmitRateConfig>;
}

export interface InboundSms {
  /** Kannel's message id (%I): the key of exactly-once handling. */
  gatewayId: string;
  from: string;
  to: string;
  text: string;
  gatewayTime?: string | null;
}

export type SmsOutcome = 'filed' | 'status' | 'replied' | 'rated' | 'not_found' | 'refused' | 'help' | 'ignored';

export interface InboundResult {
  /** True when this gateway id was handled before: nothing was done this time. */
  duplicate: boolean;
  command?: SmsCommand['kind'] | 'ignored';
  outcome?: SmsOutcome;
  complaintId?: number | null;
  replyId?: number | null;
}

interface Handled {
  outcome: SmsOutcome;
  complaintId?: number | null;
  reply?: { text: string; kind: SmsKind; secret?: string };
}

/** Bodies longer than a complaint may hold are cut (a 255-part concatenated SMS is ~39,000 characters). */
const MAX_BODY = 10_000;
/** A phone that keeps sending text we do not understand gets the help text once in this window. */
const HELP_REPEAT_MS = 10 * 60_000;

export async function receiveSms(ctx: SmsCtx, m: InboundSms): Promise<InboundResult> {
  const now = ctx.clock.now();
  const text = m.text.replace(/\u0000/g, '');
  const phone = normalisePhone(m.from);
  return ctx.db.tx(async (q) => {
    const claimed = await q.query<{ id: number }>(
      `INSERT INTO sms_inbound (gateway_id, from_number, from_phone, to_number, text, gateway_time, received_at, command, outcome)
       VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 'pending')
       ON CONFLICT (gateway_id) DO NOTHING RETURNING id`,
      [m.gatewayId, m.from, phone, m.to, text, m.gatewayTime ?? null, now],
    );
    const inboundId = claimed.rows[0]?.id;
    if (inboundId === undefined) return { duplicate: true };

    // Senders that are not Indonesian mobile numbers (operator notices, alphanumeric senders, our
    // own short code) get no answer: no help loop with another machine.
    const command = phone ? parseSms(text) : null;
    const handled: Handled = phone && command ? await handle(q, ctx, phone, command, now) : { outcome: 'ignored' };
    let replyId: number | null = null;
    if (handled.reply && phone) {
      replyId = await queueSms(q, { to: phone, text: handled.reply.text, secret: handled.reply.secret, kind: handled.reply.kind, complaintId: handled.complaintId ?? null }, now);
    }
    const kind = command?.kind ?? 'ignored';
    await q.query('UPDATE sms_inbound SET command = $2, outcome = $3, complaint_id = $4, reply_id = $5 WHERE id = $1', [
      inboundId,
      kind,
      handled.outcome,
      handled.complaintId ?? null,
      replyId,
    ]);
    return { duplicate: false, command: kind, outcome: handled.outcome, complaintId: handled.complaintId ?? null, replyId };
  });
}

/** Runs a complaint command in a savepoint: a refusal (AppError) is undone and returned, anything else propagates. */
async function attempt<T>(q: Queryable, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: AppError }> {
  await q.query('SAVEPOINT sms_command');
  try {
    const value = await fn();
    await q.query('RELEASE SAVEPOINT sms_command');
    return { ok: true, value };
  } catch (err) {
    await q.query('ROLLBACK TO SAVEPOINT sms_command');
    if (err instanceof AppError) return { ok: false, error: err };
    throw err;
  }
}

async function handle(q: Queryable, ctx: SmsCtx, phone: string, cmd: SmsCommand, now: Date): Promise<Handled> {
  const cctx: Ctx = { db: ctx.db, clock: ctx.clock, attachmentsDir: ctx.config.attachmentsDir };
  switch (cmd.kind) {
    case 'help': {
      const recent = await q.query('SELECT 1 FROM sms_outbound WHERE to_number = $1 AND kind = $2 AND created_at > $3 LIMIT 1', [
        phone,
        'help',
        new Date(now.getTime() - HELP_REPEAT_MS),
      ]);
      return recent.rows.length > 0 ? { outcome: 'help' } : { outcome: 'help', reply: { kind: 'help', text: Replies.help(cmd.reason) } };
    }

    case 'lapor': {
      let region: RegionMatch | null = null;
      if (cmd.region) {
        const found = await resolveRegion(q, cmd.region);
        if (found.length === 0) return { outcome: 'refused', reply: { kind: 'refused', text: Replies.unknownRegion(cmd.region) } };
        if (found.length > 1) return { outcome: 'refused', reply: { kind: 'refused', text: Replies.ambiguousRegion(cmd.region, found.map((r) => r.keyword)) } };
        region = found[0]!;
      }
      const body = [...cmd.text].length > MAX_BODY ? [...cmd.text].slice(0, MAX_BODY).join('') : cmd.text;
      const input: NewComplaint = {
        type: 'pengaduan',
        title: titleFrom(body),
        body,
        channel: 'sms',
        anonymous: !cmd.open,
        confidential: false,
        reporter: { name: '', phone },
        ...(region ? { location: { regionCode: region.code } } : {}),
      };
      // Submission rate limit per phone (platform/rate-limit.ts); Kannel's message id already makes a redelivery free.
      if (ctx.config.submitRatePerAccountPerHour !== undefined) {
        const limit = await takeTokens(q, submissionLimits(ctx.config as SubmitRateConfig, { contact: { phone } }), now);
        if (!limit.ok) {
          const minutes = Math.max(1, Math.ceil(limit.retryAfterSeconds / 60));
          return { outcome: 'refused', reply: { kind: 'refused', text: `Terlalu banyak laporan dari nomor ini. Coba lagi dalam ${minutes} menit.` } };
        }
      }
      const r = await attempt(q, () => submitComplaint(cctx, GUEST, input, [], undefined, { tx: q }));
      if (!r.ok) return { outcome: 'refused', reply: { kind: 'refused', text: Replies.failed() } };
      const { trackingNumber, accessCode } = r.value.body;
      const id = (await q.query<{ id: number }>('SELECT id FROM complaints WHERE tracking_number = $1', [trackingNumber])).rows[0]!.id;
      return {
        outcome: 'filed',
        complaintId: id,
        reply: {
          kind: 'confirmation',
          secret: accessCode,
          text: Replies.filed({ trackingNumber, anonymous: !cmd.open, shortCode: ctx.config.smsShortCode, region: region?.name ?? null }),
        },
      };
    }

    case 'cek': {
      const c = await ownComplaint(q, cmd.tracking, phone);
      if (!c) return notFound(cmd.tracking);
      return {
        outcome: 'status',
        complaintId: c.id,
        reply: {
          kind: 'status',
          text: Replies.status({
            trackingNumber: c.tracking_number,
            statusLabel: STATUS_LABELS[c.status].id,
            unit: c.holder_org_name ?? c.admin_org_name,
            dueAt: c.due_at ? new Date(c.due_at) : null,
            dueKind: c.due_kind,
            timeZone: c.holder_time_zone ?? c.admin_time_zone,
            canRate: allowedFrom('rate', c.status) && c.rating === null,
          }),
        },
      };
    }

    case 'balas': {
      const c = await ownComplaint(q, cmd.tracking, phone, true);
      if (!c) return notFound(cmd.tracking);
      const refused = { outcome: 'refused', complaintId: c.id, reply: { kind: 'refused', text: Replies.replyRefused(c.tracking_number, STATUS_LABELS[c.status].id) } } as const;
      if (!allowedFrom('reply', c.status)) return refused;
      const r = await attempt(q, () =>
        performAction(cctx, GUEST, c.tracking_number, 'reply', { message: cmd.text.slice(0, MAX_BODY) }, { tx: q, isReporter: (row) => samePhone(row.reporter_phone, phone) }),
      );
      if (!r.ok) return r.error.status === 409 ? refused : { outcome: 'refused', complaintId: c.id, reply: { kind: 'refused', text: Replies.failed() } };
      return { outcome: 'replied', complaintId: c.id, reply: { kind: 'reply_ack', text: Replies.replied(c.tracking_number) } };
    }

    case 'nilai': {
      const c = await ownComplaint(q, cmd.tracking, phone, true);
      if (!c) return notFound(cmd.tracking);
      const label = STATUS_LABELS[c.status].id;
      if (c.rating !== null) return { outcome: 'refused', complaintId: c.id, reply: { kind: 'refused', text: Replies.alreadyRated(c.tracking_number) } };
      if (!allowedFrom('rate', c.status)) return { outcome: 'refused', complaintId: c.id, reply: { kind: 'refused', text: Replies.notRateable(c.tracking_number, label) } };
      const r = await attempt(q, () =>
        performAction(cctx, GUEST, c.tracking_number, 'rate', { score: cmd.score, ...(cmd.comment ? { comment: cmd.comment.slice(0, 2000) } : {}) }, { tx: q, isReporter: (row) => samePhone(row.reporter_phone, phone) }),
      );
      if (!r.ok) {
        const text = r.error.code === 'already_rated' ? Replies.alreadyRated(c.tracking_number) : r.error.status === 409 ? Replies.notRateable(c.tracking_number, label) : Replies.failed();
        return { outcome: 'refused', complaintId: c.id, reply: { kind: 'refused', text } };
      }
      return { outcome: 'rated', complaintId: c.id, reply: { kind: 'rating_ack', text: Replies.rated(c.tracking_number, cmd.score) } };
    }
  }
}

/** The complaint, if it exists and was filed with this phone; otherwise nothing, whichever the reason. */
async function ownComplaint(q: Queryable, tracking: string, phone: string, forUpdate = false): Promise<ComplaintRow | undefined> {
  const c = await findComplaint(q, tracking, { forUpdate });
  return c && samePhone(c.reporter_phone, phone) ? c : undefined;
}

const notFound = (tracking: string): Handled => ({ outcome: 'not_found', reply: { kind: 'not_found', text: Replies.notFound(tracking) } });

// ---------------------------------------------------------------------------------------------
// Region keywords

export interface RegionMatch {
  code: string;
  name: string;
  type: 'regency' | 'city';
  /** How to write it unambiguously: "KAB MALANG", "KOTA MALANG". */
  keyword: string;
}

/** Upper case, anything but letters and digits as single spaces. */
const normaliseName = (s: string) =>
  s
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/**
 * The regencies/cities a region keyword names: "BULELENG", "KAB BULELENG", "KABUPATEN BULELENG",
 * "KOTA DENPASAR", "DENPASAR". More than one when a Kabupaten and a Kota share the name and the
 * keyword does not say which.
 */
export async function resolveRegion(q: Queryable, keyword: string): Promise<RegionMatch[]> {
  let name = normaliseName(keyword);
  let type: 'regency' | 'city' | null = null;
  const prefix = /^(KABUPATEN|KAB|KOTA) (.+)$/.exec(name);
  if (prefix) {
    type = prefix[1] === 'KOTA' ? 'city' : 'regency';
    name = prefix[2]!;
  }
  if (!name) return [];
  const rows = (
    await q.query<{ code: string; name: string; type: 'regency' | 'city' }>(
      `SELECT code, name, type FROM organisations
        WHERE type IN ('regency', 'city') AND active
          AND btrim(regexp_replace(upper(regexp_replace(name, '^(Kabupaten|Kota)\\s+(Administrasi\\s+)?', '', 'i')), '[^A-Z0-9]+', ' ', 'g')) = $1
          AND ($2::text IS NULL OR type = $2)
        ORDER BY type DESC, code`,
      [name, type],
    )
  ).rows;
  return rows.map((r) => ({ ...r, keyword: `${r.type === 'city' ? 'KOTA' : 'KAB'} ${name}` }));
}
