// Isolation over every channel besides the native complaint API (which complaints-isolation.test.ts
// covers): Open311, SMS (CEK/BALAS), the exports of the dashboards, search and similar complaints.
// One complaint per position × privacy × verification, seen from Dinas PUPR Buleleng:
//   position:  own unit (51.08.pupr), sibling unit (51.08.dinkes), parent (the regency's own office,
//              51.08.org: complaints go to units, never to a region node, so the parent holds through it),
//              sibling regency (51.03.pupr), other province (35.78.pupr);
//   privacy:   normal, anonymous, confidential;
//   verified:  published (verified and in the hands of a unit) or unverified (submitted).
// Each complaint carries unique words in its title and body and a unique reporter (name, phone,
// e-mail), so that a leak of either is found by searching every answer for them. The expected
// visibility is written out from domain.md, as in complaints-isolation.test.ts.
// Last rule, for every channel: another tenant's complaint answers exactly like one that does not
// exist — same status, same body once the identifier is replaced by a placeholder.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import sharp from 'sharp';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { createUser } from '../../server/modules/users';
import { createOrganisation } from '../../server/modules/organisations';
import { newTrackingNumber } from '../../server/modules/complaints/tracking';

let t: TestApp;
const SECRET = 'rahasia-gateway-isolasi';
const NOW = '2026-07-06T02:00:00Z';

type Pos = 'own unit' | 'sibling unit' | 'parent' | 'sibling regency' | 'other province';
const POSITIONS: Pos[] = ['own unit', 'sibling unit', 'parent', 'sibling regency', 'other province'];
type Privacy = 'normal' | 'anonymous' | 'confidential';
const PRIVACIES: Privacy[] = ['normal', 'anonymous', 'confidential'];

/** Where each complaint is filed and held; who verifies it and who (if anyone) accepts it. */
const PLACE: Record<Pos, { holder: string; gov: string; province: string; verifier: string; liaison?: string }> = {
  'own unit': { holder: '51.08.pupr', gov: '51.08', province: '51', verifier: 'admin.buleleng', liaison: 'pupr.buleleng' },
  'sibling unit': { holder: '51.08.dinkes', gov: '51.08', province: '51', verifier: 'admin.buleleng', liaison: 'dinkes.buleleng' },
  parent: { holder: '51.08.org', gov: '51.08', province: '51', verifier: 'admin.buleleng' },
  'sibling regency': { holder: '51.03.pupr', gov: '51.03', province: '51', verifier: 'admin.badung', liaison: 'pupr.badung' },
  'other province': { holder: '35.78.pupr', gov: '35.78', province: '35', verifier: 'admin.surabaya', liaison: 'pu.surabaya' },
};

/** Each viewer's reach (domain.md): admin of a government, handler of a unit, reader, neighbour in a province. */
interface Reach {
  admin?: Pos[];
  handler?: Pos[];
  reads?: Pos[];
  neighbourIn?: string;
}
const VIEWERS: Record<string, Reach> = {
  guest: {},
  'pupr.buleleng': { handler: ['own unit'] },
  'dinkes.buleleng': { handler: ['sibling unit'] },
  'admin.buleleng': { admin: ['own unit', 'sibling unit', 'parent'], neighbourIn: '51' },
  'bupati.buleleng': { reads: ['own unit', 'sibling unit', 'parent'] },
  'admin.badung': { admin: ['sibling regency'], neighbourIn: '51' },
  'admin.surabaya': { admin: ['other province'], neighbourIn: '35' },
  ombudsman: { reads: POSITIONS },
};

interface Fixture {
  pos: Pos;
  privacy: Privacy;
  verified: boolean;
  trk: string;
  accessCode: string;
  attachmentUrl: string;
  titleWord: string;
  bodyWord: string;
  title: string;
  name: string;
  surname: string;
  phone: string;
  email: string;
}
const fixtures: Fixture[] = [];
const tokens: Record<string, string | undefined> = {};

/** May `viewer` read the complaint at all (the same rule as permissions.ts, written out)? */
function sees(viewer: string, f: Fixture): boolean {
  const r = VIEWERS[viewer]!;
  const published = f.verified && f.privacy !== 'confidential';
  if (r.admin?.includes(f.pos)) return true;
  if (r.handler?.includes(f.pos) && f.verified) return true;
  if (r.reads?.includes(f.pos)) return true;
  if (r.neighbourIn === PLACE[f.pos].province && published) return true;
  return published;
}
/** Is the reporter's identity something `viewer` may see? Only the complaint's admins (anonymous or not, searching names is for them). */
const seesReporter = (viewer: string, f: Fixture) => !!VIEWERS[viewer]!.admin?.includes(f.pos);

/** Every reporter detail of every fixture that `text` contains. */
function leaksIn(text: string, only: (f: Fixture) => boolean = () => true): string[] {
  const found: string[] = [];
  for (const f of fixtures.filter(only)) for (const s of [f.name, f.surname, f.phone, f.phone.slice(1), f.email]) if (text.includes(s)) found.push(`${f.trk}: ${s}`);
  return found;
}

/** Letters only, so that the Indonesian stemmer keeps them whole (no -kan/-an/-i/-nya endings). */
function word(prefix: string, i: number): string {
  const a = 'bcdfghjmpqrstvwxz';
  return `${prefix}${a[i % a.length]}${a[Math.floor(i / a.length) % a.length]}o`;
}

/** The same text with the identifiers replaced: what an outsider could compare. */
const norm = (text: string, ...ids: string[]) => ids.reduce((s, id) => s.split(id).join('⟨ID⟩').split(id.toLowerCase()).join('⟨ID⟩'), text);

/** A tracking number that does not exist (checked). */
async function unknownTrk(): Promise<string> {
  for (;;) {
    const trk = newTrackingNumber();
    const r = await t.db.query('SELECT 1 FROM complaints WHERE tracking_number = $1', [trk]);
    if (r.rows.length === 0) return trk;
  }
}

// Multipart intake with one small image, so that every fixture has an attachment URL.
let png: Buffer;
async function fileWithImage(body: Record<string, unknown>) {
  const boundary = `----isolasi${crypto.randomBytes(6).toString('hex')}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="data"\r\n\r\n${JSON.stringify(body)}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="foto.png"\r\nContent-Type: image/png\r\n\r\n`),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/complaints', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  if (r.statusCode !== 201) throw new Error(`filing failed: ${r.statusCode} ${r.body}`);
  return r.json() as { trackingNumber: string; accessCode: string };
}

async function act(who: string, trk: string, action: string, body: Record<string, unknown>) {
  const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/${action}`, { token: tokens[who], body });
  if (r.status !== 200) throw new Error(`${who} ${action} ${trk}: ${r.status} ${r.text}`);
}

const O311 = '/open311/v2';
let keys: { pupr: string; buleleng: string; badung: string };
async function newKey(by: string, organisationCode: string, scopes: string[]) {
  const r = await t.call('POST', '/api/v1/api-keys', { token: tokens[by], body: { name: `isolasi ${organisationCode}`, scopes, organisationCode } });
  if (r.status !== 201) throw new Error(`api key: ${r.status} ${r.text}`);
  return r.json.key as string;
}

beforeAll(async () => {
  t = await testApp({ now: NOW, env: {
      SMS_INBOUND_SECRET: SECRET,
      // Throttles out of the way: this file files 30+ complaints from one address in an instant.
      API_KEY_RATE_PER_MINUTE: '100000',
      SUBMIT_RATE_PER_ADDRESS_PER_HOUR: '100000',
      SUBMIT_BURST_PER_ADDRESS: '100000',
      SUBMIT_RATE_PER_ACCOUNT_PER_HOUR: '100000',
      SUBMIT_BURST_PER_ACCOUNT: '100000',
    }, });
  png = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#3366aa' } }).png().toBuffer();
  await t.db.tx(async (q) => {
    await createOrganisation(q, { code: '35.78.pupr', name: 'Dinas Sumber Daya Air dan Bina Marga Kota Surabaya', type: 'unit', parentCode: '35.78' });
    await createUser(q, { username: 'admin.surabaya', displayName: 'Admin Pemkot Surabaya', password: TEST_PASSWORD, roles: [{ role: 'org_admin', organisationCode: '35.78' }] });
    await createUser(q, { username: 'pu.surabaya', displayName: 'Penghubung PU Surabaya', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '35.78.pupr' }] });
    await createUser(q, { username: 'pupr.badung', displayName: 'Penghubung PUPR Badung', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.03.pupr' }] });
  });
  for (const who of [...Object.keys(VIEWERS), 'pu.surabaya', 'pupr.badung', 'admin.nasional']) tokens[who] = who === 'guest' ? undefined : await t.login(who);

  let i = 0;
  const jobs: Promise<void>[] = [];
  for (const pos of POSITIONS) {
    for (const privacy of PRIVACIES) {
      for (const verified of [true, false]) {
        const n = i++;
        jobs.push(
          (async () => {
            const p = PLACE[pos];
            const titleWord = word('judulrahasio', n);
            const bodyWord = word('isirahasio', n);
            const surname = word('Pelaporo', n);
            const f = {
              pos,
              privacy,
              verified,
              titleWord,
              bodyWord,
              title: `Jembatan ${titleWord} retak di desa`,
              name: `Ni Made ${surname}`,
              surname,
              phone: `0813${String(70000000 + n * 7919).slice(0, 8)}`,
              email: `${surname.toLowerCase()}@contoh.id`,
            };
            const filed = await fileWithImage({
              type: 'pengaduan',
              title: f.title,
              body: `Tiang jembatan retak, kata kunci ${bodyWord}, mohon segera diperiksa.`,
              categoryCode: 'infrastruktur.jalan',
              organisationCode: p.holder,
              anonymous: privacy === 'anonymous',
              confidential: privacy === 'confidential',
              reporter: { name: f.name, phone: f.phone, email: f.email },
            });
            if (verified) {
              await act(p.verifier, filed.trackingNumber, 'verify', { organisationCode: p.holder });
              if (p.liaison) await act(p.liaison, filed.trackingNumber, 'accept', {});
            }
            const view = await t.call('GET', `/api/v1/complaints/${filed.trackingNumber}?accessCode=${filed.accessCode}`);
            const url = view.json?.attachments?.[0]?.url as string | undefined;
            if (!url) throw new Error(`no attachment: ${view.text}`);
            fixtures.push({ ...f, trk: filed.trackingNumber, accessCode: filed.accessCode, attachmentUrl: url.split('?')[0]! });
          })(),
        );
      }
    }
  }
  await Promise.all(jobs);
  keys = {
    pupr: await newKey('admin.buleleng', '51.08.pupr', ['submit', 'read', 'act']),
    buleleng: await newKey('admin.buleleng', '51.08', ['submit', 'read']),
    badung: await newKey('admin.badung', '51.03', ['submit', 'read']),
  };
}, 180_000);

describe('the fixtures are what the matrix assumes', () => {
  it('30 complaints; the expected visibility covers both answers for every viewer but the guest and ombudsman', () => {
    expect(fixtures).toHaveLength(30);
    for (const v of Object.keys(VIEWERS)) {
      const n = fixtures.filter((f) => sees(v, f)).length;
      if (v === 'ombudsman') expect(n).toBe(30);
      else expect(n, v).toBeLessThan(30);
    }
  });

  it('the native API agrees with the written-out visibility (status of GET for every viewer × complaint)', async () => {
    const problems: string[] = [];
    await Promise.all(
      Object.keys(VIEWERS).flatMap((v) =>
        fixtures.map(async (f) => {
          const r = await t.call('GET', `/api/v1/complaints/${f.trk}`, { token: tokens[v] });
          const want = sees(v, f) ? 200 : 404;
          if (r.status !== want) problems.push(`${v} ${f.pos}/${f.privacy}/${f.verified ? 'verified' : 'unverified'}: ${r.status}, expected ${want}`);
        }),
      ),
    );
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('Open311', () => {
  const published = (f: Fixture) => f.verified && f.privacy !== 'confidential';
  const get = (url: string, headers: Record<string, string> = {}) => t.call('GET', `${O311}${url}`, { headers });

  it('requests.json and requests.xml list published complaints only, with no reporter data, with or without any API key', async () => {
    const mine = new Set(fixtures.map((f) => f.trk));
    for (const headers of [{}, { 'x-api-key': keys.buleleng }, { 'x-api-key': keys.badung }, { 'x-api-key': keys.pupr }] as Record<string, string>[]) {
      const r = await get('/requests.json?page_size=200', headers);
      expect(r.status).toBe(200);
      const listed = new Set((r.json as { service_request_id: string }[]).map((x) => x.service_request_id).filter((id) => mine.has(id)));
      expect([...listed].sort()).toEqual(fixtures.filter(published).map((f) => f.trk).sort());
      expect(leaksIn(r.text)).toEqual([]);
      const xml = await get('/requests.xml?page_size=200', headers);
      expect(xml.status).toBe(200);
      for (const f of fixtures) expect(xml.text.includes(f.trk), `${f.trk} in XML`).toBe(published(f));
      expect(leaksIn(xml.text)).toEqual([]);
    }
    // Filters do not widen it: by id, by jurisdiction, by service.
    const ids = fixtures.map((f) => f.trk).join(',');
    const byId = await get(`/requests.json?service_request_id=${ids}`);
    expect((byId.json as { service_request_id: string }[]).map((x) => x.service_request_id).sort()).toEqual(fixtures.filter(published).map((f) => f.trk).sort());
    for (const gov of ['51.08', '51.03', '35.78']) {
      const r = await get(`/requests.json?jurisdiction_id=${gov}&service_code=infrastruktur.jalan&page_size=200`, { 'x-api-key': keys.pupr });
      const listed = (r.json as { service_request_id: string }[]).map((x) => x.service_request_id).filter((id) => mine.has(id));
      expect(listed.sort(), gov).toEqual(fixtures.filter((f) => published(f) && PLACE[f.pos].gov === gov).map((f) => f.trk).sort());
    }
  });

  it('requests/{id}: a confidential or unverified complaint answers exactly like an unknown id (JSON and XML, with any key)', async () => {
    const problems: string[] = [];
    for (const format of ['json', 'xml']) {
      const ghost = await unknownTrk();
      for (const headers of [{}, { 'x-api-key': keys.buleleng }, { 'x-api-key': keys.pupr }] as Record<string, string>[]) {
        const none = await get(`/requests/${ghost}.${format}`, headers);
        expect(none.status).toBe(404);
        for (const f of fixtures) {
          const r = await get(`/requests/${f.trk}.${format}`, headers);
          if (published(f)) {
            if (r.status !== 200) problems.push(`${f.trk} (${f.pos}/${f.privacy}) ${format}: ${r.status}`);
            if (leaksIn(r.text).length) problems.push(`${f.trk} ${format} leaks ${leaksIn(r.text)}`);
            if (!r.text.includes(f.bodyWord)) problems.push(`${f.trk} ${format}: description missing`);
          } else if (r.status !== none.status || norm(r.text, f.trk) !== norm(none.text, ghost)) {
            problems.push(`${f.pos}/${f.privacy}/${f.verified ? 'verified' : 'unverified'} ${format}: ${r.status} ${r.text.slice(0, 120)} vs ${none.status} ${none.text.slice(0, 120)}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('servicerequestupdates lists steps of published complaints only, without reporter data', async () => {
    const r = await get('/servicerequestupdates.json?page_size=200');
    expect(r.status).toBe(200);
    const ids = new Set((r.json as { service_request_id: string }[]).map((u) => u.service_request_id));
    for (const f of fixtures) expect(ids.has(f.trk), `${f.pos}/${f.privacy}/${f.verified}`).toBe(published(f));
    expect(leaksIn(r.text)).toEqual([]);
    const xml = await get('/servicerequestupdates.xml?page_size=200');
    expect(leaksIn(xml.text)).toEqual([]);
    for (const f of fixtures.filter((x) => !published(x))) expect(xml.text).not.toContain(f.trk);
  });

  it("a key of Dinas PUPR Buleleng cannot post updates to other organisations' requests: unseen ones answer like unknown ids, nothing is written", async () => {
    const form = (trk: string, updateId: string) =>
      new URLSearchParams({ api_key: keys.pupr, service_request_id: trk, update_id: updateId, status: 'IN_PROGRESS', updated_datetime: NOW, description: 'Sedang kami tangani' }).toString();
    const post = (trk: string, updateId: string) =>
      t.app.inject({ method: 'POST', url: `${O311}/servicerequestupdates.json`, payload: form(trk, updateId), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    const events = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaint_events')).rows[0]!.n;
    const ghost = await unknownTrk();
    const none = await post(ghost, `u-${ghost}`);
    expect(none.statusCode).toBe(404);
    const problems: string[] = [];
    for (const f of fixtures) {
      const before = await events();
      const r = await post(f.trk, `u-${f.trk}`);
      const handler = f.pos === 'own unit' && f.verified;
      if (handler) {
        if (r.statusCode !== 200) problems.push(`own unit ${f.privacy}: ${r.statusCode} ${r.body}`);
        continue;
      }
      if (!published(f)) {
        if (r.statusCode !== 404 || norm(r.body, f.trk, `u-${f.trk}`) !== norm(none.body, ghost, `u-${ghost}`)) problems.push(`${f.pos}/${f.privacy}/${f.verified}: ${r.statusCode} ${r.body}`);
      } else if (r.statusCode !== 403) problems.push(`${f.pos}/${f.privacy} (published, not ours): ${r.statusCode} ${r.body}`);
      if ((await events()) !== before) problems.push(`${f.pos}/${f.privacy}/${f.verified}: an event was written`);
    }
    expect(problems).toEqual([]);
  });

  it('POST requests: a jurisdiction_id outside the key’s organisation answers like an unknown one; nothing is filed', async () => {
    const post = (jurisdiction: string) =>
      t.app.inject({
        method: 'POST',
        url: `${O311}/requests.json`,
        payload: new URLSearchParams({ api_key: keys.buleleng, jurisdiction_id: jurisdiction, service_code: 'infrastruktur.jalan', description: 'Jalan berlubang dekat pasar', lat: '-8.11', long: '115.09', 'attribute[severity]': 'tinggi' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints')).rows[0]!.n;
    const before = await count();
    const unknown = await post('99.99');
    expect(unknown.statusCode).toBe(404);
    for (const outside of ['51.03', '51.03.pupr', '35.78', '51']) {
      const r = await post(outside);
      expect({ status: r.statusCode, body: norm(r.body, outside) }, outside).toEqual({ status: 404, body: norm(unknown.body, '99.99') });
    }
    expect(await count()).toBe(before);
    // Inside its own organisation it files as before.
    for (const inside of ['51.08', '51.08.pupr']) expect((await post(inside)).statusCode, inside).toBe(200);
    expect(await count()).toBe(before + 2);
  });

  it('tokens/{token}: a request filed by another organisation’s key is unknown to this key, known to its own', async () => {
    const filed = await t.app.inject({
      method: 'POST',
      url: `${O311}/requests.json`,
      payload: new URLSearchParams({ api_key: keys.badung, service_code: 'infrastruktur.jalan', description: 'Lampu jalan padam', lat: '-8.6', long: '115.17', first_name: 'Wayan', last_name: 'Tokenrahasia', email: 'wayan.tokenrahasia@contoh.id', 'attribute[severity]': 'sedang' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(filed.statusCode).toBe(200);
    const trk = (filed.json() as { service_request_id: string }[])[0]!.service_request_id;
    const ghost = await unknownTrk();
    const own = await get(`/tokens/${trk}.json?api_key=${keys.badung}`);
    expect(own.status).toBe(200);
    for (const key of [keys.buleleng, keys.pupr]) {
      const other = await get(`/tokens/${trk}.json?api_key=${key}`);
      const none = await get(`/tokens/${ghost}.json?api_key=${key}`);
      expect({ status: other.status, body: norm(other.text, trk) }).toEqual({ status: none.status, body: norm(none.text, ghost) });
      expect(other.status).toBe(404);
      // Nor is it readable as a request, and its reporter is nowhere.
      const req = await get(`/requests/${trk}.json?api_key=${key}`);
      expect(req.status).toBe(404);
      expect(req.text).not.toContain('Tokenrahasia');
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('SMS: CEK and BALAS', () => {
  let seq = 0;
  /** Sends one SMS and returns the reply queued for the sender (undefined when none). */
  async function sms(from: string, text: string) {
    const id = `iso-${++seq}-${crypto.randomBytes(4).toString('hex')}`;
    const last = (await t.db.query<{ id: number }>('SELECT coalesce(max(id), 0)::int AS id FROM sms_outbound')).rows[0]!.id;
    const r = await t.app.inject({ method: 'GET', url: `/sms/kannel/inbound?${new URLSearchParams({ from, to: '1708', text, id, key: SECRET })}`, remoteAddress: '127.0.0.1' });
    expect(r.statusCode).toBe(200);
    const rows = (await t.db.query<{ text: string; kind: string; complaint_id: number | null }>('SELECT text, kind, complaint_id FROM sms_outbound WHERE id > $1 ORDER BY id', [last])).rows;
    expect(rows.length).toBeLessThanOrEqual(1);
    return { http: r.body, reply: rows[0] };
  }
  const STRANGER = '081399990001';

  it("from the reporter's phone CEK gives the status, whatever the privacy", async () => {
    for (const f of fixtures) {
      const { reply } = await sms(f.phone, `CEK ${f.trk}`);
      expect(reply?.kind, f.trk).toBe('status');
      expect(reply!.text).toMatch(new RegExp(`^Laporan ${f.trk}: `));
      expect(reply!.text).toContain(!f.verified ? 'Belum Terverifikasi' : f.pos === 'parent' ? 'Terdisposisi' : 'Diproses');
    }
  });

  it('from another phone CEK answers exactly like a tracking number that does not exist, for every complaint', async () => {
    const ghost = await unknownTrk();
    const none = await sms(STRANGER, `CEK ${ghost}`);
    expect(none.reply?.kind).toBe('not_found');
    const problems: string[] = [];
    for (const f of fixtures) {
      const r = await sms(STRANGER, `CEK ${f.trk}`);
      const a = { http: r.http, reply: r.reply && { ...r.reply, text: norm(r.reply.text, f.trk) } };
      const b = { http: none.http, reply: none.reply && { ...none.reply, text: norm(none.reply.text, ghost) } };
      if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${f.pos}/${f.privacy}/${f.verified}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
      if (leaksIn(r.reply?.text ?? '').length) problems.push(`${f.trk}: leaks`);
    }
    expect(problems).toEqual([]);
  });

  it('BALAS from another phone is refused like a non-existent number and writes nothing', async () => {
    const ghost = await unknownTrk();
    const none = await sms(STRANGER, `BALAS ${ghost} Lubangnya makin besar`);
    const replies = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint_events WHERE action = 'reply'`)).rows[0]!.n;
    const before = await replies();
    const problems: string[] = [];
    for (const f of fixtures) {
      const r = await sms(STRANGER, `BALAS ${f.trk} Lubangnya makin besar`);
      if (norm(r.reply?.text ?? '', f.trk) !== norm(none.reply?.text ?? '', ghost) || r.reply?.kind !== none.reply?.kind || r.reply?.complaint_id !== null) {
        problems.push(`${f.pos}/${f.privacy}/${f.verified}: ${JSON.stringify(r.reply)}`);
      }
    }
    expect(problems).toEqual([]);
    expect(await replies()).toBe(before);
    // The reporter's own phone does reply (the rule is not simply "BALAS never works").
    const own = fixtures.find((f) => f.pos === 'own unit' && f.verified && f.privacy === 'normal')!;
    expect((await sms(own.phone, `BALAS ${own.trk} Terima kasih`)).reply?.kind).toBe('reply_ack');
    expect(await replies()).toBe(before + 1);
  });
});

// ---------------------------------------------------------------------------------------------

describe('search and similar complaints', () => {
  const list = async (who: string, qs: string) => {
    const r = await t.call('GET', `/api/v1/complaints?limit=100&${qs}`, { token: tokens[who] });
    expect(r.status, `${who} ${qs}: ${r.text.slice(0, 200)}`).toBe(200);
    return r;
  };

  it('the unique words of a complaint find it only for viewers who may see it (their scope, or the public feed)', async () => {
    // Staff lists show their scope; the public feed shows published complaints. Together they are
    // exactly what the viewer may see — and neither ever shows more. One search per viewer, view
    // and kind of word: all 30 words joined by "or" (websearch syntax), then each complaint checked.
    const problems: string[] = [];
    const ids = (r: { json: any }) => new Set((r.json.items as { trackingNumber: string }[]).map((i) => i.trackingNumber));
    for (const who of Object.keys(VIEWERS)) {
      for (const kind of ['titleWord', 'bodyWord'] as const) {
        const inScope = new Set<string>();
        const inPublic = new Set<string>();
        const answers: { text: string }[] = [];
        // q holds at most 200 characters: eight words at a time.
        for (let i = 0; i < fixtures.length; i += 8) {
          const q = encodeURIComponent(fixtures.slice(i, i + 8).map((f) => f[kind]).join(' or '));
          const scope = await list(who, `q=${q}`);
          const pub = await list(who, `view=public&q=${q}`);
          for (const id of ids(scope)) inScope.add(id);
          for (const id of ids(pub)) inPublic.add(id);
          answers.push(scope, pub);
        }
        for (const f of fixtures) {
          const what = `${who} ${kind} (${f.pos}/${f.privacy}/${f.verified ? 'verified' : 'unverified'})`;
          const published = f.verified && f.privacy !== 'confidential';
          if (inScope.has(f.trk) && !sees(who, f)) problems.push(`${what}: found outside what it may see`);
          if (inPublic.has(f.trk) !== published) problems.push(`${what}: public feed found=${inPublic.has(f.trk)}`);
          if ((inScope.has(f.trk) || inPublic.has(f.trk)) !== sees(who, f)) problems.push(`${what}: not found though visible`);
        }
        for (const r of answers) if (leaksIn(r.text, (x) => !seesReporter(who, x)).length) problems.push(`${who} ${kind}: reporter data in a list item`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("a reporter's name finds the complaint only for its own admins, never through the public feed", async () => {
    const problems: string[] = [];
    const has = (r: { json: any }, trk: string) => (r.json.items as { trackingNumber: string }[]).some((i) => i.trackingNumber === trk);
    // The anonymous and confidential ones (the names that matter; a normal complaint's name takes the same path).
    for (const f of fixtures.filter((x) => x.privacy !== 'normal')) {
      for (const who of Object.keys(VIEWERS)) {
        const r = await list(who, `q=${encodeURIComponent(f.surname)}`);
        if (has(r, f.trk) !== seesReporter(who, f)) problems.push(`${who} name of ${f.pos}/${f.privacy}/${f.verified}: found=${has(r, f.trk)}`);
      }
      // The public feed never searches names, whoever asks (its own admin included).
      for (const who of ['guest', 'admin.nasional']) {
        if (has(await list(who, `view=public&q=${encodeURIComponent(f.surname)}`), f.trk)) problems.push(`${who} public feed by name: ${f.trk}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('similar complaints (triage at intake) offer only verified, non-confidential ones, without reporter data', async () => {
    const problems: string[] = [];
    for (const f of fixtures) {
      const region = PLACE[f.pos].gov;
      for (const [title, body] of [[f.title, ''], [`Jembatan retak ${f.bodyWord}`, f.bodyWord]] as const) {
        const r = await t.call('GET', `/api/v1/complaints/similar?${new URLSearchParams({ regionCode: region, categoryCode: 'infrastruktur.jalan', title, body })}`);
        if (r.status !== 200) {
          problems.push(`${f.trk}: ${r.status} ${r.text.slice(0, 100)}`);
          continue;
        }
        const found = (r.json.items as { trackingNumber: string }[]).some((i) => i.trackingNumber === f.trk);
        if (found !== (f.verified && f.privacy !== 'confidential')) problems.push(`similar "${title}" (${f.pos}/${f.privacy}/${f.verified}): found=${found}`);
        if (leaksIn(r.text).length) problems.push(`similar leaks ${leaksIn(r.text)}`);
      }
    }
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("another tenant's complaint answers exactly like a non-existent one", () => {
  /** Status and body of every read or step a caller can aim at a tracking number. */
  async function probes(who: string, trk: string, attachmentUrl: string, only?: string[]) {
    const token = tokens[who];
    const att = attachmentUrl.replace(/\/complaints\/[^/]+\//, `/complaints/${trk}/`);
    const requests: [string, string, string, Record<string, unknown>?][] = [
      ['view', 'GET', `/api/v1/complaints/${trk}`],
      ['view with a wrong access code', 'GET', `/api/v1/complaints/${trk}?accessCode=ZZZZZZZZZZ`],
      ['timeline', 'GET', `/api/v1/complaints/${trk}/timeline`],
      ['attachment', 'GET', att],
      ['suggestions', 'GET', `/api/v1/complaints/${trk}/suggestions`],
      ['duplicates', 'GET', `/api/v1/complaints/${trk}/duplicates`],
      ['action respond', 'POST', `/api/v1/complaints/${trk}/actions/respond`, { message: 'x' }],
      ['action verify', 'POST', `/api/v1/complaints/${trk}/actions/verify`, { organisationCode: '51.08.pupr' }],
      ['action reply', 'POST', `/api/v1/complaints/${trk}/actions/reply`, { message: 'x' }],
      ['open311 json', 'GET', `${O311}/requests/${trk}.json`],
      ['open311 xml', 'GET', `${O311}/requests/${trk}.xml`],
      ['open311 token', 'GET', `${O311}/tokens/${trk}.json`],
    ];
    const out: Record<string, { status: number; body: string }> = {};
    for (const [k, method, url, body] of requests) {
      if (only && !only.includes(k)) continue;
      const r = await t.call(method, url, { token, body });
      out[k] = { status: r.status, body: r.text };
    }
    return out;
  }

  it('for every caller and every complaint it may not see: view, timeline, attachment, triage, actions, Open311', async () => {
    const problems: string[] = [];
    let compared = 0;
    for (const who of Object.keys(VIEWERS)) {
      const hidden = fixtures.filter((f) => !sees(who, f));
      if (!hidden.length) continue;
      const ghost = await unknownTrk();
      const ghostAtt = hidden[0]!.attachmentUrl.replace(/[0-9a-f-]{36}$/, crypto.randomUUID());
      const none = await probes(who, ghost, ghostAtt);
      // Every probe on one hidden complaint per position (confidential if there is one, else
      // unverified); the view and the Open311 request on all the others.
      const full = new Set(POSITIONS.map((pos) => hidden.filter((f) => f.pos === pos).sort((a, b) => Number(b.privacy === 'confidential') - Number(a.privacy === 'confidential'))[0]).filter(Boolean));
      for (const f of hidden) {
        const got = await probes(who, f.trk, f.attachmentUrl, full.has(f) ? undefined : ['view', 'open311 json']);
        for (const [k, r] of Object.entries(got)) {
          compared++;
          const a = { status: r.status, body: norm(r.body, f.trk) };
          const b = { status: none[k]!.status, body: norm(none[k]!.body, ghost) };
          if (JSON.stringify(a) !== JSON.stringify(b)) problems.push(`${who} ${k} on ${f.pos}/${f.privacy}/${f.verified}: ${a.status} ${a.body.slice(0, 100)} ≠ ${b.status} ${b.body.slice(0, 100)}`);
        }
        if (leaksIn(JSON.stringify(got)).length) problems.push(`${who} ${f.trk}: reporter data`);
      }
    }
    expect(compared).toBeGreaterThan(250);
    expect(problems).toEqual([]);
  });

  it('the attachment URL of a complaint serves the file to those who may see it, and 404 like a missing file to others', async () => {
    const f = fixtures.find((x) => x.pos === 'sibling regency' && x.privacy === 'confidential' && x.verified)!;
    expect((await t.call('GET', f.attachmentUrl, { token: tokens['admin.badung'] })).status).toBe(200);
    const other = await t.call('GET', f.attachmentUrl, { token: tokens['admin.buleleng'] });
    const missing = await t.call('GET', f.attachmentUrl.replace(/[0-9a-f-]{36}$/, crypto.randomUUID()).replace(f.trk, await unknownTrk()), { token: tokens['admin.buleleng'] });
    expect(other.status).toBe(404);
    expect(other.text).toBe(missing.text);
  });
});

// ---------------------------------------------------------------------------------------------
// Last: it moves the clock a month on so that the evaluation report has overdue complaints.

/** The text drawn by a PDF from pdfkit: its content streams inflated, the hex strings of TJ/Tj decoded. */
function pdfText(pdf: Buffer): string {
  const out: string[] = [];
  const s = pdf.toString('latin1');
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf('endstream', start);
    if (end < 0) break;
    let content: string;
    try {
      content = zlib.inflateSync(Buffer.from(s.slice(start, end), 'latin1')).toString('latin1');
    } catch {
      content = s.slice(start, end);
    }
    for (const h of content.matchAll(/<([0-9a-fA-F\s]+)>/g)) out.push(Buffer.from(h[1]!.replace(/\s/g, ''), 'hex').toString('latin1'));
    for (const p of content.matchAll(/\(((?:\\.|[^\\)])*)\)\s*T[jJ]/g)) out.push(p[1]!);
    out.push(' ');
  }
  return out.join('');
}

async function xlsxText(buf: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((ws) => ws.eachRow((row) => row.eachCell((c) => cells.push(String(c.text ?? '')))));
  return cells.join('\n');
}

describe('exports', () => {
  const download = async (who: string, url: string) => {
    const r = await t.app.inject({ method: 'GET', url, headers: tokens[who] ? { authorization: `Bearer ${tokens[who]}` } : {} });
    return { status: r.statusCode, body: r.rawPayload, text: r.body };
  };
  const period = 'from=2026-07-01&to=2026-07-31';

  it('the evaluation report (JSON, CSV, XLSX, PDF) of an organisation outside the caller’s answers 404 exactly like an unknown organisation', async () => {
    const problems: string[] = [];
    const cases: [string, string][] = [
      ['pupr.buleleng', '51.08'],
      ['pupr.buleleng', '51.08.dinkes'],
      ['dinkes.buleleng', '51.08.pupr'],
      ['admin.badung', '51.08'],
      ['admin.badung', '51.08.pupr'],
      ['admin.surabaya', '51.08'],
      ['admin.buleleng', '51.03'],
      ['admin.buleleng', '35.78'],
      ['bupati.buleleng', '51.03.pupr'],
    ];
    for (const format of ['json', 'csv', 'xlsx', 'pdf']) {
      for (const [who, org] of cases) {
        const r = await download(who, `/api/v1/reports/evaluation?organisation=${org}&${period}&format=${format}`);
        const none = await download(who, `/api/v1/reports/evaluation?organisation=99.99&${period}&format=${format}`);
        if (r.status !== 404 || r.text !== none.text || none.status !== 404) problems.push(`${who} → ${org} ${format}: ${r.status} ${r.text.slice(0, 80)} vs ${none.status} ${none.text.slice(0, 80)}`);
      }
    }
    // And staff statistics: a neighbour regency's admin is let in (non-confidential figures), nobody else outside.
    for (const [who, org] of [['pupr.buleleng', '51.08.dinkes'], ['admin.surabaya', '51.08'], ['admin.buleleng', '35.78'], ['dinkes.buleleng', '51.03']] as const) {
      const r = await download(who, `/api/v1/stats/summary?organisation=${org}&${period}`);
      const none = await download(who, `/api/v1/stats/summary?organisation=99.99&${period}`);
      if (r.status !== 404 || r.text !== none.text) problems.push(`stats ${who} → ${org}: ${r.status} ${r.text.slice(0, 80)}`);
    }
    expect(problems).toEqual([]);
  });

  it('the evaluation report in every format lists overdue complaints by title but never a reporter’s name, phone or e-mail', async () => {
    t.clock.advance(30 * 86_400_000);
    const own = fixtures.filter((f) => PLACE[f.pos].gov === '51.08' && f.verified && f.pos !== 'parent');
    for (const format of ['json', 'csv', 'xlsx', 'pdf'] as const) {
      const r = await download('admin.buleleng', `/api/v1/reports/evaluation?organisation=51.08&from=2026-07-01&to=2026-08-31&format=${format}`);
      expect(r.status, `${format}: ${r.text.slice(0, 200)}`).toBe(200);
      const text = format === 'xlsx' ? await xlsxText(r.body) : format === 'pdf' ? pdfText(r.body) : r.text;
      // Positive control: the report does show the overdue complaints (so the absence below means something).
      const shown = own.filter((f) => text.includes(f.titleWord));
      expect(shown.length, `${format} shows the overdue complaints`).toBeGreaterThan(0);
      expect(leaksIn(text), format).toEqual([]);
    }
  });

  it('public statistics and their CSV count neither confidential nor unverified complaints and carry no personal data', async () => {
    const q = 'organisation=35.78&from=2026-07-01&to=2026-08-31';
    const pub = await download('guest', `/api/v1/stats/public?${q}`);
    expect(pub.status).toBe(200);
    const staff = await download('admin.surabaya', `/api/v1/stats/summary?${q}`);
    expect(staff.status).toBe(200);
    const inSurabaya = fixtures.filter((f) => f.pos === 'other province');
    // Staff count all six; the public only the verified, non-confidential two.
    expect(JSON.parse(staff.text).received).toBe(inSurabaya.length);
    expect(JSON.parse(pub.text).received).toBe(inSurabaya.filter((f) => f.verified && f.privacy !== 'confidential').length);
    const csv = await download('guest', `/api/v1/stats/public.csv?${q}`);
    expect(csv.status).toBe(200);
    const total = csv.text.split(/\r?\n/).find((l) => l.startsWith('35.78,'))!;
    expect(total.split(',')).toContain('2');
    for (const text of [pub.text, csv.text, staff.text]) {
      expect(leaksIn(text)).toEqual([]);
      for (const f of fixtures) expect(text).not.toContain(f.titleWord);
    }
  });
});
