// The benchmark's data, generated through SQL (never through the API): the national organisation
// tree (every province and regency/city of idn-area-data, 20 units each), categories with default
// destinations, the national working-day calendar, and complaints over ten years with their
// timelines, statuses and deadlines as the lifecycle would have left them.
//
// Everything a complaint is made of is derived from its id through hashint8extended(id, k), so a
// batch is one INSERT … SELECT over generate_series, batches are independent (two can run at once on
// two connections) and the same size gives the same data. Volume is skewed the way real traffic is:
// Zipf-like over regencies, Mondays heavier than Fridays, weekends light, peaks in the working days
// after a holiday, growing over the years. Small lookup tables (bench_*) drive the choices and are
// dropped at the end, so the database keeps exactly the production schema.
import type { Db, Queryable } from '../server/db/client';
import { ensureOrganisation, ensureRoot, importRegions, ROOT_CODE } from '../server/modules/organisations';
import { upsertCategory } from '../server/modules/categories';
import { seedNationalCalendar } from '../server/modules/deadlines';
import { CATEGORIES } from '../server/seed/categories';
import { DEMO_COMPLAINTS } from '../server/seed/demo-complaints';
import { AUTO_CLOSE_NOTE } from '../server/jobs/deadlines';
import { generateCorpus, prng } from '../test/support/triage-corpus';

/** Twenty units per government: the nine of the demo regencies plus eleven common ones. */
export const BENCH_UNITS: [slug: string, name: string][] = [
  ['org', 'Bagian Organisasi Setda'],
  ['kominfosanti', 'Dinas Komunikasi dan Informatika'],
  ['pupr', 'Dinas Pekerjaan Umum dan Penataan Ruang'],
  ['dinkes', 'Dinas Kesehatan'],
  ['disdik', 'Dinas Pendidikan'],
  ['dishub', 'Dinas Perhubungan'],
  ['dlh', 'Dinas Lingkungan Hidup'],
  ['disdukcapil', 'Dinas Kependudukan dan Pencatatan Sipil'],
  ['rsud', 'RSUD'],
  ['dinsos', 'Dinas Sosial'],
  ['satpolpp', 'Satuan Polisi Pamong Praja'],
  ['dpmptsp', 'Dinas Penanaman Modal dan PTSP'],
  ['bappeda', 'Badan Perencanaan Pembangunan Daerah'],
  ['bpbd', 'Badan Penanggulangan Bencana Daerah'],
  ['disnaker', 'Dinas Tenaga Kerja'],
  ['perkim', 'Dinas Perumahan dan Kawasan Permukiman'],
  ['disperindag', 'Dinas Perindustrian dan Perdagangan'],
  ['dispar', 'Dinas Pariwisata'],
  ['kesbangpol', 'Badan Kesatuan Bangsa dan Politik'],
  ['inspektorat', 'Inspektorat Daerah'],
];

const FIRST_NAMES = ['Budi', 'Siti', 'Agus', 'Dewi', 'Made', 'Wayan', 'Ketut', 'Nyoman', 'Putu', 'Rina', 'Andi', 'Sri', 'Joko', 'Nur', 'Ahmad', 'Yuli', 'Eko', 'Lestari', 'Hendra', 'Fitri', 'Rudi', 'Ayu', 'Bambang', 'Wulan', 'Dedi', 'Ratna', 'Irfan', 'Maria', 'Yohanes', 'Fransiska'];
const LAST_NAMES = ['Santoso', 'Wijaya', 'Saputra', 'Lestari', 'Hidayat', 'Kusuma', 'Pratama', 'Sari', 'Nugroho', 'Susanti', 'Gunawan', 'Purnama', 'Siregar', 'Nasution', 'Simanjuntak', 'Harahap', 'Manurung', 'Wibowo', 'Setiawan', 'Rahayu'];
const STREETS = ['Jl. Merdeka', 'Jl. Sudirman', 'Jl. Ahmad Yani', 'Jl. Diponegoro', 'Jl. Gajah Mada', 'Jl. Pahlawan', 'Jl. Veteran', 'Jl. Pemuda', 'Jl. Kartini', 'Jl. Imam Bonjol'];
const OBSTACLES = [
  'Anggaran pemeliharaan tahun ini sudah habis, diusulkan pada APBD Perubahan.',
  'Menunggu koordinasi dengan dinas terkait dan pemerintah desa.',
  'Petugas lapangan terbatas, jadwal peninjauan minggu depan.',
  'Data pelapor belum lengkap, sudah diminta melalui balasan.',
  'Lokasi berada di jalan provinsi, sedang dikoordinasikan dengan pemerintah provinsi.',
];
const RETURN_REASONS = ['Bukan kewenangan unit kami, mohon diteruskan ke unit yang berwenang.', 'Substansi aduan merupakan kewenangan dinas lain.'];
const REJECT_REASONS = ['Laporan tidak dapat diverifikasi: lokasi dan waktu kejadian tidak jelas.', 'Laporan ganda dengan aduan sebelumnya.', 'Bukan pengaduan pelayanan publik.'];

export interface GenerateOptions {
  /** Number of complaints. */
  size: number;
  /** The instant the data ends at (complaints are received over the ten years before it). */
  now: Date;
  /** Province codes to import (all 38 when undefined). */
  provinces?: string[];
  /** Complaints per INSERT statement. */
  batch?: number;
  /** Batches running at once on separate connections (PostgreSQL only). */
  parallel?: number;
  /** Drop the secondary indexes of complaints and complaint_events around the bulk load and rebuild them from their definitions. */
  dropIndexes?: boolean;
  /** Distinct texts per category in the text pool. */
  textsPerCategory?: number;
  log?: (msg: string) => void;
}

export interface GenerateResult {
  complaints: number;
  events: number;
  governments: number;
  units: number;
  texts: number;
  ms: { setup: number; complaints: number; indexes: number; analyze: number; total: number };
  /** The big tables were vacuumed after the load (visibility map and hint bits set). */
  vacuumed?: boolean;
  /** Set when the measurements reused a data set generated by an earlier `--generate-only` run. */
  generatedAt?: string;
}

const YEARS = 10;
const REGION_SLOTS = 100_000;
const DAY_SLOTS = 200_000;

/** The organisation tree, categories, destinations and calendar. Idempotent. */
export async function setupReferenceData(db: Db, o: Pick<GenerateOptions, 'now' | 'provinces'>): Promise<{ governments: number; units: number }> {
  return db.tx(async (q) => {
    await ensureRoot(q);
    await ensureOrganisation(q, { code: 'kemenpanrb', name: 'Kementerian Pendayagunaan Aparatur Negara dan Reformasi Birokrasi', type: 'ministry', parentCode: ROOT_CODE });
    await ensureOrganisation(q, { code: 'ombudsman', name: 'Ombudsman Republik Indonesia', type: 'oversight', parentCode: ROOT_CODE });
    await importRegions(q, o.provinces);
    const units = BENCH_UNITS.map(([slug]) => slug);
    const names = BENCH_UNITS.map(([, name]) => name);
    // Units in bulk (11,040 of them nationally): created without a path, which is then the parent's plus the new id.
    await q.query(
      `INSERT INTO organisations (code, name, type, parent_id, path, depth, time_zone, is_admin_unit)
       SELECT r.code || '.' || u.slug, left(u.name || ' ' || r.name, 200), 'unit', r.id, '', r.depth + 1, r.time_zone, u.slug = 'org'
         FROM organisations r CROSS JOIN unnest($1::text[], $2::text[]) AS u(slug, name)
        WHERE r.type IN ('province', 'regency', 'city')
          AND NOT EXISTS (SELECT 1 FROM organisations x WHERE x.code = r.code || '.' || u.slug)`,
      [units, names],
    );
    await q.query(`UPDATE organisations o SET path = p.path || o.id || '/' FROM organisations p WHERE o.parent_id = p.id AND o.path = ''`);
    for (const c of CATEGORIES) {
      await upsertCategory(q, { code: c.code, parentCode: c.parentCode, nameId: c.nameId, nameEn: c.nameEn, resolutionClass: c.resolutionClass });
    }
    const subs = CATEGORIES.filter((c) => c.defaultUnitSlug);
    await q.query(
      `INSERT INTO category_destinations (category_id, region_org_id, destination_org_id)
       SELECT cat.id, r.id, u.id
         FROM unnest($1::text[], $2::text[]) AS d(code, slug)
         JOIN categories cat ON cat.code = d.code
         CROSS JOIN organisations r
         JOIN organisations u ON u.code = r.code || '.' || d.slug
        WHERE r.type IN ('province', 'regency', 'city')
       ON CONFLICT DO NOTHING`,
      [subs.map((c) => c.code), subs.map((c) => c.defaultUnitSlug)],
    );
    const year = o.now.getUTCFullYear();
    await seedNationalCalendar(q, Array.from({ length: YEARS + 3 }, (_, i) => year - YEARS - 1 + i));
    const counts = (
      await q.query<{ governments: number; units: number }>(
        `SELECT count(*) FILTER (WHERE type IN ('province', 'regency', 'city'))::int AS governments, count(*) FILTER (WHERE type = 'unit')::int AS units FROM organisations`,
      )
    ).rows[0]!;
    return counts;
  });
}

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Lookup tables the batches draw from: texts, regions with Zipf weights, days with weights, the working-day index. */
async function buildLookups(db: Db, o: GenerateOptions): Promise<{ texts: number }> {
  return db.tx(async (q) => {
    await q.exec(`
      DROP TABLE IF EXISTS bench_texts, bench_regions, bench_region_slots, bench_units, bench_days, bench_wd, bench_wdn;
      CREATE TABLE bench_texts (id int PRIMARY KEY, title text NOT NULL, body text NOT NULL, category_id int NOT NULL, days int NOT NULL, unit_slug text NOT NULL, response text NOT NULL);
      CREATE TABLE bench_regions (idx int PRIMARY KEY, id int NOT NULL, code text NOT NULL, path text NOT NULL, short text NOT NULL,
                                  province_path text NOT NULL, tzh int NOT NULL, region_code text);
      CREATE TABLE bench_region_slots (slot int PRIMARY KEY, idx int NOT NULL);
      CREATE TABLE bench_units (region_id int NOT NULL, slug text NOT NULL, id int NOT NULL, path text NOT NULL, code text NOT NULL, PRIMARY KEY (region_id, slug));
      CREATE TABLE bench_days (slot int PRIMARY KEY, day date NOT NULL);
      CREATE TABLE bench_wd (d date PRIMARY KEY, n int NOT NULL);
      CREATE TABLE bench_wdn (n int PRIMARY KEY, d date NOT NULL);`);

    // Texts: the labelled corpus generator (per-category phrases, templates, abbreviations, typos)
    // plus the hand-written demo complaints. Region names in them are replaced per complaint.
    const corpus = generateCorpus(o.textsPerCategory ?? 300, 29);
    const responses = DEMO_COMPLAINTS.filter((d) => d.response).map((d) => d.response!);
    const items = [
      ...corpus.map((c) => ({ title: c.title, body: c.body, category: c.category, unit: c.unit })),
      ...DEMO_COMPLAINTS.map((d) => ({ title: d.title, body: d.body, category: d.categoryCode, unit: d.unitSlug })),
    ];
    const r = prng(7);
    await q.query(
      `INSERT INTO bench_texts (id, title, body, category_id, days, unit_slug, response)
       SELECT t.i - 1, left(t.title, 200), t.body, c.id,
              CASE c.resolution_class WHEN 'ordinary' THEN 5 WHEN 'no_inspection' THEN 14 ELSE 60 END, t.unit, t.response
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS t(title, body, category, unit, response, i)
         JOIN categories c ON c.code = t.category`,
      [items.map((i) => i.title), items.map((i) => i.body), items.map((i) => i.category), items.map((i) => i.unit), items.map(() => responses[Math.floor(r() * responses.length)]!)],
    );
    // Renumber densely in case a category was missing.
    await q.exec(`UPDATE bench_texts t SET id = s.rn - 1 + 1000000 FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM bench_texts) s WHERE s.id = t.id;
                  UPDATE bench_texts SET id = id - 1000000;`);
    const texts = (await q.query<{ n: number }>('SELECT count(*)::int AS n FROM bench_texts')).rows[0]!.n;

    // Governments: regencies/cities Zipf-like (a few very large), provinces lighter.
    await q.exec(`
      INSERT INTO bench_regions (idx, id, code, path, short, province_path, tzh, region_code)
      SELECT row_number() OVER (ORDER BY o.code)::int - 1, o.id, o.code, o.path,
             regexp_replace(o.name, '^(Provinsi|Kabupaten|Kota) ', ''),
             coalesce(p.path, o.path), CASE o.time_zone WHEN 'WIB' THEN 7 WHEN 'WITA' THEN 8 ELSE 9 END, o.region_code
        FROM organisations o LEFT JOIN organisations p ON p.id = o.parent_id AND p.type = 'province'
       WHERE o.type IN ('province', 'regency', 'city');
      INSERT INTO bench_units (region_id, slug, id, path, code)
      SELECT u.parent_id, substr(u.code, length(r.code) + 2), u.id, u.path, u.code
        FROM organisations u JOIN organisations r ON r.id = u.parent_id
       WHERE u.type = 'unit' AND r.type IN ('province', 'regency', 'city');`);
    const regions = (await q.query<{ idx: number; code: string }>('SELECT idx, code FROM bench_regions ORDER BY idx')).rows;
    const rr = prng(13);
    const regencies = regions.filter((x) => x.code.includes('.'));
    const provinces = regions.filter((x) => !x.code.includes('.'));
    // A deterministic shuffle decides which regencies are the large ones.
    const order = regencies.map((x) => ({ x, k: rr() })).sort((a, b) => a.k - b.k).map((e) => e.x);
    const weights = new Map<number, number>();
    order.forEach((x, rank) => weights.set(x.idx, 1 / Math.pow(rank + 1, 0.85)));
    const mean = [...weights.values()].reduce((a, b) => a + b, 0) / Math.max(1, weights.size);
    for (const p of provinces) weights.set(p.idx, mean * 0.6);
    const slots = allocate([...weights.entries()], REGION_SLOTS);
    await q.query('INSERT INTO bench_region_slots (slot, idx) SELECT s - 1, i FROM unnest($1::int[]) WITH ORDINALITY AS t(i, s)', [slots]);

    // Days: ten years up to yesterday (UTC dates), weighted by weekday, post-holiday peaks and growth.
    const holidays = new Set((await q.query<{ d: string }>(`SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays WHERE organisation_id IS NULL`)).rows.map((x) => x.d));
    const today = Date.UTC(o.now.getUTCFullYear(), o.now.getUTCMonth(), o.now.getUTCDate());
    const first = today - YEARS * 365 * DAY_MS;
    const DOW = [0.35, 1.45, 1.2, 1.1, 1.0, 0.85, 0.45]; // Sunday … Saturday
    const dayWeights: [number, number][] = [];
    let sinceHoliday = 99;
    for (let t = first, i = 0; t < today; t += DAY_MS, i++) {
      const dow = new Date(t).getUTCDay();
      const off = holidays.has(isoDay(t));
      const weekend = dow === 0 || dow === 6;
      if (off && !weekend) sinceHoliday = 0;
      else if (!weekend) sinceHoliday++;
      let w = DOW[dow]!;
      if (off) w *= 0.5;
      else if (!weekend && sinceHoliday <= 3) w *= [1, 2.2, 1.6, 1.25][sinceHoliday]!;
      w *= 0.45 + (1.1 * (t - first)) / (today - first); // volume grows over the decade
      dayWeights.push([t, w]);
    }
    const daySlots = allocate(dayWeights, DAY_SLOTS).map(isoDay);
    await q.query('INSERT INTO bench_days (slot, day) SELECT s - 1, d::date FROM unnest($1::text[]) WITH ORDINALITY AS t(d, s)', [daySlots]);

    // The working-day index: n = working days up to and including d; bench_wdn the n-th working day.
    const wd: [string, number][] = [];
    const wdn: [number, string][] = [];
    let n = 0;
    for (let t = first - 60 * DAY_MS; t < today + 400 * DAY_MS; t += DAY_MS) {
      const dow = new Date(t).getUTCDay();
      if (dow !== 0 && dow !== 6 && !holidays.has(isoDay(t))) {
        n++;
        wdn.push([n, isoDay(t)]);
      }
      wd.push([isoDay(t), n]);
    }
    await q.query('INSERT INTO bench_wd (d, n) SELECT d::date, n FROM unnest($1::text[], $2::int[]) AS t(d, n)', [wd.map((x) => x[0]), wd.map((x) => x[1])]);
    await q.query('INSERT INTO bench_wdn (n, d) SELECT n, d::date FROM unnest($1::int[], $2::text[]) AS t(n, d)', [wdn.map((x) => x[0]), wdn.map((x) => x[1])]);
    await q.exec('ANALYZE bench_texts; ANALYZE bench_regions; ANALYZE bench_region_slots; ANALYZE bench_units; ANALYZE bench_days; ANALYZE bench_wd; ANALYZE bench_wdn;');
    return { texts };
  });
}

/** `total` slots shared out in proportion to the weights (largest remainder), as a list of keys. */
function allocate<K>(weights: [K, number][], total: number): K[] {
  const sum = weights.reduce((a, [, w]) => a + w, 0);
  const shares = weights.map(([k, w]) => ({ k, exact: (w / sum) * total }));
  const out: K[] = [];
  for (const s of shares) for (let i = 0; i < Math.floor(s.exact); i++) out.push(s.k);
  const rest = shares.map((s) => ({ k: s.k, frac: s.exact - Math.floor(s.exact) })).sort((a, b) => b.frac - a.frac);
  for (let i = 0; out.length < total; i++) out.push(rest[i % rest.length]!.k);
  return out;
}

/** A uniform number in [0, 1) derived from the complaint id and a stream number. */
const R = (k: number) => `((hashint8extended(g, ${k}) & 1099511627775)::float8 / 1099511627776.0)`;
/** Whole number in [0, n). */
const H = (k: number, n: number | string) => `((hashint8extended(g, ${k}) & 1099511627775) % ${n})::int`;

/**
 * Due date `k` working days after the local date of `fromExpr` (23:59:59.999 local on the last one),
 * as addWorkingDays computes it with the national calendar, in the zone `tzh` hours east of UTC.
 */
function dueSql(fromExpr: string, k: number, tzh = 'tzh'): string {
  return `(((SELECT w2.d FROM bench_wdn w2 WHERE w2.n = (SELECT w1.n FROM bench_wd w1 WHERE w1.d = ((${fromExpr}) AT TIME ZONE 'UTC' + ${tzh} * interval '1 hour')::date) + ${k}) + 1)::timestamp
            - interval '1 millisecond' - ${tzh} * interval '1 hour') AT TIME ZONE 'UTC'`;
}

const day = (x: string) => `(${x}) * interval '1 day'`;

const nowP = '$1::timestamptz';

/**
 * One batch of complaints [lo, hi] and their timelines, in one transaction. Steps are laid out in
 * time from the complaint's own random numbers; the ones after `now` have not happened yet, and a
 * few complaints are stuck at a stage for good (units that never act): the overdue backlog.
 */
export async function insertBatch(q: Queryable, lo: number, hi: number, now: Date, counts: { texts: number }): Promise<number> {
  const prof = process.env.BENCH_PROFILE ? (label: string, t: number) => console.log(`    ${label} ${Date.now() - t} ms`) : () => {};
  let t = Date.now();
  // Stage 1: the complaint's plan (times of every step it would take).
  await q.query(
    `CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
     WITH base AS (
       SELECT g, r.idx, r.id AS admin_id, r.path AS admin_path, r.province_path, r.tzh, r.short, r.region_code, t.title, t.body, t.category_id, t.days, t.unit_slug, t.response,
              ((d.day::timestamp + (6 * 3600 + ${R(4)} * 15 * 3600) * interval '1 second' - r.tzh * interval '1 hour') AT TIME ZONE 'UTC') AS created,
              ${R(6)} AS p_path, ${R(7)} AS p_stuck, ${H(8, 4)} AS stuck_stage, ${R(9)} AS p_hold,
              ${R(10)} AS u_verify, ${R(11)} AS p_return, ${R(12)} AS u_return, ${R(13)} AS u_forward, ${R(14)} AS u_accept,
              ${R(15)} AS p_obstacle, ${R(16)} AS u_obstacle, ${R(17)} AS u_respond, ${R(18)} AS p_rate, ${R(19)} AS u_rate,
              ${R(20)} AS u_type, ${R(21)} AS u_channel, ${R(22)} AS u_privacy, ${R(23)} AS u_name, ${R(24)} AS u_geo, ${H(25, 20)} AS wrong_unit
         FROM generate_series($1::bigint, $2::bigint) AS g
         JOIN bench_region_slots rs ON rs.slot = ${H(1, REGION_SLOTS)}
         JOIN bench_regions r ON r.idx = rs.idx
         JOIN bench_days d ON d.slot = ${H(2, DAY_SLOTS)}
         JOIN bench_texts t ON t.id = ${H(5, counts.texts)}
     ),
     times AS (
       SELECT b.*,
              CASE WHEN p_path < 0.07 THEN 'reject' WHEN p_path < 0.09 THEN 'archive' ELSE 'normal' END AS plan,
              p_stuck < 0.05 AS stuck,
              created + ${day('0.05 + u_verify * u_verify * 5')} AS t_verify,
              CASE WHEN p_return < 0.06 THEN created + ${day('0.05 + u_verify * u_verify * 5 + 0.5 + u_return * 3')} END AS t_return,
              CASE WHEN p_return < 0.06 THEN created + ${day('0.05 + u_verify * u_verify * 5 + 0.5 + u_return * 3 + 0.2 + u_forward * 2')} END AS t_forward
         FROM base b
     ),
     times2 AS (
       SELECT t.*, coalesce(t_forward, t_verify) + ${day('0.05 + u_accept * 2')} AS t_accept FROM times t
     ),
     times3 AS (
       SELECT t.*,
              CASE WHEN p_obstacle < 0.15 THEN t_accept + ${day('0.3 + u_obstacle * 3')} END AS t_obstacle,
              CASE WHEN stuck AND p_hold < 0.2 THEN t_accept + interval '1 day' END AS t_hold,
              t_accept + ${day('0.3 + power(u_respond, 1.5) * days * 1.4')} AS t_respond
         FROM times2 t
     )
     SELECT t.*, v_ok, r_ok, f_ok,
            -- Accepted: after the forward when it was returned; stuck at "disposed" never gets here.
            (v_ok AND (t_return IS NULL OR f_ok) AND t_accept <= $3::timestamptz AND NOT (stuck AND stuck_stage = 1)) AS a_ok
       FROM times3 t
       CROSS JOIN LATERAL (SELECT (plan = 'normal' AND t_verify <= $3::timestamptz AND NOT (stuck AND stuck_stage = 0)) AS v_ok) v
       CROSS JOIN LATERAL (SELECT (v_ok AND t_return IS NOT NULL AND t_return <= $3::timestamptz) AS r_ok) r
       CROSS JOIN LATERAL (SELECT (r_ok AND t_forward <= $3::timestamptz AND NOT (stuck AND stuck_stage = 3)) AS f_ok) f`,
    [lo, hi, now],
  );
  prof('plan', t);
  t = Date.now();
  // Stage 2: the state now, with deadlines from the working-day calendar.
  await q.query(
    `CREATE TEMP TABLE bench_state ON COMMIT DROP AS
     WITH s AS (
       SELECT p.*,
              (a_ok AND t_obstacle IS NOT NULL AND t_obstacle <= ${nowP}) AS o_ok,
              (a_ok AND t_hold IS NOT NULL AND t_hold <= ${nowP}) AS h_ok,
              (a_ok AND NOT stuck AND t_respond <= ${nowP}) AS p_ok,
              (plan = 'reject' AND created + ${day('0.1 + u_verify * 3')} <= ${nowP}) AS rej_ok,
              (plan = 'archive' AND created + ${day('0.1 + u_verify * 3')} <= ${nowP}) AS arch_ok,
              u1.id AS unit1_id, u1.path AS unit1_path, u1.code AS unit1_code, u2.id AS unit2_id, u2.path AS unit2_path, u2.code AS unit2_code
         FROM bench_plan p
         JOIN bench_units u2 ON u2.region_id = p.admin_id AND u2.slug = p.unit_slug
         JOIN bench_units u1 ON u1.region_id = p.admin_id AND u1.slug = CASE WHEN p.t_return IS NULL THEN p.unit_slug ELSE (SELECT slug FROM bench_units x WHERE x.region_id = p.admin_id AND x.slug <> p.unit_slug ORDER BY x.slug OFFSET (p.wrong_unit % 19) LIMIT 1) END
     ),
     s2 AS (
       SELECT s.*,
              ${dueSql('created', 3)} AS d_submit,
              CASE WHEN v_ok THEN ${dueSql('t_verify', 5)} END AS d_verify,
              CASE WHEN r_ok THEN ${dueSql('t_return', 3)} END AS d_return,
              CASE WHEN f_ok THEN ${dueSql('t_forward', 5)} END AS d_forward,
              CASE WHEN p_ok THEN ${dueSql('t_respond', 10)} END AS d_respond
         FROM s
     ),
     s3 AS (
       SELECT s2.*,
              -- Closing: the reporter rates within a week, else the sweep closes it when the reply window ends.
              CASE WHEN p_ok THEN CASE WHEN p_rate < 0.45 THEN t_respond + ${day('0.2 + u_rate * 6')} ELSE d_respond + interval '3 minutes' END END AS t_close
         FROM s2
     )
     SELECT s3.*,
            (p_ok AND t_close <= ${nowP}) AS c_ok,
            CASE
              WHEN plan = 'reject' THEN CASE WHEN rej_ok THEN 'rejected' ELSE 'submitted' END
              WHEN plan = 'archive' THEN CASE WHEN arch_ok THEN 'archived' ELSE 'submitted' END
              WHEN p_ok AND t_close <= ${nowP} THEN 'closed'
              WHEN p_ok THEN 'responded'
              WHEN h_ok THEN 'on_hold'
              WHEN a_ok THEN 'in_progress'
              WHEN f_ok THEN 'disposed'
              WHEN r_ok THEN 'returned'
              WHEN v_ok THEN 'disposed'
              ELSE 'submitted'
            END AS status
       FROM s3`,
    [now],
  );
  prof('state', t);
  t = Date.now();
  // The row as the commands would have left it.
  const ins = await q.query(
    `INSERT INTO complaints (id, tracking_number, access_code_hash, type, title, body, category_id, status, channel,
        admin_org_id, admin_org_path, province_path, suggested_org_id, holder_org_id, holder_org_path, routed_at, occurred_at, region_code,
        address, lat, lng, anonymous, confidential, reporter_name, reporter_phone, reporter_email,
        created_at, updated_at, verified_at, first_response_at, responded_at, closed_at, due_at, due_kind,
        hold_started_at, status_before_hold, escalation_level, escalated_due_at, next_escalation_at, reminded_due_at, rating, quality_score)
     OVERRIDING SYSTEM VALUE
     SELECT g, tracking, '9f2c5d0e7a1b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5', type,
            left(replace(replace(title, 'Buleleng', short), 'Badung', short), 200), replace(replace(body, 'Buleleng', short), 'Badung', short),
            category_id, status, channel, admin_id, admin_path, province_path, CASE WHEN u_geo < 0.3 THEN unit2_id END,
            holder_id, holder_path, routed_at, created - interval '2 days', region_code,
            CASE WHEN u_geo < 0.5 THEN ${streetSql()} END,
            CASE WHEN u_geo < 0.25 THEN -8.5 + u_geo * 20 END, CASE WHEN u_geo < 0.25 THEN 105 + u_geo * 100 END,
            u_privacy < 0.12, u_privacy > 0.96,
            CASE WHEN channel IN ('sms', 'api') AND u_name < 0.5 THEN NULL ELSE ${nameSql()} END,
            CASE WHEN channel = 'sms' OR u_name < 0.4 THEN '+628' || lpad(((g * 7919) % 1000000000)::text, 9, '1') END,
            CASE WHEN u_name > 0.6 THEN 'warga' || g || '@contoh.id' END,
            created, greatest(created, last_at), CASE WHEN v_ok THEN t_verify END, CASE WHEN p_ok THEN t_respond END, CASE WHEN p_ok THEN t_respond END,
            CASE WHEN c_ok THEN t_close END, due_at, due_kind,
            CASE WHEN status = 'on_hold' THEN t_hold END, CASE WHEN status = 'on_hold' THEN 'in_progress' END,
            esc_level, CASE WHEN esc_level > 0 THEN due_at END,
            CASE WHEN esc_level BETWEEN 1 AND 3 THEN due_at + esc_level * interval '1 day' END,
            CASE WHEN status IN ('submitted', 'disposed', 'in_progress', 'returned') AND due_at <= ${nowP} + interval '2 days' THEN due_at END,
            CASE WHEN c_ok AND p_rate < 0.45 THEN 1 + ${H(26, 5)} END, round((0.3 + u_geo * 0.7)::numeric, 2)::real
       FROM (
         SELECT st.*,
                'B' || upper(lpad(to_hex((g * 1103515245 + 12345) % 1099511627776), 10, '0')) AS tracking,
                CASE WHEN u_type < 0.85 THEN 'pengaduan' WHEN u_type < 0.95 THEN 'aspirasi' ELSE 'informasi' END AS type,
                CASE WHEN u_channel < 0.6 THEN 'web' WHEN u_channel < 0.85 THEN 'mobile' WHEN u_channel < 0.95 THEN 'sms' ELSE 'api' END AS channel,
                CASE WHEN status IN ('returned', 'submitted', 'rejected', 'archived') THEN NULL WHEN f_ok THEN unit2_id ELSE unit1_id END AS holder_id,
                CASE WHEN status IN ('returned', 'submitted', 'rejected', 'archived') THEN NULL WHEN f_ok THEN unit2_path ELSE unit1_path END AS holder_path,
                CASE WHEN f_ok THEN t_forward WHEN v_ok THEN t_verify END AS routed_at,
                CASE status WHEN 'submitted' THEN d_submit WHEN 'returned' THEN d_return WHEN 'responded' THEN d_respond
                            WHEN 'disposed' THEN coalesce(d_forward, d_verify) WHEN 'in_progress' THEN coalesce(d_forward, d_verify) WHEN 'on_hold' THEN coalesce(d_forward, d_verify) END AS due_at,
                CASE status WHEN 'submitted' THEN 'verification' WHEN 'returned' THEN 'verification' WHEN 'responded' THEN 'reporter_reply'
                            WHEN 'disposed' THEN 'first_response' WHEN 'in_progress' THEN 'first_response' WHEN 'on_hold' THEN 'first_response' END AS due_kind,
                greatest(created, CASE WHEN c_ok THEN t_close WHEN p_ok THEN t_respond WHEN h_ok THEN t_hold WHEN a_ok THEN t_accept WHEN f_ok THEN t_forward WHEN r_ok THEN t_return WHEN v_ok THEN t_verify END) AS last_at
           FROM bench_state st
       ) x
       CROSS JOIN LATERAL (SELECT CASE WHEN status IN ('submitted', 'disposed', 'in_progress', 'returned') AND due_at < ${nowP}
                                       THEN least(4, 1 + floor(extract(epoch FROM ${nowP} - due_at) / 86400))::int ELSE 0 END AS esc_level) e`,
    [now],
  );
  prof('complaints', t);
  t = Date.now();
  // The timeline: one row per step taken, with the due date each step left in force.
  await q.query(
    `INSERT INTO complaint_events (complaint_id, at, action, from_status, to_status, actor_role, actor_org_id, holder_org_id, message, data, internal, due_at)
     SELECT s.g, e.at, e.action, e.from_status, e.to_status, e.role, e.org, e.holder, e.message, e.data, e.internal, e.due
       FROM (SELECT st.*, c.status AS cur_status, c.due_at AS cur_due, c.escalation_level AS esc FROM bench_state st JOIN complaints c ON c.id = st.g) s
       CROSS JOIN LATERAL (VALUES
         ('submit', s.created, NULL, 'submitted', 'reporter', NULL::int, NULL::int, NULL, '{}'::jsonb, false, s.d_submit),
         ('reject', CASE WHEN s.cur_status = 'rejected' THEN s.created + ${day('0.1 + s.u_verify * 3')} END, 'submitted', 'rejected', 'org_admin', s.admin_id, NULL, (ARRAY[${sqlList(REJECT_REASONS)}])[1 + (s.g % ${REJECT_REASONS.length})::int], '{}', false, NULL),
         ('archive', CASE WHEN s.cur_status = 'archived' THEN s.created + ${day('0.1 + s.u_verify * 3')} END, 'submitted', 'archived', 'org_admin', s.admin_id, NULL, 'Tidak dapat ditindaklanjuti: isi tidak jelas', '{}', false, NULL),
         ('verify', CASE WHEN s.v_ok THEN s.t_verify END, 'submitted', 'disposed', 'org_admin', s.admin_id, s.unit1_id, NULL, jsonb_build_object('organisation', s.unit1_code), false, s.d_verify),
         ('return', CASE WHEN s.r_ok THEN s.t_return END, 'disposed', 'returned', 'liaison', s.unit1_id, NULL, (ARRAY[${sqlList(RETURN_REASONS)}])[1 + (s.g % ${RETURN_REASONS.length})::int], jsonb_build_object('from', s.unit1_code), false, s.d_return),
         ('forward', CASE WHEN s.f_ok THEN s.t_forward END, 'returned', 'disposed', 'org_admin', s.admin_id, s.unit2_id, NULL, jsonb_build_object('organisation', s.unit2_code), false, s.d_forward),
         ('accept', CASE WHEN s.a_ok THEN s.t_accept END, 'disposed', 'in_progress', 'liaison', CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, NULL, '{}', false, coalesce(s.d_forward, s.d_verify)),
         ('obstacle', CASE WHEN s.o_ok AND (NOT s.p_ok OR s.t_obstacle < s.t_respond) AND (NOT s.h_ok OR s.t_obstacle < s.t_hold) THEN s.t_obstacle END, 'in_progress', 'in_progress', 'liaison', CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, (ARRAY[${sqlList(OBSTACLES)}])[1 + (s.g % ${OBSTACLES.length})::int], '{}', true, coalesce(s.d_forward, s.d_verify)),
         ('hold', CASE WHEN s.cur_status = 'on_hold' THEN s.t_hold END, 'in_progress', 'on_hold', 'liaison', CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, 'Menunggu kelengkapan data dari pelapor', '{}', false, coalesce(s.d_forward, s.d_verify)),
         ('respond', CASE WHEN s.p_ok THEN s.t_respond END, 'in_progress', 'responded', 'liaison', CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, s.response, '{"final": true}'::jsonb, false, s.d_respond),
         ('rate', CASE WHEN s.c_ok AND s.p_rate < 0.45 THEN s.t_close END, 'responded', 'closed', 'reporter', NULL, CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, 'Terima kasih, sudah ditangani.', jsonb_build_object('score', 1 + ${H(26, 5).replace(/\bg\b/g, 's.g')}), false, NULL),
         ('close', CASE WHEN s.c_ok AND s.p_rate >= 0.45 THEN s.t_close END, 'responded', 'closed', 'system', NULL, CASE WHEN s.f_ok THEN s.unit2_id ELSE s.unit1_id END, ${sqlString(AUTO_CLOSE_NOTE)}, '{}', false, NULL)
       ) AS e(action, at, from_status, to_status, role, org, holder, message, data, internal, due)
      WHERE e.at IS NOT NULL
     UNION ALL
     -- The escalation ladder of the overdue ones: one internal step per level reached.
     SELECT s.g, least(s.cur_due + (k - 1) * interval '1 day' + interval '2 minutes', $1::timestamptz), 'escalate', s.cur_status, s.cur_status, 'system', NULL, s.holder, 'Eskalasi tingkat ' || k, jsonb_build_object('level', k), true, s.cur_due
       FROM (SELECT st.g, c.status AS cur_status, c.due_at AS cur_due, c.escalation_level AS esc, c.holder_org_id AS holder FROM bench_state st JOIN complaints c ON c.id = st.g WHERE c.escalation_level > 0) s
       CROSS JOIN generate_series(1, s.esc) AS k`,
    [now],
  );
  prof('events', t);
  return ins.rowCount;
}

function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
function sqlList(xs: string[]): string {
  return xs.map(sqlString).join(', ');
}
function nameSql(): string {
  return `((ARRAY[${sqlList(FIRST_NAMES)}])[1 + ${H(27, FIRST_NAMES.length)}] || ' ' || (ARRAY[${sqlList(LAST_NAMES)}])[1 + ${H(28, LAST_NAMES.length)}])`;
}
function streetSql(): string {
  return `((ARRAY[${sqlList(STREETS)}])[1 + ${H(29, STREETS.length)}] || ' No. ' || (1 + ${H(30, 200)}))`;
}

interface IndexDef {
  name: string;
  def: string;
}

/** Secondary indexes of the two big tables (not primary keys or unique constraints), with their exact definitions. */
async function secondaryIndexes(q: Queryable): Promise<IndexDef[]> {
  return (
    await q.query<IndexDef>(
      `SELECT i.indexname AS name, i.indexdef AS def
         FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename IN ('complaints', 'complaint_events')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.tablename, i.indexname`,
    )
  ).rows;
}

export async function generate(db: Db, o: GenerateOptions): Promise<GenerateResult> {
  const log = o.log ?? (() => {});
  const t0 = Date.now();
  const ref = await setupReferenceData(db, o);
  const { texts } = await buildLookups(db, o);
  const tSetup = Date.now();
  log(`reference data: ${ref.governments} governments, ${ref.units} units, ${texts} texts (${((tSetup - t0) / 1000).toFixed(1)} s)`);

  const start = ((await db.query<{ n: number }>('SELECT coalesce(max(id), 0)::int AS n FROM complaints')).rows[0]!.n) + 1;
  let dropped: IndexDef[] = [];
  if (o.dropIndexes) {
    dropped = await secondaryIndexes(db);
    for (const ix of dropped) await db.exec(`DROP INDEX ${ix.name}`);
    log(`dropped ${dropped.length} secondary indexes for the bulk load`);
  }
  const batch = o.batch ?? 50_000;
  const ranges: [number, number][] = [];
  for (let lo = start; lo < start + o.size; lo += batch) ranges.push([lo, Math.min(lo + batch - 1, start + o.size - 1)]);
  let done = 0;
  let next = 0;
  const workers = db.engine === 'postgres' ? Math.max(1, o.parallel ?? 1) : 1;
  const worker = async () => {
    while (next < ranges.length) {
      const [lo, hi] = ranges[next++]!;
      await db.tx(async (q) => {
        // Bulk load: no per-row triggers (the events' due_at is written explicitly) and no FK checks
        // (every reference comes from the lookup tables of this database).
        await q.query("SELECT set_config('session_replication_role', 'replica', true)");
        if (db.engine === 'postgres') await q.query("SELECT set_config('synchronous_commit', 'off', true), set_config('work_mem', '256MB', true), set_config('jit', 'off', true)");
        await insertBatch(q, lo, hi, o.now, { texts });
      });
      done += hi - lo + 1;
      if (ranges.length > 10 && (done / batch) % Math.max(1, Math.floor(ranges.length / 20)) === 0) {
        log(`  ${done.toLocaleString('en')} / ${o.size.toLocaleString('en')} complaints (${((Date.now() - tSetup) / 1000).toFixed(0)} s)`);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  await db.query(`SELECT setval(pg_get_serial_sequence('complaints', 'id'), (SELECT max(id) FROM complaints))`);
  // The bulk load ran without triggers: the statistics facts (migrations/0017) are built in one pass.
  await db.tx(async (q) => {
    if (db.engine === 'postgres') await q.query("SELECT set_config('work_mem', '1GB', true), set_config('jit', 'off', true)");
    await q.query('SELECT refresh_complaint_facts()');
  });
  const tRows = Date.now();
  log(`complaints and timelines loaded (${((tRows - tSetup) / 1000).toFixed(1)} s)`);

  if (dropped.length) {
    // Rebuilt from their exact definitions, two at a time on PostgreSQL.
    const queue = [...dropped];
    const build = async () => {
      for (let ix = queue.shift(); ix; ix = queue.shift()) {
        const t = Date.now();
        await db.tx(async (q) => {
          if (db.engine === 'postgres') await q.query("SELECT set_config('maintenance_work_mem', '1GB', true)");
          await q.exec(ix.def);
        });
        log(`  index ${ix.name} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      }
    };
    await Promise.all(Array.from({ length: db.engine === 'postgres' ? 2 : 1 }, build));
  }
  const tIdx = Date.now();
  await db.exec('DROP TABLE IF EXISTS bench_texts, bench_regions, bench_region_slots, bench_units, bench_days, bench_wd, bench_wdn');
  // VACUUM as well as ANALYZE: a database that has been running has its visibility map and hint
  // bits set; a freshly loaded one would set them during the measured reads (and allow no index-only scans).
  await db.exec('VACUUM (ANALYZE) complaints');
  await db.exec('VACUUM (ANALYZE) complaint_events');
  await db.exec('VACUUM (ANALYZE) complaint_facts');
  await db.exec('ANALYZE');
  const tEnd = Date.now();
  const counts = (
    await db.query<{ complaints: number; events: number }>('SELECT (SELECT count(*) FROM complaints)::int AS complaints, (SELECT count(*) FROM complaint_events)::int AS events')
  ).rows[0]!;
  return {
    ...counts,
    ...ref,
    texts,
    ms: { setup: tSetup - t0, complaints: tRows - tSetup, indexes: tIdx - tRows, analyze: tEnd - tIdx, total: tEnd - t0 },
    vacuumed: true,
  };
}
