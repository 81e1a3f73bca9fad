// In-app notifications in the staff workspace against a real server: a guest files a complaint, the
// organisation admin routes it to Dinas PUPR, the worker writes the liaison officer's in-app
// notification; pupr.buleleng opens /staf/notifikasi, finds it by tracking number, marks it read and
// turns email notifications off/on in the preferences form (saved, still so after a reload). The page
// passes axe and fits 360 px. A registered reporter (warga) does the same on /akun.
import { describe, expect, it } from 'vitest';
import { api, checkPage, JOURNEY_TIMEOUT, login, openBrowser, screenshot, serverForFile, signIn, uniqueWord, visible, absent, checked } from './support';

const server = serverForFile();

/** An API call as one of the demo accounts (bearer token). */
async function apiAs(username: string, method: string, url: string, body?: unknown) {
  return api(server, method, url, { token: await login(server, username), body });
}

describe('staff notifications', () => {
  it('the liaison officer sees the routed complaint in Notifikasi, marks it read and changes the email channel', async () => {
    const title = `Jembatan desa Sambangan retak ${uniqueWord()}`;
    const filed = await api(server, 'POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title,
        body: 'Retakan makin lebar setelah hujan deras. Mohon segera diperiksa oleh dinas terkait.',
        location: { regionCode: '51.08', address: 'Desa Sambangan, Sukasada' },
        reporter: { name: 'Made Pelapor', phone: '081234501234' },
      },
    });
    expect(filed.status, JSON.stringify(filed.json)).toBe(201);
    const tn = filed.json.trackingNumber as string;
    const verified = await apiAs('admin.buleleng', 'POST', `/api/v1/complaints/${tn}/actions/verify`, { organisationCode: '51.08.pupr' });
    expect(verified.status, JSON.stringify(verified.json)).toBe(200);

    // The worker turns the event into pupr.buleleng's in-app notification.
    const token = await login(server, 'pupr.buleleng');
    let notificationId = 0;
    await expect
      .poll(
        async () => {
          const r = await api(server, 'GET', '/api/v1/me/notifications', { token });
          const n = (r.json.items ?? []).find((i: { trackingNumber: string | null }) => i.trackingNumber === tn);
          notificationId = n?.id ?? 0;
          return notificationId;
        },
        { timeout: 60_000, interval: 500, message: `pupr.buleleng's notification for ${tn}` },
      )
      .toBeGreaterThan(0);
    const before = await api(server, 'GET', '/api/v1/me/notification-preferences', { token });
    expect(before.status).toBe(200);
    const emailWas = before.json.email as boolean;

    const b = await openBrowser({ timeout: JOURNEY_TIMEOUT });
    try {
      const { page } = b;
      await signIn(server, b, 'pupr.buleleng');
      await page.goto(`${server.url}/staf`);
      await visible(page.getByRole('heading', { level: 1, name: 'Kotak masuk aduan' }));
      const navLink = page.getByRole('navigation', { name: 'Ruang kerja' }).getByRole('link', { name: /^Notifikasi/ });
      await expect.poll(() => navLink.textContent()).toMatch(/belum dibaca/);
      await navLink.click();

      await visible(page.getByRole('heading', { level: 1, name: 'Notifikasi' }));
      const open = page.getByRole('link', { name: `Buka aduan ${tn}` });
      await visible(open);
      expect(await open.getAttribute('href')).toBe(`/staf/aduan/${tn}`);
      const row = page.getByRole('listitem').filter({ has: open });
      await visible(row.getByText('Belum dibaca', { exact: true }));
      await checkPage(page, 'notifications');
      await screenshot(page, 'notifications-1-unread');

      await row.getByRole('button', { name: 'Tandai dibaca' }).click();
      await visible(row.getByText(/^Dibaca /));
      await absent(row.getByText('Belum dibaca', { exact: true }));
      await absent(row.getByRole('button', { name: 'Tandai dibaca' }));
      const after = await api(server, 'GET', '/api/v1/me/notifications', { token });
      expect(after.json.items.find((i: { id: number }) => i.id === notificationId).readAt).not.toBeNull();

      // Email channel: flip it, save, see the confirmation, and find it saved after a reload.
      const email = page.getByRole('checkbox', { name: 'Email' });
      expect(await email.isChecked()).toBe(emailWas);
      await email.setChecked(!emailWas);
      await page.getByRole('radio', { name: 'English' }).check();
      await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
      await visible(page.getByText('Pengaturan notifikasi disimpan.'));
      await checkPage(page, 'notifications, preferences saved');
      await screenshot(page, 'notifications-2-saved');

      await page.reload();
      await visible(page.getByRole('heading', { level: 1, name: 'Notifikasi' }));
      await visible(page.getByRole('checkbox', { name: 'Email' }));
      await expect.poll(() => page.getByRole('checkbox', { name: 'Email' }).isChecked()).toBe(!emailWas);
      await checked(page.getByRole('radio', { name: 'English' }));
      await visible(page.getByRole('link', { name: `Buka aduan ${tn}` }));
    } finally {
      await b.close();
    }
    const saved = await api(server, 'GET', '/api/v1/me/notification-preferences', { token });
    expect(saved.json).toMatchObject({ email: !emailWas, language: 'en' });
  });

  it('a registered reporter chooses the channels on the account page', async () => {
    const b = await openBrowser({ timeout: JOURNEY_TIMEOUT });
    try {
      const { page } = b;
      await signIn(server, b, 'warga');
      await page.goto(`${server.url}/akun`);
      await visible(page.getByRole('heading', { level: 2, name: 'Notifikasi' }));
      const sms = page.getByRole('checkbox', { name: 'SMS' });
      await visible(sms);
      const smsWas = await sms.isChecked();
      await sms.setChecked(!smsWas);
      await page.getByRole('button', { name: 'Simpan pengaturan' }).click();
      await visible(page.getByText('Pengaturan notifikasi disimpan.'));
      await checkPage(page, 'account with notification preferences');
      await screenshot(page, 'notifications-3-citizen-account');
      await page.reload();
      await visible(page.getByRole('checkbox', { name: 'SMS' }));
      await expect.poll(() => page.getByRole('checkbox', { name: 'SMS' }).isChecked()).toBe(!smsWas);
    } finally {
      await b.close();
    }
  });
});
