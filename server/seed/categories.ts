/**
 * Complaint category tree used to seed a fresh installation.
 *
 * Modelled on the topics used by SP4N-LAPOR! (Infrastruktur, Kesehatan, Pendidikan, Kependudukan,
 * Lingkungan Hidup, ...). Two levels only: top-level groups (parentCode null) and sub-categories.
 * Complaints are always filed under a sub-category.
 *
 * resolutionClass sets the resolution deadline in working days:
 *   - 'ordinary'      → 5   (simple administrative matters: KTP-el, akta, information requests)
 *   - 'no_inspection' → 14  (needs coordination/verification but no field visit)
 *   - 'inspection'    → 60  (needs a field inspection: roads, bridges, drainage, pollution)
 *
 * defaultUnitSlug is the slug of the regency unit that usually handles the sub-category
 * (organisation code `<regency>.<slug>`, e.g. `51.08.pupr`). Matters without a dedicated unit in the
 * demo organisations (bansos, Satpol PP, perizinan, pungli) go to `org`, the complaint admin
 * (Bagian Organisasi), which forwards them. Top-level groups have null.
 */

export type ResolutionClass = 'ordinary' | 'no_inspection' | 'inspection';

export interface CategorySeed {
  code: string;
  parentCode: string | null;
  nameId: string;
  nameEn: string;
  resolutionClass: ResolutionClass;
  /** e.g. 'pupr' — the unit slug that usually handles it in a regency; null for top-level groups. */
  defaultUnitSlug: string | null;
}

/** Unit slugs a category may default to (the units of the demo regencies). */
export const UNIT_SLUGS = [
  'org',
  'kominfosanti',
  'pupr',
  'dinkes',
  'disdik',
  'dishub',
  'dlh',
  'disdukcapil',
  'rsud',
] as const;

export type UnitSlug = (typeof UNIT_SLUGS)[number];

function group(code: string, nameId: string, nameEn: string): CategorySeed {
  return { code, parentCode: null, nameId, nameEn, resolutionClass: 'no_inspection', defaultUnitSlug: null };
}

function sub(
  parentCode: string,
  slug: string,
  nameId: string,
  nameEn: string,
  resolutionClass: ResolutionClass,
  defaultUnitSlug: UnitSlug,
): CategorySeed {
  return { code: `${parentCode}.${slug}`, parentCode, nameId, nameEn, resolutionClass, defaultUnitSlug };
}

export const CATEGORIES: CategorySeed[] = [
  // ── Infrastruktur ────────────────────────────────────────────────────────────────
  group('infrastruktur', 'Infrastruktur', 'Infrastructure'),
  sub('infrastruktur', 'jalan', 'Jalan Rusak dan Berlubang', 'Damaged and Potholed Roads', 'inspection', 'pupr'),
  sub('infrastruktur', 'jembatan', 'Jembatan', 'Bridges', 'inspection', 'pupr'),
  sub('infrastruktur', 'drainase', 'Drainase, Gorong-gorong dan Banjir', 'Drainage, Culverts and Flooding', 'inspection', 'pupr'),
  sub('infrastruktur', 'pju', 'Penerangan Jalan Umum (PJU)', 'Street Lighting', 'no_inspection', 'dishub'),
  sub('infrastruktur', 'air_bersih', 'Air Bersih dan Layanan PDAM', 'Clean Water and Municipal Water Supply', 'no_inspection', 'pupr'),

  // ── Kesehatan ────────────────────────────────────────────────────────────────────
  group('kesehatan', 'Kesehatan', 'Health'),
  sub('kesehatan', 'puskesmas', 'Pelayanan Puskesmas dan Pustu', 'Community Health Centre Services', 'ordinary', 'dinkes'),
  sub('kesehatan', 'rumah_sakit', 'Pelayanan Rumah Sakit Daerah', 'Regional Hospital Services', 'ordinary', 'rsud'),
  sub('kesehatan', 'jkn', 'Jaminan Kesehatan (JKN-KIS / PBI)', 'National Health Insurance (JKN-KIS / PBI)', 'no_inspection', 'dinkes'),
  sub('kesehatan', 'gizi_stunting', 'Gizi, Posyandu dan Stunting', 'Nutrition, Posyandu and Stunting', 'no_inspection', 'dinkes'),
  sub('kesehatan', 'penyakit_menular', 'Penyakit Menular (DBD, Rabies) dan Fogging', 'Communicable Diseases (Dengue, Rabies) and Fogging', 'no_inspection', 'dinkes'),

  // ── Pendidikan ───────────────────────────────────────────────────────────────────
  group('pendidikan', 'Pendidikan', 'Education'),
  sub('pendidikan', 'ppdb', 'Penerimaan Peserta Didik Baru (PPDB/SPMB)', 'New Student Admission (PPDB/SPMB)', 'ordinary', 'disdik'),
  sub('pendidikan', 'sarana_sekolah', 'Sarana dan Prasarana Sekolah', 'School Buildings and Facilities', 'inspection', 'disdik'),
  sub('pendidikan', 'pungutan', 'Pungutan dan Biaya Sekolah', 'School Levies and Fees', 'no_inspection', 'disdik'),
  sub('pendidikan', 'bantuan_siswa', 'Beasiswa dan Program Indonesia Pintar (PIP)', 'Scholarships and Smart Indonesia Programme (PIP)', 'no_inspection', 'disdik'),
  sub('pendidikan', 'guru', 'Guru dan Tenaga Kependidikan', 'Teachers and Education Staff', 'no_inspection', 'disdik'),

  // ── Kependudukan ─────────────────────────────────────────────────────────────────
  group('kependudukan', 'Administrasi Kependudukan', 'Civil Registration'),
  sub('kependudukan', 'ktp_el', 'KTP Elektronik (KTP-el)', 'Electronic ID Card (KTP-el)', 'ordinary', 'disdukcapil'),
  sub('kependudukan', 'kartu_keluarga', 'Kartu Keluarga', 'Family Card', 'ordinary', 'disdukcapil'),
  sub('kependudukan', 'akta', 'Akta Kelahiran, Kematian dan Perkawinan', 'Birth, Death and Marriage Certificates', 'ordinary', 'disdukcapil'),
  sub('kependudukan', 'pindah_datang', 'Pindah Datang Penduduk', 'Change of Residence', 'ordinary', 'disdukcapil'),
  sub('kependudukan', 'ikd', 'Identitas Kependudukan Digital (IKD)', 'Digital Population Identity (IKD)', 'ordinary', 'disdukcapil'),

  // ── Lingkungan Hidup ─────────────────────────────────────────────────────────────
  group('lingkungan', 'Lingkungan Hidup', 'Environment'),
  sub('lingkungan', 'sampah', 'Sampah dan Kebersihan', 'Waste and Cleanliness', 'no_inspection', 'dlh'),
  sub('lingkungan', 'pencemaran', 'Pencemaran Air, Udara dan Limbah', 'Water and Air Pollution, Waste Water', 'inspection', 'dlh'),
  sub('lingkungan', 'pohon_taman', 'Pohon, Taman dan Ruang Terbuka Hijau', 'Trees, Parks and Green Space', 'no_inspection', 'dlh'),
  sub('lingkungan', 'pantai', 'Abrasi dan Kebersihan Pantai', 'Coastal Erosion and Beach Cleanliness', 'inspection', 'dlh'),

  // ── Perhubungan ──────────────────────────────────────────────────────────────────
  group('perhubungan', 'Perhubungan', 'Transport'),
  sub('perhubungan', 'angkutan_umum', 'Angkutan Umum dan Terminal', 'Public Transport and Terminals', 'no_inspection', 'dishub'),
  sub('perhubungan', 'parkir', 'Parkir dan Retribusi Parkir', 'Parking and Parking Fees', 'ordinary', 'dishub'),
  sub('perhubungan', 'rambu', 'Rambu, Marka dan Lampu Lalu Lintas', 'Traffic Signs, Road Markings and Traffic Lights', 'inspection', 'dishub'),
  sub('perhubungan', 'uji_kendaraan', 'Pengujian Kendaraan Bermotor (Uji KIR)', 'Motor Vehicle Roadworthiness Testing', 'ordinary', 'dishub'),

  // ── Pelayanan Publik dan Administrasi Pemerintahan ──────────────────────────────
  group('pelayanan', 'Pelayanan Publik dan Administrasi Pemerintahan', 'Public Service and Government Administration'),
  sub('pelayanan', 'perizinan', 'Perizinan dan Non-Perizinan', 'Licensing and Permits', 'no_inspection', 'org'),
  sub('pelayanan', 'pungli', 'Pungutan Liar dan Gratifikasi', 'Illegal Levies and Bribery', 'no_inspection', 'org'),
  sub('pelayanan', 'maladministrasi', 'Maladministrasi dan Penundaan Berlarut', 'Maladministration and Undue Delay', 'no_inspection', 'org'),
  sub('pelayanan', 'kinerja_asn', 'Disiplin dan Kinerja Aparatur', 'Civil Servant Discipline and Performance', 'no_inspection', 'org'),

  // ── Sosial ───────────────────────────────────────────────────────────────────────
  group('sosial', 'Sosial dan Bantuan Sosial', 'Social Affairs and Social Assistance'),
  sub('sosial', 'bansos', 'Bantuan Sosial (PKH, BPNT, BLT)', 'Social Assistance (PKH, BPNT, Cash Transfers)', 'no_inspection', 'org'),
  sub('sosial', 'dtks', 'Pendataan Keluarga Miskin (DTKS/DTSEN)', 'Poverty Registry (DTKS/DTSEN)', 'ordinary', 'org'),
  sub('sosial', 'disabilitas_lansia', 'Layanan Penyandang Disabilitas dan Lansia', 'Services for Persons with Disabilities and the Elderly', 'no_inspection', 'org'),

  // ── Ketertiban Umum ──────────────────────────────────────────────────────────────
  group('ketertiban', 'Ketertiban Umum', 'Public Order'),
  sub('ketertiban', 'pkl', 'Pedagang Kaki Lima dan Penggunaan Trotoar', 'Street Vendors and Sidewalk Use', 'no_inspection', 'org'),
  sub('ketertiban', 'bangunan', 'Bangunan Tanpa PBG dan Pelanggaran Sempadan', 'Unpermitted Buildings and Setback Violations', 'inspection', 'pupr'),
  sub('ketertiban', 'gangguan', 'Gangguan Ketertiban dan Kebisingan', 'Public Disturbance and Noise', 'no_inspection', 'org'),
  sub('ketertiban', 'reklame', 'Reklame, Baliho dan Spanduk Liar', 'Illegal Billboards and Banners', 'ordinary', 'org'),

  // ── Informasi dan Komunikasi ─────────────────────────────────────────────────────
  group('informasi', 'Informasi dan Komunikasi', 'Information and Communication'),
  sub('informasi', 'ppid', 'Permohonan Informasi Publik (PPID)', 'Public Information Requests (PPID)', 'ordinary', 'kominfosanti'),
  sub('informasi', 'aplikasi', 'Website dan Aplikasi Pemerintah', 'Government Websites and Applications', 'ordinary', 'kominfosanti'),
  sub('informasi', 'jaringan', 'Jaringan Internet, Wi-Fi Publik dan Sinyal', 'Internet, Public Wi-Fi and Mobile Signal', 'no_inspection', 'kominfosanti'),
  sub('informasi', 'hoaks', 'Hoaks dan Penipuan Daring', 'Hoaxes and Online Fraud', 'ordinary', 'kominfosanti'),
];
