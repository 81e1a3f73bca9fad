// Isolation between organisations, as a generated matrix: every role × every lifecycle action ×
// where the complaint is (own unit, sibling unit, sibling regency, another province) × privacy
// (normal, anonymous, confidential). The expected answer is derived here from the rules of
// domain.md, written out explicitly (not by asking `abilities`):
//   404 when the caller may not see the complaint, 403 when they see it but are not a party that
//   may take the action, 409 when they are but the status does not allow it, 200 otherwise.
// Then the reporter's identity on anonymous complaints, confidential complaints, and races.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { TEST_PASSWORD } from '../support/env';
import { createUser } from '../../server/modules/users';
import { createOrganisation } from '../../server/modules/organisations';
import { ACTIONS, LIFECYCLE, type Action, type Party, type Status } from '../../server/modules/complaints/lifecycle';
import { newTrackingNumber } from '../../server/modules/complaints/tracking';

let t: TestApp;

// ---------------------------------------------------------------------------------------------
// The rules, written out.

/**
 * Who may take each action (domain.md "Roles" and "Actions"): the reporter submits, replies,
 * rates and reopens; admins verify, reject, forward returned ones, close, archive and intervene
 * (escalate); the liaison handles what is routed to its unit (accept, assign to a sub-unit,
 * respond, return as bukan kewenangan, record obstacles); parking (hold/resume) is for whoever
 * works the case. Leaders and oversight take no workflow action.
 */
const BY: Record<Action, Party[]> = {
  verify: ['admin'],
  reject: ['admin'],
  hold: ['admin', 'handler'],
  resume: ['admin', 'handler'],
  accept: ['handler'],
  assign: ['handler'],
  return: ['handler'],
  forward: ['admin'],
  respond: ['handler'],
  reply: ['reporter'],
  rate: ['reporter'],
  close: ['admin'],
  reopen: ['reporter'],
  archive: ['admin'],
  merge: ['admin'],
  escalate: ['admin'],
  obstacle: ['handler'],
};

/** For each action: a status it is allowed in (200 reachable) and one it is not (409 for a party). */
const STATUS_FOR: Record<Action, { ok: Status; bad: Status }> = {
  verify: { ok: 'submitted', bad: 'disposed' },
  reject: { ok: 'submitted', bad: 'in_progress' },
  hold: { ok: 'disposed', bad: 'responded' },
  resume: { ok: 'on_hold', bad: 'in_progress' },
  accept: { ok: 'disposed', bad: 'in_progress' },
  assign: { ok: 'in_progress', bad: 'responded' },
  return: { ok: 'in_progress', bad: 'responded' },
  forward: { ok: 'returned', bad: 'responded' },
  respond: { ok: 'in_progress', bad: 'closed' },
  reply: { ok: 'responded', bad: 'closed' },
  rate: { ok: 'responded', bad: 'in_progress' },
  close: { ok: 'responded', bad: 'in_progress' },
  reopen: { ok: 'closed', bad: 'responded' },
  archive: { ok: 'on_hold', bad: 'in_progress' },
  merge: { ok: 'in_progress', bad: 'responded' },
  escalate: { ok: 'in_progress', bad: 'responded' },
  obstacle: { ok: 'in_progress', bad: 'closed' },
};

type Rel = 'own unit' | 'sibling unit' | 'sibling regency' | 'other province';
const RELS: Rel[] = ['own unit', 'sibling unit', 'sibling regency', 'other province'];

/** Where each complaint lives, seen from pupr.buleleng; who verifies and handles it there. */
const PLACE: Record<Rel, { holder: string; province: string; verifier: string; liaison: string; subunit: string; forwardTo: string }> = {
  'own unit': { holder: '51.08.pupr', province: '51', verifier: 'admin.buleleng', liaison: 'pupr.buleleng', subunit: '51.08.pupr.bina-marga', forwardTo: '51.08.dinkes' },
  'sibling unit': { holder: '51.08.dinkes', province: '51', verifier: 'admin.buleleng', liaison: 'dinkes.buleleng', subunit: '51.08.dinkes.yankes', forwardTo: '51.08.pupr' },
  'sibling regency': { holder: '51.03.pupr', province: '51', verifier: 'admin.badung', liaison: 'pupr.badung', subunit: '51.03.pupr.bina-marga', forwardTo: '51.03.dinkes' },
  'other province': { holder: '35.78.pupr', province: '35', verifier: 'admin.surabaya', liaison: 'pu.surabaya', subunit: '35.78.pupr.jalan', forwardTo: '35.78.dinkes' },
};

type Privacy = 'normal' | 'anonymous' | 'confidential';
const PRIVACIES: Privacy[] = ['normal', 'anonymous', 'confidential'];

/**
 * Each role's reach, from "permissions are scoped to that node and below": an admin of a node is
 * the admin of complaints of governments under it; a liaison handles what its unit holds; a
 * leader reads its organisation; oversight reads nationwide; an organisation admin reads verified,
 * non-confidential complaints of other regencies of its province; the reporter owns every
 * complaint of the matrix (warga files them; a guest holding the access code is the reporter too).
 */
interface Reach {
  admin?: Rel[];
  handler?: Rel[];
  reads?: Rel[];
  neighbourIn?: string;
  reporter?: boolean;
}
const ALL = RELS;
const ROLES: Record<string, Reach> = {
  'admin.nasional': { admin: ALL },
  'admin.bali': { admin: ['own unit', 'sibling unit', 'sibling regency'], neighbourIn: '51' },
  'admin.buleleng': { admin: ['own unit', 'sibling unit'], neighbourIn: '51' },
  'admin.badung': { admin: ['sibling regency'], neighbourIn: '51' },
  'admin.surabaya': { admin: ['other province'], neighbourIn: '35' },
  'pupr.buleleng': { handler: ['own unit'] },
  'dinkes.buleleng': { handler: ['sibling unit'] },
  'pupr.badung': { handler: ['sibling regency'] },
  'pu.surabaya': { handler: ['other province'] },
  'bupati.buleleng': { reads: ['own unit', 'sibling unit'] },
  ombudsman: { reads: ALL },
  ksp: { reads: ALL },
  kemenpanrb: { reads: ALL },
  warga: { reporter: true },
  guest: {},
};
/** Not in the matrix loop (it needs each complaint's own code); tested on its own below. */
const REPORTER_BY_CODE: Reach = { reporter: true };

/** Statuses in which a unit holds the complaint (before verification and after a return, none does). */
const HELD: Status[] = ['disposed', 'in_progress', 'responded', 'closed', 'on_hold', 'archived'];
/** Published: verified, not confidential, not submitted/rejected/archived (api.md: 404 for confidential or unverified). */
const UNPUBLISHED: Status[] = ['submitted', 'rejected', 'archived'];

function expectedStatus(role: string, rel: Rel, privacy: Privacy, action: Action, status: Status, allowed: boolean): number {
  const r = role === 'guest with access code' ? REPORTER_BY_CODE : ROLES[role]!;
  const parties = new Set<Party>();
  if (r.admin?.includes(rel)) parties.add('admin');
  if (r.handler?.includes(rel) && HELD.includes(status)) parties.add('handler');
  if (r.reporter) parties.add('reporter');
  if (BY[action].some((p) => parties.has(p))) return allowed ? 200 : 409;
  const verified = status !== 'submitted'; // every other status of the matrix went through verify
  const confidential = privacy === 'confidential';
  const sees =
    parties.size > 0 ||
    !!r.reads?.includes(rel) ||
    (r.neighbourIn === PLACE[rel].province && verified && !confidential) ||
    (verified && !confidential && !UNPUBLISHED.includes(status));
  return sees ? 403 : 404;
}

function bodyFor(action: Action, rel: Rel): Record<string, unknown> {
  const p = PLACE[rel];
  switch (action) {
    case 'verify':
      return { organisationCode: p.holder };
    case 'assign':
      return { organisationCode: p.subunit };
    case 'forward':
      return { organisationCode: p.forwardTo, note: 'Ke unit yang berwenang' };
    case 'reject':
    case 'hold':
    case 'return':
    case 'reopen':
    case 'archive':
      return { reason: `Alasan untuk ${action}` };
    case 'respond':
      return { message: 'Sudah kami tindak lanjuti di lapangan.' };
    case 'reply':
    case 'obstacle':
      return { message: `Pesan ${action}` };
    case 'rate':
      return { score: 4, comment: 'Terima kasih' };
    case 'merge':
      return { targetTrackingNumber: MERGE_TARGET[rel] };
    default:
      return {};
  }
}

// ---------------------------------------------------------------------------------------------
// Fixtures: one complaint per relation × privacy moved through the lifecycle by the API, with a
// copy of its row taken at each status; the matrix works on copies of those rows.

let cloneCols = '';
/** Copies of a complaint row as it is now (same everything, new tracking numbers). */
async function cloneRow(id: number, n: number): Promise<string[]> {
  const trks = Array.from({ length: n }, () => newTrackingNumber());
  await t.db.query(`INSERT INTO complaints (tracking_number, ${cloneCols}) SELECT x, ${cloneCols} FROM complaints c, unnest($2::text[]) AS x WHERE c.id = $1`, [id, trks]);
  return trks;
}
const idOf = async (trk: string) => (await t.db.query<{ id: number }>('SELECT id FROM complaints WHERE tracking_number = $1', [trk])).rows[0]!.id;

const tokens: Record<string, string | undefined> = {};
/** merge: an open complaint of the same government per relation to merge into. */
const MERGE_TARGET = {} as Record<Rel, string>;
/** stage[rel][privacy][status] = id of a row to copy; copies keep the access code of the original. */
const stage = {} as Record<Rel, Record<Privacy, Partial<Record<Status, number>>>>;
const codes = {} as Record<Rel, Record<Privacy, string>>;

/** A request as `role`; the role 'guest with access code' presents `accessCode`. */
async function call(role: string, method: string, url: string, body?: Record<string, unknown>, accessCode?: string) {
  if (role === 'guest with access code') {
    if (!accessCode) throw new Error('no access code given');
    if (method === 'GET') url += `${url.includes('?') ? '&' : '?'}accessCode=${accessCode}`;
    else body = { ...body, accessCode };
  }
  return t.call(method, url, { token: tokens[role], body });
}

async function act(role: string, trk: string, action: Action, body: Record<string, unknown>, accessCode?: string) {
  return call(role, 'POST', `/api/v1/complaints/${trk}/actions/${action}`, body, accessCode);
}
async function mustAct(role: string, trk: string, action: Action, body: Record<string, unknown>) {
  const r = await act(role, trk, action, body);
  if (r.status !== 200) throw new Error(`${role} ${action} ${trk}: ${r.status} ${r.text}`);
  return r;
}

async function inBatches<T>(items: T[], fn: (item: T) => Promise<void>, size = 16) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn));
}

beforeAll(async () => {
  t = await testApp();
  await t.db.tx(async (q) => {
    for (const [code, name, type, parentCode] of [
      ['51.08.pupr.bina-marga', 'Bidang Bina Marga', 'subunit', '51.08.pupr'],
      ['51.08.dinkes.yankes', 'Bidang Pelayanan Kesehatan', 'subunit', '51.08.dinkes'],
      ['51.03.pupr.bina-marga', 'Bidang Bina Marga Badung', 'subunit', '51.03.pupr'],
      ['35.78.pupr', 'Dinas Sumber Daya Air dan Bina Marga Kota Surabaya', 'unit', '35.78'],
      ['35.78.pupr.jalan', 'Bidang Jalan dan Jembatan', 'subunit', '35.78.pupr'],
      ['35.78.dinkes', 'Dinas Kesehatan Kota Surabaya', 'unit', '35.78'],
    ] as const) {
      await createOrganisation(q, { code, name, type, parentCode });
    }
    await createUser(q, { username: 'pu.surabaya', displayName: 'Penghubung PU Surabaya', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '35.78.pupr' }] });
    await createUser(q, { username: 'admin.surabaya', displayName: 'Admin Pemkot Surabaya', password: TEST_PASSWORD, roles: [{ role: 'org_admin', organisationCode: '35.78' }] });
    await createUser(q, { username: 'pupr.badung', displayName: 'Penghubung PUPR Badung', password: TEST_PASSWORD, roles: [{ role: 'liaison', organisationCode: '51.03.pupr' }] });
  });
  for (const role of Object.keys(ROLES)) tokens[role] = role.startsWith('guest') ? undefined : await t.login(role);
  cloneCols = (
    await t.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = 'complaints' AND table_schema = current_schema() AND is_generated = 'NEVER' AND is_identity = 'NO' AND column_name <> 'tracking_number'
        ORDER BY ordinal_position`,
    )
  ).rows.map((r) => r.column_name).join(', ');

  for (const rel of RELS) {
    const target = await t.call('POST', '/api/v1/complaints', { token: tokens.warga, body: { type: 'pengaduan', title: `Jalan rusak lagi (${rel})`, body: 'Sama dengan laporan lain.', organisationCode: PLACE[rel].holder } });
    MERGE_TARGET[rel] = target.json.trackingNumber;
  }
  const chains = RELS.flatMap((rel) => PRIVACIES.map((privacy) => ({ rel, privacy })));
  await Promise.all(
    chains.map(async ({ rel, privacy }) => {
      const p = PLACE[rel];
      const st: Partial<Record<Status, number>> = {};
      ((stage[rel] ??= {} as Record<Privacy, Partial<Record<Status, number>>>)[privacy] = st);
      const snap = async (trk: string, status: Status) => {
        st[status] = await idOf((await cloneRow(await idOf(trk), 1))[0]!);
      };
      const filed = await t.call('POST', '/api/v1/complaints', {
        token: tokens.warga,
        body: { type: 'pengaduan', title: `Jalan rusak (${rel}, ${privacy})`, body: 'Jalan berlubang sejak dua bulan.', organisationCode: p.holder, anonymous: privacy === 'anonymous', confidential: privacy === 'confidential' },
      });
      if (filed.status !== 201) throw new Error(filed.text);
      const trk = filed.json.trackingNumber as string;
      ((codes[rel] ??= {} as Record<Privacy, string>)[privacy] = filed.json.accessCode);
      await snap(trk, 'submitted');
      await mustAct(p.verifier, trk, 'verify', { organisationCode: p.holder });
      await snap(trk, 'disposed');
      await mustAct(p.verifier, trk, 'hold', { reason: 'Menunggu data' });
      await snap(trk, 'on_hold');
      await mustAct(p.verifier, trk, 'resume', {});
      await mustAct(p.liaison, trk, 'accept', {});
      await snap(trk, 'in_progress');
      const toReturn = (await cloneRow(await idOf(trk), 1))[0]!;
      await mustAct(p.liaison, toReturn, 'return', { reason: 'Bukan kewenangan kami' });
      st.returned = await idOf(toReturn);
      await mustAct(p.liaison, trk, 'respond', { message: 'Sudah diperbaiki.' });
      await snap(trk, 'responded');
      await mustAct(p.verifier, trk, 'close', {});
      st.closed = await idOf(trk);
    }),
  );
}, 120_000);

describe('the rules as written agree with the lifecycle table', () => {
  it('parties per action', () => {
    for (const a of ACTIONS) expect([...LIFECYCLE[a].by].filter((p) => p !== 'system').sort(), a).toEqual([...BY[a]].sort());
  });
  it('the chosen statuses are allowed / not allowed', () => {
    for (const a of ACTIONS) {
      expect(LIFECYCLE[a].from, a).toContain(STATUS_FOR[a].ok);
      expect(LIFECYCLE[a].from, a).not.toContain(STATUS_FOR[a].bad);
    }
  });
});

/**
 * The cells of one action. In the allowed status every role meets every relation and privacy. In
 * the wrong status the answer of a non-party does not depend on anonymity (nor, for published
 * complaints, differ from the allowed status), so that column runs every role on confidential
 * complaints and the parties (who must get 409) on all three.
 */
function cellsOf(action: Action) {
  const { ok, bad } = STATUS_FOR[action];
  const cells: { rel: Rel; privacy: Privacy; status: Status; wants: { role: string; want: number }[] }[] = [];
  for (const rel of RELS) {
    for (const privacy of PRIVACIES) {
      for (const [status, allowed] of [[ok, true], [bad, false]] as const) {
        let wants = Object.keys(ROLES).map((role) => ({ role, want: expectedStatus(role, rel, privacy, action, status, allowed) }));
        if (!allowed && privacy !== 'confidential') wants = wants.filter((w) => w.want === 409);
        if (wants.length) cells.push({ rel, privacy, status, wants });
      }
    }
  }
  return cells;
}

describe('isolation matrix: role × action × relation × privacy', () => {
  for (const action of ACTIONS) {
    it(`${action}: 404 unseen / 403 seen but not a party / 409 wrong status / 200 allowed`, async () => {
      const jobs: { role: string; rel: Rel; privacy: Privacy; status: Status; trk: string; want: number }[] = [];
      const tally: Record<number, number> = { 200: 0, 403: 0, 404: 0, 409: 0 };
      for (const { rel, privacy, status, wants } of cellsOf(action)) {
        const winners = wants.filter((w) => w.want === 200);
        // Callers that change nothing share one copy; each caller expected to succeed gets its own.
        const trks = await cloneRow(stage[rel][privacy][status]!, 1 + winners.length);
        let next = 1;
        for (const w of wants) {
          jobs.push({ ...w, rel, privacy, status, trk: w.want === 200 ? trks[next++]! : trks[0]! });
          tally[w.want]!++;
        }
      }
      // Every outcome is reached by someone (escalate/close/… by admins, accept/… by handlers, reply/… by the reporter).
      expect(Object.values(tally).every((n) => n > 0), JSON.stringify(tally)).toBe(true);
      const problems: string[] = [];
      await inBatches(jobs, async (j) => {
        const r = await act(j.role, j.trk, action, bodyFor(action, j.rel), codes[j.rel][j.privacy]);
        if (r.status !== j.want) problems.push(`${j.role} → ${action} on ${j.rel}/${j.privacy} (${j.status}): expected ${j.want}, got ${r.status} ${r.status >= 400 ? r.json?.error?.code : ''}`);
      });
      expect(problems).toEqual([]);
    });
  }

  it('a guest holding the access code is the reporter: reply, rate and reopen go through; admin and unit steps do not', async () => {
    const problems: string[] = [];
    const jobs: { action: Action; rel: Rel; privacy: Privacy; status: Status; want: number }[] = [];
    for (const action of ['reply', 'rate', 'reopen', 'verify', 'respond', 'forward'] as Action[]) {
      for (const rel of RELS) {
        for (const privacy of PRIVACIES) {
          const { ok, bad } = STATUS_FOR[action];
          jobs.push({ action, rel, privacy, status: ok, want: expectedStatus('guest with access code', rel, privacy, action, ok, true) });
          jobs.push({ action, rel, privacy, status: bad, want: expectedStatus('guest with access code', rel, privacy, action, bad, false) });
        }
      }
    }
    expect(new Set(jobs.map((j) => j.want))).toEqual(new Set([200, 403, 409]));
    await inBatches(jobs, async (j) => {
      const [trk] = await cloneRow(stage[j.rel][j.privacy][j.status]!, 1);
      const r = await act('guest with access code', trk!, j.action, bodyFor(j.action, j.rel), codes[j.rel][j.privacy]);
      if (r.status !== j.want) problems.push(`${j.action} on ${j.rel}/${j.privacy} (${j.status}): expected ${j.want}, got ${r.status}`);
      // A wrong code is no code at all.
      if (j.want === 200) {
        const [other] = await cloneRow(stage[j.rel][j.privacy][j.status]!, 1);
        const wrong = await t.call('POST', `/api/v1/complaints/${other}/actions/${j.action}`, { body: { ...bodyFor(j.action, j.rel), accessCode: 'AAAAAAAAAA' } });
        const asGuest = expectedStatus('guest', j.rel, j.privacy, j.action, j.status, true);
        if (wrong.status !== asGuest) problems.push(`${j.action} with a wrong code on ${j.rel}/${j.privacy}: expected ${asGuest}, got ${wrong.status}`);
      }
    });
    expect(problems).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

const NAME = 'Ni Komang Sekar Rahasiani';
const PHONE = '081298765432';
const EMAIL = 'sekar.rahasiani@example.org';
const leaks = (text: string) => [NAME, 'Rahasiani', PHONE, EMAIL].filter((s) => text.includes(s));

describe('the reporter of an anonymous complaint stays hidden', () => {
  let trk = '';
  let code = '';
  const seen: Record<string, string[]> = {};
  const record = (who: string, text: string) => (seen[who] ??= []).push(text);

  beforeAll(async () => {
    const filed = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Pungutan liar pada izin bangunan', body: 'Petugas meminta uang tambahan di luar retribusi.', organisationCode: '51.08.pupr', anonymous: true, reporter: { name: NAME, phone: PHONE, email: EMAIL } },
    });
    expect(filed.status).toBe(201);
    trk = filed.json.trackingNumber;
    code = filed.json.accessCode;
    await mustAct('admin.buleleng', trk, 'verify', { organisationCode: '51.08.pupr' });
    for (const [action, body] of [['accept', {}], ['obstacle', { message: 'Menunggu anggaran' }], ['respond', { message: 'Sudah ditindak.', final: false }]] as const) {
      record('pupr.buleleng', (await mustAct('pupr.buleleng', trk, action, body)).text);
    }
    // Callers without a workflow part still get answers; those must not leak either.
    for (const who of ['bupati.buleleng', 'ombudsman', 'admin.badung', 'guest']) record(who, (await act(who, trk, 'respond', { message: 'x' })).text);
  });

  for (const who of ['pupr.buleleng', 'bupati.buleleng', 'ombudsman', 'admin.badung', 'guest']) {
    it(`${who}: action answers, the complaint, its timeline and list items carry neither name nor contact`, async () => {
      const view = await call(who, 'GET', `/api/v1/complaints/${trk}`);
      expect(view.status).toBe(200);
      expect(view.json.reporter ?? null).toBeNull();
      record(who, view.text);
      const tl = await call(who, 'GET', `/api/v1/complaints/${trk}/timeline`);
      expect(tl.status).toBe(200);
      expect(tl.json.items.length).toBeGreaterThan(1);
      record(who, tl.text);
      for (const qs of ['limit=100', 'limit=100&view=public', `limit=100&q=${encodeURIComponent('Pungutan')}`]) {
        const list = await call(who, 'GET', `/api/v1/complaints?${qs}`);
        expect(list.status, `${qs}: ${list.text.slice(0, 200)}`).toBe(200);
        record(who, list.text);
      }
      // Nor can the name be searched for.
      const byName = await call(who, 'GET', `/api/v1/complaints?limit=100&q=${encodeURIComponent('Rahasiani')}`);
      expect(byName.status).toBe(200);
      expect(byName.json.items.map((i: { trackingNumber: string }) => i.trackingNumber)).not.toContain(trk);
      for (const text of seen[who]!) expect(leaks(text)).toEqual([]);
    });
  }

  it('admin.buleleng (the admin who verifies it) sees name and contact, and the read is audited', async () => {
    const before = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_reporter_identity' AND subject_id = $1`, [trk])).rows[0]!.n;
    const view = await call('admin.buleleng', 'GET', `/api/v1/complaints/${trk}`);
    expect(view.status).toBe(200);
    expect(view.json.reporter).toMatchObject({ name: NAME, phone: PHONE, email: EMAIL });
    const rows = (
      await t.db.query<{ username: string; actor_role: string }>(
        `SELECT u.username, a.actor_role FROM audit_log a JOIN users u ON u.id = a.actor_user_id
          WHERE a.action = 'read_reporter_identity' AND a.subject_type = 'complaint' AND a.subject_id = $1 ORDER BY a.id`,
        [trk],
      )
    ).rows;
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toEqual({ username: 'admin.buleleng', actor_role: 'org_admin' });
    const tl = await call('admin.buleleng', 'GET', `/api/v1/complaints/${trk}/timeline`);
    expect(tl.text).toContain(NAME);
  });

  it("admin.buleleng's reading of the name through the timeline is audited as well", async () => {
    const n = async () => (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'read_reporter_identity' AND subject_id = $1`, [trk])).rows[0]!.n;
    const before = await n();
    const tl = await call('admin.buleleng', 'GET', `/api/v1/complaints/${trk}/timeline`);
    expect(tl.text).toContain(NAME);
    expect(await n()).toBe(before + 1);
  });

  it('an oversight body reading the complaint is audited (domain.md: oversight — every access is audited)', async () => {
    const n = async () =>
      (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log a JOIN users u ON u.id = a.actor_user_id WHERE u.username = 'ombudsman' AND a.subject_id = $1`, [trk])).rows[0]!.n;
    const before = await n();
    expect((await call('ombudsman', 'GET', `/api/v1/complaints/${trk}`)).status).toBe(200);
    expect(await n()).toBeGreaterThan(before);
  });

  it('the reporter, with the access code, sees their own name', async () => {
    const view = await call('guest with access code', 'GET', `/api/v1/complaints/${trk}`, undefined, code);
    expect(view.status).toBe(200);
    expect(view.json).toMatchObject({ view: 'reporter', reporter: { name: NAME, phone: PHONE } });
  });
});

describe('privacy set at verification', () => {
  const fileAs = async (flags: { anonymous?: boolean; confidential?: boolean }) => {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Jembatan retak', body: 'Retak di tiang jembatan.', organisationCode: '51.08.pupr', ...flags, reporter: { name: NAME, phone: PHONE } },
    });
    expect(r.status).toBe(201);
    return r.json.trackingNumber as string;
  };

  it('an admin can make a complaint anonymous and confidential when verifying it', async () => {
    const trk = await fileAs({});
    await mustAct('admin.buleleng', trk, 'verify', { organisationCode: '51.08.pupr', anonymous: true, confidential: true });
    const pupr = await call('pupr.buleleng', 'GET', `/api/v1/complaints/${trk}`);
    expect(pupr.status).toBe(200);
    expect(leaks(pupr.text)).toEqual([]);
    expect((await call('guest', 'GET', `/api/v1/complaints/${trk}`)).status).toBe(404);
    expect((await call('admin.badung', 'GET', `/api/v1/complaints/${trk}`)).status).toBe(404);
  });

  it("an admin cannot lift the reporter's own request for anonymity or confidentiality when verifying", async () => {
    const trk = await fileAs({ anonymous: true, confidential: true });
    const r = await act('admin.buleleng', trk, 'verify', { organisationCode: '51.08.pupr', anonymous: false, confidential: false });
    const row = (await t.db.query<{ anonymous: boolean; confidential: boolean }>('SELECT anonymous, confidential FROM complaints WHERE tracking_number = $1', [trk])).rows[0]!;
    expect(row, `verify answered ${r.status}`).toEqual({ anonymous: true, confidential: true });
    if (r.status === 200) {
      const pupr = await call('pupr.buleleng', 'GET', `/api/v1/complaints/${trk}`);
      expect(leaks(pupr.text)).toEqual([]);
      expect((await call('guest', 'GET', `/api/v1/complaints/${trk}`)).status).toBe(404);
    }
  });
});

describe('confidential complaints', () => {
  let trk = '';
  beforeAll(async () => {
    const filed = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Dugaan korupsi proyek jalan', body: 'Rincian ada di lampiran.', organisationCode: '51.08.pupr', confidential: true, reporter: { name: 'Pelapor Rahasia', phone: '081311223344' } },
    });
    expect(filed.status).toBe(201);
    trk = filed.json.trackingNumber;
    await mustAct('admin.buleleng', trk, 'verify', { organisationCode: '51.08.pupr' });
    await mustAct('pupr.buleleng', trk, 'accept', {});
  });

  it('is 404 for guests and for admin.badung — view, timeline and lists alike', async () => {
    for (const who of ['guest', 'admin.badung']) {
      const view = await call(who, 'GET', `/api/v1/complaints/${trk}`);
      expect(view.status, who).toBe(404);
      expect((await call(who, 'GET', `/api/v1/complaints/${trk}/timeline`)).status, who).toBe(404);
      expect(view.json).toEqual((await call(who, 'GET', '/api/v1/complaints/ZZZZZZZZ')).json);
      for (const qs of ['limit=100', 'limit=100&view=public', 'limit=100&q=korupsi']) {
        const list = await call(who, 'GET', `/api/v1/complaints?${qs}`);
        expect(list.status).toBe(200);
        expect(list.json.items.map((i: { trackingNumber: string }) => i.trackingNumber), `${who} ${qs}`).not.toContain(trk);
      }
    }
  });

  it('is visible to admin.buleleng, bupati.buleleng and ombudsman', async () => {
    for (const who of ['admin.buleleng', 'bupati.buleleng', 'ombudsman']) {
      const view = await call(who, 'GET', `/api/v1/complaints/${trk}`);
      expect(view.status, who).toBe(200);
      expect(view.json).toMatchObject({ trackingNumber: trk, confidential: true, view: 'staff' });
      expect((await call(who, 'GET', `/api/v1/complaints/${trk}/timeline`)).status, who).toBe(200);
    }
  });

  it('is in the lists of admin.buleleng, bupati.buleleng and ombudsman', async () => {
    const problems: string[] = [];
    for (const who of ['admin.buleleng', 'bupati.buleleng', 'ombudsman']) {
      const list = await call(who, 'GET', '/api/v1/complaints?limit=100&status=in_progress&organisation=51.08');
      if (list.status !== 200) problems.push(`${who}: ${list.status} ${list.text.slice(0, 120)}`);
      else if (!list.json.items.some((i: { trackingNumber: string }) => i.trackingNumber === trk)) problems.push(`${who}: not listed`);
    }
    expect(problems).toEqual([]);
  });
});

describe('concurrent steps on one complaint', () => {
  async function fresh(status: 'submitted' | 'disposed' | 'in_progress' | 'responded') {
    return (await cloneRow(stage['own unit'].normal[status]!, 1))[0]!;
  }

  it('two verifies at once: exactly one 200 and one 409, one timeline entry', async () => {
    const trk = await fresh('submitted');
    const rs = await Promise.all([
      act('admin.buleleng', trk, 'verify', { organisationCode: '51.08.pupr' }),
      act('admin.bali', trk, 'verify', { organisationCode: '51.08.dinkes' }),
    ]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(rs.find((r) => r.status === 409)!.json.error.code).toBe('invalid_transition');
    const events = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_number = $1 AND e.action = 'verify'`, [trk]);
    expect(events.rows[0]!.n).toBe(1);
  });

  it('two accepts at once: exactly one 200 and one 409', async () => {
    const trk = await fresh('disposed');
    const rs = await Promise.all([act('pupr.buleleng', trk, 'accept', {}), act('pupr.buleleng', trk, 'accept', {})]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('two responds at once both succeed (the table allows a further follow-up), one after the other on the locked row', async () => {
    const trk = await fresh('in_progress');
    const rs = await Promise.all([
      act('pupr.buleleng', trk, 'respond', { message: 'Tindak lanjut pertama' }),
      act('pupr.buleleng', trk, 'respond', { message: 'Tindak lanjut kedua' }),
    ]);
    expect(rs.map((r) => r.status)).toEqual([200, 200]);
    const events = (
      await t.db.query<{ from_status: string; to_status: string }>(
        `SELECT e.from_status, e.to_status FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.tracking_number = $1 AND e.action = 'respond' ORDER BY e.id`,
        [trk],
      )
    ).rows;
    // Serialised: the second saw the first one's result.
    expect(events).toEqual([
      { from_status: 'in_progress', to_status: 'responded' },
      { from_status: 'responded', to_status: 'responded' },
    ]);
  });

  it('two ratings at once: exactly one 200 and one 409; the first score stays', async () => {
    const trk = await fresh('responded');
    const rs = await Promise.all([act('warga', trk, 'rate', { score: 5 }), act('warga', trk, 'rate', { score: 1 })]);
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409]);
    const row = (await t.db.query<{ rating: number }>('SELECT rating FROM complaints WHERE tracking_number = $1', [trk])).rows[0]!;
    expect(row.rating).toBe(rs[0]!.status === 200 ? 5 : 1);
  });
});
