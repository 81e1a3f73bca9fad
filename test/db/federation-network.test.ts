// Federation in process (both engines), second part: three installations on three databases, wired
// by a fetch function that calls the other app through inject. Forwarding through the ordinary
// actions (forward, verify), the reporter's steps at the origin reaching the receiver, a province
// subscribing to its regencies' summaries (confidential and personal data never cross), a peer that
// answers 500 for an hour, key rotation and removing a peer.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { createWorker, type Worker } from '../../server/jobs/worker';
import { federationWorker, INBOX_REPORTER, INBOX_SUMMARY, type FetchFn } from '../../server/modules/federation';
import { signRequest } from '../../server/modules/federation/signing';

const NOW = '2026-07-06T02:00:00Z';
const TODAY = NOW.slice(0, 10);
let A: TestApp; // Buleleng: where the reporter files
let B: TestApp; // another regency's installation, hosting 51.08.dinkes
let P: TestApp; // the province: subscribes to A's and B's summaries
const apps = () => ({ 'a.test': A, 'b.test': B, 'p.test': P });
const w: Record<'A' | 'B' | 'P', Worker> = {} as never;
const tok: Record<string, string> = {};
/** Status every request to B gets while set (B answering 500). */
let bDown: number | null = null;

const fetchImpl: FetchFn = async (url, init) => {
  const u = new URL(url);
  if (u.host === 'b.test' && bDown) return { status: bDown, text: async () => 'Internal Server Error' };
  const target = apps()[u.host as keyof ReturnType<typeof apps>];
  const r = await target.app.inject({ method: init.method as 'POST', url: u.pathname, headers: init.headers, payload: init.body });
  return { status: r.statusCode, text: async () => r.body };
};

const advance = (ms: number) => {
  for (const t of [A, B, P]) t.clock.advance(ms);
};
const runAll = async () => {
  for (const k of ['A', 'B', 'P'] as const) await w[k].runOnce();
};

async function keysOf(t: TestApp) {
  const r = (await t.db.query<{ public_key: string; private_key: string; key_id: string }>('SELECT public_key, private_key, key_id FROM federation_identity')).rows[0]!;
  return { publicKey: r.public_key, privateKey: r.private_key, keyId: r.key_id };
}

/** A signed request from one installation to another, as the sender's worker would make it. */
async function signed(from: TestApp, to: TestApp, method: 'GET' | 'POST', path: string, body?: unknown, o: { at?: Date; headers?: Record<string, string> } = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  const headers = o.headers ?? { ...signRequest(await keysOf(from), method, path, text, o.at ?? to.clock.now()) };
  const r = await to.call(method, path, { ...(body === undefined ? {} : { body: text }), headers });
  return { ...r, sent: headers as Record<string, string> };
}

const peerId = async (t: TestApp, token: string, name: string) => (await t.call('GET', '/api/v1/federation/peers', { token })).json.items.find((p: { name: string }) => p.name === name)!.id as number;

beforeAll(async () => {
  A = await testApp({ now: NOW });
  B = await testApp({ now: NOW });
  P = await testApp({ now: NOW });
  for (const [k, t] of [['A', A], ['B', B], ['P', P]] as const) {
    tok[`${k}:nat`] = await t.login('admin.nasional');
    tok[`${k}:adm`] = await t.login(k === 'P' ? 'admin.bali' : 'admin.buleleng');
    w[k] = createWorker({ db: t.db, clock: t.clock });
    w[k].register(federationWorker({ fetchImpl }));
  }
  tok['A:pupr'] = await A.login('pupr.buleleng');
  tok['B:dinkes'] = await B.login('dinkes.buleleng');
  const ids: Record<string, { name: string; publicKey: string }> = {};
  for (const [k, t, name] of [['A', A, 'Aduan Buleleng'], ['B', B, 'Aduan Bangli'], ['P', P, 'Aduan Provinsi Bali']] as const) {
    expect((await t.call('PUT', '/api/v1/federation/identity', { token: tok[`${k}:nat`], body: { name } })).status).toBe(200);
    ids[k] = (await t.call('GET', '/api/v1/federation/identity')).json;
  }
  const reg = async (t: TestApp, token: string, peer: string, host: string, extra: Record<string, unknown>) => {
    const r = await t.call('POST', '/api/v1/federation/peers', { token, body: { name: ids[peer]!.name, baseUrl: `http://${host}`, publicKey: ids[peer]!.publicKey, organisations: [], ...extra } });
    expect(r.status, r.text).toBe(201);
    return r.json;
  };
  // A and B forward to each other; B does not let A subscribe (A is no province).
  await reg(A, tok['A:nat']!, 'B', 'b.test', { organisations: [{ code: '51.08.dinkes', name: 'Dinas Kesehatan (Bangli)' }] });
  await reg(B, tok['B:nat']!, 'A', 'a.test', {});
  // Both regencies let the province read their summaries, nothing else; the province subscribes.
  const pa = await reg(A, tok['A:nat']!, 'P', 'p.test', { mayReceive: false, maySend: false, maySubscribe: true });
  expect(pa).toMatchObject({ maySubscribe: true, subscribe: false, mayReceive: false, queue: { pending: 0, failed: 0 } });
  await reg(B, tok['B:nat']!, 'P', 'p.test', { mayReceive: false, maySend: false, maySubscribe: true });
  await reg(P, tok['P:nat']!, 'A', 'a.test', { mayReceive: false, maySend: false, subscribe: true });
  await reg(P, tok['P:nat']!, 'B', 'b.test', { mayReceive: false, maySend: false });
});

let origin = '';
let accessCode = '';
let remote = '';

describe('forwarding through the ordinary actions', () => {
  it('actions/forward with a code a peer hosts files it there; twice is 409; an unknown code is 400', async () => {
    const filed = await A.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Obat habis di puskesmas', body: 'Sudah dua minggu obat hipertensi kosong.', location: { regionCode: '51.08' }, reporter: { name: 'Nyoman Pelapor', phone: '081311112222' } },
    });
    expect(filed.status).toBe(201);
    origin = filed.json.trackingNumber;
    accessCode = filed.json.accessCode;
    expect((await A.call('POST', `/api/v1/complaints/${origin}/actions/verify`, { token: tok['A:adm'], body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
    expect((await A.call('POST', `/api/v1/complaints/${origin}/actions/forward`, { token: tok['A:adm'], body: { organisationCode: '99.99.x' } })).status).toBe(400);
    // A unit is no party to forward (403), before anything is looked up remotely.
    expect((await A.call('POST', `/api/v1/complaints/${origin}/actions/forward`, { token: tok['A:pupr'], body: { organisationCode: '51.08.dinkes' } })).status).toBe(403);
    const fwd = await A.call('POST', `/api/v1/complaints/${origin}/actions/forward`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes', note: 'Kewenangan dinas kesehatan' } });
    expect(fwd.status, fwd.text).toBe(200);
    expect(fwd.json.status).toBe('disposed');
    const twice = await A.call('POST', `/api/v1/complaints/${origin}/actions/forward`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes' } });
    expect(twice.status).toBe(409);
    expect(twice.json.error.code).toBe('already_forwarded');
    const twiceOld = await A.call('POST', `/api/v1/federation/complaints/${origin}/forward`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes' } });
    expect(twiceOld.status).toBe(409);
    const queued = (await A.db.query<{ kind: string; body: string }>(`SELECT m.kind, m.body FROM federation_messages m JOIN complaints c ON c.id = m.complaint_id WHERE c.tracking_number = $1`, [origin])).rows;
    expect(queued.map((m) => m.kind)).toEqual(['forward']);
    expect(queued[0]!.body).not.toContain('081311112222');

    await w.A.runOnce();
    remote = (await A.db.query<{ remote_tracking_number: string }>('SELECT o.remote_tracking_number FROM federation_outgoing o JOIN complaints c ON c.id = o.complaint_id WHERE c.tracking_number = $1', [origin])).rows[0]!.remote_tracking_number;
    expect(remote).toMatch(/^[A-Z0-9]{8,12}$/);
    const atB = (await B.call('GET', `/api/v1/complaints/${remote}`, { token: tok['B:adm'] })).json;
    expect(atB.title).toBe('Obat habis di puskesmas');
    expect(JSON.stringify(atB)).not.toContain('081311112222');
  });

  it('actions/verify straight to a remote organisation verifies here and files there', async () => {
    const filed = await A.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: 'Ambulans desa lambat', body: 'Ambulans datang setelah dua jam.', location: { regionCode: '51.08' }, anonymous: true, reporter: { name: 'Rahasia', phone: '081300000001' } } });
    const tn = filed.json.trackingNumber;
    // The admin adds protection at verification: it crosses with the complaint.
    const v = await A.call('POST', `/api/v1/complaints/${tn}/actions/verify`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes', confidential: true } });
    expect(v.status, v.text).toBe(200);
    expect(v.json.status).toBe('disposed');
    const row = (await A.db.query<{ verified_at: Date | null }>('SELECT verified_at FROM complaints WHERE tracking_number = $1', [tn])).rows[0]!;
    expect(row.verified_at).not.toBeNull();
    const tl = JSON.stringify((await A.call('GET', `/api/v1/complaints/${tn}/timeline`, { token: tok['A:adm'] })).json);
    expect(tl).toContain('Diteruskan ke Dinas Kesehatan (Bangli) (Aduan Bangli)');
    await w.A.runOnce();
    const filedAtB = (await B.db.query<{ anonymous: boolean; confidential: boolean; reporter_name: string | null }>(`SELECT c.anonymous, c.confidential, c.reporter_name FROM federation_incoming i JOIN complaints c ON c.id = i.complaint_id WHERE i.origin_tracking_number = $1`, [tn])).rows[0]!;
    expect(filedAtB).toEqual({ anonymous: true, confidential: true, reporter_name: null });
  });
});

describe("the reporter's steps at the origin", () => {
  it('B responds; A shows it; the reporter replies at A while B answers 500 for an hour; the reply reaches B once', async () => {
    expect((await B.call('POST', `/api/v1/complaints/${remote}/actions/verify`, { token: tok['B:adm'], body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);
    expect((await B.call('POST', `/api/v1/complaints/${remote}/actions/respond`, { token: tok['B:dinkes'], body: { message: 'Stok obat sudah dikirim dari gudang farmasi.' } })).status).toBe(200);
    await w.B.runOnce();
    await w.B.runOnce(); // one update per pass and complaint: in order
    const seen = await A.call('GET', `/api/v1/complaints/${origin}?accessCode=${accessCode}`);
    expect(seen.status).toBe(200);
    expect(seen.json.status).toBe('responded');
    expect(JSON.stringify((await A.call('GET', `/api/v1/complaints/${origin}/timeline?accessCode=${accessCode}`)).json)).toContain('Stok obat sudah dikirim');

    bDown = 500;
    const reply = await A.call('POST', `/api/v1/complaints/${origin}/actions/reply`, { body: { accessCode, message: 'Terima kasih, tapi obat untuk diabetes juga kosong.' } });
    expect(reply.status, reply.text).toBe(200);
    for (let minute = 0; minute <= 60; minute += 5) {
      await w.A.runOnce();
      advance(5 * 60_000);
    }
    const peers = (await A.call('GET', '/api/v1/federation/peers', { token: tok['A:adm'] })).json.items;
    const toB = peers.find((p: { name: string }) => p.name === 'Aduan Bangli');
    expect(toB.queue).toMatchObject({ pending: 1, failed: 0, lastStatus: 500 });
    const waiting = (await A.call('GET', '/api/v1/federation/outbox?status=pending', { token: tok['A:adm'] })).json.items;
    expect(waiting).toHaveLength(1);
    expect(waiting[0]).toMatchObject({ kind: 'reporter', trackingNumber: origin, lastStatus: 500 });
    expect(waiting[0].attempts).toBeGreaterThanOrEqual(6);
    expect((await B.db.query(`SELECT 1 FROM complaint_events WHERE action = 'reply'`)).rows).toHaveLength(0);

    bDown = null;
    advance(61 * 60_000);
    await w.A.runOnce();
    expect((await A.call('GET', '/api/v1/federation/outbox?status=pending', { token: tok['A:adm'] })).json.items).toHaveLength(0);
    const tlB = (await B.call('GET', `/api/v1/complaints/${remote}/timeline`, { token: tok['B:adm'] })).json;
    const replies = JSON.stringify(tlB).split('obat untuk diabetes juga kosong').length - 1;
    expect(replies).toBe(1);
    const ev = (await B.db.query<{ actor_role: string }>(`SELECT e.actor_role FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_number = $1 AND e.action = 'reply'`, [remote])).rows;
    expect(ev).toEqual([{ actor_role: 'reporter' }]);
    // B does not echo the reporter's step back to A.
    await w.B.runOnce();
    expect((await B.db.query(`SELECT 1 FROM federation_messages WHERE kind = 'update' AND body LIKE '%"action":"reply"%'`)).rows).toHaveLength(0);
  });

  it('a rating at the origin closes it at the receiver too, a reopening reopens it; a replayed step is refused, a re-delivered one applied once', async () => {
    const rate = await A.call('POST', `/api/v1/complaints/${origin}/actions/rate`, { body: { accessCode, score: 4, comment: 'Cukup cepat' } });
    expect(rate.status, rate.text).toBe(200);
    await w.A.runOnce();
    const atB = (await B.db.query<{ status: string; rating: number }>('SELECT status, rating FROM complaints WHERE tracking_number = $1', [remote])).rows[0]!;
    expect(atB).toEqual({ status: 'closed', rating: 4 });
    // Reopened by the reporter at the origin: reopened at the receiver; the origin keeps no clock of its own.
    const reopen = await A.call('POST', `/api/v1/complaints/${origin}/actions/reopen`, { body: { accessCode, reason: 'Obat diabetes tetap kosong' } });
    expect(reopen.status, reopen.text).toBe(200);
    await w.A.runOnce();
    expect((await B.db.query<{ status: string }>('SELECT status FROM complaints WHERE tracking_number = $1', [remote])).rows[0]!.status).toBe('in_progress');
    expect((await A.db.query<{ status: string; due_at: Date | null }>('SELECT status, due_at FROM complaints WHERE tracking_number = $1', [origin])).rows[0]).toEqual({ status: 'in_progress', due_at: null });
    const sent = (await A.db.query<{ body: string }>(`SELECT body FROM federation_messages WHERE kind = 'reporter' ORDER BY id DESC LIMIT 1`)).rows[0]!.body;
    const first = await signed(A, B, 'POST', INBOX_REPORTER, JSON.parse(sent));
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ applied: false, trackingNumber: remote });
    const replay = await signed(A, B, 'POST', INBOX_REPORTER, JSON.parse(sent), { headers: first.sent });
    expect(replay.status).toBe(401);
    expect(replay.json.error.code).toBe('replayed_request');
    // A step for a complaint that never came from A: 404 (authentic, nothing to apply it to).
    const stray = await signed(A, B, 'POST', INBOX_REPORTER, { ...JSON.parse(sent), eventId: 'x-1', originTrackingNumber: 'ZZZZZZZZ' });
    expect(stray.status).toBe(404);
    const bad = await signed(A, B, 'POST', INBOX_REPORTER, { ...JSON.parse(sent), eventId: 'x-2', score: 9 });
    expect(bad.status).toBe(400);
  });
});

describe('the shared view', () => {
  const personal = ['Nyoman Pelapor', '081311112222', 'Rahasia', 'Obat habis', 'Ambulans', 'Kasus suap', 'Made Saksi', '081355556666'];

  it('the province pulls the summaries of the regencies it subscribes to; confidential complaints and personal data stay home', async () => {
    expect((await P.call('POST', '/api/v1/federation/shared/refresh')).status).toBe(403);
    await w.P.runOnce();
    let view = (await P.call('GET', '/api/v1/federation/shared/summary', { token: tok['P:nat'] })).json;
    // P subscribes to A only so far.
    expect(view.items.map((i: { peer: { name: string } }) => i.peer.name)).toEqual(['Aduan Buleleng']);
    const before = view.items[0].summary;
    expect(before.installation).toBe('Aduan Buleleng');
    expect(before.forwardedOut).toBe(1); // the other one forwarded is confidential: not counted at all
    const todayBefore = before.byDay.find((d: { date: string }) => d.date === TODAY)?.total ?? 0;

    // One public and one confidential complaint at A, filed today.
    const pub = await A.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: 'Lampu jalan mati', body: 'Lampu jalan di simpang mati seminggu.', location: { regionCode: '51.08' }, reporter: { name: 'Made Saksi', phone: '081355556666' } } });
    const conf = await A.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: 'Kasus suap perizinan', body: 'Petugas meminta uang.', location: { regionCode: '51.08' }, confidential: true, reporter: { name: 'Made Saksi', phone: '081355556666' } } });
    expect([pub.status, conf.status]).toEqual([201, 201]);

    // B now lets itself be read too; P subscribes.
    const bAtP = await peerId(P, tok['P:nat']!, 'Aduan Bangli');
    expect((await P.call('PATCH', `/api/v1/federation/peers/${bAtP}`, { token: tok['P:nat'], body: {} })).status).toBe(400);
    expect((await P.call('PATCH', `/api/v1/federation/peers/${bAtP}`, { token: tok['P:nat'], body: { baseUrl: 'ftp://b.test/x' } })).status).toBe(400);
    expect((await P.call('PATCH', `/api/v1/federation/peers/${bAtP}`, { token: tok['P:nat'], body: { subscribe: 'ya' } })).status).toBe(400);
    expect((await P.call('PATCH', `/api/v1/federation/peers/${bAtP}`, { token: tok['P:adm'], body: { subscribe: true } })).status).toBe(404);
    expect((await P.call('PATCH', `/api/v1/federation/peers/${bAtP}`, { token: tok['P:nat'], body: { subscribe: true } })).json.subscribe).toBe(true);
    advance(16 * 60_000);
    await w.P.runOnce();
    view = (await P.call('GET', '/api/v1/federation/shared/summary', { token: tok['P:nat'] })).json;
    expect(view.items.map((i: { peer: { name: string } }) => i.peer.name)).toEqual(['Aduan Buleleng', 'Aduan Bangli']);
    const a = view.items[0].summary;
    expect(a.total).toBe(before.total + 1);
    expect(a.byStatus.submitted).toBe(before.byStatus.submitted + 1);
    expect(a.byDay.find((d: { date: string }) => d.date === TODAY).total).toBe(todayBefore + 1);
    const b = view.items[1].summary;
    expect(b.installation).toBe('Aduan Bangli');
    // The two forwarded complaints are counted at B (federation channel), not twice.
    expect(b.byUnit.find((u: { code: string }) => u.code === '51.08.dinkes')?.total).toBeGreaterThanOrEqual(1);
    expect(view.total.total).toBe(a.total + b.total);
    expect(view.items.every((i: { stale: boolean; lastError: string | null }) => !i.stale && i.lastError === null)).toBe(true);

    // Nothing personal, no tracking number, no text in anything P received or stored.
    const stored = JSON.stringify((await P.db.query('SELECT summary FROM federation_shared_summaries')).rows);
    for (const x of [...personal, origin, remote, pub.json.trackingNumber, conf.json.trackingNumber]) {
      expect(stored).not.toContain(x);
      expect(JSON.stringify(view)).not.toContain(x);
    }
  });

  it('only a peer allowed to subscribe gets a summary; bad signatures, skewed clocks and strangers are refused', async () => {
    const fromB = await signed(B, A, 'GET', INBOX_SUMMARY);
    expect(fromB.status).toBe(403);
    const fromP = await signed(P, A, 'GET', INBOX_SUMMARY);
    expect(fromP.status).toBe(200);
    expect(Object.keys(fromP.json).sort()).toEqual(['byCategory', 'byDay', 'byStatus', 'byUnit', 'followedUp', 'forwardedOut', 'generatedAt', 'installation', 'overdue', 'total']);
    const skewed = await signed(P, A, 'GET', INBOX_SUMMARY, undefined, { at: new Date(A.clock.now().getTime() - 10 * 60_000) });
    expect(skewed.json.error.code).toBe('stale_request');
    const forged = await signed(P, A, 'GET', INBOX_SUMMARY, undefined, { headers: { ...fromP.sent, 'x-aduan-nonce': 'a'.repeat(32) } });
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe('bad_signature');
    // Staff endpoints of the shared view are for admins.
    expect((await P.call('GET', '/api/v1/federation/shared/summary')).status).toBe(403);
    expect((await A.call('GET', '/api/v1/federation/shared/summary', { token: tok['A:pupr'] })).status).toBe(403);
  });
});

describe('admin operations', () => {
  it("a peer's rotated key replaces the old one: the old key is refused, requests queued meanwhile go through", async () => {
    const oldB = await keysOf(B);
    const rotated = await B.call('POST', '/api/v1/federation/identity/rotate', { token: tok['B:nat'] });
    expect(rotated.status).toBe(200);
    expect(rotated.json.keyId).not.toBe(oldB.keyId);
    expect((await B.call('POST', '/api/v1/federation/identity/rotate', { token: tok['B:adm'] })).status).toBe(403);
    // Until A's admin registers B's new key, A does not know who signs with it.
    const unknown = await signed(B, A, 'GET', INBOX_SUMMARY);
    expect(unknown.json.error.code).toBe('unknown_peer');
    const bAtA = await peerId(A, tok['A:adm']!, 'Aduan Bangli');
    // Registered nationwide: Buleleng's admin uses it but only the national admin manages it.
    expect((await A.call('PUT', `/api/v1/federation/peers/${bAtA}/key`, { token: tok['A:adm'], body: { publicKey: rotated.json.publicKey } })).status).toBe(404);
    expect((await A.call('PUT', `/api/v1/federation/peers/${bAtA}/key`, { token: tok['A:nat'], body: { publicKey: 'AAAA'.repeat(12) } })).status).toBe(400);
    expect((await A.call('PUT', `/api/v1/federation/peers/999999/key`, { token: tok['A:nat'], body: { publicKey: rotated.json.publicKey } })).status).toBe(404);
    const put = await A.call('PUT', `/api/v1/federation/peers/${bAtA}/key`, { token: tok['A:nat'], body: { publicKey: rotated.json.publicKey } });
    expect(put.status, put.text).toBe(200);
    expect(put.json.keyId).toBe(rotated.json.keyId);
    expect((await signed(B, A, 'GET', INBOX_SUMMARY)).status).toBe(403); // authenticated now (B may not subscribe)
    const withOld = await A.call('GET', INBOX_SUMMARY, { headers: { ...signRequest(oldB, 'GET', INBOX_SUMMARY, '', A.clock.now()) } });
    expect(withOld.status).toBe(401);
    expect(withOld.json.error.code).toBe('unknown_peer');
  });

  it('a message that failed for 72 hours is marked failed, visible, and can be sent again', async () => {
    const filed = await A.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: 'Bidan desa jarang hadir', body: 'Bidan hanya datang sekali seminggu.', location: { regionCode: '51.08' }, reporter: { name: 'Warga', phone: '081399998888' } } });
    expect(filed.status, filed.text).toBe(201);
    const tn = filed.json.trackingNumber;
    bDown = 500;
    expect((await A.call('POST', `/api/v1/complaints/${tn}/actions/verify`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);
    for (let hour = 0; hour <= 73; hour++) {
      await w.A.runOnce();
      advance(3_600_000);
    }
    await w.A.runOnce();
    const failed = (await A.call('GET', '/api/v1/federation/outbox?status=failed', { token: tok['A:adm'] })).json.items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ kind: 'forward', trackingNumber: tn, lastStatus: 500 });
    const peer = (await A.call('GET', '/api/v1/federation/peers', { token: tok['A:adm'] })).json.items.find((p: { name: string }) => p.name === 'Aduan Bangli');
    expect(peer.queue).toMatchObject({ pending: 0, failed: 1, lastStatus: 500 });
    bDown = null;
    expect((await A.call('POST', `/api/v1/federation/outbox/${failed[0].id}/retry`, { token: tok['A:pupr'] })).status).toBe(403);
    expect((await A.call('POST', `/api/v1/federation/outbox/${failed[0].id}/retry`, { token: tok['A:adm'] })).status).toBe(202);
    expect((await A.call('POST', `/api/v1/federation/outbox/${failed[0].id}/retry`, { token: tok['A:adm'] })).status).toBe(409);
    expect((await A.call('POST', '/api/v1/federation/outbox/99999999/retry', { token: tok['A:adm'] })).status).toBe(404);
    await w.A.runOnce();
    expect((await A.call('GET', '/api/v1/federation/outbox?status=failed', { token: tok['A:adm'] })).json.items).toHaveLength(0);
    expect((await B.db.query('SELECT 1 FROM federation_incoming WHERE origin_tracking_number = $1', [tn])).rows).toHaveLength(1);
  });

  it('a removed peer is refused, its queue marked failed, its codes freed, and it leaves the shared view', async () => {
    // Something waiting for B at A when B is removed.
    const filed = await A.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: 'Posyandu tutup', body: 'Posyandu tidak buka bulan ini.', location: { regionCode: '51.08' }, reporter: { name: 'Warga', phone: '081399998888' } } });
    const tn = filed.json.trackingNumber;
    bDown = 500;
    expect((await A.call('POST', `/api/v1/complaints/${tn}/actions/verify`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);
    await w.A.runOnce();
    bDown = null;
    const bAtA = await peerId(A, tok['A:adm']!, 'Aduan Bangli');
    expect((await A.call('DELETE', `/api/v1/federation/peers/${bAtA}`, { token: tok['A:pupr'] })).status).toBe(403);
    expect((await A.call('DELETE', `/api/v1/federation/peers/${bAtA}`, { token: tok['A:nat'] })).status).toBe(204);
    expect((await A.call('DELETE', `/api/v1/federation/peers/${bAtA}`, { token: tok['A:nat'] })).status).toBe(404);
    const failed = (await A.call('GET', '/api/v1/federation/outbox?status=failed', { token: tok['A:adm'] })).json.items;
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ trackingNumber: tn, lastError: 'peer removed' });
    expect((await signed(B, A, 'GET', INBOX_SUMMARY)).json.error.code).toBe('unknown_peer');
    expect((await A.call('GET', '/api/v1/federation/peers', { token: tok['A:adm'] })).json.items.map((p: { name: string }) => p.name)).toEqual(['Aduan Provinsi Bali']);
    // Its organisation code is free: routing there now means this installation's own unit of that code.
    const other = (await A.call('POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: 'Puskesmas kotor', body: 'Toilet puskesmas kotor sekali.', location: { regionCode: '51.08' }, reporter: { name: 'Warga', phone: '081399998888' } } })).json.trackingNumber;
    const before = (await A.db.query('SELECT 1 FROM federation_messages')).rows.length;
    const v = await A.call('POST', `/api/v1/complaints/${other}/actions/verify`, { token: tok['A:adm'], body: { organisationCode: '51.08.dinkes' } });
    expect(v.status).toBe(200);
    expect((await A.db.query<{ code: string }>('SELECT o.code FROM complaints c JOIN organisations o ON o.id = c.holder_org_id WHERE c.tracking_number = $1', [other])).rows[0]!.code).toBe('51.08.dinkes');
    expect((await A.db.query('SELECT 1 FROM federation_messages')).rows.length).toBe(before);
    // The same key may be registered again later (a new registration, a new row).
    const idB = (await B.call('GET', '/api/v1/federation/identity')).json;
    const again = await A.call('POST', '/api/v1/federation/peers', { token: tok['A:nat'], body: { name: idB.name, baseUrl: 'http://b.test', publicKey: idB.publicKey, organisations: [{ code: '51.08.dinkes', name: 'Dinkes' }] } });
    expect(again.status, again.text).toBe(201);
    expect(again.json.id).not.toBe(bAtA);

    // The province removes B: B is gone from its shared view and B's summary is no longer kept.
    const bAtP = await peerId(P, tok['P:nat']!, 'Aduan Bangli');
    expect((await P.call('DELETE', `/api/v1/federation/peers/${bAtP}`, { token: tok['P:nat'] })).status).toBe(204);
    const view = (await P.call('GET', '/api/v1/federation/shared/summary', { token: tok['P:nat'] })).json;
    expect(view.items.map((i: { peer: { name: string } }) => i.peer.name)).toEqual(['Aduan Buleleng']);
    expect((await P.db.query('SELECT 1 FROM federation_shared_summaries WHERE peer_id = $1', [bAtP])).rows).toHaveLength(0);
  });
});
