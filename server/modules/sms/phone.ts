// Indonesian mobile numbers, pure. Everything the phone network, a gateway or a person may write
// (0812-3456-789, +62 812 3456 789, 62812…, 0062812…, +62 (0)812…) becomes one canonical form,
// +628…, so that "the phone that filed the complaint" can be compared with the sender of an SMS.

// Mobile numbers: national significant number 8xx… of 9 to 12 digits.
const MOBILE_NSN = /^8[1-9]\d{7,10}$/;

/**
 * The canonical form `+628…` of an Indonesian mobile number, or null for anything else (letters,
 * landlines, other countries, numbers without a national or international prefix, garbage).
 */
export function normalisePhone(input: string | null | undefined): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  // Separators people and gateways use; "(0)" is the trunk prefix written after the country code.
  let s = input.trim().replace(/\(0\)/g, '0').replace(/[\s\-.()/]/g, '');
  if (!/^\+?\d+$/.test(s)) return null;
  if (s.startsWith('+62')) s = s.slice(3);
  else if (s.startsWith('0062')) s = s.slice(4);
  else if (s.startsWith('62')) s = s.slice(2);
  else if (s.startsWith('0')) s = s.slice(1);
  else return null;
  // "+62 0812…": the trunk 0 kept after the country code.
  if (s.startsWith('0')) s = s.slice(1);
  return MOBILE_NSN.test(s) ? `+62${s}` : null;
}

/** True when both are the same Indonesian mobile number (false when either is not one). */
export function samePhone(a: string | null | undefined, b: string | null | undefined): boolean {
  const x = normalisePhone(a);
  return x !== null && x === normalisePhone(b);
}

/** For logs: the number with its middle hidden (+62812****789). */
export function maskPhone(phone: string): string {
  return phone.length <= 8 ? '****' : `${phone.slice(0, 6)}****${phone.slice(-3)}`;
}
