import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { DEMO_ACCOUNTS } from '../../server/seed/demo';
import { migrate } from '../../server/db/migrate';

let t: TestApp;
beforeAll(async () => {
  t = await testApp({ env: { SESSION_TTL_HOURS: '12' } });
});

describe('health and documents', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await t.call('GET', '/healthz')).status).toBe(200);
    const r = await t.call('GET', '/readyz');
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('ready');
  });

  it('serves an OpenAPI 3.1 document built from the route schemas', async () => {
    const r = await t.call('GET', '/api/v1/openapi.json');
    expect(r.status).toBe(200);
    expect(r.json.openapi).toMatch(/^3\.1/);
    expect(Object.keys(r.json.paths)).toContain('/api/v1/auth/login');
    expect(r.json.paths['/api/v1/auth/login'].post.requestBody).toBeDefined();
  });

  it('serves the API browser at /api/docs', async () => {
    const r = await t.call('GET', '/api/docs/');
    expect(r.status).toBe(200);
    expect(r.text).toContain('swagger');
  });
});

describe('errors use the api.md shape', () => {
  it('404 JSON for unknown routes', async () => {
    const r = await t.call('GET', '/api/v1/nope');
    expect(r.status).toBe(404);
    expect(r.json.error.code).toBe('not_found');
  });
  it('400 for malformed JSON', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: '{"username": "warga",' });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('bad_request');
    expect(r.text).not.toMatch(/at .*\.ts/);
  });
  it('415 for a wrong content type', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: 'username=warga', headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.json.error.code).toBe('unsupported_media_type');
  });
  it('413 for an oversized body', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { username: 'x', password: 'y'.repeat(2 * 1024 * 1024) } });
    expect(r.status).toBe(413);
    expect(r.json.error.code).toBe('payload_too_large');
  });
  it('400 with fields for a body that fails its schema', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { username: 'warga' } });
    expect(r.status).toBe(400);
    expect(r.json.error.code).toBe('validation_failed');
    expect(r.json.error.fields).toHaveProperty('password');
  });
  it('400 for unknown fields', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { username: 'warga', password: 'x', admin: true } });
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty('admin');
  });
});

describe('authentication', () => {
  it.each(DEMO_ACCOUNTS.map((a) => [a.username, a.role, a.organisation] as const))('%s logs in as %s', async (username, role, org) => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { username, password: 'test-password-2026' } });
    expect(r.status).toBe(200);
    expect(typeof r.json.token).toBe('string');
    expect(r.json.user.username).toBe(username);
    expect(r.json.user.roles).toEqual([{ role, organisation: org }]);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(/aduan_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const me = await t.call('GET', '/api/v1/auth/me', { token: r.json.token });
    expect(me.json.username).toBe(username);
  });

  it('wrong credentials → 401, unknown user → the same 401', async () => {
    const a = await t.call('POST', '/api/v1/auth/login', { body: { username: 'warga', password: 'salah' } });
    const b = await t.call('POST', '/api/v1/auth/login', { body: { username: 'tidak.ada', password: 'salah' } });
    expect(a.status).toBe(401);
    expect(b.status).toBe(401);
    expect(a.json).toEqual(b.json);
  });

  it('the cookie alone authenticates the browser', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { username: 'ksp', password: 'test-password-2026' } });
    const me = await t.call('GET', '/api/v1/auth/me', { headers: { cookie: `aduan_session=${r.json.token}` } });
    expect(me.status).toBe(200);
    expect(me.json.username).toBe('ksp');
  });

  it('logout revokes the token; an expired token is refused', async () => {
    const token = await t.login('kemenpanrb');
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
    expect((await t.call('POST', '/api/v1/auth/logout', { token })).status).toBe(204);
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(401);

    const fresh = (await t.call('POST', '/api/v1/auth/login', { body: { username: 'ombudsman', password: 'test-password-2026' } })).json.token;
    t.clock.advance(13 * 3_600_000);
    try {
      expect((await t.call('GET', '/api/v1/auth/me', { token: fresh })).status).toBe(401);
    } finally {
      t.clock.advance(-13 * 3_600_000);
    }
  });

  it('locks a username for an address after repeated failures, not for other addresses', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await t.call('POST', '/api/v1/auth/login', { body: { username: 'bupati.buleleng', password: 'wrong' } })).status).toBe(401);
    }
    const locked = await t.call('POST', '/api/v1/auth/login', { body: { username: 'bupati.buleleng', password: 'test-password-2026' } });
    expect(locked.status).toBe(429);
    expect(locked.headers['retry-after']).toBeDefined();
    const elsewhere = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.9.9.9', payload: { username: 'bupati.buleleng', password: 'test-password-2026' } });
    expect(elsewhere.statusCode).toBe(200);
    t.clock.advance(16 * 60_000);
    try {
      expect((await t.call('POST', '/api/v1/auth/login', { body: { username: 'bupati.buleleng', password: 'test-password-2026' } })).status).toBe(200);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });

  it('a cookie-authenticated write from another site is refused', async () => {
    const token = await t.login('admin.buleleng');
    const r = await t.call('POST', '/api/v1/auth/logout', { headers: { cookie: `aduan_session=${token}`, origin: 'https://evil.example' } });
    expect(r.status).toBe(403);
    expect((await t.call('GET', '/api/v1/auth/me', { token })).status).toBe(200);
  });
});

describe('organisations and categories', () => {
  it('has Bali with its nine regencies/cities and the Buleleng units', async () => {
    const bali = await t.call('GET', '/api/v1/organisations?parent=51');
    expect(bali.status).toBe(200);
    expect(bali.json.items).toHaveLength(9);
    expect(bali.json.items.map((o: any) => o.code)).toContain('51.08');
    expect(bali.json.items.find((o: any) => o.code === '51.08')).toMatchObject({ name: 'Kabupaten Buleleng', type: 'regency', timeZone: 'WITA', parentCode: '51' });
    expect(bali.json.items.find((o: any) => o.code === '51.71')).toMatchObject({ type: 'city', name: 'Kota Denpasar' });
    const units = await t.call('GET', '/api/v1/organisations?parent=51.08');
    const codes = units.json.items.map((o: any) => o.code);
    for (const c of ['51.08.org', '51.08.pupr', '51.08.dinkes', '51.08.disdik', '51.08.dishub', '51.08.dlh', '51.08.disdukcapil', '51.08.rsud', '51.08.kominfosanti']) expect(codes).toContain(c);
    expect(units.json.items.find((o: any) => o.code === '51.08.org').isAdminUnit).toBe(true);
  });

  it('organisation admins add units only under their own node', async () => {
    const admin = await t.login('admin.buleleng');
    const ok = await t.call('POST', '/api/v1/organisations', { token: admin, body: { code: '51.08.pupr.bina-marga', name: 'Bidang Bina Marga', type: 'subunit', parentCode: '51.08.pupr' } });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ code: '51.08.pupr.bina-marga', parentCode: '51.08.pupr', timeZone: 'WITA' });
    const dup = await t.call('POST', '/api/v1/organisations', { token: admin, body: { code: '51.08.pupr.bina-marga', name: 'Lagi', type: 'subunit', parentCode: '51.08.pupr' } });
    expect(dup.status).toBe(409);
    const other = await t.call('POST', '/api/v1/organisations', { token: admin, body: { code: '51.03.pupr.x', name: 'Bidang X', type: 'subunit', parentCode: '51.03.pupr' } });
    expect(other.status).toBe(403);
    const count = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM organisations WHERE code = '51.03.pupr.x'");
    expect(count.rows[0]!.n).toBe(0);
    const wrongType = await t.call('POST', '/api/v1/organisations', { token: admin, body: { code: '51.08.x', name: 'Sub di bawah kabupaten', type: 'subunit', parentCode: '51.08' } });
    expect(wrongType.status).toBe(400);
  });

  it('lists categories with resolution classes and default destinations per region', async () => {
    const r = await t.call('GET', '/api/v1/categories?region=51.08');
    expect(r.status).toBe(200);
    expect(r.json.items.length).toBeGreaterThan(10);
    const withDest = r.json.items.filter((c: any) => c.defaultDestination);
    expect(withDest.length).toBeGreaterThan(5);
    for (const c of withDest) expect(c.defaultDestination).toMatch(/^51\.08\./);
    for (const c of r.json.items) expect(['ordinary', 'no_inspection', 'inspection']).toContain(c.resolutionClass);
  });
});

describe('calendar', () => {
  it('has the national holidays and cuti bersama seeded', async () => {
    const r = await t.call('GET', '/api/v1/calendar/holidays?year=2026');
    expect(r.status).toBe(200);
    const dates = r.json.items.map((h: any) => h.date);
    expect(dates).toContain('2026-01-01');
    expect(dates).toContain('2026-08-17');
    expect(r.json.items.some((h: any) => h.kind === 'cuti_bersama')).toBe(true);
  });

  it('a regency admin adds a regional holiday for its regency only; cuti bersama is national admin work', async () => {
    const admin = await t.login('admin.buleleng');
    const add = await t.call('POST', '/api/v1/calendar/holidays', { token: admin, body: { date: '2026-05-20', name: 'Hari Jadi Kota Singaraja', kind: 'regional', organisationCode: '51.08' } });
    expect(add.status).toBe(201);
    const listed = await t.call('GET', '/api/v1/calendar/holidays?year=2026&organisation=51.08');
    expect(listed.json.items.map((h: any) => h.date)).toContain('2026-05-20');
    const national = await t.call('GET', '/api/v1/calendar/holidays?year=2026');
    expect(national.json.items.map((h: any) => h.date)).not.toContain('2026-05-20');
    expect((await t.call('POST', '/api/v1/calendar/holidays', { token: admin, body: { date: '2026-05-21', name: 'Cuti', kind: 'cuti_bersama' } })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/calendar/holidays', { token: admin, body: { date: '2026-05-21', name: 'Badung', kind: 'regional', organisationCode: '51.03' } })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/calendar/holidays', { token: admin, body: { date: '2026-02-30', name: 'Tanggal salah', kind: 'regional', organisationCode: '51.08' } })).status).toBe(400);
    const badung = await t.login('admin.badung');
    expect((await t.call('DELETE', `/api/v1/calendar/holidays/${add.json.id}`, { token: badung })).status).toBe(403);
    expect((await t.call('DELETE', `/api/v1/calendar/holidays/${add.json.id}`, { token: admin })).status).toBe(204);
    const nat = await t.login('admin.nasional');
    expect((await t.call('POST', '/api/v1/calendar/holidays', { token: nat, body: { date: '2026-12-28', name: 'Cuti bersama tambahan', kind: 'cuti_bersama' } })).status).toBe(201);
  });
});

describe('database', () => {
  it('migrations are recorded and a second run applies nothing', async () => {
    expect(await migrate(t.db)).toEqual([]);
    const r = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
    expect(r.rows[0]!.n).toBeGreaterThan(0);
  });

  it('refuses to change or delete audit log entries', async () => {
    await t.db.query(`INSERT INTO audit_log (action, subject_type, subject_id) VALUES ('read_personal_data', 'complaint', 'X')`);
    await expect(t.db.query(`UPDATE audit_log SET action = 'nothing'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    const r = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_personal_data'`);
    expect(r.rows[0]!.n).toBe(1);
  });
});
