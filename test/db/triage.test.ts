// Triage through the API (both engines): routing suggestions learnt from this installation's
// history (and a return as negative feedback), similar complaints at intake, duplicates and
// merge, the spam queue and the block list.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { retrain } from '../../server/modules/triage';
import { notifyHandler } from '../../server/modules/notifications';

let t: TestApp;
const tok: Record<string, string> = {};
const REPORTER = { name: 'Made Wiratama', phone: '081234500001' };

async function file(body: Record<string, unknown>) {
  const r = await t.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', reporter: REPORTER, ...body } });
  if (r.status !== 201) throw new Error(r.text);
  return r.json as { trackingNumber: string; accessCode: string };
}
async function act(user: string, trk: string, action: string, body: Record<string, unknown> = {}) {
  return t.call('POST', `/api/v1/complaints/${trk}/actions/${action}`, { token: tok[user], body });
}

const HISTORY: [string, string, string, string][] = [
  ['Jalan berlubang di Jl. Pramuka', 'Jalan rusak parah dan berlubang, aspal mengelupas, banyak pengendara jatuh.', 'infrastruktur.jalan', '51.08.pupr'],
  ['Aspal jalan desa hancur', 'Ruas jalan desa penuh lubang sejak musim hujan, aspal hancur.', 'infrastruktur.jalan', '51.08.pupr'],
  ['Jalan amblas dekat pasar', 'Jalan kabupaten retak dan amblas, berbahaya bagi pengguna jalan.', 'infrastruktur.jalan', '51.08.pupr'],
  ['Got tersumbat banjir', 'Saluran air dan got tersumbat sampah sehingga banjir setiap hujan.', 'infrastruktur.drainase', '51.08.pupr'],
  ['Puskesmas antrean panjang', 'Pelayanan puskesmas lambat, antrean panjang dan dokter tidak ada.', 'kesehatan.puskesmas', '51.08.dinkes'],
  ['Dokter puskesmas tidak ada', 'Di puskesmas pembantu dokter tidak ada, pasien menunggu berjam-jam.', 'kesehatan.puskesmas', '51.08.dinkes'],
  ['Obat kosong di puskesmas', 'Petugas puskesmas bilang obat kosong, pasien disuruh beli sendiri.', 'kesehatan.puskesmas', '51.08.dinkes'],
  ['Posyandu tidak berjalan', 'Posyandu tidak buka, makanan tambahan balita tidak dibagikan.', 'kesehatan.gizi_stunting', '51.08.dinkes'],
];

let target: string;
let dup: string;
let dupCode: string;
let badungTrk: string;

beforeAll(async () => {
  t = await testApp({ now: '2026-07-06T02:00:00Z' });
  for (const u of ['admin.buleleng', 'admin.badung', 'dinkes.buleleng', 'pupr.buleleng']) tok[u] = await t.login(u);
  for (const [title, body, categoryCode, unit] of HISTORY) {
    const c = await file({ title, body, categoryCode, location: { regionCode: '51.08', address: 'Singaraja' } });
    const r = await act('admin.buleleng', c.trackingNumber, 'verify', { organisationCode: unit });
    if (r.status !== 200) throw new Error(r.text);
  }
}, 120_000);

describe('routing suggestions', () => {
  let trk: string;
  it('suggests the unit and category learnt from history, with the category default, to the admin who verifies it', async () => {
    await retrain(t.db, t.clock.now());
    trk = (await file({ title: 'Jalan rusak berlubang di Sukasada', body: 'Aspal jalan mengelupas dan berlubang, pengendara motor jatuh.', location: { regionCode: '51.08' } })).trackingNumber;
    const r = await t.call('GET', `/api/v1/complaints/${trk}/suggestions`, { token: tok['admin.buleleng'] });
    expect(r.status, r.text).toBe(200);
    expect(r.json.organisations[0].code).toBe('51.08.pupr');
    expect(r.json.organisations.length).toBeLessThanOrEqual(3);
    expect(r.json.categories[0].code).toBe('infrastruktur.jalan');
    expect(r.json.organisations[0].confidence).toBeGreaterThan(0);
    expect(r.json.model.examples).toBe(HISTORY.length);
  });

  it('is 404 for an admin of another regency, a unit and a guest, who may not see the complaint', async () => {
    expect((await t.call('GET', `/api/v1/complaints/${trk}/suggestions`, { token: tok['admin.badung'] })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/complaints/${trk}/suggestions`, { token: tok['pupr.buleleng'] })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/complaints/${trk}/suggestions`)).status).toBe(404);
  });

  it('a "bukan kewenangan" return lowers the unit that returned it', async () => {
    const text = { title: 'Lampu jalan mati dekat puskesmas', body: 'Lampu penerangan jalan di depan puskesmas mati, jalan gelap.' };
    const probe = (await file({ ...text, location: { regionCode: '51.08' } })).trackingNumber;
    await retrain(t.db, t.clock.now());
    const before = (await t.call('GET', `/api/v1/complaints/${probe}/suggestions`, { token: tok['admin.buleleng'] })).json;
    const dinkesBefore = before.organisations.find((o: { code: string }) => o.code === '51.08.dinkes')?.confidence ?? 0;
    expect(dinkesBefore).toBeGreaterThan(0);
    // The same kind of complaint routed to Dinkes comes back as not theirs, twice.
    for (let i = 0; i < 2; i++) {
      const c = (await file({ ...text, location: { regionCode: '51.08' } })).trackingNumber;
      expect((await act('admin.buleleng', c, 'verify', { organisationCode: '51.08.dinkes' })).status).toBe(200);
      expect((await act('dinkes.buleleng', c, 'return', { reason: 'Bukan kewenangan kami, PJU urusan Dishub' })).status).toBe(200);
      expect((await act('admin.buleleng', c, 'forward', { organisationCode: '51.08.dishub' })).status).toBe(200);
    }
    t.clock.set('2026-07-07T03:00:00Z');
    await retrain(t.db, t.clock.now());
    const after = (await t.call('GET', `/api/v1/complaints/${probe}/suggestions`, { token: tok['admin.buleleng'] })).json;
    const dinkesAfter = after.organisations.find((o: { code: string }) => o.code === '51.08.dinkes')?.confidence ?? 0;
    expect(dinkesAfter).toBeLessThan(dinkesBefore);
    expect(after.organisations[0].code).toBe('51.08.dishub');
  });
});

describe('similar complaints and merge', () => {
  it('offers a public, open complaint of the same region and category at intake, without personal data', async () => {
    const a = await file({ title: 'Jalan berlubang di Jl. Gajah Mada Singaraja', body: 'Jalan berlubang besar di depan sekolah, sudah dua minggu.', categoryCode: 'infrastruktur.jalan', location: { regionCode: '51.08' } });
    expect((await act('admin.buleleng', a.trackingNumber, 'verify', { organisationCode: '51.08.pupr' })).status).toBe(200);
    target = a.trackingNumber;
    const q = new URLSearchParams({ regionCode: '51.08', categoryCode: 'infrastruktur.jalan', title: 'Jalan berlubang Jl Gajah Mada', body: 'lubang besar depan sekolah' });
    const r = await t.call('GET', `/api/v1/complaints/similar?${q}`);
    expect(r.status, r.text).toBe(200);
    expect(r.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toContain(target);
    expect(r.text).not.toContain(REPORTER.name);
    expect(r.text).not.toContain(REPORTER.phone);
    // Another region: nothing.
    const other = await t.call('GET', `/api/v1/complaints/similar?${new URLSearchParams({ regionCode: '51.03', categoryCode: 'infrastruktur.jalan', title: 'Jalan berlubang Jl Gajah Mada' })}`);
    expect(other.json.items).toEqual([]);
  });

  it('lists the possible duplicate to the admin and merges it, keeping both timelines and telling B’s reporter', async () => {
    const b = await file({ title: 'Jalan berlubang Jl. Gajah Mada', body: 'Lubang besar di jalan depan sekolah di Gajah Mada.', categoryCode: 'infrastruktur.jalan', location: { regionCode: '51.08' } });
    dup = b.trackingNumber;
    dupCode = b.accessCode;
    const d = await t.call('GET', `/api/v1/complaints/${dup}/duplicates`, { token: tok['admin.buleleng'] });
    expect(d.status, d.text).toBe(200);
    expect(d.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toContain(target);
    expect((await t.call('GET', `/api/v1/complaints/${dup}/duplicates`, { token: tok['admin.badung'] })).status).toBe(404);

    const m = await act('admin.buleleng', dup, 'merge', { targetTrackingNumber: target });
    expect(m.status, m.text).toBe(200);
    expect(m.json.status).toBe('archived');
    const row = (await t.db.query<{ merged_into: string }>('SELECT a.tracking_number AS merged_into FROM complaints b JOIN complaints a ON a.id = b.merged_into_id WHERE b.tracking_number = $1', [dup])).rows[0];
    expect(row?.merged_into).toBe(target);
    // B's reporter follows A by its number in their own view of B.
    const mine = await t.call('GET', `/api/v1/complaints/${dup}/timeline?accessCode=${dupCode}`);
    expect(mine.status).toBe(200);
    const merge = mine.json.items.find((e: { action: string }) => e.action === 'merge');
    expect(merge.message).toContain(`digabung ke ${target}`);
    expect(mine.json.items[0].action).toBe('submit');
    // A keeps its own timeline, with a staff note of what was merged into it.
    const a = await t.call('GET', `/api/v1/complaints/${target}/timeline`, { token: tok['admin.buleleng'] });
    expect(a.json.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'verify', 'merged_in']);
    // The outbox carries the step, so notifications reach B's reporter.
    const ev = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE type = 'complaint.merge'`)).rows[0]!.n;
    expect(ev).toBe(1);
  });

  it('tells B’s reporter, once and by their channel, that the matter continues as A — without A’s reporter', async () => {
    // A and B by different people; B's reporter left only a phone (SMS), A's an email and a name.
    const aReporter = { name: 'Ni Luh Sekarini', email: 'sekarini@example.org', phone: '081277700011' };
    const a = await file({ title: 'Lampu jalan mati di Jl. Surapati', body: 'Lampu penerangan jalan mati sejak seminggu di depan kantor pos.', categoryCode: 'infrastruktur.pju', location: { regionCode: '51.08' }, reporter: aReporter });
    const b = await file({ title: 'Lampu jalan Jl. Surapati mati', body: 'Lampu jalan mati di depan kantor pos Surapati.', categoryCode: 'infrastruktur.pju', location: { regionCode: '51.08' } });
    expect((await act('admin.buleleng', b.trackingNumber, 'merge', { targetTrackingNumber: a.trackingNumber })).status).toBe(200);

    const ev = (
      await t.db.query<{ id: number; event_id: string; type: string; aggregate_id: number; payload: Record<string, unknown>; created_at: Date }>(
        `SELECT o.id, o.event_id, o.type, o.aggregate_id, o.payload, o.created_at FROM outbox o JOIN complaints c ON c.id = o.aggregate_id
          WHERE o.type = 'complaint.merge' AND c.tracking_number = $1`,
        [b.trackingNumber],
      )
    ).rows[0]!;
    const handle = notifyHandler({ publicUrl: 'https://lapor.example.go.id' });
    const event = { id: Number(ev.id), eventId: ev.event_id, type: ev.type, aggregateId: Number(ev.aggregate_id), payload: ev.payload, createdAt: new Date(ev.created_at), attempts: 0 };
    // Handled twice (a retry): still one message.
    await t.db.tx((q) => handle(q, event));
    await t.db.tx((q) => handle(q, event));

    const rows = (
      await t.db.query<{ recipient_key: string; channel: string; template: string; subject: string; body: string; to_address: string | null }>(
        'SELECT recipient_key, channel, template, subject, body, to_address FROM notifications WHERE event_id = $1 ORDER BY id',
        [ev.event_id],
      )
    ).rows;
    expect(rows).toHaveLength(1);
    const n = rows[0]!;
    expect(n.recipient_key).toBe('phone:+6281234500001');
    expect(n.channel).toBe('sms');
    expect(n.template).toBe('merged');
    expect(n.body).toContain(b.trackingNumber);
    expect(n.body).toContain(`nomor ${a.trackingNumber}`);
    expect(n.body).toContain(`/lacak/${b.trackingNumber}`);
    const all = JSON.stringify(rows);
    for (const leak of [aReporter.name, aReporter.email, '6281277700011', aReporter.phone]) expect(all).not.toContain(leak);
    // The SMS itself is queued once, to B's reporter only.
    const sms = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM sms_outbound WHERE text LIKE $1`, [`%${a.trackingNumber}%`])).rows[0]!.n;
    expect(sms).toBe(1);

    // A's later steps reach B's reporter too: A's number and unit, still nothing of A's reporter.
    expect((await act('admin.buleleng', a.trackingNumber, 'verify', { organisationCode: '51.08.pupr' })).status).toBe(200);
    const v = (
      await t.db.query<{ id: number; event_id: string; type: string; aggregate_id: number; payload: Record<string, unknown>; created_at: Date }>(
        `SELECT o.id, o.event_id, o.type, o.aggregate_id, o.payload, o.created_at FROM outbox o JOIN complaints c ON c.id = o.aggregate_id
          WHERE o.type = 'complaint.verify' AND c.tracking_number = $1`,
        [a.trackingNumber],
      )
    ).rows[0]!;
    await t.db.tx((q) => handle(q, { id: Number(v.id), eventId: v.event_id, type: v.type, aggregateId: Number(v.aggregate_id), payload: v.payload, createdAt: new Date(v.created_at), attempts: 0 }));
    const routed = (await t.db.query<{ recipient_key: string; template: string; body: string }>('SELECT recipient_key, template, body FROM notifications WHERE event_id = $1 ORDER BY id', [v.event_id])).rows;
    const toB = routed.filter((r) => r.recipient_key === 'phone:+6281234500001');
    expect(toB).toHaveLength(1);
    expect(toB[0]!.template).toBe('routed');
    expect(toB[0]!.body).toContain(a.trackingNumber);
    // A's own reporter (by email) is told as usual.
    expect(routed.some((r) => r.recipient_key === `email:${aReporter.email}`)).toBe(true);
    for (const leak of [aReporter.name, aReporter.email, '81277700011']) expect(JSON.stringify(toB)).not.toContain(leak);
  });

  it('a merge into a complaint of a regency the admin cannot act on is 404', async () => {
    badungTrk = (await file({ title: 'Jalan berlubang di Kuta', body: 'Jalan berlubang besar.', categoryCode: 'infrastruktur.jalan', location: { regionCode: '51.03' } })).trackingNumber;
    const c = (await file({ title: 'Jalan berlubang lagi', body: 'Jalan berlubang besar.', location: { regionCode: '51.08' } })).trackingNumber;
    const r = await act('admin.buleleng', c, 'merge', { targetTrackingNumber: badungTrk });
    expect(r.status).toBe(404);
    expect((await act('admin.badung', c, 'merge', { targetTrackingNumber: badungTrk })).status).toBe(404);
  });
});

describe('spam and quality at intake', () => {
  it('scores quality and puts spam in the admins’ spam queue', async () => {
    const good = await file({ title: 'Lampu jalan mati di Jl. Ngurah Rai', body: 'Sejak tiga hari lampu penerangan jalan di depan SD 1 Banjar Jawa mati, jalan gelap dan rawan kecelakaan di malam hari.', categoryCode: 'infrastruktur.pju', location: { regionCode: '51.08' } });
    const spam = await file({ title: 'PINJAMAN ONLINE CEPAT CAIR', body: 'Pinjaman online cepat cair tanpa jaminan, klik link berikut https://bit.ly/xyz', location: { regionCode: '51.08' } });
    const rows = (await t.db.query<{ tracking_number: string; spam_score: number; quality_score: number }>('SELECT tracking_number, spam_score, quality_score FROM complaints WHERE tracking_number = ANY($1)', [[good.trackingNumber, spam.trackingNumber]])).rows;
    const by = Object.fromEntries(rows.map((r) => [r.tracking_number, r]));
    expect(by[good.trackingNumber]!.spam_score).toBeLessThan(0.5);
    expect(by[good.trackingNumber]!.quality_score).toBeGreaterThan(0.8);
    expect(by[spam.trackingNumber]!.spam_score).toBeGreaterThanOrEqual(0.5);

    const q = await t.call('GET', '/api/v1/complaints?queue=spam', { token: tok['admin.buleleng'] });
    expect(q.status, q.text).toBe(200);
    const trks = q.json.items.map((i: { trackingNumber: string }) => i.trackingNumber);
    expect(trks).toContain(spam.trackingNumber);
    expect(trks).not.toContain(good.trackingNumber);
    // Not for units or the public; never deleted.
    expect((await t.call('GET', '/api/v1/complaints?queue=spam', { token: tok['pupr.buleleng'] })).status).toBe(403);
    expect((await t.call('GET', `/api/v1/complaints/${spam.trackingNumber}`, { token: tok['admin.buleleng'] })).status).toBe(200);
    // The inbox (queue=main) leaves it out until an admin decides; once verified it is the unit's
    // like any other complaint, whatever its score.
    const main = async () => (await t.call('GET', '/api/v1/complaints?queue=main&status=submitted,disposed', { token: tok['admin.buleleng'] })).json.items.map((i: { trackingNumber: string }) => i.trackingNumber);
    expect(await main()).not.toContain(spam.trackingNumber);
    expect(await main()).toContain(good.trackingNumber);
    const v = await t.call('POST', `/api/v1/complaints/${spam.trackingNumber}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr' } });
    expect(v.status, v.text).toBe(200);
    expect(await main()).toContain(spam.trackingNumber);
    const after = await t.call('GET', '/api/v1/complaints?queue=spam', { token: tok['admin.buleleng'] });
    expect(after.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).not.toContain(spam.trackingNumber);
  });

  it('an admin takes a complaint out of the spam queue ("bukan spam"); the scores are shown with the suggestions', async () => {
    const c = await file({ title: 'SLOT GACOR HARI INI', body: 'Slot gacor maxwin, klik link berikut https://bit.ly/abc dan daftar sekarang.', location: { regionCode: '51.08' } });
    const s = await t.call('GET', `/api/v1/complaints/${c.trackingNumber}/suggestions`, { token: tok['admin.buleleng'] });
    expect(s.status, s.text).toBe(200);
    expect(s.json.scores.inSpamQueue).toBe(true);
    expect(s.json.scores.spamReasons).toContain('links');
    expect(s.json.scores.quality).toBeGreaterThanOrEqual(0);
    // Not for units (403 when they see it, 404 when not), nor for other regencies' admins.
    expect((await t.call('POST', `/api/v1/complaints/${c.trackingNumber}/not-spam`, { token: tok['admin.badung'], body: {} })).status).toBe(404);
    expect((await t.call('POST', `/api/v1/complaints/${c.trackingNumber}/not-spam`, { token: tok['admin.buleleng'], body: { extra: 1 } })).status).toBe(400);

    const r = await t.call('POST', `/api/v1/complaints/${c.trackingNumber}/not-spam`, { token: tok['admin.buleleng'], body: { note: 'Pelapor sungguhan' } });
    expect(r.status, r.text).toBe(200);
    const queue = await t.call('GET', '/api/v1/complaints?queue=spam', { token: tok['admin.buleleng'] });
    expect(queue.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).not.toContain(c.trackingNumber);
    const main = await t.call('GET', `/api/v1/complaints?queue=main&q=gacor`, { token: tok['admin.buleleng'] });
    expect(main.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toContain(c.trackingNumber);
    expect((await t.call('POST', `/api/v1/complaints/${c.trackingNumber}/not-spam`, { token: tok['admin.buleleng'], body: {} })).status).toBe(409);
    // The decision is in the staff timeline and the outbox, not in the reporter's view.
    const staff = await t.call('GET', `/api/v1/complaints/${c.trackingNumber}/timeline`, { token: tok['admin.buleleng'] });
    expect(staff.json.items.map((e: { action: string }) => e.action)).toContain('not_spam');
    const mine = await t.call('GET', `/api/v1/complaints/${c.trackingNumber}/timeline?accessCode=${c.accessCode}`);
    expect(mine.json.items.map((e: { action: string }) => e.action)).not.toContain('not_spam');
    expect((await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM outbox WHERE type = 'complaint.not_spam' AND aggregate_id = (SELECT id FROM complaints WHERE tracking_number = $1)`, [c.trackingNumber])).rows[0]!.n).toBe(1);
  });

  it('tells the citizen what is missing before filing', async () => {
    const r = await t.call('POST', '/api/v1/complaints/check', { body: { title: 'Rusak', body: 'Tolong diperbaiki.' } });
    expect(r.status, r.text).toBe(200);
    const messages = r.json.missing.map((m: { message: string }) => m.message);
    expect(messages).toContain('Sebutkan lokasi kejadian (nama jalan, desa/kelurahan).');
    expect(r.json.complete).toBe(false);
  });

  it('the block list: admins manage it in their scope, and a blocked sender goes to the spam queue', async () => {
    const add = await t.call('POST', '/api/v1/blocklist', { token: tok['admin.buleleng'], body: { kind: 'phone', value: '0812-9999-0000', reason: 'Kiriman iklan berulang' } });
    expect(add.status, add.text).toBe(201);
    expect(add.json.value).toBe('6281299990000');
    expect((await t.call('POST', '/api/v1/blocklist', { token: tok['admin.buleleng'], body: { kind: 'phone', value: '081299990000', organisationCode: '51.03' } })).status).toBe(400);
    expect((await t.call('POST', '/api/v1/blocklist', { token: tok['pupr.buleleng'], body: { kind: 'phone', value: '081299990000' } })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/blocklist', { token: tok['admin.badung'] })).json.items).toEqual([]);
    const list = await t.call('GET', '/api/v1/blocklist', { token: tok['admin.buleleng'] });
    expect(list.json.items.map((i: { value: string }) => i.value)).toEqual(['6281299990000']);

    const r = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Jalan rusak di Jl. Veteran', body: 'Jalan rusak dan berlubang sejak kemarin di depan pasar.', location: { regionCode: '51.08' }, reporter: { name: 'X', phone: '081299990000' } },
    });
    expect(r.status).toBe(201);
    const q = await t.call('GET', '/api/v1/complaints?queue=spam', { token: tok['admin.buleleng'] });
    expect(q.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toContain(r.json.trackingNumber);

    expect((await t.call('DELETE', `/api/v1/blocklist/${add.json.id}`, { token: tok['admin.badung'] })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/blocklist/${add.json.id}`, { token: tok['admin.buleleng'] })).status).toBe(204);
  });
});
