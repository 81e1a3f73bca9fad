// The real Kannel tier: bearerbox and smsbox (Debian's `kannel`) with the fake SMSC, and fakesmsc
// (`kannel-extras`) playing the phone network, in front of a real Aduan server process. Messages
// travel fakesmsc → bearerbox → smsbox → GET /sms/kannel/inbound → Aduan; replies go Aduan's worker
// → smsbox sendsms → bearerbox → fakesmsc, which prints "Got message N: <from to type text>".
// Everything listens on free ports on 127.0.0.1 and lives in a temporary directory.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHORT_CODE, startKannelRig, type KannelRig, type Received } from '../support/kannel';

const DEMO_PASSWORD = 'demo-sms-2026';
let rig: KannelRig;

beforeAll(async () => {
  rig = await startKannelRig({ demoPassword: DEMO_PASSWORD });
}, 300_000);

afterAll(async () => {
  await rig?.stop();
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const to = (number: string) => (r: Received) => r.to === number;
const phone = (message: string | null, done: (got: Received[]) => boolean) => rig.phone(message, done);
const http = (url: string) => rig.http(url);
const login = (username: string) => rig.login(username);
const api = (p: string, token?: string) => rig.api('GET', p, { token });

describe('SMS through Kannel', () => {
  let trk: string;
  let accessCode: string;

  it('LAPOR from a phone files a complaint and the confirmation with the tracking number arrives back', async () => {
    const got = await phone(`6281234560001 ${SHORT_CODE} text BULELENG LAPOR Jalan berlubang di depan Pasar Anyar Singaraja`, (g) => g.some(to('+6281234560001')));
    const reply = got.find(to('+6281234560001'))!;
    expect(reply.from).toBe(SHORT_CODE);
    const m = /^Laporan anonim diterima\. Nomor: ([A-Z0-9]{8})\. Kode akses: ([A-Z0-9]{10}) \(rahasia\)\. Cek status: kirim CEK \1 ke 1708\. Wilayah: Kabupaten Buleleng\.$/.exec(reply.text);
    expect(m, reply.text).not.toBeNull();
    [, trk, accessCode] = m as unknown as [string, string, string];

    const mine = await api(`/api/v1/complaints/${trk}?accessCode=${accessCode}`);
    expect(mine.status).toBe(200);
    expect(mine.json).toMatchObject({ view: 'reporter', channel: 'sms', anonymous: true, status: 'submitted', government: { code: '51.08' } });
    expect(mine.json.body).toBe('Jalan berlubang di depan Pasar Anyar Singaraja');
    expect(mine.json.reporter.phone).toBe('+6281234560001');
  });

  it('CEK from the same phone answers the status; from another phone the not-found text', async () => {
    const got = await phone(`6281234560001 ${SHORT_CODE} text cek ${trk.toLowerCase()}`, (g) => g.some(to('+6281234560001')));
    expect(got.find(to('+6281234560001'))!.text).toMatch(new RegExp(`^Laporan ${trk}: Belum Terverifikasi\\. Unit: Kabupaten Buleleng\\. Batas verifikasi: \\d{1,2} [A-Z][a-z]{2} \\d{4}\\.$`));
    const other = await phone(`6281234560009 ${SHORT_CODE} text CEK ${trk}`, (g) => g.some(to('+6281234560009')));
    expect(other.find(to('+6281234560009'))!.text).toBe(`Laporan ${trk} tidak ditemukan untuk nomor HP ini. Periksa nomor laporan Anda.`);
  });

  it('BALAS from the reporter\'s phone reaches the complaint\'s timeline', async () => {
    const got = await phone(`6281234560001 ${SHORT_CODE} text BALAS ${trk} Lubangnya makin besar setelah hujan`, (g) => g.some(to('+6281234560001')));
    expect(got.find(to('+6281234560001'))!.text).toBe(`Balasan Anda untuk laporan ${trk} sudah diterima dan diteruskan ke petugas.`);
    const tl = await api(`/api/v1/complaints/${trk}/timeline?accessCode=${accessCode}`);
    expect(tl.json.items.map((e: any) => [e.action, e.message])).toContainEqual(['reply', 'Lubangnya makin besar setelah hujan']);
  });

  it('a message delivered twice with the same Kannel id files once and is answered once', async () => {
    const id = '5f0c9f0e-7d1e-4d59-9a39-2f7b7e0a0d01';
    const url = `${rig.base}/sms/kannel/inbound?from=6281234560002&to=${SHORT_CODE}&text=LAPOR+Pohon+tumbang+di+Jl.+Veteran&id=${id}&ts=2026-07-06+02%3A00%3A00&key=${rig.secret}`;
    const first = await http(url);
    const second = await http(url);
    expect([first.status, first.text, second.status, second.text]).toEqual([200, '', 200, '']);
    const got = await phone(null, (g) => g.some(to('+6281234560002')));
    // Anything more for this phone would have come with the first (one worker pass sends all).
    await sleep(1500);
    expect(got.filter(to('+6281234560002'))).toHaveLength(1);
    const admin = await login('admin.nasional');
    const outbox = await api('/api/v1/sms/outbox?limit=100', admin);
    expect(outbox.json.items.filter((i: any) => i.to === '+6281234560002')).toHaveLength(1);
    expect(outbox.json.items.find((i: any) => i.to === '+6281234560002')).toMatchObject({ status: 'sent', kind: 'confirmation' });
  });

  it('a UCS-2 message (emoji) is filed intact, and a UCS-2 reply comes back as a concatenated SMS', async () => {
    // fakesmsc "ucs2": URL-encoded UTF-16BE; smsbox recodes it to UTF-8 (mo-recode).
    const text = 'LAPOR Jalan rusak 🚧 di Banjar';
    const utf16 = Buffer.from(text, 'utf16le').swap16();
    const encoded = [...utf16].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
    const got = await phone(`6281234560003 ${SHORT_CODE} ucs2 ${encoded}`, (g) => g.some(to('+6281234560003')));
    const m = /Nomor: ([A-Z0-9]{8})\. Kode akses: ([A-Z0-9]{10})/.exec(got.find(to('+6281234560003'))!.text)!;
    const c = await api(`/api/v1/complaints/${m[1]}?accessCode=${m[2]}`);
    expect(c.json.body).toBe('Jalan rusak 🚧 di Banjar');

    const parts = await phone(`6281234560004 ${SHORT_CODE} text ŠIBENIK LAPOR Jalan rusak`, (g) => g.filter(to('+6281234560004')).length >= 2);
    const mine = parts.filter(to('+6281234560004'));
    expect(mine.map((p) => p.udh!.slice(0, 3))).toEqual([
      [5, 0, 3],
      [5, 0, 3],
    ]);
    expect(mine.map((p) => p.udh!.slice(4))).toEqual([
      [2, 1],
      [2, 2],
    ]);
    expect(mine.map((p) => p.text).join('')).toBe('Wilayah "ŠIBENIK" tidak dikenal. Kirim mis. BULELENG LAPOR <isi>, atau tanpa wilayah: LAPOR <isi>');
  });

  it('the inbound URL refuses a wrong key', async () => {
    const r = await http(`${rig.base}/sms/kannel/inbound?from=6281234560005&to=${SHORT_CODE}&text=LAPOR+x&id=x-1&key=salah`);
    expect(r.status).toBe(403);
    expect(fs.readFileSync(path.join(rig.dir, 'aduan.out'), 'utf8')).not.toContain(rig.secret);
  });
});
