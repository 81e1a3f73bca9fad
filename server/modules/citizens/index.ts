// Citizen accounts (docs/citizens.md): registration verified by a one-time code sent by SMS or
// email, login by code, claiming earlier guest complaints, profile and erasure (UU 27/2022).
//
// No enumeration: registration and "send me a login code" answer the same, with the same work
// (password hashing, a stored verification row, the same throttles), whether or not the contact
// already belongs to an account. A contact without an account gets a "decoy" verification that is
// never sent, so its verificationId fails exactly like any other.
import crypto from 'node:crypto';
import type { Db, Queryable } from '../../db/client';
import type { Clock } from '../../platform/clock';
import { AppError, badRequest } from '../../platform/errors';
import { audit } from '../../platform/audit';
import type { WorkerTask } from '../../jobs/worker';
import { createSession, hashPassword, loadActor, type LoginResult } from '../users';
import { passwordProblems } from '../users/password-policy';
import { normalisePhone, samePhone } from '../sms/phone';
import { queueSms } from '../sms/outbound';
import { ACCESS_CODE_PLACEHOLDER } from '../sms/replies';
import { verify as verifyPassword } from '@node-rs/argon2';

export { registerCitizenRoutes } from './routes';

export const CODE_TTL_MINUTES = 10;
export const MAX_CODE_ATTEMPTS = 5;
/** Codes per contact: one a minute, five an hour (registered or not alike). */
export const CODES_PER_CONTACT_MINUTE = 1;
export const CODES_PER_CONTACT_HOUR = 5;
export const ERASED_NAME = 'Pengguna terhapus';
export const DELETE_CONFIRMATION = 'HAPUS';

export type Channel = 'sms' | 'email';
export type Lang = 'id' | 'en';

export interface CitizenPolicy {
  sessionTtlHours: number;
  /** Codes sent from one address per hour. */
  codesPerAddressHour: number;
}

export interface Contact {
  channel: Channel;
  /** Canonical: +628… for phones, lower case for email. */
  value: string;
}

export interface VerificationTicket {
  verificationId: string;
  channel: Channel;
  expiresAt: string;
}

const EMAIL_RE = /^[^\s@"<>(),;:\\]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$/;

export function parseEmail(input: string): string | null {
  const s = input.trim().toLowerCase();
  return s.length <= 254 && EMAIL_RE.test(s) ? s : null;
}

/** A phone number or an email address, in canonical form; null when it is neither. */
export function parseContact(input: string): Contact | null {
  if (input.includes('@')) {
    const e = parseEmail(input);
    return e ? { channel: 'email', value: e } : null;
  }
  const p = normalisePhone(input);
  return p ? { channel: 'sms', value: p } : null;
}

const sha256 = (s: string) => crypto.createHash('sha256').update(s).digest('hex');
// The id salts the hash so equal codes of different verifications do not look alike. Six digits
// are a small space: what protects a code is its ten minutes and five attempts, not the hash.
const codeHash = (id: string, code: string) => sha256(`${id}:${code}`);
const newCode = () => String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
const newId = () => crypto.randomBytes(18).toString('base64url');

function tooMany(seconds: number): AppError {
  return new AppError(429, 'too_many_requests', 'Too many codes requested; try again later', undefined, { 'retry-after': String(seconds) });
}

/** Per contact and per address, counting every verification row (decoys too, so the answer does not tell). */
async function throttle(q: Queryable, now: Date, contact: Contact, address: string, policy: CitizenPolicy): Promise<void> {
  const r = (
    await q.query<{ minute: number; hour: number; here: number }>(
      `SELECT count(*) FILTER (WHERE contact = $1 AND created_at > $2)::int AS minute,
              count(*) FILTER (WHERE contact = $1 AND created_at > $3)::int AS hour,
              count(*) FILTER (WHERE address = $4 AND created_at > $3)::int AS here
         FROM citizen_verifications WHERE (contact = $1 OR address = $4) AND created_at > $3`,
      [contact.value, new Date(now.getTime() - 60_000), new Date(now.getTime() - 3_600_000), address],
    )
  ).rows[0]!;
  if (r.minute >= CODES_PER_CONTACT_MINUTE) throw tooMany(60);
  if (r.hour >= CODES_PER_CONTACT_HOUR || r.here >= policy.codesPerAddressHour) throw tooMany(3600);
}

/** The active account a verified contact belongs to. Staff contacts are never verified here. */
async function accountOf(q: Queryable, contact: Contact): Promise<{ id: number; lang: Lang } | undefined> {
  const where = contact.channel === 'email' ? 'lower(u.email) = $1 AND u.email_verified_at IS NOT NULL' : 'u.phone = $1 AND u.phone_verified_at IS NOT NULL';
  const r = (
    await q.query<{ id: number; lang: Lang | null }>(
      `SELECT u.id, p.lang FROM users u LEFT JOIN notification_preferences p ON p.user_id = u.id
        WHERE ${where} AND u.active AND u.erased_at IS NULL`,
      [contact.value],
    )
  ).rows[0];
  return r ? { id: Number(r.id), lang: r.lang ?? 'id' } : undefined;
}

type MessageKind = 'register' | 'already' | 'login';

const TEXTS: Record<MessageKind, Record<Lang, { subject: string; lead: string }>> = {
  register: {
    id: { subject: 'Kode verifikasi Aduan', lead: 'Kode verifikasi pendaftaran akun Aduan Anda' },
    en: { subject: 'Your Aduan verification code', lead: 'The verification code for your new Aduan account' },
  },
  already: {
    id: { subject: 'Akun Aduan Anda sudah ada', lead: 'Kontak ini sudah terdaftar di Aduan, jadi tidak dibuat akun baru. Untuk masuk, gunakan kode' },
    en: { subject: 'You already have an Aduan account', lead: 'This contact is already registered with Aduan, so no new account was created. To sign in, use the code' },
  },
  login: {
    id: { subject: 'Kode masuk Aduan', lead: 'Kode masuk akun Aduan Anda' },
    en: { subject: 'Your Aduan sign-in code', lead: 'The sign-in code for your Aduan account' },
  },
};

function emailText(kind: MessageKind, lang: Lang, code: string) {
  const id = TEXTS[kind].id;
  const idBody = `${id.lead}: ${code}\n\nKode berlaku ${CODE_TTL_MINUTES} menit dan hanya sekali pakai. Jangan berikan kode ini kepada siapa pun, termasuk petugas. Abaikan email ini jika Anda tidak memintanya.`;
  if (lang !== 'en') return { subject: id.subject, body: idBody };
  const en = TEXTS[kind].en;
  const enBody = `${en.lead}: ${code}\n\nThe code is valid for ${CODE_TTL_MINUTES} minutes and works once. Never share it, not even with officials. Ignore this email if you did not ask for it.`;
  return { subject: `${id.subject} / ${en.subject}`, body: `${idBody}\n\n---\n\n${enBody}` };
}

// One placeholder: the SMS queue swaps in the secret and forgets it once the gateway took the message.
function smsText(kind: MessageKind, lang: Lang): string {
  const lead = kind === 'already' ? 'Aduan: nomor ini sudah terdaftar. Kode masuk' : kind === 'login' ? 'Aduan: kode masuk' : 'Aduan: kode verifikasi';
  const id = `${lead} ${ACCESS_CODE_PLACEHOLDER}, berlaku ${CODE_TTL_MINUTES} menit. Jangan berikan kepada siapa pun.`;
  if (lang !== 'en') return id;
  return `${id} / ${kind === 'already' ? 'Already registered; this is a sign-in code' : kind === 'login' ? 'Your sign-in code' : 'Your verification code'}, valid ${CODE_TTL_MINUTES} min. Never share it.`;
}

async function sendCode(q: Queryable, now: Date, v: { id: string; contact: Contact; userId: number | null; lang: Lang; kind: MessageKind; code: string }) {
  if (v.contact.channel === 'sms') {
    await queueSms(q, { to: v.contact.value, text: smsText(v.kind, v.lang), secret: v.code, kind: 'notice' }, now);
    return;
  }
  const { subject, body } = emailText(v.kind, v.lang, v.code);
  // The existing mail queue (notifications/email.ts) sends it; the code in the body is blanked
  // once the verification is spent (redactCodeEmails).
  await q.query(
    `INSERT INTO notifications (event_id, event_type, recipient_key, channel, user_id, template, lang, to_address, subject, body, status, next_attempt_at, created_at)
     VALUES ($1, 'citizen.code', $2, 'email', $3, 'citizen_code', $4, $5, $6, $7, 'queued', $8, $8)`,
    [`citizen-code:${v.id}`, `email:${v.contact.value}`, v.userId, v.lang, v.contact.value, subject, body, now],
  );
}

async function insertVerification(
  q: Queryable,
  now: Date,
  row: { purpose: 'register' | 'login' | 'decoy'; contact: Contact; userId: number | null; name?: string | null; passwordHash?: string | null; lang: Lang; address: string },
): Promise<{ id: string; code: string; expiresAt: Date }> {
  const id = newId();
  const code = newCode();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MINUTES * 60_000);
  // A decoy's hash matches no code: it is never sent, and guessing it must fail like a wrong guess.
  const hash = row.purpose === 'decoy' ? sha256(`decoy:${crypto.randomBytes(16).toString('hex')}`) : codeHash(id, code);
  await q.query(
    `INSERT INTO citizen_verifications (id, purpose, channel, contact, user_id, name, password_hash, lang, code_hash, address, created_at, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [id, row.purpose, row.contact.channel, row.contact.value, row.userId, row.name ?? null, row.passwordHash ?? null, row.lang, hash, row.address, now, expiresAt],
  );
  return { id, code, expiresAt };
}

export interface RegisterInput {
  name: string;
  phone?: string;
  email?: string;
  password?: string;
  language?: Lang;
}

export async function register(db: Db, clock: Clock, policy: CitizenPolicy, input: RegisterInput, address: string): Promise<VerificationTicket> {
  const fields: Record<string, string> = {};
  const name = input.name.trim().replace(/\s+/g, ' ');
  if (name.length < 2 || name.length > 100) fields.name = 'between 2 and 100 characters';
  const given = [input.phone, input.email].filter((v) => v !== undefined && v.trim() !== '');
  let contact: Contact | null = null;
  if (given.length !== 1) fields.phone = 'give exactly one of phone or email';
  else if (input.phone !== undefined && input.phone.trim() !== '') {
    const p = normalisePhone(input.phone);
    if (p) contact = { channel: 'sms', value: p };
    else fields.phone = 'not an Indonesian mobile number';
  } else {
    const e = parseEmail(input.email!);
    if (e) contact = { channel: 'email', value: e };
    else fields.email = 'not a valid email address';
  }
  if (input.password !== undefined) {
    const problems = passwordProblems(input.password, { name, email: contact?.channel === 'email' ? contact.value : null, phone: contact?.channel === 'sms' ? contact.value : null });
    if (problems.length) fields.password = problems.join(', ');
  }
  if (Object.keys(fields).length || !contact) throw badRequest('The registration is incomplete', fields);
  const now = clock.now();
  await throttle(db, now, contact, address, policy);
  // Hashed whether or not the account exists, so the answer takes as long either way.
  const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
  const c = contact;
  const lang = input.language ?? 'id';
  return db.tx(async (q) => {
    const existing = await accountOf(q, c);
    const v = existing
      ? await insertVerification(q, now, { purpose: 'login', contact: c, userId: existing.id, lang: existing.lang, address })
      : await insertVerification(q, now, { purpose: 'register', contact: c, userId: null, name, passwordHash, lang, address });
    await sendCode(q, now, { id: v.id, contact: c, userId: existing?.id ?? null, lang: existing?.lang ?? lang, kind: existing ? 'already' : 'register', code: v.code });
    return { verificationId: v.id, channel: c.channel, expiresAt: v.expiresAt.toISOString() };
  });
}

export async function requestLoginCode(db: Db, clock: Clock, policy: CitizenPolicy, input: { contact: string }, address: string): Promise<VerificationTicket> {
  const contact = parseContact(input.contact);
  if (!contact) throw badRequest('Not a phone number or an email address', { contact: 'a mobile number (08…) or an email address' });
  const now = clock.now();
  await throttle(db, now, contact, address, policy);
  return db.tx(async (q) => {
    const existing = await accountOf(q, contact);
    const v = await insertVerification(q, now, { purpose: existing ? 'login' : 'decoy', contact, userId: existing?.id ?? null, lang: existing?.lang ?? 'id', address });
    if (existing) await sendCode(q, now, { id: v.id, contact, userId: existing.id, lang: existing.lang, kind: 'login', code: v.code });
    return { verificationId: v.id, channel: contact.channel, expiresAt: v.expiresAt.toISOString() };
  });
}

const invalidCode = () => new AppError(400, 'invalid_code', 'The code is wrong, expired or already used; ask for a new one');

interface VerificationRow {
  id: string;
  purpose: 'register' | 'login' | 'decoy';
  channel: Channel;
  contact: string;
  user_id: number | null;
  name: string | null;
  password_hash: string | null;
  lang: Lang;
  code_hash: string;
  attempts: number;
  expires_at: Date;
  used_at: Date | null;
}

/** Blanks the code in the emails of spent verifications (used, dead or expired). */
async function redactCodeEmails(q: Queryable, ids: string[]): Promise<void> {
  if (!ids.length) return;
  await q.query(
    `UPDATE notifications SET body = regexp_replace(body, '[0-9]{6}', '••••••', 'g')
      WHERE event_type = 'citizen.code' AND event_id = ANY($1::text[])`,
    [ids.map((id) => `citizen-code:${id}`)],
  );
}

/**
 * Checks a code. Unknown id, decoy, expired, used, dead (five wrong guesses) and wrong code all fail
 * alike. Success opens a session (createSession, the one way tokens are minted); a registration's
 * first success creates the account with the contact verified; every success claims the guest
 * complaints filed with that contact.
 */
export async function verifyCode(db: Db, clock: Clock, policy: CitizenPolicy, input: { verificationId: string; code: string }, address: string): Promise<LoginResult> {
  if (!/^\d{6}$/.test(input.code)) throw badRequest('The code has six digits', { code: 'six digits' });
  const now = clock.now();
  const outcome = await db.tx(async (q) => {
    const v = (await q.query<VerificationRow>('SELECT * FROM citizen_verifications WHERE id = $1 FOR UPDATE', [input.verificationId])).rows[0];
    if (!v || v.used_at || new Date(v.expires_at) <= now || v.attempts >= MAX_CODE_ATTEMPTS) return { ok: false as const };
    const a = Buffer.from(codeHash(v.id, input.code), 'hex');
    const b = Buffer.from(v.code_hash, 'hex');
    if (v.purpose === 'decoy' || a.length !== b.length || !crypto.timingSafeEqual(a, b)) {
      await q.query('UPDATE citizen_verifications SET attempts = attempts + 1 WHERE id = $1', [v.id]);
      if (v.attempts + 1 >= MAX_CODE_ATTEMPTS) await redactCodeEmails(q, [v.id]);
      return { ok: false as const };
    }
    await q.query('UPDATE citizen_verifications SET used_at = $2 WHERE id = $1', [v.id, now]);
    await redactCodeEmails(q, [v.id]);
    const contact: Contact = { channel: v.channel, value: v.contact };
    let userId: number;
    if (v.purpose === 'login') {
      const acc = await accountOf(q, contact);
      // The contact moved to another account or the account was erased since the code was sent.
      if (!acc || acc.id !== Number(v.user_id)) return { ok: false as const };
      userId = acc.id;
    } else {
      // Two registrations of one contact may race: the second to verify signs into the first's
      // account (the lock orders them on PostgreSQL, where transactions run concurrently).
      await q.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`citizen:${contact.value}`]);
      userId = (await accountOf(q, contact))?.id ?? (await createCitizen(q, now, v, contact, address));
    }
    await claimGuestComplaints(q, now, userId, contact, address);
    return { ok: true as const, session: await createSession(q, clock, userId, policy.sessionTtlHours) };
  });
  if (!outcome.ok) throw invalidCode();
  return outcome.session;
}

async function createCitizen(q: Queryable, now: Date, v: VerificationRow, contact: Contact, address: string): Promise<number> {
  const username = `warga.${crypto.randomBytes(5).toString('hex')}`;
  const ins = await q.query<{ id: number }>(
    `INSERT INTO users (username, display_name, email, phone, email_verified_at, phone_verified_at, password_hash, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [
      username,
      v.name ?? 'Warga',
      contact.channel === 'email' ? contact.value : null,
      contact.channel === 'sms' ? contact.value : null,
      contact.channel === 'email' ? now : null,
      contact.channel === 'sms' ? now : null,
      v.password_hash,
      now,
    ],
  );
  const id = Number(ins.rows[0]!.id);
  await q.query(`INSERT INTO role_assignments (user_id, role, organisation_id) VALUES ($1, 'reporter', NULL)`, [id]);
  // Messages go where the person proved they can read them.
  await q.query('INSERT INTO notification_preferences (user_id, email, sms, lang, updated_at) VALUES ($1, $2, $3, $4, $5)', [
    id,
    contact.channel === 'email',
    contact.channel === 'sms',
    v.lang,
    now,
  ]);
  await audit(q, { kind: 'user', userId: id, username, displayName: v.name ?? '', grants: [] }, 'citizen_registered', { type: 'user', id: String(id) }, { channel: contact.channel }, now, address);
  return id;
}

/**
 * Guest complaints filed with this (now verified) contact become the account's own. The complaint
 * keeps its anonymous flag, so units still never see the reporter; only the link to the account
 * changes. Complaints relayed by an integration or another installation are theirs, not claimed.
 */
export async function claimGuestComplaints(q: Queryable, now: Date, userId: number, contact: Contact, address?: string): Promise<string[]> {
  let rows: { id: number; tracking_number: string; reporter_phone: string | null }[];
  if (contact.channel === 'email') {
    rows = (
      await q.query<{ id: number; tracking_number: string; reporter_phone: string | null }>(
        `SELECT id, tracking_number, reporter_phone FROM complaints
          WHERE reporter_user_id IS NULL AND channel NOT IN ('api', 'federation') AND lower(reporter_email) = $1 FOR UPDATE`,
        [contact.value],
      )
    ).rows;
  } else {
    // Guests wrote their number in any form: narrow by the last nine digits, then compare exactly.
    const tail = contact.value.slice(-9);
    rows = (
      await q.query<{ id: number; tracking_number: string; reporter_phone: string | null }>(
        `SELECT id, tracking_number, reporter_phone FROM complaints
          WHERE reporter_user_id IS NULL AND channel NOT IN ('api', 'federation') AND reporter_phone IS NOT NULL
            AND right(regexp_replace(reporter_phone, '[^0-9]', '', 'g'), 9) = $1 FOR UPDATE`,
        [tail],
      )
    ).rows.filter((r) => samePhone(r.reporter_phone, contact.value));
  }
  if (!rows.length) return [];
  await q.query('UPDATE complaints SET reporter_user_id = $1 WHERE id = ANY($2::bigint[]) AND reporter_user_id IS NULL', [userId, rows.map((r) => r.id)]);
  const actor = await loadActor(q, userId);
  for (const r of rows) {
    await audit(q, actor ?? { kind: 'system' }, 'claim_complaint', { type: 'complaint', id: r.tracking_number }, { userId, via: contact.channel }, now, address);
  }
  return rows.map((r) => r.tracking_number);
}

// ---------------------------------------------------------------------------------------------
// Profile

export interface Profile {
  username: string;
  name: string;
  email: string | null;
  phone: string | null;
  emailVerified: boolean;
  phoneVerified: boolean;
  hasPassword: boolean;
  roles: string[];
  createdAt: string;
}

export async function getProfile(q: Queryable, userId: number): Promise<Profile> {
  const u = (
    await q.query<{ username: string; display_name: string; email: string | null; phone: string | null; email_verified_at: Date | null; phone_verified_at: Date | null; password_hash: string | null; created_at: Date }>(
      'SELECT username, display_name, email, phone, email_verified_at, phone_verified_at, password_hash, created_at FROM users WHERE id = $1',
      [userId],
    )
  ).rows[0]!;
  const roles = (await q.query<{ role: string }>('SELECT DISTINCT role FROM role_assignments WHERE user_id = $1 ORDER BY role', [userId])).rows.map((r) => r.role);
  return {
    username: u.username,
    name: u.display_name,
    email: u.email,
    phone: u.phone,
    emailVerified: u.email_verified_at !== null,
    phoneVerified: u.phone_verified_at !== null,
    hasPassword: u.password_hash !== null,
    roles,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

export async function updateProfile(q: Queryable, userId: number, patch: { name?: string }): Promise<Profile> {
  if (patch.name !== undefined) {
    const name = patch.name.trim().replace(/\s+/g, ' ');
    if (name.length < 2 || name.length > 100) throw badRequest('The name is invalid', { name: 'between 2 and 100 characters' });
    await q.query('UPDATE users SET display_name = $2 WHERE id = $1', [userId, name]);
  }
  return getProfile(q, userId);
}

// ---------------------------------------------------------------------------------------------
// Erasure

/**
 * Forgets the person (UU 27/2022) and keeps the public record: the account row stays as an
 * inactive "Pengguna terhapus" so that complaints, their timelines and the audit log still hold
 * together, but no name, contact, password or session is left, on the account or on its
 * complaints, notifications, SMS queue and pending codes.
 */
export async function eraseAccount(db: Db, clock: Clock, userId: number, input: { confirm: string; password?: string }, address: string): Promise<void> {
  if (input.confirm !== DELETE_CONFIRMATION) throw badRequest(`Type ${DELETE_CONFIRMATION} to confirm`, { confirm: `must be ${DELETE_CONFIRMATION}` });
  const u = (
    await db.query<{ username: string; email: string | null; phone: string | null; password_hash: string | null }>(
      'SELECT username, email, phone, password_hash FROM users WHERE id = $1 AND erased_at IS NULL',
      [userId],
    )
  ).rows[0];
  if (!u) throw new AppError(404, 'not_found', 'Account not found');
  const staff = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM role_assignments WHERE user_id = $1 AND role <> 'reporter'`, [userId])).rows[0]!.n;
  // Staff accounts are the organisation's to close (admin pages), not the holder's to erase.
  if (staff > 0) throw new AppError(403, 'forbidden', 'Staff accounts are closed by their administrators');
  // Someone who borrowed a signed-in phone must not erase the account: the password, when there is one.
  if (u.password_hash) {
    const ok = input.password ? await verifyPassword(u.password_hash, input.password).catch(() => false) : false;
    if (!ok) throw badRequest('The password is wrong', { password: 'wrong password' });
  }
  const now = clock.now();
  const actor = await loadActor(db, userId);
  await db.tx(async (q) => {
    const keys = [u.email ? `email:${u.email.toLowerCase()}` : null, u.phone ? `phone:${u.phone}` : null].filter(Boolean) as string[];
    const complaints = await q.query<{ id: number }>(
      `UPDATE complaints SET reporter_name = $2, reporter_phone = NULL, reporter_email = NULL WHERE reporter_user_id = $1 RETURNING id`,
      [userId, ERASED_NAME],
    );
    // Copies of messages sent to the person: no address, no wording (subjects carry tracking numbers only).
    await q.query(
      `UPDATE notifications SET to_address = NULL, recipient_key = 'erased:' || id,
              body = CASE WHEN channel = 'inapp' THEN body ELSE '' END,
              status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END, next_attempt_at = NULL
        WHERE user_id = $1 OR recipient_key = ANY($2::text[])
           OR (complaint_id = ANY($3::bigint[]) AND (recipient_key LIKE 'email:%' OR recipient_key LIKE 'phone:%'))`,
      [userId, keys, complaints.rows.map((r) => r.id)],
    );
    if (u.phone) {
      await q.query(
        `UPDATE sms_outbound SET to_number = '+62000000000', secret = NULL,
                status = CASE WHEN status = 'queued' THEN 'failed' ELSE status END, last_error = coalesce(last_error, 'recipient erased')
          WHERE to_number = $1`,
        [u.phone],
      );
    }
    await q.query('DELETE FROM citizen_verifications WHERE user_id = $1 OR contact = ANY($2::text[])', [userId, [u.email?.toLowerCase(), u.phone].filter(Boolean)]);
    await q.query('DELETE FROM notification_preferences WHERE user_id = $1', [userId]);
    await q.query('DELETE FROM login_attempts WHERE username = $1', [u.username]);
    await q.query('UPDATE sessions SET revoked_at = $2 WHERE user_id = $1 AND revoked_at IS NULL', [userId, now]);
    await q.query(
      `UPDATE users SET username = $2, display_name = $3, email = NULL, phone = NULL, email_verified_at = NULL, phone_verified_at = NULL,
              password_hash = NULL, active = false, erased_at = $4 WHERE id = $1`,
      [userId, `terhapus.${userId}`, ERASED_NAME, now],
    );
    await audit(q, actor ?? { kind: 'system' }, 'erase_account', { type: 'user', id: String(userId) }, { complaints: complaints.rows.length }, now, address);
  });
}

// ---------------------------------------------------------------------------------------------
// Password login by contact

/** The username to try for "phone or email + password": the account's, or the contact itself (no such user) so login fails alike. */
export async function usernameForContact(q: Queryable, input: string): Promise<string> {
  const contact = parseContact(input);
  if (!contact) return input;
  const r = (
    await q.query<{ username: string }>(
      `SELECT username FROM users u WHERE ${contact.channel === 'email' ? 'lower(email) = $1 AND email_verified_at IS NOT NULL' : 'phone = $1 AND phone_verified_at IS NOT NULL'} AND active`,
      [contact.value],
    )
  ).rows[0];
  return r?.username ?? contact.value;
}

// ---------------------------------------------------------------------------------------------
// The worker's part

/** Expired verifications are kept a day (for the throttles), then deleted; spent codes are blanked in mail copies. */
export function citizenPurgeTask(): WorkerTask {
  return async ({ db, now }) => {
    const spent = (
      await db.query<{ id: string }>(
        `SELECT id FROM citizen_verifications WHERE (used_at IS NOT NULL OR expires_at <= $1 OR attempts >= $2) AND channel = 'email' AND purpose <> 'decoy'
            AND EXISTS (SELECT 1 FROM notifications n WHERE n.event_id = 'citizen-code:' || citizen_verifications.id AND n.body ~ '[0-9]{6}')`,
        [now, MAX_CODE_ATTEMPTS],
      )
    ).rows.map((r) => r.id);
    await redactCodeEmails(db, spent);
    const gone = await db.query('DELETE FROM citizen_verifications WHERE expires_at < $1', [new Date(now.getTime() - 24 * 3_600_000)]);
    return spent.length + (gone.rowCount ?? 0);
  };
}
