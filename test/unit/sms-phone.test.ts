// Indonesian mobile number normalisation (pure), and the raw query decoding of the Kannel URL.
import { describe, expect, it } from 'vitest';
import { maskPhone, normalisePhone, samePhone } from '../../server/modules/sms/phone';
import { decodeText, gatewayAllowList, rawQueryParams } from '../../server/modules/sms/routes';

describe('normalisePhone', () => {
  it('brings every way of writing a mobile number to +628…', () => {
    for (const n of ['081234567890', '+6281234567890', '6281234567890', '006281234567890', '0812-3456-7890', '0812 3456 7890', '+62 812 3456 7890', '+62 (0)812 3456 7890', '+62-812-3456-7890', ' 0812.3456.7890 ', '+6208123456789 0']) {
      expect(normalisePhone(n), n).toBe('+6281234567890');
    }
    expect(normalisePhone('628123456789')).toBe('+628123456789');
    expect(normalisePhone('0811234567')).toBe('+62811234567');
  });

  it('rejects garbage, landlines, other countries and bare numbers', () => {
    for (const n of ['', '   ', 'TELKOMSEL', '0812abc4567', '+6512345678', '+1 202 555 0100', '1708', '8123456789', '0362 21234', '081', '08123456789012345', '++6281234567890', '0812345678901234567890', '+62 812 3456 7890 ext 5']) {
      expect(normalisePhone(n), n).toBeNull();
    }
    expect(normalisePhone(null)).toBeNull();
    expect(normalisePhone(undefined)).toBeNull();
  });

  it('compares numbers written differently', () => {
    expect(samePhone('081234567890', '+62 812-3456-7890')).toBe(true);
    expect(samePhone('081234567890', '081234567891')).toBe(false);
    expect(samePhone(null, null)).toBe(false);
    expect(samePhone('garbage', 'garbage')).toBe(false);
    expect(maskPhone('+6281234567890')).toBe('+62812****890');
  });
});

describe('the inbound URL', () => {
  it('reads parameters as octets and decodes the text in the charset Kannel names', () => {
    const p = rawQueryParams('/sms/kannel/inbound?from=%2B628123&text=LAPOR+jalan%20rusak+%F0%9F%9A%A7&id=abc&key=s%26cret');
    expect(p.get('from')!.toString()).toBe('+628123');
    expect(decodeText(p.get('text')!, undefined)).toBe('LAPOR jalan rusak 🚧');
    expect(p.get('key')!.toString()).toBe('s&cret');
    // Latin-1 bytes (a Kannel that did not convert) and UTF-16BE (UCS-2 without mo-recode).
    expect(decodeText(rawQueryParams('/?t=caf%E9').get('t')!, undefined)).toBe('café');
    expect(decodeText(rawQueryParams('/?t=%00L%00A%D8%3D%DE%A7').get('t')!, 'UTF-16BE')).toBe('LA🚧');
    expect(decodeText(rawQueryParams('/?t=caf%C3%A9').get('t')!, 'UTF-8')).toBe('café');
  });

  it('checks the gateway address against addresses and ranges', () => {
    const ok = gatewayAllowList(['127.0.0.1', '::1', '10.20.0.0/16']);
    expect(ok('127.0.0.1')).toBe(true);
    expect(ok('::ffff:127.0.0.1')).toBe(true);
    expect(ok('::1')).toBe(true);
    expect(ok('10.20.3.4')).toBe(true);
    expect(ok('10.21.3.4')).toBe(false);
    expect(ok('192.168.1.1')).toBe(false);
    expect(ok(undefined)).toBe(false);
  });
});
