// Notifications end to end: complaint events → notification rows (in-app, email, SMS) through the
// worker, email through a REAL SMTP server listening on loopback (smtp-server), parsed with
// mailparser. Dates are 2026 weeks without national holidays; Buleleng is WITA (UTC+8).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp';
import { loadConfig } from '../../server/config';
import { createWorker, type Worker } from '../../server/jobs/worker';
import { notificationWorker, NOTIFY_HANDLER_KEY } from '../../server/modules/notifications';

const wita = (date: string, time = '10:00') => `${date}T${time}:00+08:00`;
const PUBLIC_URL = 'https://lapor.example.go.id';

let smtp: SmtpCapture;

let t: TestApp;
let w: Worker;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  const env = { SMTP_URL: smtp.url, PUBLIC_URL, MAIL_FROM: 'Aduan <no-reply@lapor.example.go.id>' };
  t = await testApp({ now: wita('2026-07-06', '09:00'), env });
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: '/tmp/aduan-test-unused', ...env });
  w = createWorker({ db: t.db, clock: t.clock, purgeIntervalMs: 0 });
  w.register(notificationWorker(config));
});

afterAll(async () => {
  await smtp?.close();
});

async function token(username: string): Promise<string> {
  const r = await t.call('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } });
  expect(r.status, r.text).toBe(200);
  return r.json.token as string;
}

async function run(instant: string, passes = 1) {
  t.clock.set(instant);
  for (let i = 0; i < passes; i++) await w.runOnce();
}

async function file(instant: string, reporter: Record<string, string>, title = 'Jalan berlubang di depan pasar'): Promise<string> {
  t.clock.set(instant);
  const r = await t.call('POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title,
      body: 'Mohon diperbaiki, sudah dua minggu lubangnya makin besar dan membahayakan pengendara motor.',
      reporter,
      location: { regionCode: '51.08' },
    },
  });
  expect(r.status, r.text).toBe(201);
  return r.json.trackingNumber as string;
}

async function verify(trk: string, instant: string, unit = '51.08.pupr') {
  t.clock.set(instant);
  const v = await t.call('POST', `/api/v1/complaints/${trk}/actions/verify`, { token: await token('admin.buleleng'), body: { organisationCode: unit } });
  expect(v.status, v.text).toBe(200);
}

const count = async (sql: string, params: unknown[] = []) => Number((await t.db.query<{ n: number }>(sql, params)).rows[0]!.n);
const userId = async (username: string) => Number((await t.db.query<{ id: number }>('SELECT id FROM users WHERE username = $1', [username])).rows[0]!.id);
const mailsTo = (address: string, trk?: string) => smtp.inbox.filter((m) => m.to && JSON.stringify(m.to).includes(address) && (!trk || (m.subject ?? '').includes(trk)));
const rowsOf = (trk: string, channel: string, recipientKey?: string, eventType?: string) =>
  count(
    `SELECT count(*) AS n FROM notifications n JOIN complaints c ON c.id = n.complaint_id
      WHERE c.tracking_number = $1 AND n.channel = $2 AND ($3::text IS NULL OR n.recipient_key = $3) AND ($4::text IS NULL OR n.event_type = $4)`,
    [trk, channel, recipientKey ?? null, eventType ?? null],
  );

describe('reporter notifications', () => {
  it('a guest who gave an email gets the receipt by email (Indonesian, tracking number, link); admins get it in-app', async () => {
    const trk = await file(wita('2026-07-06', '09:00'), { name: 'Ketut Warga', email: 'ketut@example.org' });
    await run(wita('2026-07-06', '09:01'));
    const mails = mailsTo('ketut@example.org', trk);
    expect(mails).toHaveLength(1);
    const m = mails[0]!;
    expect(m.to && !Array.isArray(m.to) ? m.to.value[0]!.address : null).toBe('ketut@example.org');
    expect(m.subject).toBe(`Pengaduan ${trk} diterima`);
    expect(m.headers.get('content-language')).toBe('id');
    expect(m.text).toContain(trk);
    expect(m.text).toContain(`${PUBLIC_URL}/lacak/${trk}`);
    expect(m.from?.text).toContain('no-reply@lapor.example.go.id');
    expect(await rowsOf(trk, 'email', 'email:ketut@example.org')).toBe(1);
    expect(await rowsOf(trk, 'sms')).toBe(0);

    // The government's admin hears about the new complaint in the app.
    const admin = await token('admin.buleleng');
    const list = await t.call('GET', '/api/v1/me/notifications', { token: admin });
    expect(list.status, list.text).toBe(200);
    const item = list.json.items.find((i: { trackingNumber: string }) => i.trackingNumber === trk);
    expect(item.template).toBe('new_complaint');
    expect(item.body).not.toContain('Ketut');
    expect(list.json.unread).toBeGreaterThanOrEqual(1);
    const read = await t.call('POST', `/api/v1/me/notifications/${item.id}/read`, { token: admin });
    expect(read.status, read.text).toBe(204);
    const after = await t.call('GET', '/api/v1/me/notifications?unread=true', { token: admin });
    expect(after.json.items.some((i: { id: number }) => i.id === item.id)).toBe(false);
    // Someone else's notification is not theirs to mark.
    expect((await t.call('POST', `/api/v1/me/notifications/${item.id}/read`, { token: await token('pupr.buleleng') })).status).toBe(404);

    // Running the worker again sends nothing more.
    await run(wita('2026-07-06', '09:05'), 2);
    expect(mailsTo('ketut@example.org', trk)).toHaveLength(1);
  });

  it('a guest who gave only a phone gets an SMS (queued through the SMS module), not an email', async () => {
    const trk = await file(wita('2026-07-06', '09:10'), { name: 'Wayan', phone: '081234567891' });
    await run(wita('2026-07-06', '09:11'));
    expect(await count(`SELECT count(*) AS n FROM sms_outbound s JOIN complaints c ON c.id = s.complaint_id WHERE c.tracking_number = $1`, [trk])).toBe(1);
    const sms = (await t.db.query<{ to_number: string; text: string }>(`SELECT s.to_number, s.text FROM sms_outbound s JOIN complaints c ON c.id = s.complaint_id WHERE c.tracking_number = $1`, [trk])).rows[0]!;
    expect(sms.to_number).toBe('+6281234567891');
    expect(sms.text).toContain(trk);
    expect(await rowsOf(trk, 'email')).toBe(0);
    expect(await rowsOf(trk, 'sms')).toBe(1);
    await run(wita('2026-07-06', '09:12'), 2);
    expect(await count(`SELECT count(*) AS n FROM sms_outbound s JOIN complaints c ON c.id = s.complaint_id WHERE c.tracking_number = $1`, [trk])).toBe(1);
  });
  it('a registered reporter hears in-app and at the account email; staff never see an anonymous reporter', async () => {
    const warga = await token('warga');
    t.clock.set(wita('2026-07-06', '09:13'));
    const r = await t.call('POST', '/api/v1/complaints', {
      token: warga,
      body: {
        type: 'pengaduan',
        title: 'Pungutan liar di kantor desa',
        body: 'Petugas meminta uang tambahan untuk surat keterangan domisili tanpa kuitansi resmi.',
        anonymous: true,
        location: { regionCode: '51.08' },
      },
    });
    expect(r.status, r.text).toBe(201);
    const trk = r.json.trackingNumber as string;
    await verify(trk, wita('2026-07-06', '09:14'));
    await run(wita('2026-07-06', '09:15'));
    const mine = await t.call('GET', '/api/v1/me/notifications', { token: warga });
    expect(mine.json.items.filter((i: { trackingNumber: string }) => i.trackingNumber === trk).map((i: { template: string }) => i.template)).toEqual(['routed', 'received']);
    expect(mailsTo('warga@example.org', trk)).toHaveLength(2);
    const staff = (await t.db.query<{ subject: string; body: string }>(
      `SELECT n.subject, n.body FROM notifications n JOIN complaints c ON c.id = n.complaint_id WHERE c.tracking_number = $1 AND n.user_id <> $2`,
      [trk, await userId('warga')],
    )).rows;
    expect(staff.length).toBeGreaterThanOrEqual(2);
    for (const m of staff) expect(`${m.subject} ${m.body}`).not.toMatch(/Made Warga|warga@example\.org/);
  });
});

describe('templates and preferences', () => {
  it('national admins override a template (placeholders checked); the English override is used', async () => {
    const nat = await token('admin.nasional');
    const bad = await t.call('PUT', '/api/v1/notification-templates/assigned/en', { token: nat, body: { subject: 'For {reporterName}', body: 'x {trackingNumber}' } });
    expect(bad.status, bad.text).toBe(400);
    expect(bad.json.error.fields.subject).toMatch(/reporterName/);
    expect((await t.call('PUT', '/api/v1/notification-templates/assigned/en', { token: await token('admin.buleleng'), body: { subject: 'x', body: 'y' } })).status).toBe(403);
    expect((await t.call('GET', '/api/v1/notification-templates/nope/en', { token: nat })).status).toBe(404);
    const put = await t.call('PUT', '/api/v1/notification-templates/assigned/en', {
      token: nat,
      body: { subject: 'New case {trackingNumber} for {unit}', body: 'Please handle "{title}" ({trackingNumber}) by {dueDate}: {link}' },
    });
    expect(put.status, put.text).toBe(200);
    expect(put.json.overridden).toBe(true);
    const get = await t.call('GET', '/api/v1/notification-templates/assigned/id', { token: nat });
    expect(get.json.overridden).toBe(false);
    expect(get.json.subject).toContain('{trackingNumber}');

    // The PUPR liaison has an email and reads English.
    await t.db.query(`UPDATE users SET email = 'pupr@buleleng.example.go.id' WHERE username = 'pupr.buleleng'`);
    const pupr = await token('pupr.buleleng');
    const prefs = await t.call('PUT', '/api/v1/me/notification-preferences', { token: pupr, body: { language: 'en' } });
    expect(prefs.status, prefs.text).toBe(200);
    expect(prefs.json).toMatchObject({ inapp: true, email: true, sms: false, language: 'en', emailAddress: 'pupr@buleleng.example.go.id' });

    const trk = await file(wita('2026-07-06', '09:20'), { name: 'Anon', email: 'anon@example.org' }, 'Lampu jalan mati');
    await verify(trk, wita('2026-07-06', '09:30'));
    await run(wita('2026-07-06', '09:31'));
    const mails = mailsTo('pupr@buleleng.example.go.id', trk);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toMatch(new RegExp(`^New case ${trk} for .+`));
    expect(mails[0]!.headers.get('content-language')).toBe('en');
    expect(mails[0]!.text).toContain(`${PUBLIC_URL}/lacak/${trk}`);
    // The reporter heard "routed" in Indonesian.
    expect(mailsTo('anon@example.org', trk).map((m) => m.subject)).toEqual([`Pengaduan ${trk} diterima`, expect.stringMatching(/^Pengaduan .* diteruskan ke /)]);
  });

  it('email off → in-app only', async () => {
    const pupr = await token('pupr.buleleng');
    const off = await t.call('PUT', '/api/v1/me/notification-preferences', { token: pupr, body: { email: false } });
    expect(off.json).toMatchObject({ email: false, language: 'en' });
    const trk = await file(wita('2026-07-06', '10:00'), { name: 'Komang', phone: '081299990001' }, 'Saluran air tersumbat');
    await verify(trk, wita('2026-07-06', '10:05'));
    await run(wita('2026-07-06', '10:06'));
    const key = `user:${await userId('pupr.buleleng')}`;
    expect(await rowsOf(trk, 'inapp', key)).toBe(1);
    expect(await rowsOf(trk, 'email', key)).toBe(0);
    expect(mailsTo('pupr@buleleng.example.go.id', trk)).toHaveLength(0);
    const on = await t.call('PUT', '/api/v1/me/notification-preferences', { token: pupr, body: { email: true, language: 'id' } });
    expect(on.json).toMatchObject({ email: true, language: 'id' });
  });
});

describe('deadlines', () => {
  it('a liaison with an overdue complaint gets exactly one reminder and one level-1 escalation', async () => {
    // Verified Monday 6 July: first follow-up due Monday 13 July (end of day WITA).
    const trk = await file(wita('2026-07-06', '11:00'), { name: 'Nyoman', phone: '081299990002' }, 'Jembatan retak');
    await verify(trk, wita('2026-07-06', '11:05'));
    await run(wita('2026-07-06', '11:06'));
    const key = `user:${await userId('pupr.buleleng')}`;
    for (const day of ['2026-07-10', '2026-07-10', '2026-07-14', '2026-07-14', '2026-07-15', '2026-07-16']) await run(wita(day, '09:00'));
    expect(await rowsOf(trk, 'inapp', key, 'complaint.reminder')).toBe(1);
    expect(await rowsOf(trk, 'inapp', key, 'complaint.escalate')).toBe(1);
    expect(await rowsOf(trk, 'email', key, 'complaint.reminder')).toBe(1);
    expect(await rowsOf(trk, 'email', key, 'complaint.escalate')).toBe(1);
    const mails = mailsTo('pupr@buleleng.example.go.id', trk).map((m) => m.subject);
    expect(mails.filter((s) => s?.startsWith('Pengingat'))).toHaveLength(1);
    expect(mails.filter((s) => s?.startsWith('Eskalasi tingkat 1'))).toHaveLength(1);
    expect(mails.filter((s) => s?.startsWith('Eskalasi'))).toHaveLength(1);
    // Higher rungs reach the organisation admin (level 2) and the leader (level 3), in-app.
    expect(await rowsOf(trk, 'inapp', `user:${await userId('admin.buleleng')}`, 'complaint.escalate')).toBe(1);
    expect(await rowsOf(trk, 'inapp', `user:${await userId('bupati.buleleng')}`, 'complaint.escalate')).toBe(1);
    // The handler is recorded once per event: no event left pending.
    expect(await count(`SELECT count(*) AS n FROM outbox WHERE processed_at IS NULL AND available_at <= $1`, [t.clock.now()])).toBe(0);
    expect(NOTIFY_HANDLER_KEY).toBe('complaint.#notify');
  });

  it("leaders get one digest of their organisation's overdue complaints per local day, from 07:00", async () => {
    const key = `user:${await userId('bupati.buleleng')}`;
    const digests = () => count(`SELECT count(*) AS n FROM notifications WHERE recipient_key = $1 AND channel = 'inapp' AND event_type = 'digest.daily'`, [key]);
    const before = await digests();
    await run(wita('2026-07-17', '06:30'));
    expect(await digests()).toBe(before);
    await run(wita('2026-07-17', '07:05'));
    expect(await digests()).toBe(before + 1);
    await run(wita('2026-07-17', '12:00'), 2);
    expect(await digests()).toBe(before + 1);
    const d = (await t.db.query<{ body: string; subject: string }>(`SELECT subject, body FROM notifications WHERE recipient_key = $1 AND event_type = 'digest.daily' ORDER BY id DESC LIMIT 1`, [key])).rows[0]!;
    expect(d.subject).toMatch(/^Ringkasan harian: \d+ pengaduan/);
    expect(d.body).toContain('Jembatan retak');
    await run(wita('2026-07-18', '07:01'));
    expect(await digests()).toBe(before + 2);
  });
});

describe('email retries', () => {
  it('without SMTP_URL emails stay queued and are listed for admins; a configured worker sends them later', async () => {
    const bare = createWorker({ db: t.db, clock: t.clock, purgeIntervalMs: 0 });
    bare.register(notificationWorker({ mailFrom: 'Aduan <no-reply@aduan.local>', smtpUrl: undefined, publicUrl: PUBLIC_URL }));
    const trk = await file(wita('2026-07-20', '08:00'), { name: 'Gede', email: 'gede@example.org' }, 'Trotoar rusak');
    t.clock.set(wita('2026-07-20', '08:01'));
    await bare.runOnce();
    const q = await t.call('GET', '/api/v1/notifications/failed?status=queued', { token: await token('admin.buleleng') });
    expect(q.status, q.text).toBe(200);
    expect(q.json.items.find((i: { trackingNumber: string }) => i.trackingNumber === trk)).toMatchObject({ status: 'queued', attempts: 0, to: 'gede@example.org' });
    expect(mailsTo('gede@example.org', trk)).toHaveLength(0);
    await run(wita('2026-07-20', '08:02'));
    expect(mailsTo('gede@example.org', trk)).toHaveLength(1);
  });

  it('a refusing SMTP server leaves the email queued (visible to admins), retried with backoff, sent once when back', async () => {
    await smtp.close();
    const trk = await file(wita('2026-07-20', '09:00'), { name: 'Putu', email: 'putu@example.org' }, 'Sampah menumpuk');
    await run(wita('2026-07-20', '09:01'));
    const row = async () =>
      (await t.db.query<{ status: string; attempts: number; last_error: string | null; next_attempt_at: Date | null }>(
        `SELECT status, attempts, last_error, next_attempt_at FROM notifications WHERE recipient_key = 'email:putu@example.org' AND channel = 'email'`,
      )).rows;
    let r = await row();
    expect(r).toHaveLength(1);
    expect(r[0]).toMatchObject({ status: 'queued', attempts: 1 });
    expect(r[0]!.last_error).toBeTruthy();
    const failed = await t.call('GET', '/api/v1/notifications/failed', { token: await token('admin.nasional') });
    expect(failed.status, failed.text).toBe(200);
    expect(failed.json.items.find((i: { trackingNumber: string }) => i.trackingNumber === trk)).toMatchObject({ status: 'queued', attempts: 1, to: 'putu@example.org' });
    expect((await t.call('GET', '/api/v1/notifications/failed', { token: await token('pupr.buleleng') })).status).toBe(403);

    await smtp.restart();
    await run(wita('2026-07-20', '09:01')); // not yet due again (backoff)
    expect(mailsTo('putu@example.org', trk)).toHaveLength(0);
    await run(wita('2026-07-20', '09:05'), 2);
    expect(mailsTo('putu@example.org', trk)).toHaveLength(1);
    r = await row();
    expect(r[0]).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    await run(wita('2026-07-20', '12:00'), 2);
    expect(mailsTo('putu@example.org', trk)).toHaveLength(1);
  });
});
