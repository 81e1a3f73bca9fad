// Districts (kecamatan) end to end, on both engines: the list for the form, the district at intake
// (refused unless it lies in the complaint's regency, with nothing stored), the district in the
// complaint view, and the per-district statistics checked against values computed by hand.
//
// All complaints are filed on Mon 2 March 2026 10:00 WITA; "now" for the statistics is Mon 16
// March 10:00 WITA, after every verification (Thu 5) and first follow-up (Mon 9) deadline:
//
//  D1  Sukasada (51.08.05)  (-8.10, 115.10)  verified → pupr   disposed, overdue
//  D2  Sukasada             (-8.20, 115.12)  not verified      submitted, overdue
//  D3  Sukasada             no coordinates   rejected          not overdue, never verified
//  D4  Buleleng (51.08.06)  (-8.11, 115.09)  CONFIDENTIAL, verified → pupr, overdue
//  D5  no district          no coordinates   not verified      overdue
//  D6  Gerokgak (51.08.01)  (-8.17, 114.76)  filed to 51.08.dinkes with no region; verified, overdue
//  B1  Badung, Kuta (51.03.01): another regency, outside Buleleng's figures
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { DEMO_DISTRICT_CODES, DEMO_DISTRICTS } from '../../server/seed/demo-complaints';

let t: TestApp;
const trk: Record<string, string> = {};
const acc: Record<string, string> = {};
const FILED = '2026-03-02T02:00:00Z';
const NOW = '2026-03-16T02:00:00Z';

interface Loc {
  regionCode?: string;
  districtCode?: string;
  lat?: number;
  lng?: number;
}

const complaint = (name: string, location: Loc | undefined, extra: Record<string, unknown> = {}) => ({
  type: 'pengaduan',
  title: `Saluran air tersumbat di lingkungan ${name}, mohon segera ditangani`,
  body: `Uraian pengaduan ${name}: saluran air di depan rumah warga tersumbat sejak dua minggu lalu.`,
  ...(location ? { location } : {}),
  reporter: { name: `Pelapor ${name}`, phone: '081234567890' },
  ...extra,
});

async function file(name: string, location: Loc | undefined, extra: Record<string, unknown> = {}) {
  const r = await t.call('POST', '/api/v1/complaints', { body: complaint(name, location, extra) });
  if (r.status !== 201) throw new Error(`file ${name}: ${r.status} ${r.text}`);
  trk[name] = r.json.trackingNumber;
  acc[name] = r.json.accessCode;
}

async function act(name: string, action: string, body: Record<string, unknown>) {
  const r = await t.call('POST', `/api/v1/complaints/${trk[name]}/actions/${action}`, { token: await t.login('admin.buleleng'), body });
  if (r.status !== 200) throw new Error(`${name} ${action}: ${r.status} ${r.text}`);
}

const counts = async () =>
  (await t.db.query<{ c: number; e: number }>('SELECT (SELECT count(*)::int FROM complaints) AS c, (SELECT count(*)::int FROM complaint_events) AS e')).rows[0]!;

beforeAll(async () => {
  t = await testApp({ now: FILED });
  await file('D1', { regionCode: '51.08', districtCode: '51.08.05', lat: -8.1, lng: 115.1 });
  await file('D2', { regionCode: '51.08', districtCode: '51.08.05', lat: -8.2, lng: 115.12 });
  await file('D3', { regionCode: '51.08', districtCode: '51.08.05' });
  await file('D4', { regionCode: '51.08', districtCode: '51.08.06', lat: -8.11, lng: 115.09 }, { confidential: true });
  await file('D5', { regionCode: '51.08' });
  await file('D6', { districtCode: '51.08.01', lat: -8.17, lng: 114.76 }, { organisationCode: '51.08.dinkes' });
  await file('B1', { regionCode: '51.03', districtCode: '51.03.01', lat: -8.72, lng: 115.17 });
  await act('D1', 'verify', { organisationCode: '51.08.pupr' });
  await act('D3', 'reject', { reason: 'Bukan pengaduan pelayanan publik.' });
  await act('D4', 'verify', { organisationCode: '51.08.pupr' });
  await act('D6', 'verify', { organisationCode: '51.08.dinkes' });
  t.clock.set(new Date(NOW));
}, 60_000);

describe('the districts of a regency', () => {
  it('lists the Kemendagri districts of Buleleng for the form, publicly', async () => {
    const r = await t.call('GET', '/api/v1/regions/51.08/districts');
    expect(r.status).toBe(200);
    expect(r.json.items).toHaveLength(9);
    expect(r.json.items).toContainEqual({ code: '51.08.05', name: 'Sukasada' });
    expect(r.json.items.every((d: { code: string }) => d.code.startsWith('51.08.'))).toBe(true);
  });

  it('refuses a malformed code (400) and an unknown regency (404)', async () => {
    expect((await t.call('GET', '/api/v1/regions/51/districts')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/regions/51.08.pupr/districts')).status).toBe(400);
    const unknown = await t.call('GET', '/api/v1/regions/51.99/districts');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBeDefined();
  });

  it('has every demo kecamatan under the code the demo seed stores', async () => {
    for (const [regency, names] of Object.entries(DEMO_DISTRICTS)) {
      const rows = (await t.call('GET', `/api/v1/regions/${regency}/districts`)).json.items as { code: string; name: string }[];
      for (const name of names) {
        const code = DEMO_DISTRICT_CODES[regency as keyof typeof DEMO_DISTRICT_CODES][name];
        expect(rows.find((d) => d.code === code)?.name, `${regency} ${name}`).toBe(name);
      }
    }
  });
});

describe('the district at intake', () => {
  const refused = async (location: Loc | undefined, extra: Record<string, unknown> = {}) => {
    const before = await counts();
    const r = await t.call('POST', '/api/v1/complaints', { body: complaint('Salah', location, extra) });
    expect(r.status).toBe(400);
    expect(r.json.error.fields?.['location.districtCode']).toBeTruthy();
    expect(await counts()).toEqual(before);
    return r;
  };

  it('refuses an unknown or malformed district, storing nothing', async () => {
    await refused({ regionCode: '51.08', districtCode: '51.08.99' });
    await refused({ regionCode: '51.08', districtCode: 'Sukasada' });
  });

  it('refuses a district of another regency, given or derived from the organisation', async () => {
    await refused({ regionCode: '51.08', districtCode: '51.03.01' });
    await refused({ districtCode: '51.03.01' }, { organisationCode: '51.08.pupr' });
  });

  it('refuses a district without a regency to check it against', async () => {
    await refused({ regionCode: '51', districtCode: '51.08.05' });
    await refused({ districtCode: '51.08.05' });
  });

  it('shows the district in the complaint view and stores the regency it implies', async () => {
    const r = await t.call('GET', `/api/v1/complaints/${trk.D1}?accessCode=${encodeURIComponent(acc.D1!)}`);
    expect(r.status).toBe(200);
    expect(r.json.location).toMatchObject({ regionCode: '51.08', district: { code: '51.08.05', name: 'Sukasada' }, lat: -8.1, lng: 115.1 });
    const d6 = await t.call('GET', `/api/v1/complaints/${trk.D6}`, { token: await t.login('admin.buleleng') });
    expect(d6.json.location).toMatchObject({ regionCode: '51.08', district: { code: '51.08.01', name: 'Gerokgak' } });
    const d5 = await t.call('GET', `/api/v1/complaints/${trk.D5}`, { token: await t.login('admin.buleleng') });
    expect(d5.json.location.district).toBeNull();
  });
});

type D = { code: string | null; name: string; received: number; overdue: number; located: number; lat?: number; lng?: number };
const byCode = (ds: D[], code: string | null) => ds.find((d) => d.code === code);
const PERIOD = 'from=2026-03-01&to=2026-03-31';

describe('statistics per district', () => {
  it("counts the regency's complaints per district for its admin, with an unknown bucket and mean coordinates", async () => {
    const r = await t.call('GET', `/api/v1/stats/summary?organisation=51.08&${PERIOD}`, { token: await t.login('admin.buleleng') });
    expect(r.status).toBe(200);
    const ds = r.json.districts as D[];
    // The nine districts of Buleleng (quiet ones as zeros) and one bucket without a district; no Badung.
    expect(ds).toHaveLength(10);
    expect(ds.some((d) => d.code === '51.03.01')).toBe(false);
    expect(byCode(ds, '51.08.05')).toEqual({ code: '51.08.05', name: 'Sukasada', received: 3, overdue: 2, located: 2, lat: -8.15, lng: 115.11 });
    expect(byCode(ds, '51.08.06')).toEqual({ code: '51.08.06', name: 'Buleleng', received: 1, overdue: 1, located: 1, lat: -8.11, lng: 115.09 });
    expect(byCode(ds, '51.08.01')).toEqual({ code: '51.08.01', name: 'Gerokgak', received: 1, overdue: 1, located: 1, lat: -8.17, lng: 114.76 });
    expect(byCode(ds, '51.08.02')).toEqual({ code: '51.08.02', name: 'Seririt', received: 0, overdue: 0, located: 0 });
    expect(byCode(ds, null)).toMatchObject({ code: null, received: 1, overdue: 1, located: 0 });
    expect(byCode(ds, null)).not.toHaveProperty('lat');
    // The districts partition the regency's figures.
    expect(r.json.received).toBe(6);
    expect(ds.reduce((n, d) => n + d.received, 0)).toBe(6);
    expect(ds.reduce((n, d) => n + d.overdue, 0)).toBe(r.json.overdue);
    expect(r.json.overdue).toBe(5);
  });

  it('counts a unit by the districts of its complaints', async () => {
    const r = await t.call('GET', `/api/v1/stats/summary?organisation=51.08.pupr&${PERIOD}`, { token: await t.login('admin.buleleng') });
    expect(r.status).toBe(200);
    const ds = r.json.districts as D[];
    expect(byCode(ds, '51.08.05')).toMatchObject({ received: 1, overdue: 1, lat: -8.1, lng: 115.1 });
    expect(byCode(ds, '51.08.06')).toMatchObject({ received: 1, overdue: 1 });
    expect(byCode(ds, '51.08.01')).toMatchObject({ received: 0 });
    expect(byCode(ds, null)).toBeUndefined();
  });

  it('leaves confidential and unverified complaints out of the public figures, coordinates included', async () => {
    const r = await t.call('GET', `/api/v1/stats/public?organisation=51.08&${PERIOD}`);
    expect(r.status).toBe(200);
    const ds = r.json.districts as D[];
    // Public: D1 and D6 only (D2 and D5 unverified, D3 rejected before verification, D4 confidential).
    expect(byCode(ds, '51.08.05')).toEqual({ code: '51.08.05', name: 'Sukasada', received: 1, overdue: 1, located: 1, lat: -8.1, lng: 115.1 });
    expect(byCode(ds, '51.08.06')).toEqual({ code: '51.08.06', name: 'Buleleng', received: 0, overdue: 0, located: 0 });
    expect(byCode(ds, '51.08.01')).toMatchObject({ received: 1, lat: -8.17, lng: 114.76 });
    expect(byCode(ds, null)).toBeUndefined();
    expect(r.json.received).toBe(2);
  });

  it("gives a neighbouring regency's admin the non-confidential figures only", async () => {
    const r = await t.call('GET', `/api/v1/stats/summary?organisation=51.08&${PERIOD}`, { token: await t.login('admin.badung') });
    expect(r.status).toBe(200);
    expect(r.json.counted).toBe('non_confidential');
    expect(byCode(r.json.districts, '51.08.06')).toMatchObject({ received: 0, located: 0 });
    expect(byCode(r.json.districts, '51.08.05')).toMatchObject({ received: 3 });
  });

  it('has no districts above the regency level, and zeros for an empty period', async () => {
    const prov = await t.call('GET', `/api/v1/stats/summary?organisation=51&${PERIOD}`, { token: await t.login('admin.bali') });
    expect(prov.status).toBe(200);
    expect(prov.json.districts).toBeUndefined();
    const empty = await t.call('GET', '/api/v1/stats/summary?organisation=51.08&from=2026-01-01&to=2026-01-31', { token: await t.login('admin.buleleng') });
    expect(empty.json.districts).toHaveLength(9);
    expect(empty.json.districts.every((d: D) => d.received === 0 && d.overdue === 0 && d.lat === undefined)).toBe(true);
  });
});
