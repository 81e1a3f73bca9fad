// Monitoring statistics through the API on both engines: twelve complaints filed in Buleleng in
// March 2026 are driven through their lifecycles with the test clock, then every figure of
// GET /api/v1/stats/summary is checked against values computed by hand below (not by the code under
// test). Buleleng is WITA (UTC+8); 18–24 March 2026 are non-working days in the seeded calendar
// (cuti bersama Nyepi, Nyepi, cuti bersama and Idul Fitri), 3 April is Good Friday.
//
// Working days here are "elapsed" working time: 10:00 on one working day to 10:00 on the next is
// 1.0; the rest of a working day after 10:00 is 14/24, its first ten hours 10/24; a non-working day
// counts 0. The complaints (all times WITA, "→" = the unit it is routed to):
//
//  C1  pupr    filed Mon 16 Mar 10:00, verified Tue 17 10:00 (1.0), responded Wed 25 10:00 (first
//              follow-up 1.0: Tue's 14h + Wed's 10h, the seven days between are all off), rated 4
//              Thu 26 10:00 → closed (closing 3.0: Mon rest, Tue, Wed, Thu 10h).
//  C2  pupr    filed Mon 2 Mar 10:00, verified Wed 4 10:00 (2.0), responded Mon 9 10:00 (3.0), closed by
//              the admin Tue 10 10:00 (closing 6.0), reopened by the reporter Wed 11 10:00 →
//              in_progress, resolution due 5 working days later = Wed 25 Mar (18–24 off): overdue.
//  C3  dinkes  filed Tue 3 Mar 10:00, verified Tue 3 16:00 (0.25), responded Thu 5 16:00 (2.0), rated 5
//              Fri 6 10:00 → closed (3.0).
//  C4  dinkes  filed Wed 4 Mar 10:00, verified Thu 5 10:00 (1.0), due Thu 12 Mar; never followed up;
//              obstacles recorded Mon 9 11:00 and Fri 13 09:00 → overdue.
//  C5  disdik  filed Thu 5 Mar 10:00, verified Fri 6 10:00 (1.0), accepted Mon 9, interim follow-up
//              Wed 11 10:00 (3.0) → in_progress, resolution due Fri 13 Mar → overdue (but followed up).
//  C6  pupr    CONFIDENTIAL, filed Fri 6 Mar 10:00, verified Mon 9 10:00 (1.0), due Mon 16 → overdue.
//  C7  —       filed Mon 9 Mar 10:00 to the regency, never verified, due Thu 12 → overdue (admin unit).
//  C8  —       filed Tue 10 Mar 10:00, rejected Wed 11 10:00 (admin unit).
//  C9  dishub  filed Wed 11 Mar 10:00, verified Thu 12 10:00 (1.0), returned by Dishub Fri 13 10:00 →
//              waits for the admin, due Wed 25 Mar → overdue (admin unit).
//  C10 rsud    filed Thu 12 Mar 10:00, verified Fri 13 10:00 (1.0), put on hold Mon 16 10:00.
//  C11 pupr    filed Tue 17 Mar 10:00, verified Tue 17 14:00 (4h = 0.1667), due Tue 31 Mar 23:59:59.999
//              → overdue at the end of March; responded Thu 2 Apr 10:00 (first follow-up 10/24 + six
//              working days 25, 26, 27, 30, 31 Mar, 1 Apr + 10/24 = 6.8333).
//  C12 dinkes  filed Wed 18 Mar 10:00 (a holiday), verified Wed 25 10:00 (0 + 10/24 = 0.4167),
//              responded Thu 26 10:00 (1.0), rated 2 Fri 27 10:00 → closed (2 + 10/24 = 2.4167).
// Outside the figures: one Buleleng complaint of February, one of April, one in Badung.
// "Now" for the queries is Wed 8 April 2026 10:00 WITA.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { createUser } from '../../server/modules/users';
import { getOrgByCode } from '../../server/modules/organisations';
import { calendarFor } from '../../server/modules/deadlines';
import { workingDaysElapsed } from '../../server/modules/deadlines/calendar';
import { sqlWorkingDaysElapsed } from '../../server/modules/dashboards';

let t: TestApp;
const wita = (local: string) => new Date(`${local}+08:00`).toISOString();
const tok: Record<string, string> = {};
const trk: Record<string, string> = {};
const code: Record<string, string> = {};

type Step = [at: string, run: () => Promise<void>];

async function ok(who: string | null, c: string, action: string, body: Record<string, unknown> = {}) {
  const r = await t.call('POST', `/api/v1/complaints/${trk[c]}/actions/${action}`, {
    token: who ? tok[who] : undefined,
    body: who ? body : { ...body, accessCode: code[c] },
  });
  if (r.status !== 200) throw new Error(`${c} ${action} by ${who ?? 'reporter'}: ${r.status} ${r.text}`);
}

function file(c: string, opts: { unit?: string; confidential?: boolean; region?: string }): () => Promise<void> {
  return async () => {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title: `Pengaduan ${c}: lampu jalan dan saluran air di lingkungan kami perlu perhatian`,
        body: `Uraian pengaduan ${c}.`,
        ...(opts.unit ? { organisationCode: opts.unit } : {}),
        location: { regionCode: opts.region ?? '51.08' },
        anonymous: false,
        confidential: opts.confidential ?? false,
        reporter: { name: `Pelapor ${c}`, phone: '081234567890' },
      },
    });
    if (r.status !== 201) throw new Error(`file ${c}: ${r.status} ${r.text}`);
    trk[c] = r.json.trackingNumber;
    code[c] = r.json.accessCode;
  };
}

const A = 'admin.buleleng';
const SCHEDULE: Step[] = [
  ['2026-02-27T10:00:00', file('OUT_FEB', { unit: '51.08.pupr' })],
  ['2026-03-02T10:00:00', file('C2', { unit: '51.08.pupr' })],
  ['2026-03-03T10:00:00', file('C3', { unit: '51.08.dinkes' })],
  ['2026-03-03T16:00:00', () => ok(A, 'C3', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-04T10:00:00', file('C4', { unit: '51.08.dinkes' })],
  ['2026-03-04T10:00:01', () => ok(A, 'C2', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-03-05T10:00:00', () => ok(A, 'C4', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-05T10:00:01', file('C5', { unit: '51.08.disdik' })],
  ['2026-03-05T16:00:00', () => ok('dinkes.buleleng', 'C3', 'respond', { message: 'Sudah ditindaklanjuti.' })],
  ['2026-03-06T10:00:00', () => ok(null, 'C3', 'rate', { score: 5 })],
  ['2026-03-06T10:00:01', () => ok(A, 'C5', 'verify', { organisationCode: '51.08.disdik' })],
  ['2026-03-06T10:00:02', file('C6', { unit: '51.08.pupr', confidential: true })],
  ['2026-03-09T10:00:00', () => ok('pupr.buleleng', 'C2', 'respond', { message: 'Perbaikan dijadwalkan.' })],
  ['2026-03-09T10:00:01', () => ok(A, 'C6', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-03-09T10:00:02', file('C7', {})],
  ['2026-03-09T10:30:00', () => ok('uji.disdik', 'C5', 'accept')],
  ['2026-03-09T11:00:00', () => ok('dinkes.buleleng', 'C4', 'obstacle', { message: 'Menunggu anggaran perubahan untuk pengadaan alat.' })],
  ['2026-03-10T10:00:00', () => ok(A, 'C2', 'close', { note: 'Selesai.' })],
  ['2026-03-10T10:00:01', file('C8', {})],
  ['2026-03-11T10:00:00', () => ok(null, 'C2', 'reopen', { reason: 'Belum diperbaiki.' })],
  ['2026-03-11T10:00:01', () => ok(A, 'C8', 'reject', { reason: 'Bukan pengaduan pelayanan publik.' })],
  ['2026-03-11T10:00:02', () => ok('uji.disdik', 'C5', 'respond', { message: 'Sedang ditangani sekolah.', final: false })],
  ['2026-03-11T10:00:03', file('C9', { unit: '51.08.dishub' })],
  ['2026-03-12T10:00:00', () => ok(A, 'C9', 'verify', { organisationCode: '51.08.dishub' })],
  ['2026-03-12T10:00:01', file('C10', { unit: '51.08.rsud' })],
  ['2026-03-10T09:00:00', file('BADUNG', { unit: '51.03.pupr', region: '51.03' })],
  ['2026-03-13T09:00:00', () => ok('dinkes.buleleng', 'C4', 'obstacle', { message: 'Petugas lapangan sedang cuti.' })],
  ['2026-03-13T10:00:00', () => ok('uji.dishub', 'C9', 'return', { reason: 'Bukan kewenangan Dinas Perhubungan.' })],
  ['2026-03-13T10:00:01', () => ok(A, 'C10', 'verify', { organisationCode: '51.08.rsud' })],
  ['2026-03-16T10:00:00', file('C1', { unit: '51.08.pupr' })],
  ['2026-03-16T10:00:01', () => ok(A, 'C10', 'hold', { reason: 'Menunggu data tambahan dari pelapor.' })],
  ['2026-03-17T10:00:00', () => ok(A, 'C1', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-03-17T10:00:01', file('C11', { unit: '51.08.pupr' })],
  ['2026-03-17T14:00:00', () => ok(A, 'C11', 'verify', { organisationCode: '51.08.pupr' })],
  ['2026-03-18T10:00:00', file('C12', { unit: '51.08.dinkes' })],
  ['2026-03-25T10:00:00', () => ok('pupr.buleleng', 'C1', 'respond', { message: 'Sudah diperbaiki.' })],
  ['2026-03-25T10:00:01', () => ok(A, 'C12', 'verify', { organisationCode: '51.08.dinkes' })],
  ['2026-03-26T10:00:00', () => ok(null, 'C1', 'rate', { score: 4 })],
  ['2026-03-26T10:00:01', () => ok('dinkes.buleleng', 'C12', 'respond', { message: 'Sudah ditangani.' })],
  ['2026-03-27T10:00:00', () => ok(null, 'C12', 'rate', { score: 2 })],
  ['2026-04-02T09:00:00', file('OUT_APR', { unit: '51.08.pupr' })],
  ['2026-04-02T10:00:00', () => ok('pupr.buleleng', 'C11', 'respond', { message: 'Sudah ditangani.' })],
];
// The C-times above ending in :01/:02/:03 separate steps of one minute; they change durations by
// at most 3 s (< 0.0001 working days) and never cross a rounding boundary of the expected values.

const NOW = '2026-04-08T10:00:00';

async function relogin(username: string) {
  const r = await t.call('POST', '/api/v1/auth/login', { body: { username, password: TEST_PASSWORD } });
  expect(r.status).toBe(200);
}

beforeAll(async () => {
  t = await testApp({ now: wita('2026-03-02T08:00:00') });
  await createUser(t.db, { username: 'uji.disdik', displayName: 'Penghubung Disdik (uji)', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.08.disdik' }] });
  await createUser(t.db, { username: 'uji.dishub', displayName: 'Penghubung Dishub (uji)', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.08.dishub' }] });
  await createUser(t.db, { username: 'uji.kepala.pupr', displayName: 'Kepala Dinas PUPR (uji)', password: TEST_PASSWORD, roles: [{ role: 'leader', organisationCode: '51.08.pupr' }] });
  for (const u of ['admin.buleleng', 'bupati.buleleng', 'pupr.buleleng', 'dinkes.buleleng', 'uji.disdik', 'uji.dishub', 'admin.badung', 'ombudsman', 'warga']) {
    tok[u] = await t.login(u);
  }
  for (const [at, run] of [...SCHEDULE].sort((a, b) => a[0].localeCompare(b[0]))) {
    t.clock.set(wita(at));
    await run();
  }
  // Admin activity: PUPR's liaison and the Bupati log in again within the last 30 days; everyone
  // else last logged in on 2 March, 37 days before "now".
  t.clock.set(wita('2026-04-02T11:00:00'));
  await relogin('pupr.buleleng');
  await relogin('bupati.buleleng');
  t.clock.set(wita(NOW));
}, 120_000);

// ---------------------------------------------------------------------------------------------
// Expected values, by hand.

const rate = (value: number | null, numerator: number, denominator: number) => ({ value, numerator, denominator, lowSample: denominator < 10 });
const dur = (median: number | null, p90: number | null, count: number) => ({ median, p90, count, lowSample: count < 10 });
const NONE = dur(null, null, 0);
const statuses = (s: Partial<Record<string, number>>) => ({
  submitted: 0, disposed: 0, in_progress: 0, responded: 0, closed: 0, returned: 0, on_hold: 0, rejected: 0, archived: 0, ...s,
});
const sat = (mean: number | null, dist: Partial<Record<'1' | '2' | '3' | '4' | '5', number>>) => {
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, ...dist };
  const count = Object.values(distribution).reduce((a, b) => a + b, 0);
  return { mean, count, lowSample: count < 10, distribution };
};
const activity = (active: number, total: number, value: number | null) => ({ active, total, rate: rate(value, active, total) });

const ZERO = {
  received: 0,
  byStatus: statuses({}),
  routed: 0,
  followedUp: 0,
  finished: 0,
  inProcess: 0,
  overdue: 0,
  overdueAtPeriodEnd: 0,
  followedUpRate: rate(null, 0, 0),
  completionRate: rate(null, 0, 0),
  inProcessRate: rate(null, 0, 0),
  reopenRate: rate(null, 0, 0),
  medianFirstResponseWorkingDays: null,
  workingDays: { toVerification: NONE, toFirstFollowUp: NONE, toClosing: NONE },
  satisfaction: sat(null, {}),
};

const TOTAL = {
  received: 12,
  byStatus: statuses({ submitted: 1, disposed: 2, in_progress: 2, responded: 1, closed: 3, returned: 1, on_hold: 1, rejected: 1 }),
  // Routed: all but C7 (never verified) and C8 (rejected).
  routed: 10,
  // A respond event: C1, C2, C3, C5 (interim), C11, C12.
  followedUp: 6,
  // Closed now: C1, C3, C12 (C2 was closed and reopened).
  finished: 3,
  // Routed and open: C2, C4, C5, C6, C9 (returned), C10 (on hold), C11 (responded).
  inProcess: 7,
  // Now: C2, C4, C5, C6, C7, C9. At the end of March also C11 (due 31 Mar, answered 2 Apr).
  overdue: 6,
  overdueAtPeriodEnd: 7,
  followedUpRate: rate(0.6, 6, 10),
  completionRate: rate(0.3, 3, 10),
  inProcessRate: rate(0.7, 7, 10),
  // Ever closed: C1, C2, C3, C12; reopened: C2.
  reopenRate: rate(0.25, 1, 4),
  medianFirstResponseWorkingDays: 2.5,
  workingDays: {
    // 0.1667 0.25 0.4167 1 1 1 1 1 1 2: median (1 + 1) / 2; p90 at rank 8.1 = 1 + 0.1 × (2 − 1).
    toVerification: dur(1, 1.1, 10),
    // 1 1 2 3 3 6.8333: median 2.5; p90 at rank 4.5 = 3 + 0.5 × 3.8333 = 4.9167.
    toFirstFollowUp: dur(2.5, 4.92, 6),
    // 2.4167 3 3 6: median 3; p90 at rank 2.7 = 3 + 0.7 × 3 = 5.1.
    toClosing: dur(3, 5.1, 4),
  },
  // 4, 5, 2: 11 / 3.
  satisfaction: sat(3.67, { '2': 1, '4': 1, '5': 1 }),
  // Accounts at 51.08 or below: admin.buleleng, bupati.buleleng, pupr.buleleng, dinkes.buleleng,
  // uji.disdik, uji.dishub, uji.kepala.pupr; logged in since 9 March: pupr.buleleng, bupati.buleleng.
  adminActivity: activity(2, 7, 0.2857),
};

const unit = (code: string, name: string, figures: object, isAdminUnit = false) => ({
  organisation: { code, name, type: 'unit', isAdminUnit },
  self: false,
  ...ZERO,
  adminActivity: activity(0, 0, null),
  ...figures,
});

const UNITS = [
  unit('51.08.dinkes', 'Dinas Kesehatan', {
    // C3 (closed), C4 (disposed, overdue), C12 (closed).
    received: 3,
    byStatus: statuses({ closed: 2, disposed: 1 }),
    routed: 3,
    followedUp: 2,
    finished: 2,
    inProcess: 1,
    overdue: 1,
    overdueAtPeriodEnd: 1,
    followedUpRate: rate(0.6667, 2, 3),
    completionRate: rate(0.6667, 2, 3),
    inProcessRate: rate(0.3333, 1, 3),
    reopenRate: rate(0, 0, 2),
    medianFirstResponseWorkingDays: 1.5,
    workingDays: {
      // 0.25 0.4167 1: p90 at rank 1.8 = 0.4167 + 0.8 × 0.5833 = 0.8833.
      toVerification: dur(0.42, 0.88, 3),
      // 1 2.
      toFirstFollowUp: dur(1.5, 1.9, 2),
      // 2.4167 3: median 2.7083; p90 2.4167 + 0.9 × 0.5833 = 2.9417.
      toClosing: dur(2.71, 2.94, 2),
    },
    satisfaction: sat(3.5, { '2': 1, '5': 1 }),
    adminActivity: activity(0, 1, 0),
  }),
  unit('51.08.disdik', 'Dinas Pendidikan', {
    // C5: interim follow-up, still in progress and overdue for resolution.
    received: 1,
    byStatus: statuses({ in_progress: 1 }),
    routed: 1,
    followedUp: 1,
    inProcess: 1,
    overdue: 1,
    overdueAtPeriodEnd: 1,
    followedUpRate: rate(1, 1, 1),
    completionRate: rate(0, 0, 1),
    inProcessRate: rate(1, 1, 1),
    medianFirstResponseWorkingDays: 3,
    workingDays: { toVerification: dur(1, 1, 1), toFirstFollowUp: dur(3, 3, 1), toClosing: NONE },
    adminActivity: activity(0, 1, 0),
  }),
  unit('51.08.disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil', {}),
  // C9 was returned by Dishub: it is counted under the admin unit that must forward it.
  unit('51.08.dishub', 'Dinas Perhubungan', { adminActivity: activity(0, 1, 0) }),
  unit('51.08.dlh', 'Dinas Lingkungan Hidup', {}),
  unit('51.08.kominfosanti', 'Dinas Komunikasi, Informatika, Persandian dan Statistik', {}),
  unit(
    '51.08.org',
    'Bagian Organisasi Setda Kabupaten Buleleng',
    {
      // C7 (never verified), C8 (rejected), C9 (returned, routed once).
      received: 3,
      byStatus: statuses({ submitted: 1, rejected: 1, returned: 1 }),
      routed: 1,
      inProcess: 1,
      overdue: 2,
      overdueAtPeriodEnd: 2,
      followedUpRate: rate(0, 0, 1),
      completionRate: rate(0, 0, 1),
      inProcessRate: rate(1, 1, 1),
      workingDays: { toVerification: dur(1, 1, 1), toFirstFollowUp: NONE, toClosing: NONE },
    },
    true,
  ),
  unit('51.08.pupr', 'Dinas Pekerjaan Umum dan Penataan Ruang', {
    // C1 (closed), C2 (reopened, overdue), C6 (confidential, overdue), C11 (responded; overdue at the end of March).
    received: 4,
    byStatus: statuses({ closed: 1, in_progress: 1, disposed: 1, responded: 1 }),
    routed: 4,
    followedUp: 3,
    finished: 1,
    inProcess: 3,
    overdue: 2,
    overdueAtPeriodEnd: 3,
    followedUpRate: rate(0.75, 3, 4),
    completionRate: rate(0.25, 1, 4),
    inProcessRate: rate(0.75, 3, 4),
    reopenRate: rate(0.5, 1, 2),
    medianFirstResponseWorkingDays: 3,
    workingDays: {
      // 0.1667 1 1 2: p90 at rank 2.7 = 1 + 0.7 × 1.
      toVerification: dur(1, 1.7, 4),
      // 1 3 6.8333: p90 at rank 1.8 = 3 + 0.8 × 3.8333 = 6.0667.
      toFirstFollowUp: dur(3, 6.07, 3),
      // 3 6: median 4.5; p90 3 + 0.9 × 3.
      toClosing: dur(4.5, 5.7, 2),
    },
    satisfaction: sat(4, { '4': 1 }),
    // pupr.buleleng (active) and uji.kepala.pupr (never logged in).
    adminActivity: activity(1, 2, 0.5),
  }),
  unit('51.08.rsud', 'RSUD Kabupaten Buleleng', {
    // C10: on hold, so not overdue.
    received: 1,
    byStatus: statuses({ on_hold: 1 }),
    routed: 1,
    inProcess: 1,
    followedUpRate: rate(0, 0, 1),
    completionRate: rate(0, 0, 1),
    inProcessRate: rate(1, 1, 1),
    workingDays: { toVerification: dur(1, 1, 1), toFirstFollowUp: NONE, toClosing: NONE },
  }),
];

const bucket = (start: string, from: string, to: string, c: { received: number; routed: number; followedUp: number; finished: number; overdue: number }, rates: [number | null, number | null]) => ({
  start,
  from,
  to,
  ...c,
  followedUpRate: rate(rates[0], c.followedUp, c.routed),
  completionRate: rate(rates[1], c.finished, c.routed),
});

const WEEKS = [
  // Sunday 1 March belongs to the week of Monday 23 February.
  bucket('2026-02-23', '2026-03-01T00:00:00.000+08:00', '2026-03-02T00:00:00.000+08:00', { received: 0, routed: 0, followedUp: 0, finished: 0, overdue: 0 }, [null, null]),
  // C2 C3 C4 C5 C6.
  bucket('2026-03-02', '2026-03-02T00:00:00.000+08:00', '2026-03-09T00:00:00.000+08:00', { received: 5, routed: 5, followedUp: 3, finished: 1, overdue: 4 }, [0.6, 0.2]),
  // C7 C8 C9 C10.
  bucket('2026-03-09', '2026-03-09T00:00:00.000+08:00', '2026-03-16T00:00:00.000+08:00', { received: 4, routed: 2, followedUp: 0, finished: 0, overdue: 2 }, [0, 0]),
  // C1 C11 C12.
  bucket('2026-03-16', '2026-03-16T00:00:00.000+08:00', '2026-03-23T00:00:00.000+08:00', { received: 3, routed: 3, followedUp: 3, finished: 2, overdue: 0 }, [1, 0.6667]),
  bucket('2026-03-23', '2026-03-23T00:00:00.000+08:00', '2026-03-30T00:00:00.000+08:00', { received: 0, routed: 0, followedUp: 0, finished: 0, overdue: 0 }, [null, null]),
  bucket('2026-03-30', '2026-03-30T00:00:00.000+08:00', '2026-04-01T00:00:00.000+08:00', { received: 0, routed: 0, followedUp: 0, finished: 0, overdue: 0 }, [null, null]),
];

const summary = (who: string, query: string) => t.call('GET', `/api/v1/stats/summary?${query}`, { token: tok[who] });
const MARCH = 'organisation=51.08&from=2026-03-01&to=2026-03-31';

describe('GET /api/v1/stats/summary', () => {
  it('gives every figure of Buleleng for March 2026, overall, per unit and per week', async () => {
    const r = await summary('bupati.buleleng', MARCH);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('private, no-store');
    expect(r.json).toEqual({
      organisation: { code: '51.08', name: 'Kabupaten Buleleng', type: 'regency' },
      period: { from: '2026-03-01T00:00:00.000+08:00', to: '2026-04-01T00:00:00.000+08:00', timeZone: 'WITA', interval: 'week' },
      counted: 'all',
      generatedAt: '2026-04-08T02:00:00.000Z',
      ...TOTAL,
      units: UNITS,
      series: WEEKS,
      districts: expect.any(Array),
    });
    // None of these complaints names its district (test/db/districts.test.ts covers those): the
    // nine districts of Buleleng at zero and all twelve in the bucket without a district.
    expect(r.json.districts).toHaveLength(10);
    expect(r.json.districts.filter((d: any) => d.code !== null).every((d: any) => d.received === 0 && d.overdue === 0)).toBe(true);
    expect(r.json.districts.find((d: any) => d.code === null)).toEqual({ code: null, name: 'Kecamatan tidak tercatat', received: 12, overdue: TOTAL.overdue, located: 0 });
  });

  it('is the same for every caller with a full view (admin, oversight), and audited for oversight', async () => {
    const bupati = (await summary('bupati.buleleng', MARCH)).json;
    for (const who of ['admin.buleleng', 'ombudsman']) {
      const r = await summary(who, MARCH);
      expect(r.status).toBe(200);
      expect(r.json).toEqual(bupati);
    }
    const audited = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'view_statistics' AND subject_id = '51.08'`);
    expect(audited.rows[0]!.n).toBe(1);
  });

  it('groups by month on request, and by month by default for long periods', async () => {
    const r = await summary('bupati.buleleng', `${MARCH}&interval=month`);
    expect(r.json.series).toEqual([
      bucket('2026-03-01', '2026-03-01T00:00:00.000+08:00', '2026-04-01T00:00:00.000+08:00', { received: 12, routed: 10, followedUp: 6, finished: 3, overdue: 6 }, [0.6, 0.3]),
    ]);
    const q = await summary('bupati.buleleng', 'organisation=51.08&from=2026-01-01&to=2026-04-30');
    expect(q.json.period.interval).toBe('month');
    // February: the complaint of 27 Feb (routed nowhere, overdue); March; April: the one of 2 April.
    expect(q.json.series.map((s: any) => [s.start, s.received, s.overdue])).toEqual([
      ['2026-01-01', 0, 0],
      ['2026-02-01', 1, 1],
      ['2026-03-01', 12, 6],
      ['2026-04-01', 1, 0],
    ]);
  });

  it('counts a period ending in the past at its own end: overdue then versus overdue now', async () => {
    // 1–13 March: C2..C10. On 14 March 00:00: C4 (due 12 Mar), C5 (resolution due 13 Mar) and C7
    // (verification due 12 Mar) were late; C2 (reopened, due 25 Mar), C6 (due 16 Mar), C9
    // (returned 13 Mar, due 25 Mar) and C10 (due 27 Mar) were not yet.
    const r = await summary('bupati.buleleng', 'organisation=51.08&from=2026-03-01&to=2026-03-13');
    expect(r.json.received).toBe(9);
    expect(r.json.overdueAtPeriodEnd).toBe(3);
    expect(r.json.overdue).toBe(6);
  });

  it('a liaison officer sees its own unit, with its sub-units (none) and itself as holder', async () => {
    const r = await summary('pupr.buleleng', 'organisation=51.08.pupr&from=2026-03-01&to=2026-03-31');
    expect(r.status).toBe(200);
    const { organisation: _o, self: _s, ...figures } = UNITS.find((u) => u.organisation.code === '51.08.pupr')!;
    const { units, series, organisation, period: _p, counted, generatedAt: _g, districts: _d, ...top } = r.json;
    expect(organisation).toEqual({ code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', type: 'unit' });
    expect(counted).toBe('all');
    expect(top).toEqual(figures);
    // PUPR has no sub-units: the complaints it holds itself are its own line.
    expect(units).toEqual([{ organisation: { code: '51.08.pupr', name: 'Dinas Pekerjaan Umum dan Penataan Ruang', type: 'unit', isAdminUnit: false }, self: true, ...figures }]);
    // C2 and C6 in the week of 2 March, C1 and C11 in the week of 16 March.
    expect(series.map((s: any) => s.received)).toEqual([0, 2, 0, 2, 0, 0]);
  });

  it("a neighbouring regency's admin sees Buleleng without the confidential complaint", async () => {
    const r = await summary('admin.badung', MARCH);
    expect(r.status).toBe(200);
    expect(r.json.counted).toBe('non_confidential');
    // Without C6 (PUPR, disposed, overdue, verified after 1.0 working day).
    expect(r.json.received).toBe(11);
    expect(r.json.byStatus).toEqual(statuses({ submitted: 1, disposed: 1, in_progress: 2, responded: 1, closed: 3, returned: 1, on_hold: 1, rejected: 1 }));
    expect(r.json.routed).toBe(9);
    expect(r.json.overdue).toBe(5);
    expect(r.json.overdueAtPeriodEnd).toBe(6);
    expect(r.json.followedUpRate).toEqual(rate(0.6667, 6, 9));
    expect(r.json.inProcessRate).toEqual(rate(0.6667, 6, 9));
    // 0.1667 0.25 0.4167 1 1 1 1 1 2: median 1; p90 at rank 7.2 = 1 + 0.2 × 1.
    expect(r.json.workingDays.toVerification).toEqual(dur(1, 1.2, 9));
    const pupr = r.json.units.find((u: any) => u.organisation.code === '51.08.pupr');
    expect([pupr.received, pupr.overdue, pupr.byStatus.disposed]).toEqual([3, 1, 0]);
  });

  it('answers zeros, not errors, for an empty period', async () => {
    const instant = await summary('bupati.buleleng', 'organisation=51.08&from=2026-03-10T00:00:00%2B08:00&to=2026-03-10T00:00:00%2B08:00');
    expect(instant.status).toBe(200);
    const { units, series, organisation: _o, period: _p, counted: _c, generatedAt: _g, adminActivity, districts: _d, ...top } = instant.json;
    expect(top).toEqual(ZERO);
    expect(adminActivity).toEqual(TOTAL.adminActivity);
    expect(series).toEqual([]);
    expect(units).toHaveLength(9);
    expect(units.every((u: any) => u.received === 0 && u.followedUpRate.value === null)).toBe(true);

    const january = await summary('bupati.buleleng', 'organisation=51.08&from=2025-01-01&to=2025-01-31');
    expect(january.status).toBe(200);
    expect(january.json.received).toBe(0);
    expect(january.json.series.map((s: any) => [s.start, s.received])).toEqual([
      ['2024-12-30', 0],
      ['2025-01-06', 0],
      ['2025-01-13', 0],
      ['2025-01-20', 0],
      ['2025-01-27', 0],
    ]);
  });

  it('refuses bad periods and organisations outside the caller’s scope', async () => {
    const bad = async (who: string | null, query: string, status: number, field?: string) => {
      const r = await t.call('GET', `/api/v1/stats/summary?${query}`, { token: who ? tok[who] : undefined });
      expect(r.status, query).toBe(status);
      if (field) expect(r.json.error.fields[field]).toBeDefined();
    };
    await bad('bupati.buleleng', 'organisation=51.08&from=2026-03-31&to=2026-03-01', 400, 'to');
    await bad('bupati.buleleng', 'organisation=51.08&from=2021-01-01&to=2026-01-01', 400, 'to');
    await bad('bupati.buleleng', 'organisation=51.08&from=2026-02-30&to=2026-03-31', 400, 'from');
    await bad('bupati.buleleng', 'organisation=51.08&from=2026-03-01T10:00:00&to=2026-03-31', 400, 'from');
    await bad('bupati.buleleng', 'organisation=51.08&interval=day', 400);
    // Exactly five years is allowed.
    await bad('bupati.buleleng', 'organisation=51.08&from=2021-01-01&to=2025-12-31', 200);
    // Badung's admin may compare Bali's regencies, not a Jawa Timur one; a liaison only its unit.
    await bad('admin.badung', 'organisation=35.78', 404);
    await bad('admin.badung', 'organisation=51.03', 200);
    await bad('pupr.buleleng', 'organisation=51.08.dinkes', 404);
    await bad('pupr.buleleng', 'organisation=51.08', 404);
    await bad('warga', 'organisation=51.08', 404);
    await bad('bupati.buleleng', 'organisation=51.03', 404);
    await bad('bupati.buleleng', 'organisation=nope', 404);
    await bad(null, 'organisation=51.08', 401);
  });
});

describe('public statistics', () => {
  it('counts verified, non-confidential complaints only and shows no account figures', async () => {
    const r = await t.call('GET', `/api/v1/stats/public?${MARCH}`);
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('public, max-age=300');
    expect(r.json.counted).toBe('public');
    // Without C6 (confidential), C7 (never verified), C8 (rejected unverified).
    expect(r.json.received).toBe(9);
    expect(r.json.byStatus).toEqual(statuses({ disposed: 1, in_progress: 2, responded: 1, closed: 3, returned: 1, on_hold: 1 }));
    expect(r.json.routed).toBe(9);
    expect(r.json.followedUpRate).toEqual(rate(0.6667, 6, 9));
    expect(r.json.completionRate).toEqual(rate(0.3333, 3, 9));
    expect(r.json.overdue).toBe(4);
    expect(r.json.satisfaction).toEqual(TOTAL.satisfaction);
    expect(r.json.medianFirstResponseWorkingDays).toBe(2.5);
    expect(r.json.adminActivity).toBeUndefined();
    expect(r.json.units.every((u: any) => u.adminActivity === undefined)).toBe(true);
    expect(r.json.units.find((u: any) => u.organisation.code === '51.08.org').received).toBe(1);
    expect(r.text).not.toMatch(/Pelapor|081234567890/);
    // The same rules for a signed-in caller.
    expect((await t.call('GET', `/api/v1/stats/public?${MARCH}`, { token: tok['admin.buleleng'] })).json.received).toBe(9);
    expect((await t.call('GET', '/api/v1/stats/public?organisation=nope')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/stats/public?organisation=51.08&from=2026-03-31&to=2026-03-01')).status).toBe(400);
  });

  it('exports the open-data CSV: RFC 4180, a row for the organisation and one per unit', async () => {
    const r = await t.call('GET', `/api/v1/stats/public.csv?${MARCH}`);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toBe('attachment; filename="statistik-pengaduan-51.08-2026-03-01_2026-03-31.csv"');
    const lines = r.text.split('\r\n');
    expect(lines[0]).toBe(
      'organisation_code,organisation_name,level,period_from,period_to,received,status_submitted,status_disposed,status_in_progress,status_responded,' +
        'status_closed,status_returned,status_on_hold,status_rejected,status_archived,routed,followed_up,followed_up_rate,finished,completion_rate,' +
        'in_process,overdue,overdue_at_period_end,reopen_rate,verification_median_working_days,verification_p90_working_days,' +
        'first_follow_up_median_working_days,first_follow_up_p90_working_days,closing_median_working_days,closing_p90_working_days,' +
        'satisfaction_mean,satisfaction_count',
    );
    expect(lines[1]!.startsWith('51.08,Kabupaten Buleleng,total,2026-03-01,2026-03-31,9,0,1,2,1,3,1,1,0,0,9,6,0.6667,3,0.3333,')).toBe(true);
    expect(lines.filter((l) => l.includes(',unit,'))).toHaveLength(9);
    expect(lines.find((l) => l.startsWith('51.08.kominfosanti'))).toBe(
      '51.08.kominfosanti,"Dinas Komunikasi, Informatika, Persandian dan Statistik",unit,2026-03-01,2026-03-31,0,0,0,0,0,0,0,0,0,0,0,0,,0,,0,0,0,,,,,,,,,0',
    );
    expect(lines.at(-1)).toBe('');
  });
});

describe('working days in SQL', () => {
  it('agree with workingDaysElapsed on the organisation calendar, across Nyepi and Idul Fitri', async () => {
    const org = (await getOrgByCode(t.db, '51.08'))!;
    const cal = await calendarFor(t.db, org);
    // A deterministic spread of pairs in Feb–Apr 2026, at any minute, some reversed, some equal.
    let seed = 42;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const base = Date.parse('2026-02-20T00:00:00+08:00');
    const span = 60 * 86_400_000;
    const pairs: [Date, Date][] = [];
    for (let i = 0; i < 300; i++) {
      const a = new Date(base + Math.floor(rnd() * span / 60_000) * 60_000);
      const b = i % 25 === 0 ? a : new Date(a.getTime() + Math.floor((rnd() - 0.1) * 20 * 86_400_000 / 60_000) * 60_000);
      pairs.push([a, b]);
    }
    pairs.push([new Date(wita('2026-03-17T10:00:00')), new Date(wita('2026-03-25T10:00:00'))]);
    const sql = await sqlWorkingDaysElapsed(t.db, org, pairs);
    const js = pairs.map(([a, b]) => workingDaysElapsed(cal, a, b, 'WITA'));
    expect(sql).toHaveLength(js.length);
    sql.forEach((d, i) => expect(Math.abs(d! - js[i]!), `pair ${i}: ${pairs[i]![0].toISOString()} → ${pairs[i]![1].toISOString()}`).toBeLessThan(1e-9));
    expect(sql.at(-1)).toBeCloseTo(1, 12);
  });
});
