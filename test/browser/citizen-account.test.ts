// A citizen account in the browser against a real server process whose mail goes to a real SMTP
// server (smtp-server on loopback): a guest files a complaint with an email, then registers on
// /daftar with that email, reads the code from the received mail, confirms it, finds the earlier
// complaint under "Aduan saya" on /akun and deletes the account. Every page passes axe and fits 360 px.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpCapture, type SmtpCapture } from '../support/smtp';
import { api, checkPage, JOURNEY_TIMEOUT, login, openBrowser, screenshot, startServer, uniqueWord, visible, type Server } from './support';

let smtp: SmtpCapture;
let server: Server;

beforeAll(async () => {
  smtp = await startSmtpCapture();
  server = await startServer({ SMTP_URL: smtp.url, WORKER_INTERVAL_MS: '200' });
});

afterAll(async () => {
  await server?.stop();
  await smtp?.close();
});

describe('citizen account', () => {
  it('register with email, confirm the mailed code, see the earlier guest complaint, delete the account', async () => {
    const email = `${uniqueWord()}@example.org`;
    const title = `Trotoar rusak di depan pasar ${uniqueWord()}`;
    const filed = await api(server, 'POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title,
        body: 'Paving trotoar lepas dan berlubang, pejalan kaki terpaksa turun ke jalan raya.',
        location: { regionCode: '51.08', address: 'Jl. Diponegoro, Singaraja' },
        reporter: { name: 'Luh Pelapor', email },
      },
    });
    expect(filed.status, JSON.stringify(filed.json)).toBe(201);
    const tn = filed.json.trackingNumber as string;

    const b = await openBrowser({ timeout: JOURNEY_TIMEOUT });
    const page = b.page;
    try {
      await page.goto(`${server.url}/masuk`);
      await visible(page.getByRole('heading', { name: 'Kode lewat SMS atau email' }));
      await checkPage(page, '/masuk with the code form');
      await page.getByRole('link', { name: 'Buat akun' }).click();
      await visible(page.getByRole('heading', { level: 1, name: 'Daftar akun' }));
      await checkPage(page, '/daftar');

      // Missing contact: the error summary names it.
      await page.getByLabel('Nama', { exact: true }).fill('Luh Pelapor');
      await page.getByLabel('Email', { exact: true }).check();
      await page.getByRole('button', { name: 'Kirim kode' }).click();
      await visible(page.getByRole('alert').filter({ hasText: 'alamat email yang benar' }).first());
      await checkPage(page, '/daftar with errors');

      await page.getByLabel('Alamat email').fill(email);
      await page.getByRole('button', { name: 'Kirim kode' }).click();
      const codeInput = page.getByLabel('Kode 6 angka');
      await visible(codeInput);
      await checkPage(page, '/daftar code step');
      await screenshot(page, 'citizen-account-code');

      await expect.poll(() => smtp.inbox.filter((m) => JSON.stringify(m.to).includes(email) && m.subject === 'Kode verifikasi Aduan').length, { timeout: 60_000, interval: 250 }).toBe(1);
      const mail = smtp.inbox.find((m) => JSON.stringify(m.to).includes(email) && m.subject === 'Kode verifikasi Aduan')!;
      const code = /\b(\d{6})\b/.exec(mail.text ?? '')![1]!;

      // A wrong code first: the page says so and stays.
      await codeInput.fill(code === '000000' ? '111111' : '000000');
      await page.getByRole('button', { name: 'Konfirmasi' }).click();
      await visible(page.getByText('Kode salah, kedaluwarsa, atau sudah dipakai.', { exact: false }));
      await codeInput.fill(code);
      await page.getByRole('button', { name: 'Konfirmasi' }).click();

      await page.waitForURL(`${server.url}/akun`);
      await visible(page.getByRole('heading', { name: 'Aduan saya' }));
      await visible(page.getByText(title));
      await visible(page.locator('dd').filter({ hasText: email }));
      await checkPage(page, '/akun');
      await screenshot(page, 'citizen-account-akun');

      await page.getByRole('button', { name: 'Hapus akun saya…' }).click();
      const confirm = page.getByLabel('Ketik HAPUS untuk konfirmasi');
      await visible(confirm);
      await checkPage(page, '/akun delete form');
      await confirm.fill('HAPUS');
      await page.getByRole('button', { name: 'Hapus akun', exact: true }).click();
      await page.waitForURL(`${server.url}/`);
      await visible(page.getByRole('link', { name: 'Masuk' }).first());

      // The session is gone; the complaint stays, without the person.
      const cookies = await b.context.cookies(server.url);
      const me = await fetch(`${server.url}/api/v1/auth/me`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
      expect(me.status).toBe(401);
      const seen = await api(server, 'GET', `/api/v1/complaints/${tn}`, { token: await login(server, 'admin.buleleng') });
      expect(seen.status).toBe(200);
      expect(seen.json.title).toBe(title);
      expect(seen.json.reporter).toMatchObject({ name: 'Pengguna terhapus', email: null });
    } finally {
      await b.close();
    }
  });
});
