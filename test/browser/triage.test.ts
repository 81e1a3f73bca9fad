// Smart triage in a real browser against a real server (docs/triage.md): at intake a similar open
// complaint is offered and followed instead of filing again, and a vague report gets completeness
// hints without being blocked; on the staff side a routing suggestion fills the verify form, a
// possible duplicate is merged from the list, and the spam queue and block list pages work. Every
// page passes axe and fits 360 px.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { absent, api, browserWith, checkPage, focused, JOURNEY_TIMEOUT, login, screenshot, serverForFile, signIn, uniqueWord, visible } from './support';

const server = serverForFile();

const withBrowser = browserWith({ timeout: JOURNEY_TIMEOUT });

/** A phone number of its own for each complaint: the per-sender intake limit allows a burst of five. */
const freshPhone = () => `0812${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

/** A guest's complaint to Kabupaten Buleleng; returns its tracking number. */
async function fileComplaint(title: string, body: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await api(server, 'POST', '/api/v1/complaints', {
    body: { type: 'pengaduan', title, body, location: { regionCode: '51.08', address: 'Jl. Veteran, Singaraja' }, reporter: { name: 'Wayan Pelapor', phone: freshPhone() }, ...extra },
  });
  expect(r.status, JSON.stringify(r.json)).toBe(201);
  return r.json.trackingNumber as string;
}

async function complaintAs(username: string, tn: string) {
  return (await api(server, 'GET', `/api/v1/complaints/${tn}`, { token: await login(server, username) })).json;
}

async function categoryName(code: string): Promise<string> {
  const r = await api(server, 'GET', '/api/v1/categories?region=51.08');
  const c = (r.json.items as { code: string; nameId: string }[]).find((x) => x.code === code);
  expect(c, code).toBeTruthy();
  return c!.nameId;
}

async function chooseBuleleng(page: Page) {
  await page.getByLabel('Provinsi').selectOption({ label: 'Provinsi Bali' });
  await expect.poll(async () => page.getByLabel('Kabupaten/kota').locator('option').count()).toBeGreaterThan(1);
  await page.getByLabel('Kabupaten/kota').selectOption({ label: 'Kabupaten Buleleng' });
}

describe('triage at intake', () => {
  it('offers a similar open complaint nearby and lets the citizen follow it instead of filing again', async () => {
    const word = uniqueWord();
    const existing = `Lampu penerangan jalan mati di Jl. Surapati ${word}`;
    const tn = await fileComplaint(existing, 'Lampu penerangan jalan di depan kantor pos mati sejak seminggu, jalan gelap di malam hari.', { categoryCode: 'infrastruktur.pju' });
    // Published (verified, not confidential) and still open: what the public may see.
    const admin = await login(server, 'admin.buleleng');
    expect((await api(server, 'POST', `/api/v1/complaints/${tn}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
    const pju = await categoryName('infrastruktur.pju');

    await withBrowser(async ({ page }) => {
      await page.goto(`${server.url}/lapor`);
      await visible(page.getByRole('heading', { level: 1, name: 'Buat aduan' }));
      await page.getByLabel('Judul').fill(`Lampu jalan Jl. Surapati mati ${word}`);
      await page.getByLabel('Ceritakan kejadiannya').fill('Lampu jalan di depan kantor pos Surapati mati, gelap sekali kalau malam.');
      await chooseBuleleng(page);
      await page.getByRole('combobox', { name: /^Kategori/ }).selectOption({ label: pju });

      const box = page.getByRole('region', { name: 'Aduan serupa di daerah ini' });
      await visible(box);
      await visible(box.getByRole('heading', { name: existing }));
      await visible(box.getByText(tn));
      await checkPage(page, 'intake with a similar complaint');
      await screenshot(page, 'triage-1-similar-offered');

      await box.getByRole('button', { name: `Ikuti aduan ini: ${existing}` }).click();
      await visible(box.getByText('Anda mengikuti aduan ini.'));
      const track = box.getByRole('link', { name: new RegExp(`Lihat perkembangan ${tn}`) });
      await visible(track);
      expect(await track.getAttribute('href')).toBe(`/lacak/${tn}`);
      // Kept on this device, so the citizen finds it again without filing a second complaint.
      const kept = (await page.evaluate(`localStorage.getItem('aduan.followed')`)) as string;
      expect(JSON.parse(kept).map((f: { trackingNumber: string }) => f.trackingNumber)).toEqual([tn]);
      await checkPage(page, 'intake after following');

      // The tracking page lists it, and its public page opens without an access code.
      await page.goto(`${server.url}/lacak`);
      const list = page.getByRole('region', { name: 'Aduan yang Anda ikuti di perangkat ini' });
      await list.getByRole('link', { name: existing }).click();
      await visible(page.getByRole('heading', { level: 1, name: existing }));
    });
  });

  it('asks a vague report for what, where and when, linked to the fields, and still sends it when the citizen insists', async () => {
    await withBrowser(async ({ page }) => {
      await page.goto(`${server.url}/lapor`);
      await page.getByLabel('Judul').fill('Rusak');
      await page.getByLabel('Ceritakan kejadiannya').fill('Tolong segera diperbaiki ya pak.');
      await page.getByLabel('Nama', { exact: true }).fill('Ketut Warga');
      await page.getByLabel('Nomor ponsel').fill('081234567890');
      await page.getByRole('button', { name: 'Kirim aduan' }).click();

      const hints = page.getByRole('region', { name: 'Agar aduan Anda cepat ditangani' });
      await visible(hints);
      await focused(hints);
      const where = hints.getByRole('link', { name: /^Di mana:/ });
      await visible(where);
      await visible(hints.getByRole('link', { name: /^Kapan:/ }));
      await visible(hints.getByRole('link', { name: /^Apa yang terjadi:/ }));
      await checkPage(page, 'completeness hints');
      await screenshot(page, 'triage-2-completeness-hints');
      // Nothing was filed yet.
      await absent(page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }), 1000);

      await where.click();
      await focused(page.getByLabel('Alamat atau patokan'));

      await hints.getByRole('button', { name: 'Kirim apa adanya' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Aduan terkirim' }));
    });
  });
});

describe('triage in the staff workspace', () => {
  it('a routing suggestion fills the verify form in one click', async () => {
    const title = `Jalan berlubang besar di Jl. Pramuka ${uniqueWord()}`;
    const tn = await fileComplaint(title, 'Aspal jalan mengelupas dan berlubang dalam, sudah dua pengendara motor jatuh minggu ini.', { categoryCode: 'infrastruktur.jalan' });
    const s = await api(server, 'GET', `/api/v1/complaints/${tn}/suggestions`, { token: await login(server, 'admin.buleleng') });
    expect(s.status, JSON.stringify(s.json)).toBe(200);
    const top = s.json.organisations[0] as { code: string; name: string };
    expect(top).toBeTruthy();

    await withBrowser(async (b) => {
      const { page } = b;
      await signIn(server, b, 'admin.buleleng');
      await page.goto(`${server.url}/staf/aduan/${tn}`);
      await visible(page.getByRole('heading', { level: 1, name: title }));
      const panel = page.getByRole('region', { name: 'Saran tujuan' });
      await visible(panel.getByText(top.name, { exact: true }).first());
      await visible(panel.getByText('Kelengkapan aduan'));
      await checkPage(page, 'complaint with suggestions');

      await panel.getByRole('button', { name: `Pakai saran ini: ${top.name}` }).click();
      const form = page.getByRole('form', { name: 'Verifikasi dan disposisikan' });
      await visible(form);
      // The unit (its first level in the picker) is chosen; the category too.
      const firstLevel = top.code.split('.').slice(0, 3).join('.');
      await expect.poll(() => page.getByLabel('Unit tujuan').inputValue()).toBe(firstLevel);
      await expect.poll(() => form.getByRole('combobox', { name: /^Kategori/ }).inputValue()).not.toBe('');
      await checkPage(page, 'verify form filled from a suggestion');
      await screenshot(page, 'triage-3-suggestion-filled');
      await page.getByRole('button', { name: 'Disposisikan ke unit ini' }).click();
      await visible(page.locator('.complaint-head .badges').getByText('Terdisposisi', { exact: true }));
    });

    const after = await complaintAs('admin.buleleng', tn);
    expect(after.status).toBe('disposed');
    expect(after.organisation.code).toBe(top.code);
  });

  it('merges a possible duplicate from the list, after choosing which one goes on and confirming', async () => {
    const word = uniqueWord();
    const older = `Got tersumbat di Jl. Gajah Mada ${word}`;
    const newer = `Got di Jl. Gajah Mada tersumbat ${word}`;
    const a = await fileComplaint(older, 'Saluran air dan got tersumbat sampah sehingga jalan banjir setiap hujan deras.');
    const b = await fileComplaint(newer, 'Got tersumbat sampah di Jl. Gajah Mada, air meluap ke jalan setiap hujan.');

    await withBrowser(async (br) => {
      const { page } = br;
      await signIn(server, br, 'admin.buleleng');
      await page.goto(`${server.url}/staf/aduan/${b}`);
      await visible(page.getByRole('heading', { level: 1, name: newer }));
      const dups = page.getByRole('region', { name: 'Kemungkinan duplikat' });
      await visible(dups.getByRole('link', { name: older }));
      await dups.getByRole('button', { name: `Gabungkan: ${older}` }).click();
      // The older one goes on by default; the admin can see and change that.
      const keepOlder = dups.getByLabel(`Aduan ${a}`);
      await expect.poll(() => keepOlder.isChecked()).toBe(true);
      await visible(dups.getByText(`Aduan ${b} diarsipkan dan digabung ke ${a}.`, { exact: false }));
      await checkPage(page, 'merge form');
      await dups.getByRole('button', { name: 'Gabungkan sekarang' }).click();
      await visible(dups.getByText(`Gabungkan ${b} ke ${a}?`));
      await dups.getByRole('button', { name: 'Ya, gabungkan' }).click();
      await visible(page.getByText(`Aduan ${b} digabung ke ${a}.`));
      await visible(page.locator('.complaint-head .badges').getByText('Diarsipkan', { exact: true }));
      await visible(page.getByText(`digabung ke ${a}`, { exact: true }));
      await checkPage(page, 'complaint merged');
      await screenshot(page, 'triage-4-merged');
    });

    expect((await complaintAs('admin.buleleng', b)).status).toBe('archived');
    expect((await complaintAs('admin.buleleng', a)).status).toBe('submitted');
  });

  it('the spam queue moves a genuine complaint back and rejects another; the block list adds and removes a sender', async () => {
    const word = uniqueWord();
    const genuine = `SLOT GACOR ${word} DI BALAI BANJAR`;
    const junk = `PINJAMAN ONLINE CEPAT CAIR ${word}`;
    const g = await fileComplaint(genuine, 'Ada spanduk slot gacor dan tautan https://contoh.id/foto di balai banjar, mohon ditertibkan.');
    const j = await fileComplaint(junk, 'Pinjaman online cepat cair tanpa jaminan, klik link berikut https://bit.ly/cair');

    await withBrowser(async (br) => {
      const { page } = br;
      await signIn(server, br, 'admin.buleleng');
      await page.goto(`${server.url}/staf/admin`);
      await page.getByRole('main').getByRole('link', { name: /^Antrean spam/ }).first().click();
      await visible(page.getByRole('heading', { level: 1, name: 'Antrean spam' }));
      await visible(page.getByRole('link', { name: genuine }));
      await visible(page.getByRole('link', { name: junk }));
      await checkPage(page, 'spam queue');
      await screenshot(page, 'triage-5-spam-queue');

      await page.getByRole('button', { name: `Bukan spam: ke antrean biasa: ${genuine}` }).click();
      await visible(page.getByText(`Aduan ${g} dipindahkan ke antrean biasa.`));
      await absent(page.getByRole('link', { name: genuine }));

      await page.getByRole('button', { name: `Tolak: ${junk}` }).click();
      await page.getByRole('button', { name: 'Tolak aduan ini' }).click();
      await visible(page.getByText('Tulis alasannya. Alasan wajib diisi.'));
      await page.getByLabel('Alasan penolakan').fill('Berisi iklan pinjaman online, bukan aduan pelayanan publik.');
      await checkPage(page, 'spam reject form');
      await page.getByRole('button', { name: 'Tolak aduan ini' }).click();
      await visible(page.getByText(`Aduan ${j} ditolak.`));
      await absent(page.getByRole('link', { name: junk }));

      await page.goto(`${server.url}/staf/admin/daftar-blokir`);
      await visible(page.getByRole('heading', { level: 1, name: 'Daftar blokir' }));
      await checkPage(page, 'block list');
      await page.getByRole('textbox', { name: /^Nomor HP/ }).fill('0812-7777-1234');
      await page.getByRole('textbox', { name: /^Alasan/ }).fill('Mengirim iklan berulang kali');
      await page.getByRole('button', { name: 'Tambahkan ke daftar blokir' }).click();
      await visible(page.getByText('6281277771234 ditambahkan ke daftar blokir.'));
      const row = page.getByRole('row', { name: /6281277771234/ });
      await visible(row);
      await visible(row.getByText('Mengirim iklan berulang kali'));
      await checkPage(page, 'block list with an entry');
      await screenshot(page, 'triage-6-block-list');
      await row.getByRole('button', { name: 'Hapus' }).click();
      await page.getByRole('button', { name: 'Ya, hapus' }).click();
      await visible(page.getByText('6281277771234 dihapus dari daftar blokir.'));
      await absent(page.getByRole('row', { name: /6281277771234/ }));
    });

    const token = await login(server, 'admin.buleleng');
    const queue = await api(server, 'GET', '/api/v1/complaints?queue=spam', { token });
    const inQueue = queue.json.items.map((i: { trackingNumber: string }) => i.trackingNumber);
    expect(inQueue).not.toContain(g);
    expect((await complaintAs('admin.buleleng', g)).status).toBe('submitted');
    expect((await complaintAs('admin.buleleng', j)).status).toBe('rejected');
    expect((await api(server, 'GET', '/api/v1/blocklist', { token })).json.items).toEqual([]);
  });
});
