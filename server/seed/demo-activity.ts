// Demo activity: about 200 complaints in every status, filed and moved THROUGH THE COMMANDS
// (submitComplaint / performAction) so that timelines, due dates and outbox events are the real ones.
//
// Everything is planned first from a seeded PRNG (mulberry32, fixed seed): creation times spread over
// the 90 days before `now` (mostly weekday office hours WITA, some evenings and weekends), which demo
// entry each complaint uses, its target end state and the time of every step. The plan is then run in
// global time order with a fixed clock that is moved to each step's instant, so the demo looks the same
// on every fresh start (only tracking numbers and access codes, which are random by design, differ).
//
// The mix (for 200): ~10% submitted (the newest; some overdue for verification), ~5% rejected,
// ~15% disposed, ~15% in progress (accepted; interim follow-ups, obstacles, a few reopened), ~20%
// responded, ~27% closed (rated by the reporter or closed by the admin), ~5% misaddressed (verified to
// the wrong unit, returned by it, most then forwarded by the admin to the right one) and a few on hold.
// Older complaints are further along; some are overdue at `now` so that dashboards have work to show.
// Staff act in office hours on working days, reporters in waking hours. The outbox events are marked
// handled at their own time (the demo's worker "has been running"); escalations and reminders are
// left to the real worker, which catches up on its first pass.
import { nextTurn } from '../platform/yield';
import type { Db, Queryable } from '../db/client';
import { fixedClock } from '../platform/clock';
import { GUEST, type Actor } from '../modules/access/actor';
import { createUser, loadActor } from '../modules/users';
import { performAction, submitComplaint, type ActionInput, type Ctx, type NewComplaint } from '../modules/complaints/commands';
import type { Action, Status } from '../modules/complaints/lifecycle';
import { DEMO_COMPLAINTS, DEMO_DISTRICT_CENTRES, DEMO_DISTRICT_CODES, DEMO_REGENCY_UNITS, type DemoComplaintSeed, type DemoRegencyCode } from './demo-complaints';

export interface SeedDemoComplaintsOptions {
  /** The demo's "today": every complaint and step lies before it. */
  now: Date;
  attachmentsDir: string;
  /** Number of complaints; 200 by default. */
  count?: number;
  /** Password of the liaison officers created for units without a demo account (none: they cannot log in). */
  password?: string;
  /** Checked between steps: seeding stops early (leaving fewer complaints) once it returns true. */
  shouldStop?: () => boolean;
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

const SEED = 0x4c41504f; // "LAPO"

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const between = (rng: Rng, lo: number, hi: number) => lo + (hi - lo) * rng();
const int = (rng: Rng, lo: number, hi: number) => Math.floor(between(rng, lo, hi + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const chance = (rng: Rng, p: number) => rng() < p;

function shuffle<T>(rng: Rng, xs: readonly T[]): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Time (WITA = UTC+8, no DST)

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WITA = 8 * HOUR;
/** Nothing happens in the last half hour before `now`. */
const MARGIN = 30 * 60_000;
const MIN_GAP = 60_000;

const witaWeekday = (t: number) => new Date(t + WITA).getUTCDay();
const witaHour = (t: number) => new Date(t + WITA).getUTCHours() + new Date(t + WITA).getUTCMinutes() / 60;
const isWeekend = (t: number) => [0, 6].includes(witaWeekday(t));
/** Midnight WITA of the local day containing t. */
const witaMidnight = (t: number) => Math.floor((t + WITA) / DAY) * DAY - WITA;
/** 'YYYY-MM-DD' of t in WITA. */
const witaDate = (t: number) => new Date(t + WITA).toISOString().slice(0, 10);

/** Moves an instant into office hours (08:00–16:00 WITA on a working day), the next ones if it is outside. */
function toOfficeHours(rng: Rng, t: number, holidays: ReadonlySet<string>): number {
  const working = (x: number) => !isWeekend(x) && !holidays.has(witaDate(x));
  if (working(t) && witaHour(t) >= 8 && witaHour(t) < 16) return t;
  let day = witaMidnight(t);
  if (witaHour(t) >= 8) day += DAY;
  while (!working(day + 12 * HOUR)) day += DAY;
  return Math.floor(day + between(rng, 8, 15.75) * HOUR);
}

/** Reporters write from 06:00 to 22:30 WITA, any day. */
function toWakingHours(rng: Rng, t: number): number {
  const h = witaHour(t);
  if (h >= 6 && h < 22.5) return t;
  return Math.floor(witaMidnight(t) + (h >= 22.5 ? DAY : 0) + between(rng, 6, 9) * HOUR);
}

/** Creation times over the 90 days before now, ascending. */
function creationTimes(rng: Rng, now: number, n: number): number[] {
  const out: number[] = [];
  const today = witaMidnight(now);
  while (out.length < n) {
    const day = today - int(rng, 0, 89) * DAY;
    if (isWeekend(day + 12 * HOUR) && !chance(rng, 0.3)) continue;
    const r = rng();
    const hour = r < 0.75 ? between(rng, 7.5, 16) : r < 0.92 ? between(rng, 17, 22.5) : between(rng, 5.5, 7.5);
    let t = Math.floor(day + hour * HOUR);
    if (t > now - MARGIN - 4 * HOUR) t = now - MARGIN - Math.floor(between(rng, 4, 30) * HOUR);
    out.push(t);
  }
  return out.sort((a, b) => a - b);
}

// ---------------------------------------------------------------------------------------------
// Texts

const REGENCY: Record<DemoRegencyCode, { slug: string; name: string; admin: string }> = {
  '51.08': { slug: 'buleleng', name: 'Buleleng', admin: 'admin.buleleng' },
  '51.03': { slug: 'badung', name: 'Badung', admin: 'admin.badung' },
};

/** Short names for liaison display names ("Penghubung Dinas Perhubungan Buleleng"). */
const UNIT_SHORT: Record<string, string> = {
  org: 'Bagian Organisasi',
  kominfosanti: 'Dinas Kominfosanti',
  pupr: 'Dinas PUPR',
  dinkes: 'Dinas Kesehatan',
  disdik: 'Dinas Pendidikan',
  dishub: 'Dinas Perhubungan',
  dlh: 'Dinas Lingkungan Hidup',
  disdukcapil: 'Disdukcapil',
  rsud: 'RSUD',
};

const MALE = ['I Wayan', 'I Made', 'I Nyoman', 'I Ketut', 'Putu', 'Kadek', 'Komang', 'Gede', 'Wayan', 'Made', 'Nyoman', 'Ketut'];
const FEMALE = ['Ni Luh', 'Ni Made', 'Ni Nyoman', 'Ni Ketut', 'Ni Putu', 'Ni Kadek', 'Ni Komang', 'Luh', 'Desak Made', 'Gusti Ayu'];
const MALE_GIVEN = ['Sudarma', 'Artawan', 'Sukerta', 'Suparta', 'Wirata', 'Astawa', 'Sumardika', 'Suardana', 'Yasa', 'Mertha', 'Darmayasa', 'Adnyana', 'Parwata', 'Budiarta', 'Sutrisna'];
const FEMALE_GIVEN = ['Widiastuti', 'Purnamasari', 'Antari', 'Sriani', 'Juliantari', 'Sukarmini', 'Ariasih', 'Kartini', 'Suryani', 'Wulandari', 'Damayanti'];
const OTHER_NAMES = ['Ahmad Fauzi', 'Dewi Lestari Putri', 'Rudi Hartono', 'Eko Prasetyo', 'Fitri Handayani', 'Yosef Kurniawan', 'Maria Magdalena Tanu', 'Hendra Gunawan', 'Nur Aisyah', 'Arif Budiman'];

function reporterName(rng: Rng, entry: DemoComplaintSeed, cycle: number): string {
  if (cycle === 0) return entry.reporterName;
  const r = rng();
  if (r < 0.15) return pick(rng, OTHER_NAMES);
  if (r < 0.6) return `${pick(rng, MALE)} ${pick(rng, MALE_GIVEN)}`;
  return `${pick(rng, FEMALE)} ${pick(rng, FEMALE_GIVEN)}`;
}

const TITLE_SUFFIX_COMPLAINT = [' (Belum Ditangani)', ' – Mohon Segera Ditindaklanjuti', ' – Kondisi Masih Sama'];
const TITLE_SUFFIX_OTHER = [' – Mohon Tanggapan', ' (Mohon Informasi)'];
const BODY_SUFFIX = [
  'Warga lain di sekitar lokasi juga mengeluhkan hal yang sama.',
  'Mohon perhatian Bapak/Ibu, terima kasih.',
  'Kondisi ini sudah berlangsung cukup lama dan belum ada perubahan.',
  'Sebelumnya sudah pernah disampaikan lewat kepala lingkungan tapi belum ada kabar.',
];

const REJECT_REASONS = [
  'Laporan tidak jelas, mohon lengkapi lokasi dan waktu kejadian.',
  'Laporan tidak jelas, mohon lengkapi lokasi dan waktu kejadian.',
  'Laporan sama dengan laporan lain yang sedang ditindaklanjuti; silakan pantau laporan tersebut.',
  'Laporan tidak memuat permasalahan pelayanan publik yang dapat ditindaklanjuti.',
];

const VERIFY_NOTES = [undefined, undefined, 'Mohon ditindaklanjuti sesuai kewenangan.', 'Mohon segera ditindaklanjuti dan dilaporkan perkembangannya.'];

const HOLD_REASONS = [
  'Menunggu hasil koordinasi dengan instansi vertikal terkait.',
  'Menunggu ketersediaan anggaran pada APBD Perubahan.',
  'Menunggu kelengkapan data dari pelapor.',
  'Menunggu jadwal pemeriksaan bersama tim terpadu.',
];

const REPLIES = [
  'Mohon informasi perkembangan tindak lanjutnya, terima kasih.',
  'Sampai hari ini kondisinya masih sama, mohon segera ditangani.',
  'Saya tambahkan, kejadiannya paling sering terjadi sore hari.',
  'Terima kasih sudah direspons, kami tunggu tindak lanjutnya.',
];

const INTERIM: Record<string, string> = {
  org: 'Laporan sedang kami koordinasikan dengan perangkat daerah terkait. Perkembangannya akan kami sampaikan melalui kanal ini.',
  kominfosanti: 'Laporan sudah kami terima dan sedang dikoordinasikan dengan bidang terkait di Dinas Kominfosanti.',
  pupr: 'Laporan sudah kami terima. Tim teknis UPTD dijadwalkan melakukan survei lapangan untuk memastikan kondisi dan kebutuhan penanganan.',
  dinkes: 'Laporan sedang kami klarifikasi ke puskesmas terkait. Hasil klarifikasi akan kami sampaikan melalui kanal ini.',
  disdik: 'Laporan sedang kami klarifikasi kepada pihak sekolah dan koordinator wilayah pendidikan kecamatan.',
  dishub: 'Laporan sudah kami terima dan diteruskan ke bidang lalu lintas untuk pengecekan lapangan.',
  dlh: 'Tim pengawasan lingkungan dijadwalkan turun ke lokasi untuk verifikasi lapangan.',
  disdukcapil: 'Data yang Bapak/Ibu sampaikan sedang kami periksa pada sistem SIAK. Mohon kesediaannya menunggu.',
  rsud: 'Laporan sudah kami teruskan ke bidang pelayanan medik dan sedang dilakukan klarifikasi kepada petugas yang bertugas saat itu.',
};

const FINAL_GENERIC = [
  'Terima kasih atas laporan Bapak/Ibu. Tim kami telah melakukan pengecekan dan penanganan sesuai kewenangan. Apabila masih ditemukan kendala, silakan sampaikan kembali melalui kanal ini.',
  'Terima kasih atas laporannya. Permasalahan telah kami tindak lanjuti dan petugas terkait sudah diberikan pembinaan. Kami akan terus memantau agar kejadian serupa tidak terulang.',
  'Laporan telah ditindaklanjuti. Hasil pengecekan dan langkah penanganan sudah kami koordinasikan dengan pihak terkait di lapangan. Terima kasih atas partisipasi Bapak/Ibu.',
];

const LOW_RATING_COMMENTS = ['Belum ada perubahan nyata di lapangan.', 'Jawabannya normatif, masalahnya belum selesai.', 'Responsnya lambat sekali.'];
const REOPEN_REASONS = [
  'Setelah dicek kembali, masalahnya belum selesai. Mohon ditindaklanjuti lagi.',
  'Perbaikannya hanya sementara, sekarang kondisinya sudah seperti semula lagi.',
];
const ADMIN_CLOSE_NOTE = 'Tidak ada tanggapan dari pelapor dalam 10 hari kerja setelah tindak lanjut; laporan ditutup.';

/** A score that matches the comment's tone (the entries' comments are written for one). */
function scoreFor(rng: Rng, comment: string | undefined): number {
  if (comment && /kecewa|masih ada|belum|lagi\. mohon|numpuk lagi/i.test(comment)) return pick(rng, [1, 2, 2, 3]);
  if (comment && /tapi|semoga|lumayan|perlu/i.test(comment)) return pick(rng, [3, 4, 4]);
  if (comment) return pick(rng, [4, 5, 5]);
  return pick(rng, [1, 2, 3, 3, 4, 4, 4, 5, 5, 5, 5]);
}

// ---------------------------------------------------------------------------------------------
// Plans

type Bucket = 'submitted' | 'rejected' | 'disposed' | 'in_progress' | 'responded' | 'closed' | 'returned' | 'on_hold';
/** Share of each target; 'returned' is the misaddressed flow (most of them forwarded afterwards). */
const MIX: [Bucket, number][] = [
  ['submitted', 0.1],
  ['rejected', 0.05],
  ['disposed', 0.15],
  ['in_progress', 0.15],
  ['responded', 0.2],
  ['closed', 0.27],
  ['returned', 0.05],
  ['on_hold', 0.03],
];
const PROGRESSIVE: Bucket[] = ['submitted', 'disposed', 'in_progress', 'responded', 'closed'];

/** Who takes a step: the regency admin, the liaison of the right unit, of the wrongly chosen unit, or the reporter. */
type By = 'admin' | 'handler' | 'wrong' | 'reporter';

interface Step {
  action: Action;
  by: By;
  input: ActionInput;
  /** Planned delay after the previous step, in hours (scaled down when the complaint is too young). */
  gap: number;
  /** Not earlier than this instant (when there is room before `now`). */
  notBefore?: number;
}

interface Plan {
  index: number;
  at: number;
  entry: DemoComplaintSeed;
  input: NewComplaint;
  warga: boolean;
  bucket: Bucket;
  right: string;
  wrong?: string;
  steps: (Step & { at: number })[];
}

/** Counts per bucket that add up to n exactly (largest remainder). */
function bucketCounts(n: number): Record<Bucket, number> {
  const raw = MIX.map(([b, f]) => ({ b, exact: f * n, count: Math.floor(f * n) }));
  let left = n - raw.reduce((s, r) => s + r.count, 0);
  for (const r of [...raw].sort((x, y) => y.exact - y.count - (x.exact - x.count))) {
    if (left <= 0) break;
    r.count++;
    left--;
  }
  return Object.fromEntries(raw.map((r) => [r.b, r.count])) as Record<Bucket, number>;
}

function finalResponse(rng: Rng, entry: DemoComplaintSeed): string {
  return entry.response ?? pick(rng, FINAL_GENERIC);
}

/** Steps after the complaint reached the right unit (status disposed), towards `target`. */
function progressSteps(rng: Rng, entry: DemoComplaintSeed, target: Bucket, ageDays: number, now: number): Step[] {
  const s: Step[] = [];
  const interim = (): Step => ({ action: 'respond', by: 'handler', input: { message: INTERIM[entry.unitSlug] ?? INTERIM.org!, final: false }, gap: between(rng, 20, 120) });
  const obstacle = (): Step => ({ action: 'obstacle', by: 'handler', input: { message: entry.obstacle! }, gap: between(rng, 24, 150) });
  const reply = (): Step => ({ action: 'reply', by: 'reporter', input: { message: pick(rng, REPLIES) }, gap: between(rng, 24, 150) });
  const accept = (): Step => ({ action: 'accept', by: 'handler', input: {}, gap: between(rng, 1, 40) });
  const respond = (): Step => ({ action: 'respond', by: 'handler', input: { message: finalResponse(rng, entry), final: true }, gap: between(rng, 48, 360) });
  switch (target) {
    case 'disposed':
      if (chance(rng, 0.2)) s.push(reply());
      break;
    case 'in_progress': {
      s.push(accept());
      // Older ones have at least an interim follow-up (else nearly all of them would be overdue).
      const r = ageDays > 12 ? rng() * 0.7 : rng();
      if (r < 0.12) {
        // Responded, rated low, reopened by the reporter: back in progress.
        const score = pick(rng, [1, 2]);
        s.push(respond());
        s.push({ action: 'rate', by: 'reporter', input: { score, comment: pick(rng, LOW_RATING_COMMENTS) }, gap: between(rng, 4, 60) });
        s.push({ action: 'reopen', by: 'reporter', input: { reason: pick(rng, REOPEN_REASONS) }, gap: between(rng, 1, 30) });
      } else if (r < 0.7) {
        s.push(interim());
        if (entry.obstacle && chance(rng, 0.7)) s.push(obstacle());
      } else if (entry.obstacle && chance(rng, 0.5)) {
        s.push(obstacle());
      }
      if (chance(rng, 0.2)) s.push(reply());
      break;
    }
    case 'responded':
    case 'closed': {
      if (chance(rng, 0.85)) s.push(accept());
      if (chance(rng, 0.35)) s.push(interim());
      if (entry.obstacle && chance(rng, 0.4)) s.push(obstacle());
      if (chance(rng, 0.1)) s.push(reply());
      // Still waiting for the reporter: answered inside the 10-working-day reply window, else the
      // worker would close it by itself at its first pass.
      s.push(target === 'responded' ? { ...respond(), notBefore: now - between(rng, 0.3, 12) * DAY } : respond());
      if (target === 'closed') {
        if (chance(rng, 0.7)) {
          s.push({ action: 'rate', by: 'reporter', input: { score: scoreFor(rng, entry.ratingComment), comment: entry.ratingComment }, gap: between(rng, 3, 150) });
        } else {
          s.push({ action: 'close', by: 'admin', input: { note: ADMIN_CLOSE_NOTE }, gap: between(rng, 250, 340) });
        }
      }
      break;
    }
    case 'on_hold':
      if (chance(rng, 0.6)) s.push(accept());
      if (chance(rng, 0.3)) s.push(interim());
      s.push({ action: 'hold', by: 'handler', input: { reason: entry.obstacle ?? pick(rng, HOLD_REASONS) }, gap: between(rng, 24, 200) });
      break;
    default:
      break;
  }
  return s;
}

/**
 * The district code, and for three complaints in five a point near the district's centre, so that
 * the leader's dashboard has districts to count and to map. Derived from the index, not the random
 * stream, so that every other choice of the demo stays as it was.
 */
function demoDistrict(region: DemoRegencyCode, district: string, i: number): { districtCode?: string; lat?: number; lng?: number } {
  const code = DEMO_DISTRICT_CODES[region][district];
  if (!code) return {};
  const centre = DEMO_DISTRICT_CENTRES[code];
  if (!centre || i % 5 >= 3) return { districtCode: code };
  const jitter = (k: number) => Math.round((((i * k) % 101) / 100 - 0.5) * 0.03 * 1e6) / 1e6;
  return { districtCode: code, lat: Math.round((centre[0] + jitter(37)) * 1e6) / 1e6, lng: Math.round((centre[1] + jitter(53)) * 1e6) / 1e6 };
}

function buildPlans(now: number, n: number, unitName: (code: string) => string, holidays: ReadonlySet<string>): Plan[] {
  const rng = mulberry32(SEED);
  const times = creationTimes(rng, now, n);
  const N = DEMO_COMPLAINTS.length;
  const plans: Plan[] = [];
  // Slot s uses entry orders[⌊s/N⌋][s mod N]; slots are dealt out in random order so that the
  // repeats (second and later cycles) are spread over the whole period.
  const orders = Array.from({ length: Math.ceil(n / N) }, () => shuffle(rng, DEMO_COMPLAINTS.map((_, k) => k)));
  const slots = shuffle(rng, Array.from({ length: n }, (_, k) => k));
  for (let i = 0; i < n; i++) {
    const slot = slots[i]!;
    const cycle = Math.floor(slot / N);
    const entry = DEMO_COMPLAINTS[orders[cycle]![slot % N]!]!;
    const name = reporterName(rng, entry, cycle);
    let title = entry.title;
    let body = entry.body;
    if (cycle > 0) {
      // Another resident reporting the same problem, in their own words.
      if (chance(rng, 0.5)) title = (title + pick(rng, entry.type === 'pengaduan' ? TITLE_SUFFIX_COMPLAINT : TITLE_SUFFIX_OTHER)).slice(0, 200);
      body = `${body} ${pick(rng, BODY_SUFFIX)}`;
    }
    const region = entry.regencyCode;
    const right = `${region}.${entry.unitSlug}`;
    const warga = i % 20 === 11;
    const slugName = name.toLowerCase().replace(/^(i|ni) /, '').replace(/[^a-z]+/g, '.').replace(/^\.|\.$/g, '');
    const phone = `08120000${String(1000 + ((i * 7919) % 9000)).padStart(4, '0')}`;
    const contact = rng();
    const reporter = warga
      ? undefined
      : contact < 0.65
        ? { name, phone }
        : contact < 0.9
          ? { name, phone, email: `${slugName}@example.org` }
          : { name, email: `${slugName}@example.org` };
    const input: NewComplaint = {
      type: entry.type,
      title,
      body,
      ...(chance(rng, 0.8) ? { categoryCode: entry.categoryCode } : {}),
      ...(chance(rng, 0.45) ? { organisationCode: right } : {}),
      location: { regionCode: region, ...demoDistrict(region, entry.district, i), address: `Kecamatan ${entry.district}, Kabupaten ${REGENCY[region].name}` },
      occurredAt: new Date(times[i]! - Math.floor(between(rng, 2, 240)) * HOUR).toISOString(),
      anonymous: entry.anonymous ?? false,
      confidential: entry.confidential ?? false,
      reporter,
      channel: chance(rng, 0.3) ? 'mobile' : 'web',
    };
    plans.push({ index: i, at: times[i]!, entry, input, warga, bucket: 'submitted', right, steps: [] });
  }

  // Targets: the misaddressed flow, rejections and holds first, then the progressive states by age.
  const counts = bucketCounts(n);
  const age = (p: Plan) => (now - p.at) / DAY;
  const open = new Set(plans);
  const take = (bucket: Bucket, candidates: Plan[], want: number) => {
    const chosen = shuffle(rng, candidates.filter((p) => open.has(p))).slice(0, want);
    for (const p of chosen) {
      p.bucket = bucket;
      open.delete(p);
    }
    return chosen.length;
  };
  const misaddressed = plans.filter((p) => p.entry.misaddressedTo && DEMO_REGENCY_UNITS[p.entry.regencyCode].includes(p.entry.misaddressedTo));
  let spare = counts.returned - take('returned', misaddressed.filter((p) => age(p) >= 12), counts.returned);
  spare += counts.rejected - take('rejected', plans.filter((p) => age(p) >= 2), counts.rejected);
  spare += counts.on_hold - take('on_hold', plans.filter((p) => age(p) >= 10), counts.on_hold);
  counts.disposed += spare;
  // A few complaints the admin has left unverified for a week or more.
  counts.submitted -= take('submitted', plans.filter((p) => age(p) >= 6 && age(p) <= 25), Math.round(counts.submitted * 0.2));
  const rest = [...open].map((p) => ({ p, key: age(p) * between(rng, 0.55, 1.45) })).sort((a, b) => a.key - b.key);
  let k = 0;
  for (const b of PROGRESSIVE) {
    const want = b === 'closed' ? rest.length - k : counts[b];
    for (let j = 0; j < want && k < rest.length; j++) rest[k++]!.p.bucket = b;
  }

  // The newest misaddressed ones still wait for the admin to forward them.
  const returned = plans.filter((p) => p.bucket === 'returned');
  const waiting = new Set(returned.slice(returned.length - Math.round(returned.length * 0.3)));

  // Steps and their times.
  for (const p of plans) {
    const steps: Step[] = [];
    // Mostly verified within a working day or two, some late. A complaint still waiting for its unit
    // was mostly routed in the last days: the admin's verification backlog, not a forgotten routing.
    // Likewise some still in progress reached their unit late (else nearly all would be overdue).
    const verifyGap =
      p.bucket === 'disposed' && age(p) > 8 && chance(rng, 0.65)
        ? (age(p) - between(rng, 0.3, 7)) * 24
        : p.bucket === 'in_progress' && age(p) > 20 && chance(rng, 0.4)
          ? (age(p) - between(rng, 4, 16)) * 24
          : chance(rng, 0.15)
          ? between(rng, 60, 120)
          : between(rng, 1, 40);
    const verify = (organisationCode: string): Step => ({
      action: 'verify',
      by: 'admin',
      input: { organisationCode, note: pick(rng, VERIFY_NOTES), ...(p.input.categoryCode ? {} : { categoryCode: p.entry.categoryCode }) },
      gap: verifyGap,
    });
    switch (p.bucket) {
      case 'submitted':
        if (chance(rng, 0.1)) steps.push({ action: 'reply', by: 'reporter', input: { message: pick(rng, REPLIES) }, gap: between(rng, 24, 72) });
        break;
      case 'rejected':
        steps.push({ action: 'reject', by: 'admin', input: { reason: pick(rng, REJECT_REASONS) }, gap: between(rng, 3, 48) });
        break;
      case 'returned': {
        const region = p.entry.regencyCode;
        p.wrong = `${region}.${p.entry.misaddressedTo}`;
        // The citizen addressed the wrong unit and the admin routed it there.
        p.input = { ...p.input, organisationCode: p.wrong };
        steps.push(verify(p.wrong));
        steps.push({
          action: 'return',
          by: 'wrong',
          input: { reason: `Bukan kewenangan ${unitName(p.wrong)}, mohon diteruskan ke ${unitName(p.right)}.` },
          gap: between(rng, 4, 60),
        });
        if (!waiting.has(p)) {
          steps.push({ action: 'forward', by: 'admin', input: { organisationCode: p.right, note: `Diteruskan ke ${unitName(p.right)} sesuai kewenangan.` }, gap: between(rng, 2, 40) });
          const a = age(p);
          const sub: Bucket = a > 45 ? pick(rng, ['closed', 'closed', 'responded']) : a > 25 ? pick(rng, ['responded', 'in_progress']) : pick(rng, ['in_progress', 'disposed']);
          steps.push(...progressSteps(rng, p.entry, sub, a, now));
        }
        break;
      }
      default:
        steps.push(verify(p.right));
        steps.push(...progressSteps(rng, p.entry, p.bucket, age(p), now));
    }
    // Fit the steps between creation and now: scale the gaps down for young complaints, move
    // staff steps into office hours when there is room, and keep every step strictly later.
    const limit = now - MARGIN;
    const total = steps.reduce((s, x) => s + x.gap * HOUR, 0);
    const scale = total > 0 ? Math.min(1, (0.9 * (limit - p.at)) / total) : 1;
    let prev = p.at;
    p.steps = steps.map((s, idx) => {
      const after = steps.length - idx - 1;
      const budget = limit - after * MIN_GAP;
      let t = Math.max(prev + s.gap * HOUR * scale, s.notBefore ?? 0);
      const moved = s.by === 'reporter' ? toWakingHours(rng, t) : toOfficeHours(rng, t, holidays);
      if (moved < budget) t = moved;
      if (t >= budget) t = prev + (budget - prev) / (after + 2);
      t = Math.max(Math.floor(t), prev + 1000);
      prev = t;
      return { ...s, at: t };
    });
  }
  return plans;
}

// ---------------------------------------------------------------------------------------------
// Running the plan

async function demoActors(db: Db, password: string | undefined) {
  const usernames = new Map<string, { displayName: string; org: string }>();
  for (const region of Object.keys(REGENCY) as DemoRegencyCode[]) {
    for (const slug of DEMO_REGENCY_UNITS[region]) {
      usernames.set(`${slug}.${REGENCY[region].slug}`, {
        displayName: `Penghubung ${UNIT_SHORT[slug] ?? slug} ${REGENCY[region].name}`,
        org: `${region}.${slug}`,
      });
    }
  }
  const wanted = [...usernames.keys(), ...Object.values(REGENCY).map((r) => r.admin), 'warga'];
  const ids = new Map<string, number>();
  const load = async () => {
    const rows = (await db.query<{ id: number; username: string }>('SELECT id, username FROM users WHERE username = ANY($1::text[])', [wanted])).rows;
    for (const r of rows) ids.set(r.username, r.id);
  };
  await load();
  const missing = [...usernames].filter(([u]) => !ids.has(u));
  if (missing.length) {
    await db.tx(async (q) => {
      for (const [username, u] of missing) {
        await createUser(q, { username, displayName: u.displayName, password, roles: [{ role: 'liaison', organisationCode: u.org }] });
      }
    });
    await load();
  }
  const actor = async (username: string): Promise<Actor> => {
    const id = ids.get(username);
    const a = id === undefined ? undefined : await loadActor(db, id);
    if (!a) throw new Error(`The demo complaints need the demo account ${username}`);
    return a;
  };
  const byUsername = new Map<string, Actor>();
  for (const u of wanted) byUsername.set(u, await actor(u));
  return {
    admin: (region: DemoRegencyCode) => byUsername.get(REGENCY[region].admin)!,
    liaison: (orgCode: string) => {
      const [a, b, slug] = orgCode.split('.');
      return byUsername.get(`${slug}.${REGENCY[`${a}.${b}` as DemoRegencyCode].slug}`)!;
    },
    warga: byUsername.get('warga')!,
  };
}

/**
 * The same database, giving the event loop a turn before every statement. PGlite runs in this
 * thread and its queries resolve without real I/O, so ~1000 commands in a row would otherwise hold
 * the loop for seconds at a time: a server started before the seeding could not answer meanwhile,
 * nor handle a SIGTERM in time (tsx kills a child that does not acknowledge one within ~60 ms).
 */
function yielding(db: Db): Db {
  const turn = nextTurn;
  const wrap = (q: Queryable): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      await turn();
      return q.query<T>(sql, params);
    },
    async exec(sql: string) {
      await turn();
      return q.exec(sql);
    },
  });
  return { engine: db.engine, ...wrap(db), tx: (fn) => db.tx((q) => fn(wrap(q))), close: () => db.close() };
}

/**
 * Files `count` demo complaints (200 by default) through the commands and moves each to its planned
 * state. Creates a liaison officer `<slug>.buleleng` / `<slug>.badung` for every demo unit that has
 * none. Expects the demo organisation and accounts (seedDemoOrganisation, seedDemoAccounts).
 */
export async function seedDemoComplaints(db: Db, opts: SeedDemoComplaintsOptions): Promise<{ complaints: number; byStatus: Record<string, number> }> {
  const count = opts.count ?? 200;
  const now = opts.now.getTime();
  const actors = await demoActors(db, opts.password);
  // "Dinas Perhubungan" for 51.08.dishub, for the return reasons.
  const unitNames = new Map(
    (await db.query<{ code: string; name: string }>("SELECT code, name FROM organisations WHERE type = 'unit' AND code LIKE ANY($1::text[])", [Object.keys(REGENCY).map((r) => `${r}.%`)])).rows.map((r) => [r.code, r.name]),
  );
  // National holidays and cuti bersama: offices are closed (regional ones are not seeded for Bali).
  const holidays = new Set(
    (await db.query<{ d: string }>("SELECT to_char(date, 'YYYY-MM-DD') AS d FROM holidays WHERE organisation_id IS NULL")).rows.map((r) => r.d),
  );
  const plans = buildPlans(now, count, (code) => unitNames.get(code) ?? code, holidays);

  // Every submission and step, in global time order.
  type Op = { at: number; plan: Plan; step?: Plan['steps'][number] };
  const ops: Op[] = [];
  for (const plan of plans) {
    ops.push({ at: plan.at, plan });
    for (const step of plan.steps) ops.push({ at: step.at, plan, step });
  }
  ops.sort((a, b) => a.at - b.at || a.plan.index - b.plan.index);

  const clock = fixedClock(new Date(ops[0]?.at ?? now));
  const ctx: Ctx = { db: db.engine === 'pglite' ? yielding(db) : db, clock, attachmentsDir: opts.attachmentsDir };
  const filed = new Map<Plan, { trackingNumber: string; accessCode: string; status: Status }>();
  for (const op of ops) {
    if (opts.shouldStop?.()) break;
    clock.set(new Date(op.at));
    const region = op.plan.entry.regencyCode;
    if (!op.step) {
      const res = await submitComplaint(ctx, op.plan.warga ? actors.warga : GUEST, op.plan.input);
      filed.set(op.plan, { trackingNumber: res.body.trackingNumber, accessCode: res.body.accessCode, status: 'submitted' });
      continue;
    }
    const f = filed.get(op.plan)!;
    const { by, action, input } = op.step;
    const actor =
      by === 'admin' ? actors.admin(region) : by === 'handler' ? actors.liaison(op.plan.right) : by === 'wrong' ? actors.liaison(op.plan.wrong!) : op.plan.warga ? actors.warga : GUEST;
    const row = await performAction(ctx, actor, f.trackingNumber, action, by === 'reporter' ? { ...input, accessCode: f.accessCode } : input);
    f.status = row.status;
  }

  // The demo pretends the system has been running for 90 days: its worker handled each event when
  // it happened. Left pending, the first worker pass would dispatch ~800 events of past months
  // (notifications, webhooks) at once.
  await db.query(
    `UPDATE outbox SET processed_at = created_at
      WHERE processed_at IS NULL AND type LIKE 'complaint.%'
        AND aggregate_id IN (SELECT id FROM complaints WHERE tracking_number = ANY($1::text[]))`,
    [[...filed.values()].map((f) => f.trackingNumber)],
  );

  const byStatus: Record<string, number> = {};
  for (const f of filed.values()) byStatus[f.status] = (byStatus[f.status] ?? 0) + 1;
  return { complaints: filed.size, byStatus };
}
