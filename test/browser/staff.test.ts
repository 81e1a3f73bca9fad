// The staff workspace in a real browser against a real server: an admin verifies and routes, a unit
// returns a complaint as "bukan kewenangan" (the reason is required), the admin forwards it, a unit
// accepts, records an obstacle and responds, a step refused because the status changed meanwhile
// (409), bulk routing, and every page of the admin console. Complaints are filed through the API as
// a guest at the start of each journey. Every page passes axe and fits 360 px.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  absent,
  api,
  browserWith,
  checkPage,
  DEMO_PASSWORD,
  describedAs,
  focused,
  hasAttribute,
  JOURNEY_TIMEOUT,
  login,
  screenshot,
  serverForFile,
  signIn,
  uniqueWord,
  visible,
} from './support';

const server = serverForFile();

const withBrowser = browserWith({ timeout: JOURNEY_TIMEOUT });

/** A guest's complaint to Kabupaten Buleleng; returns its tracking number. */
async function fileComplaint(title: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api(server, 'POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title,
      body: 'Sudah dua minggu belum ada penanganan. Mohon segera ditindaklanjuti oleh instansi terkait.',
      location: { regionCode: '51.08', address: 'Jl. Ahmad Yani, Singaraja' },
      reporter: { name: 'Komang Pelapor', phone: '081234509876' },
      ...extra,
    },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.trackingNumber as string;
}

async function act(username: string, tn: string, action: string, body: Record<string, unknown>) {
  const r = await api(server, 'POST', `/api/v1/complaints/${tn}/actions/${action}`, { token: await login(server, username), body });
  expect(r.status, `${action}: ${JSON.stringify(r.json)}`).toBe(200);
}

async function complaintAs(username: string, tn: string) {
  return (await api(server, 'GET', `/api/v1/complaints/${tn}`, { token: await login(server, username) })).json;
}

const statusBadge = (page: Page, label: string) => page.locator('.complaint-head .badges').getByText(label, { exact: true });

describe('staff workspace', () => {
  it('admin signs in, finds a new complaint in the inbox, verifies it and routes it to a unit', async () => {
    const word = uniqueWord();
    const title = `Puskesmas Sawan kehabisan obat ${word}`;
    const tn = await fileComplaint(title);

    await withBrowser(async (b) => {
      const { page } = b;
      await page.goto(`${server.url}/staf`);
      await visible(page.getByRole('heading', { level: 1, name: 'Ruang kerja petugas' }));
      await page.getByRole('main').getByRole('link', { name: 'Masuk' }).click();
      await page.getByLabel('Nama pengguna').fill('admin.buleleng');
      await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Kotak masuk aduan' }));
      await checkPage(page, 'inbox (admin)');

      await page.getByLabel('Cari', { exact: true }).fill(word);
      await page.getByRole('button', { name: 'Terapkan' }).click();
      await expect.poll(() => page.url()).toContain(`q=${word}`);
      const link = page.getByRole('link', { name: title });
      await visible(page.getByText('1 aduan ditampilkan.'));
      await visible(link);
      // j moves to the first complaint of the list; Enter opens it.
      await page.getByRole('heading', { level: 1 }).click();
      await page.keyboard.press('j');
      await focused(link);
      await page.keyboard.press('Enter');

      await visible(page.getByRole('heading', { level: 1, name: title }));
      await visible(statusBadge(page, 'Belum Terverifikasi'));
      // Admins see the reporter (the API sends it to them).
      await visible(page.getByRole('region', { name: 'Pelapor', exact: true }).getByText('Komang Pelapor'));
      await checkPage(page, 'complaint (admin, submitted)');

      await page.getByRole('button', { name: 'Verifikasi dan disposisikan' }).click();
      await hasAttribute(page.getByRole('button', { name: 'Verifikasi dan disposisikan' }), 'aria-expanded', 'true');
      // Submitting without a unit names the missing field.
      await page.getByRole('button', { name: 'Disposisikan ke unit ini' }).click();
      await visible(page.getByRole('alert').filter({ hasText: 'Ada yang perlu diperbaiki' }));
      await describedAs(page.getByLabel('Unit tujuan'), /Pilih unit tujuan/);
      await page.getByLabel('Unit tujuan').selectOption({ label: 'Dinas Kesehatan' });
      await checkPage(page, 'verify form');
      await page.getByRole('button', { name: 'Disposisikan ke unit ini' }).click();
      await visible(page.getByText('Aduan diverifikasi dan didisposisikan ke Dinas Kesehatan.'));
      await visible(statusBadge(page, 'Terdisposisi'));
      await visible(page.getByText('Diverifikasi dan diteruskan'));
      await checkPage(page, 'complaint verified');
      await screenshot(page, 'staff-1-admin-verified');
    });

    const after = await complaintAs('admin.buleleng', tn);
    expect(after.status).toBe('disposed');
    expect(after.organisation.code).toBe('51.08.dinkes');
  });

  it('a unit returns a complaint as "bukan kewenangan": the reason is required', async () => {
    const title = `Jalan desa Panji rusak parah ${uniqueWord()}`;
    const tn = await fileComplaint(title);
    await act('admin.buleleng', tn, 'verify', { organisationCode: '51.08.dinkes' });

    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'dinkes.buleleng');
      await page.goto(`${server.url}/staf`);
      await visible(page.getByRole('heading', { level: 1, name: 'Kotak masuk aduan' }));
      await visible(page.getByRole('link', { name: title }));
      await checkPage(page, 'inbox (unit)');
      await page.getByRole('link', { name: title }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));
      // Only what the API allows a unit: no verification, no rejection.
      await visible(page.getByRole('button', { name: 'Terima untuk ditangani' }));
      await absent(page.getByRole('button', { name: 'Verifikasi dan disposisikan' }));
      await absent(page.getByRole('button', { name: 'Tolak', exact: true }));

      await page.getByRole('button', { name: 'Kembalikan: bukan kewenangan' }).click();
      const reason = page.getByLabel('Alasan bukan kewenangan');
      await visible(reason);
      await page.getByRole('button', { name: 'Kembalikan ke admin' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Ada yang perlu diperbaiki' });
      await visible(summary);
      await focused(summary);
      await hasAttribute(reason, 'aria-invalid', 'true');
      await describedAs(reason, /Alasan wajib diisi/);
      await checkPage(page, 'return form with error');
      await screenshot(page, 'staff-2a-return-reason-required');
      expect((await complaintAs('admin.buleleng', tn)).status).toBe('disposed');

      await reason.fill('Jalan desa adalah kewenangan Dinas PUPR, bukan Dinas Kesehatan.');
      await page.getByRole('button', { name: 'Kembalikan ke admin' }).click();
      await visible(page.getByText('Aduan dikembalikan ke admin sebagai bukan kewenangan.'));
      await visible(statusBadge(page, 'Dikembalikan'));
      await checkPage(page, 'complaint returned');
      await screenshot(page, 'staff-2-unit-returned');
    });

    const after = await complaintAs('admin.buleleng', tn);
    expect(after.status).toBe('returned');
  });

  it('the admin forwards a returned complaint to the unit that has the authority', async () => {
    const word = uniqueWord();
    const title = `Lubang besar di Jl. Pramuka ${word}`;
    const tn = await fileComplaint(title);
    await act('admin.buleleng', tn, 'verify', { organisationCode: '51.08.dinkes' });
    await act('dinkes.buleleng', tn, 'return', { reason: 'Perbaikan jalan adalah kewenangan Dinas PUPR.' });

    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');
      await page.goto(`${server.url}/staf?status=returned&q=${word}`);
      const group = page.getByRole('region', { name: /Baru masuk atau dikembalikan/ });
      await visible(group.getByRole('link', { name: title }));
      await checkPage(page, 'inbox filtered to returned');
      await group.getByRole('link', { name: title }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));
      await visible(statusBadge(page, 'Dikembalikan'));
      // The unit's reason is in the timeline.
      await visible(page.getByText('Perbaikan jalan adalah kewenangan Dinas PUPR.'));

      await page.getByRole('button', { name: 'Teruskan ke unit lain' }).click();
      await page.getByLabel('Unit tujuan').selectOption({ label: 'Dinas Pekerjaan Umum dan Penataan Ruang' });
      await page.getByRole('textbox', { name: 'Catatan (tidak wajib)' }).fill('Mohon segera ditinjau ke lokasi.');
      await checkPage(page, 'forward form');
      await page.getByRole('button', { name: 'Teruskan', exact: true }).click();
      await visible(page.getByText('Aduan diteruskan ke Dinas Pekerjaan Umum dan Penataan Ruang.'));
      await visible(statusBadge(page, 'Terdisposisi'));
      await checkPage(page, 'complaint forwarded');
      await screenshot(page, 'staff-3-admin-forwarded');
    });

    const after = await complaintAs('admin.buleleng', tn);
    expect(after.status).toBe('disposed');
    expect(after.organisation.code).toBe('51.08.pupr');
  });

  it('a unit accepts, records an obstacle and responds with a final follow-up', async () => {
    const word = uniqueWord();
    const title = `Lampu lalu lintas mati di Simpang Tiga ${word}`;
    const tn = await fileComplaint(title);
    await act('admin.buleleng', tn, 'verify', { organisationCode: '51.08.pupr' });

    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'pupr.buleleng');
      await page.goto(`${server.url}/staf?q=${word}`);
      await page.getByRole('link', { name: title }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));

      await page.getByRole('button', { name: 'Terima untuk ditangani' }).click();
      await page.getByRole('button', { name: 'Terima aduan' }).click();
      await visible(page.getByText('Aduan diterima. Unit Anda sekarang menanganinya.'));
      await visible(statusBadge(page, 'Diproses'));

      await page.getByRole('button', { name: 'Catat kendala' }).click();
      await page.getByLabel('Kendala', { exact: true }).fill('Suku cadang lampu harus dipesan dari Denpasar, tiba minggu depan.');
      await page.getByRole('button', { name: 'Simpan kendala' }).click();
      await visible(page.getByText('Kendala dicatat.', { exact: true }));
      const obstacles = page.getByRole('region', { name: 'Kendala yang dicatat' });
      await visible(obstacles.getByText('Suku cadang lampu harus dipesan dari Denpasar, tiba minggu depan.'));
      await visible(obstacles.getByText('Internal'));

      await page.getByRole('button', { name: 'Tindak lanjut', exact: true }).click();
      await page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
      await describedAs(page.getByLabel('Isi tindak lanjut'), /Tulis isi tindak lanjut/);
      await page.getByLabel('Isi tindak lanjut').fill('Lampu lalu lintas sudah diperbaiki oleh tim Dinas PUPR pada hari ini.');
      expect(await page.getByLabel('Tindak lanjut akhir').isChecked()).toBe(true);
      await checkPage(page, 'respond form');
      await page.getByRole('button', { name: 'Kirim tindak lanjut' }).click();
      await visible(page.getByText('Tindak lanjut terkirim ke pelapor.'));
      await visible(statusBadge(page, 'Ditindaklanjuti'));
      await visible(page.getByText('Lampu lalu lintas sudah diperbaiki oleh tim Dinas PUPR pada hari ini.').first());
      await checkPage(page, 'complaint responded');
      await screenshot(page, 'staff-4-unit-responded');
    });

    expect((await complaintAs('admin.buleleng', tn)).status).toBe('responded');
  });

  it('a step refused because the status changed meanwhile (409) says so and shows the latest state', async () => {
    const title = `Pungutan liar di loket KTP ${uniqueWord()}`;
    const tn = await fileComplaint(title);

    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');
      await page.goto(`${server.url}/staf/aduan/${tn}`);
      await visible(page.getByRole('heading', { level: 1, name: title }));
      await page.getByRole('button', { name: 'Tolak', exact: true }).click();
      await page.getByLabel('Alasan penolakan').fill('Tidak dapat diverifikasi.');
      // Meanwhile another admin verifies it.
      await act('admin.nasional', tn, 'verify', { organisationCode: '51.08.disdukcapil' });
      await page.getByRole('button', { name: 'Tolak aduan' }).click();
      await visible(page.getByText('Status aduan sudah berubah sementara itu', { exact: false }));
      await visible(statusBadge(page, 'Terdisposisi'));
      await absent(page.getByRole('button', { name: 'Tolak', exact: true }));
      await checkPage(page, 'complaint after a conflict');
      await screenshot(page, 'staff-5-conflict');
    });
    expect((await complaintAs('admin.buleleng', tn)).status).toBe('disposed');
  });

  it('admin routes two new complaints to one unit in one go, with a result for each', async () => {
    const word = uniqueWord();
    const titles = [`Sampah menumpuk di Pantai Lovina ${word}`, `Sampah dibakar di TPS Banyuasri ${word}`];
    const tns = [await fileComplaint(titles[0]!), await fileComplaint(titles[1]!)];

    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');
      await page.goto(`${server.url}/staf?status=submitted&q=${word}`);
      await visible(page.getByRole('link', { name: titles[0]! }));
      await visible(page.getByRole('link', { name: titles[1]! }));
      for (const title of titles) await page.getByRole('checkbox', { name: `Pilih aduan: ${title}` }).check();
      const bulk = page.getByRole('form', { name: 'Disposisikan 2 aduan terpilih' });
      await visible(bulk);
      await checkPage(page, 'bulk routing form');
      await bulk.getByRole('button', { name: 'Verifikasi dan disposisikan 2 aduan' }).click();
      await describedAs(bulk.getByLabel('Unit tujuan'), /Pilih unit tujuan/);
      await bulk.getByLabel('Unit tujuan').selectOption({ label: 'Dinas Lingkungan Hidup' });
      await bulk.getByRole('button', { name: 'Verifikasi dan disposisikan 2 aduan' }).click();
      await visible(page.getByText('2 dari 2 aduan berhasil didisposisikan ke Dinas Lingkungan Hidup.'), 60_000);
      const results = page.getByRole('region', { name: 'Disposisi selesai' });
      for (const title of titles) await visible(results.getByRole('listitem').filter({ hasText: title }).filter({ hasText: 'Berhasil' }));
      await checkPage(page, 'bulk routing done');
      await screenshot(page, 'staff-6-bulk-routed');
    });

    for (const tn of tns) {
      const c = await complaintAs('admin.buleleng', tn);
      expect([c.status, c.organisation.code]).toEqual(['disposed', '51.08.dlh']);
    }
  });
});

describe('admin console', () => {
  it('organisations and users: adds a sub-unit, creates an account there, gives and removes a role', async () => {
    const slug = uniqueWord().slice(0, 10);
    const username = `bina.${slug}`;
    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');
      await page.goto(`${server.url}/staf/admin`);
      await visible(page.getByRole('heading', { level: 1, name: 'Konsol admin' }));
      await checkPage(page, 'admin home');

      await page.getByRole('link', { name: /Organisasi dan unit/ }).first().click();
      await visible(page.getByRole('heading', { level: 1, name: 'Organisasi dan unit' }));
      await visible(page.getByRole('link', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }));
      await checkPage(page, 'organisations');
      await page.getByRole('link', { name: 'Dinas Pekerjaan Umum dan Penataan Ruang' }).click();
      await visible(page.getByRole('heading', { name: 'Tambah sub-unit di Dinas Pekerjaan Umum dan Penataan Ruang' }));
      await page.getByRole('button', { name: 'Tambah sub-unit', exact: true }).click();
      await describedAs(page.getByLabel('Nama', { exact: true }), /paling sedikit 2 huruf/);
      await page.getByLabel('Nama', { exact: true }).fill(`Bidang Bina Marga ${slug}`);
      await page.getByLabel('Kode singkat').fill(slug);
      await page.getByRole('button', { name: 'Tambah sub-unit', exact: true }).click();
      await visible(page.getByText(`Bidang Bina Marga ${slug} (51.08.pupr.${slug}) ditambahkan.`));
      await visible(page.getByRole('link', { name: `Bidang Bina Marga ${slug}` }));
      await checkPage(page, 'organisations: sub-unit added');

      await page.goto(`${server.url}/staf/admin/pengguna?kode=51.08.pupr`);
      await visible(page.getByRole('heading', { level: 1, name: 'Pengguna dan peran' }));
      await visible(page.getByRole('heading', { name: /Penghubung Dinas PUPR Buleleng/ }));
      await checkPage(page, 'users');
      const form = page.getByRole('form', { name: 'Tambah akun petugas' });
      await form.getByRole('button', { name: 'Buat akun' }).click();
      await visible(form.getByRole('alert').filter({ hasText: 'Ada yang perlu diperbaiki' }));
      await describedAs(form.getByLabel('Kata sandi awal'), /paling sedikit 10 karakter/);
      await form.getByLabel('Nama pengguna').fill(username);
      await form.getByLabel('Nama lengkap atau jabatan').fill('Kepala Bidang Bina Marga');
      await form.getByLabel('Kata sandi awal').fill('jembatan-kokoh-sawan-2026');
      await form.getByLabel('Peran').selectOption({ label: 'Pejabat penghubung' });
      await form.getByLabel('Di organisasi').selectOption({ value: `51.08.pupr.${slug}` });
      await form.getByRole('button', { name: 'Buat akun' }).click();
      await visible(page.getByText(`Akun ${username} dibuat.`, { exact: false }));
      const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /Kepala Bidang Bina Marga/ }) });
      await visible(card);
      await card.getByText('Tambah peran').click();
      await card.getByLabel('Peran').selectOption({ label: 'Pimpinan' });
      await card.getByLabel('Di organisasi').selectOption({ value: '51.08.pupr' });
      await card.getByRole('button', { name: 'Tambahkan peran' }).click();
      await visible(page.getByText(`Peran ditambahkan untuk ${username}.`));
      await visible(card.getByText('Pimpinan · Dinas Pekerjaan Umum dan Penataan Ruang'));
      await card.getByRole('listitem').filter({ hasText: 'Pimpinan' }).getByRole('button', { name: 'Cabut' }).click();
      await card.getByRole('button', { name: 'Ya, cabut' }).click();
      await visible(page.getByText(`Peran ${username} dicabut.`));
      await absent(card.getByText('Pimpinan · Dinas Pekerjaan Umum dan Penataan Ruang'));
      await checkPage(page, 'users: account created');
      await screenshot(page, 'admin-1-users');
    });
    // The new account can sign in, with its role.
    const r = await api(server, 'POST', '/api/v1/auth/login', { body: { username, password: 'jembatan-kokoh-sawan-2026' } });
    expect(r.status).toBe(200);
    expect(r.json.user.roles).toEqual([{ role: 'liaison', organisation: `51.08.pupr.${slug}` }]);
  });

  it('categories, holidays, API keys and SMS keywords', async () => {
    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');

      await page.goto(`${server.url}/staf/admin/kategori`);
      await visible(page.getByRole('heading', { level: 1, name: 'Kategori dan tujuan bawaan' }));
      const dest = page.getByLabel('Unit tujuan bawaan untuk Abrasi dan Kebersihan Pantai');
      await visible(dest);
      await checkPage(page, 'categories');
      await dest.selectOption({ label: 'Dinas Pekerjaan Umum dan Penataan Ruang' });
      await page.getByRole('button', { name: 'Simpan tujuan bawaan Abrasi dan Kebersihan Pantai' }).click();
      await visible(page.getByRole('row').filter({ hasText: 'Abrasi dan Kebersihan Pantai' }).getByText('Tersimpan.'));

      await page.goto(`${server.url}/staf/admin/hari-libur?tahun=2027`);
      await visible(page.getByRole('heading', { level: 1, name: 'Kalender hari libur' }));
      await visible(page.getByRole('heading', { name: 'Hari libur 2027' }));
      await checkPage(page, 'holidays');
      await page.getByLabel('Tanggal').fill('2027-03-10');
      await page.getByLabel('Nama hari libur').fill('Hari Raya Galungan');
      await page.getByRole('button', { name: 'Tambahkan' }).click();
      await visible(page.getByText('Hari Raya Galungan ditambahkan ke kalender.'));
      const row = page.getByRole('row').filter({ hasText: 'Hari Raya Galungan' });
      await visible(row.getByText('Libur daerah'));
      await row.getByRole('button', { name: 'Hapus' }).click();
      await row.getByRole('button', { name: 'Ya, hapus' }).click();
      await visible(page.getByText('Hari Raya Galungan dihapus dari kalender.'));
      await checkPage(page, 'holidays after delete');

      await page.goto(`${server.url}/staf/admin/kunci-api`);
      await visible(page.getByRole('heading', { level: 1, name: 'Kunci API' }));
      await checkPage(page, 'api keys');
      await page.getByLabel('Nama', { exact: true }).fill('Aplikasi Buleleng Mengadu');
      await page.getByRole('button', { name: 'Terbitkan kunci' }).click();
      await visible(page.getByRole('heading', { name: 'Kunci baru: Aplikasi Buleleng Mengadu' }));
      const key = (await page.getByTestId('new-api-key').textContent())!.trim();
      expect(key).toMatch(/^adn_[A-Za-z0-9_-]{43}$/);
      await visible(page.getByRole('button', { name: 'Salin kunci' }));
      await checkPage(page, 'api key shown once');
      await screenshot(page, 'admin-2-api-key');
      // The key works, then is revoked from the list and refused.
      expect((await api(server, 'GET', '/api/v1/complaints?limit=1', { headers: { 'x-api-key': key } })).status).toBe(200);
      await page.getByRole('button', { name: 'Sudah disimpan, sembunyikan' }).click();
      await absent(page.getByTestId('new-api-key'));
      const keyRow = page.getByRole('row').filter({ hasText: 'Aplikasi Buleleng Mengadu' }).first();
      await keyRow.getByRole('button', { name: 'Cabut' }).click();
      await keyRow.getByRole('button', { name: 'Ya, cabut' }).click();
      await visible(page.getByText('Kunci Aplikasi Buleleng Mengadu dicabut.'));
      expect((await api(server, 'GET', '/api/v1/complaints?limit=1', { headers: { 'x-api-key': key } })).status).toBe(401);

      await page.goto(`${server.url}/staf/admin/sms`);
      await visible(page.getByRole('heading', { level: 1, name: 'Kata kunci SMS' }));
      const kw = page.getByRole('row').filter({ hasText: 'Kabupaten Buleleng' });
      await visible(kw.getByText('BULELENG', { exact: true }));
      await visible(page.getByRole('row').filter({ hasText: 'Kota Denpasar' }).getByText('DENPASAR', { exact: true }));
      await checkPage(page, 'sms keywords');
      await screenshot(page, 'admin-3-sms-keywords');
    });
  });

  it('is closed to staff who are not admins', async () => {
    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'pupr.buleleng');
      await page.goto(`${server.url}/staf/admin/pengguna`);
      await visible(page.getByText('Bagian ini hanya untuk admin instansi dan admin nasional.'));
      await absent(page.getByRole('navigation', { name: 'Ruang kerja' }).getByRole('link', { name: 'Admin' }));
      await checkPage(page, 'admin console refused');
    });
  });
});
