// Federation between three real server processes on loopback (PGlite, each with its own DATA_DIR):
// province P subscribes to the summaries of regencies A and B; A forwards a complaint to B through
// the ordinary `actions/forward`, B answers, A's reporter sees the answer and replies, B sees the
// reply. P's shared view counts A's public complaints, never its confidential ones, and nothing P
// receives carries personal data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE } from '../support/db';
import { api, freePort, loginAt, startServer, waitFor, waitHealthy, type ServerProcess } from '../support/process';
import { cleanSummary } from '../../server/modules/federation';
import { generateKeyPair, signRequest } from '../../server/modules/federation/signing';

const PASSWORD = 'rahasia-provinsi';
const running: ServerProcess[] = [];
afterAll(async () => {
  for (const p of running) {
    if (p.child.exitCode === null) p.child.kill('SIGTERM');
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
});

const login = (port: number, username: string) => loginAt(port, username, PASSWORD);

describe(`shared summaries (${ENGINE})`, () => {
  it('a subscriber keeps only the known count fields of what a peer sends', () => {
    const c = cleanSummary({
      installation: 'Aduan X', generatedAt: '2026-07-06T02:00:00Z', total: 3, overdue: -1, followedUp: '2', forwardedOut: 0,
      byStatus: { submitted: 3, secret: 9 }, byUnit: [{ code: '51.08.pupr', name: 'PUPR', total: 3, open: 3, overdue: 0, reporter: 'Nyoman' }],
      byCategory: [], byDay: [{ date: '2026-07-06', total: 3, titles: ['Jalan rusak'] }, { date: 'kemarin', total: 1 }], reporters: ['Nyoman 0813'],
    })!;
    expect(c.overdue).toBe(0);
    expect(c.followedUp).toBe(0);
    expect(c.byStatus.submitted).toBe(3);
    expect(c.byDay).toEqual([{ date: '2026-07-06', total: 3 }]);
    expect(JSON.stringify(c)).not.toMatch(/Nyoman|secret|Jalan rusak|reporters/);
    expect(cleanSummary('nope')).toBeUndefined();
  });
});

// The real processes run once, on the pglite tier (each process embeds its own PGlite in its DATA_DIR).
if (ENGINE === 'pglite')
  describe('a province and two regencies (three server processes, pglite)', () => {
    it('forward through actions, answer, reporter reply both ways; the province sees counts only', { timeout: 600_000 }, async () => {
      // One process migrates and seeds a data directory and stops; three copies of it start. Three
      // cold starts at once take minutes on a small machine. Each copy makes its own key pair on
      // first use (none exists yet) and is from then on an installation of its own.
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-fed3-'));
      const seedPort = await freePort();
      const seed = startServer({ PORT: String(seedPort), DATA_DIR: path.join(root, 'seed'), DEMO_PASSWORD: PASSWORD, WORKER_IN_PROCESS: 'false' });
      running.push(seed);
      await waitHealthy(seedPort, seed, 180_000);
      seed.child.kill('SIGTERM');
      expect(await seed.exited).toBe(0);
      const ports = { P: await freePort(), A: await freePort(), B: await freePort() };
      const procs: Record<string, ServerProcess> = {};
      for (const k of ['P', 'A', 'B'] as const) {
        const dir = path.join(root, k);
        fs.cpSync(path.join(root, 'seed'), dir, { recursive: true });
        procs[k] = startServer({ PORT: String(ports[k]), DATA_DIR: dir, DEMO_PASSWORD: PASSWORD, WORKER_INTERVAL_MS: '200' });
        running.push(procs[k]!);
      }
      await Promise.all((['P', 'A', 'B'] as const).map((k) => waitHealthy(ports[k], procs[k]!, 180_000)));

      const nat: Record<string, string> = {};
      const ids: Record<string, { name: string; publicKey: string; keyId: string }> = {};
      const names = { P: 'Aduan Provinsi Bali', A: 'Aduan Buleleng', B: 'Aduan Bangli' };
      for (const k of ['P', 'A', 'B'] as const) {
        nat[k] = await login(ports[k], 'admin.nasional');
        expect((await api(ports[k], 'PUT', '/api/v1/federation/identity', { token: nat[k], body: { name: names[k] } })).status).toBe(200);
        ids[k] = (await api(ports[k], 'GET', '/api/v1/federation/identity')).json;
      }
      const register = async (at: 'P' | 'A' | 'B', peer: 'P' | 'A' | 'B', extra: Record<string, unknown>) => {
        const r = await api(ports[at], 'POST', '/api/v1/federation/peers', { token: nat[at], body: { name: ids[peer]!.name, baseUrl: `http://127.0.0.1:${ports[peer]}`, publicKey: ids[peer]!.publicKey, organisations: [], ...extra } });
        expect(r.status, r.text).toBe(201);
      };
      await register('A', 'B', { organisations: [{ code: '51.08.dinkes', name: 'Dinas Kesehatan' }] });
      await register('B', 'A', {});
      await register('A', 'P', { mayReceive: false, maySend: false, maySubscribe: true });
      await register('B', 'P', { mayReceive: false, maySend: false, maySubscribe: true });
      await register('P', 'A', { mayReceive: false, maySend: false, subscribe: true });
      await register('P', 'B', { mayReceive: false, maySend: false, subscribe: true });

      // A files and forwards through the ordinary action.
      const adminA = await login(ports.A, 'admin.buleleng');
      const marker = `Provuji${Date.now().toString(36)}`;
      const filed = await api(ports.A, 'POST', '/api/v1/complaints', {
        body: { type: 'pengaduan', title: `Antrean puskesmas ${marker}`, body: `Antrean obat sangat panjang ${marker}.`, location: { regionCode: '51.08' }, reporter: { name: 'Ketut Pelapor', phone: '081377771234' } },
      });
      expect(filed.status, filed.text).toBe(201);
      const tn = filed.json.trackingNumber as string;
      const code = filed.json.accessCode as string;
      expect((await api(ports.A, 'POST', `/api/v1/complaints/${tn}/actions/verify`, { token: adminA, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
      const fwd = await api(ports.A, 'POST', `/api/v1/complaints/${tn}/actions/forward`, { token: adminA, body: { organisationCode: '51.08.dinkes', note: 'Kewenangan dinas kesehatan' } });
      expect(fwd.status, fwd.text).toBe(200);
      const twice = await api(ports.A, 'POST', `/api/v1/complaints/${tn}/actions/forward`, { token: adminA, body: { organisationCode: '51.08.dinkes' } });
      expect(twice.status).toBe(409);

      const timelineA = async () => JSON.stringify((await api(ports.A, 'GET', `/api/v1/complaints/${tn}/timeline?accessCode=${code}`)).json);
      const remote = await waitFor('the remote tracking number', async () => /dengan nomor ([A-Z0-9]{8,12})/.exec(await timelineA())?.[1], 60_000);

      // B answers; A's reporter sees it where they filed.
      const adminB = await login(ports.B, 'admin.buleleng');
      const dinkesB = await login(ports.B, 'dinkes.buleleng');
      const atB = await api(ports.B, 'GET', `/api/v1/complaints/${remote}`, { token: adminB });
      expect(atB.status).toBe(200);
      expect(atB.text).not.toContain('081377771234');
      expect((await api(ports.B, 'POST', `/api/v1/complaints/${remote}/actions/verify`, { token: adminB, body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);
      const answer = `Loket apotek ditambah ${marker}`;
      expect((await api(ports.B, 'POST', `/api/v1/complaints/${remote}/actions/respond`, { token: dinkesB, body: { message: answer } })).status).toBe(200);
      await waitFor('the answer at the origin', async () => (await api(ports.A, 'GET', `/api/v1/complaints/${tn}?accessCode=${code}`)).json.status === 'responded', 60_000);
      expect(await timelineA()).toContain(answer);

      // The reporter replies at A; B sees the reply, once.
      const replyText = `Apotek masih tutup jam dua ${marker}`;
      const reply = await api(ports.A, 'POST', `/api/v1/complaints/${tn}/actions/reply`, { body: { accessCode: code, message: replyText } });
      expect(reply.status, reply.text).toBe(200);
      const timelineB = async () => JSON.stringify((await api(ports.B, 'GET', `/api/v1/complaints/${remote}/timeline`, { token: adminB })).json);
      await waitFor('the reply at the receiver', async () => (await timelineB()).includes(replyText), 60_000);
      expect((await timelineB()).split(replyText).length - 1).toBe(1);

      // Forged and unsigned requests to B's inbox are refused.
      const forger = { ...generateKeyPair(), keyId: ids.A!.keyId };
      const body = JSON.stringify({ eventId: 'forged-1', originTrackingNumber: tn, action: 'reply', message: 'palsu', score: null, at: new Date().toISOString() });
      const forged = await api(ports.B, 'POST', '/api/v1/federation/inbox/reporter-steps', { raw: body, headers: signRequest(forger, 'POST', '/api/v1/federation/inbox/reporter-steps', body, new Date()) });
      expect(forged.status).toBe(401);
      expect(forged.json.error.code).toBe('bad_signature');
      expect((await api(ports.B, 'GET', '/api/v1/federation/inbox/summary')).status).toBe(401);

      // The shared view: only this test adds complaints now (the seeding stopped in the seed process).
      const shared = async () => {
        const r = await api(ports.P, 'POST', '/api/v1/federation/shared/refresh', { token: nat.P });
        expect(r.status, r.text).toBe(200);
        return r;
      };
      const first = await shared();
      expect(first.json.items.map((i: any) => i.peer.name)).toEqual(['Aduan Buleleng', 'Aduan Bangli']);
      expect(first.json.items.every((i: any) => i.summary && i.lastError === null)).toBe(true);
      const today = new Date().toISOString().slice(0, 10);
      const a0 = first.json.items[0].summary;
      expect(a0.forwardedOut).toBeGreaterThanOrEqual(1);
      const pub = await api(ports.A, 'POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: `Jalan berlubang ${marker}`, body: 'Lubang besar di jalan desa.', location: { regionCode: '51.08' }, reporter: { name: 'Luh Saksi', phone: '081366665555' } } });
      const conf = await api(ports.A, 'POST', '/api/v1/complaints', { body: { type: 'pengaduan', title: `Pungutan liar ${marker}`, body: 'Petugas meminta uang.', confidential: true, location: { regionCode: '51.08' }, reporter: { name: 'Luh Saksi', phone: '081366665555' } } });
      expect([pub.status, conf.status]).toEqual([201, 201]);
      const second = await shared();
      const a1 = second.json.items[0].summary;
      expect(a1.total).toBe(a0.total + 1);
      expect(a1.byStatus.submitted).toBe(a0.byStatus.submitted + 1);
      const day = (s: any) => s.byDay.find((d: any) => d.date === today)?.total ?? 0;
      expect(day(a1)).toBe(day(a0) + 1);
      expect(second.json.total.total).toBe(a1.total + second.json.items[1].summary.total);
      // Nothing personal and no complaint text or number in anything P received.
      const everything = JSON.stringify([first.json, second.json, (await api(ports.P, 'GET', '/api/v1/federation/shared/summary', { token: nat.P })).json]);
      for (const x of ['Ketut', '081377771234', 'Luh Saksi', '081366665555', marker, tn, remote, pub.json.trackingNumber, conf.json.trackingNumber]) expect(everything).not.toContain(x);

      for (const k of ['P', 'A', 'B'] as const) procs[k]!.child.kill('SIGTERM');
      await Promise.all(Object.values(procs).map((p) => p.exited));
    });
  });
