/**
 * Demo complaints for the Buleleng (51.08) and Badung (51.03) demo organisations.
 *
 * Pure data: the demo seeder cycles through these entries to create complaints in different statuses.
 * All people, schools and incidents are fictional; place names (desa, kelurahan, jalan) are real so the
 * demo reads naturally. No phone numbers, NIK or other personal identifiers appear in the text.
 *
 * Bodies imitate real LAPOR! reports: polite register, sometimes informal abbreviations (yg, tdk, sdh,
 * mhn) and small typos. Responses imitate a unit's tindak lanjut.
 */

export type DemoRegencyCode = '51.08' | '51.03';

export interface DemoComplaintSeed {
  type: 'pengaduan' | 'aspirasi' | 'informasi';
  /** Indonesian, like real LAPOR! titles, 20–90 chars. */
  title: string;
  /** Indonesian chronology, 2–5 sentences. */
  body: string;
  regencyCode: DemoRegencyCode;
  /** One of the kecamatan of the regency (see DEMO_DISTRICTS). */
  district: string;
  /** A sub-category code from CATEGORIES. */
  categoryCode: string;
  /** The unit that should handle it (mostly the category default, sometimes another). */
  unitSlug: string;
  /** The unit slug the citizen wrongly addressed — demos the "return as not our business" flow. */
  misaddressedTo?: string;
  anonymous?: boolean;
  confidential?: boolean;
  reporterName: string;
  /** Unit follow-up (tindak lanjut). */
  response?: string;
  /** A kendala recorded by the unit. */
  obstacle?: string;
  /** Short citizen comment given with the rating. */
  ratingComment?: string;
}

/** Kecamatan of the demo regencies. */
export const DEMO_DISTRICTS: Record<DemoRegencyCode, readonly string[]> = {
  '51.08': ['Gerokgak', 'Seririt', 'Busungbiu', 'Banjar', 'Sukasada', 'Buleleng', 'Sawan', 'Kubutambahan', 'Tejakula'],
  '51.03': ['Kuta Selatan', 'Kuta', 'Kuta Utara', 'Mengwi', 'Abiansemal', 'Petang'],
};

/** Kemendagri codes of the demo kecamatan (idn-area-data; test/db/districts.test.ts checks them). */
export const DEMO_DISTRICT_CODES: Record<DemoRegencyCode, Readonly<Record<string, string>>> = {
  '51.08': {
    Gerokgak: '51.08.01',
    Seririt: '51.08.02',
    Busungbiu: '51.08.03',
    Banjar: '51.08.04',
    Sukasada: '51.08.05',
    Buleleng: '51.08.06',
    Sawan: '51.08.07',
    Kubutambahan: '51.08.08',
    Tejakula: '51.08.09',
  },
  '51.03': { Kuta: '51.03.01', Mengwi: '51.03.02', Abiansemal: '51.03.03', Petang: '51.03.04', 'Kuta Selatan': '51.03.05', 'Kuta Utara': '51.03.06' },
};

/**
 * Roughly the populated centre of each demo kecamatan (latitude, longitude; to about 0.02°), so
 * that demo complaints can carry map coordinates near where they say they happened.
 */
export const DEMO_DISTRICT_CENTRES: Readonly<Record<string, readonly [number, number]>> = {
  '51.08.01': [-8.17, 114.76],
  '51.08.02': [-8.19, 114.93],
  '51.08.03': [-8.27, 114.98],
  '51.08.04': [-8.2, 115.04],
  '51.08.05': [-8.16, 115.1],
  '51.08.06': [-8.11, 115.09],
  '51.08.07': [-8.12, 115.17],
  '51.08.08': [-8.1, 115.22],
  '51.08.09': [-8.14, 115.33],
  '51.03.01': [-8.72, 115.17],
  '51.03.02': [-8.55, 115.17],
  '51.03.03': [-8.5, 115.22],
  '51.03.04': [-8.33, 115.23],
  '51.03.05': [-8.8, 115.17],
  '51.03.06': [-8.64, 115.16],
};

/** Units (organisation code `<regency>.<slug>`) that exist in each demo regency. */
export const DEMO_REGENCY_UNITS: Record<DemoRegencyCode, readonly string[]> = {
  '51.08': ['org', 'kominfosanti', 'pupr', 'dinkes', 'disdik', 'dishub', 'dlh', 'disdukcapil', 'rsud'],
  '51.03': ['org', 'pupr', 'dinkes', 'dlh', 'disdukcapil'],
};

const BLL = '51.08' as const;
const BDG = '51.03' as const;

export const DEMO_COMPLAINTS: DemoComplaintSeed[] = [
  // ════════════════════════════════════════════════════════════════════════════
  //  Kabupaten Buleleng (51.08)
  // ════════════════════════════════════════════════════════════════════════════

  // ── Infrastruktur ──────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Jalan Berlubang di Desa Panji Menuju Panji Anom Membahayakan Pengendara',
    body:
      'Selamat siang Bapak/Ibu. Saya mau melaporkan jalan di Banjar Dinas Kelod Kauh, Desa Panji, arah ke Panji Anom sudah rusak parah dan berlubang sejak musim hujan bulan Januari lalu. ' +
      'Lubangnya dalam2 dan kalau malam tdk kelihatan krn lampu jalan juga tidak ada, minggu lalu ada ibu2 yang jatuh dari motor waktu mengantar anak sekolah. ' +
      'Mohon segera diperbaiki sebelum ada korban lagi. Terima kasih.',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'infrastruktur.jalan',
    unitSlug: 'pupr',
    reporterName: 'Made Suarjana',
    response:
      'Terima kasih atas laporannya. Tim UPTD Pemeliharaan Jalan dan Jembatan Dinas PUPR telah melakukan pengecekan lapangan pada hari Kamis, tiga belas Februari, dan lubang pada ruas tersebut sudah ditambal sementara menggunakan aspal dingin (cold mix). ' +
      'Perbaikan menyeluruh berupa pelapisan ulang (overlay) sudah kami masukkan dalam program pemeliharaan berkala tahun anggaran berjalan.',
    ratingComment: 'Sudah ditambal, semoga cepat diaspal ulang semua. Suksma.',
  },
  {
    type: 'pengaduan',
    title: 'Jalan Nasional Singaraja–Gilimanuk di Sumberkima Banyak Lubang',
    body:
      'Yth. Bapak/Ibu, ruas jalan Singaraja–Gilimanuk di depan Desa Sumberkima sampai Pemuteran banyak lubang besar, apalagi setelah hujan deras kemarin. ' +
      'Truk dan bus pariwisata sering mendadak banting setir menghindari lubang sehingga sangat berbahaya bagi pengendara motor. ' +
      'Mohon ditindaklanjuti krn ini jalur utama ke pelabuhan Gilimanuk.',
    regencyCode: BLL,
    district: 'Gerokgak',
    categoryCode: 'infrastruktur.jalan',
    unitSlug: 'pupr',
    reporterName: 'Ketut Widiada',
    response:
      'Ruas Singaraja–Gilimanuk berstatus jalan nasional. Dinas PUPR Kabupaten Buleleng telah meneruskan laporan beserta foto titik kerusakan kepada Balai Besar Pelaksanaan Jalan Nasional Jawa Timur–Bali melalui surat resmi. ' +
      'Sambil menunggu penanganan, kami telah meminta Satuan Kerja PJN setempat memasang rambu peringatan di titik lubang terbesar.',
    obstacle:
      'Ruas berstatus jalan nasional sehingga perbaikan menjadi kewenangan BBPJN Jawa Timur–Bali; Dinas PUPR hanya dapat berkoordinasi dan menunggu jadwal penanganan dari Balai.',
    ratingComment: 'Sudah 2 bulan cuma dipasang rambu, lubangnya masih ada. Kecewa.',
  },
  {
    type: 'pengaduan',
    title: 'Jalan Menuju Air Terjun Sekumpul Rusak, Wisatawan Banyak Mengeluh',
    body:
      'Om Swastyastu. Jalan dari Desa Lemukih ke arah Air Terjun Sekumpul aspalnya sudah terkelupas dan banyak batu lepas, mobil travel sering tidak berani lewat. ' +
      'Banyak tamu yg mengeluh ke pemandu lokal dan ini merugikan warga yg hidup dari pariwisata. ' +
      'Saya sebelumnya sudah kirim laporan ke Dishub tapi katanya bukan wewenang mereka.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'infrastruktur.jalan',
    unitSlug: 'pupr',
    misaddressedTo: 'dishub',
    reporterName: 'Gede Arya Pratama',
    response:
      'Laporan telah kami terima dari Bagian Organisasi setelah dikembalikan oleh Dinas Perhubungan. Ruas Lemukih–Sekumpul merupakan jalan kabupaten dan telah disurvei oleh tim teknis; penanganan berupa rekonstruksi sepanjang ±800 meter diusulkan pada APBD Perubahan.',
    obstacle: 'Anggaran rekonstruksi belum tersedia pada APBD induk, menunggu pembahasan APBD Perubahan.',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Pelebaran Tikungan Jalan Seririt–Busungbiu di Desa Bengkel',
    body:
      'Dengan hormat, kami warga Desa Bengkel mengusulkan agar tikungan tajam di jalan Seririt–Busungbiu dekat balai banjar diperlebar dan dipasang cermin tikungan. ' +
      'Di titik itu sudah beberapa kali terjadi tabrakan motor dgn pick up pengangkut sayur terutama pagi hari waktu kabut. ' +
      'Semoga bisa dimasukkan dalam perencanaan tahun depan.',
    regencyCode: BLL,
    district: 'Busungbiu',
    categoryCode: 'infrastruktur.jalan',
    unitSlug: 'pupr',
    reporterName: 'Nyoman Sudarsana',
  },
  {
    type: 'pengaduan',
    title: 'Jembatan Penghubung Desa Titab dan Kekeran Retak, Pagar Pengaman Hilang',
    body:
      'Jembatan kecil yang menghubungkan Desa Titab dengan Desa Kekeran kondisinya retak di bagian lantai dan pagar pengamannya sudah hilang sebelah. ' +
      'Jembatan ini dilewati anak2 sekolah setiap hari dan petani yang membawa hasil kebun. ' +
      'Kami takut jembatan ambruk kalau banjir besar lagi seperti tahun lalu, mohon dicek.',
    regencyCode: BLL,
    district: 'Busungbiu',
    categoryCode: 'infrastruktur.jembatan',
    unitSlug: 'pupr',
    reporterName: 'Wayan Kertiasa',
    response:
      'Tim Bidang Bina Marga telah meninjau lokasi. Untuk sementara sudah dipasang pagar pengaman darurat dari pipa besi dan rambu batas muatan 2 ton. Perbaikan struktur lantai jembatan memerlukan kajian teknis terlebih dahulu.',
    obstacle:
      'Perbaikan struktur memerlukan perencanaan teknis (DED) yang anggarannya baru dapat diusulkan pada tahun anggaran berikutnya.',
  },
  {
    type: 'pengaduan',
    title: 'Banjir Setiap Hujan di Jalan Ahmad Yani Singaraja karena Got Tersumbat',
    body:
      'Setiap hujan deras lebih dari setengah jam, Jalan Ahmad Yani di depan deretan toko arah ke Banyuasri langsung tergenang setinggi betis. ' +
      'Saluran got di pinggir jalan penuh sedimen dan sampah plastik, bahkan sebagian tertutup beton oleh pemilik toko. ' +
      'Air sampai masuk ke toko kami, barang dagangan rusak. Mohon dinas terkait segera menormalisasi saluran.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'infrastruktur.drainase',
    unitSlug: 'pupr',
    reporterName: 'Lie Siauw Fen',
    response:
      'Dinas PUPR bersama petugas kebersihan kelurahan telah melakukan normalisasi saluran sepanjang ±250 meter pada hari Sabtu dan Minggu lalu, mengangkat sedimen sebanyak 6 truk. ' +
      'Pemilik toko yang menutup saluran dengan beton telah diberikan surat teguran untuk membuka akses pemeliharaan.',
    obstacle:
      'Penggantian saluran dengan dimensi yang lebih besar belum dianggarkan pada APBD induk dan akan diusulkan pada APBD Perubahan.',
    ratingComment: 'Lumayan, minggu ini hujan sudah tdk banjir lagi. Tapi saluran besarnya tetap perlu.',
  },
  {
    type: 'pengaduan',
    title: 'Gorong-gorong di Jalan Raya Tejakula Tersumbat, Air Masuk ke Rumah Warga',
    body:
      'Gorong-gorong di Jalan Raya Tejakula dekat pertigaan ke Desa Les tersumbat batu dan lumpur sejak banjir bulan Desember. ' +
      'Sekarang setiap hujan air meluap ke halaman dan dapur rumah warga di sebelah selatan jalan. ' +
      'Sudah dilaporkan ke kantor desa, katanya harus ke kabupaten. Mohon bantuannya.',
    regencyCode: BLL,
    district: 'Tejakula',
    categoryCode: 'infrastruktur.drainase',
    unitSlug: 'pupr',
    reporterName: 'Komang Ayu Lestari',
    response:
      'Petugas UPTD telah membersihkan gorong-gorong menggunakan alat berat mini pada hari Selasa. Saluran sudah berfungsi normal. Warga dihimbau tidak membuang sampah ke saluran.',
    ratingComment: 'Terima kasih cepat ditangani.',
  },
  {
    type: 'pengaduan',
    title: 'Lampu PJU di Jalan Pantai Lovina Kalibukbuk Mati Sudah Dua Minggu',
    body:
      'Lampu penerangan jalan di sepanjang jalan menuju Pantai Lovina di Desa Kalibukbuk sdh mati kurang lebih 2 minggu. ' +
      'Malam hari sangat gelap padahal banyak wisatawan jalan kaki ke restoran, rawan jambret juga. ' +
      'Mohon segera diperbaiki pak.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'infrastruktur.pju',
    unitSlug: 'dishub',
    reporterName: 'Putu Eka Wirawan',
    response:
      'Petugas PJU Dinas Perhubungan telah mengganti 4 unit lampu LED yang rusak dan menyambung kabel yang putus akibat tertimpa dahan pohon. Per hari Kamis malam seluruh lampu di ruas tersebut sudah menyala kembali.',
    ratingComment: 'Mantap, responnya cepat. Suksma Dishub.',
  },
  {
    type: 'pengaduan',
    title: 'PJU Mati di Jalan Raya Seririt Depan Pasar Seririt',
    body:
      'Sudah sebulan lebih lampu jalan di depan Pasar Seririt sampai ke arah Pengastulan mati semua. ' +
      'Padahal pagi2 buta pedagang sudah mulai bongkar muat di situ, gelap sekali. ' +
      'Saya sudah lapor ke PUPR lewat aplikasi ini tapi belum ada tanggapan.',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'infrastruktur.pju',
    unitSlug: 'dishub',
    misaddressedTo: 'pupr',
    reporterName: 'Ni Luh Sriasih',
    response:
      'Laporan telah diterima Dinas Perhubungan setelah dikembalikan Dinas PUPR karena pengelolaan PJU merupakan kewenangan Dinas Perhubungan. Hasil pengecekan: panel kontrol PJU terbakar akibat korsleting. Panel sudah diganti dan lampu kembali menyala.',
  },
  {
    type: 'pengaduan',
    title: 'Air PDAM Tidak Mengalir Seminggu di Desa Tamblang',
    body:
      'Air PDAM di Banjar Dinas Kaja, Desa Tamblang, tidak mengalir sudah 7 hari. Kami terpaksa beli air tangki untuk mandi dan masak. ' +
      'Waktu kami tanya ke kantor cabang jawabannya cuma "sedang perbaikan" tanpa kepastian. Tagihan tetap jalan tiap bulan. Mohon kejelasan.',
    regencyCode: BLL,
    district: 'Kubutambahan',
    categoryCode: 'infrastruktur.air_bersih',
    unitSlug: 'pupr',
    reporterName: 'Kadek Darmawan',
    response:
      'Dinas PUPR telah berkoordinasi dengan Perumda Air Minum Tirta Hita Buleleng. Gangguan disebabkan pipa transmisi diameter 4 inci patah tergerus longsoran tebing. Selama perbaikan, Perumda menyalurkan air bersih dengan mobil tangki secara gratis setiap sore.',
  },
  {
    type: 'pengaduan',
    title: 'Air Keruh dan Berbau dari Pipa PDAM di Kelurahan Banyuning',
    body:
      'selamat pagi, sdh 3 hari ini air PDAM di rumah kami di Kelurahan Banyuning keruh kecoklatan dan berbau kaporit sangat menyengat. ' +
      'Anak saya jadi gatal2 setelah mandi. Apakah air ini aman? mhn dicek kualitasnya.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'infrastruktur.air_bersih',
    unitSlug: 'pupr',
    reporterName: 'Dewa Ayu Kade Sriwahyuni',
  },

  // ── Kesehatan ──────────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Pelayanan Puskesmas Sawan I Lambat, Dokter Belum Datang Pukul Sembilan',
    body:
      'Hari Senin kemarin saya mengantar ibu saya berobat ke Puskesmas Sawan I, sudah ambil nomor antrean jam 7 pagi. ' +
      'Sampai jam 9 lewat dokter belum juga datang dan petugas pendaftaran tidak bisa memberi kepastian. ' +
      'Banyak lansia yang menunggu sambil berdiri krn kursi kurang. Mohon perhatian Dinas Kesehatan.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'kesehatan.puskesmas',
    unitSlug: 'dinkes',
    reporterName: 'Ketut Ardana',
    response:
      'Dinas Kesehatan telah melakukan klarifikasi ke Kepala Puskesmas Sawan I. Pada hari tersebut dokter umum bertugas mengikuti rapat koordinasi di kabupaten tanpa pengaturan pengganti. ' +
      'Kepala Puskesmas telah diminta menyusun jadwal dokter pengganti dan menambah 10 kursi di ruang tunggu. Kami mohon maaf atas ketidaknyamanannya.',
    ratingComment: 'Semoga tidak terulang lagi, kasian yang sudah tua2.',
  },
  {
    type: 'pengaduan',
    title: 'Pasien Ditolak Berobat di Puskesmas Gerokgak Karena Datang Sore',
    body:
      'Anak saya demam tinggi hari Rabu sore sekitar jam 3, kami bawa ke Puskesmas Gerokgak I tapi disuruh ke RSUD saja karena pelayanan sudah tutup. ' +
      'Jarak ke Singaraja jauh sekali hampir 1 jam. Bukankah puskesmas rawat inap buka 24 jam? ' +
      'Saya kirim ke RSUD dulu karena bingung harus lapor ke mana.',
    regencyCode: BLL,
    district: 'Gerokgak',
    categoryCode: 'kesehatan.puskesmas',
    unitSlug: 'dinkes',
    misaddressedTo: 'rsud',
    reporterName: 'Siti Aminah',
    response:
      'Setelah diteruskan dari RSUD, Dinas Kesehatan telah mengonfirmasi bahwa Puskesmas Gerokgak I melayani gawat darurat 24 jam. Petugas jaga yang bersangkutan telah diberikan pembinaan. Apabila anak dalam kondisi gawat darurat, silakan langsung ke ruang tindakan/UGD puskesmas.',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Pustu di Desa Pegadungan Buka Setiap Hari Kerja',
    body:
      'Kami warga Desa Pegadungan mengusulkan agar Puskesmas Pembantu di desa kami buka setiap hari kerja, bukan hanya Selasa dan Jumat. ' +
      'Warga yg sakit di hari lain harus turun ke Sukasada yang jaraknya jauh dan jalannya menanjak. Terima kasih atas perhatiannya.',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'kesehatan.puskesmas',
    unitSlug: 'dinkes',
    reporterName: 'Nengah Suwitra',
    response:
      'Terima kasih atas masukannya. Mulai bulan depan Pustu Pegadungan akan dilayani bidan desa setiap hari kerja pukul 08.00–12.00 WITA sebagai bagian dari program Integrasi Layanan Primer (ILP).',
    ratingComment: 'Astungkara, terima kasih sudah didengar.',
  },
  {
    type: 'pengaduan',
    title: 'Antrean Poliklinik RSUD Buleleng Sangat Lama Walau Sudah Daftar Online',
    body:
      'Saya sudah daftar antrean online sehari sebelumnya untuk poli penyakit dalam RSUD Buleleng, tapi tetap harus menunggu dari jam 8 sampai jam 12 baru dipanggil. ' +
      'Ruang tunggu penuh sesak, banyak pasien duduk di lantai. ' +
      'Lalu apa gunanya daftar online kalau tetap lama? Mohon sistem antreannya dibenahi.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'kesehatan.rumah_sakit',
    unitSlug: 'rsud',
    reporterName: 'I Gusti Ngurah Wiratama',
    response:
      'Mohon maaf atas ketidaknyamanan yang Bapak alami. RSUD Kabupaten Buleleng telah menambah satu dokter spesialis penyakit dalam pada jadwal pagi dan menerapkan estimasi jam kedatangan pada aplikasi antrean online mulai awal bulan ini. ' +
      'Kami juga menambah kursi di ruang tunggu poliklinik lantai dua.',
    ratingComment: 'Kemarin kontrol lagi sudah lebih cepat, sekitar 1,5 jam.',
  },
  {
    type: 'pengaduan',
    title: 'Petugas IGD RSUD Buleleng Kurang Ramah kepada Keluarga Pasien',
    body:
      'Malam Minggu lalu saya membawa bapak saya ke IGD RSUD karena sesak napas. ' +
      'Salah satu petugas di meja triase membentak kami waktu kami bertanya kapan bapak diperiksa, dan bilang "tunggu saja, bukan cuma bapak yang sakit". ' +
      'Kami paham IGD sibuk tapi mohon petugas lebih sopan kpd keluarga pasien yang sedang panik.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'kesehatan.rumah_sakit',
    unitSlug: 'rsud',
    anonymous: true,
    reporterName: 'Putu Sri Handayani',
  },
  {
    type: 'pengaduan',
    title: 'Pasien BPJS Disuruh Beli Obat Sendiri di Apotek Luar Rumah Sakit',
    body:
      'Bapak mertua saya rawat inap di RSUD Buleleng menggunakan BPJS kelas 3. Pada hari ke dua keluarga diminta membeli sendiri obat injeksi di apotek luar dgn alasan stok kosong, harganya hampir 800 ribu. ' +
      'Setahu saya pasien BPJS tidak boleh dibebani biaya obat. Mohon penjelasan dan apakah uang kami bisa diganti.',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'kesehatan.rumah_sakit',
    unitSlug: 'rsud',
    reporterName: 'Made Oka Sudiarta',
    response:
      'Setelah dilakukan penelusuran, obat tersebut memang sedang kosong di instalasi farmasi. Sesuai ketentuan, biaya pembelian obat akan dikembalikan penuh kepada keluarga pasien; silakan membawa kuitansi asli ke Unit Pengaduan RSUD pada jam kerja.',
    obstacle:
      'Stok obat injeksi kosong dari distributor melalui e-katalog sejak dua minggu; pengadaan darurat sedang diproses.',
    ratingComment: 'Uangnya sudah dikembalikan, terima kasih.',
  },
  {
    type: 'pengaduan',
    title: 'Kepesertaan BPJS PBI Ibu Saya Tiba-Tiba Nonaktif Saat Mau Berobat',
    body:
      'Ibu saya lansia 72 th, peserta BPJS PBI yang dibayar pemerintah. Waktu mau berobat ke Puskesmas Tejakula II kartunya ternyata nonaktif dan disuruh bayar umum. ' +
      'Kami tidak pernah dapat pemberitahuan apa2. Mohon dibantu diaktifkan kembali krn ibu harus kontrol rutin darah tinggi.',
    regencyCode: BLL,
    district: 'Tejakula',
    categoryCode: 'kesehatan.jkn',
    unitSlug: 'dinkes',
    reporterName: 'Wayan Sukerti',
    response:
      'Kepesertaan PBI ibu Bapak nonaktif karena pemutakhiran data nasional. Dinas Kesehatan telah mendaftarkan kembali ibu Bapak melalui skema PBPU Pemda (UHC) dan kartu sudah aktif kembali per hari ini. Silakan berobat dengan membawa KTP-el.',
    ratingComment: 'Sudah aktif, bisa berobat lagi. Matur suksma.',
  },
  {
    type: 'informasi',
    title: 'Bagaimana Cara Mendaftar BPJS Gratis yang Dibiayai Pemda (UHC)?',
    body:
      'Permisi, saya warga Desa Munduk pekerja serabutan dan belum punya BPJS. Saya dengar ada program BPJS gratis dari Pemkab Buleleng. ' +
      'Bagaimana syarat dan ke mana harus mendaftar? Terima kasih.',
    regencyCode: BLL,
    district: 'Banjar',
    categoryCode: 'kesehatan.jkn',
    unitSlug: 'dinkes',
    reporterName: 'Ketut Budiasa',
    response:
      'Pendaftaran peserta JKN yang dibiayai Pemda dapat dilakukan melalui kantor desa/kelurahan dengan membawa fotokopi KTP-el dan Kartu Keluarga beralamat Buleleng. Data akan diverifikasi Dinas Sosial dan Dinas Kesehatan, lalu kartu aktif paling lama pada awal bulan berikutnya.',
  },
  {
    type: 'pengaduan',
    title: 'Biskuit PMT Balita di Posyandu Desa Les Sudah Kedaluwarsa',
    body:
      'Kemarin di posyandu Banjar Dinas Kawan, Desa Les, anak saya dapat biskuit PMT. Setelah di rumah saya lihat tanggal kedaluwarsanya sudah lewat sebulan. ' +
      'Ibu2 lain juga dapat yang sama. Mohon dicek agar tidak membahayakan anak2.',
    regencyCode: BLL,
    district: 'Tejakula',
    categoryCode: 'kesehatan.gizi_stunting',
    unitSlug: 'dinkes',
    reporterName: 'Luh Putu Ariani',
  },
  {
    type: 'pengaduan',
    title: 'Kasus DBD Meningkat di Desa Sambangan, Mohon Dilakukan Fogging',
    body:
      'Dalam dua minggu terakhir sudah ada 4 orang di lingkungan kami di Desa Sambangan yang dirawat karena demam berdarah, salah satunya anak kecil. ' +
      'Nyamuk sangat banyak apalagi musim hujan. Mohon Dinkes melakukan fogging secepatnya.',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'kesehatan.penyakit_menular',
    unitSlug: 'dinkes',
    reporterName: 'Gede Wirawan',
    response:
      'Puskesmas Sukasada II telah melakukan penyelidikan epidemiologi di sekitar rumah penderita dan ditemukan banyak jentik. Fogging fokus telah dilakukan dua siklus. Kami mengajak warga melaksanakan PSN 3M Plus setiap Jumat karena fogging hanya membunuh nyamuk dewasa.',
    ratingComment: 'Sudah difogging, tapi memang perlu gotong royong juga.',
  },
  {
    type: 'pengaduan',
    title: 'Anjing Liar Berkeliaran di Halaman Sekolah, Warga Takut Rabies',
    body:
      'Di sekitar SD di Desa Bungkulan banyak anjing liar berkeliaran, minggu lalu ada siswa yang digigit waktu jam istirahat. ' +
      'Orang tua murid khawatir karena Bali masih ada kasus rabies. Kami sempat kirim laporan ke DLH. Mohon ada vaksinasi dan penanganan.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'kesehatan.penyakit_menular',
    unitSlug: 'dinkes',
    misaddressedTo: 'dlh',
    reporterName: 'Kadek Suantara',
    response:
      'Siswa korban gigitan sudah mendapat Vaksin Anti Rabies (VAR) di Puskesmas Sawan II. Dinas Kesehatan telah berkoordinasi dengan bidang kesehatan hewan untuk vaksinasi dan eliminasi selektif anjing liar di sekitar sekolah.',
  },

  // ── Pendidikan ─────────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Anak Tidak Diterima PPDB Zonasi Padahal Rumah Dekat SMP Negeri',
    body:
      'Rumah kami di Kelurahan Kaliuntu jaraknya tidak sampai 1 km dari SMP negeri tujuan, tapi anak saya tidak diterima di jalur zonasi. ' +
      'Sementara ada tetangga yang rumahnya lebih jauh malah diterima. Kami curiga ada kesalahan titik koordinat di sistem. Mohon dicek dan diberi penjelasan.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'pendidikan.ppdb',
    unitSlug: 'disdik',
    reporterName: 'Nyoman Tri Astuti',
    response:
      'Panitia PPDB Dinas Pendidikan telah memeriksa data pendaftaran. Titik koordinat yang diinput pada saat pendaftaran ternyata bergeser ke Kelurahan Banyuasri sehingga jarak terhitung 2,3 km. Karena kesalahan terjadi saat verifikasi, ananda telah diterima melalui mekanisme sisa kuota.',
    ratingComment: 'Terima kasih, akhirnya anak saya bisa sekolah di sana.',
  },
  {
    type: 'informasi',
    title: 'Jadwal dan Syarat Jalur Afirmasi PPDB SMP Tahun Ini',
    body:
      'Selamat siang, saya mau tanya untuk PPDB SMP negeri di Seririit tahun ini, kapan jadwal pendaftaran jalur afirmasi? ' +
      'Anak saya punya KIP, apakah itu sudah cukup atau perlu surat keterangan tidak mampu dari desa?',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'pendidikan.ppdb',
    unitSlug: 'disdik',
    reporterName: 'Ketut Suparta',
  },
  {
    type: 'pengaduan',
    title: 'Atap Ruang Kelas SD di Desa Tigawasa Bocor dan Plafon Jebol',
    body:
      'Atap dua ruang kelas di SD tempat anak kami sekolah di Desa Tigawasa sudah bocor parah, plafonnya jebol sebagian. ' +
      'Kalau hujan siswa dipindah ke perpustakaan dan belajar berdesakan. Sudah diusulkan sekolah dari tahun lalu tapi belum ada perbaikan.',
    regencyCode: BLL,
    district: 'Banjar',
    categoryCode: 'pendidikan.sarana_sekolah',
    unitSlug: 'disdik',
    reporterName: 'Made Sukadana',
    response:
      'Tim Bidang Sarpras Dinas Pendidikan telah meninjau sekolah dan menetapkan dua ruang kelas tersebut dalam kategori rusak sedang. Sebagai penanganan darurat, plafon yang jebol telah dibongkar dan atap ditambal. Rehabilitasi diusulkan melalui DAK Fisik.',
    obstacle: 'Rehabilitasi ruang kelas menunggu penetapan alokasi DAK Fisik Bidang Pendidikan tahun depan.',
  },
  {
    type: 'pengaduan',
    title: 'Pungutan Uang Perpisahan dan Study Tour Rp 1,5 Juta di SMP Negeri',
    body:
      'Anak saya kelas 9 di salah satu SMP negeri di Seririt. Sekolah melalui komite meminta iuran perpisahan dan study tour ke Jawa sebesar 1,5 juta, katanya wajib. ' +
      'Kami keberatan krn penghasilan petani tidak menentu. Apakah pungutan seperti ini dibolehkan? Mohon nama saya tidak ditampilkan.',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'pendidikan.pungutan',
    unitSlug: 'disdik',
    anonymous: true,
    reporterName: 'Luh Made Sulastri',
  },
  {
    type: 'pengaduan',
    title: 'Dana PIP Anak Dipotong Pihak Sekolah Tanpa Penjelasan',
    body:
      'Anak saya menerima PIP SD sebesar 450 ribu, tapi waktu pencairan buku tabungan dipegang sekolah dan kami hanya terima 300 ribu. ' +
      'Katanya untuk "administrasi dan seragam" tanpa kuitansi. Beberapa orang tua lain juga begitu. Kami takut anak kami dipersulit jika ketahuan melapor.',
    regencyCode: BLL,
    district: 'Kubutambahan',
    categoryCode: 'pendidikan.bantuan_siswa',
    unitSlug: 'disdik',
    confidential: true,
    reporterName: 'Nengah Rasmini',
    response:
      'Dinas Pendidikan bersama Inspektorat telah melakukan klarifikasi ke sekolah yang bersangkutan. Pemotongan dana PIP tidak dibenarkan; sekolah diwajibkan mengembalikan seluruh potongan kepada orang tua siswa. Identitas pelapor tetap dirahasiakan.',
  },
  {
    type: 'pengaduan',
    title: 'Guru Sering Tidak Masuk, Siswa Kelas 4 Dibiarkan Belajar Sendiri',
    body:
      'Di salah satu SD di Kecamatan Banjar, wali kelas 4 sering tidak hadir, seminggu bisa 2–3 kali. ' +
      'Anak2 hanya diberi tugas mencatat lalu ditinggal. Kami sudah sampaikan ke kepala sekolah tetapi tidak ada perubahan.',
    regencyCode: BLL,
    district: 'Banjar',
    categoryCode: 'pendidikan.guru',
    unitSlug: 'disdik',
    anonymous: true,
    reporterName: 'Gede Sutama',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Bus Sekolah Gratis untuk Siswa dari Desa Pegayaman',
    body:
      'Banyak siswa SMP dan SMA dari Desa Pegayaman harus naik motor sendiri ke sekolah di Sukasada dan Singaraja melewati jalan menanjak, padahal belum punya SIM. ' +
      'Kami mengusulkan ada bus sekolah gratis pagi dan siang seperti di kabupaten lain. Terima kasih.',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'perhubungan.angkutan_umum',
    unitSlug: 'dishub',
    reporterName: 'Muhammad Ridwan',
  },

  // ── Kependudukan ───────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'KTP-el Belum Jadi Sudah Tiga Bulan, Alasannya Blangko Habis',
    body:
      'Saya rekam KTP-el di Kantor Camat Seririt bulan Oktober, sampai sekarang belum dicetak dengan alasan blangko habis. ' +
      'Padahal saya butuh KTP untuk melamar kerja dan buka rekening bank. Surat keterangan (suket) sering tidak diterima. Mohon kepastiannya.',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'kependudukan.ktp_el',
    unitSlug: 'disdukcapil',
    reporterName: 'Putu Agus Mahendra',
    response:
      'Blangko KTP-el dari Ditjen Dukcapil sudah diterima minggu ini. KTP-el Saudara sudah dicetak dan dapat diambil di Kantor Camat Seririt dengan membawa suket asli.',
  },
  {
    type: 'informasi',
    title: 'Apakah Perekaman KTP-el untuk Lansia Sakit Bisa Dilayani di Rumah?',
    body:
      'Kakek saya umur 80 tahun sudah tidak bisa berjalan dan belum pernah rekam KTP-el. Sekarang perlu KTP untuk urusan bansos. ' +
      'Apakah petugas Disdukcapil bisa datang ke rumah di Desa Sambirenteng?',
    regencyCode: BLL,
    district: 'Tejakula',
    categoryCode: 'kependudukan.ktp_el',
    unitSlug: 'disdukcapil',
    reporterName: 'Kadek Wahyudi',
    response:
      'Bisa. Disdukcapil memiliki layanan jemput bola untuk lansia, penyandang disabilitas dan warga sakit. Silakan ajukan melalui kantor desa dengan melampirkan fotokopi KK; petugas akan menjadwalkan kunjungan.',
    ratingComment: 'Petugas sudah datang ke rumah, pelayanannya ramah.',
  },
  {
    type: 'pengaduan',
    title: 'Perbaikan Nama di Kartu Keluarga Lewat Online Ditolak Terus',
    body:
      'Nama anak saya di KK salah ketik satu huruf. Sudah 3 kali saya ajukan perbaikan melalui layanan online Disdukcapil tapi ditolak terus tanpa alasan yang jelas. ' +
      'Padahal dokumen akta kelahiran sudah saya unggah. Harus bagaimana lagi?',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'kependudukan.kartu_keluarga',
    unitSlug: 'disdukcapil',
    reporterName: 'Agus Setiawan',
  },
  {
    type: 'informasi',
    title: 'Cara Mengurus Akta Kelahiran Anak yang Terlambat Dilaporkan',
    body:
      'Anak saya lahir 3 tahun lalu di rumah dibantu bidan dan sampai sekarang belum punya akta kelahiran. ' +
      'Apakah masih bisa diurus dan apakah kena denda? Apa saja syaratnya? Terima kasih.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'kependudukan.akta',
    unitSlug: 'disdukcapil',
    reporterName: 'Nyoman Ayu Suarni',
    response:
      'Masih bisa dan tidak dikenakan denda. Syaratnya: surat keterangan lahir dari bidan (atau SPTJM kebenaran data kelahiran bila tidak ada), KK, KTP-el kedua orang tua, dan buku nikah/akta perkawinan. Pengajuan dapat dilakukan di kantor desa atau Kantor Camat Sawan.',
  },
  {
    type: 'pengaduan',
    title: 'Akta Kematian Almarhum Ayah Sudah Sebulan Belum Terbit',
    body:
      'Kami mengajukan akta kematian ayah kami lewat kantor desa Kalisada pada awal bulan lalu. Sampai sekarang belum terbit padahal dibutuhkan untuk mengurus dana pensiun dan warisan. ' +
      'Setiap ditanya ke desa jawabnya masih di kabupaten.',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'kependudukan.akta',
    unitSlug: 'disdukcapil',
    reporterName: 'Wayan Sujana',
  },
  {
    type: 'pengaduan',
    title: 'Proses Pindah Datang dari Jawa Timur Belum Selesai Dua Minggu',
    body:
      'Saya pindah dari Banyuwangi ke Kelurahan Penarukan karena tugas kerja. SKPWNI dari daerah asal sudah saya serahkan ke Disdukcapil Buleleng dua minggu lalu, tapi KK baru belum juga terbit. ' +
      'Anak saya perlu KK untuk pindah sekolah.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'kependudukan.pindah_datang',
    unitSlug: 'disdukcapil',
    reporterName: 'Bambang Hariyanto',
    response:
      'Data kepindahan Bapak tertahan karena daerah asal belum menyelesaikan proses pada sistem SIAK terpusat. Disdukcapil Buleleng telah berkoordinasi dengan Disdukcapil Kabupaten Banyuwangi dan KK baru sudah terbit hari ini.',
  },
  {
    type: 'pengaduan',
    title: 'Aktivasi IKD Gagal Terus, QR Code Tidak Bisa Dipindai',
    body:
      'Saya diminta kantor aktivasi Identitas Kependudukan Digital. Sudah install aplikasinya tapi setiap scan QR di petugas selalu gagal "data tidak ditemukan". ' +
      'sudah 2 kali bolak balik ke Kantor Camat Sukasada. mohon solusinya',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'kependudukan.ikd',
    unitSlug: 'disdukcapil',
    reporterName: 'Komang Adi Saputra',
  },

  // ── Lingkungan Hidup ───────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Sampah Menumpuk dan Bau di TPS Dekat Pasar Banyuasri',
    body:
      'Sampah di TPS dekat Pasar Banyuasri sudah menumpuk sampai meluber ke badan jalan selama 4 hari, baunya sampai ke rumah makan di sekitar. ' +
      'Lalat banyak sekali. Kapan truk sampah datang mengangkut? Mohon jadwalnya diperbaiki.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'lingkungan.sampah',
    unitSlug: 'dlh',
    anonymous: true,
    reporterName: 'Made Rai Darmika',
    response:
      'DLH telah mengerahkan dua truk tambahan dan tumpukan sampah sudah diangkut seluruhnya pada hari Sabtu. Jadwal pengangkutan TPS Banyuasri kini ditetapkan setiap pagi pukul 05.00 WITA.',
    obstacle:
      'Armada pengangkut terbatas: dua dari sembilan truk sedang diperbaiki di bengkel sehingga ritase di wilayah kota belum optimal.',
    ratingComment: 'Sudah diangkut, tapi 3 hari kemudian numpuk lagi. Mohon jadwalnya konsisten.',
  },
  {
    type: 'pengaduan',
    title: 'Sampah Plastik Menumpuk di Muara Sungai Desa Sangsit',
    body:
      'Muara sungai di Desa Sangsit dekat pantai penuh sampah plastik kiriman dari hulu, apalagi setelah hujan. ' +
      'Baunya menyengat dan nelayan susah menarik perahu. Saya sempat kirim laporan ini ke Dinas Kesehatan karena takut jadi sumber penyakit.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'lingkungan.sampah',
    unitSlug: 'dlh',
    misaddressedTo: 'dinkes',
    reporterName: 'Ketut Sudiarsa',
    response:
      'Laporan diterima DLH setelah dikembalikan oleh Dinas Kesehatan. DLH bersama relawan dan desa adat telah melaksanakan aksi bersih muara pada hari Minggu dan mengangkut ±3 ton sampah. Pemasangan jaring penghalang sampah (trash boom) sedang direncanakan.',
    ratingComment: 'Bagus, semoga trash boom-nya jadi dipasang.',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Tempat Sampah Terpilah di Taman Kota dan Eks Pelabuhan Buleleng',
    body:
      'Saya sering olahraga di kawasan Eks Pelabuhan Buleleng dan melihat tempat sampah hanya satu jenis, sehingga sampah organik dan plastik tercampur. ' +
      'Saya mengusulkan disediakan tempat sampah terpilah dan papan edukasi, sejalan dengan gerakan Bali bersih sampah plastik.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'lingkungan.sampah',
    unitSlug: 'dlh',
    reporterName: 'Ayu Krisna Dewi',
  },
  {
    type: 'pengaduan',
    title: 'Asap dan Bau Pembakaran Sampah dari TPA Bengkala Mengganggu Warga',
    body:
      'Hampir setiap malam ada asap tebal dari arah TPA Bengkala yg masuk ke rumah warga. Banyak anak batuk2. ' +
      'Kami minta sampah di TPA tidak dibakar dan dikelola dengan benar. Tolong identitas saya tidak ditampilkan.',
    regencyCode: BLL,
    district: 'Kubutambahan',
    categoryCode: 'lingkungan.pencemaran',
    unitSlug: 'dlh',
    anonymous: true,
    reporterName: 'Nyoman Sarjana',
    response:
      'Asap berasal dari titik api di sel lama TPA akibat gas metana yang terbakar spontan saat musim kemarau. DLH telah melakukan pemadaman dan penutupan tanah (cover soil) pada area tersebut serta menambah patroli malam petugas TPA.',
    obstacle: 'Alat berat di TPA hanya satu unit sehingga penutupan tanah seluruh sel lama memerlukan waktu sekitar satu bulan.',
  },
  {
    type: 'pengaduan',
    title: 'Limbah Tambak Udang Dibuang ke Pantai di Desa Sumberkima',
    body:
      'Air limbah dari tambak udang di sekitar Desa Sumberkima dialirkan langsung ke pantai tanpa diolah. Air laut di pinggir jadi keruh hitam dan berbau, ikan2 kecil banyak mati. ' +
      'Kami nelayan tradisional sangat dirugikan. Mohon dicek izin lingkungannya.',
    regencyCode: BLL,
    district: 'Gerokgak',
    categoryCode: 'lingkungan.pencemaran',
    unitSlug: 'dlh',
    reporterName: 'Abdul Rahman',
    response:
      'Tim pengawas DLH telah mengambil sampel air di saluran buangan dan perairan pantai untuk diuji di laboratorium. Pengelola tambak telah diminta menghentikan pembuangan langsung sampai IPAL diperbaiki.',
    obstacle: 'Hasil uji laboratorium membutuhkan waktu ±14 hari kerja; sanksi administratif menunggu hasil uji.',
  },
  {
    type: 'pengaduan',
    title: 'Pohon Perindang di Jalan Jenderal Sudirman Miring dan Dahannya Rapuh',
    body:
      'Pohon besar di trotoar Jalan Jenderal Sudirman dekat sekolah sudah miring ke arah jalan dan beberapa dahan keropos. ' +
      'Kalau angin kencang ranting2 jatuh ke jalan. Mohon dipangkas sebelum tumbang menimpa pengendara.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'lingkungan.pohon_taman',
    unitSlug: 'dlh',
    reporterName: 'I Made Wijaya Kusuma',
    response:
      'Tim pertamanan DLH telah melakukan pemangkasan dahan yang rapuh dan mengurangi beban tajuk pohon pada hari Rabu pagi. Pohon akan dipantau secara berkala.',
  },
  {
    type: 'aspirasi',
    title: 'Mohon Penerangan dan Jalur Pejalan Kaki di Taman Bung Karno',
    body:
      'Taman Bung Karno ramai dikunjungi keluarga sore dan malam hari, tapi beberapa sudut gelap dan jalur jalannya rusak sehingga lansia mudah tersandung. ' +
      'Kami mengusulkan penambahan lampu taman dan perbaikan paving. Terima kasih.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'lingkungan.pohon_taman',
    unitSlug: 'dlh',
    reporterName: 'Sri Wahyuni',
  },
  {
    type: 'pengaduan',
    title: 'Abrasi Pantai di Desa Pemaron Sudah Mengancam Pura dan Rumah Warga',
    body:
      'Abrasi di pantai Desa Pemaron makin parah, dalam setahun garis pantai mundur hampir 5 meter. ' +
      'Tembok penyengker pura di pinggir pantai sudah mulai retak dan beberapa rumah nelayan terancam. Mohon dibuatkan pemecah ombak.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'lingkungan.pantai',
    unitSlug: 'pupr',
    reporterName: 'Jro Mangku Ketut Sadra',
    response:
      'Dinas PUPR telah meninjau lokasi dan mengusulkan penanganan pengaman pantai kepada Balai Wilayah Sungai Bali-Penida. Untuk sementara, bersama BPBD dipasang karung pasir (geobag) di depan pura.',
    obstacle:
      'Pembangunan pengaman pantai merupakan kewenangan BWS Bali-Penida (Kementerian PU); usulan masih menunggu penetapan program.',
  },

  // ── Perhubungan ────────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Parkir Liar di Depan Pasar Anyar Singaraja, Tarif Melebihi Ketentuan',
    body:
      'Di depan Pasar Anyar banyak juru parkir yang tidak memakai rompi resmi dan minta 5 ribu untuk motor tanpa karcis. ' +
      'Parkirnya juga sampai dua lapis sehingga jalan macet. Mohon ditertibkan.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'perhubungan.parkir',
    unitSlug: 'dishub',
    anonymous: true,
    reporterName: 'Putu Gede Aryawan',
    response:
      'Dinas Perhubungan bersama Satpol PP telah melakukan penertiban juru parkir tidak resmi di kawasan Pasar Anyar. Juru parkir resmi wajib memberikan karcis dengan tarif sesuai Perda (motor Rp 2.000). Masyarakat dapat melaporkan kembali apabila masih ditemukan pelanggaran.',
    ratingComment: 'Sudah lebih tertib, semoga konsisten.',
  },
  {
    type: 'pengaduan',
    title: 'Lampu Lalu Lintas di Simpang Sukasada Menyala Kuning Terus',
    body:
      'Traffic light di simpang Jalan Raya Sukasada sudah tiga hari hanya berkedip kuning. Jam berangkat sekolah dan kantor jadi semrawut, hampir terjadi tabrakan. Mohon segera diperbaiki.',
    regencyCode: BLL,
    district: 'Sukasada',
    categoryCode: 'perhubungan.rambu',
    unitSlug: 'dishub',
    reporterName: 'Wayan Eka Putra',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Zebra Cross dan Rambu Hati-Hati Ada Sekolah di Desa Sangsit',
    body:
      'Di depan SD di Jalan Raya Sangsit kendaraan melaju kencang, padahal anak2 menyeberang setiap pagi dan siang. ' +
      'Kami mengusulkan dibuatkan zebra cross, rambu sekolah, dan pita penggaduh. Terima kasih atas perhatiannya.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'perhubungan.rambu',
    unitSlug: 'dishub',
    reporterName: 'Kadek Ari Susanti',
    response:
      'Dinas Perhubungan telah melakukan survei lokasi. Pengecatan zebra cross dan pemasangan dua rambu peringatan sekolah dijadwalkan bulan ini; pita penggaduh akan dipasang setelah koordinasi dengan pemilik ruas jalan.',
  },
  {
    type: 'pengaduan',
    title: 'Terminal Banyuasri Kotor dan Toilet Tidak Berfungsi',
    body:
      'Saya penumpang bus dari Denpasar yang turun di Terminal Banyuasri. Toilet di terminal terkunci/ rusak dan ruang tunggunya kotor banyak sampah. ' +
      'Sebagai terminal di kota pariwisata sangat memalukan. Laporan ini sudah saya kirim ke DLH sebelumnya.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'perhubungan.angkutan_umum',
    unitSlug: 'dishub',
    misaddressedTo: 'dlh',
    reporterName: 'Rina Marlina',
    response:
      'Setelah dikembalikan oleh DLH, laporan ditangani Dinas Perhubungan selaku pengelola terminal. Toilet telah diperbaiki dan petugas kebersihan terminal ditambah menjadi dua orang per shift.',
  },
  {
    type: 'pengaduan',
    title: 'Layanan Uji KIR Tutup Sebelum Jam Pelayanan Berakhir',
    body:
      'Hari Jumat saya datang ke tempat pengujian kendaraan jam 11 untuk uji KIR pick up, tapi sudah ditutup dengan alasan kuota habis. ' +
      'Padahal di papan tertulis pelayanan sampai jam 12. Saya harus izin kerja lagi minggu depan.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'perhubungan.uji_kendaraan',
    unitSlug: 'dishub',
    reporterName: 'Gede Suardika',
  },

  // ── Pelayanan publik & administrasi ────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Oknum Petugas Minta Uang Pelicin untuk Percepatan Pengurusan Izin',
    body:
      'Saat mengurus izin usaha di salah satu kantor layanan pemerintah, seorang oknum petugas menawarkan "jalur cepat" dengan meminta uang 2 juta rupiah di luar biaya resmi. ' +
      'Pertemuan terjadi di warung depan kantor pada hari Selasa siang. Saya memiliki bukti percakapan. Mohon identitas saya dirahasiakan.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'pelayanan.pungli',
    unitSlug: 'org',
    confidential: true,
    reporterName: 'Anak Agung Ngurah Bayu',
    response:
      'Laporan telah diteruskan kepada Inspektorat Daerah dan Unit Pemberantasan Pungli Kabupaten Buleleng untuk ditindaklanjuti. Identitas pelapor dijamin kerahasiaannya. Pelapor akan dihubungi melalui kanal aplikasi ini untuk penyerahan bukti.',
  },
  {
    type: 'pengaduan',
    title: 'Diminta Uang Tambahan Agar Kendaraan Lulus Uji KIR Tanpa Pemeriksaan',
    body:
      'Teman2 sopir truk di Seririt bercerita bahwa ada calo di sekitar tempat uji kendaraan yang bisa meluluskan uji tanpa kendaraan diperiksa, asal bayar lebih. ' +
      'Kabarnya bekerja sama dgn oknum di dalam. Ini bahaya untuk keselamatan di jalan. Mohon diselidiki, saya tidak mau nama saya diketahui.',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'pelayanan.pungli',
    unitSlug: 'org',
    confidential: true,
    anonymous: true,
    reporterName: 'Komang Juliarta',
  },
  {
    type: 'informasi',
    title: 'Cara Mengurus NIB untuk Usaha Warung Makan Lewat OSS',
    body:
      'Saya baru buka warung makan kecil di Desa Baktiseraga. Katanya sekarang harus punya NIB. ' +
      'Apakah bisa diurus sendiri secara online dan apakah ada biayanya? Mohon infonya.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'pelayanan.perizinan',
    unitSlug: 'org',
    reporterName: 'Luh Gede Purnami',
    response:
      'NIB dapat diurus sendiri secara daring melalui sistem OSS berbasis risiko tanpa biaya. Siapkan KTP-el, NPWP dan alamat email aktif. Untuk usaha mikro risiko rendah, NIB sudah berlaku sebagai izin usaha. Bila memerlukan pendampingan, silakan datang ke Mal Pelayanan Publik Buleleng.',
    ratingComment: 'Jelas sekali jawabannya, NIB sudah terbit.',
  },
  {
    type: 'informasi',
    title: 'Mohon Informasi Syarat Pengurusan PBG untuk Rumah Tinggal',
    body:
      'Saya berencana membangun rumah tinggal 2 lantai di Desa Anturan. Apa saja syarat Persetujuan Bangunan Gedung (PBG) dan berapa lama prosesnya? Apakah harus memakai jasa konsultan?',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'pelayanan.perizinan',
    unitSlug: 'pupr',
    reporterName: 'Nyoman Adi Wiguna',
  },
  {
    type: 'pengaduan',
    title: 'Pegawai Kantor Camat Tidak Ada di Tempat Saat Jam Pelayanan',
    body:
      'Pada hari Kamis sekitar jam 10 pagi saya ke kantor camat untuk legalisir dokumen, tapi loket pelayanan kosong. ' +
      'Saya menunggu sampai jam 11 dan petugas baru datang dengan alasan "ada upacara di desa". Tidak ada papan pengumuman atau petugas pengganti.',
    regencyCode: BLL,
    district: 'Seririt',
    categoryCode: 'pelayanan.kinerja_asn',
    unitSlug: 'org',
    anonymous: true,
    reporterName: 'Ketut Mertayasa',
  },
  {
    type: 'pengaduan',
    title: 'Pengajuan Santunan Kematian Belum Diproses Sejak Enam Bulan',
    body:
      'Kami mengajukan santunan kematian untuk almarhumah ibu kami melalui desa sejak enam bulan lalu, berkas sudah lengkap. ' +
      'Sampai sekarang belum ada kabar. Setiap ditanya ke desa katanya masih diproses di kabupaten. Mohon kejelasan status berkas kami.',
    regencyCode: BLL,
    district: 'Banjar',
    categoryCode: 'pelayanan.maladministrasi',
    unitSlug: 'org',
    reporterName: 'Gusti Ayu Made Rusmini',
    response:
      'Hasil penelusuran menunjukkan berkas telah diverifikasi dan masuk daftar pencairan tahap II. Santunan akan ditransfer ke rekening ahli waris paling lambat akhir bulan ini.',
  },

  // ── Sosial ─────────────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Bansos BLT Tidak Tepat Sasaran di Desa Pejarakan',
    body:
      'Di banjar kami di Desa Pejarakan ada penerima BLT yang punya mobil dan rumah bagus, sementara ada nenek janda yang tinggal sendiri di gubuk tidak dapat apa2. ' +
      'Warga sudah protes ke kelian tapi katanya data dari pusat. Mohon diverifikasi ulang, nama saya jangan disebut.',
    regencyCode: BLL,
    district: 'Gerokgak',
    categoryCode: 'sosial.bansos',
    unitSlug: 'org',
    anonymous: true,
    reporterName: 'Made Jaya',
    response:
      'Laporan telah diteruskan ke Dinas Sosial. Pemerintah desa diminta melaksanakan musyawarah desa khusus untuk verifikasi dan validasi ulang data penerima. Warga yang memenuhi kriteria akan diusulkan masuk DTSEN melalui aplikasi SIKS-NG.',
    ratingComment: 'Semoga nenek itu bisa dapat bantuan.',
  },
  {
    type: 'pengaduan',
    title: 'PKH Ibu Saya Berhenti Tanpa Pemberitahuan Sejak Awal Tahun',
    body:
      'Ibu saya biasanya menerima PKH lansia tiap tahap, tetapi sejak awal tahun saldonya tidak pernah masuk lagi. Pendamping PKH juga tidak bisa menjelaskan. ' +
      'Kondisi ekonomi kami tidak berubah. Mohon dicek penyebabnya.',
    regencyCode: BLL,
    district: 'Busungbiu',
    categoryCode: 'sosial.bansos',
    unitSlug: 'org',
    reporterName: 'Putu Sudarma',
  },
  {
    type: 'pengaduan',
    title: 'Keluarga Kami Tidak Mampu Tetapi Tidak Terdata dalam DTKS',
    body:
      'Kami keluarga buruh tani dengan 3 anak, rumah masih berlantai tanah, tapi tidak pernah terdata sebagai keluarga miskin. ' +
      'Akibatnya anak tidak dapat PIP dan kami tidak dapat bantuan apa pun. Kemana kami harus mengajukan?',
    regencyCode: BLL,
    district: 'Kubutambahan',
    categoryCode: 'sosial.dtks',
    unitSlug: 'org',
    reporterName: 'Nengah Kariasa',
  },
  {
    type: 'pengaduan',
    title: 'Kursi Roda Bantuan untuk Anak Disabilitas Belum Diterima',
    body:
      'Anak saya penyandang disabilitas daksa. Kami sudah didata untuk bantuan kursi roda oleh petugas sosial kecamatan bulan Maret, dijanjikan dua bulan. ' +
      'Sekarang sudah lewat lima bulan belum ada kabar.',
    regencyCode: BLL,
    district: 'Gerokgak',
    categoryCode: 'sosial.disabilitas_lansia',
    unitSlug: 'org',
    reporterName: 'Ni Kadek Sumerti',
    response:
      'Dinas Sosial menyampaikan bahwa pengadaan alat bantu disabilitas tahun ini sudah tiba. Kursi roda akan diantar langsung ke rumah bersama petugas kecamatan minggu depan.',
    ratingComment: 'Kursi roda sudah diantar ke rumah. Terima kasih banyak.',
  },

  // ── Ketertiban ─────────────────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Pedagang Kaki Lima Memenuhi Trotoar Jalan Diponegoro Singaraja',
    body:
      'Trotoar di Jalan Diponegoro dekat kawasan eks pelabuhan penuh lapak pedagang sore sampai malam, pejalan kaki terpaksa turun ke jalan. ' +
      'Kami tidak melarang orang berjualan, tapi mohon ditata supaya tidak mengganggu.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'ketertiban.pkl',
    unitSlug: 'org',
    anonymous: true,
    reporterName: 'Yohanes Tri Wibowo',
  },
  {
    type: 'pengaduan',
    title: 'Musik Keras dari Kafe di Lovina Sampai Pukul Dua Pagi',
    body:
      'Sudah sebulan ini sebuah kafe di kawasan Anturan memutar musik sangat keras sampai jam 2 pagi, hampir setiap malam. ' +
      'Anak saya sedang persiapan ujian dan orang tua kami sulit tidur. Sudah ditegur lewat pecalang tapi hanya berhenti sehari.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'ketertiban.gangguan',
    unitSlug: 'org',
    anonymous: true,
    reporterName: 'Kadek Ariawan',
  },
  {
    type: 'pengaduan',
    title: 'Villa Dibangun di Sempadan Pantai Desa Kaliasem Tanpa Papan PBG',
    body:
      'Ada pembangunan villa di pinggir pantai Desa Kaliasem yang jaraknya sangat dekat dengan garis pantai, kurang dari 20 meter dari pasang tertinggi. ' +
      'Tidak ada papan informasi PBG di lokasi. Akses warga ke pantai untuk upacara melasti juga jadi tertutup.',
    regencyCode: BLL,
    district: 'Banjar',
    categoryCode: 'ketertiban.bangunan',
    unitSlug: 'pupr',
    reporterName: 'Gede Sastrawan',
  },
  {
    type: 'pengaduan',
    title: 'Baliho Bekas Pemilu Masih Terpasang dan Roboh ke Badan Jalan',
    body:
      'Di sepanjang jalan Banjar–Seririt masih banyak baliho bekas kampanye yang tidak dibongkar, beberapa sudah roboh dan menjorok ke badan jalan. ' +
      'Ini bahaya bagi pengendara motor terutama malam hari. Saya kira urusan kominfo jadi saya kirim ke sana.',
    regencyCode: BLL,
    district: 'Banjar',
    categoryCode: 'ketertiban.reklame',
    unitSlug: 'org',
    misaddressedTo: 'kominfosanti',
    reporterName: 'Wayan Pasek Arsana',
    response:
      'Laporan dikembalikan oleh Diskominfosanti dan diteruskan ke Satpol PP. Penertiban baliho dan alat peraga bekas kampanye di ruas Banjar–Seririt telah dilaksanakan; 37 baliho dibongkar.',
    ratingComment: 'Sudah bersih, terima kasih.',
  },

  // ── Informasi & komunikasi ─────────────────────────────────────────────────
  {
    type: 'pengaduan',
    title: 'Website Resmi Pemkab Muncul Iklan Judi Online',
    body:
      'Waktu saya membuka salah satu subdomain website resmi Pemkab Buleleng dari Google, yang muncul malah halaman iklan judi online. ' +
      'Ini sangat memalukan dan berbahaya bagi anak2 yang mencari informasi. Mohon segera diamankan.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'informasi.aplikasi',
    unitSlug: 'kominfosanti',
    reporterName: 'Dimas Prasetyo',
    response:
      'Terima kasih atas laporannya. Tim CSIRT Diskominfosanti telah menonaktifkan subdomain yang disusupi, menghapus berkas berbahaya, dan memperbarui sistem. Permintaan penghapusan indeks telah diajukan ke mesin pencari.',
    ratingComment: 'Respons cepat, sudah tidak muncul lagi.',
  },
  {
    type: 'pengaduan',
    title: 'Tidak Ada Sinyal Internet di Desa Pucaksari, Siswa Susah Belajar',
    body:
      'Di Desa Pucaksari sinyal HP hilang timbul, untuk internet harus naik ke bukit. Anak2 yang harus mengerjakan tugas online kesulitan. ' +
      'Mohon pemerintah membantu agar ada menara BTS atau wifi desa.',
    regencyCode: BLL,
    district: 'Busungbiu',
    categoryCode: 'informasi.jaringan',
    unitSlug: 'kominfosanti',
    reporterName: 'Ketut Rinawati',
    response:
      'Diskominfosanti telah mengusulkan Desa Pucaksari sebagai lokasi blank spot kepada BAKTI Komdigi dan operator seluler. Sementara itu desa difasilitasi akses internet satelit di kantor desa dan balai banjar.',
    obstacle: 'Pembangunan BTS bergantung pada program BAKTI Komdigi dan operator seluler di luar kewenangan pemerintah kabupaten.',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Wi-Fi Gratis di Balai Banjar untuk Anak Sekolah',
    body:
      'Kami mengusulkan pemasangan wifi gratis di balai banjar di Desa Julah dan Desa Pacung, karena banyak keluarga yg tidak mampu membeli kuota internet. ' +
      'Balai banjar bisa dipakai anak2 belajar sore hari.',
    regencyCode: BLL,
    district: 'Tejakula',
    categoryCode: 'informasi.jaringan',
    unitSlug: 'kominfosanti',
    reporterName: 'Putu Yoga Swastika',
  },
  {
    type: 'informasi',
    title: 'Permohonan Data Kunjungan Wisatawan ke Buleleng Tahun 2024 untuk Skripsi',
    body:
      'Saya mahasiswa di Singaraja yang sedang menyusun skripsi tentang pariwisata Buleleng Utara. ' +
      'Saya memohon data jumlah kunjungan wisatawan domestik dan mancanegara per bulan tahun 2024. Terima kasih.',
    regencyCode: BLL,
    district: 'Buleleng',
    categoryCode: 'informasi.ppid',
    unitSlug: 'kominfosanti',
    reporterName: 'Ni Putu Sinta Maharani',
    response:
      'Permohonan informasi telah diteruskan PPID Utama kepada PPID Pelaksana Dinas Pariwisata. Data yang dimohon telah dikirimkan dalam format spreadsheet melalui email yang terdaftar.',
    ratingComment: 'Data lengkap, sangat membantu skripsi saya.',
  },
  {
    type: 'informasi',
    title: 'Permohonan Salinan Rincian Anggaran Perbaikan Jalan di Desa Kami',
    body:
      'Kami kelompok warga Desa Bontihing ingin mengetahui nilai anggaran dan volume pekerjaan perbaikan jalan desa yang dikerjakan tahun lalu, ' +
      'karena kondisi jalan sudah rusak lagi padahal belum setahun. Mohon diberikan salinan dokumen kontraknya.',
    regencyCode: BLL,
    district: 'Kubutambahan',
    categoryCode: 'informasi.ppid',
    unitSlug: 'pupr',
    reporterName: 'Kadek Sujana',
  },
  {
    type: 'pengaduan',
    title: 'Pesan Berantai Penipuan Mengatasnamakan Disdukcapil Buleleng',
    body:
      'Ibu saya menerima pesan WhatsApp berisi undangan aktivasi KTP digital dengan file .apk, mengatasnamakan Disdukcapil Buleleng. ' +
      'Untung belum dibuka. Banyak grup warga yang ikut menyebarkan. Mohon diberi klarifikasi resmi agar warga tidak tertipu.',
    regencyCode: BLL,
    district: 'Sawan',
    categoryCode: 'informasi.hoaks',
    unitSlug: 'kominfosanti',
    reporterName: 'Gede Pramana Putra',
  },

  // ════════════════════════════════════════════════════════════════════════════
  //  Kabupaten Badung (51.03) — units: org, pupr, dinkes, dlh, disdukcapil
  // ════════════════════════════════════════════════════════════════════════════
  {
    type: 'pengaduan',
    title: 'Jalan Raya Canggu Berlubang, Banyak Pengendara Motor Terjatuh',
    body:
      'Jalan Raya Canggu dari simpang Tibubeneng ke arah Batu Bolong banyak lubang yang tertutup genangan air kalau hujan. ' +
      'Hampir setiap minggu ada wisatawan asing maupun warga lokal yg jatuh dari motor. Mohon segera diperbaiki.',
    regencyCode: BDG,
    district: 'Kuta Utara',
    categoryCode: 'infrastruktur.jalan',
    unitSlug: 'pupr',
    reporterName: 'Wayan Gede Parwata',
    response:
      'Dinas PUPR Kabupaten Badung telah melakukan penambalan lubang di ruas Jalan Raya Canggu sepanjang ±1,2 km pada malam hari untuk mengurangi gangguan lalu lintas. Pelapisan ulang dijadwalkan setelah pekerjaan saluran di sisi jalan selesai.',
  },
  {
    type: 'aspirasi',
    title: 'Usulan Perbaikan Jalan Menuju Jembatan Tukad Bangkung di Pelaga',
    body:
      'Jalan penghubung dari Desa Pelaga ke arah kebun sayur warga dan objek wisata sekitar Jembatan Tukad Bangkung sempit dan aspalnya tipis. ' +
      'Truk pengangkut sayur sering terperosok. Kami mengusulkan pelebaran dan pengaspalan ulang.',
    regencyCode: BDG,
    district: 'Petang',
    categoryCode: 'infrastruktur.jalan',
    unitSlug: 'pupr',
    reporterName: 'Nyoman Suartika',
  },
  {
    type: 'pengaduan',
    title: 'Banjir Setiap Hujan Deras di Jalan Patih Jelantik Legian',
    body:
      'Setiap hujan deras Jalan Patih Jelantik di Legian tergenang sampai selutut, mobil dan motor banyak yang mogok. ' +
      'Air juga masuk ke toko dan penginapan. Sudah bertahun-tahun seperti ini, mohon ada solusi permanen.',
    regencyCode: BDG,
    district: 'Kuta',
    categoryCode: 'infrastruktur.drainase',
    unitSlug: 'pupr',
    reporterName: 'Agung Bagus Mahardika',
    response:
      'Dinas PUPR telah mengoperasikan pompa portabel di titik genangan dan membersihkan inlet saluran. Pembangunan saluran diversi menuju Tukad Mati masuk rencana penanganan banjir kawasan Kuta.',
    obstacle:
      'Saluran pembuang akhir melintasi lahan milik pihak ketiga sehingga memerlukan pembebasan lahan; proses masih dalam tahap pendataan.',
  },
  {
    type: 'pengaduan',
    title: 'Lampu Jalan di Jalan Raya Pecatu Mati Sepanjang Dua Kilometer',
    body:
      'Lampu jalan di Jalan Raya Pecatu ke arah Uluwatu mati sepanjang kira2 2 km sejak awal bulan. ' +
      'Jalannya berkelok dan banyak truk proyek, malam hari sangat gelap. Sebelumnya saya kirim ke DLH karena tidak tahu dinas yang benar.',
    regencyCode: BDG,
    district: 'Kuta Selatan',
    categoryCode: 'infrastruktur.pju',
    unitSlug: 'pupr',
    misaddressedTo: 'dlh',
    reporterName: 'I Putu Arta Jaya',
    response:
      'Laporan diterima Dinas PUPR setelah dikembalikan oleh DLH. Kerusakan disebabkan kabel jaringan PJU yang terpotong oleh pekerjaan galian proyek swasta. Kabel telah disambung dan pihak proyek diminta bertanggung jawab atas biaya perbaikan.',
  },
  {
    type: 'pengaduan',
    title: 'Air PDAM Sering Mati Pagi Hari di Perumahan Jimbaran',
    body:
      'Di perumahan kami di Jimbaran air PDAM hampir setiap pagi mati dari jam 5 sampai jam 9, padahal waktu itu jam sibuk untuk mandi dan masak. ' +
      'Sudah lapor ke call center tapi jawabannya debit kecil. Mohon ada solusi.',
    regencyCode: BDG,
    district: 'Kuta Selatan',
    categoryCode: 'infrastruktur.air_bersih',
    unitSlug: 'pupr',
    reporterName: 'Herlina Siregar',
    response:
      'Setelah koordinasi dengan Perumda Air Minum Tirta Mangutama, pasokan di zona Jimbaran atas diatur ulang dengan penambahan pompa booster sehingga tekanan pagi hari meningkat.',
    ratingComment: 'Sekarang air sudah lancar pagi hari.',
  },
  {
    type: 'pengaduan',
    title: 'Jembatan Kecil di Desa Sangeh Retak Setelah Dilewati Truk Pasir',
    body:
      'Jembatan di Banjar Batusari, Desa Sangeh, terlihat retak di bagian bawah setelah sering dilewati truk pasir bermuatan berat. ' +
      'Warga khawatir jembatan ambruk. Mohon diperiksa dan dipasang pembatas muatan.',
    regencyCode: BDG,
    district: 'Abiansemal',
    categoryCode: 'infrastruktur.jembatan',
    unitSlug: 'pupr',
    reporterName: 'Ketut Sumadi',
    response:
      'Tim teknis telah memasang portal pembatas tinggi kendaraan dan rambu batas muatan 5 ton. Pemeriksaan struktur detail dijadwalkan bersama konsultan.',
  },
  {
    type: 'pengaduan',
    title: 'Sampah Dibuang Sembarangan di Lahan Kosong Dekat Jalan Raya Uluwatu',
    body:
      'Ada lahan kosong di pinggir Jalan Raya Uluwatu, Desa Ungasan, yang jadi tempat pembuangan sampah liar. Truk pick up buang sampah malam2. ' +
      'Baunya menyengat dan kadang dibakar, asapnya ke rumah warga.',
    regencyCode: BDG,
    district: 'Kuta Selatan',
    categoryCode: 'lingkungan.sampah',
    unitSlug: 'dlh',
    reporterName: 'Made Suastika',
  },
  {
    type: 'pengaduan',
    title: 'Limbah Peternakan Babi di Desa Sobangan Mencemari Saluran Irigasi',
    body:
      'Limbah kotoran babi dari peternakan di Desa Sobangan dialirkan ke saluran subak, air jadi hitam dan bau sekali. ' +
      'Petani di hilir khawatir padinya rusak. Sudah dibicarakan di rapat subak tapi tidak ada perubahan.',
    regencyCode: BDG,
    district: 'Mengwi',
    categoryCode: 'lingkungan.pencemaran',
    unitSlug: 'dlh',
    anonymous: true,
    reporterName: 'Wayan Rupa',
  },
  {
    type: 'pengaduan',
    title: 'Antrean Cetak KTP-el di Mal Pelayanan Publik Badung Terlalu Panjang',
    body:
      'Saya datang ke MPP Badung di Puspem jam 8 pagi untuk cetak KTP-el yg hilang, nomor antrean Disdukcapil sudah habis. ' +
      'Disuruh datang besok lebih pagi. Tidak ada informasi kuota di website. Mohon ada antrean online.',
    regencyCode: BDG,
    district: 'Mengwi',
    categoryCode: 'kependudukan.ktp_el',
    unitSlug: 'disdukcapil',
    reporterName: 'Desak Putu Widyastuti',
    response:
      'Disdukcapil Badung telah membuka pendaftaran antrean online untuk layanan cetak ulang KTP-el dan menambah kuota harian. Selain itu cetak KTP-el juga dapat dilakukan di kantor camat terdekat.',
    ratingComment: 'Sudah ada antrean online, lebih praktis.',
  },
  {
    type: 'informasi',
    title: 'Syarat Akta Kelahiran untuk Anak dari Ayah Warga Negara Asing',
    body:
      'Saya WNI menikah dengan WNA asal Australia, tinggal di Kelurahan Legian. Anak kami baru lahir di rumah sakit di Kuta. ' +
      'Apa saja dokumen yang dibutuhkan untuk akta kelahiran dan apakah paspor suami perlu diterjemahkan?',
    regencyCode: BDG,
    district: 'Kuta',
    categoryCode: 'kependudukan.akta',
    unitSlug: 'disdukcapil',
    reporterName: 'Ni Wayan Eka Purnamasari',
    response:
      'Dokumen yang diperlukan: surat keterangan lahir dari rumah sakit, KK dan KTP-el ibu, paspor ayah, akta perkawinan yang telah dicatatkan di Indonesia, serta dua orang saksi. Paspor tidak perlu diterjemahkan. Pengajuan dapat dilakukan di Disdukcapil atau MPP Badung.',
  },
  {
    type: 'pengaduan',
    title: 'Perubahan Data Kartu Keluarga Setelah Menikah Belum Diproses',
    body:
      'Sudah tiga minggu saya mengajukan perubahan KK setelah menikah lewat kantor desa Sibang Gede. Istri saya belum masuk KK sehingga tidak bisa didaftarkan BPJS. ' +
      'Saya sempat mengirim laporan ke Dinas Kesehatan karena kira masalahnya di BPJS.',
    regencyCode: BDG,
    district: 'Abiansemal',
    categoryCode: 'kependudukan.kartu_keluarga',
    unitSlug: 'disdukcapil',
    misaddressedTo: 'dinkes',
    reporterName: 'Gede Andika Saputra',
    response:
      'Laporan dikembalikan oleh Dinas Kesehatan dan ditangani Disdukcapil. Berkas pengajuan tertahan karena akta perkawinan belum diunggah oleh operator desa. Data telah dilengkapi dan KK baru sudah terbit.',
  },
  {
    type: 'pengaduan',
    title: 'Dokter Gigi di Puskesmas Abiansemal Jarang Ada di Tempat',
    body:
      'Sudah tiga kali saya datang untuk cabut gigi anak saya di Puskesmas Abiansemal, selalu dibilang dokter giginya sedang keluar atau cuti. ' +
      'Tidak ada jadwal praktik yang ditempel. Mohon kejelasan jadwal pelayanan poli gigi.',
    regencyCode: BDG,
    district: 'Abiansemal',
    categoryCode: 'kesehatan.puskesmas',
    unitSlug: 'dinkes',
    reporterName: 'Luh Ketut Wartini',
  },
  {
    type: 'pengaduan',
    title: 'Pasien Dirawat di Lorong IGD Karena Ruang Rawat Inap Penuh',
    body:
      'Kakak saya dirawat di RSD Mangusada dan harus menunggu dua hari di brankar lorong IGD karena kamar rawat inap kelas 3 penuh. ' +
      'Kondisinya tidak nyaman dan tidak ada privasi. Mohon ditambah kapasitas atau dirujuk ke rumah sakit lain.',
    regencyCode: BDG,
    district: 'Mengwi',
    categoryCode: 'kesehatan.rumah_sakit',
    unitSlug: 'dinkes',
    reporterName: 'Made Dwi Antara',
    response:
      'Dinas Kesehatan telah berkoordinasi dengan manajemen RSD Mangusada. Pasien telah dipindahkan ke ruang rawat inap. Rumah sakit mengaktifkan sistem informasi ketersediaan tempat tidur dan rujukan ke rumah sakit mitra bila kapasitas penuh.',
    obstacle: 'Pembangunan gedung rawat inap baru masih dalam tahap konstruksi dan baru dapat difungsikan tahun depan.',
  },
  {
    type: 'pengaduan',
    title: 'Posyandu di Banjar Kami di Desa Pelaga Jarang Dilaksanakan',
    body:
      'Posyandu di banjar kami di Desa Pelaga dalam tiga bulan terakhir hanya buka sekali. Anak2 balita jadi tidak ditimbang dan tidak dapat vitamin A. ' +
      'Kader bilang bidannya belum datang. Mohon diperhatikan karena katanya Badung mau bebas stunting.',
    regencyCode: BDG,
    district: 'Petang',
    categoryCode: 'kesehatan.gizi_stunting',
    unitSlug: 'dinkes',
    reporterName: 'Ni Nyoman Sriani',
    response:
      'Puskesmas Petang II telah menetapkan ulang jadwal posyandu setiap minggu kedua dengan bidan pendamping tetap. Balita yang terlewat telah mendapatkan sweeping vitamin A dan penimbangan.',
  },
  {
    type: 'pengaduan',
    title: 'Pembangunan Villa di Jalur Hijau Persawahan Tibubeneng',
    body:
      'Di tengah sawah di Desa Tibubeneng ada pembangunan villa dua lantai yang setahu kami berada di jalur hijau. ' +
      'Saluran subak ikut diurug sehingga sawah di sebelahnya tidak dapat air. Mohon dicek izinnya.',
    regencyCode: BDG,
    district: 'Kuta Utara',
    categoryCode: 'ketertiban.bangunan',
    unitSlug: 'pupr',
    reporterName: 'Ketut Suwena',
  },
  {
    type: 'pengaduan',
    title: 'Juru Parkir Liar di Pantai Kuta Minta Bayaran Rp 10.000',
    body:
      'Waktu parkir motor di dekat Pantai Kuta, ada juru parkir tanpa seragam yang minta 10 ribu. Ketika saya minta karcis malah marah. ' +
      'Teman saya yang turis juga dimintai lebih mahal. Ini mencoreng pariwisata Badung.',
    regencyCode: BDG,
    district: 'Kuta',
    categoryCode: 'perhubungan.parkir',
    unitSlug: 'org',
    anonymous: true,
    reporterName: 'Andi Saputra',
  },
  {
    type: 'pengaduan',
    title: 'Suara Musik Beach Club di Canggu Bising Hingga Dini Hari',
    body:
      'Beach club di kawasan Canggu memutar musik dengan volume sangat tinggi sampai lewat jam 1 malam, terutama akhir pekan. ' +
      'Warga di sekitar tidak bisa istirahat, termasuk lansia dan bayi. Mohon ditegakkan aturan jam operasional.',
    regencyCode: BDG,
    district: 'Kuta Utara',
    categoryCode: 'ketertiban.gangguan',
    unitSlug: 'org',
    anonymous: true,
    reporterName: 'Komang Tri Yuliani',
  },
  {
    type: 'pengaduan',
    title: 'Oknum Perangkat Desa Minta Uang untuk Tanda Tangan Surat Pengantar',
    body:
      'Saat mengurus surat pengantar pindah di kantor desa, seorang oknum perangkat desa meminta uang 500 ribu "biar cepat", tanpa kuitansi. ' +
      'Warga lain juga pernah mengalami. Saya punya rekaman suara. Mohon identitas saya dirahasiakan.',
    regencyCode: BDG,
    district: 'Kuta Utara',
    categoryCode: 'pelayanan.pungli',
    unitSlug: 'org',
    confidential: true,
    reporterName: 'Ida Bagus Made Suryawan',
    response:
      'Laporan telah diteruskan kepada Inspektorat Kabupaten Badung dan Unit Saber Pungli. Pelayanan surat pengantar di desa tidak dipungut biaya. Identitas pelapor dirahasiakan.',
  },
  {
    type: 'pengaduan',
    title: 'Anak Tidak Lolos Zonasi SMP Negeri di Dalung Padahal Rumah Dekat',
    body:
      'Rumah kami di Desa Dalung hanya sekitar 700 meter dari SMP negeri, tetapi anak kami tidak lolos zonasi. ' +
      'Kami dengar banyak yang menumpang KK di alamat dekat sekolah. Mohon dilakukan verifikasi domisili.',
    regencyCode: BDG,
    district: 'Kuta Utara',
    categoryCode: 'pendidikan.ppdb',
    unitSlug: 'org',
    reporterName: 'Yulia Kartika Sari',
  },
  {
    type: 'pengaduan',
    title: 'Penerima BLT di Desa Kapal Banyak yang Sudah Meninggal atau Pindah',
    body:
      'Saya melihat daftar penerima BLT yang ditempel di kantor desa Kapal, ada beberapa nama yang sudah meninggal dan ada yang sudah lama pindah ke luar Bali. ' +
      'Sementara tetangga saya yang janda dengan anak kecil tidak terdaftar. Mohon diperbarui datanya.',
    regencyCode: BDG,
    district: 'Mengwi',
    categoryCode: 'sosial.bansos',
    unitSlug: 'org',
    reporterName: 'Nyoman Sumerta',
  },
];
