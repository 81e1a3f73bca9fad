// The demo organisation (api.md): national bodies, Provinsi Bali with its regencies, units in
// Buleleng and Badung, categories with default destinations, the 2025–2027 calendar, demo accounts.
import type { Db, Queryable } from '../db/client';
import type { Clock } from '../platform/clock';
import { ensureOrganisation, ensureRoot, importRegions, ROOT_CODE } from '../modules/organisations';
import { setDefaultDestination, upsertCategory } from '../modules/categories';
import { seedNationalCalendar } from '../modules/deadlines';
import { createUser } from '../modules/users';
import type { Role } from '../modules/access/actor';
import { CATEGORIES } from './categories';
import { seedDemoComplaints } from './demo-activity';

export const UNITS: Record<string, [slug: string, name: string][]> = {
  '51.08': [
    ['org', 'Bagian Organisasi Setda Kabupaten Buleleng'],
    ['kominfosanti', 'Dinas Komunikasi, Informatika, Persandian dan Statistik'],
    ['pupr', 'Dinas Pekerjaan Umum dan Penataan Ruang'],
    ['dinkes', 'Dinas Kesehatan'],
    ['disdik', 'Dinas Pendidikan'],
    ['dishub', 'Dinas Perhubungan'],
    ['dlh', 'Dinas Lingkungan Hidup'],
    ['disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil'],
    ['rsud', 'RSUD Kabupaten Buleleng'],
  ],
  '51.03': [
    ['org', 'Bagian Organisasi Setda Kabupaten Badung'],
    ['pupr', 'Dinas Pekerjaan Umum dan Penataan Ruang'],
    ['dinkes', 'Dinas Kesehatan'],
    ['dlh', 'Dinas Lingkungan Hidup'],
    ['disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil'],
  ],
};

export const DEMO_ACCOUNTS: { username: string; displayName: string; role: Role; organisation: string | null }[] = [
  { username: 'admin.nasional', displayName: 'Admin Nasional KemenPAN-RB', role: 'national_admin', organisation: 'kemenpanrb' },
  { username: 'admin.bali', displayName: 'Admin Provinsi Bali', role: 'org_admin', organisation: '51' },
  { username: 'admin.buleleng', displayName: 'Admin Bagian Organisasi Buleleng', role: 'org_admin', organisation: '51.08' },
  { username: 'pupr.buleleng', displayName: 'Penghubung Dinas PUPR Buleleng', role: 'liaison', organisation: '51.08.pupr' },
  { username: 'dinkes.buleleng', displayName: 'Penghubung Dinas Kesehatan Buleleng', role: 'liaison', organisation: '51.08.dinkes' },
  { username: 'bupati.buleleng', displayName: 'Bupati Buleleng', role: 'leader', organisation: '51.08' },
  { username: 'admin.badung', displayName: 'Admin Bagian Organisasi Badung', role: 'org_admin', organisation: '51.03' },
  { username: 'ombudsman', displayName: 'Ombudsman Republik Indonesia', role: 'oversight', organisation: 'ombudsman' },
  { username: 'ksp', displayName: 'Kantor Staf Presiden', role: 'oversight', organisation: 'ksp' },
  { username: 'kemenpanrb', displayName: 'Kementerian PANRB', role: 'oversight', organisation: 'kemenpanrb' },
  { username: 'warga', displayName: 'Made Warga', role: 'reporter', organisation: null },
];

/** Organisations, categories and calendar, without accounts or complaints (tests build on this). */
export async function seedDemoOrganisation(q: Queryable): Promise<void> {
  await ensureRoot(q);
  await ensureOrganisation(q, { code: 'kemenpanrb', name: 'Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi', type: 'ministry', parentCode: ROOT_CODE });
  await ensureOrganisation(q, { code: 'ksp', name: 'Kantor Staf Presiden', type: 'oversight', parentCode: ROOT_CODE });
  await ensureOrganisation(q, { code: 'ombudsman', name: 'Ombudsman Republik Indonesia', type: 'oversight', parentCode: ROOT_CODE });
  await importRegions(q, ['51']);
  // A neighbouring province, so that "another province" exists in the demo and in tests.
  await importRegions(q, ['35']);
  for (const [region, units] of Object.entries(UNITS)) {
    for (const [slug, name] of units) {
      await ensureOrganisation(q, { code: `${region}.${slug}`, name, type: 'unit', parentCode: region, isAdminUnit: slug === 'org' });
    }
  }
  for (const c of CATEGORIES) {
    await upsertCategory(q, { code: c.code, parentCode: c.parentCode, nameId: c.nameId, nameEn: c.nameEn, resolutionClass: c.resolutionClass });
  }
  for (const region of Object.keys(UNITS)) {
    for (const c of CATEGORIES) {
      if (c.defaultUnitSlug) await setDefaultDestination(q, c.code, region, `${region}.${c.defaultUnitSlug}`);
    }
  }
  await seedNationalCalendar(q, [2025, 2026, 2027]);
}

export async function seedDemoAccounts(q: Queryable, password: string): Promise<void> {
  for (const a of DEMO_ACCOUNTS) {
    await createUser(q, {
      username: a.username,
      displayName: a.displayName,
      password,
      email: a.role === 'reporter' ? 'warga@example.org' : null,
      roles: [{ role: a.role, organisationCode: a.organisation }],
    });
  }
}

export interface DemoComplaintsOutcome {
  complaints: number;
  byStatus: Record<string, number>;
  ms: number;
  /** Set when seeding the complaints failed part-way (the organisation and accounts are in). */
  error?: unknown;
}

/**
 * Seeds everything on an empty database; returns undefined when there was already data.
 *
 * Organisations and accounts commit in one transaction, under an advisory lock so that two
 * processes starting together seed once. Only when that transaction seeded do the demo complaints
 * follow (seedDemoComplaints), through the commands, each step in a transaction of its own.
 * `complaints` settles when they are in and never rejects (a failure is in its `error`). With
 * `background` it is returned at once, so that the caller can start serving meanwhile (main.ts
 * does: ~200 complaints take a few seconds on PGlite); otherwise it has settled on return.
 * A crash while the complaints are seeded leaves fewer of them: the next start sees the users and
 * seeds nothing.
 */
export async function seedDemoIfEmpty(
  db: Db,
  opts: { password: string; clock: Clock; attachmentsDir: string; background?: boolean; shouldStop?: () => boolean },
) {
  const seeded = await db.tx(async (q) => {
    await q.query('SELECT pg_advisory_xact_lock(4120261)');
    const existing = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    if (existing.rows[0]!.n > 0) return false;
    await seedDemoOrganisation(q);
    await seedDemoAccounts(q, opts.password);
    return true;
  });
  if (!seeded) return undefined;
  const started = Date.now();
  const complaints: Promise<DemoComplaintsOutcome> = seedDemoComplaints(db, {
    now: opts.clock.now(),
    attachmentsDir: opts.attachmentsDir,
    password: opts.password,
    shouldStop: opts.shouldStop,
  }).then(
    (r) => ({ ...r, ms: Date.now() - started }),
    (error: unknown) => ({ complaints: 0, byStatus: {}, ms: Date.now() - started, error }),
  );
  if (!opts.background) await complaints;
  return { accounts: DEMO_ACCOUNTS.map((a) => ({ username: a.username, role: a.role, organisation: a.organisation })), complaints };
}
