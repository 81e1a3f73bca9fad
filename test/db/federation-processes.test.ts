// Federation between two real server processes on loopback (PGlite, each with its own DATA_DIR):
// forward, respond remotely, see the result at the origin; the receiver is killed with SIGKILL
// and restarted on the way — nothing is lost and nothing is filed or applied twice.
import { api, freePort, loginAt, waitFor } from '../support/process';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE, testDb } from '../support/db';
import { identity } from '../../server/modules/federation';
import { signRequest, verifyRequest } from '../../server/modules/federation/signing';

const root = path.resolve(__dirname, '../..');
const PASSWORD = 'rahasia-federasi';

interface Proc {
  child: ReturnType<typeof spawn>;
  out: string[];
  exited: Promise<unknown>;
}
const running = new Set<Proc>();
afterAll(async () => {
  for (const p of running) {
    p.child.kill('SIGTERM');
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 10_000))]);
  }
});

function start(port: number, dataDir: string): Proc {
  const out: string[] = [];
  // node itself with tsx as a loader (not the tsx wrapper): SIGKILL must hit the server, not a parent.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, WORKER_INTERVAL_MS: '200' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => out.push(String(d)));
  child.stderr!.on('data', (d) => out.push(String(d)));
  const p: Proc = { child, out, exited: new Promise((r) => child.on('exit', r)) };
  running.add(p);
  void p.exited.then(() => running.delete(p));
  return p;
}

const healthy = (port: number) => waitFor(`healthz on ${port}`, async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200, 240_000);

const login = (port: number, username: string) => loginAt(port, username, PASSWORD);

describe(`federation identity (${ENGINE})`, () => {
  it('the key pair is generated once, kept in the database, and signs what its public key verifies', async () => {
    const db = await testDb();
    const now = new Date('2026-07-06T02:00:00Z');
    const first = await identity(db, now);
    const again = await identity(db, new Date(now.getTime() + 86_400_000));
    expect(again).toEqual(first);
    const h = signRequest(first, 'POST', '/api/v1/federation/inbox/updates', '{}', now);
    expect(verifyRequest(first.publicKey, 'POST', '/api/v1/federation/inbox/updates', h, '{}', now)).toBeNull();
  });
});

// The real processes run once, on the pglite tier (each process embeds its own PGlite in its DATA_DIR).
if (ENGINE === 'pglite')
  describe('federation between two server processes (pglite)', () => {
    it('forwards, survives a SIGKILL of the receiver, and brings the answer back exactly once', { timeout: 900_000 }, async () => {
      const [pa, pb] = [await freePort(), await freePort()];
      // One process migrates and seeds a data directory and stops; both installations start from a
      // copy (two cold starts at once are slow on a small machine). Each makes its own key pair on
      // first use, so the copies are two installations.
      const seedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-fed-seed-'));
      const ps = await freePort();
      const seed = start(ps, path.join(seedDir, 'data'));
      await healthy(ps);
      seed.child.kill('SIGTERM');
      expect(await seed.exited).toBe(0);
      const dirA = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-fed-a-'));
      const dirB = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-fed-b-'));
      fs.cpSync(path.join(seedDir, 'data'), path.join(dirA, 'data'), { recursive: true });
      fs.cpSync(path.join(seedDir, 'data'), path.join(dirB, 'data'), { recursive: true });
      const a = start(pa, path.join(dirA, 'data'));
      let b = start(pb, path.join(dirB, 'data'));
      await Promise.all([healthy(pa), healthy(pb)]);

      const natA = await login(pa, 'admin.nasional');
      const natB = await login(pb, 'admin.nasional');
      expect((await api(pa, 'PUT', '/api/v1/federation/identity', { token: natA, body: { name: 'Aduan Buleleng' } })).status).toBe(200);
      expect((await api(pb, 'PUT', '/api/v1/federation/identity', { token: natB, body: { name: 'Aduan Bali' } })).status).toBe(200);
      const idA = (await api(pa, 'GET', '/api/v1/federation/identity')).json;
      const idB = (await api(pb, 'GET', '/api/v1/federation/identity')).json;
      const peerB = await api(pa, 'POST', '/api/v1/federation/peers', { token: natA, body: { name: idB.name, baseUrl: `http://127.0.0.1:${pb}`, publicKey: idB.publicKey, organisations: [{ code: '51.08.dinkes', name: 'Dinas Kesehatan' }] } });
      expect(peerB.status, peerB.text).toBe(201);
      const peerA = await api(pb, 'POST', '/api/v1/federation/peers', { token: natB, body: { name: idA.name, baseUrl: `http://127.0.0.1:${pa}`, publicKey: idA.publicKey, organisations: [] } });
      expect(peerA.status, peerA.text).toBe(201);

      // The receiver goes down hard before the complaint is forwarded.
      b.child.kill('SIGKILL');
      await b.exited;

      const adminA = await login(pa, 'admin.buleleng');
      const marker = `Federasiuji${Date.now().toString(36)}`;
      const filed = await api(pa, 'POST', '/api/v1/complaints', {
        body: { type: 'pengaduan', title: `Antrean puskesmas ${marker}`, body: `Antrean obat sangat panjang ${marker}.`, location: { regionCode: '51.08' }, anonymous: true, reporter: { name: 'Wayan Anonim', phone: '081377778888' } },
      });
      expect(filed.status, filed.text).toBe(201);
      const tn = filed.json.trackingNumber as string;
      expect((await api(pa, 'POST', `/api/v1/complaints/${tn}/actions/verify`, { token: adminA, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
      const fwd = await api(pa, 'POST', `/api/v1/federation/complaints/${tn}/forward`, { token: adminA, body: { organisationCode: '51.08.dinkes' } });
      expect(fwd.status, fwd.text).toBe(202);

      // The origin tries, fails (connection refused) and keeps the request.
      await waitFor('a failed attempt', async () => (await api(pa, 'GET', '/api/v1/federation/outbox', { token: adminA })).json.items.find((m: any) => m.attempts >= 1 && m.status === 'pending'), 300_000);

      b = start(pb, path.join(dirB, 'data'));
      await healthy(pb);
      const timelineA = async () => JSON.stringify((await api(pa, 'GET', `/api/v1/complaints/${tn}/timeline`, { token: adminA })).json);
      const remote = await waitFor('the remote tracking number', async () => /dengan nomor ([A-Z0-9]{8,12})/.exec(await timelineA())?.[1], 300_000);

      const adminB = await login(pb, 'admin.buleleng');
      const dinkesB = await login(pb, 'dinkes.buleleng');
      const onB = await api(pb, 'GET', `/api/v1/complaints?q=${marker}`, { token: adminB });
      expect(onB.status).toBe(200);
      expect(onB.json.items).toHaveLength(1);
      const remoteC = await api(pb, 'GET', `/api/v1/complaints/${remote}`, { token: adminB });
      expect(remoteC.status).toBe(200);
      expect(remoteC.text).not.toContain('Wayan');
      expect(remoteC.text).not.toContain('081377778888');

      expect((await api(pb, 'POST', `/api/v1/complaints/${remote}/actions/verify`, { token: adminB, body: { organisationCode: '51.08.dinkes' } })).status).toBe(200);
      const answer = `Apotek puskesmas menambah loket ${marker}`;
      expect((await api(pb, 'POST', `/api/v1/complaints/${remote}/actions/respond`, { token: dinkesB, body: { message: answer } })).status).toBe(200);
      // Killed right after the answer committed: whether or not the update left, it is in B's database.
      b.child.kill('SIGKILL');
      await b.exited;
      b = start(pb, path.join(dirB, 'data'));
      await healthy(pb);

      await waitFor('the answer at the origin', async () => (await api(pa, 'GET', `/api/v1/complaints/${tn}`, { token: adminA })).json.status === 'responded', 300_000);
      const tl = (await api(pa, 'GET', `/api/v1/complaints/${tn}/timeline`, { token: adminA })).json;
      const text = JSON.stringify(tl);
      expect(text.split(answer).length - 1).toBe(1);
      expect(text.split('dengan nomor').length - 1).toBe(1);
      // Nothing duplicated on the receiver either.
      const adminB2 = await login(pb, 'admin.buleleng');
      expect((await api(pb, 'GET', `/api/v1/complaints?q=${marker}`, { token: adminB2 })).json.items).toHaveLength(1);
      const outB = (await api(pb, 'GET', '/api/v1/federation/outbox', { token: adminB2 })).json.items;
      expect(outB.every((m: any) => m.status === 'sent')).toBe(true);
      expect(outB).toHaveLength(2);
      a.child.kill('SIGTERM');
      b.child.kill('SIGTERM');
      await Promise.all([a.exited, b.exited]);
    });
  });
