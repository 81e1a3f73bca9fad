// GSM-7 / UCS-2 detection and splitting (pure).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { codingOf, gsmSeptets, isGsm7, planSms, smsLength, PART_LIMIT } from '../../server/modules/sms/gsm';

const units = (s: string, coding: 'gsm7' | 'ucs2') => smsLength(s, coding);

describe('coding', () => {
  it('GSM-7 for the default alphabet and the extension table, UCS-2 otherwise', () => {
    expect(codingOf('Laporan diterima. Nomor: ABCD2345 @£$¥èé_ΔΩ¿¡§')).toBe('gsm7');
    expect(codingOf('Harga €5 [a] {b} ~c| \\ ^')).toBe('gsm7');
    expect(codingOf('Jalan rusak 🚧')).toBe('ucs2');
    expect(codingOf('ᬩᬮᬶ')).toBe('ucs2');
    expect(codingOf('café')).toBe('gsm7');
    expect(codingOf('naïve')).toBe('ucs2');
    expect(codingOf('`')).toBe('ucs2');
    expect(isGsm7('')).toBe(true);
  });

  it('extension characters count two septets', () => {
    for (const ch of ['€', '[', ']', '{', '}', '\\', '^', '~', '|', '\f']) expect(gsmSeptets(ch)).toBe(2);
    expect(gsmSeptets('a')).toBe(1);
    expect(gsmSeptets('🚧')).toBe(0);
    expect(smsLength('€[]')).toBe(6);
    expect(smsLength('abc')).toBe(3);
  });
});

describe('planSms', () => {
  it('160 GSM-7 characters are one SMS, 161 are two parts of at most 153', () => {
    expect(planSms('a'.repeat(160))).toEqual({ coding: 'gsm7', units: 160, parts: ['a'.repeat(160)] });
    const p = planSms('a'.repeat(161));
    expect(p.parts.map((x) => x.length)).toEqual([153, 8]);
    expect(planSms('a'.repeat(306)).parts.length).toBe(2);
    expect(planSms('a'.repeat(307)).parts.length).toBe(3);
  });

  it('extension characters count double against the limits', () => {
    expect(planSms('€'.repeat(80)).parts).toHaveLength(1);
    const p = planSms('€'.repeat(81));
    expect(p.units).toBe(162);
    // 76 escapes are 152 septets; a 77th would need 154, so it goes to the next part.
    expect(p.parts.map((x) => [...x].length)).toEqual([76, 5]);
    expect(planSms(`${'a'.repeat(159)}[`).parts).toHaveLength(2);
    expect(planSms(`${'a'.repeat(158)}[`).parts).toHaveLength(1);
  });

  it('never splits an escape sequence: a part ends before it rather than between ESC and the character', () => {
    const p = planSms(`${'a'.repeat(152)}[${'b'.repeat(20)}`);
    expect(p.parts[0]).toBe('a'.repeat(152));
    expect(p.parts[1]!.startsWith('[')).toBe(true);
    for (const part of p.parts) expect(units(part, 'gsm7')).toBeLessThanOrEqual(153);
  });

  it('70 UCS-2 units are one SMS, 71 are two parts of at most 67', () => {
    expect(planSms('ᬩ'.repeat(70)).parts).toHaveLength(1);
    const p = planSms('ᬩ'.repeat(71));
    expect(p.coding).toBe('ucs2');
    expect(p.parts.map((x) => x.length)).toEqual([67, 4]);
  });

  it('emoji count two units and a surrogate pair is never split', () => {
    expect(planSms('🚧'.repeat(35)).parts).toHaveLength(1);
    const odd = planSms(`x${'🚧'.repeat(40)}`);
    // 1 + 33 pairs = 67 units; the next pair would not fit.
    expect(odd.parts[0]).toBe(`x${'🚧'.repeat(33)}`);
    expect(odd.parts[1]).toBe('🚧'.repeat(7));
    for (const part of odd.parts) {
      expect(part.length).toBeLessThanOrEqual(67);
      expect(/^[\uDC00-\uDFFF]/.test(part)).toBe(false);
      expect(/[\uD800-\uDBFF]$/.test(part)).toBe(false);
    }
  });

  it('any text: parts join back to it, fit their limit and never cut a character', () => {
    const alphabet = fc.constantFrom('a', 'Z', ' ', '€', '[', '\n', 'é', 'ᬩ', '🚧', '😀', 'ß', '~');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 600 }).map((a) => a.join('')), (text) => {
        const p = planSms(text);
        expect(p.parts.join('')).toBe(text);
        if (p.parts.length > 1) for (const part of p.parts) expect(units(part, p.coding)).toBeLessThanOrEqual(PART_LIMIT[p.coding]);
        for (const part of p.parts) {
          expect(/^[\uDC00-\uDFFF]/.test(part)).toBe(false);
          expect(/[\uD800-\uDBFF]$/.test(part)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});
