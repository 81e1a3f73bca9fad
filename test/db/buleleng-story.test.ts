// The Buleleng story end to end through the API (both engines): a road complaint addressed to the
// wrong unit is verified, returned as "bukan kewenangan", forwarded to PUPR, followed up, rated.
// Due dates, the timeline and who can see what are checked at every step.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { createUser } from '../../server/modules/users';
import { TEST_PASSWORD } from '../support/env';

let t: TestApp;
const REPORTER = { name: 'Ketut Sukarsa', phone: '081200001234' };
// WITA is UTC+8: 10:00 WITA is 02:00Z. Monday 6 July 2026 is an ordinary working week.
const wita = (local: string) => new Date(`${local}+08:00`).toISOString();
const endOfDayWita = (date: string) => new Date(`${date}T23:59:59.999+08:00`).toISOString();

let trk: string;
let accessCode: string;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp({ now: wita('2026-07-06T10:00:00') });
  await createUser(t.db, { username: 'admin.surabaya', displayName: 'Admin Surabaya', password: TEST_PASSWORD, roles: [{ role: 'org_admin', organisationCode: '35.78' }] });
  for (const u of ['admin.buleleng', 'dinkes.buleleng', 'pupr.buleleng', 'admin.badung', 'admin.surabaya', 'bupati.buleleng', 'ombudsman']) tok[u] = await t.login(u);
});

const asGuest = (path: string) => t.call('GET', path);
const mentionsReporter = (text: string) => text.includes(REPORTER.name) || text.includes(REPORTER.phone);

describe('the Buleleng story', () => {
  it('1. a citizen files a road complaint addressed to Dinas Kesehatan, anonymously', async () => {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: {
        type: 'pengaduan',
        title: 'Jalan berlubang di Jl. Ahmad Yani Singaraja',
        body: 'Jalan di depan pasar berlubang besar sejak dua minggu, sudah ada pengendara motor jatuh.',
        categoryCode: 'infrastruktur.jalan',
        organisationCode: '51.08.dinkes',
        location: { regionCode: '51.08', address: 'Jl. Ahmad Yani, Singaraja' },
        anonymous: true,
        confidential: false,
        reporter: REPORTER,
      },
    });
    expect(r.status).toBe(201);
    expect(r.json.status).toBe('submitted');
    expect(r.json.trackingNumber).toMatch(/^[A-HJKMNP-TW-Z2-9]{8}$/);
    expect(r.json.accessCode).toMatch(/^[A-Z2-9]{10}$/);
    // Verification: 3 working days after Monday → end of Thursday in Bali time.
    expect(r.json.dueAt).toBe(endOfDayWita('2026-07-09'));
    trk = r.json.trackingNumber;
    accessCode = r.json.accessCode;

    // Not verified yet: invisible to the public, to the suggested unit and to other regencies.
    expect((await asGuest(`/api/v1/complaints/${trk}`)).status).toBe(404);
    expect((await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['dinkes.buleleng'] })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['admin.badung'] })).status).toBe(404);
    expect((await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['admin.surabaya'] })).status).toBe(404);
    // The admin sees it with the reporter; the reporter follows it with the access code.
    const admin = await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['admin.buleleng'] });
    expect(admin.json.reporter.name).toBe(REPORTER.name);
    expect(admin.json.abilities).toEqual(expect.arrayContaining(['verify', 'reject']));
    const mine = await asGuest(`/api/v1/complaints/${trk}?accessCode=${accessCode}`);
    expect(mine.status).toBe(200);
    expect(mine.json.view).toBe('reporter');
    expect(mine.json.abilities).toContain('reply');
  });

  it('2. admin.buleleng verifies it and routes it to Dinas Kesehatan as addressed', async () => {
    t.clock.set(wita('2026-07-07T10:00:00'));
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.dinkes' } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('disposed');
    expect(r.json.organisation.code).toBe('51.08.dinkes');
    // First follow-up: 5 working days after Tuesday 7 July → Tuesday 14 July.
    expect(r.json.dueAt).toBe(endOfDayWita('2026-07-14'));
    expect(r.json.overdue).toBe(false);

    const unit = await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['dinkes.buleleng'] });
    expect(unit.status).toBe(200);
    expect(unit.json.view).toBe('staff');
    expect(unit.json.reporter).toBeNull();
    expect(mentionsReporter(unit.text)).toBe(false);
    expect(unit.json.abilities).toEqual(expect.arrayContaining(['accept', 'respond', 'return']));

    // Integration: Badung's admin can read it without the reporter and cannot act; Jawa Timur cannot see it.
    const badung = await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['admin.badung'] });
    expect(badung.status).toBe(200);
    expect(badung.json.view).toBe('neighbour');
    expect(badung.json.abilities).toEqual([]);
    expect(mentionsReporter(badung.text)).toBe(false);
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/forward`, { token: tok['admin.badung'], body: { organisationCode: '51.03.pupr' } })).status).toBe(403);

    const pub = await asGuest(`/api/v1/complaints/${trk}`);
    expect(pub.status).toBe(200);
    expect(pub.json.view).toBe('public');
    expect(pub.json.reporter).toBeNull();
    expect(mentionsReporter(pub.text)).toBe(false);
    // A Jawa Timur admin has no reading right of its own here: it gets exactly what the public gets
    // (and nothing at all before verification, step 1, or for confidential complaints).
    const surabaya = await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['admin.surabaya'] });
    expect(surabaya.json.view).toBe('public');
    expect(surabaya.json).toEqual(pub.json);
    const surabayaList = await t.call('GET', '/api/v1/complaints', { token: tok['admin.surabaya'] });
    expect(surabayaList.json.items).toEqual([]);
  });

  it('3. dinkes.buleleng returns it as bukan kewenangan, with a reason, to the admin', async () => {
    t.clock.set(wita('2026-07-08T09:00:00'));
    const noReason = await t.call('POST', `/api/v1/complaints/${trk}/actions/return`, { token: tok['dinkes.buleleng'], body: {} });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.fields.reason).toBeDefined();
    // PUPR does not hold it: it sees only the public view and may not act.
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/return`, { token: tok['pupr.buleleng'], body: { reason: 'x' } })).status).toBe(403);

    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/return`, {
      token: tok['dinkes.buleleng'],
      body: { reason: 'Bukan kewenangan Dinas Kesehatan; jalan kabupaten ditangani Dinas PUPR.' },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('returned');
    expect(r.json.organisation.code).toBe('51.08');
    // The routing clock restarts: 3 working days after Wednesday 8 July → Monday 13 July.
    expect(r.json.dueAt).toBe(endOfDayWita('2026-07-13'));

    const inbox = await t.call('GET', '/api/v1/complaints?status=returned', { token: tok['admin.buleleng'] });
    expect(inbox.json.items.map((c: { trackingNumber: string }) => c.trackingNumber)).toContain(trk);
    const unitInbox = await t.call('GET', '/api/v1/complaints', { token: tok['dinkes.buleleng'] });
    expect(unitInbox.json.items.map((c: { trackingNumber: string }) => c.trackingNumber)).not.toContain(trk);
  });

  it('4. past the due date it is overdue; admin.buleleng forwards it to Dinas PUPR', async () => {
    t.clock.set(wita('2026-07-14T09:00:00'));
    const late = await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['admin.buleleng'] });
    expect(late.json.overdue).toBe(true);
    const overdueList = await t.call('GET', '/api/v1/complaints?overdue=true', { token: tok['bupati.buleleng'] });
    expect(overdueList.json.items.map((c: { trackingNumber: string }) => c.trackingNumber)).toContain(trk);

    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/forward`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr', note: 'Mohon ditindaklanjuti.' } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('disposed');
    expect(r.json.organisation.code).toBe('51.08.pupr');
    expect(r.json.dueAt).toBe(endOfDayWita('2026-07-21'));
    expect(r.json.overdue).toBe(false);
    expect((await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok['pupr.buleleng'] })).json.view).toBe('staff');
  });

  it('5. pupr.buleleng responds (tindak lanjut); the reporter may now rate', async () => {
    t.clock.set(wita('2026-07-15T14:00:00'));
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/respond`, {
      token: tok['pupr.buleleng'],
      body: { message: 'Lubang sudah ditambal oleh tim Bina Marga pada 15 Juli 2026.' },
    });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('responded');
    // The reporter's window to reply: 10 working days → Wednesday 29 July.
    expect(r.json.dueAt).toBe(endOfDayWita('2026-07-29'));
    const mine = await asGuest(`/api/v1/complaints/${trk}?accessCode=${accessCode}`);
    expect(mine.json.abilities).toEqual(expect.arrayContaining(['reply', 'rate']));
  });

  it('6. the reporter rates it and it closes', async () => {
    t.clock.set(wita('2026-07-16T08:00:00'));
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/rate`, { body: { score: 5, accessCode: 'WRONGCODE2' } })).status).toBe(403);
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/rate`, { body: { score: 5, comment: 'Terima kasih, cepat sekali.', accessCode } });
    expect(r.status).toBe(200);
    expect(r.json.status).toBe('closed');
    expect(r.json.rating).toEqual({ score: 5, comment: 'Terima kasih, cepat sekali.' });
    expect(r.json.dueAt).toBeNull();
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/rate`, { body: { score: 1, accessCode } })).status).toBe(409);
    // Rated once: the reporter is no longer offered to rate, but may still reopen within the window.
    const after = await asGuest(`/api/v1/complaints/${trk}?accessCode=${accessCode}`);
    expect(after.json.abilities).not.toContain('rate');
    expect(after.json.abilities).toContain('reopen');
  });

  it('the timeline tells the whole story, and hides the anonymous reporter from everyone but the admin', async () => {
    const staff = await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: tok['admin.buleleng'] });
    expect(staff.status).toBe(200);
    const steps = staff.json.items.map((e: any) => [e.action, e.fromStatus, e.toStatus, e.organisation]);
    expect(steps).toEqual([
      ['submit', null, 'submitted', null],
      ['verify', 'submitted', 'disposed', '51.08.dinkes'],
      ['return', 'disposed', 'returned', null],
      ['forward', 'returned', 'disposed', '51.08.pupr'],
      ['respond', 'disposed', 'responded', '51.08.pupr'],
      ['rate', 'responded', 'closed', '51.08.pupr'],
    ]);
    expect(staff.json.items[2].actor).toMatchObject({ role: 'liaison', organisation: { code: '51.08.dinkes' } });
    expect(staff.json.items[2].message).toMatch(/Bukan kewenangan/);
    expect(staff.json.items[0].actor.name).toBe(REPORTER.name);

    for (const who of ['pupr.buleleng', 'bupati.buleleng', 'ombudsman', 'admin.badung']) {
      const r = await t.call('GET', `/api/v1/complaints/${trk}/timeline`, { token: tok[who] });
      expect(r.status).toBe(200);
      expect(mentionsReporter(r.text)).toBe(false);
      const v = await t.call('GET', `/api/v1/complaints/${trk}`, { token: tok[who] });
      expect(mentionsReporter(v.text)).toBe(false);
    }
    const pub = await asGuest(`/api/v1/complaints/${trk}/timeline`);
    expect(mentionsReporter(pub.text)).toBe(false);
    expect(pub.json.items.find((e: any) => e.action === 'respond').message).toMatch(/ditambal/);
    expect(pub.json.items.find((e: any) => e.action === 'rate').message).toBeNull();
    const list = await asGuest('/api/v1/complaints?q=berlubang');
    expect(list.json.items.map((c: any) => c.trackingNumber)).toContain(trk);
    expect(mentionsReporter(list.text)).toBe(false);

    // Staff reads of the reporter's identity were audited.
    const audited = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_reporter_identity' AND subject_id = $1`, [trk]);
    expect(audited.rows[0]!.n).toBeGreaterThan(0);
    // Every step wrote its outbox event in the same transaction.
    const events = await t.db.query<{ type: string }>(`SELECT type FROM outbox WHERE aggregate_id = (SELECT id FROM complaints WHERE tracking_number = $1) ORDER BY id`, [trk]);
    expect(events.rows.map((e) => e.type)).toEqual(['complaint.submitted', 'complaint.verify', 'complaint.return', 'complaint.forward', 'complaint.respond', 'complaint.rate']);
  });
});
