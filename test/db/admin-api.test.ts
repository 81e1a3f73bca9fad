// The admin console's API (both engines): staff accounts and role grants (users/admin.ts) and the
// default destinations of categories (categories/admin-routes.ts). Who may do what where (401, 403,
// 404 that does not reveal other regencies' accounts), bad input that stores nothing, and the audit
// row every change writes.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
const tok: Record<string, string> = {};
const PASSWORD = 'kata-sandi-panjang-1';

const count = async (sql: string, params: unknown[] = []) => (await t.db.query<{ n: number }>(sql, params)).rows[0]!.n;
const users = () => count('SELECT count(*)::int AS n FROM users');
const grants = () => count('SELECT count(*)::int AS n FROM role_assignments');
const audits = (action: string, subject: string) => count(`SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND subject_id = $2`, [action, subject]);

const as = (who: string | null, method: string, url: string, body?: unknown) => t.call(method, url, { token: who ? tok[who] : undefined, body });
const newUser = (extra: Record<string, unknown> = {}) => ({
  username: 'penghubung.dlh',
  displayName: 'Penghubung DLH Buleleng',
  password: PASSWORD,
  email: 'dlh@bulelengkab.example',
  phone: '0362 21234',
  role: 'liaison',
  organisationCode: '51.08.dlh',
  ...extra,
});

beforeAll(async () => {
  t = await testApp({ now: '2026-07-06T02:00:00Z' });
  for (const u of ['admin.buleleng', 'admin.badung', 'admin.bali', 'admin.nasional', 'pupr.buleleng', 'bupati.buleleng', 'ombudsman', 'warga']) tok[u] = await t.login(u);
});

describe('GET /api/v1/users', () => {
  it("lists the staff with a role at the admin's node or below, with their grants there", async () => {
    const r = await as('admin.buleleng', 'GET', '/api/v1/users?organisation=51.08');
    expect(r.status, r.text).toBe(200);
    expect(r.json.organisation).toEqual({ code: '51.08', name: 'Kabupaten Buleleng' });
    const names = r.json.items.map((u: { username: string }) => u.username);
    expect(names).toEqual(expect.arrayContaining(['admin.buleleng', 'bupati.buleleng', 'dinkes.buleleng', 'pupr.buleleng']));
    expect(names).not.toContain('admin.badung');
    expect(names).not.toContain('admin.bali');
    expect(names).not.toContain('warga');
    const pupr = r.json.items.find((u: { username: string }) => u.username === 'pupr.buleleng');
    expect(pupr).toMatchObject({ active: true, roles: [{ role: 'liaison', organisation: { code: '51.08.pupr' } }], otherRoles: 0 });
    expect(JSON.stringify(r.json)).not.toMatch(/password|argon/i);
    // Without `organisation`: the admin's own node. A unit below it narrows the list.
    expect((await as('admin.buleleng', 'GET', '/api/v1/users')).json.organisation.code).toBe('51.08');
    const unit = await as('admin.buleleng', 'GET', '/api/v1/users?organisation=51.08.pupr');
    expect(unit.json.items.map((u: { username: string }) => u.username)).toEqual(['pupr.buleleng']);
    // Search by name.
    const found = await as('admin.buleleng', 'GET', '/api/v1/users?organisation=51.08&q=Bupati');
    expect(found.json.items.map((u: { username: string }) => u.username)).toEqual(['bupati.buleleng']);
  });

  it('the province admin and the national admin see Buleleng too; nobody else does', async () => {
    expect((await as('admin.bali', 'GET', '/api/v1/users?organisation=51.08')).status).toBe(200);
    expect((await as('admin.nasional', 'GET', '/api/v1/users?organisation=51.08')).status).toBe(200);
    expect((await as('admin.badung', 'GET', '/api/v1/users?organisation=51.08')).status).toBe(403);
    expect((await as('admin.buleleng', 'GET', '/api/v1/users?organisation=51')).status).toBe(403);
    expect((await as('pupr.buleleng', 'GET', '/api/v1/users?organisation=51.08.pupr')).status).toBe(403);
    expect((await as('bupati.buleleng', 'GET', '/api/v1/users?organisation=51.08')).status).toBe(403);
    expect((await as('ombudsman', 'GET', '/api/v1/users')).status).toBe(403);
    expect((await as('warga', 'GET', '/api/v1/users')).status).toBe(403);
    expect((await as(null, 'GET', '/api/v1/users')).status).toBe(401);
    expect((await as('admin.buleleng', 'GET', '/api/v1/users?organisation=99.99')).status).toBe(404);
    const bad = await as('admin.buleleng', 'GET', '/api/v1/users?limit=0');
    expect(bad.status).toBe(400);
  });

  it('integration API keys manage neither accounts nor categories, whatever their scopes', async () => {
    const issued = await as('admin.buleleng', 'POST', '/api/v1/api-keys', { name: 'Sistem daerah', scopes: ['submit', 'read', 'act'], organisationCode: '51.08' });
    expect(issued.status, issued.text).toBe(201);
    const headers = { 'x-api-key': issued.json.key as string };
    expect((await t.call('GET', '/api/v1/users?organisation=51.08', { headers })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/users', { headers, body: newUser({ username: 'x.key' }) })).status).toBe(403);
    expect((await t.call('POST', '/api/v1/users/pupr.buleleng/deactivate', { headers })).status).toBe(403);
    expect((await t.call('PUT', '/api/v1/categories/kesehatan.jkn/destinations/51.08', { headers, body: { organisationCode: '51.08.pupr' } })).status).toBe(403);
  });
});

describe('POST /api/v1/users', () => {
  it('an organisation admin creates a staff account in its node: audited, and it can sign in', async () => {
    const r = await as('admin.buleleng', 'POST', '/api/v1/users', newUser());
    expect(r.status, r.text).toBe(201);
    expect(r.json).toMatchObject({
      username: 'penghubung.dlh',
      displayName: 'Penghubung DLH Buleleng',
      email: 'dlh@bulelengkab.example',
      active: true,
      lastLoginAt: null,
      roles: [{ role: 'liaison', organisation: { code: '51.08.dlh', name: 'Dinas Lingkungan Hidup' } }],
    });
    expect(r.text).not.toContain(PASSWORD);
    expect(await audits('user.create', 'penghubung.dlh')).toBe(1);
    const row = (await t.db.query<{ detail: Record<string, unknown>; actor_role: string }>(`SELECT detail, actor_role FROM audit_log WHERE action = 'user.create' AND subject_id = 'penghubung.dlh'`)).rows[0]!;
    expect(row).toMatchObject({ actor_role: 'org_admin', detail: { role: 'liaison', organisation: '51.08.dlh' } });
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    const login = await t.call('POST', '/api/v1/auth/login', { body: { username: 'penghubung.dlh', password: PASSWORD } });
    expect(login.status).toBe(200);
    expect(login.json.user.roles).toEqual([{ role: 'liaison', organisation: '51.08.dlh' }]);
  });

  it('bad input is a 400 naming the field, and stores nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [newUser({ username: 'a', password: PASSWORD }), 'username'],
      [newUser({ username: 'Huruf Besar' }), 'username'],
      [newUser({ username: 'baru.1', password: 'pendek' }), 'password'],
      [newUser({ username: 'baru.1', password: 'baru.1-panjang-sekali' }), 'password'],
      [newUser({ username: 'baru.1', displayName: '' }), 'displayName'],
      [newUser({ username: 'baru.1', displayName: '   ' }), 'displayName'],
      [newUser({ username: 'baru.1', email: 'bukan-email' }), 'email'],
      [newUser({ username: 'baru.1', phone: 'telepon' }), 'phone'],
      [newUser({ username: 'baru.1', role: 'reporter' }), 'role'],
      [newUser({ username: 'baru.1', role: 'superuser' }), 'role'],
      [newUser({ username: 'baru.1', organisationCode: '99.99' }), 'organisationCode'],
      [newUser({ username: 'baru.1', organisationCode: undefined }), 'organisationCode'],
      [newUser({ username: 'baru.1', admin: true }), 'admin'],
    ];
    const before = [await users(), await grants()];
    for (const [body, field] of cases) {
      const r = await as('admin.buleleng', 'POST', '/api/v1/users', body);
      expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {}), r.text).toContain(field);
    }
    expect([await users(), await grants()]).toEqual(before);
  });

  it('outside its node, or national roles, are 403; a taken username is 409; nothing is stored', async () => {
    const before = [await users(), await grants()];
    expect((await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'x.badung', organisationCode: '51.03.pupr' }))).status).toBe(403);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'x.bali', role: 'org_admin', organisationCode: '51' }))).status).toBe(403);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'x.nas', role: 'national_admin', organisationCode: '51.08' }))).status).toBe(403);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'x.ovs', role: 'oversight', organisationCode: '51.08' }))).status).toBe(403);
    expect((await as('pupr.buleleng', 'POST', '/api/v1/users', newUser({ username: 'x.pupr', organisationCode: '51.08.pupr' }))).status).toBe(403);
    expect((await as('bupati.buleleng', 'POST', '/api/v1/users', newUser({ username: 'x.bupati' }))).status).toBe(403);
    expect((await as(null, 'POST', '/api/v1/users', newUser({ username: 'x.guest' }))).status).toBe(401);
    const taken = await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'pupr.buleleng', organisationCode: '51.08.pupr' }));
    expect(taken.status).toBe(409);
    expect([await users(), await grants()]).toEqual(before);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'user.create' AND subject_id LIKE 'x.%'`)).toBe(0);
  });

  it('the national admin may give the national roles', async () => {
    const r = await as('admin.nasional', 'POST', '/api/v1/users', newUser({ username: 'pengawas.ksp', displayName: 'Pengawas KSP', role: 'oversight', organisationCode: 'ksp' }));
    expect(r.status, r.text).toBe(201);
    expect(r.json.roles).toEqual([{ role: 'oversight', organisation: { code: 'ksp', name: 'Kantor Staf Presiden' } }]);
    // A regency admin does not even see that account.
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/pengawas.ksp/deactivate')).status).toBe(404);
  });
});

describe('POST /api/v1/users/{username}/roles', () => {
  it('adds and removes a grant inside the node, each audited', async () => {
    expect((await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'staf.pupr', organisationCode: '51.08.pupr' }))).status).toBe(201);
    const add = await as('admin.buleleng', 'POST', '/api/v1/users/staf.pupr/roles', { action: 'add', role: 'leader', organisationCode: '51.08.pupr' });
    expect(add.status, add.text).toBe(200);
    expect(add.json.roles).toEqual([
      { role: 'leader', organisation: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' } },
      { role: 'liaison', organisation: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' } },
    ]);
    expect(await audits('user.role_add', 'staf.pupr')).toBe(1);
    // Twice is a conflict; the role takes effect on the account's next request.
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/staf.pupr/roles', { action: 'add', role: 'leader', organisationCode: '51.08.pupr' })).status).toBe(409);
    const own = await t.login('staf.pupr', PASSWORD);
    expect((await t.call('GET', '/api/v1/auth/me', { token: own })).json.roles).toHaveLength(2);
    const remove = await as('admin.buleleng', 'POST', '/api/v1/users/staf.pupr/roles', { action: 'remove', role: 'leader', organisationCode: '51.08.pupr' });
    expect(remove.status, remove.text).toBe(200);
    expect(remove.json.roles).toEqual([{ role: 'liaison', organisation: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' } }]);
    expect(await audits('user.role_remove', 'staf.pupr')).toBe(1);
    expect((await t.call('GET', '/api/v1/auth/me', { token: own })).json.roles).toEqual([{ role: 'liaison', organisation: '51.08.pupr' }]);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/staf.pupr/roles', { action: 'remove', role: 'leader', organisationCode: '51.08.pupr' })).status).toBe(404);
  });

  it('refuses grants outside the node, national roles, changing oneself, unknown accounts and bad bodies', async () => {
    const before = await grants();
    const change = (who: string, username: string, body: Record<string, unknown>) => as(who, 'POST', `/api/v1/users/${username}/roles`, body);
    expect((await change('admin.buleleng', 'staf.pupr', { action: 'add', role: 'liaison', organisationCode: '51.03.pupr' })).status).toBe(403);
    expect((await change('admin.buleleng', 'staf.pupr', { action: 'add', role: 'oversight', organisationCode: '51.08.pupr' })).status).toBe(403);
    expect((await change('admin.buleleng', 'admin.buleleng', { action: 'add', role: 'leader', organisationCode: '51.08' })).status).toBe(403);
    expect((await change('pupr.buleleng', 'staf.pupr', { action: 'add', role: 'leader', organisationCode: '51.08.pupr' })).status).toBe(403);
    // Badung's admin cannot see Buleleng's accounts: 404, the same as an account that does not exist.
    expect((await change('admin.badung', 'staf.pupr', { action: 'add', role: 'liaison', organisationCode: '51.03.pupr' })).status).toBe(404);
    expect((await change('admin.buleleng', 'tidak.ada', { action: 'add', role: 'liaison', organisationCode: '51.08.pupr' })).status).toBe(404);
    expect((await change('admin.buleleng', 'warga', { action: 'add', role: 'liaison', organisationCode: '51.08.pupr' })).status).toBe(404);
    for (const [body, field] of [
      [{ action: 'grant', role: 'leader', organisationCode: '51.08.pupr' }, 'action'],
      [{ action: 'add', role: 'reporter', organisationCode: '51.08.pupr' }, 'role'],
      [{ action: 'add', role: 'leader' }, 'organisationCode'],
      [{ action: 'add', role: 'leader', organisationCode: '99.99' }, 'organisationCode'],
    ] as const) {
      const r = await change('admin.buleleng', 'staf.pupr', body);
      expect(r.status, r.text).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {})).toContain(field);
    }
    expect(await grants()).toBe(before);
  });
});

describe('POST /api/v1/users/{username}/deactivate', () => {
  it('deactivates an account in the node: it can no longer sign in, its sessions end, audited once', async () => {
    expect((await as('admin.buleleng', 'POST', '/api/v1/users', newUser({ username: 'staf.dishub', organisationCode: '51.08.dishub' }))).status).toBe(201);
    const session = await t.login('staf.dishub', PASSWORD);
    expect((await t.call('GET', '/api/v1/auth/me', { token: session })).status).toBe(200);
    const r = await as('admin.buleleng', 'POST', '/api/v1/users/staf.dishub/deactivate');
    expect(r.status, r.text).toBe(200);
    expect(r.json).toMatchObject({ username: 'staf.dishub', active: false });
    expect((await t.call('GET', '/api/v1/auth/me', { token: session })).status).toBe(401);
    expect((await t.call('POST', '/api/v1/auth/login', { body: { username: 'staf.dishub', password: PASSWORD } })).status).toBe(401);
    // Again: nothing changes and no second audit row.
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/STAF.DISHUB/deactivate')).status).toBe(200);
    expect(await audits('user.deactivate', 'staf.dishub')).toBe(1);
    const listed = await as('admin.buleleng', 'GET', '/api/v1/users?organisation=51.08.dishub');
    expect(listed.json.items).toEqual([expect.objectContaining({ username: 'staf.dishub', active: false })]);
  });

  it('refuses oneself, accounts that also work elsewhere, other regencies, non-admins and unknown names', async () => {
    // An account with grants in Buleleng and in Badung: visible to Buleleng's admin, but not wholly theirs.
    expect((await as('admin.nasional', 'POST', '/api/v1/users', newUser({ username: 'staf.dua', organisationCode: '51.08.dlh' }))).status).toBe(201);
    expect((await as('admin.nasional', 'POST', '/api/v1/users/staf.dua/roles', { action: 'add', role: 'liaison', organisationCode: '51.03.dlh' })).status).toBe(200);
    const listed = await as('admin.buleleng', 'GET', '/api/v1/users?organisation=51.08.dlh');
    expect(listed.json.items.find((u: { username: string }) => u.username === 'staf.dua')).toMatchObject({ roles: [{ role: 'liaison', organisation: { code: '51.08.dlh' } }], otherRoles: 1 });
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/staf.dua/deactivate')).status).toBe(403);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/admin.buleleng/deactivate')).status).toBe(403);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/admin.badung/deactivate')).status).toBe(404);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/tidak.ada/deactivate')).status).toBe(404);
    expect((await as('pupr.buleleng', 'POST', '/api/v1/users/dinkes.buleleng/deactivate')).status).toBe(403);
    expect((await as(null, 'POST', '/api/v1/users/dinkes.buleleng/deactivate')).status).toBe(401);
    expect((await as('admin.buleleng', 'POST', '/api/v1/users/bukan%20nama/deactivate')).status).toBe(400);
    const stillActive = await count(`SELECT count(*)::int AS n FROM users WHERE active AND username IN ('staf.dua', 'admin.buleleng', 'admin.badung', 'dinkes.buleleng')`);
    expect(stillActive).toBe(4);
    // The national admin may.
    expect((await as('admin.nasional', 'POST', '/api/v1/users/staf.dua/deactivate')).status).toBe(200);
  });
});

describe('PUT /api/v1/categories/{code}/destinations/{regionCode}', () => {
  const put = (who: string | null, cat: string, region: string, body: unknown) => as(who, 'PUT', `/api/v1/categories/${cat}/destinations/${region}`, body);
  const destinationOf = async (cat: string, region: string) =>
    (await t.call('GET', `/api/v1/categories?region=${region}`)).json.items.find((c: { code: string }) => c.code === cat)?.defaultDestination;

  it("the region's admin moves a category's default destination: audited with before and after", async () => {
    expect(await destinationOf('lingkungan.pantai', '51.08')).toBe('51.08.dlh');
    const r = await put('admin.buleleng', 'lingkungan.pantai', '51.08', { organisationCode: '51.08.pupr' });
    expect(r.status, r.text).toBe(200);
    expect(r.json).toEqual({
      category: 'lingkungan.pantai',
      region: { code: '51.08', name: 'Kabupaten Buleleng' },
      destination: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang' },
    });
    expect(await destinationOf('lingkungan.pantai', '51.08')).toBe('51.08.pupr');
    // Badung keeps its own.
    expect(await destinationOf('lingkungan.pantai', '51.03')).toBe('51.03.dlh');
    const row = (await t.db.query<{ detail: Record<string, unknown> }>(`SELECT detail FROM audit_log WHERE action = 'category.destination_set' AND subject_id = 'lingkungan.pantai'`)).rows;
    expect(row).toEqual([{ detail: { region: '51.08', from: '51.08.dlh', to: '51.08.pupr' } }]);
    // Setting the same again changes nothing and writes no second row; the province's admin and the national admin may too.
    expect((await put('admin.buleleng', 'lingkungan.pantai', '51.08', { organisationCode: '51.08.pupr' })).status).toBe(200);
    expect((await put('admin.bali', 'lingkungan.pantai', '51.08', { organisationCode: '51.08.dlh' })).status).toBe(200);
    expect((await put('admin.nasional', 'informasi.hoaks', '51.03', { organisationCode: '51.03.org' })).status).toBe(200);
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'category.destination_set' AND subject_id = 'lingkungan.pantai'`)).toBe(2);
    expect(await destinationOf('lingkungan.pantai', '51.08')).toBe('51.08.dlh');
  });

  it('404 for an unknown category or region, 403 outside the caller\'s regions, 400 for a destination that is not a unit of the region', async () => {
    const before = await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'category.destination_set'`);
    expect((await put('admin.buleleng', 'tidak.ada', '51.08', { organisationCode: '51.08.pupr' })).status).toBe(404);
    expect((await put('admin.buleleng', 'kesehatan.jkn', '99.99', { organisationCode: '51.08.pupr' })).status).toBe(404);
    expect((await put('admin.buleleng', 'kesehatan.jkn', '51.08.pupr', { organisationCode: '51.08.pupr' })).status).toBe(404);
    expect((await put('admin.buleleng', 'kesehatan.jkn', '51.03', { organisationCode: '51.03.dinkes' })).status).toBe(403);
    expect((await put('admin.badung', 'kesehatan.jkn', '51.08', { organisationCode: '51.08.dinkes' })).status).toBe(403);
    expect((await put('pupr.buleleng', 'kesehatan.jkn', '51.08', { organisationCode: '51.08.pupr' })).status).toBe(403);
    expect((await put('bupati.buleleng', 'kesehatan.jkn', '51.08', { organisationCode: '51.08.pupr' })).status).toBe(403);
    expect((await put(null, 'kesehatan.jkn', '51.08', { organisationCode: '51.08.pupr' })).status).toBe(401);
    for (const [body, field] of [
      [{ organisationCode: '51.03.dinkes' }, 'organisationCode'],
      [{ organisationCode: '51.08' }, 'organisationCode'],
      [{ organisationCode: '99.99.x' }, 'organisationCode'],
      [{ organisationCode: '' }, 'organisationCode'],
      [{}, 'organisationCode'],
      [{ organisationCode: '51.08.pupr', extra: 1 }, 'extra'],
    ] as const) {
      const r = await put('admin.buleleng', 'kesehatan.jkn', '51.08', body);
      expect(r.status, `${JSON.stringify(body)} → ${r.text}`).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {})).toContain(field);
    }
    expect(await destinationOf('kesehatan.jkn', '51.08')).toBe('51.08.dinkes');
    expect(await count(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'category.destination_set'`)).toBe(before);
  });
});
