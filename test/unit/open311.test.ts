// The pure parts of the Open311 edge: W3C dates with time zones, the 90-day window, list and paging
// arguments, attribute checking, the form parser with bracketed keys, and XML/JSON rendering.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { parseW3c, render, splitFormat, w3c } from '../../server/modules/open311/format';
import { requestsQuery, window, paging, statuses, list, one } from '../../server/modules/open311/params';
import { attributesFor, checkAttributes } from '../../server/modules/open311/services';
import { parseForm } from '../../server/modules/open311/routes';
import { complaintFromForm } from '../../server/modules/open311/intake';
import { extendedStatus, openClosedOf } from '../../server/modules/open311/requests';
import { Open311Error } from '../../server/modules/open311/errors';
import type { Category } from '../../server/modules/categories';
import type { Organisation } from '../../server/modules/organisations';

const NOW = new Date('2026-07-06T02:00:00Z');
const problem = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(Open311Error);
    return (e as Open311Error).errors.map((x) => x.description).join(' | ');
  }
  throw new Error('expected an Open311Error');
};

describe('W3C date-times', () => {
  it.each([
    ['2026-03-01T00:00:00Z', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T08:00:00+08:00', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T08:00+08:00', '2026-03-01T00:00:00.000Z'],
    ['2026-03-01T00:00:00.250-05:00', '2026-03-01T05:00:00.250Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
  ])('accepts %s', (s, iso) => expect(parseW3c(s)?.toISOString()).toBe(iso));
  it.each(['2026-03-01T00:00:00', '2026-03-01', '2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-03-01T24:00:00Z', '2026-03-01 00:00:00Z', '2026-03-01T00:00:00+0800', 'yesterday', ''])(
    'refuses %j',
    (s) => expect(parseW3c(s)).toBeUndefined(),
  );
  it('round-trips every instant it writes', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), (d) => {
      const s = w3c(d)!;
      expect(s).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(parseW3c(s)!.getTime()).toBe(Math.floor(d.getTime() / 1000) * 1000);
    }));
  });
});

describe('GET requests arguments', () => {
  it('defaults to the last 90 days; one end extends 90 days from it', () => {
    expect(window({}, NOW)).toEqual({ start: new Date('2026-04-07T02:00:00Z'), end: NOW });
    expect(window({ start_date: '2026-01-01T00:00:00Z' }, NOW)).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') });
    expect(window({ end_date: '2026-04-01T00:00:00Z' }, NOW)).toEqual({ start: new Date('2026-01-01T00:00:00Z'), end: new Date('2026-04-01T00:00:00Z') });
    expect(window({ start_date: '', end_date: '' }, NOW)).toEqual(window({}, NOW));
  });
  it('refuses spans over 90 days, reversed spans, dates without zone — several at once', () => {
    expect(problem(() => window({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' }, NOW))).toMatch(/at most 90 days/);
    expect(problem(() => window({ start_date: '2026-02-01T00:00:00Z', end_date: '2026-01-01T00:00:00Z' }, NOW))).toMatch(/before start_date/);
    expect(problem(() => window({ start_date: '2026-01-01', end_date: '2026-01-02T00:00:00' }, NOW))).toMatch(/start_date must be .* \| end_date must be/);
    expect(problem(() => window({ start_date: ['2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z'] }, NOW))).toMatch(/more than once/);
  });
  it('service_request_id overrides the other filters; updated_after lifts the default window', () => {
    expect(requestsQuery({ service_request_id: 'abc,DEF, ,abc', status: 'bogus', start_date: 'x' }, NOW)).toEqual({ ids: ['abc', 'DEF'], page: 1, pageSize: 50 });
    const q = requestsQuery({ updated_after: '2026-07-01T00:00:00Z' }, NOW);
    expect(q.window).toBeUndefined();
    expect(q.updatedAfter).toEqual(new Date('2026-07-01T00:00:00Z'));
    expect(requestsQuery({}, NOW).window).toBeDefined();
    expect(problem(() => requestsQuery({ updated_after: '2026-07-02T00:00:00Z', updated_before: '2026-07-01T00:00:00Z' }, NOW))).toMatch(/updated_before is before/);
  });
  it('lists, statuses and paging', () => {
    expect(list({ status: ['open', 'closed,open'] }, 'status')).toEqual(['open', 'closed']);
    expect(list({ status: '' }, 'status')).toBeUndefined();
    expect(one({ a: ['', 'x'] }, 'a')).toBe('x');
    expect(statuses({ status: 'open,closed' })).toEqual(['open', 'closed']);
    expect(problem(() => statuses({ status: 'open,pending' }))).toMatch(/not "pending"/);
    expect(paging({})).toEqual({ page: 1, pageSize: 50 });
    expect(paging({ page: '3', page_size: '200' })).toEqual({ page: 3, pageSize: 200 });
    for (const bad of [{ page_size: '201' }, { page_size: '0' }, { page: '-1' }, { page: '1.5' }, { page: 'x' }]) expect(() => paging(bad)).toThrow(Open311Error);
  });
});

const JALAN: Category = { id: 1, code: 'infrastruktur.jalan', parentCode: 'infrastruktur', nameId: 'Jalan Rusak dan Berlubang', nameEn: 'Damaged Roads', resolutionClass: 'inspection' };
const KTP: Category = { id: 2, code: 'kependudukan.ktp_el', parentCode: 'kependudukan', nameId: 'KTP Elektronik', nameEn: 'e-ID', resolutionClass: 'ordinary' };
const BULELENG = { id: 3, code: '51.08', type: 'regency', path: '/1/2/3/', name: 'Kabupaten Buleleng' } as Organisation;

describe('service definitions and attribute values', () => {
  it('every service has a severity (required only where a field inspection is needed) and unique orders', () => {
    const jalan = attributesFor(JALAN);
    const ktp = attributesFor(KTP);
    expect(jalan.find((a) => a.code === 'severity')!.required).toBe(true);
    expect(ktp.find((a) => a.code === 'severity')!.required).toBe(false);
    expect(jalan.map((a) => a.code)).toEqual(['severity', 'landmark', 'impact', 'privacy_notice']);
    expect(ktp.map((a) => a.code)).toEqual(['severity', 'privacy_notice']);
    for (const attrs of [jalan, ktp]) expect(new Set(attrs.map((a) => a.order)).size).toBe(attrs.length);
  });
  it('checks values against the definition and reports every problem', () => {
    const defs = attributesFor(JALAN);
    const ok = checkAttributes(defs, new Map([['severity', ['tinggi']], ['landmark', ['depan pasar']], ['impact', ['pengendara', 'permukiman']]]));
    expect(ok).toEqual({ problems: [], lines: ['Tingkat keparahan: Tinggi', 'Patokan: depan pasar', 'Terdampak: Pengendara, Permukiman warga'] });
    const bad = checkAttributes(defs, new Map([['severity', ['parah']], ['landmark', ['a\nb']], ['impact', ['pengendara', 'pengendara']], ['warna', ['merah']]]));
    expect(bad.problems.map((p) => p.code)).toEqual(['warna', 'severity', 'landmark', 'impact']);
    expect(checkAttributes(defs, new Map([['severity', ['  ']]])).problems[0]!.description).toMatch(/required/);
    expect(checkAttributes(defs, new Map([['landmark', ['x'.repeat(201)]], ['severity', ['rendah']]])).problems[0]!.description).toMatch(/longer than 200/);
    expect(checkAttributes(attributesFor(KTP), new Map()).problems).toEqual([]);
  });
});

describe('the form body', () => {
  it('decodes strictly, with + as space and bracketed attribute keys', () => {
    const f = parseForm(Buffer.from('api_key=k&description=Jalan+rusak%0Aparah&attribute%5Bseverity%5D=tinggi&attribute[impact][]=a&attribute[impact][]=b&media_url[]=http%3A%2F%2Fx&empty='));
    expect(f.fields.get('description')).toEqual(['Jalan rusak\nparah']);
    expect(f.fields.get('media_url')).toEqual(['http://x']);
    expect(f.fields.get('empty')).toEqual(['']);
    expect(f.attributes).toEqual(new Map([['severity', ['tinggi']], ['impact', ['a', 'b']]]));
    expect(() => parseForm(Buffer.from('a=%E0%A4'))).toThrow(/Malformed/);
    expect(() => parseForm(Buffer.from([0x61, 0x3d, 0xff]))).toThrow(/UTF-8/);
    expect(() => parseForm(Buffer.from('attribute[a]b=1'))).toThrow(/Malformed attribute key/);
    expect(parseForm(Buffer.from('__proto__=x')).fields.get('__proto__')).toEqual(['x']);
  });
  it('becomes a complaint: title from the first line, attributes and media appended, the key’s channel', () => {
    const f = parseForm(Buffer.from('address_id=A-77&description=%0A%20Lubang%20besar%20%0Adi%20tengah%20jalan&attribute[severity]=darurat&media_url=https%3A%2F%2Fimg.example%2F1.jpg&first_name=Made'));
    const c = complaintFromForm(f, JALAN, BULELENG);
    expect(c).toMatchObject({ type: 'pengaduan', title: 'Lubang besar', categoryCode: 'infrastruktur.jalan', organisationCode: '51.08', channel: 'api', reporter: { name: 'Made' } });
    expect(c.location).toEqual({ regionCode: '51.08', address: 'address_id A-77' });
    expect(c.body).toBe('Lubang besar \ndi tengah jalan\n\n---\nTingkat keparahan: Darurat, membahayakan keselamatan\nID alamat (address_id): A-77\nMedia: https://img.example/1.jpg');
    const noText = complaintFromForm(parseForm(Buffer.from('lat=-8.1&long=115.1&attribute[severity]=rendah')), JALAN, BULELENG);
    expect(noText.title).toBe('Jalan Rusak dan Berlubang');
    expect(noText.location).toEqual({ regionCode: '51.08', lat: -8.1, lng: 115.1 });
    expect(noText.reporter).toBeUndefined();
  });
});

describe('rendering', () => {
  const xml = new XMLParser({ parseTagValue: false, ignoreDeclaration: true, isArray: (n) => ['request', 'value', 'attribute', 'error'].includes(n) });
  it('XML escapes text, drops characters XML cannot hold, writes booleans and nulls; JSON keeps types', () => {
    const data = [{ service_request_id: 'AB23CD45', description: 'a < b & "c"\u0001', lat: -8.1, status_notes: null, flag: true }];
    const x = render('xml', 'service_requests', data);
    expect(x.startsWith('<?xml version="1.0" encoding="utf-8"?><service_requests><request>')).toBe(true);
    expect(xml.parse(x).service_requests.request[0]).toEqual({ service_request_id: 'AB23CD45', description: 'a < b & "c"', lat: '-8.1', status_notes: '', flag: 'true' });
    expect(JSON.parse(render('json', 'service_requests', data))).toEqual(data);
    expect(render('xml', 'service_requests', [])).toBe('<?xml version="1.0" encoding="utf-8"?><service_requests></service_requests>');
    expect(render('xml', 'errors', [{ code: 404, description: 'x' }])).toContain('<errors><error><code>404</code><description>x</description></error></errors>');
  });
  it('names the format after the last dot', () => {
    expect(splitFormat('infrastruktur.jalan.json')).toEqual({ name: 'infrastruktur.jalan', format: 'json' });
    expect(splitFormat('AB23CD45.xml')).toEqual({ name: 'AB23CD45', format: 'xml' });
    expect(splitFormat('AB23CD45.csv')).toBeUndefined();
    expect(splitFormat('.json')).toBeUndefined();
    expect(splitFormat('json')).toBeUndefined();
  });
  it('maps the lifecycle to open/closed and to mySociety statuses', () => {
    expect(['submitted', 'disposed', 'in_progress', 'responded', 'returned', 'on_hold'].map((s) => openClosedOf(s as never))).toEqual(Array(6).fill('open'));
    expect(['closed', 'rejected', 'archived'].map((s) => openClosedOf(s as never))).toEqual(['closed', 'closed', 'closed']);
    expect(extendedStatus('verify', 'disposed')).toBe('open');
    expect(extendedStatus('respond', 'responded')).toBe('in_progress');
    expect(extendedStatus('forward', 'disposed')).toBe('internal_referral');
    expect(extendedStatus('reopen', 'in_progress')).toBe('reopen');
    expect(extendedStatus('rate', 'closed')).toBe('closed');
  });
});
