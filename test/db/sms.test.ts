// The SMS channel through the inbound URL Kannel calls and the sendsms interface it offers, on both
// engines: intake with LAPOR (and region keywords), CEK/BALAS/NILAI round trips, exactly-once
// handling of a message delivered twice (also at the same time), the gateway's secret and address
// checks, a gateway that is down, Unicode, and the admins' outbox. Kannel's sendsms is played by a
// loopback HTTP server started here.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { buildApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { queueSms, sendDueSms, type SmsGatewayConfig } from '../../server/modules/sms';
import { rawQueryParams } from '../../server/modules/sms/routes';

const SECRET = 'kunci-kannel-uji-2026';
const wita = (local: string) => new Date(`${local}+08:00`).toISOString();

// ---------------------------------------------------------------------------------------------
// A fake Kannel sendsms: records every request, answers 202, or 503 while "down".

interface Sent {
  to: string;
  from: string;
  text: string;
  coding: string;
  charset: string;
  username: string;
  password: string;
  udh: Buffer | null;
}
const received: Sent[] = [];
let gatewayStatus = 202;
const gateway = http.createServer((req, res) => {
  const p = rawQueryParams(req.url ?? '');
  const s = (k: string) => p.get(k)?.toString('utf8') ?? '';
  if (gatewayStatus === 202) {
    received.push({ to: s('to'), from: s('from'), text: s('text'), coding: s('coding'), charset: s('charset'), username: s('username'), password: s('password'), udh: p.get('udh') ?? null });
  }
  res.writeHead(gatewayStatus, { 'content-type': 'text/plain' });
  res.end(gatewayStatus === 202 ? '0: Accepted for delivery' : 'Service Unavailable');
});

let t: TestApp;
let gw: SmsGatewayConfig;
let seq = 0;

beforeAll(async () => {
  await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/cgi-bin/sendsms`;
  const env = { SMS_INBOUND_SECRET: SECRET, KANNEL_SENDSMS_URL: url, KANNEL_USERNAME: 'aduan', KANNEL_PASSWORD: 'sandi-kannel', SMS_SHORT_CODE: '1708' };
  t = await testApp({ now: wita('2026-07-06T10:00:00'), env });
  gw = loadConfig(env);
});
afterAll(() => new Promise<void>((r) => gateway.close(() => r())));

async function sms(from: string, text: string, opts: { id?: string; key?: string | null; ip?: string; extra?: Record<string, string> } = {}) {
  const id = opts.id ?? `0b6c1a9e-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
  const q = new URLSearchParams({ from, to: '1708', text, id, ts: '2026-07-06 02:00:00', ...opts.extra });
  if (opts.key !== null) q.set('key', opts.key ?? SECRET);
  const r = await t.app.inject({ method: 'GET', url: `/sms/kannel/inbound?${q}`, remoteAddress: opts.ip ?? '127.0.0.1' });
  return { status: r.statusCode, body: r.body, id };
}

interface OutRow {
  id: number;
  to_number: string;
  text: string;
  secret: string | null;
  kind: string;
  coding: number;
  parts: number;
  status: string;
  attempts: number;
  last_error: string | null;
  complaint_id: number | null;
}
const outbound = async (phone: string) => (await t.db.query<OutRow>('SELECT * FROM sms_outbound WHERE to_number = $1 ORDER BY id', [phone])).rows;
const lastReply = async (phone: string) => (await outbound(phone)).at(-1);
const count = async (table: string) => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
const send = () => sendDueSms(t.db, t.clock, gw);
const complaintOf = async (id: number) =>
  (await t.db.query<Record<string, any>>('SELECT c.*, o.code AS admin_code FROM complaints c JOIN organisations o ON o.id = c.admin_org_id WHERE c.id = $1', [id])).rows[0]!;

/** Files a complaint by SMS and returns its tracking number and access code (as the phone received them). */
async function file(phone: string, text: string) {
  const r = await sms(phone, text);
  expect(r.status).toBe(200);
  const reply = (await lastReply(`+62${phone.replace(/^(\+?62|0)/, '')}`))!;
  expect(reply.kind).toBe('confirmation');
  const trk = /Nomor: ([A-Z0-9]{8})/.exec(reply.text)![1]!;
  return { trk, accessCode: reply.secret!, complaintId: reply.complaint_id! };
}

describe('LAPOR', () => {
  it('files an anonymous SMS complaint with the normalised phone and queues the confirmation', async () => {
    const before = await count('complaints');
    const r = await sms('6281234567001', 'LAPOR Jalan berlubang besar di depan Pasar Anyar Singaraja, sudah dua minggu dan membahayakan pengendara');
    expect(r.status).toBe(200);
    expect(r.body).toBe('');
    expect(await count('complaints')).toBe(before + 1);

    const reply = (await lastReply('+6281234567001'))!;
    expect(reply).toMatchObject({ kind: 'confirmation', status: 'queued', coding: 0, parts: 1 });
    const trk = /Nomor: ([A-Z0-9]{8})/.exec(reply.text)![1]!;
    expect(reply.text).toContain(`CEK ${trk} ke 1708`);
    // The access code is the reporter's secret: kept apart from the text until it is sent.
    expect(reply.secret).toMatch(/^[A-Z2-9]{10}$/);
    expect(reply.text).not.toContain(reply.secret!);

    const c = await complaintOf(reply.complaint_id!);
    expect(c).toMatchObject({ tracking_number: trk, channel: 'sms', anonymous: true, confidential: false, reporter_phone: '+6281234567001', reporter_name: null, status: 'submitted', type: 'pengaduan' });
    expect(c.title).toBe('Jalan berlubang besar di depan Pasar Anyar Singaraja, sudah dua minggu dan…');
    expect(c.body).toBe('Jalan berlubang besar di depan Pasar Anyar Singaraja, sudah dua minggu dan membahayakan pengendara');
    const inbound = (await t.db.query('SELECT * FROM sms_inbound WHERE gateway_id = $1', [r.id])).rows[0];
    expect(inbound).toMatchObject({ from_number: '6281234567001', from_phone: '+6281234567001', command: 'lapor', outcome: 'filed', complaint_id: c.id, reply_id: reply.id });

    // The code works as the reporter's key on the API; the SMS goes out with it through sendsms.
    expect((await t.call('GET', `/api/v1/complaints/${trk}?accessCode=${reply.secret}`)).json.view).toBe('reporter');
    received.length = 0;
    expect(await send()).toMatchObject({ gateway: true, sent: 1, retrying: 0, failed: 0 });
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ to: '+6281234567001', from: '1708', coding: '0', charset: 'UTF-8', username: 'aduan', password: 'sandi-kannel', udh: null });
    expect(received[0]!.text).toBe(reply.text.replace('{{KODE_AKSES}}', reply.secret!));
    const after = (await lastReply('+6281234567001'))!;
    expect(after).toMatchObject({ status: 'sent', secret: null });
    expect(await send()).toMatchObject({ sent: 0 });
  });

  it('TERBUKA before LAPOR files it without anonymity; the admin sees the phone', async () => {
    const { trk } = await file('081234567002', 'TERBUKA LAPOR Lampu jalan mati di Jl. Ngurah Rai');
    const c = (await t.db.query<{ anonymous: boolean }>('SELECT anonymous FROM complaints WHERE tracking_number = $1', [trk])).rows[0]!;
    expect(c.anonymous).toBe(false);
    expect((await lastReply('+6281234567002'))!.text).toMatch(/^Laporan diterima\./);
    const admin = await t.call('GET', `/api/v1/complaints/${trk}`, { token: await t.login('admin.nasional') });
    expect(admin.json.reporter.phone).toBe('+6281234567002');
    expect(admin.json.channel).toBe('sms');
  });

  it('a region keyword pre-routes to that regency or city', async () => {
    const cases: [string, string][] = [
      ['BULELENG LAPOR Jalan rusak di Seririt', '51.08'],
      ['badung lapor Sampah di pantai Kuta', '51.03'],
      ['KOTA DENPASAR LAPOR Parkir liar', '51.71'],
      ['Denpasar LAPOR Parkir liar lagi', '51.71'],
      ['KAB MALANG LAPOR Jembatan putus', '35.07'],
      ['Kota Malang LAPOR Banjir', '35.73'],
      ['KABUPATEN BULELENG TERBUKA LAPOR Air PDAM keruh', '51.08'],
    ];
    for (const [i, [text, code]] of cases.entries()) {
      const { complaintId } = await file(`08123456710${i}`, text);
      expect((await complaintOf(complaintId)).admin_code, text).toBe(code);
    }
    const reply = (await lastReply('+628123456710' + '0'))!;
    expect(reply.text).toContain('Wilayah: Kabupaten Buleleng.');
  });

  it('an ambiguous or unknown region files nothing and says how to write it', async () => {
    const before = await count('complaints');
    await sms('081234567201', 'MALANG LAPOR Jalan rusak');
    expect((await lastReply('+6281234567201'))!.text).toBe('Ada 2 wilayah MALANG: KAB MALANG, KOTA MALANG. Kirim ulang, mis. KOTA MALANG LAPOR <isi>');
    await sms('081234567202', 'Saya mau LAPOR jalan rusak');
    expect((await lastReply('+6281234567202'))!.text).toMatch(/^Wilayah "SAYA MAU" tidak dikenal/);
    expect(await count('complaints')).toBe(before);
  });

  it('an empty LAPOR and unknown text get the help text (once per phone in ten minutes)', async () => {
    await sms('081234567301', 'LAPOR   ');
    expect((await lastReply('+6281234567301'))!).toMatchObject({ kind: 'help', text: expect.stringMatching(/^Isi laporan kosong/) });
    await sms('081234567302', 'Selamat pagi pak');
    const help = (await lastReply('+6281234567302'))!;
    expect(help.kind).toBe('help');
    for (const k of ['LAPOR', 'CEK', 'BALAS', 'NILAI', 'TERBUKA']) expect(help.text).toContain(k);
    await sms('081234567302', 'Halo?');
    expect(await outbound('+6281234567302')).toHaveLength(1);
    t.clock.advance(11 * 60_000);
    await sms('081234567302', 'Halo??');
    expect(await outbound('+6281234567302')).toHaveLength(2);
  });

  it('senders that are not Indonesian mobile numbers are recorded and get no answer', async () => {
    const before = await count('sms_outbound');
    const r = await sms('TELKOMSEL', 'Promo paket data');
    expect(r.status).toBe(200);
    expect(await count('sms_outbound')).toBe(before);
    expect((await t.db.query('SELECT command, outcome FROM sms_inbound WHERE gateway_id = $1', [r.id])).rows[0]).toEqual({ command: 'ignored', outcome: 'ignored' });
  });

  it('1,000-character and Unicode messages are stored intact; the reply coding fits the reply', async () => {
    const body = `Jalan rusak 🚧 di Desa Panji — ᬩᬮᬶ ${'Aspal mengelupas. '.repeat(60)}`.slice(0, 1000);
    const { complaintId } = await file('081234567401', `LAPOR ${body}`);
    const c = await complaintOf(complaintId);
    expect(c.body).toBe(body.trim());
    expect([...c.title].length).toBeLessThanOrEqual(80);
    // The confirmation is ours and plain: GSM-7.
    expect((await lastReply('+6281234567401'))!.coding).toBe(0);

    // A reply that repeats what the sender wrote in another script goes out as UCS-2.
    await sms('081234567402', 'ŠIBENIK LAPOR Jalan rusak');
    const refused = (await lastReply('+6281234567402'))!;
    expect(refused).toMatchObject({ kind: 'refused', coding: 2, parts: 2 });
    expect(refused.text).toContain('"ŠIBENIK"');
    received.length = 0;
    await send();
    const parts = received.filter((r) => r.to === '+6281234567402');
    expect(parts).toHaveLength(2);
    for (const [i, p] of parts.entries()) {
      expect(p).toMatchObject({ coding: '2', charset: 'UTF-8' });
      // Concatenation header: IEI 0, length 3, reference, 2 parts, part number.
      expect([...p.udh!]).toEqual([5, 0, 3, refused.id & 0xff, 2, i + 1]);
    }
    expect(parts.map((p) => p.text).join('')).toBe(refused.text);
  });

  it('text in another charset: Latin-1 bytes (a Kannel without UTF-8), or UTF-16BE named by charset=%C', async () => {
    const latin = await t.app.inject({ method: 'GET', url: `/sms/kannel/inbound?from=081234567404&to=1708&text=LAPOR+Caf%E9+di+pasar+tutup+jalan&id=latin-1&key=${SECRET}` });
    expect(latin.statusCode).toBe(200);
    const a = (await lastReply('+6281234567404'))!;
    expect((await complaintOf(a.complaint_id!)).body).toBe('Café di pasar tutup jalan');
    const utf16 = [...Buffer.from('LAPOR Jalan 🚧', 'utf16le').swap16()].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const r = await t.app.inject({ method: 'GET', url: `/sms/kannel/inbound?from=081234567405&to=1708&text=${utf16}&charset=UTF-16BE&id=utf16-1&key=${SECRET}` });
    expect(r.statusCode).toBe(200);
    const b = (await lastReply('+6281234567405'))!;
    expect((await complaintOf(b.complaint_id!)).body).toBe('Jalan 🚧');
  });

  it('queueSms takes any way of writing the number and refuses what is not one', async () => {
    const id = await queueSms(t.db, { to: '0812-3456-7406', text: 'Uji', kind: 'notice' }, t.clock.now());
    expect((await t.db.query('SELECT to_number FROM sms_outbound WHERE id = $1', [id])).rows[0]).toEqual({ to_number: '+6281234567406' });
    await expect(queueSms(t.db, { to: '1708', text: 'Uji', kind: 'notice' }, t.clock.now())).rejects.toThrow(/not an Indonesian mobile number/);
  });

  it('an emoji-heavy UCS-2 SMS is split without cutting a surrogate pair', async () => {
    const text = `Terima kasih 🙏 ${'🚧'.repeat(60)}`;
    const id = await queueSms(t.db, { to: '+6281234567403', text, kind: 'notice' }, t.clock.now());
    received.length = 0;
    await send();
    const parts = received.filter((r) => r.to === '+6281234567403');
    expect(parts.length).toBe(3);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(67);
      expect(p.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect((await t.db.query('SELECT status, parts, parts_sent FROM sms_outbound WHERE id = $1', [id])).rows[0]).toEqual({ status: 'sent', parts: 3, parts_sent: 3 });
  });
});

describe('exactly once', () => {
  it('the same Kannel message id delivered twice files once and answers once', async () => {
    const complaints = await count('complaints');
    const a = await sms('081234567501', 'LAPOR Pohon tumbang menutup jalan', { id: 'dup-0001' });
    const b = await sms('081234567501', 'LAPOR Pohon tumbang menutup jalan', { id: 'dup-0001' });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(await count('complaints')).toBe(complaints + 1);
    expect(await outbound('+6281234567501')).toHaveLength(1);
    expect((await t.db.query('SELECT count(*)::int AS n FROM sms_inbound WHERE gateway_id = $1', ['dup-0001'])).rows[0]!.n).toBe(1);
  });

  it('two deliveries of the same id at the same time file once', async () => {
    const complaints = await count('complaints');
    const rs = await Promise.all([1, 2, 3].map(() => sms('081234567502', 'LAPOR Saluran air tersumbat', { id: 'dup-0002' })));
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await count('complaints')).toBe(complaints + 1);
    expect(await outbound('+6281234567502')).toHaveLength(1);
  });

  it('a repeated BALAS with the same id adds one reply', async () => {
    const { trk } = await file('081234567503', 'LAPOR Lampu lalu lintas mati');
    await Promise.all([sms('081234567503', `BALAS ${trk} Masih mati sampai sekarang`, { id: 'dup-0003' }), sms('081234567503', `BALAS ${trk} Masih mati sampai sekarang`, { id: 'dup-0003' })]);
    const tl = await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: await t.login('admin.nasional') });
    expect(tl.json.items.filter((e: any) => e.action === 'reply')).toHaveLength(1);
  });
});

describe('CEK, BALAS, NILAI', () => {
  const PHONE = '081234567601';
  const CANON = '+6281234567601';
  let trk: string;

  it('CEK answers the status, the unit and the due date', async () => {
    t.clock.set(wita('2026-07-06T10:00:00'));
    ({ trk } = await file(PHONE, 'BULELENG LAPOR Jalan rusak di Jl. Ahmad Yani Singaraja'));
    await sms(`+62 812-3456-7601`, `cek ${trk.toLowerCase()}`);
    // Verification: 3 working days after Monday 6 July → Thursday 9 July (Bali time).
    expect((await lastReply(CANON))!.text).toBe(`Laporan ${trk}: Belum Terverifikasi. Unit: Kabupaten Buleleng. Batas verifikasi: 9 Jul 2026.`);

    t.clock.set(wita('2026-07-07T10:00:00'));
    const admin = await t.login('admin.buleleng');
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
    await sms(PHONE, `CEK ${trk}`);
    expect((await lastReply(CANON))!.text).toBe(`Laporan ${trk}: Terdisposisi. Unit: Dinas Pekerjaan Umum dan Penataan Ruang. Batas tindak lanjut: 14 Jul 2026.`);
  });

  it('another phone, or a number that does not exist, gets the same not-found answer', async () => {
    await sms('081234567699', `CEK ${trk}`);
    const other = (await lastReply('+6281234567699'))!;
    await sms('081234567698', `CEK ${trk}`);
    expect(other.text).toBe(`Laporan ${trk} tidak ditemukan untuk nomor HP ini. Periksa nomor laporan Anda.`);
    // A well-formed number that does not exist, answered to a fresh phone: the same words.
    const ghost = trk.startsWith('A') ? `B${trk.slice(1)}` : `A${trk.slice(1)}`;
    await sms('081234567697', `CEK ${ghost}`);
    expect((await lastReply('+6281234567697'))!.text).toBe(other.text.replace(trk, ghost));
    expect((await lastReply('+6281234567697'))!.kind).toBe(other.kind);

    // Another phone can neither reply nor rate.
    const events = await count('complaint_events');
    await sms('081234567699', `BALAS ${trk} Saya juga melihatnya`);
    expect((await lastReply('+6281234567699'))!.text).toBe(other.text);
    await sms('081234567699', `NILAI ${trk} 1`);
    expect((await lastReply('+6281234567699'))!.text).toBe(other.text);
    expect(await count('complaint_events')).toBe(events);
  });

  it('BALAS from the reporter\'s phone adds a reply to the timeline', async () => {
    await sms(PHONE, `BALAS ${trk} Lubangnya makin besar\nsetelah hujan`);
    expect((await lastReply(CANON))!.text).toBe(`Balasan Anda untuk laporan ${trk} sudah diterima dan diteruskan ke petugas.`);
    const tl = await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: await t.login('pupr.buleleng') });
    const reply = tl.json.items.find((e: any) => e.action === 'reply');
    expect(reply).toMatchObject({ actor: { role: 'reporter' }, fromStatus: 'disposed', toStatus: 'disposed' });
    // Kannel's %a joins words with single spaces; sent directly the line break is kept.
    expect(reply.message).toBe('Lubangnya makin besar\nsetelah hujan');
  });

  it('NILAI before a follow-up is refused; after it the rating closes the complaint; a second rating is refused', async () => {
    await sms(PHONE, `NILAI ${trk} 5`);
    expect((await lastReply(CANON))!.text).toBe(`Laporan ${trk} belum dapat dinilai (status: Terdisposisi). Nilai dapat diberikan setelah ada tindak lanjut.`);

    const pupr = await t.login('pupr.buleleng');
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/respond`, { token: pupr, body: { message: 'Lubang sudah ditambal pada 8 Juli.' } })).status).toBe(200);
    await sms(PHONE, `CEK ${trk}`);
    expect((await lastReply(CANON))!.text).toMatch(new RegExp(`^Laporan ${trk}: Ditindaklanjuti\\. Unit: Dinas Pekerjaan Umum dan Penataan Ruang\\. Batas balasan Anda: \\d+ Jul 2026\\. Beri nilai: NILAI ${trk} <1-5>\\.$`));

    await sms(PHONE, `nilai ${trk} 4 cepat ditangani`);
    expect((await lastReply(CANON))!.text).toBe(`Terima kasih. Nilai 4/5 untuk laporan ${trk} sudah dicatat.`);
    const c = (await t.db.query('SELECT status, rating, rating_comment FROM complaints WHERE tracking_number = $1', [trk])).rows[0];
    expect(c).toEqual({ status: 'closed', rating: 4, rating_comment: 'cepat ditangani' });

    await sms(PHONE, `NILAI ${trk} 1`);
    expect((await lastReply(CANON))!.text).toBe(`Laporan ${trk} sudah pernah dinilai. Terima kasih.`);
    await sms(PHONE, `BALAS ${trk} Terima kasih`);
    expect((await lastReply(CANON))!.text).toBe(`Laporan ${trk} berstatus Selesai; balasan tidak dapat diterima lagi.`);
  });

  it('a complaint filed on the web with a phone number can be followed from that phone', async () => {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Sampah', body: 'Sampah menumpuk di Jl. Diponegoro.', location: { regionCode: '51.08' }, anonymous: false, confidential: false, reporter: { name: 'Made', phone: '0812 3456 7701' } },
    });
    await sms('6281234567701', `CEK ${r.json.trackingNumber}`);
    expect((await lastReply('+6281234567701'))!.text).toMatch(new RegExp(`^Laporan ${r.json.trackingNumber}: Belum Terverifikasi\\.`));
  });
});

describe('the gateway', () => {
  it('a wrong or missing key is refused with 403 and nothing is stored', async () => {
    const inbound = await count('sms_inbound');
    const complaints = await count('complaints');
    expect((await sms('081234567801', 'LAPOR Jalan rusak', { key: 'salah' })).status).toBe(403);
    expect((await sms('081234567801', 'LAPOR Jalan rusak', { key: null })).status).toBe(403);
    expect((await sms('081234567801', 'LAPOR Jalan rusak', { key: `${SECRET}x` })).status).toBe(403);
    expect(await count('sms_inbound')).toBe(inbound);
    expect(await count('complaints')).toBe(complaints);
    expect(await outbound('+6281234567801')).toHaveLength(0);
  });

  it('an address outside the allow-list is refused with 403, even with the right key', async () => {
    const inbound = await count('sms_inbound');
    expect((await sms('081234567802', 'LAPOR Jalan rusak', { ip: '10.9.8.7' })).status).toBe(403);
    expect((await sms('081234567802', 'LAPOR Jalan rusak', { ip: '::ffff:10.9.8.7' })).status).toBe(403);
    expect(await count('sms_inbound')).toBe(inbound);
    expect((await sms('081234567802', 'CEK ABCD2345', { ip: '::1' })).status).toBe(200);
  });

  it('refusals are logged as warnings without the key, and a normal call logs no URL', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'info', DATA_DIR: '/tmp/aduan-test-unused', SMS_INBOUND_SECRET: SECRET });
    const app = await buildApp({ config, db: t.db, clock: t.clock }, { logger: pino({ level: 'info' }, sink) });
    try {
      const bad = await app.inject({ method: 'GET', url: '/sms/kannel/inbound?from=081234567803&text=CEK+X&id=log-1&key=tebakan-salah-123' });
      expect(bad.statusCode).toBe(403);
      const good = await app.inject({ method: 'GET', url: `/sms/kannel/inbound?from=081234567803&text=CEK+X&id=log-2&key=${SECRET}` });
      expect(good.statusCode).toBe(200);
    } finally {
      await app.close();
    }
    const log = lines.join('');
    expect(log).toContain('SMS inbound request refused');
    expect(log).toContain('wrong key');
    expect(log).not.toContain('tebakan-salah-123');
    expect(log).not.toContain(SECRET);
  });

  it('without SMS_INBOUND_SECRET the inbound URL is closed', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/aduan-test-unused' });
    const app = await buildApp({ config, db: t.db, clock: t.clock }, { logger: false });
    try {
      expect((await app.inject({ method: 'GET', url: '/sms/kannel/inbound?from=081234567804&text=CEK+X&id=nokey-1&key=' })).statusCode).toBe(403);
    } finally {
      await app.close();
    }
  });

  it('a message without an id is a 400 (Kannel must send %I)', async () => {
    const r = await t.app.inject({ method: 'GET', url: `/sms/kannel/inbound?from=081234567805&text=CEK+X&key=${SECRET}` });
    expect(r.statusCode).toBe(400);
  });

  it('a gateway that is down keeps the SMS queued and retries with backoff until it comes back', async () => {
    t.clock.set(wita('2026-07-08T09:00:00'));
    await send();
    await sms('081234567901', 'LAPOR Pipa PDAM bocor');
    await sms('081234567902', 'LAPOR Pipa PDAM bocor juga');
    gatewayStatus = 503;
    const down = await send();
    // The first failure stops the pass; the second SMS is given back untried.
    expect(down).toMatchObject({ sent: 0, retrying: 1 });
    let rows = [...(await outbound('+6281234567901')), ...(await outbound('+6281234567902'))];
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([
      ['queued', 1],
      ['queued', 0],
    ]);
    expect(rows[0]!.last_error).toMatch(/^HTTP 503/);
    // Not due again before the backoff.
    expect(await send()).toMatchObject({ sent: 0, retrying: 0 });

    // Unreachable (nothing listening) is the same.
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/cgi-bin/sendsms`;
    await new Promise<void>((r) => closed.close(() => r()));
    t.clock.advance(31_000);
    expect(await sendDueSms(t.db, t.clock, { ...gw, kannelSendsmsUrl: deadUrl })).toMatchObject({ sent: 0, retrying: 1 });
    rows = await outbound('+6281234567901');
    expect(rows[0]).toMatchObject({ status: 'queued', attempts: 2, last_error: expect.stringContaining('ECONNREFUSED') });

    // Back up: after the backoff everything goes out, once.
    gatewayStatus = 202;
    received.length = 0;
    t.clock.advance(61_000);
    expect(await send()).toMatchObject({ sent: 2, retrying: 0 });
    expect(received.map((r) => r.to).sort()).toEqual(['+6281234567901', '+6281234567902']);
    rows = [...(await outbound('+6281234567901')), ...(await outbound('+6281234567902'))];
    expect(rows.every((r) => r.status === 'sent' && r.secret === null)).toBe(true);
    expect(await send()).toMatchObject({ sent: 0 });
  });

  it('a 400 from the gateway (a message it will never take) fails the SMS for good', async () => {
    const id = await queueSms(t.db, { to: '+6281234567903', text: 'Uji', kind: 'notice' }, t.clock.now());
    gatewayStatus = 400;
    try {
      expect(await send()).toMatchObject({ failed: 1 });
    } finally {
      gatewayStatus = 202;
    }
    expect((await t.db.query('SELECT status, last_error FROM sms_outbound WHERE id = $1', [id])).rows[0]).toMatchObject({ status: 'failed', last_error: expect.stringMatching(/^HTTP 400/) });
  });
});

describe('the outbox for admins', () => {
  it('without KANNEL_SENDSMS_URL SMS stay queued; admins see them (never the access code) within their scope', async () => {
    await sms('081234568001', 'BULELENG LAPOR Jembatan retak di Sukasada');
    await sms('081234568002', 'BADUNG LAPOR Jalan banjir di Mengwi');
    const none = await sendDueSms(t.db, t.clock, { ...gw, kannelSendsmsUrl: undefined });
    expect(none).toEqual({ gateway: false, sent: 0, retrying: 0, failed: 0 });
    const bul = (await lastReply('+6281234568001'))!;
    expect(bul.status).toBe('queued');

    const national = await t.call('GET', '/api/v1/sms/outbox?status=queued&limit=100', { token: await t.login('admin.nasional') });
    expect(national.status).toBe(200);
    expect(national.json.gateway).toBe('kannel');
    const item = national.json.items.find((i: any) => i.id === bul.id);
    expect(item).toMatchObject({ to: '+6281234568001', kind: 'confirmation', status: 'queued', coding: 'gsm7', parts: 1 });
    expect(item.text).toContain('Kode akses: [kode akses]');
    expect(JSON.stringify(national.json)).not.toContain(bul.secret!);
    expect(national.json.items.some((i: any) => i.to === '+6281234568002')).toBe(true);

    const buleleng = await t.call('GET', '/api/v1/sms/outbox?limit=100', { token: await t.login('admin.buleleng') });
    expect(buleleng.status).toBe(200);
    expect(buleleng.json.items.some((i: any) => i.to === '+6281234568001')).toBe(true);
    expect(buleleng.json.items.some((i: any) => i.to === '+6281234568002')).toBe(false);
    // Help texts and not-found answers concern no complaint: national admins only.
    expect(buleleng.json.items.every((i: any) => i.trackingNumber)).toBe(true);

    const badung = await t.call('GET', '/api/v1/sms/outbox?limit=100', { token: await t.login('admin.badung') });
    expect(badung.json.items.some((i: any) => i.to === '+6281234568001')).toBe(false);

    // Paging.
    const page1 = await t.call('GET', '/api/v1/sms/outbox?limit=2', { token: await t.login('admin.nasional') });
    const page2 = await t.call('GET', `/api/v1/sms/outbox?limit=2&cursor=${page1.json.nextCursor}`, { token: await t.login('admin.nasional') });
    expect(page2.json.items[0].id).toBeLessThan(page1.json.items[1].id);

    expect((await t.call('GET', '/api/v1/sms/outbox', { token: await t.login('pupr.buleleng') })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/sms/outbox')).status).toBe(401);
    const audited = await t.db.query("SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_sms_outbox'");
    expect((audited.rows[0] as { n: number }).n).toBeGreaterThanOrEqual(4);
  });
});
