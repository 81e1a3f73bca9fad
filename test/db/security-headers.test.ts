// Security headers on API responses (server/platform/http.ts, installSecurityHeaders): no MIME
// sniffing, no referrer, and JSON may not be framed or run anything; a route's own headers win.
import { beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app';
import { ENGINE } from '../support/db';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});

describe(`security headers (${ENGINE})`, () => {
  it.each([
    ['a JSON answer', '/api/v1/categories', 200],
    ['a JSON error', '/api/v1/complaints/NOPE-0000', 404],
    ['an unknown API route', '/api/v1/nothing-here', 404],
    ['the OpenAPI document', '/api/v1/openapi.json', 200],
  ])('%s', async (_what, url, status) => {
    const r = await t.call('GET', url);
    expect(r.status).toBe(status);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  it('a validation failure and a refused login carry them too', async () => {
    const r = await t.call('POST', '/api/v1/auth/login', { body: { username: 'nobody', password: 'x' } });
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
    const bad = await t.call('POST', '/api/v1/complaints', { body: '{"__proto__":{}}' });
    expect(bad.status).toBe(400);
    expect(bad.headers['x-content-type-options']).toBe('nosniff');
  });

  it('keeps the headers a route set itself (the health check gets the defaults)', async () => {
    const r = await t.call('GET', '/healthz');
    expect(r.status).toBe(200);
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toBe("default-src 'none'; frame-ancestors 'none'");
  });
});
