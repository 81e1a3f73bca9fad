// Federation in process (both engines): two installations (two apps on two databases) wired by a
// fetch function that calls the other app through inject. Signed requests and what is refused,
// forwarding (filed remotely once), status updates flowing back, and retries when a peer fails.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { createWorker, type Worker } from '../../server/jobs/worker';
import { federationWorker, INBOX_COMPLAINTS, INBOX_UPDATES, type FetchFn } from '../../server/modules/federation';
import { generateKeyPair, keyIdOf, signRequest } from '../../server/modules/federation/signing';

const NOW = '2026-07-06T02:00:00Z';
let A: TestApp; // origin: Buleleng's installation
let B: TestApp; // receiver: another installation hosting 51.08.dinkes
let wA: Worker;
let wB: Worker;
const tokA: Record<string, string> = {};
const tokB: Record<string, string> = {};
let idA: { name: string; publicKey: string; keyId: string };
let idB: { name: string; publicKey: string; keyId: string };
/** Answers B gives to everything while set (a peer that fails). */
let bDown: number | null = null;

const viaInject = (t: () => TestApp, down: () => number | null): FetchFn => async (url, init) => {
  const d = down();
  if (d) return { status: d, text: async () => 'down' };
  const u = new URL(url);
  const r = await t().app.inject({ method: init.method as 'POST', url: u.pathname, headers: init.headers, payload: init.body });
  return { status: r.statusCode, text: async () => r.body };
};
const fetchImpl: FetchFn = (url, init) => (url.startsWith('http://b.test') ? viaInject(() => B, () => bDown)(url, init) : viaInject(() => A, () => null)(url, init));

beforeAll(async () => {
  A = await testApp({ now: NOW });
  B = await testApp({ now: NOW });
  for (const u of ['admin.nasional', 'admin.buleleng', 'pupr.buleleng']) tokA[u] = await A.login(u);
  for (const u of ['admin.nasional', 'admin.buleleng', 'dinkes.buleleng']) tokB[u] = await B.login(u);
  wA = createWorker({ db: A.db, clock: A.clock });
  wA.register(federationWorker({ fetchImpl }));
  wB = createWorker({ db: B.db, clock: B.clock });
  wB.register(federationWorker({ fetchImpl }));
});

/** A request to B as A would sign it (or as told otherwise). */
async function signedToB(path: string, body: unknown, o: { keys?: { publicKey: string; privateKey: string; keyId: string }; at?: Date; headers?: Record<string, string> } = {}) {
  const me = o.keys ?? (await A.db.query<{ public_key: string; private_key: string; key_id: string }>('SELECT public_key, private_key, key_id FROM federation_identity')).rows.map((r) => ({ publicKey: r.public_key, privateKey: r.private_key, keyId: r.key_id }))[0]!;
  const text = JSON.stringify(body);
  const headers = o.headers ?? { ...signRequest(me, 'POST', path, text, o.at ?? B.clock.now()) };
  const r = await B.call('POST', path, { body: text, headers });
  return { ...r, sent: headers };
}

let origin = '';
let remote = '';

describe('identity and peers', () => {
  it('each installation has a name and an Ed25519 public key; admins exchange them', async () => {
    expect((await A.call('PUT', '/api/v1/federation/identity', { token: tokA['admin.nasional'], body: { name: 'Aduan Buleleng' } })).status).toBe(200);
    expect((await B.call('PUT', '/api/v1/federation/identity', { token: tokB['admin.nasional'], body: { name: 'Aduan Provinsi' } })).status).toBe(200);
    expect((await A.call('PUT', '/api/v1/federation/identity', { token: tokA['admin.buleleng'], body: { name: 'x' } })).status).toBe(403);
    idA = (await A.call('GET', '/api/v1/federation/identity')).json;
    idB = (await B.call('GET', '/api/v1/federation/identity')).json;
    expect(idA.name).toBe('Aduan Buleleng');
    expect(idA.keyId).toBe(keyIdOf(idA.publicKey));
    expect(idA.keyId).not.toBe(idB.keyId);

    const rA = await A.call('POST', '/api/v1/federation/peers', { token: tokA['admin.nasional'], body: { name: idB.name, baseUrl: 'http://b.test', publicKey: idB.publicKey, organisations: [{ code: '51.08.dinkes', name: 'Dinas Kesehatan (instalasi provinsi)' }], mayReceive: true, maySend: true } });
    expect(rA.status, rA.text).toBe(201);
    expect(rA.json.organisations).toEqual([{ code: '51.08.dinkes', name: 'Dinas Kesehatan (instalasi provinsi)' }]);
    const rB = await B.call('POST', '/api/v1/federation/peers', { token: tokB['admin.buleleng'], body: { name: idA.name, baseUrl: 'http://a.test', publicKey: idA.publicKey, organisations: [], mayReceive: true, maySend: true } });
    expect(rB.status, rB.text).toBe(201);
    expect(rB.json.organisation).toBe('51.08');
    // Bad input and non-admins are refused.
    expect((await A.call('POST', '/api/v1/federation/peers', { token: tokA['admin.nasional'], body: { name: 'x', baseUrl: 'ftp://x', publicKey: 'A'.repeat(44), organisations: [] } })).status).toBe(400);
    expect((await A.call('POST', '/api/v1/federation/peers', { token: tokA['admin.nasional'], body: { name: 'dup', baseUrl: 'http://b.test', publicKey: idB.publicKey, organisations: [] } })).status).toBe(409);
    expect((await A.call('POST', '/api/v1/federation/peers', { token: tokA['pupr.buleleng'], body: { name: 'x', baseUrl: 'http://c.test', publicKey: idB.publicKey, organisations: [] } })).status).toBe(403);
    expect((await A.call('GET', '/api/v1/federation/peers', { token: tokA['admin.buleleng'] })).json.items).toHaveLength(1);
  });
});

describe('signed requests', () => {
  const update = { eventId: 'e-1', originTrackingNumber: 'ABCDEFGH', trackingNumber: 'ABCDEFGH', action: 'respond', status: 'responded', message: null, at: NOW };

  it('a forged signature, an unknown peer and a skewed clock are refused with 401', async () => {
    const forger = { ...generateKeyPair(), keyId: idA.keyId };
    const forged = await signedToB(INBOX_UPDATES, update, { keys: forger });
    expect(forged.status).toBe(401);
    expect(forged.json.error.code).toBe('bad_signature');
    const strangerKeys = generateKeyPair();
    const stranger = await signedToB(INBOX_UPDATES, update, { keys: { ...strangerKeys, keyId: keyIdOf(strangerKeys.publicKey) } });
    expect(stranger.status).toBe(401);
    expect(stranger.json.error.code).toBe('unknown_peer');
    const skewed = await signedToB(INBOX_UPDATES, update, { at: new Date(B.clock.now().getTime() + 6 * 60_000) });
    expect(skewed.status).toBe(401);
    expect(skewed.json.error.code).toBe('stale_request');
    const unsigned = await B.call('POST', INBOX_UPDATES, { body: update });
    expect(unsigned.status).toBe(401);
    expect(unsigned.json.error).toMatchObject({ code: 'unauthenticated' });
  });

  it('a replayed nonce is refused', async () => {
    const first = await signedToB(INBOX_UPDATES, update);
    expect(first.status).toBe(404); // authentic, but no such forwarded complaint
    const again = await signedToB(INBOX_UPDATES, update, { headers: first.sent as unknown as Record<string, string> });
    expect(again.status).toBe(401);
    expect(again.json.error.code).toBe('replayed_request');
  });
});

describe('forwarding', () => {
  it('an admin forwards to an organisation a peer hosts; while the peer answers 500 the request waits and is retried', async () => {
    const filed = await A.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Puskesmas tutup siang hari', body: 'Puskesmas di desa kami tutup pukul 11.', location: { regionCode: '51.08' }, anonymous: true, reporter: { name: 'Ketut Rahasia', phone: '081399990000' } },
    });
    expect(filed.status).toBe(201);
    origin = filed.json.trackingNumber;
    expect((await A.call('POST', `/api/v1/complaints/${origin}/actions/verify`, { token: tokA['admin.buleleng'], body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
    // A unit may not forward; an unknown remote code is a 400.
    expect((await A.call('POST', `/api/v1/federation/complaints/${origin}/forward`, { token: tokA['pupr.buleleng'], body: { organisationCode: '51.08.dinkes' } })).status).toBe(403);
    expect((await A.call('POST', `/api/v1/federation/complaints/${origin}/forward`, { token: tokA['admin.buleleng'], body: { organisationCode: '99.99' } })).status).toBe(400);
    const fwd = await A.call('POST', `/api/v1/federation/complaints/${origin}/forward`, { token: tokA['admin.buleleng'], body: { organisationCode: '51.08.dinkes', note: 'Kewenangan dinas kesehatan' } });
    expect(fwd.status, fwd.text).toBe(202);
    expect(fwd.json).toMatchObject({ status: 'disposed', peer: { name: 'Aduan Provinsi' }, organisation: { code: '51.08.dinkes' } });
    const twice = await A.call('POST', `/api/v1/federation/complaints/${origin}/forward`, { token: tokA['admin.buleleng'], body: { organisationCode: '51.08.dinkes' } });
    expect(twice.status, twice.text).toBe(409);

    bDown = 500;
    await wA.runOnce();
    let outbox = (await A.call('GET', '/api/v1/federation/outbox', { token: tokA['admin.buleleng'] })).json.items;
    expect(outbox[0]).toMatchObject({ kind: 'forward', trackingNumber: origin, status: 'pending', attempts: 1, lastStatus: 500 });
    expect((await A.call('GET', '/api/v1/federation/outbox', { token: tokA['pupr.buleleng'] })).status).toBe(403);
    // Not before its backoff.
    bDown = null;
    await wA.runOnce();
    expect((await A.call('GET', '/api/v1/federation/outbox', { token: tokA['admin.buleleng'] })).json.items[0].attempts).toBe(1);
    A.clock.advance(11_000);
    B.clock.advance(11_000);
    await wA.runOnce();
    outbox = (await A.call('GET', '/api/v1/federation/outbox', { token: tokA['admin.buleleng'] })).json.items;
    expect(outbox[0], JSON.stringify(outbox[0])).toMatchObject({ status: 'sent', attempts: 2 });

    const link = (await A.db.query<{ remote_tracking_number: string }>('SELECT remote_tracking_number FROM federation_outgoing')).rows[0]!;
    remote = link.remote_tracking_number;
    expect(remote).toMatch(/^[A-Z0-9]{8,12}$/);
    const timeline = (await A.call('GET', `/api/v1/complaints/${origin}/timeline`, { token: tokA['admin.buleleng'] })).json;
    const text = JSON.stringify(timeline);
    expect(text).toContain('Diteruskan ke Dinas Kesehatan (instalasi provinsi) (Aduan Provinsi)');
    expect(text).toContain(`Diterima di Aduan Provinsi dengan nomor ${remote}`);
  });

  it('the receiver filed it once, on the federation channel, without the anonymous reporter', async () => {
    const row = (await B.db.query<Record<string, unknown>>(`SELECT c.channel, c.anonymous, c.reporter_name, c.reporter_phone, c.body, so.code AS suggested FROM complaints c LEFT JOIN organisations so ON so.id = c.suggested_org_id WHERE c.tracking_number = $1`, [remote])).rows[0]!;
    expect(row).toMatchObject({ channel: 'federation', anonymous: true, reporter_name: null, reporter_phone: null, suggested: '51.08.dinkes' });
    expect(String(row.body)).toContain('Kewenangan dinas kesehatan');
    expect(String(row.body)).not.toContain('Ketut');
    // The same complaint sent again (a retry after a lost answer) files nothing new.
    const payload = JSON.parse((await A.db.query<{ body: string }>(`SELECT body FROM federation_messages WHERE kind = 'forward'`)).rows[0]!.body);
    expect(JSON.stringify(payload)).not.toContain('081399990000');
    const again = await signedToB(INBOX_COMPLAINTS, payload);
    expect(again.status).toBe(200);
    expect(again.json).toEqual({ trackingNumber: remote, duplicate: true });
    expect((await B.db.query('SELECT 1 FROM federation_incoming')).rows.length).toBe(1);
  });

  it('steps taken remotely are seen at the origin, once each', async () => {
    expect((await B.call('POST', `/api/v1/complaints/${remote}/actions/verify`, { token: tokB['admin.buleleng'], body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);
    expect((await B.call('POST', `/api/v1/complaints/${remote}/actions/respond`, { token: tokB['dinkes.buleleng'], body: { message: 'Jam layanan sudah dikembalikan sampai pukul 14.00.' } })).status).toBe(200);
    await wB.runOnce();
    await wB.runOnce();
    const sent = (await B.call('GET', '/api/v1/federation/outbox?status=sent', { token: tokB['admin.buleleng'] })).json.items;
    expect(sent.map((m: { kind: string }) => m.kind)).toEqual(['update', 'update']);
    const c = (await A.call('GET', `/api/v1/complaints/${origin}`, { token: tokA['admin.buleleng'] })).json;
    expect(c.status).toBe('responded');
    const tl = JSON.stringify((await A.call('GET', `/api/v1/complaints/${origin}/timeline`, { token: tokA['admin.buleleng'] })).json);
    expect(tl).toContain('Jam layanan sudah dikembalikan');
    // Delivered again (the answer was lost): applied once.
    const body = JSON.parse((await B.db.query<{ body: string }>(`SELECT body FROM federation_messages WHERE kind = 'update' ORDER BY id DESC LIMIT 1`)).rows[0]!.body);
    const path = INBOX_UPDATES;
    const me = (await B.db.query<{ public_key: string; private_key: string; key_id: string }>('SELECT public_key, private_key, key_id FROM federation_identity')).rows[0]!;
    const text = JSON.stringify(body);
    const r = await A.call('POST', path, { body: text, headers: { ...signRequest({ publicKey: me.public_key, privateKey: me.private_key, keyId: me.key_id }, 'POST', path, text, A.clock.now()) } });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ applied: false });
    const n = await A.db.query(`SELECT 1 FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_number = $1 AND e.action = 'federation_update'`, [origin]);
    expect(n.rows.length).toBe(2);
  });
});
