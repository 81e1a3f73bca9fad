// Crash safety of intake: a driver files complaints continuously (guest JSON with an Idempotency-Key
// each, every 5th multipart with a small JPEG) while the real server process is killed with SIGKILL
// five times at random moments and restarted on the same data. A request that fails with a
// connection error is retried with the same key after the restart. At the end every acknowledged
// tracking number exists exactly once, every retry answered the same number, nothing extra was
// stored, attachments are on disk with their size, and every complaint has exactly one
// 'complaint.submitted' outbox event.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../server/db/client';
import { ENGINE } from '../support/db';
import { freePort, freshDatabase, startServer, waitHealthy } from '../support/process';

const TITLE_PREFIX = 'crash-test ';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
});

async function freshDatabaseUrl(): Promise<string | undefined> {
  const fresh = await freshDatabase('c');
  if (fresh) cleanups.push(fresh.drop);
  return fresh?.url;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Attempt {
  key: string;
  multipart: boolean;
  /** Every answer the server gave for this key (retries included). */
  answers: { status: number; trackingNumber?: string; body: string }[];
  /** Connection errors before an answer: the request may or may not have committed. */
  connectionErrors: number;
  jpegBytes?: number;
}

describe(`crash safety of intake (${ENGINE})`, () => {
  it('SIGKILL at random moments loses no acknowledged complaint and duplicates none', async () => {
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-crash-'));
    cleanups.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
    const dataDir = path.join(dir, 'data');
    const databaseUrl = await freshDatabaseUrl();
    // Demo data gives the organisations a guest files to; the worker stays out so that the outbox is
    // exactly what intake wrote.
    const env: Record<string, string> = { PORT: String(port), DATA_DIR: dataDir, SEED_DEMO: '1', DEMO_PASSWORD: 'rahasia-demo', WORKER_IN_PROCESS: 'false' };
    if (databaseUrl) env.DATABASE_URL = databaseUrl;
    else delete process.env.DATABASE_URL;

    let server = startServer(env);
    cleanups.push(async () => {
      server.child.kill('SIGKILL');
    });
    await waitHealthy(port, server, 60_000);

    const attempts: Attempt[] = [];
    let stop = false;
    let seq = 0;
    const base = `http://127.0.0.1:${port}/api/v1/complaints`;

    async function send(a: Attempt, body: Record<string, unknown>, jpeg?: Buffer): Promise<void> {
      for (;;) {
        try {
          let res: Response;
          if (jpeg) {
            const form = new FormData();
            form.append('data', JSON.stringify(body));
            form.append('attachments', new Blob([jpeg], { type: 'image/jpeg' }), 'foto.jpg');
            res = await fetch(base, { method: 'POST', headers: { 'idempotency-key': a.key }, body: form, signal: AbortSignal.timeout(30_000) });
          } else {
            res = await fetch(base, {
              method: 'POST',
              headers: { 'idempotency-key': a.key, 'content-type': 'application/json' },
              body: JSON.stringify(body),
              signal: AbortSignal.timeout(30_000),
            });
          }
          const text = await res.text();
          let tn: string | undefined;
          try {
            tn = JSON.parse(text).trackingNumber;
          } catch {}
          a.answers.push({ status: res.status, trackingNumber: tn, body: text.slice(0, 500) });
          // A 5xx (e.g. the database went away under a request) is retried like a lost connection.
          if (res.status < 500) return;
        } catch {
          a.connectionErrors++;
        }
        await sleep(200);
      }
    }

    async function lane(): Promise<void> {
      while (!stop) {
        const n = seq++;
        const key = `crash-${crypto.randomUUID()}`;
        const body = {
          type: 'pengaduan',
          title: `${TITLE_PREFIX}${key}`,
          body: `Laporan nomor ${n} dari uji ketahanan.`,
          organisationCode: '51.08.pupr',
          reporter: { name: 'Uji Crash', phone: '081234567890' },
        };
        const a: Attempt = { key, multipart: n % 5 === 4, answers: [], connectionErrors: 0 };
        attempts.push(a);
        let jpeg: Buffer | undefined;
        if (a.multipart) {
          jpeg = await sharp({ create: { width: 24, height: 16, channels: 3, background: { r: n % 256, g: (n * 7) % 256, b: (n * 13) % 256 } } }).jpeg().toBuffer();
          a.jpegBytes = jpeg.length;
        }
        await send(a, body, jpeg);
      }
    }

    const lanes = [lane(), lane(), lane()];
    for (let kill = 0; kill < 5; kill++) {
      await sleep(1000 + Math.random() * 2500);
      server.child.kill('SIGKILL');
      await server.exited;
      server = startServer(env);
      await waitHealthy(port, server, 60_000);
    }
    await sleep(1500);
    stop = true;
    await Promise.all(lanes);

    // Stop the server cleanly and read the data directly (PGlite: one process at a time).
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    const db: Db = databaseUrl ? await openPostgres(databaseUrl, 2) : await openPglite(path.join(dataDir, 'pglite'));
    try {
      expect(attempts.length).toBeGreaterThan(10);
      expect(attempts.some((a) => a.connectionErrors > 0)).toBe(true);
      // Every key ends acknowledged, and every answer for one key names the same complaint.
      for (const a of attempts) {
        const last = a.answers.at(-1);
        expect(last?.status, `${a.key}: ${JSON.stringify(a.answers)}`).toBe(201);
        const numbers = new Set(a.answers.filter((x) => x.status === 201).map((x) => x.trackingNumber));
        expect(numbers.size, `${a.key}: ${JSON.stringify(a.answers)}`).toBe(1);
      }
      const rows = (
        await db.query<{ tracking_number: string; title: string; id: number }>(`SELECT id, tracking_number, title FROM complaints WHERE title LIKE $1`, [`${TITLE_PREFIX}%`])
      ).rows;
      // Nothing extra: one complaint per key, and it is the acknowledged one.
      expect(rows.length).toBe(attempts.length);
      const byTitle = new Map(rows.map((r) => [r.title, r]));
      expect(byTitle.size).toBe(rows.length);
      for (const a of attempts) {
        const row = byTitle.get(`${TITLE_PREFIX}${a.key}`);
        expect(row?.tracking_number, a.key).toBe(a.answers.at(-1)!.trackingNumber);
      }
      // Attachments of the multipart complaints are on disk with their recorded size.
      const atts = (
        await db.query<{ title: string; storage_key: string; size: number }>(
          `SELECT c.title, a.storage_key, a.size FROM attachments a JOIN complaints c ON c.id = a.complaint_id WHERE c.title LIKE $1`,
          [`${TITLE_PREFIX}%`],
        )
      ).rows;
      expect(atts.length).toBe(attempts.filter((a) => a.multipart).length);
      for (const att of atts) {
        const file = path.join(dataDir, 'attachments', att.storage_key);
        expect(fs.existsSync(file), file).toBe(true);
        expect(fs.statSync(file).size).toBe(att.size);
      }
      // The outbox: exactly one 'complaint.submitted' per complaint.
      const events = (
        await db.query<{ id: number; n: number }>(
          `SELECT c.id, (SELECT count(*)::int FROM outbox o WHERE o.type = 'complaint.submitted' AND o.aggregate_id = c.id) AS n
             FROM complaints c WHERE c.title LIKE $1`,
          [`${TITLE_PREFIX}%`],
        )
      ).rows;
      expect(events.filter((e) => e.n !== 1)).toEqual([]);
      const timeline = (
        await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM complaint_events e JOIN complaints c ON c.id = e.complaint_id WHERE c.title LIKE $1 AND e.action = 'submit'`,
          [`${TITLE_PREFIX}%`],
        )
      ).rows[0]!.n;
      expect(timeline).toBe(attempts.length);
    } finally {
      await db.close();
    }
  }, 240_000);
});
