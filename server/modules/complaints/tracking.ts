// Tracking numbers and access codes. Tracking numbers are 8 characters from an alphabet without
// look-alikes (no 0/O, 1/I/L, U/V): 29 symbols, easy to read over SMS and type on a phone, random so that they
// say nothing about volume and cannot be walked in sequence (29^8 ≈ 5·10^11).
import crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHJKMNPQRSTWXYZ23456789';

function randomString(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of crypto.randomBytes(length * 2)) {
      // Rejection sampling keeps every character equally likely.
      if (b < 256 - (256 % ALPHABET.length)) out += ALPHABET[b % ALPHABET.length];
      if (out.length === length) break;
    }
  }
  return out;
}

export const newTrackingNumber = () => randomString(8);
/** The secret a guest uses to follow their complaint; only its hash is stored. */
export const newAccessCode = () => randomString(10);
export const hashAccessCode = (code: string) => crypto.createHash('sha256').update(normaliseCode(code)).digest('hex');

/** Accepts what people type: lower case, spaces and dashes. */
export function normaliseCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '');
}

export const TRACKING_PATTERN = /^[A-Z0-9]{8,12}$/;

export function timingSafeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && crypto.timingSafeEqual(x, y);
}
