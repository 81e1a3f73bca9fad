// SMS encodings (3GPP TS 23.038) and splitting, pure. A message goes out in the GSM 7-bit default
// alphabet when every character is in it, else in UCS-2 (sent as UTF-16, so that emoji survive).
//
//   single SMS:        160 GSM-7 septets or 70 UCS-2 units
//   each part of a
//   concatenated SMS:  153 septets or 67 units (the 6-octet UDH takes the rest)
//
// Characters of the GSM extension table (€ [ ] { } \ ^ ~ | and form feed) are sent as an escape
// plus a character, so they count 2 septets; an astral character (most emoji) is a surrogate pair,
// 2 UCS-2 units. Splitting walks whole characters, so a part never ends inside an escape sequence
// or a surrogate pair.

export type Coding = 'gsm7' | 'ucs2';

/** Kannel's `coding` parameter: 0 = GSM 7-bit, 2 = UCS-2. */
export const KANNEL_CODING: Record<Coding, 0 | 2> = { gsm7: 0, ucs2: 2 };

export const SINGLE_LIMIT: Record<Coding, number> = { gsm7: 160, ucs2: 70 };
export const PART_LIMIT: Record<Coding, number> = { gsm7: 153, ucs2: 67 };

// The default alphabet in code order (0x1B, the escape to the extension table, is left out: it is
// not a character a text may contain).
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ' +
  'ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§' +
  '¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET = new Set(BASIC);
const EXTENSION_SET = new Set(EXTENSION);

/** Septets one character takes in GSM-7: 1 (default alphabet), 2 (extension table), 0 (not encodable). */
export function gsmSeptets(ch: string): 0 | 1 | 2 {
  if (BASIC_SET.has(ch)) return 1;
  if (EXTENSION_SET.has(ch)) return 2;
  return 0;
}

export function isGsm7(text: string): boolean {
  for (const ch of text) if (gsmSeptets(ch) === 0) return false;
  return true;
}

export const codingOf = (text: string): Coding => (isGsm7(text) ? 'gsm7' : 'ucs2');

/** Units one character takes in the given coding (septets, or UTF-16 code units). */
function unitsOf(ch: string, coding: Coding): number {
  return coding === 'gsm7' ? gsmSeptets(ch) : ch.length;
}

/** Length in the coding's units: septets for GSM-7 (extension characters count 2), UTF-16 units for UCS-2. */
export function smsLength(text: string, coding: Coding = codingOf(text)): number {
  let n = 0;
  for (const ch of text) n += unitsOf(ch, coding);
  return n;
}

export interface SmsPlan {
  coding: Coding;
  /** Total length in the coding's units. */
  units: number;
  /** The texts of the parts: one for a single SMS, else the parts of a concatenated SMS in order. */
  parts: string[];
}

/** Chooses the coding and splits the text into as few SMS as it takes. */
export function planSms(text: string): SmsPlan {
  const coding = codingOf(text);
  const units = smsLength(text, coding);
  if (units <= SINGLE_LIMIT[coding]) return { coding, units, parts: [text] };
  const limit = PART_LIMIT[coding];
  const parts: string[] = [];
  let current = '';
  let used = 0;
  // for…of walks code points, so a surrogate pair or an escaped character is never cut in two.
  for (const ch of text) {
    const u = unitsOf(ch, coding);
    if (used + u > limit) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += u;
  }
  if (current) parts.push(current);
  return { coding, units, parts };
}
