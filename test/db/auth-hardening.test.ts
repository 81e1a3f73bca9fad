// Web security, issue #10 item 5 (docs/security.md): password rules where staff passwords are set,
// TOTP (enrolment, two-step login, replay, wrong-code limits, required roles), complaint submission
// limits (shared NAT vs account, idempotent retries free, SMS per phone), HSTS only behind TLS.
import { beforeAll, describe, expect, it } from 'vitest';
import { Secret, TOTP } from 'otpauth';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { receiveSms } from '../../server/modules/sms';
import { loadConfig } from '../../server/config';
import { login } from '../../server/modules/users';

const STRONG = 'kuda-terbang-di-singaraja';
const code = (secret: string, at: Date) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: at.getTime(), period: 30 });

// A: TOTP required for organisation admins and oversight, secrets encrypted at rest, a trusted proxy on loopback.
let a: TestApp;
// B: submission limits on (tight, to be reached in a few requests), no trusted proxy.
let b: TestApp;

beforeAll(async () => {
  a = await testApp({ env: { TOTP_REQUIRED_ROLES: 'org_admin,oversight', TRUST_PROXY: '127.0.0.1', LOGIN_MAX_FAILURES: '5', TOTP_SECRET_KEY: 'ab'.repeat(32) } });
  b = await testApp({
    env: {
      SUBMIT_RATE_PER_ADDRESS_PER_HOUR: '60',
      SUBMIT_BURST_PER_ADDRESS: '6',
      SUBMIT_RATE_PER_ACCOUNT_PER_HOUR: '6',
      SUBMIT_BURST_PER_ACCOUNT: '3',
    },
  });
});

describe('password rules where staff passwords are set', () => {
  const newUser = (over: Record<string, unknown>) => ({ username: 'staf.baru', displayName: 'Ketut Sudarsana', password: STRONG, role: 'liaison', organisationCode: '51.08.pupr', ...over });
  const count = async (t: TestApp) => Number((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM users')).rows[0]!.n);

  it('admin create refuses short, common, breached-with-digits and personal passwords with 400 fields.password, storing nothing', async () => {
    const token = await a.login('admin.nasional');
    const before = await count(a);
    for (const password of ['pendek', 'Bismillah123!', 'password2026', 'P@ssw0rd2026', 'Sayangku123', 'staf.baru-punya-ku', 'aku-sudarsana-hebat']) {
      const r = await a.call('POST', '/api/v1/users', { token, body: newUser({ password }) });
      expect(r.status, `${password}: ${r.text}`).toBe(400);
      expect(r.json.error.fields.password, password).toBeTruthy();
      expect(r.json.error.message).toMatch(/Kata sandi ditolak.*Password refused/);
    }
    expect(await count(a)).toBe(before);
    const ok = await a.call('POST', '/api/v1/users', { token, body: newUser({}) });
    expect(ok.status, ok.text).toBe(201);
    expect((await a.call('POST', '/api/v1/auth/login', { body: { username: 'staf.baru', password: STRONG } })).status).toBe(200);
  });

  it('admin reset and self-service change apply the same rules; a reset ends the sessions', async () => {
    const admin = await a.login('admin.nasional');
    const weak = await a.call('POST', '/api/v1/users/staf.baru/password', { token: admin, body: { password: 'indonesia1945' } });
    expect(weak.status).toBe(400);
    expect(weak.json.error.fields.password).toMatch(/common/);
    const session = (await a.call('POST', '/api/v1/auth/login', { body: { username: 'staf.baru', password: STRONG } })).json.token;
    const reset = await a.call('POST', '/api/v1/users/staf.baru/password', { token: admin, body: { password: 'pohon-beringin-tua-77' } });
    expect(reset.status, reset.text).toBe(200);
    expect((await a.call('GET', '/api/v1/auth/me', { token: session })).status).toBe(401);
    const fresh = (await a.call('POST', '/api/v1/auth/login', { body: { username: 'staf.baru', password: 'pohon-beringin-tua-77' } })).json.token;
    const change = (body: unknown) => a.call('POST', '/api/v1/auth/password', { token: fresh, body });
    expect((await change({ currentPassword: 'salah-sekali-ini', newPassword: 'sungai-jernih-pagi-9' })).status).toBe(400);
    const common = await change({ currentPassword: 'pohon-beringin-tua-77', newPassword: 'Jakarta12345!' });
    expect(common.status).toBe(400);
    expect(common.json.error.fields.password).toBeTruthy();
    expect((await change({ currentPassword: 'pohon-beringin-tua-77', newPassword: 'sungai-jernih-pagi-9' })).status).toBe(204);
    expect((await a.call('POST', '/api/v1/auth/login', { body: { username: 'staf.baru', password: 'sungai-jernih-pagi-9' } })).status).toBe(200);
  });
});

describe('TOTP', () => {
  let secret = '';

  it('enrols: setup gives a secret and otpauth URI, a wrong code is refused, a right one turns TOTP on', async () => {
    const token = await a.login('pupr.buleleng');
    const setup = await a.call('POST', '/api/v1/auth/totp/setup', { token });
    expect(setup.status, setup.text).toBe(200);
    secret = setup.json.secret;
    expect(setup.json.uri).toMatch(/^otpauth:\/\/totp\/Aduan:pupr\.buleleng\?.*secret=/);
    expect(setup.json.uri).toContain(`secret=${secret}`);
    const wrong = String((Number(code(secret, a.clock.now())) + 1) % 1_000_000).padStart(6, '0');
    expect((await a.call('POST', '/api/v1/auth/totp/confirm', { token, body: { code: wrong } })).status).toBe(400);
    expect((await a.call('GET', '/api/v1/auth/totp', { token })).json).toEqual({ enabled: false, required: false });
    const ok = await a.call('POST', '/api/v1/auth/totp/confirm', { token, body: { code: code(secret, a.clock.now()) } });
    expect(ok.status, ok.text).toBe(200);
    expect((await a.call('GET', '/api/v1/auth/totp', { token })).json).toEqual({ enabled: true, required: false });
    // At rest the secret is sealed with TOTP_SECRET_KEY, not stored as it was shown.
    const stored = (await a.db.query<{ totp_secret: string }>(`SELECT totp_secret FROM users WHERE username = 'pupr.buleleng'`)).rows[0]!.totp_secret;
    expect(stored.startsWith('enc:v1:')).toBe(true);
    expect(stored).not.toContain(secret);
    // The secret is never shown again: a second setup is refused while TOTP is on.
    expect((await a.call('POST', '/api/v1/auth/totp/setup', { token })).status).toBe(409);
  });

  it('login takes two steps; the code used at enrolment cannot be replayed; a fresh code gives the session', async () => {
    const first = await a.call('POST', '/api/v1/auth/login', { body: { username: 'pupr.buleleng', password: TEST_PASSWORD } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ totpRequired: true, challenge: expect.any(String), expiresAt: expect.any(String) });
    expect(first.headers['set-cookie']).toBeUndefined();
    const replay = await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: first.json.challenge, code: code(secret, a.clock.now()) } });
    expect(replay.status).toBe(401);
    a.clock.advance(30_000);
    const good = code(secret, a.clock.now());
    const second = await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: first.json.challenge, code: good } });
    expect(second.status, second.text).toBe(200);
    expect(second.json.user.username).toBe('pupr.buleleng');
    expect(String(second.headers['set-cookie'])).toMatch(/aduan_session=.*HttpOnly/i);
    expect((await a.call('GET', '/api/v1/auth/me', { token: second.json.token })).status).toBe(200);
    // The challenge is spent, and the code cannot open a second session through a new challenge.
    expect((await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: first.json.challenge, code: good } })).status).toBe(401);
    const again = await a.call('POST', '/api/v1/auth/login', { body: { username: 'pupr.buleleng', password: TEST_PASSWORD } });
    expect((await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: again.json.challenge, code: good } })).status).toBe(401);
    // A password alone is no longer a session for this account anywhere (the citizens' login calls login()).
    expect(again.json.token).toBeUndefined();
    const policy = { maxFailures: 5, lockMinutes: 15, sessionTtlHours: 1 };
    await expect(login(a.db, a.clock, policy, { username: 'pupr.buleleng', password: TEST_PASSWORD, address: '127.0.0.1' })).rejects.toMatchObject({ status: 403, code: 'totp_required' });
  });

  it('wrong codes are limited: they count as failed logins and lock the account for that address', async () => {
    a.clock.advance(20 * 60_000); // past the lock window of the earlier failures
    const first = await a.call('POST', '/api/v1/auth/login', { body: { username: 'pupr.buleleng', password: TEST_PASSWORD } });
    const right = code(secret, a.clock.now());
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: first.json.challenge, code: wrong } })).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // Even the right code is refused now, and so is the password.
    expect((await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: first.json.challenge, code: right } })).status).toBe(429);
    const pw = await a.call('POST', '/api/v1/auth/login', { body: { username: 'pupr.buleleng', password: TEST_PASSWORD } });
    expect(pw.status).toBe(429);
    expect(pw.headers['retry-after']).toBeTruthy();
  });

  it('TOTP is switched off only with a current code', async () => {
    a.clock.advance(20 * 60_000);
    const first = await a.call('POST', '/api/v1/auth/login', { body: { username: 'pupr.buleleng', password: TEST_PASSWORD } });
    const used = code(secret, a.clock.now());
    const token = (await a.call('POST', '/api/v1/auth/login/totp', { body: { challenge: first.json.challenge, code: used } })).json.token;
    expect((await a.call('POST', '/api/v1/auth/totp/disable', { token, body: { code: used } })).status).toBe(400);
    a.clock.advance(30_000);
    const off = await a.call('POST', '/api/v1/auth/totp/disable', { token, body: { code: code(secret, a.clock.now()) } });
    expect(off.status, off.text).toBe(200);
    const plain = await a.call('POST', '/api/v1/auth/login', { body: { username: 'pupr.buleleng', password: TEST_PASSWORD } });
    expect(Object.keys(plain.json).sort()).toEqual(['expiresAt', 'token', 'user']);
  });

  it('TOTP_REQUIRED_ROLES: an admin without TOTP gets a session that only reaches enrolment until a code is confirmed', async () => {
    const login = await a.call('POST', '/api/v1/auth/login', { body: { username: 'admin.buleleng', password: TEST_PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.json.totpSetupRequired).toBe(true);
    const token = login.json.token as string;
    for (const url of ['/api/v1/complaints', '/api/v1/users', '/api/v1/sms/outbox']) {
      const r = await a.call('GET', url, { token });
      expect(r.status, url).toBe(403);
      expect(r.json.error.code).toBe('totp_enrolment_required');
    }
    expect((await a.call('POST', '/api/v1/complaints/XXXX/actions/verify', { token, body: {} })).status).toBe(403);
    expect((await a.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await a.call('GET', '/api/v1/auth/totp', { token })).json).toEqual({ enabled: false, required: true });
    const setup = await a.call('POST', '/api/v1/auth/totp/setup', { token });
    expect((await a.call('POST', '/api/v1/auth/totp/confirm', { token, body: { code: code(setup.json.secret, a.clock.now()) } })).status).toBe(200);
    // The same session is now a full one.
    expect((await a.call('GET', '/api/v1/users', { token })).status).toBe(200);
    // A required role cannot switch TOTP off.
    a.clock.advance(30_000);
    expect((await a.call('POST', '/api/v1/auth/totp/disable', { token, body: { code: code(setup.json.secret, a.clock.now()) } })).status).toBe(403);
    // From now on the admin signs in in two steps.
    const next = await a.call('POST', '/api/v1/auth/login', { body: { username: 'admin.buleleng', password: TEST_PASSWORD } });
    expect(next.json.totpRequired).toBe(true);
  });
});

describe('submission rate limits', () => {
  const complaint = (phone?: string) => ({
    type: 'pengaduan',
    title: 'Lampu jalan mati',
    body: 'Lampu jalan di gang kami mati sejak seminggu.',
    organisationCode: '51.08.pupr',
    ...(phone ? { reporter: { name: 'Warga', phone } } : {}),
  });
  const submit = async (ip: string, body: unknown, headers: Record<string, string> = {}) => {
    const r = await b.app.inject({ method: 'POST', url: '/api/v1/complaints', remoteAddress: ip, headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
    return { status: r.statusCode, json: r.json(), headers: r.headers };
  };

  it('a guest contact is limited tightly; others behind the same NAT go on until the generous address limit', async () => {
    const nat = '203.0.113.7';
    const bad = [];
    for (let i = 0; i < 4; i++) bad.push(await submit(nat, complaint('081200000001')));
    expect(bad.map((r) => r.status)).toEqual([201, 201, 201, 429]);
    expect(Number(bad[3]!.headers['retry-after'])).toBeGreaterThan(0);
    expect(bad[3]!.json.error.code).toBe('rate_limited');
    expect(bad[3]!.json.error.message).toMatch(/Terlalu banyak pengaduan.*Too many complaints/);
    // The same number written differently is the same contact.
    expect((await submit(nat, complaint('+62 812-0000-0001'))).status).toBe(429);
    // A neighbour behind the same address is not locked out by that.
    expect((await submit(nat, complaint('081200000002'))).status).toBe(201);
  });

  it('a bad actor rotating contacts exhausts the address; a signed-in citizen there is judged by their account', async () => {
    const nat = '203.0.113.7';
    let last = 0;
    for (let i = 10; i < 20 && last !== 429; i++) last = (await submit(nat, complaint(`0812000000${i}`))).status;
    expect(last).toBe(429);
    expect((await submit(nat, complaint('081299999999'))).status).toBe(429);
    expect((await submit(nat, complaint())).status).toBe(429);
    // Another address is unaffected, and so is the account of a citizen behind the exhausted one.
    expect((await submit('198.51.100.20', complaint('081299999999'))).status).toBe(201);
    const warga = await b.login('warga');
    expect((await submit(nat, complaint(), { authorization: `Bearer ${warga}` })).status).toBe(201);
  });

  it('an account is limited tightly, from any address; a retry with the same Idempotency-Key is not counted or refused', async () => {
    const warga = await b.login('warga');
    const auth = { authorization: `Bearer ${warga}` };
    // Empty warga's bucket, from ever-changing other addresses, then wait for exactly one token (6 an hour: one per 10 minutes).
    let last = 0;
    for (let i = 0; i < 10 && last !== 429; i++) last = (await submit(`198.51.100.${40 + i}`, complaint(), auth)).status;
    expect(last).toBe(429);
    b.clock.advance(10 * 60_000 + 1000);
    const keyed = await submit('198.51.100.30', complaint(), { ...auth, 'idempotency-key': 'warga-retry-1' });
    expect(keyed.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      const retry = await submit('198.51.100.31', complaint(), { ...auth, 'idempotency-key': 'warga-retry-1' });
      expect(retry.status).toBe(201);
      expect(retry.json.trackingNumber).toBe(keyed.json.trackingNumber);
    }
    const refused = await submit('198.51.100.33', complaint(), auth);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // The retry still answers with the first complaint while the account is limited.
    const late = await submit('198.51.100.34', complaint(), { ...auth, 'idempotency-key': 'warga-retry-1' });
    expect(late.status).toBe(201);
    expect(late.json.trackingNumber).toBe(keyed.json.trackingNumber);
    // The bucket refills at its rate.
    b.clock.advance(10 * 60_000 + 1000);
    expect((await submit('198.51.100.33', complaint(), auth)).status).toBe(201);
    expect((await submit('198.51.100.33', complaint(), auth)).status).toBe(429);
  });

  it('staff filing for walk-in citizens are not limited', async () => {
    const admin = await b.login('admin.buleleng');
    for (let i = 0; i < 5; i++) expect((await submit('203.0.113.7', complaint(`08130000000${i}`), { authorization: `Bearer ${admin}` })).status).toBe(201);
  });

  it('Open311: the reporter contact an API key passes on is limited; other contacts through the same key are not', async () => {
    const admin = await b.login('admin.buleleng');
    const key = (await b.call('POST', '/api/v1/api-keys', { token: admin, body: { name: 'kota app', scopes: ['submit'], organisationCode: '51.08' } })).json.key as string;
    const post = (email: string) =>
      b.app.inject({
        method: 'POST',
        url: '/open311/v2/requests.json',
        remoteAddress: '192.0.2.50',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ api_key: key, jurisdiction_id: '51.08', service_code: 'infrastruktur.jalan', lat: '-8.1120', long: '115.0880', address_string: 'Jl. Ahmad Yani, Singaraja', description: 'Jalan berlubang di depan pasar.', 'attribute[severity]': 'tinggi', email }).toString(),
      });
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await post('pelapor.satu@example.org')).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const refused = await post('Pelapor.Satu@example.org');
    expect(refused.statusCode).toBe(429);
    expect(refused.headers['retry-after']).toBeTruthy();
    expect(refused.json()[0].code).toBe(429);
    expect((await post('pelapor.dua@example.org')).statusCode).toBe(200);
  });

  it('SMS LAPOR is limited per phone: the fourth in a burst is answered with a refusal, not filed', async () => {
    const ctx = { db: b.db, clock: b.clock, config: loadConfig({ SUBMIT_RATE_PER_ACCOUNT_PER_HOUR: '6', SUBMIT_BURST_PER_ACCOUNT: '3' }) };
    const outcomes: (string | undefined)[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await receiveSms(ctx, { gatewayId: `rate-${i}`, from: '6281377700001', to: '1708', text: `LAPOR Sampah menumpuk di pasar nomor ${i}` });
      outcomes.push(r.outcome);
    }
    expect(outcomes).toEqual(['filed', 'filed', 'filed', 'refused']);
    const reply = (await b.db.query<{ text: string }>(`SELECT text FROM sms_outbound WHERE to_number = $1 ORDER BY id DESC LIMIT 1`, ['+6281377700001'])).rows[0];
    expect(reply?.text).toMatch(/Terlalu banyak laporan/);
    // Another phone is not affected.
    expect((await receiveSms(ctx, { gatewayId: 'rate-x', from: '6281377700002', to: '1708', text: 'LAPOR Got mampet' })).outcome).toBe('filed');
  });
});

describe('HSTS and Secure cookies only behind TLS', () => {
  it('plain HTTP: no Strict-Transport-Security, no Secure cookie', async () => {
    const r = await a.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'warga', password: TEST_PASSWORD } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['strict-transport-security']).toBeUndefined();
    expect(String(r.headers['set-cookie'])).not.toMatch(/Secure/i);
  });

  it('X-Forwarded-Proto: https from the trusted proxy: HSTS and a Secure cookie', async () => {
    const r = await a.app.inject({ method: 'POST', url: '/api/v1/auth/login', headers: { 'x-forwarded-proto': 'https' }, payload: { username: 'warga', password: TEST_PASSWORD } });
    expect(r.statusCode).toBe(200);
    expect(r.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(String(r.headers['set-cookie'])).toMatch(/Secure/i);
    const page = await a.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
  });

  it('the same header from a client that is not a trusted proxy changes nothing', async () => {
    const untrusted = await a.app.inject({ method: 'GET', url: '/healthz', remoteAddress: '198.51.100.9', headers: { 'x-forwarded-proto': 'https' } });
    expect(untrusted.headers['strict-transport-security']).toBeUndefined();
    // B names no proxy at all.
    const none = await b.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-forwarded-proto': 'https' } });
    expect(none.headers['strict-transport-security']).toBeUndefined();
  });
});
