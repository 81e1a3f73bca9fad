// Ed25519 request signing between installations: what verifies, and every way it must not.
import { describe, expect, it } from 'vitest';
import { CLOCK_WINDOW_SECONDS, generateKeyPair, keyIdOf, parsePublicKey, signRequest, verifyRequest } from '../../server/modules/federation/signing';

const keys = { ...generateKeyPair() };
const me = { ...keys, keyId: keyIdOf(keys.publicKey) };
const other = generateKeyPair();
const now = new Date('2026-03-02T02:00:00Z');
const body = JSON.stringify({ hello: 'dunia' });
const PATH = '/api/v1/federation/inbox/updates';

describe('federation signing', () => {
  it('verifies a request signed with the matching key', () => {
    const h = signRequest(me, 'POST', PATH, body, now);
    expect(h['x-aduan-peer']).toBe(me.keyId);
    expect(verifyRequest(keys.publicKey, 'POST', PATH, h, body, now)).toBeNull();
    expect(verifyRequest(keys.publicKey, 'POST', PATH, h, Buffer.from(body), new Date(now.getTime() + (CLOCK_WINDOW_SECONDS - 1) * 1000))).toBeNull();
  });

  it('refuses another key, a changed body, path, method, timestamp or nonce', () => {
    const h = signRequest(me, 'POST', PATH, body, now);
    expect(verifyRequest(other.publicKey, 'POST', PATH, h, body, now)).toBe('bad_signature');
    expect(verifyRequest(keys.publicKey, 'POST', PATH, h, body + ' ', now)).toBe('bad_signature');
    expect(verifyRequest(keys.publicKey, 'POST', '/api/v1/federation/inbox/complaints', h, body, now)).toBe('bad_signature');
    expect(verifyRequest(keys.publicKey, 'PUT', PATH, h, body, now)).toBe('bad_signature');
    expect(verifyRequest(keys.publicKey, 'POST', PATH, { ...h, 'x-aduan-timestamp': String(Number(h['x-aduan-timestamp']) + 1) }, body, now)).toBe('bad_signature');
    expect(verifyRequest(keys.publicKey, 'POST', PATH, { ...h, 'x-aduan-nonce': 'a'.repeat(32) }, body, now)).toBe('bad_signature');
    expect(verifyRequest(keys.publicKey, 'POST', PATH, { ...h, 'x-aduan-signature': 'AAAA' }, body, now)).toBe('bad_signature');
  });

  it('refuses a timestamp outside the clock window, either way', () => {
    const h = signRequest(me, 'POST', PATH, body, now);
    const later = new Date(now.getTime() + (CLOCK_WINDOW_SECONDS + 1) * 1000);
    const earlier = new Date(now.getTime() - (CLOCK_WINDOW_SECONDS + 1) * 1000);
    expect(verifyRequest(keys.publicKey, 'POST', PATH, h, body, later)).toBe('stale');
    expect(verifyRequest(keys.publicKey, 'POST', PATH, h, body, earlier)).toBe('stale');
  });

  it('refuses missing headers and malformed keys', () => {
    const h = signRequest(me, 'POST', PATH, body, now);
    const { 'x-aduan-nonce': _n, ...noNonce } = h;
    expect(verifyRequest(keys.publicKey, 'POST', PATH, noNonce, body, now)).toBe('missing_headers');
    expect(verifyRequest(keys.publicKey, 'POST', PATH, {}, body, now)).toBe('missing_headers');
    expect(verifyRequest('bm90IGEga2V5', 'POST', PATH, h, body, now)).toBe('bad_signature');
    expect(parsePublicKey('bm90IGEga2V5')).toBeUndefined();
    expect(parsePublicKey(keys.publicKey)?.asymmetricKeyType).toBe('ed25519');
  });

  it('uses a fresh nonce for every request', () => {
    const a = signRequest(me, 'POST', PATH, body, now);
    const b = signRequest(me, 'POST', PATH, body, now);
    expect(a['x-aduan-nonce']).not.toBe(b['x-aduan-nonce']);
  });
});
