// Webhooks (both engines): registration by an organisation's admins, delivery from the outbox to a
// real HTTP receiver on loopback, signatures, retries with backoff, the 24-hour give-up, order per
// complaint, event-id dedup, and the delivery log. The worker and the delivery function are driven
// directly with the test clock.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { createWorker } from '../../server/jobs/worker';
import { dispatchOutbox, type OutboxEvent } from '../../server/jobs/outbox';
import { deliverDueWebhooks, enqueueWebhookDeliveries, verifySignature, webhookHandlers, webhookWorker, WEBHOOK_HANDLER_KEY } from '../../server/modules/webhooks/deliver';

let t: TestApp;
const tok: Record<string, string> = {};
const REPORTER = { name: 'Gede Pratama', phone: '081311112222' };

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
}
const received: Received[] = [];
/** Status to answer per path: a queue (first items first, the last one repeats) or a function of the event type. */
const behaviour: Record<string, number[] | ((event: string) => number)> = {};
let server: http.Server;
let base = '';

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const path = req.url ?? '';
      if (path === '/hang') return; // never answers: the sender's timeout ends it
      const b = behaviour[path] ?? [200];
      const status = typeof b === 'function' ? b(String(req.headers['x-aduan-event'])) : b.length > 1 ? b.shift()! : b[0]!;
      received.push({ path, headers: req.headers, body, status });
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : `receiver error ${status} ${'x'.repeat(2000)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  t = await testApp({ now: '2026-07-06T02:00:00Z' });
  for (const u of ['admin.buleleng', 'admin.badung', 'pupr.buleleng', 'admin.nasional']) tok[u] = await t.login(u);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const register = (by: string, body: Record<string, unknown>) => t.call('POST', '/api/v1/webhooks', { token: tok[by], body });
const dispatch = () => dispatchOutbox(t.db, { ...webhookHandlers }, t.clock.now());
const deliver = (timeoutMs = 2000) => deliverDueWebhooks(t.db, t.clock, fetch, { timeoutMs });
const deliveries = async (id: number) => (await t.call('GET', `/api/v1/webhooks/${id}/deliveries`, { token: tok['admin.buleleng'] })).json.items;
const unix = () => Math.floor(t.clock.now().getTime() / 1000);

async function fileAndVerify(to = '51.08.pupr'): Promise<string> {
  const r = await t.call('POST', '/api/v1/complaints', {
    body: { type: 'pengaduan', title: 'Trotoar rusak parah', body: 'Trotoar di depan kantor pos ambles.', location: { regionCode: '51.08' }, anonymous: false, confidential: false, reporter: REPORTER },
  });
  expect(r.status).toBe(201);
  expect((await t.call('POST', `/api/v1/complaints/${r.json.trackingNumber}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: to } })).status).toBe(200);
  return r.json.trackingNumber;
}

let hookA: { id: number; secret: string };
let hookB: { id: number; secret: string };

describe('registering webhooks', () => {
  it('an admin registers one for its organisation; the secret is shown once', async () => {
    const r = await register('admin.buleleng', { organisationCode: '51.08', url: `${base}/a`, events: ['complaint.*'], description: 'Sistem aduan kabupaten' });
    expect(r.status, r.text).toBe(201);
    expect(r.json.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(r.json).toMatchObject({ organisation: { code: '51.08' }, url: `${base}/a`, events: ['complaint.*'] });
    hookA = r.json;
    const b = await register('admin.buleleng', { organisationCode: '51.08.pupr', url: `${base}/b`, events: ['complaint.accept', 'complaint.respond'] });
    expect(b.status).toBe(201);
    hookB = b.json;
    const list = await t.call('GET', '/api/v1/webhooks', { token: tok['admin.buleleng'] });
    expect(list.json.items.map((w: { id: number }) => w.id)).toEqual([hookB.id, hookA.id]);
    expect(list.text).not.toContain(hookA.secret);
  });

  it('refuses bad URLs and event types, other organisations, non-admins and keys — storing nothing', async () => {
    const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM webhooks')).rows[0]!.n;
    const before = await count();
    const bad: [Record<string, unknown>, string][] = [
      [{ organisationCode: '51.08', url: 'ftp://example.org/x', events: ['complaint.*'] }, 'url'],
      [{ organisationCode: '51.08', url: 'https://user:pw@example.org/x', events: ['complaint.*'] }, 'url'],
      [{ organisationCode: '51.08', url: 'not a url at all', events: ['complaint.*'] }, 'url'],
      [{ organisationCode: '51.08', url: 'https://example.org/x', events: ['complaint.deleted'] }, 'events'],
      [{ organisationCode: '51.08', url: 'https://example.org/x', events: [] }, 'events'],
      [{ organisationCode: '99.99', url: 'https://example.org/x', events: ['complaint.*'] }, 'organisationCode'],
    ];
    for (const [body, field] of bad) {
      const r = await register('admin.buleleng', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.json.error.fields)).toContain(field);
    }
    expect((await register('admin.badung', { organisationCode: '51.08', url: 'https://example.org/x', events: ['complaint.*'] })).status).toBe(403);
    expect((await register('pupr.buleleng', { organisationCode: '51.08.pupr', url: 'https://example.org/x', events: ['complaint.*'] })).status).toBe(403);
    const key = (await t.call('POST', '/api/v1/api-keys', { token: tok['admin.buleleng'], body: { name: 'k', scopes: ['read'], organisationCode: '51.08' } })).json.key;
    expect((await t.call('POST', '/api/v1/webhooks', { headers: { 'x-api-key': key }, body: { organisationCode: '51.08', url: 'https://example.org/x', events: ['complaint.*'] } })).status).toBe(403);
    expect((await t.call('GET', `/api/v1/webhooks/${hookA.id}/deliveries`, { token: tok['admin.badung'] })).status).toBe(404);
    expect((await t.call('DELETE', `/api/v1/webhooks/${hookA.id}`, { token: tok['admin.badung'] })).status).toBe(404);
    expect(await count()).toBe(before);
  });
});

describe('delivering', () => {
  let trk: string;

  it('signs each delivery; a first 500 is retried later with the same event id and body, and the next event waits for it', async () => {
    behaviour['/a'] = [500, 200];
    trk = await fileAndVerify();
    expect((await dispatch()).processed).toBe(2);
    const log = await deliveries(hookA.id);
    expect(log.map((d: { eventType: string; status: string }) => [d.eventType, d.status])).toEqual([
      ['complaint.verify', 'pending'],
      ['complaint.submitted', 'pending'],
    ]);

    expect(await deliver()).toEqual({ delivered: 0, failed: 1, gaveUp: 0 });
    expect(received.map((r) => [r.path, r.headers['x-aduan-event']])).toEqual([['/a', 'complaint.submitted']]);
    const [failed, waiting] = [(await deliveries(hookA.id))[1], (await deliveries(hookA.id))[0]];
    expect(failed).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, lastError: 'HTTP 500' });
    expect(failed.lastResponse).toMatch(/^receiver error 500/);
    expect(failed.lastResponse.length).toBeLessThanOrEqual(500);
    expect(failed.nextAttemptAt).toBe('2026-07-06T02:00:30.000Z');
    expect(waiting).toMatchObject({ status: 'pending', attempts: 0, lastStatusCode: null });

    // Not yet due: nothing is sent.
    t.clock.advance(10_000);
    expect(await deliver()).toEqual({ delivered: 0, failed: 0, gaveUp: 0 });
    t.clock.advance(20_000);
    expect(await deliver()).toEqual({ delivered: 2, failed: 0, gaveUp: 0 });
    expect(received.map((r) => r.headers['x-aduan-event'])).toEqual(['complaint.submitted', 'complaint.submitted', 'complaint.verify']);
    const [first, retry, next] = received;
    expect(retry!.headers['x-aduan-event-id']).toBe(first!.headers['x-aduan-event-id']);
    expect(retry!.body).toBe(first!.body);
    expect(next!.headers['x-aduan-event-id']).not.toBe(first!.headers['x-aduan-event-id']);
    // The event id is the outbox event's, so a receiver can dedup on it.
    const outboxIds = (await t.db.query<{ event_id: string }>(`SELECT event_id FROM outbox WHERE aggregate_id = (SELECT id FROM complaints WHERE tracking_number = $1) ORDER BY id`, [trk])).rows.map((r) => r.event_id);
    expect([first!.headers['x-aduan-event-id'], next!.headers['x-aduan-event-id']]).toEqual(outboxIds);
    // Signatures verify with the secret, and only with it and this body.
    for (const r of received) {
      const sig = String(r.headers['x-aduan-signature']);
      expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
      expect(verifySignature(hookA.secret, r.body, sig, unix())).toBe(true);
      expect(verifySignature(hookB.secret, r.body, sig, unix())).toBe(false);
      expect(verifySignature(hookA.secret, `${r.body} `, sig, unix())).toBe(false);
      expect(verifySignature(hookA.secret, r.body, sig, unix() + 3600)).toBe(false);
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    const body = JSON.parse(next!.body);
    expect(body).toMatchObject({
      id: next!.headers['x-aduan-event-id'],
      type: 'complaint.verify',
      webhookId: hookA.id,
      data: { complaint: { trackingNumber: trk, status: 'disposed', open311Status: 'open', government: '51.08', organisation: '51.08.pupr' }, change: { action: 'verify', from: 'submitted', to: 'disposed' } },
    });
    // Thin and private: no text of the complaint, nothing about the reporter.
    for (const r of received) {
      expect(r.body).not.toContain(REPORTER.name);
      expect(r.body).not.toContain(REPORTER.phone);
      expect(r.body).not.toContain('Trotoar');
    }
    const log2 = await deliveries(hookA.id);
    expect(log2.map((d: { status: string; attempts: number; lastStatusCode: number }) => [d.status, d.attempts, d.lastStatusCode])).toEqual([
      ['delivered', 1, 200],
      ['delivered', 2, 200],
    ]);
    // The unit's webhook asked only for accept and respond: nothing so far.
    expect(await deliveries(hookB.id)).toEqual([]);
  });

  it('gives up after 24 hours of failures; then the complaint’s next event goes out', async () => {
    received.length = 0;
    behaviour['/b'] = (event) => (event === 'complaint.accept' ? 503 : 200);
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/accept`, { token: tok['pupr.buleleng'], body: {} })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/respond`, { token: tok['pupr.buleleng'], body: { message: 'Sudah diperbaiki.' } })).status).toBe(200);
    await dispatch();
    const start = t.clock.now().getTime();
    let gaveUp = 0;
    while (t.clock.now().getTime() - start <= 25 * 3_600_000) {
      gaveUp += (await deliver()).gaveUp;
      t.clock.advance(15 * 60_000);
    }
    expect(gaveUp).toBe(1);
    const log = await deliveries(hookB.id);
    const accept = log.find((d: { eventType: string }) => d.eventType === 'complaint.accept');
    const respond = log.find((d: { eventType: string }) => d.eventType === 'complaint.respond');
    expect(accept).toMatchObject({ status: 'failed', lastStatusCode: 503, nextAttemptAt: null });
    // 30 s, 1, 2, 4, 8, 16, 32 min, then hourly until the 24th hour, plus the last try at the deadline.
    expect(accept.attempts).toBeGreaterThanOrEqual(20);
    expect(accept.attempts).toBeLessThanOrEqual(35);
    expect(respond).toMatchObject({ status: 'delivered', attempts: 1 });
    const toB = received.filter((r) => r.path === '/b').map((r) => r.headers['x-aduan-event']);
    expect(toB.at(-1)).toBe('complaint.respond');
    expect(toB.slice(0, -1).every((e) => e === 'complaint.accept')).toBe(true);
    // The regency's webhook (all events) got both at once.
    expect(received.filter((r) => r.path === '/a').map((r) => r.headers['x-aduan-event'])).toEqual(['complaint.accept', 'complaint.respond']);
  });

  it('an event is not enqueued before an earlier one of its complaint', async () => {
    const r = await t.call('POST', '/api/v1/complaints', {
      body: { type: 'pengaduan', title: 'Lampu', body: 'Lampu jalan mati.', location: { regionCode: '51.08' }, anonymous: false, confidential: false, reporter: REPORTER },
    });
    await t.call('POST', `/api/v1/complaints/${r.json.trackingNumber}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr' } });
    const rows = (
      await t.db.query<{ id: number; event_id: string; type: string; aggregate_id: number; payload: Record<string, unknown>; created_at: Date }>(
        `SELECT id, event_id, type, aggregate_id, payload, created_at FROM outbox WHERE aggregate_id = (SELECT id FROM complaints WHERE tracking_number = $1) ORDER BY id`,
        [r.json.trackingNumber],
      )
    ).rows;
    const ev = (row: (typeof rows)[number]): OutboxEvent => ({ id: row.id, eventId: row.event_id, type: row.type, aggregateId: row.aggregate_id, payload: row.payload, createdAt: new Date(row.created_at), attempts: 0 });
    await expect(t.db.tx((q) => enqueueWebhookDeliveries(q, ev(rows[1]!)))).rejects.toThrow(/earlier event/);
    // Once the first is handed over (handled by this handler), the second may follow.
    await t.db.tx(async (q) => {
      await enqueueWebhookDeliveries(q, ev(rows[0]!));
      await q.query('INSERT INTO outbox_deliveries (event_id, handler, delivered_at) VALUES ($1, $2, now())', [rows[0]!.event_id, WEBHOOK_HANDLER_KEY]);
      await enqueueWebhookDeliveries(q, ev(rows[1]!));
    });
    const n = await t.db.query(`SELECT 1 FROM webhook_deliveries WHERE event_id = ANY($1::uuid[])`, [rows.map((x) => x.event_id)]);
    expect(n.rows).toHaveLength(2);
    await dispatch();
    await deliver();
  });

  it('through the worker: its handler enqueues and its task sends; a timeout is recorded as a failed attempt', async () => {
    const w = createWorker({ db: t.db, clock: t.clock, purgeIntervalMs: 0 });
    w.register(webhookWorker({ timeoutMs: 300 }));
    const slow = await register('admin.buleleng', { organisationCode: '51.08', url: `${base}/hang`, events: ['complaint.submitted'] });
    const before = received.length;
    behaviour['/a'] = [200];
    await fileAndVerify();
    const pass = await w.runOnce();
    expect(pass.tasks.webhooks).toBe(3);
    expect(received.slice(before).map((r) => [r.path, r.headers['x-aduan-event']])).toEqual([
      ['/a', 'complaint.submitted'],
      ['/a', 'complaint.verify'],
    ]);
    const [hung] = (await t.call('GET', `/api/v1/webhooks/${slow.json.id}/deliveries`, { token: tok['admin.buleleng'] })).json.items;
    expect(hung).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: null, lastError: 'timed out after 300 ms' });
    // Deleting the webhook ends its pending deliveries; it gets nothing more.
    expect((await t.call('DELETE', `/api/v1/webhooks/${slow.json.id}`, { token: tok['admin.buleleng'] })).status).toBe(204);
    const [ended] = (await t.db.query<{ status: string; last_error: string }>('SELECT status, last_error FROM webhook_deliveries WHERE webhook_id = $1', [slow.json.id])).rows;
    expect(ended).toEqual({ status: 'failed', last_error: 'webhook deleted' });
    expect((await t.call('GET', '/api/v1/webhooks', { token: tok['admin.buleleng'] })).json.items.map((x: { id: number }) => x.id)).not.toContain(slow.json.id);
    await fileAndVerify();
    await w.runOnce();
    expect((await t.db.query('SELECT 1 FROM webhook_deliveries WHERE webhook_id = $1', [slow.json.id])).rows).toHaveLength(1);
  });
});
