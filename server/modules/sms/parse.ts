// The SMS keyword language, pure. Keywords are Indonesian, case-insensitive, and tolerant of extra
// spaces and line breaks; everything after the keyword and its arguments is the citizen's text,
// kept as written.
//
//   LAPOR <isi>                       file a complaint (anonymous)
//   <WILAYAH> LAPOR <isi>             … addressed to a regency/city (BULELENG, KOTA DENPASAR, KAB MALANG)
//   TERBUKA LAPOR <isi>               … not anonymous (the handling unit may see the phone number);
//   <WILAYAH> TERBUKA LAPOR <isi>       TERBUKA goes before LAPOR, so complaint text can never turn it on
//   CEK <nomor>                       status of a complaint
//   BALAS <nomor> <pesan>             the reporter's reply
//   NILAI <nomor> <1-5> [komentar]    the reporter's rating
//   anything else                     help

export type HelpReason = 'empty' | 'unknown' | 'lapor' | 'cek' | 'balas' | 'nilai';

export type SmsCommand =
  | { kind: 'lapor'; text: string; region: string | null; open: boolean }
  | { kind: 'cek'; tracking: string }
  | { kind: 'balas'; tracking: string; text: string }
  | { kind: 'nilai'; tracking: string; score: number; comment: string | null }
  | { kind: 'help'; reason: HelpReason };

/** Words allowed before LAPOR: a region name of up to five words and the TERBUKA flag. */
const MAX_WORDS_BEFORE_LAPOR = 6;
export const OPEN_WORD = 'TERBUKA';

/** A keyword as typed: upper case, without the punctuation people put after it ("LAPOR:", "CEK#"). */
const keyword = (word: string) => word.toUpperCase().replace(/[:#.,;!]+$/, '');

/** Tracking numbers as typed: any case, spaces or dashes inside are dropped by the lookup. */
const trackingOf = (word: string) => word.toUpperCase().replace(/[^A-Z0-9]/g, '');

interface Token {
  word: string;
  /** Index just after the word in the text. */
  end: number;
}

function tokens(text: string, max: number): Token[] {
  const out: Token[] = [];
  const re = /\S+/gu;
  let m: RegExpExecArray | null;
  while (out.length < max && (m = re.exec(text)) !== null) out.push({ word: m[0], end: m.index + m[0].length });
  return out;
}

/** The text after token `t`, trimmed (internal spaces and line breaks kept). */
const after = (text: string, t: Token | undefined) => (t ? text.slice(t.end) : text).trim();

export function parseSms(raw: string): SmsCommand {
  const text = raw.replace(/\u0000/g, '').trim();
  if (!text) return { kind: 'help', reason: 'empty' };
  const head = tokens(text, MAX_WORDS_BEFORE_LAPOR + 1);
  const first = keyword(head[0]!.word);

  if (first === 'CEK') {
    const rest = after(text, head[0]);
    if (!rest) return { kind: 'help', reason: 'cek' };
    // "CEK ABCD EFGH" and "CEK abcd-efgh" are the same number.
    return { kind: 'cek', tracking: trackingOf(rest) };
  }
  if (first === 'BALAS') {
    const trk = head[1];
    const message = after(text, trk);
    if (!trk || !message) return { kind: 'help', reason: 'balas' };
    return { kind: 'balas', tracking: trackingOf(trk.word), text: message };
  }
  if (first === 'NILAI') {
    const trk = head[1];
    const score = head[2];
    const digit = score ? keyword(score.word) : '';
    if (!trk || !score || !/^[1-5]$/.test(digit)) return { kind: 'help', reason: 'nilai' };
    return { kind: 'nilai', tracking: trackingOf(trk.word), score: Number(digit), comment: after(text, score) || null };
  }

  const at = head.findIndex((t) => keyword(t.word) === 'LAPOR');
  if (at >= 0 && at <= MAX_WORDS_BEFORE_LAPOR) {
    const before = head.slice(0, at).map((t) => keyword(t.word));
    const open = before.includes(OPEN_WORD);
    const regionWords = before.filter((w) => w !== OPEN_WORD);
    const body = after(text, head[at]);
    if (!body) return { kind: 'help', reason: 'lapor' };
    return { kind: 'lapor', text: body, region: regionWords.length ? regionWords.join(' ') : null, open };
  }
  return { kind: 'help', reason: 'unknown' };
}

/**
 * A title from the citizen's text: the first line's worth of words, at most `max` characters, cut
 * at a word boundary (with "…" when cut).
 */
export function titleFrom(text: string, max = 80): string {
  const flat = text.replace(/\s+/gu, ' ').trim();
  const chars = [...flat];
  if (chars.length <= max) return flat;
  const head = chars.slice(0, max - 1).join('');
  const space = head.lastIndexOf(' ');
  // A single very long word is cut where it must be.
  const cut = space >= max / 2 ? head.slice(0, space) : head;
  return `${cut.replace(/[\s.,;:!?-]+$/u, '')}…`;
}
