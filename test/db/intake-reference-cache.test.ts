// Intake reads organisations, categories and the holiday calendar from per-process caches
// (issue #9). This process's own holiday edits must reach the next due date at once.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
beforeAll(async () => {
  // Monday: the 3 working days of verification run to Thursday 21 May 2026.
  t = await testApp({ now: '2026-05-18T01:00:00Z' });
});

let n = 0;
async function dueAtOfNewComplaint(): Promise<string> {
  n++;
  const r = await t.call('POST', '/api/v1/complaints', {
    body: {
      type: 'pengaduan',
      title: `Lampu jalan mati ${n}`,
      body: 'Lampu jalan di Jl. Ahmad Yani mati sejak seminggu lalu.',
      location: { regionCode: '51.08' },
      reporter: { name: 'Warga', phone: `08123400000${n}` },
    },
  });
  expect(r.status).toBe(201);
  return r.json.dueAt;
}

describe('reference data cached for intake', () => {
  it('a regional holiday added or removed moves the due date of the next complaint', async () => {
    const before = await dueAtOfNewComplaint();
    const admin = await t.login('admin.buleleng');
    const add = await t.call('POST', '/api/v1/calendar/holidays', { token: admin, body: { date: '2026-05-20', name: 'Hari Jadi Kota Singaraja', kind: 'regional', organisationCode: '51.08' } });
    expect(add.status).toBe(201);
    const withHoliday = await dueAtOfNewComplaint();
    expect(Date.parse(withHoliday) - Date.parse(before)).toBe(86_400_000);
    expect((await t.call('DELETE', `/api/v1/calendar/holidays/${add.json.id}`, { token: admin })).status).toBe(204);
    expect(await dueAtOfNewComplaint()).toBe(before);
  });

  it('an unknown category or organisation is still refused after known ones were cached', async () => {
    await dueAtOfNewComplaint();
    const r = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Jalan rusak', body: 'Jalan rusak parah.', categoryCode: 'no.such', organisationCode: 'no.such', reporter: { name: 'Warga', phone: '081234999999' } },
    });
    expect(r.status).toBe(400);
  });
});
