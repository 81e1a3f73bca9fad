// Citizen accounts (docs/citizens.md): registration verified by a code that really travels through
// SMTP (a real SMTP server on loopback, smtp-server, as in notifications.test.ts), claiming earlier
// guest complaints, no enumeration, the code rules (reuse, expiry, guessing, throttles) and erasure.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { ENGINE } from '../support/db';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp';
import { loadConfig } from '../../server/config';
import { createWorker, type Worker } from '../../server/jobs/worker';
import { notificationWorker } from '../../server/modules/notifications';
import { citizenPurgeTask } from '../../server/modules/citizens';

let smtp: SmtpCapture;
let t: TestApp;
let w: Worker;
const START = '2026-07-06T01:00:00Z';

beforeAll(async () => {
  smtp = await startSmtpCapture();
  const env = { SMTP_URL: smtp.url, MAIL_FROM: 'Aduan <no-reply@lapor.example.go.id>', CITIZEN_CODES_PER_ADDRESS_HOUR: '8' };
  t = await testApp({ now: START, env });
  w = createWorker({ db: t.db, clock: t.clock, purgeIntervalMs: 0 });
  w.register(notificationWorker(loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/aduan-test-unused', ...env })));
  w.register({ tasks: { citizenPurge: citizenPurgeTask() } });
});

afterAll(async () => {
  await smtp?.close();
});

// Each part of the file calls from its own address, so the per-address limit is the one under test only where meant.
let addressNo = 0;
const newAddress = () => `10.0.${Math.floor(++addressNo / 250)}.${addressNo % 250}`;
async function call(method: string, url: string, o: { body?: unknown; token?: string; from?: string } = {}) {
  const r = await t.app.inject({
    method: method as 'GET',
    url,
    remoteAddress: o.from ?? '10.255.0.1',
    headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(o.body !== undefined ? { 'content-type': 'application/json' } : {}) },
    payload: o.body === undefined ? undefined : JSON.stringify(o.body),
  });
  let json: any;
  try {
    json = r.json();
  } catch {}
  return { status: r.statusCode, json, text: r.body, headers: r.headers };
}

const tick = (seconds: number) => t.clock.set(new Date(t.clock.now().getTime() + seconds * 1000).toISOString());
const mailsTo = (address: string) => smtp.inbox.filter((m) => JSON.stringify(m.to ?? '').includes(address));
// Guests also get their complaint receipts by mail; the code mails are these.
const codeMailsTo = (address: string) => mailsTo(address).filter((m) => /^(Kode verifikasi Aduan|Kode masuk Aduan|Akun Aduan Anda sudah ada)/.test(m.subject ?? ''));
async function codeMailedTo(address: string): Promise<{ code: string; mail: ParsedMail }> {
  const before = codeMailsTo(address).length;
  await w.runOnce();
  const mails = codeMailsTo(address);
  expect(mails.length, `a new mail to ${address}`).toBe(before + 1);
  const mail = mails[mails.length - 1]!;
  const m = /\b(\d{6})\b/.exec(mail.text ?? '');
  expect(m, mail.text).not.toBeNull();
  return { code: m![1]!, mail };
}
const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: number }>(sql, params)).rows[0]!.n);

async function fileAsGuest(reporter: Record<string, string>, anonymous = false): Promise<string> {
  const r = await call('POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title: 'Lampu jalan mati di Jalan Ngurah Rai',
      body: 'Sudah seminggu lampu jalan di depan sekolah mati, anak-anak pulang les dalam gelap.',
      reporter,
      anonymous,
      location: { regionCode: '51.08' },
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.trackingNumber as string;
}

let ketut: { token: string; userId: number; trkOpen: string; trkAnon: string };

describe('registration by email', () => {
  it('register → code through SMTP → verify: the account exists with its email verified and owns the earlier guest complaints', async () => {
    const trkOpen = await fileAsGuest({ name: 'Ketut Sutama', email: 'ketut.sutama@example.org' });
    const trkAnon = await fileAsGuest({ name: 'Ketut Sutama', email: 'Ketut.Sutama@Example.org' }, true);
    const other = await fileAsGuest({ name: 'Orang Lain', email: 'lain@example.org' });

    const reg = await call('POST', '/api/v1/citizens/register', { body: { name: 'Ketut Sutama', email: 'KETUT.sutama@example.org', password: 'sapi-bali-berlari-2026' }, from: newAddress() });
    expect(reg.status, reg.text).toBe(202);
    expect(Object.keys(reg.json).sort()).toEqual(['channel', 'expiresAt', 'verificationId']);
    expect(reg.json.channel).toBe('email');
    expect(new Date(reg.json.expiresAt).getTime() - t.clock.now().getTime()).toBe(10 * 60_000);
    // Nothing exists until the code comes back.
    expect(await count(`SELECT count(*) AS n FROM users WHERE lower(email) = 'ketut.sutama@example.org'`)).toBe(0);

    const { code, mail } = await codeMailedTo('ketut.sutama@example.org');
    expect(mail.subject).toBe('Kode verifikasi Aduan');
    expect(mail.headers.get('content-language')).toBe('id');
    // The code is stored hashed only.
    expect(await count(`SELECT count(*) AS n FROM citizen_verifications WHERE code_hash LIKE '%' || $1 || '%'`, [code])).toBe(0);

    tick(60);
    const v = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: reg.json.verificationId, code } });
    expect(v.status, v.text).toBe(200);
    expect(v.json.user.displayName).toBe('Ketut Sutama');
    expect(v.json.user.roles).toEqual([{ role: 'reporter', organisation: null }]);
    expect(String(v.headers['set-cookie'])).toMatch(/aduan_session=.+HttpOnly/i);
    // The mail copy no longer holds a usable code.
    expect((await t.db.query<{ body: string }>(`SELECT body FROM notifications WHERE event_id = $1`, [`citizen-code:${reg.json.verificationId}`])).rows[0]!.body).not.toContain(code);

    const me = await call('GET', '/api/v1/me', { token: v.json.token });
    expect(me.status, me.text).toBe(200);
    expect(me.json).toMatchObject({ name: 'Ketut Sutama', email: 'ketut.sutama@example.org', emailVerified: true, phoneVerified: false, hasPassword: true, roles: ['reporter'] });
    const userId = Number((await t.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [me.json.username])).rows[0]!.id);

    const mine = await call('GET', '/api/v1/complaints?limit=100', { token: v.json.token });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.json.items.map((i: { trackingNumber: string }) => i.trackingNumber).sort()).toEqual([trkOpen, trkAnon].sort());
    const own = await call('GET', `/api/v1/complaints/${trkAnon}`, { token: v.json.token });
    expect(own.json).toMatchObject({ view: 'reporter', anonymous: true, reporter: { registered: true, email: 'ketut.sutama@example.org' } });
    expect(own.json.abilities).toContain('reply');
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'claim_complaint' AND subject_id = ANY($1::text[])`, [[trkOpen, trkAnon]])).toBe(2);
    expect(await count(`SELECT count(*) AS n FROM complaints WHERE tracking_number = $1 AND reporter_user_id IS NULL`, [other])).toBe(1);
    ketut = { token: v.json.token, userId, trkOpen, trkAnon };
  });

  it('units never see the reporter of an anonymous complaint, claimed or not; the admin does', async () => {
    const admin = await t.login('admin.buleleng');
    const ver = await call('POST', `/api/v1/complaints/${ketut.trkAnon}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } });
    expect(ver.status, ver.text).toBe(200);
    expect(ver.json.anonymous).toBe(true);
    const unit = await t.login('pupr.buleleng');
    const seen = await call('GET', `/api/v1/complaints/${ketut.trkAnon}`, { token: unit });
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json.reporter).toBeNull();
    const tl = await call('GET', `/api/v1/complaints/${ketut.trkAnon}/timeline`, { token: unit });
    for (const r of [seen, tl]) expect(r.text).not.toMatch(/Ketut|sutama|warga\./i);
    const adminView = await call('GET', `/api/v1/complaints/${ketut.trkAnon}`, { token: admin });
    expect(adminView.json.reporter).toMatchObject({ name: 'Ketut Sutama', registered: true });
  });

  it('password login by the verified email, and a login code by email, open the same account', async () => {
    const pw = await call('POST', '/api/v1/auth/contact-login', { body: { contact: 'ketut.sutama@example.org', password: 'sapi-bali-berlari-2026' } });
    expect(pw.status, pw.text).toBe(200);
    const wrong = await call('POST', '/api/v1/auth/contact-login', { body: { contact: 'ketut.sutama@example.org', password: 'salah-salah-salah' } });
    const nobody = await call('POST', '/api/v1/auth/contact-login', { body: { contact: 'siapa@example.org', password: 'salah-salah-salah' } });
    expect([wrong.status, wrong.json.error.code]).toEqual([401, 'invalid_credentials']);
    expect(nobody.json).toEqual(wrong.json);

    tick(120);
    const req = await call('POST', '/api/v1/auth/code', { body: { contact: 'Ketut.Sutama@example.org' }, from: newAddress() });
    expect(req.status, req.text).toBe(202);
    const { code, mail } = await codeMailedTo('ketut.sutama@example.org');
    expect(mail.subject).toBe('Kode masuk Aduan');
    const v = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: req.json.verificationId, code } });
    expect(v.status, v.text).toBe(200);
    expect((await call('GET', '/api/v1/me', { token: v.json.token })).json.username).toBe(pw.json.user.username);
  });
});

describe('no enumeration', () => {
  it('register and code requests answer alike for registered and unknown contacts; a registered contact gets a login code, not a second account', async () => {
    tick(120);
    const known = await call('POST', '/api/v1/citizens/register', { body: { name: 'Penyamar', email: 'ketut.sutama@example.org', password: 'kata-sandi-lain-2026' }, from: newAddress() });
    const fresh = await call('POST', '/api/v1/citizens/register', { body: { name: 'Made Baru', email: 'made.baru@example.org', password: 'kata-sandi-lain-2026' }, from: newAddress() });
    const shape = (r: { status: number; json: any; headers: Record<string, unknown> }) => ({
      status: r.status,
      keys: Object.keys(r.json).sort(),
      channel: r.json.channel,
      idLength: r.json.verificationId.length,
      expiresAt: r.json.expiresAt,
      cookie: r.headers['set-cookie'] ?? null,
    });
    expect(shape(known)).toEqual(shape(fresh));

    // The owner learns someone tried, and gets a sign-in code instead; the account is unchanged.
    const { code, mail } = await codeMailedTo('ketut.sutama@example.org');
    expect(mail.subject).toBe('Akun Aduan Anda sudah ada');
    expect(mail.text).toContain('sudah terdaftar');
    const v = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: known.json.verificationId, code } });
    expect(v.status, v.text).toBe(200);
    expect(v.json.user.displayName).toBe('Ketut Sutama');
    expect(await count(`SELECT count(*) AS n FROM users WHERE lower(email) = 'ketut.sutama@example.org'`)).toBe(1);
    // The same worker pass sent the newcomer's verification code.
    expect(codeMailsTo('made.baru@example.org').map((m) => m.subject)).toEqual(['Kode verifikasi Aduan']);

    tick(120);
    const a = await call('POST', '/api/v1/auth/code', { body: { contact: 'ketut.sutama@example.org' }, from: newAddress() });
    const b = await call('POST', '/api/v1/auth/code', { body: { contact: 'belum.ada@example.org' }, from: newAddress() });
    expect(shape(a)).toEqual(shape(b));
    await w.runOnce();
    expect(mailsTo('belum.ada@example.org')).toHaveLength(0);
    // A made-up code fails the same way on both.
    const fa = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: a.json.verificationId, code: '000000' } });
    const fb = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: b.json.verificationId, code: '000000' } });
    expect([fa.status, fa.json]).toEqual([fb.status, fb.json]);
    expect(fa.json.error.code).toBe('invalid_code');
    // Throttles count both alike too.
    const a2 = await call('POST', '/api/v1/auth/code', { body: { contact: 'ketut.sutama@example.org' }, from: newAddress() });
    const b2 = await call('POST', '/api/v1/auth/code', { body: { contact: 'belum.ada@example.org' }, from: newAddress() });
    expect([a2.status, a2.headers['retry-after']]).toEqual([429, '60']);
    expect([b2.status, b2.headers['retry-after']]).toEqual([429, '60']);
  });
});

describe('codes', () => {
  const ask = async (contact: string, from = newAddress()) => {
    const r = await call('POST', '/api/v1/auth/code', { body: { contact }, from });
    expect(r.status, r.text).toBe(202);
    return { id: r.json.verificationId as string, ...(await codeMailedTo(contact)) };
  };
  const verify = (verificationId: string, code: string) => call('POST', '/api/v1/auth/code/verify', { body: { verificationId, code } });

  it('a used code is refused the second time', async () => {
    tick(3600);
    const { id, code } = await ask('ketut.sutama@example.org');
    expect((await verify(id, code)).status).toBe(200);
    const again = await verify(id, code);
    expect([again.status, again.json.error.code]).toEqual([400, 'invalid_code']);
  });

  it('an expired code is refused (ten minutes)', async () => {
    tick(120);
    const { id, code } = await ask('ketut.sutama@example.org');
    tick(10 * 60 + 1);
    const late = await verify(id, code);
    expect([late.status, late.json.error.code]).toEqual([400, 'invalid_code']);
  });

  it('five wrong guesses kill the verification: the right code is refused afterwards', async () => {
    tick(120);
    const { id, code } = await ask('ketut.sutama@example.org');
    const wrong = code === '123456' ? '654321' : '123456';
    for (let i = 0; i < 5; i++) expect((await verify(id, wrong)).json.error.code).toBe('invalid_code');
    const right = await verify(id, code);
    expect([right.status, right.json.error.code]).toEqual([400, 'invalid_code']);
    expect(await count('SELECT attempts AS n FROM citizen_verifications WHERE id = $1', [id])).toBe(5);
  });

  it('a code is good only for its own verificationId', async () => {
    tick(120);
    const first = await ask('ketut.sutama@example.org');
    tick(120);
    const second = await ask('ketut.sutama@example.org');
    if (first.code !== second.code) expect((await verify(first.id, second.code)).json.error.code).toBe('invalid_code');
    expect((await verify('tidak-ada-verifikasi-seperti-ini', first.code)).json.error.code).toBe('invalid_code');
    expect((await verify(second.id, second.code)).status).toBe(200);
  });

  it('sending is throttled per contact (1/min, 5/hour) and per address', async () => {
    tick(3600);
    const contact = 'throttle@example.org';
    for (let i = 0; i < 5; i++) {
      expect((await call('POST', '/api/v1/auth/code', { body: { contact }, from: newAddress() })).status).toBe(202);
      const soon = await call('POST', '/api/v1/auth/code', { body: { contact }, from: newAddress() });
      expect(soon.status).toBe(429);
      tick(61);
    }
    const sixth = await call('POST', '/api/v1/auth/code', { body: { contact }, from: newAddress() });
    expect([sixth.status, sixth.json.error.code, sixth.headers['retry-after']]).toEqual([429, 'too_many_requests', '3600']);

    const from = newAddress();
    for (let i = 0; i < 8; i++) expect((await call('POST', '/api/v1/auth/code', { body: { contact: `alamat${i}@example.org` }, from })).status).toBe(202);
    expect((await call('POST', '/api/v1/auth/code', { body: { contact: 'alamat9@example.org' }, from })).status).toBe(429);
  });

  it('bad input is refused with 400 and nothing is stored', async () => {
    tick(3600);
    const before = await count('SELECT count(*) AS n FROM citizen_verifications');
    const cases: [unknown, string][] = [
      [{ name: 'Dua Kontak', email: 'a@example.org', phone: '081234567001' }, 'phone'],
      [{ name: 'Tanpa Kontak' }, 'phone'],
      [{ name: 'Surel Rusak', email: 'bukan-surel' }, 'email'],
      [{ name: 'Telepon Rumah', phone: '0362-21234' }, 'phone'],
      [{ name: 'Sandi Pendek', email: 'pendek@example.org', password: 'pendek' }, 'password'],
      [{ name: ' ', email: 'kosong@example.org' }, 'name'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/api/v1/citizens/register', { body, from: newAddress() });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {}), JSON.stringify(body)).toContain(field);
    }
    expect((await call('POST', '/api/v1/citizens/register', { body: { name: 'X Y', email: 'x@example.org', admin: true } })).status).toBe(400);
    expect((await call('POST', '/api/v1/auth/code', { body: { contact: 'bukan kontak' } })).status).toBe(400);
    expect((await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: 'abc', code: '12ab56' } })).status).toBe(400);
    expect(await count('SELECT count(*) AS n FROM citizen_verifications')).toBe(before);
  });
});

describe('registration by phone', () => {
  it('claims guest complaints filed with the same number written another way; the code goes out through the SMS queue', async () => {
    tick(3600);
    const trk = await fileAsGuest({ name: 'Wayan Tani', phone: '0812-3456-7001' });
    const reg = await call('POST', '/api/v1/citizens/register', { body: { name: 'Wayan Tani', phone: '+62 812 3456 7001', language: 'en' }, from: newAddress() });
    expect([reg.status, reg.json.channel]).toEqual([202, 'sms']);
    const sms = (await t.db.query<{ text: string; secret: string; to_number: string }>(`SELECT text, secret, to_number FROM sms_outbound WHERE to_number = '+6281234567001' ORDER BY id DESC LIMIT 1`)).rows[0]!;
    expect(sms.text).toContain('Aduan: kode verifikasi');
    expect(sms.text).toContain('Your verification code');
    expect(sms.secret).toMatch(/^\d{6}$/);
    const v = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: reg.json.verificationId, code: sms.secret } });
    expect(v.status, v.text).toBe(200);
    const mine = await call('GET', '/api/v1/complaints', { token: v.json.token });
    expect(mine.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).toEqual([trk]);
    const prefs = await call('GET', '/api/v1/me/notification-preferences', { token: v.json.token });
    expect(prefs.json).toMatchObject({ sms: true, email: false, language: 'en', phone: '+6281234567001' });
    expect((await call('GET', '/api/v1/me', { token: v.json.token })).json).toMatchObject({ phoneVerified: true, hasPassword: false });
  });
});

describe('housekeeping and races', () => {
  it('the worker blanks codes in mail copies and deletes verifications a day after they expire', async () => {
    tick(3600);
    const r = await call('POST', '/api/v1/auth/code', { body: { contact: 'made.baru@example.org' }, from: newAddress() });
    expect(r.status, r.text).toBe(202);
    await w.runOnce();
    tick(11 * 60);
    await w.runOnce();
    expect(await count(`SELECT count(*) AS n FROM notifications WHERE event_type = 'citizen.code' AND body ~ '[0-9]{6}'`)).toBe(0);
    tick(25 * 3600);
    await w.runOnce();
    expect(await count('SELECT count(*) AS n FROM citizen_verifications WHERE expires_at < $1', [new Date(t.clock.now().getTime() - 24 * 3_600_000)])).toBe(0);
  });

  if (ENGINE === 'postgres') {
    it('two registrations of one contact verified at the same moment make one account', async () => {
      tick(3600);
      const contact = 'kembar@example.org';
      const first = await call('POST', '/api/v1/citizens/register', { body: { name: 'Kembar Satu', email: contact }, from: newAddress() });
      const a = await codeMailedTo(contact);
      tick(61);
      const second = await call('POST', '/api/v1/citizens/register', { body: { name: 'Kembar Dua', email: contact }, from: newAddress() });
      const b = await codeMailedTo(contact);
      const [ra, rb] = await Promise.all([
        call('POST', '/api/v1/auth/code/verify', { body: { verificationId: first.json.verificationId, code: a.code } }),
        call('POST', '/api/v1/auth/code/verify', { body: { verificationId: second.json.verificationId, code: b.code } }),
      ]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      expect(ra.json.user.username).toBe(rb.json.user.username);
      expect(await count('SELECT count(*) AS n FROM users WHERE lower(email) = $1', [contact])).toBe(1);
    });
  }
});

describe('erasure', () => {
  it('PATCH /me changes the name; DELETE /me needs HAPUS and the password', async () => {
    const p = await call('PATCH', '/api/v1/me', { token: ketut.token, body: { name: 'Ketut S.' } });
    expect([p.status, p.json.name]).toEqual([200, 'Ketut S.']);
    expect((await call('PATCH', '/api/v1/me', { token: ketut.token, body: { name: 'x' } })).status).toBe(400);
    expect((await call('DELETE', '/api/v1/me', { token: ketut.token, body: { confirm: 'hapus', password: 'sapi-bali-berlari-2026' } })).status).toBe(400);
    expect((await call('DELETE', '/api/v1/me', { token: ketut.token, body: { confirm: 'HAPUS', password: 'salah-salah-salah' } })).status).toBe(400);
    expect((await call('DELETE', '/api/v1/me', { body: { confirm: 'HAPUS' } })).status).toBe(401);
    // Staff accounts are closed by their admins.
    expect((await call('DELETE', '/api/v1/me', { token: await t.login('pupr.buleleng'), body: { confirm: 'HAPUS' } })).status).toBe(403);
    expect(await count('SELECT count(*) AS n FROM users WHERE id = $1 AND active', [ketut.userId])).toBe(1);
  });

  it('anonymises the person everywhere and keeps the complaints and their history', async () => {
    const eventsBefore = await count('SELECT count(*) AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.reporter_user_id = $1', [ketut.userId]);
    const del = await call('DELETE', '/api/v1/me', { token: ketut.token, body: { confirm: 'HAPUS', password: 'sapi-bali-berlari-2026' } });
    expect(del.status, del.text).toBe(204);

    const u = (await t.db.query<any>('SELECT * FROM users WHERE id = $1', [ketut.userId])).rows[0];
    expect(u).toMatchObject({ username: `terhapus.${ketut.userId}`, display_name: 'Pengguna terhapus', email: null, phone: null, password_hash: null, active: false, email_verified_at: null });
    expect(u.erased_at).not.toBeNull();
    expect(await count('SELECT count(*) AS n FROM sessions WHERE user_id = $1 AND revoked_at IS NULL', [ketut.userId])).toBe(0);
    expect((await call('GET', '/api/v1/me', { token: ketut.token })).status).toBe(401);
    expect(await count('SELECT count(*) AS n FROM notification_preferences WHERE user_id = $1', [ketut.userId])).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM notifications WHERE to_address ILIKE '%sutama%' OR recipient_key ILIKE '%sutama%' OR body ILIKE '%sutama%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM citizen_verifications WHERE contact ILIKE '%sutama%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM complaints WHERE reporter_name ILIKE '%ketut%' OR reporter_email ILIKE '%sutama%'`)).toBe(0);
    expect(await count(`SELECT count(*) AS n FROM audit_log WHERE action = 'erase_account' AND subject_id = $1`, [String(ketut.userId)])).toBe(1);

    // The complaints and their history stay; nobody sees who filed them.
    expect(await count('SELECT count(*) AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.reporter_user_id = $1', [ketut.userId])).toBe(eventsBefore);
    const admin = await t.login('admin.buleleng');
    for (const trk of [ketut.trkOpen, ketut.trkAnon]) {
      const r = await call('GET', `/api/v1/complaints/${trk}`, { token: admin });
      expect(r.status, r.text).toBe(200);
      expect(r.json.reporter).toMatchObject({ name: 'Pengguna terhapus', email: null, phone: null });
      expect(r.text).not.toMatch(/ketut|sutama/i);
    }
    const tl = await call('GET', `/api/v1/complaints/${ketut.trkAnon}/timeline`, { token: admin });
    expect(tl.json.items.map((e: { action: string }) => e.action)).toEqual(['submit', 'verify']);

    // The contact is free again: registering with it starts a new account, not the old one.
    tick(3600);
    const again = await call('POST', '/api/v1/citizens/register', { body: { name: 'Ketut Baru', email: 'ketut.sutama@example.org' }, from: newAddress() });
    const { code, mail } = await codeMailedTo('ketut.sutama@example.org');
    expect(mail.subject).toBe('Kode verifikasi Aduan');
    const v = await call('POST', '/api/v1/auth/code/verify', { body: { verificationId: again.json.verificationId, code } });
    expect(v.status, v.text).toBe(200);
    expect((await call('GET', '/api/v1/complaints', { token: v.json.token })).json.items).toEqual([]);
  });
});
