// Token buckets in the database, so that a limit holds across several app processes on PostgreSQL
// (and survives a restart). One row per key; taking a token is one INSERT … ON CONFLICT DO UPDATE
// whose WHERE refuses when the bucket is empty, so two processes can never both take the last one.
import type { Queryable } from '../db/client';
import { AppError } from './errors';
import { isStaff, type Actor } from '../modules/access/actor';
import { normalisePhone } from '../modules/sms/phone';

export interface Limit {
  /** What is limited, e.g. `submit:address:203.0.113.7`. */
  key: string;
  /** Sustained rate; 0 or less switches this limit off. */
  perHour: number;
  /** How many may come at once (the bucket's size). */
  burst: number;
}

export type Taken = { ok: true } | { ok: false; key: string; retryAfterSeconds: number };

// Every bucket in one statement (a round trip per bucket was a fifth of a guest intake). Keys are
// taken in key order so that two concurrent statements lock shared buckets in the same order.
const TAKE = `
  WITH w AS (SELECT * FROM unnest($1::text[], $2::float8[], $3::float8[]) AS w(key, burst, per_second))
  INSERT INTO rate_buckets AS b (key, tokens, updated_at)
  SELECT key, burst - 1, $4 FROM w ORDER BY key
  ON CONFLICT (key) DO UPDATE
     SET tokens = LEAST(EXCLUDED.tokens + 1, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM ($4::timestamptz - b.updated_at))::float8) * (SELECT per_second FROM w WHERE w.key = b.key)) - 1,
         updated_at = GREATEST(b.updated_at, $4::timestamptz)
   WHERE LEAST(EXCLUDED.tokens + 1, b.tokens + GREATEST(0, EXTRACT(EPOCH FROM ($4::timestamptz - b.updated_at))::float8) * (SELECT per_second FROM w WHERE w.key = b.key)) >= 1
  RETURNING key`;

/**
 * Takes one token from every bucket, or none: when a bucket is empty the tokens already taken
 * are given back, so a refused request costs nothing. Answers how long until a token is free.
 */
export async function takeTokens(q: Queryable, limits: Limit[], now: Date): Promise<Taken> {
  const active = limits.filter((l) => l.perHour > 0).map((l) => ({ ...l, burst: Math.max(1, l.burst), perSecond: l.perHour / 3600 }));
  if (!active.length) return { ok: true };
  const r = await q.query<{ key: string }>(TAKE, [active.map((l) => l.key), active.map((l) => l.burst), active.map((l) => l.perSecond), now]);
  const taken = new Set(r.rows.map((row) => row.key));
  const refused = active.find((l) => !taken.has(l.key));
  if (!refused) return { ok: true };
  for (const t of active) if (taken.has(t.key)) await q.query('UPDATE rate_buckets SET tokens = LEAST($2::float8, tokens + 1) WHERE key = $1', [t.key, t.burst]);
  const row = (await q.query<{ tokens: number; updated_at: Date }>('SELECT tokens, updated_at FROM rate_buckets WHERE key = $1', [refused.key])).rows[0];
  const elapsed = row ? Math.max(0, (now.getTime() - new Date(row.updated_at).getTime()) / 1000) : 0;
  const have = row ? Math.min(refused.burst, Number(row.tokens) + elapsed * refused.perSecond) : 0;
  return { ok: false, key: refused.key, retryAfterSeconds: Math.max(1, Math.ceil((1 - have) / refused.perSecond)) };
}

/** Buckets untouched for a day are full again by any sensible setting: forget them. */
export async function purgeRateBuckets(q: Queryable, now: Date): Promise<number> {
  const r = await q.query('DELETE FROM rate_buckets WHERE updated_at < $1', [new Date(now.getTime() - 86_400_000)]);
  return r.rowCount ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Complaint submissions (web/API, Open311, SMS LAPOR).

export interface SubmitRateConfig {
  submitRatePerAddressPerHour: number;
  submitBurstPerAddress: number;
  submitRatePerAccountPerHour: number;
  submitBurstPerAccount: number;
}

/**
 * Who is filing. A signed-in citizen is judged by their account alone, never by the address they
 * share with others behind a NAT; a guest by the (generous) address limit and, when they leave a
 * phone or email, by the (tight) limit of that contact; an SMS by its phone number.
 */
export interface Submitter {
  account?: string;
  address?: string;
  contact?: { phone?: string | null; email?: string | null };
}

/**
 * One bucket per number however it is written: mobile numbers in the SMS module's canonical form
 * (0812…, +62 812…, 0062812… and +62 (0)812… alike); anything else by its digits.
 */
function phoneKey(phone: string): string | undefined {
  const mobile = normalisePhone(phone);
  if (mobile) return mobile;
  const d = phone.replace(/\D/g, '');
  return d.length >= 6 ? d : undefined;
}

export function submissionLimits(cfg: SubmitRateConfig, who: Submitter): Limit[] {
  const tight = (key: string): Limit => ({ key, perHour: cfg.submitRatePerAccountPerHour, burst: cfg.submitBurstPerAccount });
  if (who.account) return [tight(`submit:account:${who.account}`)];
  const limits: Limit[] = [];
  const phone = who.contact?.phone ? phoneKey(who.contact.phone) : undefined;
  const email = who.contact?.email?.trim().toLowerCase() || undefined;
  if (phone) limits.push(tight(`submit:phone:${phone}`));
  if (email) limits.push(tight(`submit:email:${email}`));
  if (who.address) limits.push({ key: `submit:address:${who.address}`, perHour: cfg.submitRatePerAddressPerHour, burst: cfg.submitBurstPerAddress });
  return limits;
}

export function rateLimited(retryAfterSeconds: number): AppError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new AppError(
    429,
    'rate_limited',
    `Terlalu banyak pengaduan dalam waktu singkat; coba lagi dalam ${minutes} menit. / Too many complaints in a short time; try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`,
    undefined,
    { 'retry-after': String(retryAfterSeconds) },
  );
}

/** Takes a submission token for this submitter or throws 429 with Retry-After. */
export async function limitSubmission(q: Queryable, cfg: SubmitRateConfig, who: Submitter, now: Date): Promise<void> {
  const r = await takeTokens(q, submissionLimits(cfg, who), now);
  if (!r.ok) throw rateLimited(r.retryAfterSeconds);
}

/**
 * The limiter hook of complaint intake (POST /api/v1/complaints, Open311 POST requests): which
 * buckets a submission takes from, given who files it. Staff filing for walk-in citizens are not
 * limited (they are accountable, and one clerk files many); an API key has its own per-key rate
 * (apikeys), so only the reporter contact it passes on is limited. A retry with the
 * Idempotency-Key of a request already taken is free: it files nothing new.
 */
export async function limitComplaintIntake(
  db: Queryable,
  cfg: SubmitRateConfig,
  now: Date,
  actor: Actor,
  address: string,
  reporter?: { phone?: string | null; email?: string | null } | null,
  idempotencyKey?: string,
): Promise<void> {
  if (actor.kind === 'system' || isStaff(actor)) return;
  if (idempotencyKey) {
    // The scope submitComplaint (complaints/commands.ts) keys its idempotency records by.
    const scope = `complaint:create:${actor.kind === 'user' ? `u${actor.userId}` : actor.kind === 'apikey' ? `k${actor.keyId}` : 'guest'}`;
    const seen = await db.query('SELECT 1 FROM idempotency_keys WHERE scope = $1 AND key = $2', [scope, idempotencyKey]);
    if (seen.rows.length) return;
  }
  const who: Submitter =
    actor.kind === 'user' ? { account: `u${actor.userId}` } : actor.kind === 'apikey' ? { contact: reporter ?? undefined } : { address, contact: reporter ?? undefined };
  await limitSubmission(db, cfg, who, now);
}
