// Webhook signatures (docs/webhooks.md) and the retry schedule.
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { signature, verifySignature, webhookBackoffMs, RETRY_WINDOW_MS } from '../../server/modules/webhooks/deliver';
import { checkWebhookUrl, WEBHOOK_EVENT_TYPES } from '../../server/modules/webhooks';

describe('signatures', () => {
  it('t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">', () => {
    const sig = signature('whsec_test', '{"a":1}', 1_780_000_000);
    const mac = crypto.createHmac('sha256', 'whsec_test').update('1780000000.{"a":1}').digest('hex');
    expect(sig).toBe(`t=1780000000,v1=${mac}`);
  });
  it('verifies the right secret and body within the tolerance, and nothing else', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string(), fc.integer({ min: 1_600_000_000, max: 2_000_000_000 }), fc.integer({ min: -300, max: 300 }), (secret, body, t, skew) => {
        const sig = signature(secret, body, t);
        expect(verifySignature(secret, body, sig, t + skew)).toBe(true);
        expect(verifySignature(`${secret}x`, body, sig, t)).toBe(false);
        expect(verifySignature(secret, `${body}x`, sig, t)).toBe(false);
        expect(verifySignature(secret, body, sig, t + 301)).toBe(false);
      }),
    );
    expect(verifySignature('s', 'b', 'garbage', 0)).toBe(false);
    expect(verifySignature('s', 'b', 't=1,v1=abc', 1)).toBe(false);
  });
});

describe('retries', () => {
  it('back off 30 s, 1, 2, 4 … minutes, at most an hour, inside a 24-hour window', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map(webhookBackoffMs)).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000, 3_600_000]);
    expect(webhookBackoffMs(1000)).toBe(3_600_000);
    expect(RETRY_WINDOW_MS).toBe(86_400_000);
  });
});

describe('registration rules', () => {
  it('URLs: http(s), no credentials or fragment', () => {
    expect(checkWebhookUrl('https://sistem.bulelengkab.go.id/aduan/hook')).toBeUndefined();
    expect(checkWebhookUrl('http://10.0.0.5:8080/hook?x=1')).toBeUndefined();
    expect(checkWebhookUrl('ftp://x/y')).toMatch(/http/);
    expect(checkWebhookUrl('https://a:b@x/y')).toMatch(/password/);
    expect(checkWebhookUrl('https://x/y#z')).toMatch(/fragment/);
    expect(checkWebhookUrl('x')).toMatch(/not a valid URL/);
  });
  it('event types: every lifecycle action, submitted, reminder, or all', () => {
    expect(WEBHOOK_EVENT_TYPES).toEqual(expect.arrayContaining(['complaint.*', 'complaint.submitted', 'complaint.verify', 'complaint.respond', 'complaint.close', 'complaint.reminder']));
  });
});
