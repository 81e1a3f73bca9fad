// Integration API keys (both engines): who may issue and revoke them, what each scope lets a key
// read and do through the native API (never the reporter's identity), externalId dedup, the rate
// limit, and expiry.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
const tok: Record<string, string> = {};
const REPORTER = { name: 'Ni Luh Sari', phone: '081299998888', email: 'niluh.sari@example.org' };
const mentionsReporter = (text: string) => [REPORTER.name, REPORTER.phone, REPORTER.email].some((s) => text.includes(s));

async function issue(by: string, body: Record<string, unknown>) {
  return t.call('POST', '/api/v1/api-keys', { token: tok[by], body });
}
async function key(scopes: string[], organisationCode: string, by = 'admin.buleleng'): Promise<{ id: number; key: string }> {
  const r = await issue(by, { name: `k ${scopes.join('+')} ${organisationCode}`, scopes, organisationCode });
  expect(r.status, r.text).toBe(201);
  return r.json;
}
const withKey = (k: string, method: string, url: string, body?: unknown) => t.call(method, url, { headers: { 'x-api-key': k }, body });

const complaint = (extra: Record<string, unknown> = {}) => ({
  type: 'pengaduan',
  title: 'Saluran air tersumbat di Jl. Pramuka',
  body: 'Saluran air depan SD tersumbat sampah, air meluap ke jalan saat hujan.',
  categoryCode: 'infrastruktur.drainase',
  location: { regionCode: '51.08', address: 'Jl. Pramuka, Singaraja' },
  anonymous: false,
  confidential: false,
  reporter: REPORTER,
  ...extra,
});

let buleleng: string; // a guest's complaint, verified to PUPR
let badung: string; // a Badung complaint, unverified

beforeAll(async () => {
  t = await testApp({ now: '2026-07-06T02:00:00Z', env: { API_KEY_RATE_PER_MINUTE: '30' } });
  for (const u of ['admin.buleleng', 'admin.badung', 'admin.nasional', 'pupr.buleleng', 'bupati.buleleng', 'warga']) tok[u] = await t.login(u);
  buleleng = (await t.call('POST', '/api/v1/complaints', { body: complaint() })).json.trackingNumber;
  expect((await t.call('POST', `/api/v1/complaints/${buleleng}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
  badung = (await t.call('POST', '/api/v1/complaints', { body: complaint({ location: { regionCode: '51.03' }, title: 'Sampah menumpuk di Kuta' }) })).json.trackingNumber;
});

describe('issuing, listing, revoking', () => {
  it('an organisation admin issues a key for its organisation: shown once, stored hashed', async () => {
    const r = await issue('admin.buleleng', { name: 'Aplikasi Buleleng Mengadu', scopes: ['submit', 'read'], organisationCode: '51.08', expiresAt: '2027-01-01T00:00:00Z' });
    expect(r.status, r.text).toBe(201);
    expect(r.json.key).toMatch(/^adn_[A-Za-z0-9_-]{43}$/);
    expect(r.json).toMatchObject({ name: 'Aplikasi Buleleng Mengadu', scopes: ['submit', 'read'], organisation: { code: '51.08' }, active: true, expiresAt: '2027-01-01T00:00:00.000Z' });
    expect(r.json.prefix).toBe(r.json.key.slice(0, 12));
    const stored = await t.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [r.json.id]);
    expect(JSON.stringify(stored.rows[0])).not.toContain(r.json.key);
    const list = await t.call('GET', '/api/v1/api-keys', { token: tok['admin.buleleng'] });
    expect(list.status).toBe(200);
    expect(list.json.items.map((k: { id: number }) => k.id)).toContain(r.json.id);
    expect(list.text).not.toContain(r.json.key);
    expect(list.json.items[0]).not.toHaveProperty('key');
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'api_key.create' AND subject_id = $1`, [String(r.json.id)]);
    expect(audit.rows).toHaveLength(1);
  });

  it('also for a unit below it; the national admin anywhere; nobody else', async () => {
    expect((await issue('admin.buleleng', { name: 'PUPR', scopes: ['act'], organisationCode: '51.08.pupr' })).status).toBe(201);
    expect((await issue('admin.nasional', { name: 'Badung', scopes: ['read'], organisationCode: '51.03' })).status).toBe(201);
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]!.n;
    expect((await issue('admin.badung', { name: 'x', scopes: ['read'], organisationCode: '51.08' })).status).toBe(403);
    expect((await issue('pupr.buleleng', { name: 'x', scopes: ['read'], organisationCode: '51.08.pupr' })).status).toBe(403);
    expect((await issue('bupati.buleleng', { name: 'x', scopes: ['read'], organisationCode: '51.08' })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/api-keys', { body: { name: 'x', scopes: ['read'], organisationCode: '51.08' } })).status).toBe(401);
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]!.n).toBe(before);
    // Badung's admin does not see Buleleng's keys.
    const badungList = await t.call('GET', '/api/v1/api-keys', { token: tok['admin.badung'] });
    expect(badungList.json.items.every((k: { organisation: { code: string } }) => k.organisation.code.startsWith('51.03'))).toBe(true);
    expect((await t.call('GET', '/api/v1/api-keys', { token: tok['pupr.buleleng'] })).status).toBe(403);
  });

  it('bad requests are 400 with fields and store nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'x', scopes: ['delete'], organisationCode: '51.08' }, 'scopes.0'],
      [{ name: 'x', scopes: [], organisationCode: '51.08' }, 'scopes'],
      [{ name: 'x', scopes: ['read', 'read'], organisationCode: '51.08' }, 'scopes'],
      [{ name: 'x', scopes: ['read'], organisationCode: '99.99' }, 'organisationCode'],
      [{ name: 'x', scopes: ['read'], organisationCode: '51.08', expiresAt: '2026-01-01T00:00:00Z' }, 'expiresAt'],
      [{ name: 'x', scopes: ['read'], organisationCode: '51.08', expiresAt: 'tomorrow' }, 'expiresAt'],
      [{ name: '', scopes: ['read'], organisationCode: '51.08' }, 'name'],
      [{ name: 'x', scopes: ['read'], organisationCode: '51.08', admin: true }, 'admin'],
    ];
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]!.n;
    for (const [body, field] of cases) {
      const r = await issue('admin.buleleng', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {}), JSON.stringify(r.json)).toContain(field);
    }
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM api_keys')).rows[0]!.n).toBe(before);
  });

  it('a revoked key is refused at once; only its managers may revoke it; a key cannot manage keys', async () => {
    const k = await key(['read'], '51.08');
    expect((await withKey(k.key, 'GET', '/api/v1/complaints')).status).toBe(200);
    expect((await withKey(k.key, 'GET', '/api/v1/api-keys')).status).toBe(403);
    expect((await withKey(k.key, 'POST', '/api/v1/api-keys', { name: 'x', scopes: ['read'], organisationCode: '51.08' })).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/api-keys/${k.id}`, { token: tok['admin.badung'] })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/api-keys/${k.id}`, { token: tok['admin.buleleng'] })).status).toBe(204);
    const r = await withKey(k.key, 'GET', '/api/v1/complaints');
    expect(r.status).toBe(401);
    expect(r.json.error.message).toMatch(/Invalid, expired or revoked API key/);
    expect((await t.call('DELETE', '/api/v1/api-keys/999999', { token: tok['admin.buleleng'] })).status).toBe(404);
    const listed = (await t.call('GET', '/api/v1/api-keys', { token: tok['admin.buleleng'] })).json.items.find((x: { id: number }) => x.id === k.id);
    expect(listed).toMatchObject({ active: false });
    expect(listed.revokedAt).not.toBeNull();
  });

  it('an expired key is refused; a key with a bearer token too is a 400', async () => {
    const r = await issue('admin.buleleng', { name: 'short', scopes: ['read'], organisationCode: '51.08', expiresAt: '2026-07-06T03:00:00Z' });
    expect((await withKey(r.json.key, 'GET', '/api/v1/complaints')).status).toBe(200);
    t.clock.set('2026-07-06T03:00:01Z');
    expect((await withKey(r.json.key, 'GET', '/api/v1/complaints')).status).toBe(401);
    t.clock.set('2026-07-06T02:30:00Z');
    const both = await t.call('GET', '/api/v1/complaints', { token: tok['admin.buleleng'], headers: { 'x-api-key': r.json.key } });
    expect(both.status).toBe(400);
    expect((await withKey('adn_short', 'GET', '/api/v1/complaints')).status).toBe(401);
  });
});

describe('what a key reads and does', () => {
  it('read: the organisation’s complaints at staff level, without the reporter', async () => {
    const k = await key(['read'], '51.08');
    const list = await withKey(k.key, 'GET', '/api/v1/complaints');
    expect(list.status).toBe(200);
    const trks = list.json.items.map((c: { trackingNumber: string }) => c.trackingNumber);
    expect(trks).toContain(buleleng);
    expect(trks).not.toContain(badung);
    const one = await withKey(k.key, 'GET', `/api/v1/complaints/${buleleng}`);
    expect(one.status).toBe(200);
    expect(one.json.view).toBe('staff');
    expect(one.json.reporter).toBeNull();
    expect(one.json.abilities).toEqual([]);
    expect(mentionsReporter(one.text)).toBe(false);
    const timeline = await withKey(k.key, 'GET', `/api/v1/complaints/${buleleng}/timeline`);
    expect(timeline.status).toBe(200);
    expect(mentionsReporter(timeline.text)).toBe(false);
    // Another government's unverified complaint does not exist for it; reading is not acting.
    expect((await withKey(k.key, 'GET', `/api/v1/complaints/${badung}`)).status).toBe(404);
    expect((await withKey(k.key, 'POST', `/api/v1/complaints/${buleleng}/actions/respond`, { message: 'x' })).status).toBe(403);
    // Its reads of a non-anonymous reporter's complaint are not identity reads: nothing audited for it.
    const audited = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'read_reporter_identity' AND actor_role = 'apikey'`);
    expect(audited.rows).toHaveLength(0);
  });

  it('act: the handler of complaints its unit holds — responds, cannot verify or route', async () => {
    const k = await key(['act'], '51.08.pupr');
    const one = await withKey(k.key, 'GET', `/api/v1/complaints/${buleleng}`);
    expect(one.json.abilities).toEqual(expect.arrayContaining(['accept', 'respond', 'return']));
    expect(one.json.reporter).toBeNull();
    expect((await withKey(k.key, 'POST', `/api/v1/complaints/${buleleng}/actions/forward`, { organisationCode: '51.08.dinkes' })).status).toBe(403);
    const r = await withKey(k.key, 'POST', `/api/v1/complaints/${buleleng}/actions/respond`, { message: 'Tim kebersihan sudah membersihkan saluran.' });
    expect(r.status, r.text).toBe(200);
    expect(r.json.status).toBe('responded');
    const ev = await t.db.query<{ actor_role: string; actor_api_key_id: number; actor_user_id: number | null }>(
      `SELECT actor_role, actor_api_key_id, actor_user_id FROM complaint_events WHERE action = 'respond' AND complaint_id = (SELECT id FROM complaints WHERE tracking_number = $1)`,
      [buleleng],
    );
    expect(ev.rows[0]).toEqual({ actor_role: 'liaison', actor_api_key_id: k.id, actor_user_id: null });
    // A Dinkes act key has nothing to do with it.
    const dinkes = await key(['act'], '51.08.dinkes');
    expect((await withKey(dinkes.key, 'POST', `/api/v1/complaints/${buleleng}/actions/respond`, { message: 'x' })).status).toBe(403);
    expect((await withKey(dinkes.key, 'GET', '/api/v1/complaints')).json.items.map((c: { trackingNumber: string }) => c.trackingNumber)).not.toContain(buleleng);
  });

  it('submit: files through the api channel, needs no reporter, and keeps externalId (a re-send returns the first)', async () => {
    const k = await key(['submit'], '51.08');
    const before = (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints')).rows[0]!.n;
    const body = complaint({ externalId: 'BM-2026-000123', reporter: undefined, channel: 'mobile' });
    const first = await withKey(k.key, 'POST', '/api/v1/complaints', body);
    expect(first.status, first.text).toBe(201);
    expect(first.json.accessCode).toMatch(/^[A-Z2-9]{10}$/);
    const again = await withKey(k.key, 'POST', '/api/v1/complaints', { ...body, title: 'Judul yang diubah' });
    expect(again.status, again.text).toBe(200);
    expect(again.json).toMatchObject({ trackingNumber: first.json.trackingNumber, duplicate: true, externalId: 'BM-2026-000123', status: 'submitted' });
    expect(again.json).not.toHaveProperty('accessCode');
    expect((await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints')).rows[0]!.n).toBe(before + 1);
    const row = (await t.db.query<{ channel: string; external_id: string; api_key_id: number; title: string }>('SELECT channel, external_id, api_key_id, title FROM complaints WHERE tracking_number = $1', [first.json.trackingNumber])).rows[0]!;
    expect(row).toEqual({ channel: 'api', external_id: 'BM-2026-000123', api_key_id: k.id, title: body.title });
    // Another key may use the same external id for its own complaint.
    const other = await key(['submit'], '51.08');
    expect((await withKey(other.key, 'POST', '/api/v1/complaints', body)).status).toBe(201);
    // The filing key is the complaint's reporter party: it sees it (no reporter data) and relays replies.
    const mine = await withKey(k.key, 'GET', `/api/v1/complaints/${first.json.trackingNumber}`);
    expect(mine.json.view).toBe('reporter');
    expect(mine.json.reporter).toBeNull();
    expect((await withKey(k.key, 'POST', `/api/v1/complaints/${first.json.trackingNumber}/actions/reply`, { message: 'Tambahan dari warga' })).status).toBe(200);
    expect((await withKey(k.key, 'GET', '/api/v1/complaints')).json.items.map((c: { trackingNumber: string }) => c.trackingNumber)).toEqual([first.json.trackingNumber]);
  });

  it('concurrent re-sends of one externalId file one complaint', async () => {
    const k = await key(['submit'], '51.08');
    const body = complaint({ externalId: 'RACE-1' });
    const rs = await Promise.all([1, 2, 3, 4].map(() => withKey(k.key, 'POST', '/api/v1/complaints', body)));
    expect(rs.map((r) => r.status).sort()).toEqual([200, 200, 200, 201]);
    expect(new Set(rs.map((r) => r.json.trackingNumber)).size).toBe(1);
  });

  it('refuses: externalId without a key, submitting without the submit scope, a malformed externalId', async () => {
    const noKey = await t.call('POST', '/api/v1/complaints', { body: complaint({ externalId: 'X-1' }) });
    expect(noKey.status).toBe(400);
    expect(noKey.json.error.fields).toHaveProperty('externalId');
    const readKey = await key(['read'], '51.08');
    expect((await withKey(readKey.key, 'POST', '/api/v1/complaints', complaint())).status).toBe(403);
    const k = await key(['submit'], '51.08');
    const bad = await withKey(k.key, 'POST', '/api/v1/complaints', complaint({ externalId: 'has space' }));
    expect(bad.status).toBe(400);
    expect(bad.json.error.fields).toHaveProperty('externalId');
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past the per-minute rate, per key, and recovers', async () => {
    const a = await key(['read'], '51.08');
    const b = await key(['read'], '51.08');
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await withKey(a.key, 'GET', '/api/v1/categories')).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await withKey(a.key, 'GET', '/api/v1/categories');
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('too_many_requests');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    // Other keys have their own bucket.
    expect((await withKey(b.key, 'GET', '/api/v1/categories')).status).toBe(200);
    // Under /open311 the same limit answers in the Open311 format.
    const o = await t.call('GET', '/open311/v2/services.json', { headers: { 'x-api-key': a.key } });
    expect(o.status).toBe(429);
    expect(o.json[0].code).toBe(429);
    t.clock.advance(Number(limited.headers['retry-after']) * 1000);
    expect((await withKey(a.key, 'GET', '/api/v1/categories')).status).toBe(200);
  });
});
