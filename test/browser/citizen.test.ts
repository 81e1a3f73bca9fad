// The citizen journeys in a real browser against a real server: file with a photo and track it,
// switch language, file while offline, read the public feed, sign in. Every page passes axe (no
// serious/critical violations) and fits 360 px without sideways scrolling.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  absent,
  api,
  checked,
  checkPage,
  describedAs,
  focused,
  hasAttribute,
  hasText,
  login,
  makeJpeg,
  screenshot,
  serverForFile,
  uniqueWord,
  visible,
  withBrowser,
} from './support';

const server = serverForFile();

/** Fills the complaint form as a guest; returns the title used. */
async function fillComplaint(page: Page, opts: { title: string; photo?: string; region?: boolean }) {
  await page.getByLabel('Judul').fill(opts.title);
  await page.getByLabel('Ceritakan kejadiannya').fill('Lampu penerangan jalan mati sejak seminggu, jalan gelap total di malam hari dan sudah dua kali terjadi kecelakaan motor.');
  if (opts.region) {
    await page.getByLabel('Provinsi').selectOption({ label: 'Provinsi Bali' });
    await expect.poll(async () => page.getByLabel('Kabupaten/kota').locator('option').count()).toBeGreaterThan(1);
    await page.getByLabel('Kabupaten/kota').selectOption({ label: 'Kabupaten Buleleng' });
  }
  await page.getByLabel('Alamat atau patokan').fill('Jl. Veteran dekat Taman Kota, Singaraja');
  await page.getByLabel('Tanggal kejadian').fill('2026-01-15');
  if (opts.photo) {
    await page.getByLabel('Tambah foto').setInputFiles(opts.photo);
    await visible(page.getByRole('img', { name: /Foto 1/ }));
  }
  await page.getByLabel('Nama', { exact: true }).fill('Ketut Warga');
  await page.getByLabel('Nomor ponsel').fill('081234567890');
}

describe('citizen portal', () => {
  it('files a complaint with a photo, then tracks it with the tracking number and access code shown', async () => {
    await withBrowser(async ({ page }) => {
      await page.goto(server.url);
      await hasText(page.getByRole('heading', { level: 1 }), 'Sampaikan aduan pelayanan publik');
      await checkPage(page, 'home');

      await page.getByRole('link', { name: /Buat aduan.*Tanpa perlu akun/ }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Buat aduan' }));
      await checkPage(page, 'complaint form');

      // An empty submit: the summary lists the problems and each field says what is wrong.
      await page.getByRole('button', { name: 'Kirim aduan' }).click();
      const summary = page.getByRole('alert').filter({ hasText: 'Ada yang perlu diperbaiki' });
      await visible(summary);
      await focused(summary);
      await hasAttribute(page.getByLabel('Judul'), 'aria-invalid', 'true');
      await describedAs(page.getByLabel('Judul'), /Tulis judul aduan/);
      await describedAs(page.getByLabel('Nomor ponsel'), /Isi nomor ponsel atau email/);
      await checkPage(page, 'complaint form with errors');
      await screenshot(page, 'citizen-form-errors');

      const title = `Lampu jalan mati ${uniqueWord()}`;
      await fillComplaint(page, { title, photo: await makeJpeg(), region: true });
      await absent(summary);
      // A wrong phone number is reported inline as soon as the field is left.
      await page.getByLabel('Nomor ponsel').fill('12ab');
      await page.getByLabel('Email').focus();
      await describedAs(page.getByLabel('Nomor ponsel'), /hanya berisi angka/);
      await page.getByLabel('Nomor ponsel').fill('081234567890');
      const category = page.getByRole('combobox', { name: /^Kategori/ });
      await category.selectOption({ index: 2 });
      await checkPage(page, 'complaint form filled');

      await page.getByRole('button', { name: 'Kirim aduan' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }));
      // The form is replaced by its result: focus moves to the new heading.
      await focused(page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }));
      const tn = (await page.getByTestId('tracking-number').textContent())!.trim();
      const code = (await page.getByTestId('access-code').textContent())!.trim();
      expect(tn).toMatch(/^[A-Z0-9]{8}$/);
      expect(code).toMatch(/^[A-Z0-9]{10}$/);
      await visible(page.getByText('Penting: catat kode akses sekarang'));
      await visible(page.getByRole('button', { name: 'Salin nomor aduan' }));
      await visible(page.getByRole('button', { name: 'Bagikan' }));
      await checkPage(page, 'receipt');
      await screenshot(page, 'citizen-1-receipt');

      // Tracking in a fresh tab of the same browser, typing what the receipt showed (lower case, with a space).
      await page.goto(`${server.url}/lacak`);
      await checkPage(page, 'track form');
      await page.getByLabel('Nomor aduan').fill(`${tn.slice(0, 4).toLowerCase()} ${tn.slice(4)}`);
      await page.getByLabel('Kode akses').fill(code.toLowerCase());
      await page.getByRole('button', { name: 'Lacak' }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));
      await visible(page.locator('.badges').getByText('Belum Terverifikasi', { exact: true }));
      await visible(page.getByText('Ditangani oleh'));
      await visible(page.getByText('Batas waktu'));
      await visible(page.getByRole('img', { name: 'Lampiran foto 1' }));
      await visible(page.getByText('Aduan dikirim'));
      // Submitted: the API lets the reporter reply, not rate or reopen — and the page offers exactly that.
      await visible(page.getByRole('heading', { name: 'Balas atau tambahkan informasi' }));
      await absent(page.getByRole('heading', { name: 'Beri penilaian' }));
      await checkPage(page, 'complaint (reporter view)');
      await page.getByLabel('Pesan Anda').fill('Tambahan: tiang lampu nomor 12 dan 13.');
      await page.getByRole('button', { name: 'Kirim balasan' }).click();
      await visible(page.getByText('Balasan Anda terkirim.'));
      await visible(page.getByText('Tambahan: tiang lampu nomor 12 dan 13.'));

      // Staff verify, route and answer it through the API; the reporter may now rate.
      const admin = await login(server, 'admin.buleleng');
      expect((await api(server, 'POST', `/api/v1/complaints/${tn}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
      const pupr = await login(server, 'pupr.buleleng');
      expect((await api(server, 'POST', `/api/v1/complaints/${tn}/actions/respond`, { token: pupr, body: { message: 'Lampu sudah diganti oleh tim PJU pada 20 Januari.', final: true } })).status).toBe(200);
      await page.reload();
      await visible(page.locator('.badges').getByText('Ditindaklanjuti', { exact: true }));
      await visible(page.getByText('Lampu sudah diganti oleh tim PJU pada 20 Januari.'));
      await visible(page.getByRole('heading', { name: 'Beri penilaian' }));
      await checkPage(page, 'complaint responded');
      // The stars are a radio group: keyboard moves between them.
      await page.getByRole('radio', { name: '3 dari 5 bintang' }).check();
      await page.keyboard.press('ArrowRight');
      await checked(page.getByRole('radio', { name: '4 dari 5 bintang' }));
      await page.getByLabel('Komentar').fill('Cepat, terima kasih.');
      await page.getByRole('button', { name: 'Kirim penilaian' }).click();
      await visible(page.getByText('Terima kasih atas penilaian Anda.'));
      await visible(page.locator('.badges').getByText('Selesai', { exact: true }));
      // Closed: the page offers exactly what the API's abilities say (reopen; rating may be changed; no reply).
      await visible(page.getByRole('heading', { name: 'Buka kembali aduan' }));
      const abilities: string[] = (await api(server, 'GET', `/api/v1/complaints/${tn}?accessCode=${code}`)).json.abilities;
      for (const [action, heading] of [['reply', 'Balas atau tambahkan informasi'], ['rate', 'Beri penilaian'], ['reopen', 'Buka kembali aduan']] as const) {
        await expect.poll(() => page.getByRole('heading', { name: heading }).count(), { message: `${action} offered` }).toBe(abilities.includes(action) ? 1 : 0);
      }
      await checkPage(page, 'complaint closed');
      await screenshot(page, 'citizen-2-tracked-and-rated');

      const stored = await api(server, 'GET', `/api/v1/complaints/${tn}`, { token: admin });
      expect(stored.json.attachments).toHaveLength(1);
      expect(stored.json.location.regionCode).toBe('51.08');
      expect(stored.json.rating).toEqual({ score: 4, comment: 'Cepat, terima kasih.' });
    });
  });

  it('switches language: visible text and <html lang> change, and the choice is kept', async () => {
    await withBrowser(async ({ page }) => {
      await page.goto(`${server.url}/lapor`);
      await hasAttribute(page.locator('html'), 'lang', 'id');
      await hasText(page.getByRole('heading', { level: 1 }), 'Buat aduan');
      await page.getByRole('button', { name: 'English' }).click();
      await hasAttribute(page.locator('html'), 'lang', 'en');
      await hasText(page.getByRole('heading', { level: 1 }), 'File a complaint');
      await hasAttribute(page.getByRole('button', { name: 'English' }), 'aria-pressed', 'true');
      await visible(page.getByLabel('Title'));
      await visible(page.getByRole('link', { name: 'Track a complaint' }));
      await checkPage(page, 'complaint form in English');
      await page.reload();
      await hasAttribute(page.locator('html'), 'lang', 'en');
      await hasText(page.getByRole('heading', { level: 1 }), 'File a complaint');
      expect(await page.title()).toBe('File a complaint · Aduan');
      await screenshot(page, 'citizen-3-english');
      await page.getByRole('button', { name: 'Indonesia' }).click();
      await hasAttribute(page.locator('html'), 'lang', 'id');
      await hasText(page.getByRole('heading', { level: 1 }), 'Buat aduan');
    });
  });

  it('keeps a complaint written offline on the phone and sends it once when the connection returns', async () => {
    await withBrowser(async ({ context, page }) => {
      await page.goto(`${server.url}/lapor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Buat aduan' }));
      // Let the service worker install so the app shell is cached, as on a phone that opened the app before.
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      const title = `Sampah menumpuk ${uniqueWord()}`;
      await fillComplaint(page, { title, photo: await makeJpeg('sampah.jpg') });

      await context.setOffline(true);
      await visible(page.getByText('Anda sedang tidak tersambung ke internet', { exact: false }));
      await page.getByRole('button', { name: 'Kirim aduan' }).click();
      await visible(page.getByText('Aduan disimpan di ponsel dan akan dikirim saat tersambung'));
      await checkPage(page, 'offline: complaint kept');
      await screenshot(page, 'citizen-4-offline-queued');

      await context.setOffline(false);
      await visible(page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }), 60_000);
      const tn = (await page.getByTestId('tracking-number').textContent())!.trim();
      await checkPage(page, 'offline: sent after reconnecting');
      await screenshot(page, 'citizen-5-offline-sent');

      // Exactly one complaint with that title, with its photo.
      const word = title.split(' ').pop()!;
      const admin = await login(server, 'admin.nasional');
      const found = await api(server, 'GET', `/api/v1/complaints?q=${encodeURIComponent(word)}`, { token: admin });
      expect(found.status).toBe(200);
      expect(found.json.items.filter((c: { title: string }) => c.title === title)).toHaveLength(1);
      expect(found.json.items[0].trackingNumber).toBe(tn);
      const one = await api(server, 'GET', `/api/v1/complaints/${tn}`, { token: admin });
      expect(one.json.attachments).toHaveLength(1);
      // Nothing left in the phone's outbox.
      await page.goto(server.url);
      await visible(page.getByRole('heading', { level: 1 }));
      await absent(page.getByRole('region', { name: 'Aduan yang disimpan di ponsel' }));
    });
  });

  it('sends a complaint kept offline at the next app open and shows its codes until they are noted', async () => {
    await withBrowser(async ({ context, page }) => {
      await page.goto(`${server.url}/lapor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Buat aduan' }));
      await page.evaluate('navigator.serviceWorker.ready.then(() => true)');
      const title = `Trotoar rusak ${uniqueWord()}`;
      await fillComplaint(page, { title });
      await context.setOffline(true);
      await page.getByRole('button', { name: 'Kirim aduan' }).click();
      await visible(page.getByText('Aduan disimpan di ponsel dan akan dikirim saat tersambung'));

      // The app is closed while offline and opened again later, connected.
      const later = await context.newPage();
      await page.close();
      await context.setOffline(false);
      await later.goto(server.url);
      const box = later.getByRole('region', { name: 'Aduan yang disimpan di ponsel' });
      await visible(box.getByText(`Aduan "${title}" sudah terkirim`), 60_000);
      const tn = (await box.getByTestId('tracking-number').textContent())!.trim();
      expect(tn).toMatch(/^[A-Z0-9]{8}$/);
      await visible(box.getByTestId('access-code'));
      await checkPage(later, 'home with a sent offline complaint');
      await screenshot(later, 'citizen-5b-offline-sent-next-open');
      await box.getByRole('button', { name: 'Sudah saya catat, tutup' }).click();
      await absent(box);

      const admin = await login(server, 'admin.nasional');
      const found = await api(server, 'GET', `/api/v1/complaints?q=${encodeURIComponent(title.split(' ').pop()!)}`, { token: admin });
      expect(found.json.items.map((c: { trackingNumber: string }) => c.trackingNumber)).toEqual([tn]);
    });
  });

  it('shows a verified complaint in the public feed, with search, filters and its public page', async () => {
    const word = uniqueWord();
    const title = `Puskesmas tutup lebih awal ${word}`;
    const admin = await login(server, 'admin.buleleng');
    // More than one page (20) of published complaints with the word, for "load more".
    for (let i = 1; i <= 21; i++) {
      const c = await api(server, 'POST', '/api/v1/complaints', {
        body: { type: 'aspirasi', title: `Usulan taman ${word} nomor ${i}`, body: 'Mohon taman kota diberi lampu dan tempat duduk.', location: { regionCode: '51.08' }, reporter: { name: 'Warga', phone: '081200000000' } },
      });
      expect((await api(server, 'POST', `/api/v1/complaints/${c.json.trackingNumber}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
    }
    const created = await api(server, 'POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title,
        body: 'Puskesmas Sukasada tutup jam 11 padahal jadwal sampai jam 14.',
        location: { regionCode: '51.08' },
        reporter: { name: 'Made Pelapor', phone: '081298765432' },
      },
    });
    expect(created.status).toBe(201);
    const tn = created.json.trackingNumber as string;
    expect((await api(server, 'POST', `/api/v1/complaints/${tn}/actions/verify`, { token: admin, body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);

    await withBrowser(async ({ page }) => {
      await page.goto(server.url);
      await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Aduan publik' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Aduan publik' }));
      await visible(page.getByRole('link', { name: title }));
      await checkPage(page, 'public feed');

      await page.getByLabel('Kata kunci atau nomor aduan').fill(word);
      await page.getByRole('button', { name: 'Cari' }).click();
      await expect.poll(() => page.url()).toContain(`q=${word}`);
      await visible(page.getByRole('link', { name: title }));
      const results = page.getByRole('list', { name: 'Hasil' }).getByRole('listitem');
      await expect.poll(() => results.count()).toBe(20);
      await page.getByRole('button', { name: 'Muat lebih banyak' }).click();
      await expect.poll(() => results.count()).toBe(22);
      await visible(page.getByText('22 aduan ditampilkan.'));
      await absent(page.getByRole('button', { name: 'Muat lebih banyak' }));

      await page.getByText('Saring menurut status, wilayah, dan kategori').click();
      await page.getByLabel('Status').selectOption('closed');
      await page.getByRole('button', { name: 'Cari' }).click();
      await visible(page.getByText('Tidak ada aduan yang cocok'));
      await page.getByLabel('Status').selectOption('disposed');
      await page.getByLabel('Provinsi').selectOption({ label: 'Provinsi Bali' });
      await page.getByRole('button', { name: 'Cari' }).click();
      await visible(page.getByRole('link', { name: title }));
      await checkPage(page, 'public feed filtered');
      await screenshot(page, 'citizen-6-public-feed');

      await page.getByRole('link', { name: title }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));
      await visible(page.locator('.badges').getByText('Terdisposisi', { exact: true }));
      await visible(page.getByText('Dinas Kesehatan', { exact: false }).first());
      // The public view: no reporter, no actions, a way in for the owner.
      await absent(page.getByText('Made Pelapor'));
      await absent(page.getByRole('heading', { name: 'Tanggapan Anda' }));
      await visible(page.getByText('Saya pelapor aduan ini'));
      await checkPage(page, 'public complaint page');
      await screenshot(page, 'citizen-7-public-complaint');
    });
  });

  it('lets a registered reporter sign in and see their complaints; other audiences load as their own chunks', async () => {
    const warga = await login(server, 'warga');
    const title = `Jembatan retak ${uniqueWord()}`;
    const created = await api(server, 'POST', '/api/v1/complaints', {
      token: warga,
      body: { type: 'pengaduan', title, body: 'Jembatan kecil di Desa Panji retak di sisi timur.', location: { regionCode: '51.08' } },
    });
    expect(created.status).toBe(201);

    await withBrowser(async ({ page }) => {
      await page.goto(`${server.url}/masuk`);
      await checkPage(page, 'login');
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await describedAs(page.getByLabel('Nama pengguna'), /Tulis nama pengguna/);
      await page.getByLabel('Nama pengguna').fill('warga');
      await page.getByLabel('Kata sandi').fill('salah-sekali');
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await visible(page.getByText('Nama pengguna atau kata sandi salah.'));
      await page.getByLabel('Kata sandi').fill('demo-lapor-2026');
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Akun saya' }));
      await visible(page.getByRole('link', { name: title }));
      await checkPage(page, 'account');
      await screenshot(page, 'citizen-8-account');

      // The reporter opens their own unverified complaint without an access code.
      await page.getByRole('link', { name: title }).click();
      await visible(page.getByRole('heading', { level: 1, name: title }));
      await visible(page.getByRole('heading', { name: 'Balas atau tambahkan informasi' }));

      // The staff and dashboard placeholders are separate chunks, fetched only when opened.
      const chunks: string[] = [];
      page.on('request', (r) => {
        if (r.url().includes('/assets/')) chunks.push(new URL(r.url()).pathname);
      });
      await page.goto(`${server.url}/staf`);
      await visible(page.getByRole('heading', { level: 1, name: 'Ruang kerja petugas' }));
      await page.goto(`${server.url}/dasbor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Dasbor pemantauan' }));
      expect(chunks.some((c) => /\/assets\/staff-[\w-]+\.js$/.test(c))).toBe(true);
      expect(chunks.some((c) => /\/assets\/dashboard-[\w-]+\.js$/.test(c))).toBe(true);

      await page.goto(`${server.url}/tidak-ada`);
      await visible(page.getByRole('heading', { level: 1, name: 'Halaman tidak ditemukan' }));
      await checkPage(page, 'not found');

      await page.goto(`${server.url}/akun`);
      await page.getByRole('button', { name: 'Keluar' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Sampaikan aduan pelayanan publik' }));
      await visible(page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Masuk' }));
    });
  });
});
