// Password rules shared by every place a password is set (staff accounts, citizen registration,
// password changes). Returns the problems found, empty when the password is acceptable.
//
// Length is counted in code points (an emoji is one character, as a person counts). Besides length,
// a password may not contain who the person is (username, name, email local part, phone number),
// and may not be a common or breached password — also not once the digits and symbols people tack
// on at either end are taken away ("Bismillah123!" is "bismillah"), nor in l33t spelling.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../platform/errors';

export interface PasswordContext {
  username?: string;
  name?: string;
  email?: string | null;
  phone?: string | null;
}

export const MIN_PASSWORD_CHARS = 10;
export const MAX_PASSWORD_CHARS = 256;

export type PasswordProblem = 'too_short' | 'too_long' | 'contains_personal' | 'common';

const LIST_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'common-passwords.txt');
let common: Set<string> | undefined;

/** The shipped list (English and Indonesian), read once on first use. */
export function commonPasswords(): Set<string> {
  common ??= new Set(
    fs
      .readFileSync(LIST_FILE, 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

const LEET: Record<string, string> = { '@': 'a', '4': 'a', '0': 'o', '1': 'i', '!': 'i', '3': 'e', '5': 's', $: 's', '7': 't', '9': 'g' };
const unleet = (s: string) => s.replace(/[@4013!579$]/g, (c) => LEET[c] ?? c);
const edges = /^[^\p{L}]+|[^\p{L}]+$/gu;

/** The forms of a password compared with the list. */
function candidates(password: string): string[] {
  const lower = password.normalize('NFKC').toLowerCase();
  const core = lower.replace(edges, '');
  const out = new Set([lower, core, core.replace(/[\s._-]+/g, ''), unleet(lower), unleet(lower).replace(edges, '')]);
  // Inner l33t only: "P@ssw0rd2026" → "p@ssw0rd" → "password" (trailing digits went first).
  const innerCore = lower.replace(/[\d\W_]+$/u, '');
  out.add(unleet(innerCore));
  out.add(unleet(innerCore).replace(edges, ''));
  out.delete('');
  return [...out];
}

export function isCommonPassword(password: string): boolean {
  const list = commonPasswords();
  return candidates(password).some((c) => list.has(c));
}

/** The parts of who the person is that may not appear in their password (4 characters or more). */
function personalTokens(ctx: PasswordContext): string[] {
  const tokens = new Set<string>();
  const add = (s: string | null | undefined) => {
    const t = s?.normalize('NFKC').toLowerCase().trim();
    if (t && [...t].length >= 4) tokens.add(t);
  };
  if (ctx.username) {
    add(ctx.username);
    for (const p of ctx.username.split(/[._@-]+/)) add(p);
  }
  if (ctx.name) {
    add(ctx.name.replace(/\s+/g, ''));
    for (const p of ctx.name.split(/[\s.,'-]+/)) add(p);
  }
  if (ctx.email) add(ctx.email.split('@')[0]);
  if (ctx.phone) {
    // The subscriber part, whichever way it is written (0812…, +62812…, 62812…).
    const d = ctx.phone.replace(/\D/g, '').replace(/^(62|0)/, '');
    if (d.length >= 6) tokens.add(d);
  }
  return [...tokens];
}

export function passwordProblems(password: string, context: PasswordContext = {}): string[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length < MIN_PASSWORD_CHARS) problems.push('too_short');
  if (length > MAX_PASSWORD_CHARS) problems.push('too_long');
  const lower = password.normalize('NFKC').toLowerCase();
  const digits = lower.replace(/\D/g, '');
  if (personalTokens(context).some((t) => lower.includes(t) || (/^\d+$/.test(t) && digits.includes(t)))) problems.push('contains_personal');
  if (isCommonPassword(password)) problems.push('common');
  return problems;
}

const TEXT: Record<PasswordProblem, { id: string; en: string }> = {
  too_short: { id: `minimal ${MIN_PASSWORD_CHARS} karakter`, en: `at least ${MIN_PASSWORD_CHARS} characters` },
  too_long: { id: `paling banyak ${MAX_PASSWORD_CHARS} karakter`, en: `at most ${MAX_PASSWORD_CHARS} characters` },
  contains_personal: { id: 'tidak boleh memuat nama pengguna, nama, email, atau nomor telepon', en: 'must not contain the username, name, email or phone number' },
  common: { id: 'terlalu umum atau pernah bocor; pilih yang lain', en: 'too common or known from breaches; choose another' },
};

/** "Kata sandi ditolak: … / Password refused: …" for the error message of a refused password. */
export function describePasswordProblems(problems: string[]): { message: string; field: string } {
  const known = problems.filter((p): p is PasswordProblem => p in TEXT);
  const id = known.map((p) => TEXT[p].id).join('; ');
  const en = known.map((p) => TEXT[p].en).join('; ');
  return { message: `Kata sandi ditolak: ${id}. / Password refused: ${en}.`, field: `${en} (${known.join(', ')})` };
}

/** Throws the 400 of a refused password (`fields.password`), or returns when it is acceptable. */
export function assertPasswordAcceptable(password: string, context: PasswordContext, extraFields: Record<string, string> = {}): void {
  const problems = passwordProblems(password, context);
  if (!problems.length && !Object.keys(extraFields).length) return;
  if (!problems.length) throw new AppError(400, 'validation_failed', 'Invalid account', extraFields);
  const d = describePasswordProblems(problems);
  throw new AppError(400, 'weak_password', d.message, { ...extraFields, password: d.field });
}
