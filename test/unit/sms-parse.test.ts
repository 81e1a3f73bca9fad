// The SMS keyword parser and the reply texts (pure).
import { describe, expect, it } from 'vitest';
import { parseSms, titleFrom } from '../../server/modules/sms/parse';
import { ACCESS_CODE_PLACEHOLDER, formatDateId, Replies } from '../../server/modules/sms/replies';
import { planSms, smsLength } from '../../server/modules/sms/gsm';

describe('parseSms', () => {
  it('LAPOR files the rest of the text, anonymous unless TERBUKA comes before LAPOR', () => {
    expect(parseSms('LAPOR Jalan rusak di depan pasar')).toEqual({ kind: 'lapor', text: 'Jalan rusak di depan pasar', region: null, open: false });
    expect(parseSms('TERBUKA LAPOR Jalan rusak')).toEqual({ kind: 'lapor', text: 'Jalan rusak', region: null, open: true });
    // TERBUKA after LAPOR is complaint text, never a switch that reveals the reporter.
    expect(parseSms('LAPOR terbuka saluran air di Jl. Gajah Mada')).toEqual({ kind: 'lapor', text: 'terbuka saluran air di Jl. Gajah Mada', region: null, open: false });
  });

  it('is case-insensitive and tolerant of extra spaces and line breaks, keeping the text as written', () => {
    expect(parseSms('  lapor   \n Jalan  rusak\nsejak Senin  ')).toEqual({ kind: 'lapor', text: 'Jalan  rusak\nsejak Senin', region: null, open: false });
    expect(parseSms('Lapor: lampu mati')).toMatchObject({ kind: 'lapor', text: 'lampu mati' });
    expect(parseSms('cek   abcd2345')).toEqual({ kind: 'cek', tracking: 'ABCD2345' });
    expect(parseSms('CEK abcd-2345')).toEqual({ kind: 'cek', tracking: 'ABCD2345' });
    expect(parseSms('CEK ABCD 2345')).toEqual({ kind: 'cek', tracking: 'ABCD2345' });
    expect(parseSms('\tBalas\nabcd2345   Sudah saya\nfoto')).toEqual({ kind: 'balas', tracking: 'ABCD2345', text: 'Sudah saya\nfoto' });
    expect(parseSms('nilai abcd2345 4')).toEqual({ kind: 'nilai', tracking: 'ABCD2345', score: 4, comment: null });
    expect(parseSms('NILAI ABCD2345 5 cepat ditangani')).toEqual({ kind: 'nilai', tracking: 'ABCD2345', score: 5, comment: 'cepat ditangani' });
  });

  it('takes a region keyword (one or more words, with KAB/KOTA) before LAPOR', () => {
    expect(parseSms('BULELENG LAPOR Jalan rusak')).toEqual({ kind: 'lapor', text: 'Jalan rusak', region: 'BULELENG', open: false });
    expect(parseSms('kota denpasar lapor sampah menumpuk')).toEqual({ kind: 'lapor', text: 'sampah menumpuk', region: 'KOTA DENPASAR', open: false });
    expect(parseSms('Kab. Malang LAPOR banjir')).toEqual({ kind: 'lapor', text: 'banjir', region: 'KAB MALANG', open: false });
    expect(parseSms('BULELENG TERBUKA LAPOR Jalan rusak')).toEqual({ kind: 'lapor', text: 'Jalan rusak', region: 'BULELENG', open: true });
    expect(parseSms('TERBUKA BULELENG LAPOR Jalan rusak')).toEqual({ kind: 'lapor', text: 'Jalan rusak', region: 'BULELENG', open: true });
  });

  it('answers help for empty messages, empty LAPOR, unknown text and malformed commands', () => {
    expect(parseSms('')).toEqual({ kind: 'help', reason: 'empty' });
    expect(parseSms('   \n ')).toEqual({ kind: 'help', reason: 'empty' });
    expect(parseSms('LAPOR')).toEqual({ kind: 'help', reason: 'lapor' });
    expect(parseSms('LAPOR    \n')).toEqual({ kind: 'help', reason: 'lapor' });
    expect(parseSms('BULELENG LAPOR ')).toEqual({ kind: 'help', reason: 'lapor' });
    expect(parseSms('Halo, selamat pagi')).toEqual({ kind: 'help', reason: 'unknown' });
    expect(parseSms('LAPORAN jalan rusak')).toEqual({ kind: 'help', reason: 'unknown' });
    expect(parseSms('satu dua tiga empat lima enam tujuh LAPOR jauh di belakang')).toEqual({ kind: 'help', reason: 'unknown' });
    expect(parseSms('CEK')).toEqual({ kind: 'help', reason: 'cek' });
    expect(parseSms('BALAS ABCD2345')).toEqual({ kind: 'help', reason: 'balas' });
    expect(parseSms('BALAS')).toEqual({ kind: 'help', reason: 'balas' });
    expect(parseSms('NILAI ABCD2345')).toEqual({ kind: 'help', reason: 'nilai' });
    expect(parseSms('NILAI ABCD2345 6')).toEqual({ kind: 'help', reason: 'nilai' });
    expect(parseSms('NILAI ABCD2345 0')).toEqual({ kind: 'help', reason: 'nilai' });
    expect(parseSms('NILAI ABCD2345 bagus')).toEqual({ kind: 'help', reason: 'nilai' });
  });

  it('keeps Unicode text and long messages intact', () => {
    const body = `Jalan rusak 🚧 di ᬩᬮᬶ — ${'x'.repeat(1000)}`;
    expect(parseSms(`LAPOR ${body}`)).toEqual({ kind: 'lapor', text: body, region: null, open: false });
  });
});

describe('titleFrom', () => {
  it('keeps short texts and cuts long ones at a word, on one line', () => {
    expect(titleFrom('Jalan rusak\ndi depan pasar')).toBe('Jalan rusak di depan pasar');
    const long = 'Jalan berlubang besar di depan Pasar Anyar Singaraja sudah dua minggu tidak diperbaiki dan membahayakan';
    const t = titleFrom(long);
    expect([...t].length).toBeLessThanOrEqual(80);
    expect(t.endsWith('…')).toBe(true);
    expect(long.startsWith(t.slice(0, -1))).toBe(true);
    expect(long[t.length - 1]).toBe(' ');
    expect([...titleFrom('x'.repeat(300))].length).toBe(80);
    // Never half an emoji.
    expect(titleFrom('🚧'.repeat(100))).toBe(`${'🚧'.repeat(79)}…`);
  });
});

describe('replies', () => {
  const filled = (s: string) => s.replace(ACCESS_CODE_PLACEHOLDER, 'ABCDEFGHJK');
  it('fit one GSM-7 SMS for the demo regions and every help text', () => {
    const texts = [
      ...(['empty', 'unknown', 'lapor', 'cek', 'balas', 'nilai'] as const).map((r) => Replies.help(r)),
      filled(Replies.filed({ trackingNumber: 'ABCD2345', anonymous: true, shortCode: '1708', region: 'Kabupaten Buleleng' })),
      filled(Replies.filed({ trackingNumber: 'ABCD2345', anonymous: false, shortCode: '1708', region: 'Kota Denpasar' })),
      filled(Replies.filed({ trackingNumber: 'ABCD2345', anonymous: true, shortCode: '1708', region: null })),
      Replies.notFound('ABCD2345'),
      Replies.replied('ABCD2345'),
      Replies.replyRefused('ABCD2345', 'Belum Terverifikasi'),
      Replies.rated('ABCD2345', 5),
      Replies.alreadyRated('ABCD2345'),
      Replies.notRateable('ABCD2345', 'Belum Terverifikasi'),
      Replies.unknownRegion('SAYA MAU'),
      Replies.ambiguousRegion('MALANG', ['KAB MALANG', 'KOTA MALANG']),
      Replies.failed(),
      Replies.status({ trackingNumber: 'ABCD2345', statusLabel: 'Belum Terverifikasi', unit: 'Kabupaten Buleleng', dueAt: new Date('2026-07-09T15:59:59.999Z'), dueKind: 'verification', timeZone: 'WITA', canRate: false }),
      Replies.status({ trackingNumber: 'ABCD2345', statusLabel: 'Ditindaklanjuti', unit: 'Dinas PUPR', dueAt: new Date('2026-07-09T15:59:59.999Z'), dueKind: 'reporter_reply', timeZone: 'WITA', canRate: true }),
    ];
    for (const t of texts) {
      const plan = planSms(t);
      expect({ t, coding: plan.coding, parts: plan.parts.length, len: smsLength(t) }).toMatchObject({ coding: 'gsm7', parts: 1 });
    }
  });

  it('the same not-found text whatever the reason', () => {
    expect(Replies.notFound('ABCD2345')).toBe(Replies.notFound('ABCD2345'));
    expect(Replies.notFound('X'.repeat(40)).length).toBeLessThan(160);
  });

  it('formats dates as "12 Jul 2026" in the organisation\'s time zone', () => {
    // 15:59:59.999Z on 9 July is the end of 9 July in Bali (WITA, UTC+8) and 10 July in Papua (WIT).
    expect(formatDateId(new Date('2026-07-09T15:59:59.999Z'), 'WITA')).toBe('9 Jul 2026');
    expect(formatDateId(new Date('2026-07-09T15:59:59.999Z'), 'WIT')).toBe('10 Jul 2026');
    expect(formatDateId(new Date('2026-08-17T03:00:00Z'), 'WIB')).toBe('17 Agu 2026');
    expect(formatDateId(new Date('2026-12-12T03:00:00Z'), 'WIB')).toBe('12 Des 2026');
  });
});
