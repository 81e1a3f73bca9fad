// Open311 GeoReport v2 under /open311/v2 (both engines): every JSON answer is validated against JSON
// Schemas written from the specification, XML answers are parsed and checked, the error cases are
// golden, and an Open311 client follows one request from its POST to "closed".
import { beforeAll, describe, expect, it } from 'vitest';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { XMLParser } from 'fast-xml-parser';
import { testApp, type TestApp } from '../support/app';

let t: TestApp;
const tok: Record<string, string> = {};
let submitKey: string; // scopes submit+read at 51.08
let actKey: string; // scopes act at 51.08.pupr
let readOnlyKey: string; // scope read at 51.08
const BASE = '/open311/v2';
const REPORTER = { first: 'Komang', last: 'Wirawan', email: 'komang.wirawan@example.org', phone: '081234567890' };

// ------------------------------------------------------------------------------------------------
// JSON Schemas from the specification (GeoReport v2 and open311/schema-validation): ids and codes are
// strings, booleans are booleans, date-times carry a time zone.

const W3C = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$';
const dateTime = { type: 'string', pattern: W3C };
const nullable = (s: object) => ({ anyOf: [s, { type: 'null' }] });
const SCHEMAS = {
  discovery: {
    type: 'object',
    additionalProperties: false,
    required: ['changeset', 'contact', 'key_service', 'endpoints'],
    properties: {
      changeset: { type: 'string' },
      contact: { type: 'string' },
      key_service: { type: 'string' },
      endpoints: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['specification', 'url', 'changeset', 'type', 'formats'],
          properties: {
            specification: { type: 'string', format: 'uri' },
            url: { type: 'string', format: 'uri' },
            changeset: { type: 'string' },
            type: { enum: ['production', 'test'] },
            formats: { type: 'array', items: { type: 'string' }, minItems: 1 },
          },
        },
      },
    },
  },
  services: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_code', 'service_name', 'metadata', 'type'],
      properties: {
        service_code: { type: 'string', minLength: 1 },
        service_name: { type: 'string' },
        description: nullable({ type: 'string' }),
        metadata: { type: 'boolean' },
        type: { enum: ['realtime', 'batch', 'blackbox'] },
        keywords: nullable({ type: 'string' }),
        group: nullable({ type: 'string' }),
      },
    },
  },
  serviceDefinition: {
    type: 'object',
    additionalProperties: false,
    required: ['service_code', 'attributes'],
    properties: {
      service_code: { type: 'string' },
      attributes: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['variable', 'code', 'datatype', 'required', 'order', 'description'],
          properties: {
            variable: { type: 'boolean' },
            code: { type: 'string' },
            datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
            required: { type: 'boolean' },
            datatype_description: nullable({ type: 'string' }),
            order: { type: 'integer', minimum: 1 },
            description: { type: 'string' },
            values: {
              type: 'array',
              items: { type: 'object', additionalProperties: false, required: ['key', 'name'], properties: { key: { type: 'string' }, name: { type: 'string' } } },
            },
          },
        },
      },
    },
  },
  requests: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_request_id', 'status', 'service_code', 'requested_datetime'],
      properties: {
        service_request_id: { type: 'string', minLength: 1 },
        status: { enum: ['open', 'closed'] },
        status_notes: nullable({ type: 'string' }),
        service_name: nullable({ type: 'string' }),
        service_code: { type: 'string' },
        description: nullable({ type: 'string', maxLength: 4000 }),
        agency_responsible: nullable({ type: 'string' }),
        service_notice: nullable({ type: 'string' }),
        requested_datetime: dateTime,
        updated_datetime: nullable(dateTime),
        expected_datetime: nullable(dateTime),
        address: nullable({ type: 'string' }),
        address_id: nullable({ type: 'string' }),
        zipcode: nullable({ type: 'string' }),
        lat: nullable({ type: 'number', minimum: -90, maximum: 90 }),
        long: nullable({ type: 'number', minimum: -180, maximum: 180 }),
        media_url: nullable({ type: 'string', format: 'uri' }),
      },
    },
  },
  postResponse: {
    type: 'array',
    minItems: 1,
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['service_request_id'],
      properties: { service_request_id: { type: 'string' }, service_notice: nullable({ type: 'string' }), account_id: nullable({ type: 'string' }) },
    },
  },
  token: {
    type: 'array',
    minItems: 1,
    items: { type: 'object', additionalProperties: false, required: ['service_request_id', 'token'], properties: { service_request_id: { type: 'string' }, token: { type: 'string' } } },
  },
  updates: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['update_id', 'service_request_id', 'status', 'updated_datetime', 'description', 'media_url'],
      properties: {
        update_id: { type: 'string' },
        service_request_id: { type: 'string' },
        status: {
          enum: ['open', 'closed', 'fixed', 'in_progress', 'action_scheduled', 'investigating', 'duplicate', 'not_councils_responsibility', 'no_further_action', 'internal_referral', 'reopen', 'for_triage'],
        },
        external_status_code: { type: 'string' },
        updated_datetime: dateTime,
        description: { type: 'string' },
        media_url: { type: 'string' },
      },
    },
  },
  postUpdateResponse: {
    type: 'array',
    minItems: 1,
    items: { type: 'object', additionalProperties: false, required: ['update_id'], properties: { update_id: { type: 'string' }, account_id: { type: 'string' } } },
  },
  errors: {
    type: 'array',
    minItems: 1,
    items: { type: 'object', additionalProperties: false, required: ['code', 'description'], properties: { code: { type: 'integer' }, description: { type: 'string', minLength: 1 } } },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
(addFormats as unknown as (a: Ajv) => void)(ajv);
const V = Object.fromEntries(Object.entries(SCHEMAS).map(([k, s]) => [k, ajv.compile(s)])) as Record<keyof typeof SCHEMAS, ValidateFunction>;

function valid(kind: keyof typeof SCHEMAS, data: unknown) {
  const ok = V[kind](data);
  expect(ok, `${kind}: ${ajv.errorsText(V[kind].errors)}\n${JSON.stringify(data).slice(0, 500)}`).toBe(true);
}

const xml = new XMLParser({
  parseTagValue: false,
  ignoreDeclaration: true,
  isArray: (name) => ['service', 'request', 'attribute', 'value', 'endpoint', 'format', 'error', 'request_update'].includes(name),
});

// ------------------------------------------------------------------------------------------------
// Helpers

const form = (fields: Record<string, string | string[]>) =>
  Object.entries(fields)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(x)}`))
    .join('&');

const post = (path: string, fields: Record<string, string | string[]>, headers: Record<string, string> = {}) =>
  t.call('POST', `${BASE}${path}`, { body: form(fields), headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', ...headers } });
const get = (path: string) => t.call('GET', `${BASE}${path}`);

async function expectError(r: { status: number; json: unknown; text: string; headers: Record<string, unknown> }, status: number, pattern: RegExp, format: 'json' | 'xml' = 'json') {
  expect(r.status, r.text).toBe(status);
  if (format === 'json') {
    expect(String(r.headers['content-type'])).toMatch(/^application\/json; charset=utf-8/);
    valid('errors', r.json);
    expect((r.json as { description: string }[]).map((e) => e.description).join(' | ')).toMatch(pattern);
  } else {
    expect(String(r.headers['content-type'])).toMatch(/^text\/xml; charset=utf-8/);
    expect(r.text.startsWith('<?xml version="1.0" encoding="utf-8"?><errors>')).toBe(true);
    const e = xml.parse(r.text).errors.error;
    expect(e[0].code).toMatch(/^\d+$/);
    expect(e.map((x: { description: string }) => x.description).join(' | ')).toMatch(pattern);
  }
}

const countComplaints = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM complaints')).rows[0]!.n;

async function newKey(scopes: string[], organisationCode: string, by = 'admin.buleleng') {
  const r = await t.call('POST', '/api/v1/api-keys', { token: tok[by] ?? (tok[by] = await t.login(by)), body: { name: `open311 ${scopes.join('+')}`, scopes, organisationCode } });
  expect(r.status, r.text).toBe(201);
  return r.json.key as string;
}

const goodRequest = (extra: Record<string, string | string[]> = {}) => ({
  api_key: submitKey,
  jurisdiction_id: '51.08',
  service_code: 'infrastruktur.jalan',
  lat: '-8.1120',
  long: '115.0880',
  address_string: 'Jl. Ahmad Yani, Singaraja',
  description: 'Jalan berlubang di depan pasar.\nSudah dua minggu belum diperbaiki.',
  'attribute[severity]': 'tinggi',
  ...extra,
});

beforeAll(async () => {
  t = await testApp({ now: '2026-07-06T02:00:00Z' });
  for (const u of ['admin.buleleng', 'pupr.buleleng', 'admin.nasional']) tok[u] = await t.login(u);
  submitKey = await newKey(['submit', 'read'], '51.08');
  actKey = await newKey(['act'], '51.08.pupr');
  readOnlyKey = await newKey(['read'], '51.08');
});

// ------------------------------------------------------------------------------------------------

describe('discovery and services', () => {
  it('discovery in JSON and XML', async () => {
    const j = await get('/discovery.json');
    expect(j.status).toBe(200);
    valid('discovery', j.json);
    expect(j.json.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production', formats: ['text/xml', 'application/json'] });
    expect(j.json.endpoints[0].url).toMatch(/\/open311\/v2$/);
    const x = await get('/discovery.xml');
    expect(x.status).toBe(200);
    expect(String(x.headers['content-type'])).toBe('text/xml; charset=utf-8');
    const d = xml.parse(x.text).discovery;
    expect(d.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
    expect(d.key_service).toMatch(/api-keys/);
  });

  it('lists the sub-categories as realtime services with string codes and boolean metadata', async () => {
    const r = await get('/services.json');
    expect(r.status).toBe(200);
    expect(String(r.headers['content-type'])).toBe('application/json; charset=utf-8');
    valid('services', r.json);
    const jalan = r.json.find((s: { service_code: string }) => s.service_code === 'infrastruktur.jalan');
    expect(jalan).toMatchObject({ service_name: 'Jalan Rusak dan Berlubang', metadata: true, type: 'realtime', group: 'Infrastruktur' });
    // Groups are not services.
    expect(r.json.some((s: { service_code: string }) => s.service_code === 'infrastruktur')).toBe(false);
    const x = xml.parse((await get('/services.xml')).text);
    expect(x.services.service).toHaveLength(r.json.length);
    expect(x.services.service.find((s: { service_code: string }) => s.service_code === 'infrastruktur.jalan')).toMatchObject({ metadata: 'true', type: 'realtime' });
    // jurisdiction_id is checked when given; sent empty it is absent.
    expect((await get('/services.json?jurisdiction_id=51.08')).status).toBe(200);
    expect((await get('/services.json?jurisdiction_id=')).status).toBe(200);
    await expectError(await get('/services.json?jurisdiction_id=99.99'), 404, /jurisdiction_id 99\.99 not found/);
    await expectError(await get('/services.xml?jurisdiction_id=99.99'), 404, /jurisdiction_id/, 'xml');
  });

  it('service definitions: severity list (required where a field inspection is needed), landmark, impact, an informational notice', async () => {
    const r = await get('/services/infrastruktur.jalan.json');
    expect(r.status).toBe(200);
    valid('serviceDefinition', r.json);
    expect(r.json.service_code).toBe('infrastruktur.jalan');
    const byCode = Object.fromEntries(r.json.attributes.map((a: { code: string }) => [a.code, a]));
    expect(byCode.severity).toMatchObject({ datatype: 'singlevaluelist', required: true, variable: true, order: 1 });
    expect(byCode.severity.values.map((v: { key: string }) => v.key)).toEqual(['rendah', 'sedang', 'tinggi', 'darurat']);
    expect(byCode.landmark).toMatchObject({ datatype: 'string', required: false });
    expect(byCode.impact).toMatchObject({ datatype: 'multivaluelist' });
    expect(byCode.privacy_notice).toMatchObject({ variable: false });
    const orders = r.json.attributes.map((a: { order: number }) => a.order);
    expect(new Set(orders).size).toBe(orders.length);
    // An ordinary matter: severity optional, no place questions.
    const ktp = await get('/services/kependudukan.ktp_el.json');
    if (ktp.status === 200) {
      valid('serviceDefinition', ktp.json);
      expect(ktp.json.attributes.find((a: { code: string }) => a.code === 'severity').required).toBe(false);
    }
    const x = xml.parse((await get('/services/infrastruktur.jalan.xml')).text).service_definition;
    expect(x.service_code).toBe('infrastruktur.jalan');
    const sev = x.attributes.attribute.find((a: { code: string }) => a.code === 'severity');
    expect(sev.required).toBe('true');
    expect(sev.values.value.map((v: { key: string }) => v.key)).toContain('darurat');
  });

  it('unknown service codes, groups, and formats are 404 in the errors format', async () => {
    await expectError(await get('/services/tidak.ada.json'), 404, /service_code tidak\.ada not found/);
    await expectError(await get('/services/tidak.ada.xml'), 404, /service_code/, 'xml');
    await expectError(await get('/services/infrastruktur.json'), 404, /service_code infrastruktur not found/);
    await expectError(await get('/services/infrastruktur.jalan.csv'), 404, /end in \.xml or \.json/, 'xml');
    await expectError(await get('/services/infrastruktur.jalan.json?jurisdiction_id=nope'), 404, /jurisdiction_id nope/);
    await expectError(await get('/nothing.json'), 404, /No Open311 resource/);
    await expectError(await get('/services'), 404, /No Open311 resource/, 'xml');
  });
});

describe('POST requests: golden errors, nothing stored', () => {
  const cases: [string, () => Record<string, string | string[]>, number, RegExp][] = [
    ['no api_key', () => ({ ...goodRequest(), api_key: '' }), 403, /api_key is required/],
    ['an unknown api_key', () => goodRequest({ api_key: 'adn_' + 'x'.repeat(43) }), 403, /Invalid api_key/],
    ['a malformed api_key', () => goodRequest({ api_key: 'not-a-key' }), 403, /Invalid api_key/],
    ['a key without the submit scope', () => goodRequest({ api_key: readOnlyKey }), 403, /submit scope/],
    ['no service_code', () => goodRequest({ service_code: '' }), 400, /service_code is required/],
    ['an unknown service_code', () => goodRequest({ service_code: 'tidak.ada' }), 404, /service_code tidak\.ada not found/],
    ['an unknown jurisdiction_id', () => goodRequest({ jurisdiction_id: '99.99' }), 404, /jurisdiction_id 99\.99 not found/],
    ['lat without long', () => goodRequest({ long: '' }), 400, /lat and long must be sent together/],
    ['a latitude out of range', () => goodRequest({ lat: '91' }), 400, /lat must be a WGS84 latitude/],
    ['no location at all', () => goodRequest({ lat: '', long: '', address_string: '' }), 400, /A location is required/],
    ['a description over 4,000 characters', () => goodRequest({ description: 'x'.repeat(4001) }), 400, /description is longer than 4000/],
    ['HTML in the description', () => goodRequest({ description: 'Lihat <script>alert(1)</script>' }), 400, /may not contain HTML/],
    ['a value outside the list', () => goodRequest({ 'attribute[severity]': 'parah' }), 400, /attribute\[severity\]: "parah" is not one of rendah, sedang, tinggi, darurat/],
    ['a required attribute missing', () => goodRequest({ 'attribute[severity]': '' }), 400, /attribute\[severity\] is required/],
    ['an unknown attribute', () => goodRequest({ 'attribute[warna]': 'merah' }), 400, /attribute\[warna\] is not an attribute/],
    ['two values for a single-value list', () => goodRequest({ 'attribute[severity][]': ['tinggi', 'rendah'], 'attribute[severity]': [] }), 400, /takes one value/],
    ['a value for an informational attribute', () => goodRequest({ 'attribute[privacy_notice]': 'ok' }), 400, /informational/],
    ['a bad email', () => goodRequest({ email: 'bukan-email' }), 400, /email is not a valid/],
    ['a bad media_url', () => goodRequest({ media_url: 'javascript:alert(1)' }), 400, /media_url must be an http/],
  ];
  it.each(cases.map(([name, fields, status, pattern]) => ({ name: `${name} → ${status}`, fields, status, pattern })))('$name', async ({ fields, status, pattern }) => {
    const before = await countComplaints();
    await expectError(await post('/requests.json', fields()), status, pattern);
    expect(await countComplaints()).toBe(before);
  });

  it('several problems are reported together, in XML too', async () => {
    const r = await post('/requests.xml', goodRequest({ long: '', 'attribute[severity]': 'parah', description: 'x'.repeat(4001) }));
    await expectError(r, 400, /lat and long.*description is longer.*not one of/, 'xml');
    expect(xml.parse(r.text).errors.error).toHaveLength(3);
  });

  it('a JSON body, a bad percent-escape and invalid UTF-8 are 400s', async () => {
    const before = await countComplaints();
    const asJson = await t.call('POST', `${BASE}/requests.json`, { body: goodRequest() });
    await expectError(asJson, 400, /x-www-form-urlencoded/);
    expect((asJson.json as { code: number }[])[0]!.code).toBe(415);
    const badEscape = await t.call('POST', `${BASE}/requests.json`, { body: 'api_key=%ZZ', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expectError(badEscape, 400, /Malformed form encoding/);
    const badUtf8 = await t.call('POST', `${BASE}/requests.json`, { body: 'description=%C3%28', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    await expectError(badUtf8, 400, /Malformed form encoding/);
    expect(await countComplaints()).toBe(before);
  });
});

describe('GET requests: argument errors', () => {
  it.each([
    ['start_date without a time zone', '?start_date=2026-06-01T00:00:00', /start_date must be a W3C date-time with a time zone/],
    ['end_date as a date only', '?end_date=2026-06-01', /end_date must be a W3C date-time/],
    ['an impossible date', '?start_date=2026-02-30T00:00:00Z', /start_date must be/],
    ['a span over 90 days', '?start_date=2026-01-01T00:00:00Z&end_date=2026-04-02T00:00:00Z', /span at most 90 days/],
    ['end before start', '?start_date=2026-06-01T00:00:00Z&end_date=2026-05-01T00:00:00Z', /end_date is before start_date/],
    ['an unknown status', '?status=pending', /status must be open, closed/],
    ['page_size over 200', '?page_size=500', /page_size must be a whole number from 1 to 200/],
    ['page 0', '?page=0', /page must be/],
    ['updated_after without a time zone', '?updated_after=2026-06-01T00:00', /updated_after must be/],
  ])('%s → 400', async (_name, qs, pattern) => {
    await expectError(await get(`/requests.json${qs}`), 400, pattern);
  });
  it('exactly 90 days is allowed; an unknown jurisdiction is 404', async () => {
    expect((await get('/requests.json?start_date=2026-04-07T00:00:00Z&end_date=2026-07-06T00:00:00Z')).status).toBe(200);
    expect((await get('/requests.json?start_date=2026-04-07T08:00:00%2B08:00&end_date=2026-07-06T08:00:00%2B08:00')).status).toBe(200);
    await expectError(await get('/requests.json?jurisdiction_id=51.99'), 404, /jurisdiction_id 51\.99 not found/);
    await expectError(await get('/requests/ABCDEFGH.json?jurisdiction_id=51.99'), 404, /jurisdiction_id/);
    await expectError(await get('/requests/ZZZZZZZZ.json'), 404, /service_request_id ZZZZZZZZ not found/);
  });
});

describe('an Open311 client follows a request from POST to closed', () => {
  let id: string;

  it('posts a request with an API key and gets the id at once', async () => {
    const services = await get('/services.json');
    expect(services.json.map((s: { service_code: string }) => s.service_code)).toContain('infrastruktur.jalan');
    const before = await countComplaints();
    const r = await post(
      '/requests.json',
      goodRequest({
        first_name: REPORTER.first,
        last_name: REPORTER.last,
        email: REPORTER.email,
        phone: REPORTER.phone,
        device_id: 'android-1234',
        'attribute[landmark]': 'depan Pasar Anyar',
        'attribute[impact][]': ['pengendara', 'pejalan_kaki'],
      }),
    );
    expect(r.status, r.text).toBe(200);
    valid('postResponse', r.json);
    id = r.json[0].service_request_id;
    expect(id).toMatch(/^[A-Z0-9]{8}$/);
    expect(r.json[0].service_notice).toMatch(/diverifikasi/);
    expect(await countComplaints()).toBe(before + 1);

    const row = (await t.db.query<{ channel: string; reporter_name: string; reporter_email: string; title: string; body: string; api_key_id: number; region_code: string; lat: number }>(
      'SELECT channel, reporter_name, reporter_email, title, body, api_key_id, region_code, lat FROM complaints WHERE tracking_number = $1',
      [id],
    )).rows[0]!;
    expect(row).toMatchObject({ channel: 'api', reporter_name: 'Komang Wirawan', reporter_email: REPORTER.email, title: 'Jalan berlubang di depan pasar.', region_code: '51.08', lat: -8.112 });
    expect(row.api_key_id).not.toBeNull();
    expect(row.body).toContain('Tingkat keparahan: Tinggi');
    expect(row.body).toContain('Patokan: depan Pasar Anyar');
    expect(row.body).toContain('Terdampak: Pengendara, Pejalan kaki');

    // The XML form of the answer.
    const x = await post('/requests.xml', goodRequest({ description: 'Drainase tersumbat', service_code: 'infrastruktur.drainase' }));
    expect(x.status).toBe(200);
    expect(xml.parse(x.text).service_requests.request[0].service_request_id).toMatch(/^[A-Z0-9]{8}$/);
  });

  it('is not published before an admin verifies it; the token answers only its own key', async () => {
    await expectError(await get(`/requests/${id}.json`), 404, /not found/);
    expect((await get(`/requests.json?service_request_id=${id}`)).json).toEqual([]);
    await expectError(await get(`/tokens/${id}.json`), 404, /token/);
    const tokenR = await get(`/tokens/${id}.json?api_key=${submitKey}`);
    expect(tokenR.status).toBe(200);
    valid('token', tokenR.json);
    expect(tokenR.json).toEqual([{ service_request_id: id, token: id }]);
    await expectError(await get(`/tokens/${id}.json?api_key=${actKey}`), 404, /token/);
  });

  it('admin.buleleng verifies it to PUPR: open, with the unit and its due date', async () => {
    t.clock.set('2026-07-07T02:00:00Z');
    const v = await t.call('POST', `/api/v1/complaints/${id}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr' } });
    expect(v.status, v.text).toBe(200);
    const r = await get(`/requests/${id}.json`);
    expect(r.status).toBe(200);
    valid('requests', r.json);
    expect(r.json).toHaveLength(1);
    expect(r.json[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      service_code: 'infrastruktur.jalan',
      service_name: 'Jalan Rusak dan Berlubang',
      agency_responsible: 'Dinas Pekerjaan Umum dan Penataan Ruang',
      requested_datetime: '2026-07-06T02:00:00Z',
      updated_datetime: '2026-07-07T02:00:00Z',
      expected_datetime: v.json.dueAt.replace(/\.\d{3}Z$/, 'Z'),
      address: 'Jl. Ahmad Yani, Singaraja',
      lat: -8.112,
      long: 115.088,
      status_notes: null,
      media_url: null,
    });
    // No reporter data anywhere, in either format.
    const x = await get(`/requests/${id}.xml`);
    for (const text of [r.text, x.text, (await get('/requests.json')).text, (await get('/servicerequestupdates.json')).text]) {
      for (const secret of [REPORTER.first, REPORTER.last, REPORTER.email, REPORTER.phone]) expect(text).not.toContain(secret);
    }
    const xr = xml.parse(x.text).service_requests.request[0];
    expect(xr).toMatchObject({ service_request_id: id, status: 'open', agency_responsible: 'Dinas Pekerjaan Umum dan Penataan Ruang', lat: '-8.112', long: '115.088' });
  });

  it('pupr.buleleng responds; admin.buleleng closes: the Open311 status becomes closed, with the response as status_notes', async () => {
    t.clock.set('2026-07-08T02:00:00Z');
    const resp = await t.call('POST', `/api/v1/complaints/${id}/actions/respond`, { token: tok['pupr.buleleng'], body: { message: 'Lubang sudah ditambal tim Bina Marga.' } });
    expect(resp.status, resp.text).toBe(200);
    let r = await get(`/requests/${id}.json`);
    expect(r.json[0]).toMatchObject({ status: 'open', status_notes: 'Lubang sudah ditambal tim Bina Marga.', service_notice: 'Ditindaklanjuti' });
    t.clock.set('2026-07-09T02:00:00Z');
    const close = await t.call('POST', `/api/v1/complaints/${id}/actions/close`, { token: tok['admin.buleleng'], body: {} });
    expect(close.status, close.text).toBe(200);
    r = await get(`/requests/${id}.json`);
    valid('requests', r.json);
    expect(r.json[0]).toMatchObject({ status: 'closed', updated_datetime: '2026-07-09T02:00:00Z', expected_datetime: null, status_notes: 'Lubang sudah ditambal tim Bina Marga.' });
    const closed = await get('/requests.json?status=closed');
    valid('requests', closed.json);
    expect(closed.json.map((x: { service_request_id: string }) => x.service_request_id)).toContain(id);
    expect((await get('/requests.json?status=open')).json.map((x: { service_request_id: string }) => x.service_request_id)).not.toContain(id);
    expect((await get('/requests.json?status=open,closed')).json.map((x: { service_request_id: string }) => x.service_request_id)).toContain(id);
    expect(xml.parse((await get(`/requests/${id}.xml`)).text).service_requests.request[0].status).toBe('closed');
  });

  it('servicerequestupdates lists the public steps, oldest first, with mySociety statuses', async () => {
    const r = await get(`/servicerequestupdates.json?service_request_id=${id}`);
    expect(r.status).toBe(200);
    valid('updates', r.json);
    expect(r.json.map((u: { status: string; external_status_code: string }) => [u.status, u.external_status_code])).toEqual([
      ['open', 'disposed'],
      ['in_progress', 'responded'],
      ['closed', 'closed'],
    ]);
    expect(r.json[0].description).toBe('Laporan diverifikasi dan diteruskan ke Dinas Pekerjaan Umum dan Penataan Ruang');
    expect(r.json[1].description).toBe('Lubang sudah ditambal tim Bina Marga.');
    const x = xml.parse((await get(`/servicerequestupdates.xml?service_request_id=${id}`)).text);
    expect(x.service_request_updates.request_update).toHaveLength(3);
    await expectError(await get('/servicerequestupdates.json?start_date=2026-07-01'), 400, /start_date must be/);
  });
});

describe('what GET requests never shows', () => {
  it('unverified, confidential, rejected and archived complaints stay out; filters and paging work', async () => {
    t.clock.set('2026-07-10T02:00:00Z');
    const file = async (desc: string) => (await post('/requests.json', goodRequest({ description: desc }))).json[0].service_request_id as string;
    const unverified = await file('Belum diverifikasi');
    const confidential = await file('Rahasia');
    const rejected = await file('Spam');
    const published = await file('Diterbitkan');
    const admin = tok['admin.buleleng'];
    expect((await t.call('POST', `/api/v1/complaints/${confidential}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr', confidential: true } })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/complaints/${rejected}/actions/reject`, { token: admin, body: { reason: 'spam' } })).status).toBe(200);
    expect((await t.call('POST', `/api/v1/complaints/${published}/actions/verify`, { token: admin, body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
    const all = await get('/requests.json?page_size=200');
    valid('requests', all.json);
    const ids = all.json.map((x: { service_request_id: string }) => x.service_request_id);
    expect(ids).toContain(published);
    for (const hidden of [unverified, confidential, rejected]) {
      expect(ids).not.toContain(hidden);
      await expectError(await get(`/requests/${hidden}.json`), 404, /not found/);
      expect((await get(`/servicerequestupdates.json?service_request_id=${hidden}`)).json).toEqual([]);
    }
    // service_request_id overrides the other filters (a status that does not match is ignored).
    expect((await get(`/requests.json?service_request_id=${published},${unverified}&status=closed`)).json.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([published]);
    expect((await get('/requests.json?service_code=kesehatan.puskesmas')).json).toEqual([]);
    expect((await get('/requests.json?service_code=infrastruktur.jalan,kesehatan.puskesmas&page_size=200')).json.map((x: { service_request_id: string }) => x.service_request_id)).toContain(published);
    // Other jurisdictions: Badung has none of these; Bali (the province) covers Buleleng.
    expect((await get('/requests.json?jurisdiction_id=51.03')).json).toEqual([]);
    expect((await get('/requests.json?jurisdiction_id=51&page_size=200')).json.map((x: { service_request_id: string }) => x.service_request_id)).toContain(published);
    // Paging: newest first, one a page.
    const p1 = await get('/requests.json?page_size=1&page=1');
    const p2 = await get('/requests.json?page_size=1&page=2');
    expect(p1.json[0].service_request_id).toBe(published);
    expect(p2.json).toHaveLength(1);
    expect(p2.json[0].service_request_id).not.toBe(published);
    // The default window is the last 90 days; an old window finds nothing.
    expect((await get('/requests.json?start_date=2025-01-01T00:00:00Z&end_date=2025-03-01T00:00:00Z')).json).toEqual([]);
    // updated_after: changed since, of any age.
    const changed = await get('/requests.json?updated_after=2026-07-09T12:00:00Z');
    expect(changed.json.map((x: { service_request_id: string }) => x.service_request_id)).toEqual([published]);
  });

  it('media_url is the absolute URL of the first image, served to anyone for a published complaint', async () => {
    const list = (await get('/requests.json?page_size=1')).json;
    const trk = list[0].service_request_id;
    const c = (await t.db.query<{ id: number }>('SELECT id FROM complaints WHERE tracking_number = $1', [trk])).rows[0]!;
    const a = await t.db.query<{ id: string }>(
      `INSERT INTO attachments (complaint_id, storage_key, sha256, content_type, kind, size, created_at) VALUES ($1, 'x', 'x', 'image/jpeg', 'image', 10, now()) RETURNING id`,
      [c.id],
    );
    const r = await t.call('GET', `${BASE}/requests/${trk}.json`, { headers: { host: 'lapor.bulelengkab.go.id' } });
    valid('requests', r.json);
    expect(r.json[0].media_url).toBe(`http://lapor.bulelengkab.go.id/api/v1/complaints/${trk}/attachments/${a.rows[0]!.id}`);
  });
});

describe('servicerequestupdates POST', () => {
  let trk: string;
  beforeAll(async () => {
    t.clock.set('2026-07-13T02:00:00Z');
    trk = (await post('/requests.json', goodRequest({ description: 'Lampu jalan mati', service_code: 'infrastruktur.pju' }))).json[0].service_request_id;
    expect((await t.call('POST', `/api/v1/complaints/${trk}/actions/verify`, { token: tok['admin.buleleng'], body: { organisationCode: '51.08.pupr' } })).status).toBe(200);
  });
  const update = (key: string, extra: Record<string, string> = {}) =>
    post('/servicerequestupdates.json', { api_key: key, service_request_id: trk, update_id: 'u-1', status: 'OPEN', updated_datetime: '2026-07-13T10:00:00+08:00', description: 'Warga menambahkan: lampu mati sejak Senin.', ...extra });

  it('the key that filed a request posts a reply (idempotent by update_id); a CLOSED from it stays a reply', async () => {
    const r = await update(submitKey);
    expect(r.status, r.text).toBe(200);
    valid('postUpdateResponse', r.json);
    const again = await update(submitKey);
    expect(again.json).toEqual(r.json);
    const closedAsReply = await update(submitKey, { update_id: 'u-2', status: 'CLOSED', description: 'Menurut warga sudah selesai.' });
    expect(closedAsReply.status, closedAsReply.text).toBe(200);
    const events = await t.db.query<{ action: string; actor_role: string; actor_api_key_id: number | null }>(
      `SELECT action, actor_role, actor_api_key_id FROM complaint_events WHERE complaint_id = (SELECT id FROM complaints WHERE tracking_number = $1) ORDER BY id`,
      [trk],
    );
    expect(events.rows.map((e) => [e.action, e.actor_role])).toEqual([
      ['submit', 'reporter'],
      ['verify', 'org_admin'],
      ['reply', 'reporter'],
      ['reply', 'reporter'],
    ]);
    expect(events.rows[2]!.actor_api_key_id).not.toBeNull();
    expect((await get(`/requests/${trk}.json`)).json[0].status).toBe('open');
    // A reporter's words are not public.
    expect((await get(`/servicerequestupdates.json?service_request_id=${trk}`)).text).not.toContain('lampu mati sejak Senin');
  });

  it('a key with scope act for the holding unit posts the follow-up; FIXED makes it final', async () => {
    const r = await update(actKey, { update_id: 'pupr-1', status: 'FIXED', description: 'Lampu sudah diganti.' });
    expect(r.status, r.text).toBe(200);
    const one = (await get(`/requests/${trk}.json`)).json[0];
    expect(one).toMatchObject({ status: 'open', status_notes: 'Lampu sudah diganti.', service_notice: 'Ditindaklanjuti' });
  });

  it('refuses: another key (403/404), a missing field, an unknown status, a time without zone', async () => {
    const other = await newKey(['submit'], '51.03', 'admin.nasional');
    await expectError(await update(other, { update_id: 'x-1' }), 403, /only to requests it filed/);
    await expectError(await update(submitKey, { update_id: 'x-2', service_request_id: 'ZZZZZZZZ' }), 404, /not found/);
    await expectError(await update(submitKey, { update_id: '' }), 400, /update_id is required/);
    await expectError(await update(submitKey, { update_id: 'x-3', status: 'DONE' }), 400, /status must be one of/);
    await expectError(await update(submitKey, { update_id: 'x-4', updated_datetime: '2026-07-13T10:00:00' }), 400, /updated_datetime must be/);
    await expectError(await update('', { update_id: 'x-5' }), 403, /api_key is required/);
    await expectError(await update(submitKey, { update_id: 'u-1', service_request_id: 'ABCDEFGH' }), 400, /already used/);
  });
});

describe('rate limit and X-API-Key under /open311', () => {
  it('a bad X-API-Key header is a 403 in the Open311 format', async () => {
    const r = await t.call('GET', `${BASE}/services.json`, { headers: { 'x-api-key': 'adn_' + 'y'.repeat(43) } });
    await expectError(r, 403, /Invalid, expired or revoked API key/);
  });
});
