// Outgoing SMS: a queue in the database and a sender through Kannel's sendsms HTTP interface.
//
// queueSms() writes a row in the caller's transaction, so an SMS exists exactly when the change
// that caused it committed. sendDueSms() is called by the worker on every pass: it leases the due
// rows (a short UPDATE, no transaction held while talking to the gateway), sends them and records
// the outcome. A gateway that is down or refuses for a reason that may pass leaves the row queued
// with an exponential backoff; nothing is lost. A concatenated SMS records every part the gateway
// accepted, so a retry sends only the rest.
//
// Delivery to the gateway is at-least-once: a process that dies between Kannel's "202 Accepted" and
// the UPDATE that records it will send that part again when the lease runs out.
import type { Logger } from 'pino';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import type { Config } from '../../config';
import { KANNEL_CODING, planSms, type SmsPlan } from './gsm';
import { ACCESS_CODE_PLACEHOLDER } from './replies';
import { maskPhone, normalisePhone } from './phone';
import { badRequest, forbidden } from '../../platform/errors';
import { audit } from '../../platform/audit';
import { grantsOf, type Actor } from '../access/actor';

export type SmsKind = 'confirmation' | 'status' | 'reply_ack' | 'rating_ack' | 'help' | 'not_found' | 'refused' | 'notice';

export interface NewSms {
  /** An Indonesian mobile number, stored in its canonical form +628… (phone.ts). */
  to: string;
  /** The text; a secret it carries is written as ACCESS_CODE_PLACEHOLDER and given in `secret`. */
  text: string;
  secret?: string | null;
  kind: SmsKind;
  complaintId?: number | null;
}

/** The text as sent: the placeholder replaced by the secret. */
export function renderSms(text: string, secret: string | null | undefined): string {
  return secret ? text.replace(ACCESS_CODE_PLACEHOLDER, secret) : text;
}

/** Writes an SMS to the queue inside the caller's transaction; returns its id. `to` may be written any way phone.ts accepts. */
export async function queueSms(q: Queryable, sms: NewSms, now: Date): Promise<number> {
  const to = normalisePhone(sms.to);
  if (!to) throw new Error('queueSms: not an Indonesian mobile number');
  const plan = planSms(renderSms(sms.text, sms.secret));
  const r = await q.query<{ id: number }>(
    `INSERT INTO sms_outbound (to_number, text, secret, kind, coding, parts, next_attempt_at, complaint_id, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $7) RETURNING id`,
    [to, sms.text, sms.secret ?? null, sms.kind, KANNEL_CODING[plan.coding], plan.parts.length, now, sms.complaintId ?? null],
  );
  return r.rows[0]!.id;
}

// ---------------------------------------------------------------------------------------------
// Sending

export type SmsGatewayConfig = Pick<Config, 'kannelSendsmsUrl' | 'kannelUsername' | 'kannelPassword' | 'smsShortCode'>;
export type FetchLike = (url: string, init?: { method?: string; signal?: AbortSignal }) => Promise<{ status: number; text(): Promise<string> }>;

export const SMS_MAX_ATTEMPTS = 20;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
/** A leased row is not taken by another sender for this long (a sender that died gives it up). */
export const SMS_LEASE_MS = 120_000;
const HTTP_TIMEOUT_MS = 10_000;
const BATCH = 50;

/** Delay before retry number `attempts`: 30 s, 1 min, 2 min, … at most 1 h. */
export function smsBackoffMs(attempts: number): number {
  const n = Math.max(1, Math.min(attempts, 20));
  return Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (n - 1));
}

interface OutboundRow {
  id: number;
  to_number: string;
  text: string;
  secret: string | null;
  parts_sent: number;
  attempts: number;
}

export interface SendResult {
  /** False when no KANNEL_SENDSMS_URL is configured: rows stay queued for the admins' outbox. */
  gateway: boolean;
  sent: number;
  retrying: number;
  failed: number;
}

/** The 6-octet concatenation header (IEI 0x00, 8-bit reference), percent-encoded byte by byte. */
function concatUdh(ref: number, total: number, seq: number): string {
  return [0x05, 0x00, 0x03, ref & 0xff, total, seq].map((b) => `%${b.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

/** The sendsms URL for one part. Built by hand: `udh` carries raw octets that URLSearchParams would UTF-8-encode. */
export function sendsmsUrl(cfg: SmsGatewayConfig, to: string, plan: SmsPlan, partIndex: number, ref: number): string {
  const base = cfg.kannelSendsmsUrl!;
  const params = [
    ['username', cfg.kannelUsername],
    ['password', cfg.kannelPassword],
    ['from', cfg.smsShortCode],
    ['to', to],
    ['text', plan.parts[partIndex]!],
    ['charset', 'UTF-8'],
    ['coding', String(KANNEL_CODING[plan.coding])],
  ].map(([k, v]) => `${k}=${encodeURIComponent(v!)}`);
  if (plan.parts.length > 1) params.push(`udh=${concatUdh(ref, plan.parts.length, partIndex + 1)}`);
  return `${base}${base.includes('?') ? '&' : '?'}${params.join('&')}`;
}

type Outcome = { ok: true; response: string } | { ok: false; permanent: boolean; error: string };

async function sendPart(fetchImpl: FetchLike, url: string): Promise<Outcome> {
  try {
    const res = await fetchImpl(url, { method: 'GET', signal: AbortSignal.timeout(HTTP_TIMEOUT_MS) });
    const body = (await res.text().catch(() => '')).trim().slice(0, 500);
    if (res.status >= 200 && res.status < 300) return { ok: true, response: `${res.status} ${body}`.trim() };
    // Kannel answers 400 for a message it will never take (malformed field, number denied by its
    // lists); 403 (wrong credentials) and 5xx are fixed by an operator or by time: retry those.
    return { ok: false, permanent: res.status === 400, error: `HTTP ${res.status} ${body}`.trim() };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    return { ok: false, permanent: false, error: `${e.name}: ${e.cause?.code ?? e.message}`.slice(0, 500) };
  }
}

/**
 * Sends every queued SMS that is due, through Kannel's sendsms. Called by the worker on each pass
 * (safe to run in several processes at once: rows are leased with SKIP LOCKED).
 */
export async function sendDueSms(
  db: Db,
  clock: Clock,
  config: SmsGatewayConfig,
  fetchImpl: FetchLike = fetch,
  opts: { log?: Logger; shouldStop?: () => boolean } = {},
): Promise<SendResult> {
  const log = opts.log;
  const result: SendResult = { gateway: !!config.kannelSendsmsUrl, sent: 0, retrying: 0, failed: 0 };
  if (!config.kannelSendsmsUrl) return result;
  const seen = new Set<number>();
  let gatewayDown = false;
  while (!gatewayDown && !opts.shouldStop?.()) {
    const now = clock.now();
    const leased = (
      await db.query<OutboundRow>(
        `UPDATE sms_outbound o SET next_attempt_at = $2, attempts = o.attempts + 1
           FROM (SELECT id FROM sms_outbound WHERE status = 'queued' AND next_attempt_at <= $1 AND NOT (id = ANY($4::bigint[]))
                  ORDER BY next_attempt_at, id LIMIT $3 FOR UPDATE SKIP LOCKED) due
          WHERE o.id = due.id
          RETURNING o.id, o.to_number, o.text, o.secret, o.parts_sent, o.attempts`,
        [now, new Date(now.getTime() + SMS_LEASE_MS), BATCH, [...seen]],
      )
    ).rows.sort((a, b) => a.id - b.id);
    if (leased.length === 0) break;
    for (const [i, row] of leased.entries()) {
      if (opts.shouldStop?.()) {
        // Shutting down: give the untried rest back at once, uncharged.
        await db.query('UPDATE sms_outbound SET attempts = attempts - 1, next_attempt_at = $2 WHERE id = ANY($1::bigint[])', [leased.slice(i).map((r) => r.id), now]);
        break;
      }
      seen.add(row.id);
      const plan = planSms(renderSms(row.text, row.secret));
      let outcome: Outcome = { ok: true, response: '' };
      let partsSent = row.parts_sent;
      while (partsSent < plan.parts.length) {
        outcome = await sendPart(fetchImpl, sendsmsUrl(config, row.to_number, plan, partsSent, row.id));
        if (!outcome.ok) break;
        partsSent++;
        if (partsSent < plan.parts.length) {
          await db.query('UPDATE sms_outbound SET parts_sent = $2, gateway_response = $3 WHERE id = $1', [row.id, partsSent, outcome.response]);
        }
      }
      const at = clock.now();
      if (outcome.ok) {
        await db.query(
          `UPDATE sms_outbound SET status = 'sent', parts_sent = $2, gateway_response = $3, sent_at = $4, secret = NULL, last_error = NULL WHERE id = $1`,
          [row.id, partsSent, outcome.response, at],
        );
        result.sent++;
      } else if (outcome.permanent || row.attempts >= SMS_MAX_ATTEMPTS) {
        await db.query(`UPDATE sms_outbound SET status = 'failed', parts_sent = $2, last_error = $3 WHERE id = $1`, [row.id, partsSent, outcome.error]);
        log?.error({ sms: row.id, to: maskPhone(row.to_number), attempts: row.attempts, error: outcome.error }, 'SMS could not be sent; given up');
        result.failed++;
      } else {
        await db.query('UPDATE sms_outbound SET parts_sent = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1', [
          row.id,
          partsSent,
          outcome.error,
          new Date(at.getTime() + smsBackoffMs(row.attempts)),
        ]);
        log?.warn({ sms: row.id, to: maskPhone(row.to_number), attempts: row.attempts, error: outcome.error }, 'SMS gateway refused or unreachable; will retry');
        result.retrying++;
        // The gateway is down for everyone: give the rest of the batch back untried (the attempt
        // they were charged is refunded) to wait as long as this one.
        const rest = leased.slice(i + 1).map((r) => r.id);
        if (rest.length) {
          await db.query('UPDATE sms_outbound SET attempts = attempts - 1, next_attempt_at = $2 WHERE id = ANY($1::bigint[])', [
            rest,
            new Date(at.getTime() + smsBackoffMs(row.attempts)),
          ]);
        }
        gatewayDown = true;
        break;
      }
    }
  }
  if (result.sent + result.failed + result.retrying > 0) log?.info(result, 'SMS sent');
  return result;
}

// ---------------------------------------------------------------------------------------------
// The admins' view

export interface OutboxFilters {
  status?: 'queued' | 'sent' | 'failed';
  limit?: number;
  cursor?: string;
}

interface OutboxRow {
  id: number;
  to_number: string;
  text: string;
  kind: string;
  coding: number;
  parts: number;
  parts_sent: number;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_error: string | null;
  gateway_response: string | null;
  created_at: Date;
  sent_at: Date | null;
  tracking_number: string | null;
}

/**
 * Outgoing SMS, newest first, for national admins (all) and organisation admins (those about
 * complaints of their organisation and below). The reporter's access code is never shown. Every
 * listing is audited: it shows reporters' phone numbers.
 */
export async function listOutbox(q: Queryable, actor: Actor, f: OutboxFilters, ctx: { gatewayConfigured: boolean; now: Date; address?: string }) {
  const grants = grantsOf(actor).filter((g) => g.role === 'national_admin' || (g.role === 'org_admin' && g.org));
  if (grants.length === 0) throw forbidden('Only administrators may read the SMS outbox');
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [];
  if (!grants.some((g) => g.role === 'national_admin')) {
    const paths = p(grants.map((g) => `${g.org!.path}%`));
    where.push(`(c.admin_org_path LIKE ANY(${paths}::text[]) OR c.holder_org_path LIKE ANY(${paths}::text[]))`);
  }
  if (f.status) where.push(`o.status = ${p(f.status)}`);
  if (f.cursor) {
    if (!/^\d{1,18}$/.test(f.cursor)) throw badRequest('Invalid cursor', { cursor: 'invalid' });
    where.push(`o.id < ${p(Number(f.cursor))}`);
  }
  const limit = Math.min(Math.max(f.limit ?? 50, 1), 100);
  const rows = (
    await q.query<OutboxRow>(
      `SELECT o.id, o.to_number, o.text, o.kind, o.coding, o.parts, o.parts_sent, o.status, o.attempts, o.next_attempt_at,
              o.last_error, o.gateway_response, o.created_at, o.sent_at, c.tracking_number
         FROM sms_outbound o LEFT JOIN complaints c ON c.id = o.complaint_id
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY o.id DESC LIMIT ${limit + 1}`,
      params,
    )
  ).rows;
  const page = rows.slice(0, limit);
  await audit(q, actor, 'read_sms_outbox', { type: 'sms_outbox', id: f.status ?? 'all' }, { count: page.length }, ctx.now, ctx.address);
  const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
  return {
    gateway: ctx.gatewayConfigured ? 'kannel' : 'none',
    items: page.map((r) => ({
      id: r.id,
      to: r.to_number,
      text: r.text.replace(ACCESS_CODE_PLACEHOLDER, '[kode akses]'),
      kind: r.kind,
      coding: r.coding === 2 ? 'ucs2' : 'gsm7',
      parts: r.parts,
      partsSent: r.parts_sent,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'queued' ? iso(r.next_attempt_at) : null,
      lastError: r.last_error,
      gatewayResponse: r.gateway_response,
      createdAt: iso(r.created_at)!,
      sentAt: iso(r.sent_at),
      trackingNumber: r.tracking_number,
    })),
    nextCursor: rows.length > limit ? String(page[page.length - 1]!.id) : null,
  };
}

/**
 * The worker task that sends queued SMS (server/jobs/worker.ts `tasks`): register it as
 * `tasks: { sms: smsSenderTask(config) }`. It works at the pass's instant and reports how many SMS
 * it sent, gave up on or rescheduled.
 */
export function smsSenderTask(config: SmsGatewayConfig, fetchImpl: FetchLike = fetch) {
  return async (ctx: { db: Db; now: Date; log: Logger; shouldStop: () => boolean }): Promise<number> => {
    const r = await sendDueSms(ctx.db, { now: () => ctx.now }, config, fetchImpl, { log: ctx.log, shouldStop: ctx.shouldStop });
    return r.sent + r.failed + r.retrying;
  };
}
