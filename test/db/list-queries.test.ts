// Lists pick the page's ids as a union of one query per visibility arm and kind of match
// (complaints/queries.ts, issue #9). These tests pin the results to the rule computed in JS: the
// same complaints, the same order (ties on the sort key broken by id, missing due dates last) and
// the same pages through the cursor, and search that finds by word, tracking number and name only
// within what the caller may see.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { createOrganisation, getOrgByCode } from '../../server/modules/organisations';
import { hashAccessCode, newTrackingNumber } from '../../server/modules/complaints/tracking';
import { OPEN_STATUSES } from '../../server/modules/complaints/lifecycle';
import { searchTuning } from '../../server/modules/complaints/queries';

let t: TestApp;
const BASE = Date.parse('2026-02-02T01:00:00Z');
const DAY = 86_400_000;

interface Row {
  id: number;
  tracking_number: string;
  title: string;
  status: string;
  due_at: Date | null;
  created_at: Date;
  holder_org_path: string | null;
  admin_org_path: string;
  reporter_user_id: number | null;
  confidential: boolean;
  verified_at: Date | null;
}
let rows: Row[] = [];
let ids: Record<string, number> = {};
let paths: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  t.clock.set(new Date(BASE + 40 * DAY));
  await t.db.tx((q) => createOrganisation(q, { code: '51.08.pupr.bina-marga', name: 'Bidang Bina Marga', type: 'subunit', parentCode: '51.08.pupr' }));
  for (const code of ['51.08', '51.08.pupr', '51.08.pupr.bina-marga', '51.08.dinkes', '51.03', '51.03.pupr']) paths[code] = (await getOrgByCode(t.db, code))!.path;
  const users = (await t.db.query<{ id: number; username: string }>('SELECT id, username FROM users')).rows;
  ids = Object.fromEntries(users.map((u) => [u.username, u.id]));
  const orgs = new Map<string, { id: number; path: string }>();
  for (const code of ['51', '51.08', '51.08.pupr', '51.08.pupr.bina-marga', '51.08.dinkes', '51.03', '51.03.pupr']) orgs.set(code, (await getOrgByCode(t.db, code))!);
  // (Looked up before the transaction: PGlite has one connection, which the transaction holds.)
  const org = (code: string) => orgs.get(code)!;
  const places = [
    { admin: '51.08', holder: '51.08.pupr' },
    { admin: '51.08', holder: '51.08.pupr.bina-marga' },
    { admin: '51.08', holder: '51.08.dinkes' },
    { admin: '51.08', holder: null },
    { admin: '51.03', holder: '51.03.pupr' },
  ];
  const statuses = ['submitted', 'disposed', 'in_progress', 'responded', 'on_hold', 'closed', 'returned'];
  await t.db.tx(async (q) => {
    for (let i = 0; i < 140; i++) {
      const place = places[i % places.length]!;
      let status = statuses[Math.floor(i / places.length) % statuses.length]!;
      if (!place.holder && ['disposed', 'in_progress', 'responded'].includes(status)) status = 'submitted';
      const admin = org(place.admin);
      const holder = place.holder ? org(place.holder) : null;
      // Few distinct due dates (ties broken by id), some missing (listed last), creation instants shared by three.
      const due = i % 9 === 0 ? null : new Date(BASE + (30 + (i % 4)) * DAY);
      const created = new Date(BASE + Math.floor(i / 3) * 60_000);
      const verified = status !== 'submitted';
      // Some reported by the PUPR liaison itself (the reporter arm), some by the citizen.
      const reporter = i % 7 === 0 ? ids['pupr.buleleng']! : i % 2 === 0 ? ids['warga']! : null;
      await q.query(
        `INSERT INTO complaints (tracking_number, access_code_hash, type, title, body, status, channel, admin_org_id, admin_org_path, province_path,
           holder_org_id, holder_org_path, confidential, reporter_user_id, reporter_name, created_at, updated_at, verified_at,
           hold_started_at, status_before_hold, closed_at, due_at, due_kind)
         VALUES ($1, $2, 'pengaduan', $3, $4, $5, 'web', $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, $15, $16, $17, $18, $19, $20)`,
        [
          newTrackingNumber(),
          hashAccessCode('AAAAAAAAAA'),
          `Aduan nomor ${i} ${i % 10 === 3 ? 'zebrakuda ambles' : 'lampu padam'} kata${i}x`,
          'Kronologi kejadian di lapangan.',
          status,
          admin.id,
          admin.path,
          org(place.admin.slice(0, 2)).path,
          holder?.id ?? null,
          holder?.path ?? null,
          i % 4 === 1,
          reporter,
          `Pelapor Sukmawati${i}q`,
          created,
          verified ? created : null,
          status === 'on_hold' ? created : null,
          status === 'on_hold' ? 'in_progress' : null,
          status === 'closed' ? created : null,
          status === 'closed' ? null : due,
          status === 'closed' || !due ? null : 'resolution',
        ],
      );
    }
  });
  rows = (
    await t.db.query<Row>(
      'SELECT id, tracking_number, title, status, due_at, created_at, holder_org_path, admin_org_path, reporter_user_id, confidential, verified_at FROM complaints',
    )
  ).rows;
}, 120_000);

const byDue = (a: Row, b: Row) => {
  if (a.due_at && b.due_at && a.due_at.getTime() !== b.due_at.getTime()) return a.due_at.getTime() - b.due_at.getTime();
  if (!a.due_at !== !b.due_at) return a.due_at ? -1 : 1;
  return a.id - b.id;
};
const newest = (a: Row, b: Row) => b.created_at.getTime() - a.created_at.getTime() || b.id - a.id;
const under = (path: string | null, code: string) => !!path && path.startsWith(paths[code]!);

async function pages(token: string | undefined, qs: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const r = await t.call('GET', `/api/v1/complaints?${new URLSearchParams({ ...qs, ...(cursor ? { cursor } : {}) })}`, { token });
    expect(r.status, r.text).toBe(200);
    expect(r.json.items.length).toBeLessThanOrEqual(Number(qs.limit));
    seen.push(...r.json.items.map((i: { trackingNumber: string }) => i.trackingNumber));
    cursor = r.json.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('too many pages');
}

describe('the inbox (sort=due) and the newest-first list', () => {
  it("a liaison's inbox: its unit's open complaints and the ones it reported there, most urgent first, page by page", async () => {
    const token = await t.login('pupr.buleleng');
    const expected = rows
      .filter((c) => OPEN_STATUSES.includes(c.status as never))
      .filter((c) => under(c.holder_org_path, '51.08.pupr') || c.reporter_user_id === ids['pupr.buleleng'])
      .filter((c) => under(c.holder_org_path, '51.08.pupr') || (!c.holder_org_path && under(c.admin_org_path, '51.08.pupr')))
      .sort(byDue)
      .map((c) => c.tracking_number);
    expect(expected.length).toBeGreaterThan(20);
    expect(await pages(token, { sort: 'due', organisation: '51.08.pupr', status: OPEN_STATUSES.join(','), limit: '7' })).toEqual(expected);
  });

  it("an admin's inbox of a government also holds the complaints nobody holds yet", async () => {
    const token = await t.login('admin.buleleng');
    const expected = rows
      .filter((c) => OPEN_STATUSES.includes(c.status as never))
      .filter((c) => under(c.holder_org_path, '51.08') || (!c.holder_org_path && under(c.admin_org_path, '51.08')))
      .sort(byDue)
      .map((c) => c.tracking_number);
    expect(expected.some((trk) => !rows.find((c) => c.tracking_number === trk)!.holder_org_path)).toBe(true);
    expect(await pages(token, { sort: 'due', organisation: '51.08', status: OPEN_STATUSES.join(','), limit: '9' })).toEqual(expected);
  });

  it("a liaison's newest-first list without filters: everything it may see, in creation order", async () => {
    const token = await t.login('pupr.buleleng');
    const expected = rows
      .filter((c) => under(c.holder_org_path, '51.08.pupr') || c.reporter_user_id === ids['pupr.buleleng'])
      .sort(newest)
      .map((c) => c.tracking_number);
    expect(expected.some((trk) => under(rows.find((c) => c.tracking_number === trk)!.holder_org_path, '51.03'))).toBe(true);
    expect(await pages(token, { limit: '6' })).toEqual(expected);
  });
});

describe('search', () => {
  const find = async (who: string | undefined, q: string, extra: Record<string, string> = {}) =>
    pages(who ? await t.login(who) : undefined, { q, limit: '5', ...extra });
  const titled = (i: number) => rows.find((c) => c.title.includes(`kata${i}x`))!;

  it('finds by word (newest first, page by page) and by tracking number', async () => {
    const expected = rows.filter((c) => c.title.includes('zebrakuda')).sort(newest).map((c) => c.tracking_number);
    expect(expected.length).toBeGreaterThan(10);
    expect(await find('admin.nasional', 'zebrakuda ambles')).toEqual(expected);
    const c = titled(42);
    expect(await find('admin.nasional', 'kata42x')).toEqual([c.tracking_number]);
    expect(await find('admin.nasional', c.tracking_number)).toEqual([c.tracking_number]);
    expect(await find('admin.nasional', c.tracking_number.toLowerCase())).toEqual([c.tracking_number]);
    expect(await find('admin.nasional', 'zzzqqq')).toEqual([]);
  });

  it("a unit never finds another unit's complaints, by word or by tracking number", async () => {
    const dinkes = titled(2); // held by 51.08.dinkes, reported by the citizen
    expect(dinkes.holder_org_path).toBe(paths['51.08.dinkes']);
    expect(await find('dinkes.buleleng', 'kata2x')).toEqual([dinkes.tracking_number]);
    expect(await find('pupr.buleleng', 'kata2x')).toEqual([]);
    expect(await find('pupr.buleleng', dinkes.tracking_number)).toEqual([]);
    // Every "zebrakuda" complaint PUPR finds is one it may see.
    const seen = new Set(rows.filter((c) => under(c.holder_org_path, '51.08.pupr') || c.reporter_user_id === ids['pupr.buleleng']).map((c) => c.tracking_number));
    const found = await find('pupr.buleleng', 'zebrakuda');
    expect(found.length).toBeGreaterThan(0);
    expect(found.filter((trk) => !seen.has(trk))).toEqual([]);
  });

  it('the public never finds confidential or unverified complaints; a name only by its admins', async () => {
    const published = (c: Row) => c.verified_at !== null && !c.confidential && !['submitted', 'rejected', 'archived'].includes(c.status);
    const expected = rows.filter((c) => c.title.includes('zebrakuda') && published(c)).sort(newest).map((c) => c.tracking_number);
    expect(rows.some((c) => c.title.includes('zebrakuda') && c.confidential)).toBe(true);
    expect(await find(undefined, 'zebrakuda')).toEqual(expected);
    const secret = titled(9);
    expect(secret.confidential).toBe(true);
    expect(await find(undefined, 'kata9x')).toEqual([]);
    expect(await find(undefined, secret.tracking_number)).toEqual([]);
    // Reporter names: the government's admin finds by name, the unit and the public feed do not.
    const named = titled(12); // held by 51.08.dinkes
    expect(await find('admin.buleleng', 'Sukmawati12q')).toEqual([named.tracking_number]);
    expect(await find('dinkes.buleleng', 'Sukmawati12q')).toEqual([]);
    expect(await find('admin.buleleng', 'Sukmawati12q', { view: 'public' })).toEqual([]);
  });
});

describe('search beyond the newest-first walk (TEXT_WALK rows, then the GIN index)', () => {
  // The walk's length in production is tens of thousands of rows; the two steps and their edges are
  // the same with a walk of 300, which keeps this test to a few hundred rows on both engines.
  const TEXT_WALK = 300;
  const saved = searchTuning.textWalk;
  // Older than every other complaint here, one a second: row k is the k-th newest of this set.
  const count = TEXT_WALK + 600;
  const rare = (k: number) => k < 3 || (k >= TEXT_WALK - 4 && k < TEXT_WALK + 6) || k >= count - 5;
  let mine: { id: number; tracking_number: string; created_at: Date }[] = [];

  beforeAll(async () => {
    searchTuning.textWalk = TEXT_WALK;
    const admin = (await getOrgByCode(t.db, '51.08'))!;
    await t.db.query(
      `INSERT INTO complaints (tracking_number, access_code_hash, type, title, body, status, channel, admin_org_id, admin_org_path, province_path, reporter_name, created_at, updated_at)
       SELECT 'W' || lpad(k::text, 9, '0'), 'x', 'pengaduan',
              CASE WHEN k < 3 OR (k >= $5 - 4 AND k < $5 + 6) OR k >= $4 - 5 THEN 'Jembatan gajahmada retak' WHEN k % 3 = 0 THEN 'Selokan tersumbat' ELSE 'Aduan biasa' END,
              'Isi dari generate_series.', 'submitted', 'web', $1, $2, $3, 'Warga', $6::timestamptz - k * interval '1 second', $6::timestamptz - k * interval '1 second'
         FROM generate_series(0, $4 - 1) k`,
      [admin.id, admin.path, admin.path.slice(0, admin.path.indexOf('.') + 1), count, TEXT_WALK, new Date(BASE - DAY)],
    );
    mine = (await t.db.query<{ id: number; tracking_number: string; created_at: Date }>("SELECT id, tracking_number, created_at FROM complaints WHERE body = 'Isi dari generate_series.' ORDER BY created_at DESC, id DESC")).rows;
  }, 300_000);
  // The later describes compute their lists from the 140 rows above.
  afterAll(async () => {
    searchTuning.textWalk = saved;
    await t.db.query("DELETE FROM complaints WHERE body = 'Isi dari generate_series.'");
  }, 120_000);

  async function walkPages(token: string, q: string, limit: number, cursor: string | null, maxPages: number) {
    const seen: string[] = [];
    for (let page = 0; page < maxPages; page++) {
      const r = await t.call('GET', `/api/v1/complaints?${new URLSearchParams({ q, limit: String(limit), ...(cursor ? { cursor } : {}) })}`, { token });
      expect(r.status, r.text).toBe(200);
      seen.push(...r.json.items.map((i: { trackingNumber: string }) => i.trackingNumber));
      cursor = r.json.nextCursor;
      if (!cursor) break;
    }
    return seen;
  }

  it('a rare word: the matches in the walk and far older ones, in order, page by page', async () => {
    expect(mine.length).toBe(count);
    const expected = mine.filter((_, k) => rare(k)).map((c) => c.tracking_number);
    expect(expected.length).toBe(18);
    const token = await t.login('admin.nasional');
    // A page of 10: the walk holds 7 matches, so the GIN index supplies the rest of the first page.
    expect(await walkPages(token, 'gajahmada retak', 10, null, 20)).toEqual(expected);
    expect(await walkPages(token, 'gajahmada retak', 3, null, 20)).toEqual(expected);
    // From a cursor: the walk starts below it, and the GIN step below the walk's own edge.
    const cursor = Buffer.from(JSON.stringify([new Date(mine[1]!.created_at).toISOString(), mine[1]!.id])).toString('base64url');
    expect(await walkPages(token, 'gajahmada retak', 10, cursor, 20)).toEqual(expected.slice(2));
  }, 120_000);

  it('a common word: the first pages, and pages across the end of the walk from a cursor', async () => {
    const token = await t.login('admin.nasional');
    const common = mine.filter((_, k) => k % 3 === 0 && !rare(k)).map((c) => c.tracking_number);
    expect(await walkPages(token, 'selokan', 20, null, 3)).toEqual(common.slice(0, 60));
    // A cursor just above the walk's edge: the page is served past it, below the cursor.
    const from = mine[TEXT_WALK - 30]!;
    const cursor = Buffer.from(JSON.stringify([new Date(from.created_at).toISOString(), from.id])).toString('base64url');
    const below = mine.slice(TEXT_WALK - 29).filter((_, i) => { const k = TEXT_WALK - 29 + i; return k % 3 === 0 && !rare(k); }).map((c) => c.tracking_number);
    expect(await walkPages(token, 'selokan', 20, cursor, 3)).toEqual(below.slice(0, 60));
  }, 120_000);
});

describe('the inbox read holder by holder (issue #9)', () => {
  // Read again: tests above add complaints of their own.
  let current: Row[] = [];
  beforeAll(async () => {
    current = (
      await t.db.query<Row>('SELECT id, tracking_number, title, status, due_at, created_at, holder_org_path, admin_org_path, reporter_user_id, confidential, verified_at FROM complaints')
    ).rows;
  });
  const inbox = (holderUnder: string, reporter?: number, orgCode = holderUnder, unheldAlso = false) =>
    current
      .filter((c) => OPEN_STATUSES.includes(c.status as never))
      .filter((c) => under(c.holder_org_path, holderUnder) || (unheldAlso && !c.holder_org_path && under(c.admin_org_path, holderUnder)) || (reporter !== undefined && c.reporter_user_id === reporter))
      .filter((c) => under(c.holder_org_path, orgCode) || (!c.holder_org_path && under(c.admin_org_path, orgCode)))
      .sort(byDue)
      .map((c) => c.tracking_number);
  const due = (organisation: string, limit: string) => ({ sort: 'due', organisation, status: OPEN_STATUSES.join(','), limit });

  it('a unit with no unit below it, a unit with one, a sub-unit and a government: the same complaints in the same order, page by page', async () => {
    const dinkes = await t.login('dinkes.buleleng');
    const expectedDinkes = inbox('51.08.dinkes', ids['dinkes.buleleng']);
    expect(expectedDinkes.length).toBeGreaterThan(10);
    expect(await pages(dinkes, due('51.08.dinkes', '4'))).toEqual(expectedDinkes);
    const pupr = await t.login('pupr.buleleng');
    // The sub-unit's complaints are among the unit's, and due dates interleave across the two holders.
    const expectedPupr = inbox('51.08.pupr', ids['pupr.buleleng']);
    const holders = new Set(expectedPupr.map((trk) => current.find((c) => c.tracking_number === trk)!.holder_org_path));
    expect(holders.has(paths['51.08.pupr.bina-marga']!) && holders.has(paths['51.08.pupr']!)).toBe(true);
    expect(await pages(pupr, due('51.08.pupr', '3'))).toEqual(expectedPupr);
    expect(await pages(pupr, due('51.08.pupr.bina-marga', '3'))).toEqual(inbox('51.08.pupr', ids['pupr.buleleng'], '51.08.pupr.bina-marga'));
    const admin = await t.login('admin.buleleng');
    expect(await pages(admin, due('51.08.pupr', '5'))).toEqual(inbox('51.08', undefined, '51.08.pupr', true));
    expect(await pages(admin, due('51.08', '50'))).toEqual(inbox('51.08', undefined, '51.08', true));
    // Outside the admin's government only the province's published complaints (all rows here lie in province 51).
    const neighbour = current
      .filter((c) => OPEN_STATUSES.includes(c.status as never))
      .filter((c) => under(c.holder_org_path, '51.03') || (!c.holder_org_path && under(c.admin_org_path, '51.03')))
      .filter((c) => under(c.holder_org_path, '51.08') || under(c.admin_org_path, '51.08') || (c.verified_at !== null && !c.confidential))
      .sort(byDue)
      .map((c) => c.tracking_number);
    expect(neighbour.length).toBeGreaterThan(3);
    expect(await pages(admin, due('51.03', '4'))).toEqual(neighbour);
    // Another government's unit: nothing of it is held under the liaison's unit.
    expect(await pages(pupr, due('51.03.pupr', '5'))).toEqual(inbox('51.08.pupr', ids['pupr.buleleng'], '51.03.pupr'));
  });

  it('under a node with many organisations the arm reads by path prefix, with the same results', async () => {
    await t.db.tx(async (q) => {
      for (let i = 0; i < 65; i++) await createOrganisation(q, { code: `51.08.dinkes.pkm${i}`, name: `Puskesmas ${i}`, type: 'subunit', parentCode: '51.08.dinkes' });
    });
    const dinkes = await t.login('dinkes.buleleng');
    expect(await pages(dinkes, due('51.08.dinkes', '4'))).toEqual(inbox('51.08.dinkes', ids['dinkes.buleleng']));
    const admin = await t.login('admin.buleleng');
    expect(await pages(admin, due('51.08.dinkes', '4'))).toEqual(inbox('51.08', undefined, '51.08.dinkes', true));
    expect(await pages(admin, due('51.08', '50'))).toEqual(inbox('51.08', undefined, '51.08', true));
  });
});
