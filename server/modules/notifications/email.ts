// Sending queued email notifications through SMTP (nodemailer). Like the SMS sender: a short
// transaction leases the due rows (FOR UPDATE SKIP LOCKED, attempts + 1, next_attempt_at pushed
// past the lease), the SMTP conversation runs with no transaction open, and a second short
// statement records the outcome. A refused or unreachable server leaves the row queued with an
// exponential backoff and its last error, visible to admins; after EMAIL_MAX_ATTEMPTS it is failed.
// Without SMTP_URL nothing is sent and rows stay queued.
//
// A row is marked sent only after the server accepted the message, and a row marked sent is never
// taken again. The one window for a duplicate is a process dying between the server's "250 OK" and
// that UPDATE; the Message-ID is derived from the row, so receivers can tell the copies apart.
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';
import type { Db } from '../../db/client';
import type { WorkerTask } from '../../jobs/worker';

export const EMAIL_MAX_ATTEMPTS = 12;
export const EMAIL_LEASE_MS = 120_000;
const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 6 * 3_600_000;
const BATCH = 20;

/** Delay after failed attempt number `attempts`: 1 min, 2 min, 4 min, … at most 6 h. */
export const emailBackoffMs = (attempts: number) => Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(Math.max(attempts, 1) - 1, 20));

export interface EmailConfig {
  smtpUrl?: string | null;
  mailFrom: string;
}

interface Row {
  id: number;
  to_address: string;
  subject: string;
  body: string;
  lang: string;
  attempts: number;
}

export interface EmailSendResult {
  smtp: boolean;
  sent: number;
  retrying: number;
  failed: number;
}

export async function sendDueEmails(db: Db, cfg: EmailConfig, now: Date, opts: { log?: Logger; shouldStop?: () => boolean; max?: number } = {}): Promise<EmailSendResult> {
  const result: EmailSendResult = { smtp: !!cfg.smtpUrl, sent: 0, retrying: 0, failed: 0 };
  if (!cfg.smtpUrl) return result;
  const max = opts.max ?? 200;
  const transport = nodemailer.createTransport(cfg.smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 } as never);
  try {
    while (result.sent + result.retrying + result.failed < max && !opts.shouldStop?.()) {
      const batch = await db.tx(async (q) => {
        const rows = (
          await q.query<Row>(
            `SELECT id, to_address, subject, body, lang, attempts FROM notifications
              WHERE channel = 'email' AND status = 'queued' AND next_attempt_at <= $1
              ORDER BY next_attempt_at, id LIMIT $2 FOR UPDATE SKIP LOCKED`,
            [now, BATCH],
          )
        ).rows;
        if (rows.length) {
          await q.query(`UPDATE notifications SET attempts = attempts + 1, last_attempt_at = $2, next_attempt_at = $3 WHERE id = ANY($1::bigint[])`, [
            rows.map((r) => r.id),
            now,
            new Date(now.getTime() + EMAIL_LEASE_MS),
          ]);
        }
        return rows.map((r) => ({ ...r, attempts: r.attempts + 1 }));
      });
      if (!batch.length) break;
      for (const row of batch) {
        let error: string | null = null;
        try {
          await transport.sendMail({
            from: cfg.mailFrom,
            to: row.to_address,
            subject: row.subject,
            text: row.body,
            headers: { 'Content-Language': row.lang },
            messageId: `<notification-${row.id}@aduan>`,
          });
        } catch (err) {
          error = (err instanceof Error ? err.message : String(err)).slice(0, 1000) || 'SMTP error';
        }
        if (error === null) {
          result.sent++;
          await db.query(`UPDATE notifications SET status = 'sent', sent_at = $2, last_error = NULL, next_attempt_at = NULL WHERE id = $1`, [row.id, now]);
          continue;
        }
        const giveUp = row.attempts >= EMAIL_MAX_ATTEMPTS;
        if (giveUp) result.failed++;
        else result.retrying++;
        await db.query(`UPDATE notifications SET status = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`, [
          row.id,
          giveUp ? 'failed' : 'queued',
          giveUp ? null : new Date(now.getTime() + emailBackoffMs(row.attempts)),
          error,
        ]);
        opts.log?.warn({ notification: row.id, attempts: row.attempts, error, gaveUp: giveUp }, 'email notification failed');
      }
    }
  } finally {
    transport.close();
  }
  return result;
}

export function emailSenderTask(cfg: EmailConfig): WorkerTask {
  return async ({ db, now, log, shouldStop }) => {
    const r = await sendDueEmails(db, cfg, now, { log, shouldStop });
    return r.sent + r.retrying + r.failed;
  };
}
