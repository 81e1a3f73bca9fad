// Webhook delivery in two steps, so that no HTTP call ever runs inside a database transaction (on
// PGlite one open transaction stalls every request):
//
// 1. enqueueWebhookDeliveries — an outbox handler (registered as WEBHOOK_HANDLER_KEY): for a
//    `complaint.*` event it writes one webhook_deliveries row per matching webhook, with the exact
//    body to send, in the event's own transaction (exactly once per event and webhook).
// 2. deliverDueWebhooks — called by the worker each pass: claims due deliveries (a short
//    transaction that leases them), POSTs each signed body, and records the answer. A 2xx delivers;
//    anything else is retried with exponential backoff (30 s, 1 min, 2 min, … at most hourly) until
//    24 hours after the event, then marked failed. Claims use SKIP LOCKED: several workers share
//    the work, and a delivery whose worker died is taken again when its lease runs out
//    (at-least-once: receivers dedup by X-Aduan-Event-Id).
//
// Per-complaint order: a delivery is not sent while an earlier delivery (lower outbox id) for the
// same complaint to the same webhook is pending; and an event is not enqueued while an earlier event
// of its complaint waits for this handler, so deliveries are created in order too.
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import type { HandlerRegistry, OutboxEvent } from '../../jobs/outbox';
import type { WorkerTask } from '../../jobs/worker';
import { openClosedOf } from '../open311/requests';
import type { Status } from '../complaints/lifecycle';

/** The handler's key in the worker's registry (it names the handler in outbox_deliveries: keep it stable). */
export const WEBHOOK_HANDLER_KEY = 'complaint.#webhooks';

export const RETRY_WINDOW_MS = 24 * 3_600_000;
const BACKOFF_BASE_MS = 30_000;
const BACKOFF_MAX_MS = 3_600_000;
/** The most of an answer kept for the admins' delivery log. */
const RESPONSE_SNIPPET = 500;

/** Delay after failed attempt number `attempts` (1 = the first): 30 s, 1 min, 2 min, … at most 1 h. */
export const webhookBackoffMs = (attempts: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempts, 1) - 1, 20));

/** `X-Aduan-Signature`: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed with the secret>`. */
export function signature(secret: string, body: string, unixSeconds: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** The receiver's check (as documented in docs/webhooks.md): the right MAC, and not older than `toleranceSeconds`. */
export function verifySignature(secret: string, body: string, header: string, nowSeconds: number, toleranceSeconds = 300): boolean {
  const parts = new Map(header.split(',').map((kv) => kv.trim().split('=') as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds || !/^[0-9a-f]{64}$/.test(v1)) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return crypto.timingSafeEqual(expected, Buffer.from(v1, 'hex'));
}

interface ComplaintRow {
  id: number;
  tracking_number: string;
  type: string;
  status: Status;
  admin_org_path: string;
  admin_code: string;
  holder_org_path: string | null;
  holder_code: string | null;
  category_code: string | null;
  confidential: boolean;
  channel: string;
  external_id: string | null;
  api_key_id: number | null;
  due_at: Date | null;
  updated_at: Date;
}

/**
 * The body of a delivery. Thin on purpose: ids, statuses and organisations, never the complaint's
 * text and never anything about the reporter. A receiver fetches details through the API with its
 * own key (scope `read`), where the ordinary permission rules apply.
 */
export function webhookBody(event: OutboxEvent, c: ComplaintRow, webhook: { id: number }): string {
  const p = event.payload;
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    createdAt: event.createdAt.toISOString(),
    webhookId: webhook.id,
    data: {
      complaint: {
        trackingNumber: c.tracking_number,
        type: c.type,
        status: c.status,
        open311Status: openClosedOf(c.status),
        government: c.admin_code,
        organisation: c.holder_code,
        category: c.category_code,
        confidential: c.confidential,
        channel: c.channel,
        // The filing system's own id, for the webhook of the organisation whose key filed it.
        externalId: c.external_id,
        dueAt: c.due_at ? new Date(c.due_at).toISOString() : null,
        updatedAt: new Date(c.updated_at).toISOString(),
      },
      change: {
        action: typeof p.action === 'string' ? p.action : event.type.slice('complaint.'.length),
        from: typeof p.from === 'string' ? p.from : null,
        to: typeof p.to === 'string' ? p.to : event.type === 'complaint.submitted' ? 'submitted' : typeof p.status === 'string' ? p.status : c.status,
      },
    },
  });
}

/** Outbox handler: the deliveries an event causes (see the top of this file). */
export async function enqueueWebhookDeliveries(q: Queryable, event: OutboxEvent): Promise<void> {
  if (!event.type.startsWith('complaint.') || event.aggregateId === null) return;
  const earlier = await q.query(
    `SELECT 1 FROM outbox o
      WHERE o.aggregate_id = $1 AND o.type LIKE 'complaint.%' AND o.id < $2 AND o.processed_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM outbox_deliveries od WHERE od.event_id = o.event_id AND od.handler = $3)
      LIMIT 1`,
    [event.aggregateId, event.id, WEBHOOK_HANDLER_KEY],
  );
  if (earlier.rows.length) throw new Error('an earlier event of this complaint has not been handed to webhooks yet; retrying keeps the order');
  const c = (
    await q.query<ComplaintRow>(
      `SELECT c.id, c.tracking_number, c.type, c.status, c.admin_org_path, ao.code AS admin_code, c.holder_org_path, ho.code AS holder_code,
              cat.code AS category_code, c.confidential, c.channel, c.external_id, c.api_key_id, c.due_at, c.updated_at
         FROM complaints c JOIN organisations ao ON ao.id = c.admin_org_id
         LEFT JOIN organisations ho ON ho.id = c.holder_org_id LEFT JOIN categories cat ON cat.id = c.category_id
        WHERE c.id = $1`,
      [event.aggregateId],
    )
  ).rows[0];
  if (!c) return;
  // The organisations concerned: the verifying government, the unit holding it now, the unit holding
  // it right after this step (it may have moved on since), and for a return the unit that returned it.
  const paths = [c.admin_org_path, c.holder_org_path];
  const stepHolder = event.payload.holderOrgId;
  if (typeof stepHolder === 'number') {
    paths.push((await q.query<{ path: string }>('SELECT path FROM organisations WHERE id = $1', [stepHolder])).rows[0]?.path ?? null);
  }
  if (event.type === 'complaint.return') {
    const returnedBy = await q.query<{ path: string }>(
      `SELECT o.path FROM complaint_events e JOIN organisations o ON o.id = e.holder_org_id
        WHERE e.complaint_id = $1 AND e.holder_org_id IS NOT NULL AND e.at <= $2 ORDER BY e.id DESC LIMIT 1`,
      [c.id, event.createdAt],
    );
    paths.push(returnedBy.rows[0]?.path ?? null);
  }
  const concerned = [...new Set(paths.filter((x): x is string => !!x))];
  const hooks = (
    await q.query<{ id: number }>(
      `SELECT w.id FROM webhooks w JOIN organisations o ON o.id = w.organisation_id
        WHERE w.deleted_at IS NULL AND o.active
          AND EXISTS (SELECT 1 FROM unnest($1::text[]) AS p(path) WHERE p.path LIKE o.path || '%')
          AND (w.events && ARRAY[$2, 'complaint.*']::text[])
        ORDER BY w.id`,
      [concerned, event.type],
    )
  ).rows;
  for (const w of hooks) {
    await q.query(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, complaint_id, seq, body, status, created_at, next_attempt_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) ON CONFLICT (webhook_id, event_id) DO NOTHING`,
      [w.id, event.eventId, event.type, c.id, event.id, webhookBody(event, c, w), event.createdAt],
    );
  }
}

/** The outbox handler alone, by its key. */
export const webhookHandlers: HandlerRegistry = { [WEBHOOK_HANDLER_KEY]: enqueueWebhookDeliveries };

/**
 * Everything the worker needs for webhooks: `worker.register(webhookWorker({ timeoutMs: config.webhookTimeoutMs }))`
 * adds the enqueueing handler and the `webhooks` task that sends what is due in every pass.
 */
export function webhookWorker(opts: { timeoutMs?: number; fetchImpl?: typeof fetch } = {}): { handlers: HandlerRegistry; tasks: Record<string, WorkerTask> } {
  return {
    handlers: webhookHandlers,
    tasks: {
      webhooks: async ({ db, now, log, shouldStop }) => {
        const r = await deliverDueWebhooks(db, { now: () => now }, opts.fetchImpl ?? fetch, { timeoutMs: opts.timeoutMs, log, shouldStop });
        return r.delivered + r.failed;
      },
    },
  };
}

interface Claimed {
  id: number;
  event_id: string;
  event_type: string;
  body: string;
  attempts: number;
  created_at: Date;
  url: string;
  secret: string;
}

export interface DeliverOptions {
  /** How long one POST may take (config.webhookTimeoutMs). */
  timeoutMs?: number;
  /** Deliveries attempted in this call at most (the next call continues). */
  max?: number;
  /** Deliveries sent at once. */
  concurrency?: number;
  log?: Logger;
  shouldStop?: () => boolean;
}

async function snippet(res: Response): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < RESPONSE_SNIPPET * 4) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.length;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, RESPONSE_SNIPPET);
}

async function attempt(d: Claimed, now: Date, fetchImpl: typeof fetch, timeoutMs: number): Promise<{ ok: boolean; status: number | null; response: string | null; error: string | null }> {
  const t = Math.floor(now.getTime() / 1000);
  try {
    const res = await fetchImpl(d.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'user-agent': 'Aduan-Webhooks/1',
        'x-aduan-event': d.event_type,
        'x-aduan-event-id': d.event_id,
        'x-aduan-delivery': String(d.id),
        'x-aduan-attempt': String(d.attempts),
        'x-aduan-signature': signature(d.secret, d.body, t),
      },
      body: d.body,
    });
    const response = await snippet(res).catch(() => '');
    return { ok: res.status >= 200 && res.status < 300, status: res.status, response, error: res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}` };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const error = e.name === 'TimeoutError' || e.name === 'AbortError' ? `timed out after ${timeoutMs} ms` : `${e.message}${e.cause?.code ? ` (${e.cause.code})` : ''}`;
    return { ok: false, status: null, response: null, error: error.slice(0, 500) };
  }
}

/**
 * Sends the deliveries that are due now (see the top of this file). Returns how many were
 * delivered and how many attempts failed (of which `gaveUp` were the last).
 */
export async function deliverDueWebhooks(db: Db, clock: Clock, fetchImpl: typeof fetch = fetch, opts: DeliverOptions = {}) {
  const timeoutMs = opts.timeoutMs ?? 10_000;
  const max = opts.max ?? 500;
  const concurrency = opts.concurrency ?? 8;
  const result = { delivered: 0, failed: 0, gaveUp: 0 };
  while (result.delivered + result.failed < max && !opts.shouldStop?.()) {
    const now = clock.now();
    // Claim: lease the batch for longer than an attempt can take, so no other worker takes it meanwhile.
    const batch = await db.tx(async (q) => {
      const rows = (
        await q.query<Claimed>(
          `SELECT d.id, d.event_id, d.event_type, d.body, d.attempts, d.created_at, w.url, w.secret
             FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
            WHERE d.status = 'pending' AND d.next_attempt_at <= $1
              AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e
                               WHERE e.webhook_id = d.webhook_id AND e.complaint_id = d.complaint_id AND e.status = 'pending' AND e.seq < d.seq)
            ORDER BY d.next_attempt_at, d.id
            LIMIT $2
            FOR UPDATE OF d SKIP LOCKED`,
          [now, Math.min(concurrency, max - result.delivered - result.failed)],
        )
      ).rows;
      if (rows.length) {
        await q.query(
          `UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $2, next_attempt_at = $3 WHERE id = ANY($1::bigint[])`,
          [rows.map((r) => r.id), now, new Date(now.getTime() + timeoutMs + 60_000)],
        );
      }
      return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
    });
    if (!batch.length) break;
    const outcomes = await Promise.all(batch.map((d) => attempt(d, now, fetchImpl, timeoutMs)));
    const done = clock.now();
    await db.tx(async (q) => {
      for (const [i, d] of batch.entries()) {
        const o = outcomes[i]!;
        if (o.ok) {
          result.delivered++;
          await q.query(
            `UPDATE webhook_deliveries SET status = 'delivered', delivered_at = $2, last_status_code = $3, last_response = $4, last_error = NULL WHERE id = $1`,
            [d.id, done, o.status, o.response],
          );
          continue;
        }
        result.failed++;
        const deadline = new Date(d.created_at).getTime() + RETRY_WINDOW_MS;
        const giveUp = done.getTime() >= deadline;
        if (giveUp) result.gaveUp++;
        const next = new Date(Math.min(done.getTime() + webhookBackoffMs(d.attempts), deadline));
        await q.query(
          `UPDATE webhook_deliveries SET status = $2, next_attempt_at = $3, last_status_code = $4, last_response = $5, last_error = $6 WHERE id = $1`,
          [d.id, giveUp ? 'failed' : 'pending', next, o.status, o.response, o.error],
        );
        opts.log?.warn({ delivery: d.id, eventId: d.event_id, attempts: d.attempts, error: o.error, gaveUp: giveUp }, 'webhook delivery failed');
      }
    });
  }
  return result;
}
