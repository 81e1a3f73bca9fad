// Bad input to the complaint endpoints: lifecycle steps from the wrong status, missing reasons,
// oversized and malformed text, unknown codes, idempotent retries, and hostile uploads. Whatever
// is refused leaves nothing behind: no complaint row, no attachment row, no file.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { createOrganisation } from '../../server/modules/organisations';
import { ACTIONS, LIFECYCLE, STATUSES, type Action, type Status } from '../../server/modules/complaints/lifecycle';

let t: TestApp;
let small: TestApp;
let dataDir = '';
let smallDataDir = '';
const tok: Record<string, string> = {};

const count = async (app: TestApp, table: 'complaints' | 'attachments') => (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}
/** Rows in both tables and files on disk, to show that a refused request stored nothing. */
async function footprint(app: TestApp, dir: string) {
  return { complaints: await count(app, 'complaints'), attachments: await count(app, 'attachments'), files: filesUnder(path.join(dir, 'attachments')).length };
}

const GUEST_REPORTER = { name: 'Putu Pelapor', phone: '081234567890' };
const valid = (over: Record<string, unknown> = {}) => ({ type: 'pengaduan', title: 'Jalan berlubang', body: 'Jalan di depan pasar berlubang besar.', organisationCode: '51.08.pupr', reporter: GUEST_REPORTER, ...over });

/** For a failure message: what a wrongly accepted complaint was stored as. */
async function storedTitleOr(r: { status: number; text: string; json: any }) {
  if (r.status !== 201) return r.text;
  const row = (await t.db.query<{ title: string }>('SELECT title FROM complaints WHERE tracking_number = $1', [r.json.trackingNumber])).rows[0];
  return `accepted and stored the title as ${JSON.stringify(row?.title)} (${[...(row?.title ?? '')].map((ch) => ch.codePointAt(0)!.toString(16)).join(' ')})`;
}

async function file(body: Record<string, unknown>, opts: { token?: string; headers?: Record<string, string> } = {}) {
  return t.call('POST', '/api/v1/complaints', { body, ...opts });
}

// ---------------------------------------------------------------------------------------------
// Multipart bodies, built by hand.

interface Part {
  name: string;
  data: Buffer | string;
  filename?: string;
  contentType?: string;
}
function multipart(parts: Part[]) {
  const boundary = `----aduan${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const p of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${p.filename ? `; filename="${p.filename}"` : ''}\r\n`;
    if (p.contentType) head += `Content-Type: ${p.contentType}\r\n`;
    chunks.push(Buffer.from(`${head}\r\n`), Buffer.isBuffer(p.data) ? p.data : Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
async function postMultipart(app: TestApp, parts: Part[], token?: string) {
  const { payload, headers } = multipart(parts);
  const r = await app.app.inject({ method: 'POST', url: '/api/v1/complaints', payload, headers: { ...headers, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  let json: any;
  try {
    json = r.json();
  } catch {
    json = undefined;
  }
  return { status: r.statusCode, json, text: r.body };
}
const dataPart = (body: unknown): Part => ({ name: 'data', data: JSON.stringify(body) });

/** A small JPEG carrying EXIF with a GPS position and the camera's owner. */
async function jpegWithGps(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 180, g: 90, b: 40 } } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'KameraRahasia', Model: 'HP Pelapor', Artist: 'Putu Pelapor' },
      IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '8/1 6/1 4500/100', GPSLongitudeRef: 'E', GPSLongitude: '115/1 5/1 3000/100' },
    })
    .toBuffer();
}
/** The EXIF GPS-IFD pointer tag (0x8825), little- or big-endian. */
const hasGpsPointer = (exif: Buffer) => exif.includes(Buffer.from([0x25, 0x88])) || exif.includes(Buffer.from([0x88, 0x25]));

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
/** A real (stored, uncompressed) ZIP archive with one text file. */
function zipOf(name: string, content: string): Buffer {
  const data = Buffer.from(content);
  const n = Buffer.from(name);
  const crc = crc32(data);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc, 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(n.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc, 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(n.length, 28);
  const cdOffset = local.length + n.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + n.length, 12);
  end.writeUInt32LE(cdOffset, 16);
  return Buffer.concat([local, n, data, central, n, end]);
}

// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bad-input-'));
  smallDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-bad-input-small-'));
  t = await testApp({ env: { DATA_DIR: dataDir } });
  small = await testApp({ env: { DATA_DIR: smallDataDir, UPLOAD_MAX_BYTES: '2048' } });
  await createOrganisation(t.db, { code: '51.08.pupr.bina-marga', name: 'Bidang Bina Marga', type: 'subunit', parentCode: '51.08.pupr' });
  for (const u of ['warga', 'admin.buleleng', 'pupr.buleleng']) tok[u] = await t.login(u);
  return () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(smallDataDir, { recursive: true, force: true });
  };
}, 60_000);

// ---------------------------------------------------------------------------------------------

describe('every action from every status it is not allowed in → 409 invalid_transition', () => {
  /** One complaint per status, filed by warga in Buleleng and moved there through the API. */
  const inStatus = {} as Record<Status, string>;

  const step = async (who: string, trk: string, action: Action, body: Record<string, unknown> = {}) => {
    const r = await t.call('POST', `/api/v1/complaints/${trk}/actions/${action}`, { token: tok[who], body });
    if (r.status !== 200) throw new Error(`${who} ${action}: ${r.status} ${r.text}`);
  };
  const fresh = async () => {
    const r = await file({ type: 'pengaduan', title: 'Saluran tersumbat', body: 'Air meluap ke jalan.', organisationCode: '51.08.pupr' }, { token: tok.warga });
    expect(r.status).toBe(201);
    return r.json.trackingNumber as string;
  };

  beforeAll(async () => {
    inStatus.submitted = await fresh();
    inStatus.disposed = await fresh();
    await step('admin.buleleng', inStatus.disposed, 'verify', { organisationCode: '51.08.pupr' });
    inStatus.on_hold = await fresh();
    await step('admin.buleleng', inStatus.on_hold, 'verify', { organisationCode: '51.08.pupr' });
    await step('admin.buleleng', inStatus.on_hold, 'hold', { reason: 'Menunggu pelapor' });
    inStatus.archived = await fresh();
    await step('admin.buleleng', inStatus.archived, 'verify', { organisationCode: '51.08.pupr' });
    await step('admin.buleleng', inStatus.archived, 'hold', { reason: 'Menunggu pelapor' });
    await step('admin.buleleng', inStatus.archived, 'archive', { reason: 'Tidak ada tanggapan' });
    inStatus.in_progress = await fresh();
    await step('admin.buleleng', inStatus.in_progress, 'verify', { organisationCode: '51.08.pupr' });
    await step('pupr.buleleng', inStatus.in_progress, 'accept');
    inStatus.returned = await fresh();
    await step('admin.buleleng', inStatus.returned, 'verify', { organisationCode: '51.08.pupr' });
    await step('pupr.buleleng', inStatus.returned, 'accept');
    await step('pupr.buleleng', inStatus.returned, 'return', { reason: 'Bukan kewenangan' });
    inStatus.responded = await fresh();
    await step('admin.buleleng', inStatus.responded, 'verify', { organisationCode: '51.08.pupr' });
    await step('pupr.buleleng', inStatus.responded, 'respond', { message: 'Sudah dibersihkan.' });
    inStatus.closed = await fresh();
    await step('admin.buleleng', inStatus.closed, 'verify', { organisationCode: '51.08.pupr' });
    await step('pupr.buleleng', inStatus.closed, 'respond', { message: 'Sudah dibersihkan.' });
    await step('admin.buleleng', inStatus.closed, 'close');
    inStatus.rejected = await fresh();
    await step('admin.buleleng', inStatus.rejected, 'reject', { reason: 'Tidak jelas' });
    const rows = (await t.db.query<{ tracking_number: string; status: Status }>('SELECT tracking_number, status FROM complaints')).rows;
    for (const s of STATUSES) expect(rows.find((r) => r.tracking_number === inStatus[s])?.status, s).toBe(s);
  });

  /** A party that may take the action (admin.buleleng admins Buleleng, pupr.buleleng handles what PUPR holds, warga filed them). */
  const partyFor = (a: Action) => {
    const by = LIFECYCLE[a].by as readonly string[];
    return by.includes('admin') ? 'admin.buleleng' : by.includes('handler') ? 'pupr.buleleng' : 'warga';
  };
  const body: Record<Action, Record<string, unknown>> = {
    verify: { organisationCode: '51.08.pupr' },
    reject: { reason: 'r' },
    hold: { reason: 'r' },
    resume: {},
    accept: {},
    assign: { organisationCode: '51.08.pupr.bina-marga' },
    return: { reason: 'r' },
    forward: { organisationCode: '51.08.dinkes' },
    respond: { message: 'm' },
    reply: { message: 'm' },
    rate: { score: 3 },
    close: {},
    reopen: { reason: 'r' },
    archive: { reason: 'r' },
    merge: { targetTrackingNumber: 'ABCDEFGH' },
    escalate: {},
    obstacle: { message: 'm' },
  };
  /** No unit holds a complaint before routing, after a return, or once rejected: there is no handler to refuse with 409. */
  const UNHELD: Status[] = ['submitted', 'returned', 'rejected'];
  const handlerOnly = (a: Action) => LIFECYCLE[a].by.every((p) => p === 'handler');

  for (const action of ACTIONS) {
    for (const status of STATUSES) {
      if ((LIFECYCLE[action].from as readonly Status[]).includes(status)) continue;
      if (handlerOnly(action) && UNHELD.includes(status)) {
        it(`${action} from ${status}: no unit holds it, so the former handler is no party (404 unpublished / 403 published)`, async () => {
          const r = await t.call('POST', `/api/v1/complaints/${inStatus[status]}/actions/${action}`, { token: tok['pupr.buleleng'], body: body[action] });
          expect(r.status).toBe(status === 'returned' ? 403 : 404);
        });
        continue;
      }
      it(`${action} from ${status} → 409 invalid_transition`, async () => {
        const r = await t.call('POST', `/api/v1/complaints/${inStatus[status]}/actions/${action}`, { token: tok[partyFor(action)], body: body[action] });
        expect(r.status, r.text).toBe(409);
        expect(r.json.error.code).toBe('invalid_transition');
      });
    }
  }

  it('none of those attempts changed a complaint', async () => {
    const rows = (await t.db.query<{ tracking_number: string; status: Status }>('SELECT tracking_number, status FROM complaints')).rows;
    for (const s of STATUSES) expect(rows.find((r) => r.tracking_number === inStatus[s])?.status, s).toBe(s);
    const events = (await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM complaint_events WHERE action IN ('reply', 'escalate', 'obstacle')`)).rows[0]!.n;
    expect(events).toBe(0);
  });

  describe('required reasons', () => {
    const cases: [Action, Status, string][] = [
      ['return', 'in_progress', 'pupr.buleleng'],
      ['reject', 'submitted', 'admin.buleleng'],
      ['hold', 'disposed', 'admin.buleleng'],
      ['archive', 'on_hold', 'admin.buleleng'],
      ['reopen', 'closed', 'warga'],
    ];
    for (const [action, status, who] of cases) {
      it(`${action} without a reason (absent, empty, blank) → 400 with fields.reason, nothing changes`, async () => {
        for (const b of [{}, { reason: '' }, { reason: '  \n\t ' }]) {
          const r = await t.call('POST', `/api/v1/complaints/${inStatus[status]}/actions/${action}`, { token: tok[who], body: b });
          expect(r.status, JSON.stringify(b)).toBe(400);
          expect(r.json.error.fields).toHaveProperty('reason');
        }
        const row = (await t.db.query<{ status: string }>('SELECT status FROM complaints WHERE tracking_number = $1', [inStatus[status]])).rows[0]!;
        expect(row.status).toBe(status);
      });
    }
    it('other required fields too: verify without organisationCode, respond without message, rate without score', async () => {
      const a = await t.call('POST', `/api/v1/complaints/${inStatus.submitted}/actions/verify`, { token: tok['admin.buleleng'], body: {} });
      expect(a.status).toBe(400);
      expect(a.json.error.fields).toHaveProperty('organisationCode');
      const b = await t.call('POST', `/api/v1/complaints/${inStatus.in_progress}/actions/respond`, { token: tok['pupr.buleleng'], body: { message: ' ' } });
      expect(b.status).toBe(400);
      expect(b.json.error.fields).toHaveProperty('message');
      const c = await t.call('POST', `/api/v1/complaints/${inStatus.responded}/actions/rate`, { token: tok.warga, body: {} });
      expect(c.status).toBe(400);
      expect(c.json.error.fields).toHaveProperty('score');
    });
    it('action bodies refuse unknown fields, out-of-range scores and NUL characters', async () => {
      const unknown = await t.call('POST', `/api/v1/complaints/${inStatus.in_progress}/actions/respond`, { token: tok['pupr.buleleng'], body: { message: 'ok', status: 'closed' } });
      expect(unknown.status).toBe(400);
      expect(unknown.json.error.fields).toHaveProperty('status');
      const score = await t.call('POST', `/api/v1/complaints/${inStatus.responded}/actions/rate`, { token: tok.warga, body: { score: 6 } });
      expect(score.status).toBe(400);
      const nul = await t.call('POST', `/api/v1/complaints/${inStatus.in_progress}/actions/respond`, { token: tok['pupr.buleleng'], body: { message: 'a\u0000b' } });
      expect(nul.status).toBe(400);
      const row = (await t.db.query<{ status: string }>('SELECT status FROM complaints WHERE tracking_number = $1', [inStatus.in_progress])).rows[0]!;
      expect(row.status).toBe('in_progress');
    });
  });
});

// ---------------------------------------------------------------------------------------------

describe('filing: text', () => {
  it('a 50 KB title (or body) → 400 and nothing stored', async () => {
    const before = await footprint(t, dataDir);
    const r = await file(valid({ title: 'J'.repeat(50 * 1024) }));
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty('title');
    const b = await file(valid({ body: 'B'.repeat(50 * 1024) }));
    expect(b.status).toBe(400);
    expect(b.json.error.fields).toHaveProperty('body');
    const m = await postMultipart(t, [dataPart(valid({ title: 'J'.repeat(50 * 1024) }))]);
    expect(m.status).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  const TITLE = '\u200FLampu jalan mati 💡🚧 شارع مظلم · רחוב חשוך 👩🏽‍🔧 cafe\u0301 🇮🇩';
  const BODY = 'Sejak 3 hari 🌑 lampu mati.\nالشارع مظلم تماماً في الليل.\nהרחוב חשוך לגמרי בלילה.\n‮עברית‬ 𠜎 👨‍👩‍👧‍👦 e\u0301 — selesai ✅';

  it('emoji and right-to-left text are stored and returned intact (JSON)', async () => {
    const r = await file(valid({ title: TITLE, body: BODY }));
    expect(r.status, r.text).toBe(201);
    const row = (await t.db.query<{ title: string; body: string }>('SELECT title, body FROM complaints WHERE tracking_number = $1', [r.json.trackingNumber])).rows[0]!;
    expect(row).toEqual({ title: TITLE, body: BODY });
    const view = await t.call('GET', `/api/v1/complaints/${r.json.trackingNumber}?accessCode=${r.json.accessCode}`);
    expect(view.status).toBe(200);
    expect(view.json.title).toBe(TITLE);
    expect(view.json.body).toBe(BODY);
    const list = await t.call('GET', '/api/v1/complaints?limit=100', { token: tok['admin.buleleng'] });
    expect(list.json.items.find((i: { trackingNumber: string }) => i.trackingNumber === r.json.trackingNumber)?.title).toBe(TITLE);
  });

  it('emoji and right-to-left text are stored intact through multipart too', async () => {
    const r = await postMultipart(t, [dataPart(valid({ title: TITLE, body: BODY }))]);
    expect(r.status, r.text).toBe(201);
    const row = (await t.db.query<{ title: string; body: string }>('SELECT title, body FROM complaints WHERE tracking_number = $1', [r.json.trackingNumber])).rows[0]!;
    expect(row).toEqual({ title: TITLE, body: BODY });
  });

  it('a title of 200 emoji fits (lengths count characters, not UTF-16 units); 201 does not', async () => {
    const title = '🚧'.repeat(200);
    const ok = await file(valid({ title }));
    expect(ok.status, ok.text).toBe(201);
    const row = (await t.db.query<{ title: string }>('SELECT title FROM complaints WHERE tracking_number = $1', [ok.json.trackingNumber])).rows[0]!;
    expect(row.title).toBe(title);
    const before = await footprint(t, dataDir);
    expect((await file(valid({ title: `${title}🚧` }))).status).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('a blank title or body → 400 with the field named', async () => {
    const before = await footprint(t, dataDir);
    const a = await file(valid({ title: ' \n\t ' }));
    expect(a.status).toBe(400);
    expect(a.json.error.fields).toHaveProperty('title');
    const b = await file(valid({ body: '   ' }));
    expect(b.status).toBe(400);
    expect(b.json.error.fields).toHaveProperty('body');
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('a lone UTF-16 surrogate (\\ud800 in JSON, not encodable as UTF-8) → 400 rather than a silently replaced character', async () => {
    const before = await footprint(t, dataDir);
    const r = await t.call('POST', '/api/v1/complaints', { body: JSON.stringify(valid()).replace('Jalan berlubang', 'Jalan \\ud800 berlubang') });
    expect(r.status, await storedTitleOr(r)).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('a body that is not valid UTF-8 → 400, nothing stored', async () => {
    const before = await footprint(t, dataDir);
    const json = Buffer.from(JSON.stringify(valid({ title: 'XXtitle' })));
    const at = json.indexOf('XX');
    json[at] = 0xc3;
    json[at + 1] = 0x28;
    const r = await t.app.inject({ method: 'POST', url: '/api/v1/complaints', payload: json, headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().error.code).toBe('bad_request');
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('a multipart data part that is not valid UTF-8 → 400, nothing stored', async () => {
    const before = await footprint(t, dataDir);
    const json = Buffer.from(JSON.stringify(valid({ title: 'XXtitle' })));
    const at = json.indexOf('XX');
    json[at] = 0xc3;
    json[at + 1] = 0x28;
    const r = await postMultipart(t, [{ name: 'data', data: json }]);
    expect(r.status, await storedTitleOr(r)).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('a NUL character → 400 (escaped or raw), nothing stored', async () => {
    const before = await footprint(t, dataDir);
    const escaped = await file(valid({ title: 'Jalan\u0000rusak' }));
    expect(escaped.status).toBe(400);
    const inBody = await file(valid({ body: 'a\u0000' }));
    expect(inBody.status).toBe(400);
    const raw = await t.call('POST', '/api/v1/complaints', { body: JSON.stringify(valid()).replace('Jalan berlubang', 'Jalan\u0000berlubang') });
    expect(raw.status).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('a NUL character in the multipart data part → 400, nothing stored', async () => {
    const before = await footprint(t, dataDir);
    const r = await postMultipart(t, [dataPart(valid({ title: 'Jalan\u0000rusak' }))]);
    expect(r.status, r.text).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });
});

describe('filing: fields', () => {
  const refused: [string, Record<string, unknown>, string][] = [
    ['an unknown top-level field', valid({ priority: 'urgent' }), 'priority'],
    ['an unknown field in location', valid({ location: { regionCode: '51.08', floor: 2 } }), 'location.floor'],
    ['an unknown field in reporter', valid({ reporter: { ...GUEST_REPORTER, nik: '5108010101010001' } }), 'reporter.nik'],
    ['a status set by the client', valid({ status: 'closed' }), 'status'],
    ['a guest without reporter', valid({ reporter: undefined }), 'reporter.name'],
    ['a guest with a name but no phone or email', valid({ reporter: { name: 'Putu' } }), 'reporter.phone'],
    ['lat without lng', valid({ location: { lat: -8.11 } }), 'location.lat'],
    ['lng without lat', valid({ location: { lng: 115.09 } }), 'location.lat'],
    ['an unknown organisationCode', valid({ organisationCode: '51.08.tidak-ada' }), 'organisationCode'],
    ['an unknown categoryCode', valid({ categoryCode: 'tidak.ada' }), 'categoryCode'],
    ['an unknown regionCode', valid({ organisationCode: undefined, location: { regionCode: '99.99' } }), 'location.regionCode'],
    ['a regionCode that is a unit, not a region', valid({ organisationCode: undefined, location: { regionCode: '51.08.pupr' } }), 'location.regionCode'],
    ['a wrong type', valid({ type: 'keluhan' }), 'type'],
  ];
  for (const [what, body, field] of refused) {
    it(`${what} → 400 with fields.${field}, nothing stored`, async () => {
      const before = await footprint(t, dataDir);
      const r = await file(JSON.parse(JSON.stringify(body)));
      expect(r.status, r.text).toBe(400);
      expect(Object.keys(r.json.error.fields ?? {})).toContain(field);
      expect(await footprint(t, dataDir)).toEqual(before);
    });
  }

  it('an unknown regionCode next to a valid organisationCode → 400, nothing stored', async () => {
    const before = await footprint(t, dataDir);
    const r = await file(valid({ location: { regionCode: '99.99', address: 'Jl. Entah' } }));
    expect(r.status, r.text).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('the same unknown fields are refused in a multipart data part', async () => {
    const before = await footprint(t, dataDir);
    const r = await postMultipart(t, [dataPart(valid({ priority: 'urgent' }))]);
    expect(r.status).toBe(400);
    expect(r.json.error.fields).toHaveProperty('priority');
    const other = await postMultipart(t, [dataPart(valid()), { name: 'extra', data: 'x' }]);
    expect(other.status).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });
});

describe('Idempotency-Key', () => {
  it('the same key twice returns the same complaint and stores one row', async () => {
    const before = await count(t, 'complaints');
    const body = valid({ title: 'Idempoten satu' });
    const a = await file(body, { headers: { 'idempotency-key': 'kunci-satu' } });
    const b = await file(body, { headers: { 'idempotency-key': 'kunci-satu' } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.json.trackingNumber).toBe(a.json.trackingNumber);
    expect(await count(t, 'complaints')).toBe(before + 1);
  });

  it('the same key with a different body → 422, nothing stored', async () => {
    const first = await file(valid({ title: 'Idempoten dua' }), { headers: { 'idempotency-key': 'kunci-dua' } });
    expect(first.status).toBe(201);
    const before = await count(t, 'complaints');
    const r = await file(valid({ title: 'Idempoten dua, diubah' }), { headers: { 'idempotency-key': 'kunci-dua' } });
    expect(r.status).toBe(422);
    expect(r.json.error.code).toBe('idempotency_key_reused');
    expect(await count(t, 'complaints')).toBe(before);
  });

  it('five concurrent requests with one key make one complaint', async () => {
    const before = await count(t, 'complaints');
    const body = valid({ title: 'Idempoten serentak' });
    const rs = await Promise.all(Array.from({ length: 5 }, () => file(body, { headers: { 'idempotency-key': 'kunci-serentak' } })));
    expect(rs.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(rs.map((r) => r.json.trackingNumber)).size).toBe(1);
    expect(await count(t, 'complaints')).toBe(before + 1);
  });

  it('a key is scoped to its caller: the same key from another account is a new complaint', async () => {
    const body = { type: 'aspirasi', title: 'Idempoten per akun', body: 'Tambah taman kota.' };
    const a = await file(body, { token: tok.warga, headers: { 'idempotency-key': 'kunci-akun' } });
    const b = await file({ ...body, reporter: GUEST_REPORTER }, { headers: { 'idempotency-key': 'kunci-akun' } });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.json.trackingNumber).not.toBe(a.json.trackingNumber);
  });
});

// ---------------------------------------------------------------------------------------------

describe('multipart uploads', () => {
  it('a JPEG with EXIF GPS is stored without any EXIF', async () => {
    const jpeg = await jpegWithGps();
    const meta = await sharp(jpeg).metadata();
    expect(meta.exif && hasGpsPointer(meta.exif)).toBe(true);
    const r = await postMultipart(t, [dataPart(valid({ title: 'Foto jalan rusak', anonymous: true })), { name: 'attachments', filename: 'IMG_0001.jpg', contentType: 'image/jpeg', data: jpeg }]);
    expect(r.status, r.text).toBe(201);
    expect(r.json.attachments).toBe(1);
    const view = await t.call('GET', `/api/v1/complaints/${r.json.trackingNumber}?accessCode=${r.json.accessCode}`);
    expect(view.json.attachments).toHaveLength(1);
    const att = view.json.attachments[0];
    expect(att).toMatchObject({ contentType: 'image/jpeg' });
    const got = await t.app.inject({ method: 'GET', url: att.url });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/jpeg');
    const out = got.rawPayload;
    const outMeta = await sharp(out).metadata();
    expect(outMeta.format).toBe('jpeg');
    expect(outMeta.exif).toBeUndefined();
    expect(outMeta.xmp).toBeUndefined();
    expect(out.includes(Buffer.from('KameraRahasia'))).toBe(false);
    expect(out.includes(Buffer.from('Putu Pelapor'))).toBe(false);
    // And on disk, too.
    for (const f of filesUnder(path.join(dataDir, 'attachments'))) expect((await sharp(fs.readFileSync(f)).metadata().catch(() => ({ exif: undefined }))).exif).toBeUndefined();
  });

  it('a good photo with otherwise invalid data (unknown category) → 400 and no file left behind', async () => {
    const before = await footprint(t, dataDir);
    const r = await postMultipart(t, [dataPart(valid({ title: 'Kategori salah', categoryCode: 'tidak.ada', anonymous: true })), { name: 'attachments', filename: 'x.jpg', contentType: 'image/jpeg', data: await jpegWithGps(40, 30) }]);
    expect(r.status, r.text).toBe(400);
    expect(await footprint(t, dataDir)).toEqual(before);
  });

  it('the data part may declare Content-Type: application/json', async () => {
    const r = await postMultipart(t, [{ name: 'data', contentType: 'application/json', data: JSON.stringify(valid({ title: 'Data sebagai JSON' })) }]);
    expect(r.status, r.text).toBe(201);
  });

  const refusedUploads: [string, () => Promise<Part[]>, number][] = [
    ['a .jpg that is really a ZIP archive', async () => [{ name: 'attachments', filename: 'photo.jpg', contentType: 'image/jpeg', data: zipOf('catatan.txt', 'bukan foto') }], 400],
    ['an HTML file named photo.jpg', async () => [{ name: 'attachments', filename: 'photo.jpg', contentType: 'image/jpeg', data: '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>' }], 400],
    ['an SVG with a script', async () => [{ name: 'attachments', filename: 'peta.svg', contentType: 'image/svg+xml', data: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' }], 400],
    ['a truncated JPEG', async () => [{ name: 'attachments', filename: 'rusak.jpg', contentType: 'image/jpeg', data: (await jpegWithGps()).subarray(0, 200) }], 400],
    ['six files', () => sixJpegs(), 400],
  ];
  for (const [what, parts, status] of refusedUploads) {
    it(`${what} → ${status}, nothing stored`, async () => {
      const before = await footprint(t, dataDir);
      const r = await postMultipart(t, [dataPart(valid({ title: what })), ...(await parts())]);
      expect(r.status, r.text).toBe(status);
      expect(r.json.error.code).toMatch(/^upload_|too_many_files|validation_failed|bad_request/);
      expect(await footprint(t, dataDir)).toEqual(before);
    });
  }
  async function sixJpegs(): Promise<Part[]> {
    const jpeg = await jpegWithGps(16, 16);
    return Array.from({ length: 6 }, (_, i) => ({ name: 'attachments', filename: `foto${i}.jpg`, contentType: 'image/jpeg', data: jpeg }));
  }

  it('a file over UPLOAD_MAX_BYTES → 413, nothing stored', async () => {
    const big = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 60 } } }).jpeg({ quality: 95 }).toBuffer();
    expect(big.length).toBeGreaterThan(2048);
    const before = await footprint(small, smallDataDir);
    const r = await postMultipart(small, [dataPart(valid({ title: 'Terlalu besar' })), { name: 'attachments', filename: 'besar.jpg', contentType: 'image/jpeg', data: big }]);
    expect(r.status, r.text).toBe(413);
    expect(await footprint(small, smallDataDir)).toEqual(before);
    // A file under the limit goes through on the same instance.
    const ok = await postMultipart(small, [dataPart(valid({ title: 'Cukup kecil' })), { name: 'attachments', filename: 'kecil.jpg', contentType: 'image/jpeg', data: await jpegWithGps(16, 16) }]);
    expect(ok.status, ok.text).toBe(201);
  });

  it("one complaint's access code does not open another complaint's attachment", async () => {
    const a = await postMultipart(t, [dataPart(valid({ title: 'Lampiran A', confidential: true })), { name: 'attachments', filename: 'a.jpg', contentType: 'image/jpeg', data: await jpegWithGps(20, 20) }]);
    const b = await postMultipart(t, [dataPart(valid({ title: 'Lampiran B' }))]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const viewA = await t.call('GET', `/api/v1/complaints/${a.json.trackingNumber}?accessCode=${a.json.accessCode}`);
    const id = viewA.json.attachments[0].id;
    const cross = await t.app.inject({ method: 'GET', url: `/api/v1/complaints/${b.json.trackingNumber}/attachments/${id}?accessCode=${b.json.accessCode}` });
    expect(cross.statusCode).toBe(404);
    const codeOfB = await t.app.inject({ method: 'GET', url: `/api/v1/complaints/${a.json.trackingNumber}/attachments/${id}?accessCode=${b.json.accessCode}` });
    expect(codeOfB.statusCode).toBe(404);
  });

  it('the attachment of a confidential complaint: 404 for the public and other regencies, served to the reporter with ?accessCode= and to its admin', async () => {
    const r = await postMultipart(t, [dataPart(valid({ title: 'Bukti rahasia', confidential: true })), { name: 'attachments', filename: 'bukti.jpg', contentType: 'image/jpeg', data: await jpegWithGps() }]);
    expect(r.status, r.text).toBe(201);
    const trk = r.json.trackingNumber;
    const view = await t.call('GET', `/api/v1/complaints/${trk}?accessCode=${r.json.accessCode}`);
    const url: string = view.json.attachments[0].url;
    expect(url).toContain(`accessCode=${r.json.accessCode}`);
    const bare = url.split('?')[0]!;
    await t.call('POST', `/api/v1/complaints/${trk}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr' } });
    const guest = await t.app.inject({ method: 'GET', url: bare });
    expect(guest.statusCode).toBe(404);
    const wrongCode = await t.app.inject({ method: 'GET', url: `${bare}?accessCode=AAAAAAAAAA` });
    expect(wrongCode.statusCode).toBe(404);
    const badung = await t.app.inject({ method: 'GET', url: bare, headers: { authorization: `Bearer ${await t.login('admin.badung')}` } });
    expect(badung.statusCode).toBe(404);
    const reporter = await t.app.inject({ method: 'GET', url });
    expect(reporter.statusCode).toBe(200);
    expect(reporter.headers['content-type']).toBe('image/jpeg');
    const admin = await t.app.inject({ method: 'GET', url: bare, headers: { authorization: `Bearer ${tok['admin.buleleng']}` } });
    expect(admin.statusCode).toBe(200);
    expect(Buffer.compare(admin.rawPayload, reporter.rawPayload)).toBe(0);
  });
});
