// A generated, labelled corpus of Indonesian complaints for measuring routing suggestions: per
// category a set of subject phrases (with synonyms), problems and details, put together by several
// templates with varied word order, region names, informal abbreviations and typos. Deterministic:
// the same seed gives the same corpus.
import { CATEGORIES } from '../../server/seed/categories';
import { DEMO_DISTRICTS } from '../../server/seed/demo-complaints';

export interface CorpusItem {
  title: string;
  body: string;
  category: string;
  unit: string;
}

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// subject phrases | problem phrases | detail phrases
const VOCAB: Record<string, [string[], string[], string[]]> = {
  'infrastruktur.jalan': [['jalan', 'jalan raya', 'jalan kabupaten', 'ruas jalan', 'aspal jalan', 'jalan desa'], ['rusak parah', 'berlubang', 'aspal mengelupas', 'retak dan amblas', 'penuh lubang', 'hancur'], ['banyak pengendara motor jatuh', 'lubang sedalam 30 cm', 'tergenang saat hujan dan licin', 'belum pernah diperbaiki sejak lama', 'membahayakan pengguna jalan']],
  'infrastruktur.jembatan': [['jembatan', 'jembatan gantung', 'jembatan penghubung desa', 'oprit jembatan'], ['retak', 'ambruk', 'miring dan goyang', 'pagar pengaman patah', 'fondasi tergerus arus sungai'], ['anak sekolah takut menyeberang', 'kendaraan roda empat tidak bisa lewat', 'tiang penyangga keropos', 'papan lantai jembatan lapuk']],
  'infrastruktur.drainase': [['saluran air', 'got', 'selokan', 'gorong-gorong', 'drainase'], ['tersumbat', 'mampet', 'meluap', 'dangkal penuh sedimen', 'jebol'], ['banjir setiap hujan deras', 'air masuk ke rumah warga', 'genangan setinggi lutut', 'bau tidak sedap dari saluran']],
  'infrastruktur.pju': [['lampu jalan', 'penerangan jalan umum', 'PJU', 'lampu penerangan', 'tiang lampu'], ['mati', 'padam', 'berkedip', 'tidak menyala', 'rusak'], ['jalan gelap gulita di malam hari', 'rawan begal dan pencurian', 'sudah sebulan tidak menyala', 'kabel lampu putus']],
  'infrastruktur.air_bersih': [['air PDAM', 'air bersih', 'pipa PDAM', 'air ledeng', 'meteran air'], ['tidak mengalir', 'keruh dan berbau', 'macet', 'pipa bocor', 'tagihan membengkak'], ['warga harus membeli air galon', 'aliran air mati berhari-hari', 'air berwarna kuning kecoklatan', 'tagihan naik padahal air jarang mengalir']],
  'kesehatan.puskesmas': [['puskesmas', 'pustu', 'puskesmas pembantu', 'layanan puskesmas', 'petugas puskesmas'], ['pelayanan lambat', 'antrean sangat panjang', 'dokter tidak ada', 'petugas tidak ramah', 'obat kosong'], ['pasien menunggu berjam-jam', 'poli umum tutup lebih awal', 'bidan jarang di tempat', 'pasien lansia ditelantarkan']],
  'kesehatan.rumah_sakit': [['RSUD', 'rumah sakit daerah', 'rumah sakit umum', 'IGD rumah sakit', 'ruang rawat inap'], ['pelayanan buruk', 'pasien ditolak', 'kamar penuh', 'perawat kasar', 'antrean lama'], ['pasien gawat darurat menunggu lama di IGD', 'tidak ada dokter spesialis', 'biaya rawat inap tidak jelas', 'pasien BPJS dinomorduakan']],
  'kesehatan.jkn': [['kartu BPJS kesehatan', 'JKN-KIS', 'BPJS PBI', 'kepesertaan BPJS', 'jaminan kesehatan'], ['dinonaktifkan', 'tidak aktif', 'ditolak saat berobat', 'iuran dipotong', 'tidak terdaftar'], ['padahal keluarga kami miskin', 'kartu PBI tiba-tiba nonaktif', 'harus bayar umum di rumah sakit', 'status kepesertaan tidak bisa dicek']],
  'kesehatan.gizi_stunting': [['posyandu', 'balita stunting', 'makanan tambahan', 'gizi buruk', 'PMT balita'], ['tidak berjalan', 'tidak dibagikan', 'kurang gizi', 'kader tidak aktif', 'timbangan rusak'], ['anak balita berat badan kurang', 'program makanan tambahan berhenti', 'posyandu tidak buka bulan ini', 'ibu hamil tidak mendapat vitamin']],
  'kesehatan.penyakit_menular': [['demam berdarah', 'DBD', 'fogging', 'rabies', 'nyamuk aedes'], ['mewabah', 'banyak kasus', 'belum ada fogging', 'anjing liar menggigit', 'jentik nyamuk'], ['tiga warga dirawat karena DBD', 'minta segera dilakukan pengasapan', 'anjing liar berkeliaran tanpa vaksin', 'vaksin anti rabies habis']],
  'pendidikan.ppdb': [['PPDB', 'penerimaan siswa baru', 'SPMB', 'pendaftaran sekolah', 'jalur zonasi'], ['tidak transparan', 'ditolak', 'sistem error', 'kuota penuh', 'kecurangan'], ['anak kami tidak diterima padahal rumah dekat sekolah', 'ada titipan siswa', 'situs pendaftaran tidak bisa dibuka', 'nilai dan jarak tidak sesuai pengumuman']],
  'pendidikan.sarana_sekolah': [['gedung sekolah', 'ruang kelas', 'atap sekolah', 'toilet sekolah', 'bangku dan meja siswa'], ['bocor', 'rusak berat', 'hampir roboh', 'plafon jebol', 'tidak layak'], ['siswa belajar di bawah atap bocor', 'murid terpaksa belajar di teras', 'dinding kelas retak', 'SD negeri belum direnovasi']],
  'pendidikan.pungutan': [['pungutan sekolah', 'uang komite', 'biaya seragam', 'uang gedung', 'sumbangan wajib sekolah'], ['memberatkan', 'dipaksa membayar', 'terlalu mahal', 'tanpa dasar', 'diwajibkan'], ['orang tua murid keberatan', 'ijazah ditahan jika belum lunas', 'rapor tidak diberikan', 'padahal sekolah negeri gratis']],
  'pendidikan.bantuan_siswa': [['PIP', 'Program Indonesia Pintar', 'beasiswa', 'KIP siswa', 'bantuan siswa miskin'], ['tidak cair', 'dipotong', 'salah sasaran', 'belum diterima', 'tidak tepat'], ['dana PIP dipotong oknum sekolah', 'anak kami terdaftar tapi uang tidak masuk rekening', 'beasiswa diberikan kepada anak mampu', 'buku tabungan ditahan sekolah']],
  'pendidikan.guru': [['guru', 'kepala sekolah', 'guru honorer', 'tenaga pendidik', 'wali kelas'], ['jarang mengajar', 'sering bolos', 'kasar kepada murid', 'gaji belum dibayar', 'memukul siswa'], ['murid dibiarkan tanpa pelajaran', 'insentif honorer terlambat berbulan-bulan', 'siswa trauma', 'kelas kosong tidak ada guru']],
  'kependudukan.ktp_el': [['KTP-el', 'KTP elektronik', 'e-KTP', 'kartu tanda penduduk', 'rekam KTP'], ['belum jadi', 'blanko habis', 'data salah', 'hilang', 'lama dicetak'], ['sudah menunggu enam bulan di disdukcapil', 'hanya diberi surat keterangan', 'nama di KTP salah ketik', 'tidak bisa urus bank tanpa KTP']],
  'kependudukan.kartu_keluarga': [['kartu keluarga', 'KK', 'perubahan KK', 'pecah KK', 'data KK'], ['belum selesai', 'salah data', 'tidak bisa dicetak', 'anggota keluarga hilang dari KK', 'status tidak berubah'], ['anak tidak tercantum di kartu keluarga', 'alamat di KK masih lama', 'NIK ganda', 'urus KK bolak-balik kantor dukcapil']],
  'kependudukan.akta': [['akta kelahiran', 'akta kematian', 'akta perkawinan', 'akta lahir anak', 'akta cerai'], ['belum terbit', 'salah nama', 'dipungut biaya', 'ditolak', 'terlambat'], ['bayi kami lahir tiga bulan lalu', 'nama orang tua salah di akta', 'diminta uang untuk akta', 'akta kematian ayah belum keluar']],
  'kependudukan.pindah_datang': [['surat pindah', 'SKPWNI', 'pindah domisili', 'pindah datang', 'mutasi penduduk'], ['tidak diproses', 'lama sekali', 'ditolak', 'dipersulit', 'berkas hilang'], ['kami pindah dari kota lain', 'domisili belum berubah', 'anak tidak bisa daftar sekolah karena alamat', 'berkas pindah tidak ditemukan']],
  'kependudukan.ikd': [['IKD', 'identitas kependudukan digital', 'aplikasi IKD', 'KTP digital', 'aktivasi IKD'], ['gagal aktivasi', 'tidak bisa login', 'kode QR tidak terbaca', 'aplikasi error', 'verifikasi wajah gagal'], ['petugas menyuruh aktivasi tapi gagal terus', 'hp tidak mendukung aplikasi', 'OTP tidak masuk', 'layar putih saat membuka aplikasi IKD']],
  'lingkungan.sampah': [['sampah', 'tumpukan sampah', 'TPS', 'truk sampah', 'sampah rumah tangga'], ['menumpuk', 'tidak diangkut', 'berserakan', 'dibakar', 'berbau busuk'], ['sudah seminggu truk tidak datang', 'lalat dan tikus banyak', 'sampah dibuang di pinggir sungai', 'tempat pembuangan liar dekat pemukiman']],
  'lingkungan.pencemaran': [['limbah pabrik', 'pencemaran sungai', 'asap pabrik', 'limbah peternakan babi', 'air sungai'], ['tercemar', 'berbau menyengat', 'hitam berminyak', 'ikan mati', 'membuang limbah'], ['warga sesak napas', 'sumur warga berubah warna', 'limbah dibuang malam hari', 'kolam ikan warga mati']],
  'lingkungan.pohon_taman': [['pohon', 'pohon tumbang', 'dahan pohon', 'taman kota', 'ruang terbuka hijau'], ['tumbang', 'rawan patah', 'lapuk', 'tidak terawat', 'ditebang liar'], ['menimpa kabel listrik', 'dahan besar menjulur ke jalan', 'taman penuh rumput liar', 'pohon besar miring ke rumah warga']],
  'lingkungan.pantai': [['pantai', 'abrasi pantai', 'bibir pantai', 'sampah pantai', 'tanggul pantai'], ['terkikis', 'abrasi parah', 'kotor', 'penuh sampah plastik', 'rusak diterjang ombak'], ['pura di tepi pantai terancam', 'wisatawan mengeluh', 'tanggul penahan ombak jebol', 'sampah kiriman menumpuk di pesisir']],
  'perhubungan.angkutan_umum': [['angkutan umum', 'bus', 'angkot', 'terminal', 'trans'], ['ngetem sembarangan', 'tarif tidak sesuai', 'jadwal tidak jelas', 'sopir ugal-ugalan', 'terminal kumuh'], ['penumpang dipaksa bayar lebih', 'bus tidak datang sesuai jadwal', 'halte rusak', 'fasilitas terminal tidak terawat']],
  'perhubungan.parkir': [['parkir', 'juru parkir', 'retribusi parkir', 'parkir liar', 'karcis parkir'], ['liar', 'tarif mahal', 'tanpa karcis', 'memungut berlebihan', 'memakan badan jalan'], ['jukir minta lima ribu padahal tarif dua ribu', 'parkir di depan minimarket', 'kendaraan parkir di bahu jalan', 'tidak diberikan karcis resmi']],
  'perhubungan.rambu': [['lampu lalu lintas', 'traffic light', 'rambu lalu lintas', 'marka jalan', 'lampu merah'], ['mati', 'rusak', 'pudar', 'hilang', 'tertutup pohon'], ['simpang empat macet dan rawan kecelakaan', 'garis zebra cross tidak terlihat', 'rambu dilarang parkir roboh', 'lampu bangjo tidak berfungsi']],
  'perhubungan.uji_kendaraan': [['uji KIR', 'pengujian kendaraan', 'buku KIR', 'kartu uji', 'uji berkala'], ['dipungut biaya tambahan', 'antrean lama', 'calo', 'sistem offline', 'tidak lulus tanpa alasan'], ['truk kami harus bayar lebih', 'calo berkeliaran di tempat uji', 'kartu uji elektronik belum jadi', 'mobil pikap ditolak tanpa penjelasan']],
  'pelayanan.perizinan': [['izin usaha', 'perizinan', 'NIB', 'izin PBG', 'OSS'], ['lama diproses', 'dipersulit', 'berkas dikembalikan', 'tidak ada kepastian', 'berbelit'], ['sudah tiga bulan izin belum keluar', 'persyaratan selalu berubah', 'petugas mal pelayanan publik tidak tahu', 'diminta syarat yang tidak ada di aturan']],
  'pelayanan.pungli': [['pungutan liar', 'pungli', 'uang pelicin', 'suap', 'gratifikasi'], ['diminta uang', 'dipalak', 'dimintai amplop', 'tarif tidak resmi', 'oknum meminta imbalan'], ['oknum pegawai meminta uang agar cepat', 'tanpa kuitansi resmi', 'uang rokok untuk petugas', 'pungutan tidak ada dasar hukum']],
  'pelayanan.maladministrasi': [['pelayanan kantor', 'surat permohonan', 'pengurusan berkas', 'prosedur pelayanan', 'kantor dinas'], ['berlarut-larut', 'tidak ada jawaban', 'ditunda terus', 'tidak sesuai prosedur', 'diabaikan'], ['surat kami tidak dibalas berbulan-bulan', 'dilempar dari satu meja ke meja lain', 'tidak ada standar pelayanan', 'janji selesai seminggu tapi belum']],
  'pelayanan.kinerja_asn': [['pegawai negeri', 'ASN', 'PNS', 'aparatur', 'petugas kantor'], ['bolos kerja', 'main HP saat jam kerja', 'tidak disiplin', 'tidur di kantor', 'datang terlambat'], ['kantor kosong jam sembilan pagi', 'pegawai nongkrong di warung saat jam dinas', 'loket tutup sebelum waktunya', 'pegawai memakai mobil dinas untuk pribadi']],
  'sosial.bansos': [['bansos', 'PKH', 'BPNT', 'BLT', 'bantuan sosial sembako'], ['tidak tepat sasaran', 'dipotong', 'tidak diterima', 'diberikan kepada orang mampu', 'terlambat'], ['keluarga miskin tidak dapat bantuan', 'pendamping PKH memotong dana', 'beras bantuan berkutu', 'penerima punya mobil dan rumah bagus']],
  'sosial.dtks': [['DTKS', 'DTSEN', 'data keluarga miskin', 'pendataan warga miskin', 'data terpadu kesejahteraan sosial'], ['tidak terdaftar', 'dicoret', 'tidak diperbarui', 'salah data', 'tidak masuk'], ['kami miskin tapi tidak masuk data', 'nama kami hilang dari DTKS', 'pendataan tidak pernah datang ke rumah', 'data masih memuat warga meninggal']],
  'sosial.disabilitas_lansia': [['penyandang disabilitas', 'lansia', 'kursi roda', 'difabel', 'orang tua jompo'], ['tidak mendapat layanan', 'terlantar', 'tidak ada akses', 'bantuan alat bantu belum diterima', 'diabaikan'], ['kantor tidak punya jalur kursi roda', 'nenek hidup sendiri tanpa bantuan', 'anak tunanetra ditolak layanan', 'alat bantu dengar tidak diberikan']],
  'ketertiban.pkl': [['pedagang kaki lima', 'PKL', 'lapak pedagang', 'trotoar', 'gerobak pedagang'], ['menutup trotoar', 'berjualan di badan jalan', 'membuat macet', 'liar', 'kumuh'], ['pejalan kaki terpaksa turun ke jalan', 'lapak berdiri di atas saluran', 'sampah pedagang berserakan', 'pedagang berjualan sampai malam di trotoar']],
  'ketertiban.bangunan': [['bangunan', 'bangunan liar', 'villa', 'ruko', 'tembok bangunan'], ['tanpa PBG', 'melanggar sempadan', 'tanpa izin mendirikan bangunan', 'menutup akses jalan', 'berdiri di sempadan sungai'], ['dibangun di jalur hijau', 'villa berdiri di sempadan pantai', 'tembok menutup saluran irigasi', 'ruko dibangun tanpa IMB']],
  'ketertiban.gangguan': [['suara musik', 'kebisingan', 'tempat hiburan malam', 'sound system', 'balap liar'], ['bising', 'mengganggu', 'sampai larut malam', 'membuat resah', 'ribut'], ['warga tidak bisa tidur', 'karaoke buka sampai jam tiga pagi', 'pemuda mabuk membuat keributan', 'knalpot brong setiap malam']],
  'ketertiban.reklame': [['baliho', 'spanduk', 'reklame', 'papan iklan', 'umbul-umbul'], ['liar', 'dipasang sembarangan', 'roboh', 'menutupi rambu', 'tanpa izin'], ['spanduk dipaku di pohon', 'baliho besar hampir roboh tertiup angin', 'reklame menutupi pandangan pengendara', 'iklan ditempel di tiang listrik']],
  'informasi.ppid': [['permohonan informasi publik', 'PPID', 'informasi anggaran', 'dokumen publik', 'salinan dokumen'], ['tidak ditanggapi', 'ditolak tanpa alasan', 'melewati batas waktu', 'tidak diberikan', 'dipersulit'], ['kami meminta salinan APBDes', 'permohonan sudah lewat sepuluh hari kerja', 'ingin mengetahui rincian anggaran proyek', 'keberatan informasi belum dijawab']],
  'informasi.aplikasi': [['website pemerintah', 'aplikasi layanan', 'situs resmi', 'aplikasi online', 'portal layanan'], ['error', 'tidak bisa diakses', 'down', 'lemot', 'data tidak muncul'], ['halaman tidak bisa dibuka sejak kemarin', 'gagal unggah dokumen', 'muncul pesan kesalahan server', 'akun tidak bisa login']],
  'informasi.jaringan': [['sinyal', 'jaringan internet', 'wifi publik', 'menara BTS', 'internet desa'], ['tidak ada', 'lemah', 'sering putus', 'mati', 'blank spot'], ['siswa sulit belajar daring', 'warga harus naik bukit untuk telepon', 'wifi taman desa tidak berfungsi', 'tower dibangun tapi tidak aktif']],
  'informasi.hoaks': [['hoaks', 'berita bohong', 'penipuan online', 'akun palsu', 'pesan berantai'], ['beredar', 'menyebar', 'menipu warga', 'mencatut nama pemda', 'meresahkan'], ['akun palsu mengatasnamakan bupati minta transfer', 'pesan WhatsApp tentang bantuan palsu', 'warga tertipu undian berhadiah', 'foto hoaks banjir disebar di media sosial']],
};

const OPENERS = ['Selamat pagi,', 'Mohon perhatian,', 'Yth. Bapak/Ibu,', 'Saya warga', 'Kami warga', 'Izin melapor,', '', '', 'Assalamualaikum,', 'Om swastiastu,'];
const CLOSERS = ['Mohon segera ditindaklanjuti.', 'Terima kasih.', 'Mhn bantuannya pak.', 'Kami berharap ada tindakan nyata.', '', 'Tolong dicek ke lokasi.', 'Sudah dilaporkan ke desa tapi belum ada tindakan.'];
const WHEN = ['sejak dua minggu lalu', 'sudah sebulan', 'dari kemarin', 'sejak awal tahun', 'tadi pagi', 'setiap malam', 'sudah tiga hari'];
const ABBREV: [RegExp, string][] = [
  [/\byang\b/g, 'yg'],
  [/\btidak\b/g, 'tdk'],
  [/\bsudah\b/g, 'sdh'],
  [/\bdengan\b/g, 'dgn'],
  [/\buntuk\b/g, 'utk'],
  [/\bjalan\b/g, 'jln'],
];

function typo(word: string, r: () => number): string {
  if (word.length < 5) return word;
  const i = 1 + Math.floor(r() * (word.length - 2));
  const kind = r();
  if (kind < 0.4) return word.slice(0, i) + word.slice(i + 1); // dropped letter
  if (kind < 0.8) return word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1); // swapped letters
  return word.slice(0, i) + word[i] + word.slice(i); // doubled letter
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/** `perCategory` complaints for every category that has vocabulary, shuffled. */
export function generateCorpus(perCategory = 80, seed = 11): CorpusItem[] {
  const r = prng(seed);
  const regions = Object.entries(DEMO_DISTRICTS).flatMap(([code, ds]) => ds.map((d) => ({ regency: code === '51.08' ? 'Buleleng' : 'Badung', district: d })));
  const units = new Map(CATEGORIES.filter((c) => c.defaultUnitSlug).map((c) => [c.code, c.defaultUnitSlug!]));
  const out: CorpusItem[] = [];
  for (const [category, [subjects, problems, details]] of Object.entries(VOCAB)) {
    const unit = units.get(category);
    if (!unit) continue;
    for (let n = 0; n < perCategory; n++) {
      const s = pick(r, subjects);
      const p = pick(r, problems);
      const d = pick(r, details);
      const s2 = pick(r, subjects);
      const where = pick(r, regions);
      const place = `Kecamatan ${where.district}, ${where.regency}`;
      const when = pick(r, WHEN);
      const titles = [`${s} ${p} di ${where.district}`, `${s[0]!.toUpperCase()}${s.slice(1)} ${p}`, `Keluhan ${s} di ${where.regency}`, `${p} ${s} ${where.district}`];
      const bodies = [
        `${pick(r, OPENERS)} ${s} di ${place} ${p} ${when}. ${d[0]!.toUpperCase()}${d.slice(1)}. ${pick(r, CLOSERS)}`,
        `${pick(r, OPENERS)} kami ingin menyampaikan bahwa ${d}. Masalahnya ${s2} ${p}, lokasinya di ${place}. ${pick(r, CLOSERS)}`,
        `${when[0]!.toUpperCase()}${when.slice(1)} ${s} ${p}. ${d}. ${pick(r, CLOSERS)} Lokasi: ${place}.`,
        `Di ${place}, ${d}. ${s2} ${p} ${when} dan belum ada perbaikan. ${pick(r, CLOSERS)}`,
      ];
      let title = pick(r, titles);
      let body = pick(r, bodies).replace(/\s+/g, ' ').trim();
      // Real complaints wander: a third mention something of another topic ("dekat sekolah", "di depan puskesmas").
      if (r() < 0.35) {
        const other = pick(r, Object.values(VOCAB));
        body = r() < 0.5 ? `${body} Selain itu ${pick(r, other[0])} juga ${pick(r, other[1])}.` : `${pick(r, other[2])[0]!.toUpperCase()}${pick(r, other[2]).slice(1)}. ${body}`;
      }
      // Short ones: a title and one sentence only.
      if (r() < 0.15) body = `${s} ${p}.`;
      if (r() < 0.5) for (const [re, ab] of ABBREV) body = body.replace(re, ab);
      // About one word in twenty-five misspelt.
      body = body
        .split(' ')
        .map((w) => (r() < 0.04 ? typo(w, r) : w))
        .join(' ');
      if (r() < 0.15) title = title.toUpperCase();
      // Some complaints are handled by another unit than the category's usual one (the admin decides).
      const handler = r() < 0.05 ? pick(r, [...new Set(units.values())]) : unit;
      out.push({ title, body, category, unit: handler });
    }
  }
  // Fisher–Yates with the same generator.
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
