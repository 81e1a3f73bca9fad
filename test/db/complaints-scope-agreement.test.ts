// The pure `readLevel` (one complaint at a time) and the SQL `visibleSql` (lists) must agree: for
// every actor, the list endpoint returns exactly the complaints readLevel lets them read as staff,
// reporter or neighbour (and view=public exactly the published ones), and every complaint readLevel
// hides answers 404 with the very same body as a tracking number that does not exist.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { createUser, loadActor } from '../../server/modules/users';
import { createOrganisation, getOrgByCode, type Organisation } from '../../server/modules/organisations';
import { GUEST, type Actor } from '../../server/modules/access/actor';
import { readLevel, type ReadLevel } from '../../server/modules/complaints/permissions';
import { COMPLAINT_SELECT, factsOf, type ComplaintRow } from '../../server/modules/complaints/repository';
import { hashAccessCode, newTrackingNumber } from '../../server/modules/complaints/tracking';
import type { Status } from '../../server/modules/complaints/lifecycle';

let t: TestApp;

/** Where a complaint lives: the government whose admin verifies it, and the unit holding it once routed. */
interface Place {
  name: string;
  admin: string;
  holder: string;
  /** Extra places vary only what changes visibility (confidential); the five of the brief get all four flag combinations. */
  extra?: boolean;
}
const PLACES: Place[] = [
  { name: 'buleleng-pupr', admin: '51.08', holder: '51.08.pupr' },
  { name: 'buleleng-dinkes', admin: '51.08', holder: '51.08.dinkes' },
  { name: 'buleleng-pupr-subunit', admin: '51.08', holder: '51.08.pupr.bina-marga' },
  { name: 'badung', admin: '51.03', holder: '51.03.pupr' },
  // A Buleleng complaint the national admin forwarded to a Badung unit.
  { name: 'buleleng-held-in-badung', admin: '51.08', holder: '51.03.dinkes', extra: true },
  { name: 'surabaya', admin: '35.78', holder: '35.78.pupr' },
  { name: 'province-bali', admin: '51', holder: '51.biro-org', extra: true },
  { name: 'national', admin: 'id', holder: 'kemenpanrb', extra: true },
];

/**
 * The statuses, with the shape a complaint has in them when moved there through the lifecycle:
 * verified or not, held by a unit or waiting for an admin, and the hold bookkeeping.
 */
interface Shape {
  label: string;
  status: Status;
  verified: boolean;
  held: boolean;
  beforeHold?: Status;
  closed?: boolean;
}
const SHAPES: Shape[] = [
  { label: 'submitted', status: 'submitted', verified: false, held: false },
  { label: 'disposed', status: 'disposed', verified: true, held: true },
  { label: 'in_progress', status: 'in_progress', verified: true, held: true },
  { label: 'responded', status: 'responded', verified: true, held: true },
  { label: 'closed', status: 'closed', verified: true, held: true, closed: true },
  { label: 'returned', status: 'returned', verified: true, held: false },
  { label: 'on_hold (routed)', status: 'on_hold', verified: true, held: true, beforeHold: 'in_progress' },
  { label: 'on_hold (unverified)', status: 'on_hold', verified: false, held: false, beforeHold: 'submitted' },
  { label: 'rejected (unverified)', status: 'rejected', verified: false, held: false },
  { label: 'rejected (after return)', status: 'rejected', verified: true, held: false },
  { label: 'archived (routed)', status: 'archived', verified: true, held: true },
  { label: 'archived (unverified)', status: 'archived', verified: false, held: false },
];

const PRIVACY = [
  { anonymous: false, confidential: false },
  { anonymous: true, confidential: false },
  { anonymous: false, confidential: true },
  { anonymous: true, confidential: true },
];

interface Who {
  name: string;
  actor: Actor;
  token?: string;
}
let actors: Who[] = [];
let rows: ComplaintRow[] = [];
let notFoundBody: unknown;

const BASE = Date.parse('2026-02-02T01:00:00Z');

beforeAll(async () => {
  t = await testApp();
  // Everything below happens ten days after the inserted rows were filed.
  t.clock.set(new Date(BASE + 86_400_000 * 10));
  const org = async (code: string) => (await getOrgByCode(t.db, code))!;
  // Units the demo does not have (a PUPR sub-unit, a Surabaya unit, a province unit) and their people.
  await t.db.tx(async (q) => {
    await createOrganisation(q, { code: '51.08.pupr.bina-marga', name: 'Bidang Bina Marga', type: 'subunit', parentCode: '51.08.pupr' });
    await createOrganisation(q, { code: '35.78.pupr', name: 'Dinas PU Bina Marga Kota Surabaya', type: 'unit', parentCode: '35.78' });
    await createOrganisation(q, { code: '51.biro-org', name: 'Biro Organisasi Setda Provinsi Bali', type: 'unit', parentCode: '51' });
    await createUser(q, { username: 'pu.surabaya', displayName: 'Penghubung PU Surabaya', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '35.78.pupr' }] });
    await createUser(q, { username: 'admin.surabaya', displayName: 'Admin Kota Surabaya', password: TEST_PASSWORD, roles: [{ role: 'org_admin', organisationCode: '35.78' }] });
    await createUser(q, { username: 'binamarga.buleleng', displayName: 'Penghubung Bina Marga', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.08.pupr.bina-marga' }] });
    await createUser(q, { username: 'gubernur.bali', displayName: 'Gubernur Bali', password: TEST_PASSWORD, roles: [{ role: 'leader', organisationCode: '51' }] });
  });

  const users = (await t.db.query<{ id: number; username: string }>('SELECT id, username FROM users ORDER BY id')).rows;
  const wargaId = users.find((u) => u.username === 'warga')!.id;

  // The matrix of complaints, inserted directly in the shape the lifecycle leaves them in.
  const orgs = new Map<string, Organisation>();
  for (const p of PLACES) for (const c of [p.admin, p.holder]) if (!orgs.has(c)) orgs.set(c, await org(c));
  const provinces = new Map<string, Organisation>();
  for (const code of ['51', '35']) provinces.set(code, await org(code));
  const provinceOf = (p: Place) => (p.admin === 'id' ? null : provinces.get(p.admin.slice(0, 2))!);
  let i = 0;
  await t.db.tx(async (q) => {
    for (const place of PLACES) {
      for (const shape of SHAPES) {
        for (const privacy of place.extra ? [PRIVACY[0]!, PRIVACY[3]!] : PRIVACY) {
          const admin = orgs.get(place.admin)!;
          const holder = shape.held ? orgs.get(place.holder)! : null;
          const province = provinceOf(place);
          // Three complaints share each creation instant, so paging must break ties on id.
          const created = new Date(BASE + Math.floor(i / 3) * 1000);
          const byWarga = i % 2 === 0;
          await q.query(
            `INSERT INTO complaints (tracking_number, access_code_hash, type, title, body, status, channel, admin_org_id, admin_org_path,
               province_path, holder_org_id, holder_org_path, routed_by_org_id, routed_at, anonymous, confidential, reporter_user_id,
               reporter_name, reporter_phone, created_at, updated_at, verified_at, hold_started_at, status_before_hold, closed_at, due_at, due_kind)
             VALUES ($1, $2, 'pengaduan', $3, 'Kronologi kejadian.', $4, 'web', $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, $19, $20, $21, $22, $23)`,
            [
              newTrackingNumber(),
              hashAccessCode('AAAAAAAAAA'),
              `${place.name} / ${shape.label} / anon=${privacy.anonymous} conf=${privacy.confidential}`,
              shape.status,
              admin.id,
              admin.path,
              province?.path ?? null,
              holder?.id ?? null,
              holder?.path ?? null,
              shape.verified ? admin.id : null,
              shape.verified ? created : null,
              privacy.anonymous,
              privacy.confidential,
              byWarga ? wargaId : null,
              byWarga ? 'Made Warga' : 'Tamu Pelapor',
              byWarga ? null : '081234567890',
              created,
              shape.verified ? created : null,
              shape.status === 'on_hold' ? created : null,
              shape.beforeHold ?? null,
              shape.closed ? created : null,
              ['closed', 'rejected', 'archived'].includes(shape.status) ? null : new Date(BASE + 30 * 86_400_000),
              ['closed', 'rejected', 'archived'].includes(shape.status) ? null : shape.verified ? 'first_response' : 'verification',
            ],
          );
          i++;
        }
      }
    }
  });

  for (const u of users) {
    actors.push({ name: u.username, actor: (await loadActor(t.db, u.id))!, token: await t.login(u.username) });
  }
  actors.push({ name: 'guest', actor: GUEST });

  // A few complaints filed and moved through the API as well, so the real intake's columns are covered.
  const warga = await t.login('warga');
  const file = async (body: Record<string, unknown>, token?: string) => {
    const r = await t.call('POST', '/api/v1/complaints', { token, body: { type: 'pengaduan', title: 'Lewat API', body: 'Isi pengaduan lewat API.', ...body } });
    expect(r.status).toBe(201);
    return r.json.trackingNumber as string;
  };
  const act = async (token: string, trk: string, action: string, body: Record<string, unknown>) => {
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/${action}`, { token, body });
    expect(r.status, `${action} ${r.text}`).toBe(200);
  };
  const a1 = await file({ organisationCode: '51.08.pupr', anonymous: true }, warga);
  await act(await t.login('admin.buleleng'), a1, 'verify', { organisationCode: '51.08.pupr' });
  await act(await t.login('pupr.buleleng'), a1, 'accept', {});
  const a2 = await file({ organisationCode: '35.78.pupr', reporter: { name: 'Arek Suroboyo', phone: '081311112222' } });
  await act(await t.login('admin.surabaya'), a2, 'verify', { organisationCode: '35.78.pupr', confidential: false });
  await file({ reporter: { name: 'Tanpa Alamat', email: 'tanpa@example.org' } });
  const a4 = await file({ location: { regionCode: '51.03' }, confidential: true }, warga);
  await act(await t.login('admin.nasional'), a4, 'verify', { organisationCode: '51.03.dinkes' });
  await act(await t.login('admin.nasional'), a4, 'forward', { organisationCode: '51.08.dinkes' });

  rows = (await t.db.query<ComplaintRow>(`${COMPLAINT_SELECT} ORDER BY c.id`)).rows;
  notFoundBody = (await t.call('GET', '/api/v1/complaints/ZZZZZZZZ')).json;
}, 120_000);

async function listAll(token: string | undefined, view?: 'public'): Promise<string[]> {
  const seen: string[] = [];
  let cursor: string | null = null;
  let lastCreated = Infinity;
  for (let page = 0; page < 50; page++) {
    const qs = new URLSearchParams({ limit: '100' });
    if (view) qs.set('view', view);
    if (cursor) qs.set('cursor', cursor);
    const r = await t.call('GET', `/api/v1/complaints?${qs}`, { token });
    expect(r.status, r.text).toBe(200);
    for (const item of r.json.items) {
      // Newest first across pages.
      const created = Date.parse(item.createdAt);
      expect(created).toBeLessThanOrEqual(lastCreated);
      lastCreated = created;
      seen.push(item.trackingNumber);
    }
    cursor = r.json.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('too many pages');
}

/** Runs `fn` over `items`, a few at a time (a PostgreSQL pool serves them in parallel). */
async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>, size = 16) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

const levelsOf = (actor: Actor) => new Map(rows.map((c) => [c.tracking_number, readLevel(actor, factsOf(c))] as const));
const label = (trk: string) => rows.find((c) => c.tracking_number === trk)?.title ?? trk;

describe('readLevel and visibleSql agree', () => {
  it('the test data covers every status, both flags, and every level', () => {
    expect(rows.length).toBeGreaterThan(250);
    expect(new Set(rows.map((c) => c.status)).size).toBe(9);
    const levels = new Set<ReadLevel>();
    for (const a of actors) for (const l of levelsOf(a.actor).values()) levels.add(l);
    expect([...levels].sort()).toEqual(['neighbour', 'none', 'public', 'reporter', 'staff']);
  });

  it('every actor lists exactly what readLevel lets them read as staff, reporter or neighbour (guests: the public)', async () => {
    const problems: string[] = [];
    for (const a of actors) {
      const levels = levelsOf(a.actor);
      const expected = [...levels].filter(([, l]) => (a.actor.kind === 'guest' ? l === 'public' : l === 'staff' || l === 'reporter' || l === 'neighbour')).map(([trk]) => trk);
      let listed: string[];
      try {
        listed = await listAll(a.token);
      } catch (err) {
        problems.push(`${a.name}: list failed: ${(err as Error).message.split('\n')[0]}`);
        continue;
      }
      if (new Set(listed).size !== listed.length) problems.push(`${a.name}: duplicates across pages`);
      const got = new Set(listed);
      const want = new Set(expected);
      for (const trk of want) if (!got.has(trk)) problems.push(`${a.name}: missing ${label(trk)} (readLevel ${levels.get(trk)})`);
      for (const trk of got) if (!want.has(trk)) problems.push(`${a.name}: extra ${label(trk)} (readLevel ${levels.get(trk)})`);
    }
    expect(problems).toEqual([]);
  });

  it('view=public lists exactly the published complaints, for every caller', async () => {
    const published = rows.filter((c) => readLevel(GUEST, factsOf(c)) === 'public').map((c) => c.tracking_number).sort();
    expect(published.length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const a of actors) {
      try {
        const listed = await listAll(a.token, 'public');
        if (JSON.stringify([...listed].sort()) !== JSON.stringify(published)) problems.push(`${a.name}: public feed differs (${listed.length} vs ${published.length})`);
      } catch (err) {
        problems.push(`${a.name}: public list failed: ${(err as Error).message.split('\n')[0]}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('whatever readLevel hides answers 404 exactly like a tracking number that does not exist', async () => {
    expect(notFoundBody).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    const problems: string[] = [];
    let checked = 0;
    for (const a of actors) {
      const hidden = [...levelsOf(a.actor)].filter(([, l]) => l === 'none').map(([trk]) => trk);
      await inBatches(hidden, async (trk) => {
        const r = await t.call('GET', `/api/v1/complaints/${trk}`, { token: a.token });
        checked++;
        if (r.status !== 404 || JSON.stringify(r.json) !== JSON.stringify(notFoundBody)) problems.push(`${a.name}: ${label(trk)} → ${r.status} ${r.text.slice(0, 80)}`);
      });
    }
    expect(checked).toBeGreaterThan(500);
    expect(problems).toEqual([]);
  });

  it('the timeline and a workflow step on a hidden complaint answer the same 404 as on one that does not exist', async () => {
    const missingTimeline = (await t.call('GET', '/api/v1/complaints/ZZZZZZZZ/timeline')).json;
    const missingAction = (await t.call('POST', '/api/v1/complaints/ZZZZZZZZ/actions/escalate', { body: {} })).json;
    expect(missingTimeline).toEqual(notFoundBody);
    expect(missingAction).toEqual(notFoundBody);
    const problems: string[] = [];
    for (const a of actors.filter((x) => ['guest', 'admin.badung', 'pu.surabaya'].includes(x.name))) {
      const hidden = [...levelsOf(a.actor)].filter(([, l]) => l === 'none').map(([trk]) => trk);
      // Alternate between the two endpoints: each hidden complaint is asked one way.
      await inBatches(
        hidden.map((trk, i) => [trk, i] as const),
        async ([trk, i]) => {
          const r = i % 2 ? await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: a.token }) : await t.call('POST', `/api/v1/complaints/${trk}/actions/escalate`, { token: a.token, body: {} });
          if (r.status !== 404 || JSON.stringify(r.json) !== JSON.stringify(notFoundBody)) problems.push(`${a.name}: ${i % 2 ? 'timeline' : 'escalate'} on ${label(trk)} → ${r.status}`);
        },
      );
    }
    expect(problems).toEqual([]);
  });

  it('whatever readLevel allows answers 200 with that view', async () => {
    const problems: string[] = [];
    // One caller of each kind is enough here: the list test above already covers every caller.
    for (const a of actors.filter((x) => ['admin.badung', 'pupr.buleleng', 'warga', 'guest'].includes(x.name))) {
      const readable = [...levelsOf(a.actor)].filter(([, l]) => l !== 'none');
      await inBatches(readable, async ([trk, level]) => {
        const r = await t.call('GET', `/api/v1/complaints/${trk}`, { token: a.token });
        if (r.status !== 200 || r.json.view !== level) problems.push(`${a.name}: ${label(trk)} → ${r.status} view=${r.json?.view} expected ${level}`);
      });
    }
    expect(problems).toEqual([]);
  });
});
