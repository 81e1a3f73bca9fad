// API keys as actors: the grants their scopes stand for, and the rule that a key never sees the
// reporter's identity — whatever its scopes, even on the complaints it filed. The SQL scope agrees.
import { describe, expect, it } from 'vitest';
import type { Actor, OrgRef } from '../../server/modules/access/actor';
import { grantsOf, primaryRole } from '../../server/modules/access/actor';
import { canManageApiKeys, canManageOrganisation, canViewStatistics } from '../../server/modules/access/org-policy';
import { abilities, partiesOf, readLevel, seesReporterIdentity, visibleSql, type ComplaintFacts } from '../../server/modules/complaints/permissions';
import { grantsForScopes, TokenBuckets, looksLikeApiKey, newApiKey, hashApiKey } from '../../server/modules/apikeys';
import { fixedClock } from '../../server/platform/clock';

// Root 1; Bali 2; Buleleng 3 with PUPR 30 and Dinkes 31; Badung 4.
const BULELENG: OrgRef = { id: 3, code: '51.08', path: '/1/2/3/', type: 'regency' };
const PUPR: OrgRef = { id: 30, code: '51.08.pupr', path: '/1/2/3/30/', type: 'unit' };
const key = (scopes: string[], org: OrgRef = BULELENG, keyId = 7): Actor => ({ kind: 'apikey', keyId, organisation: org, scopes, grants: grantsForScopes(scopes, org, '/1/2/') });

const facts = (over: Partial<ComplaintFacts> = {}): ComplaintFacts => ({
  status: 'disposed',
  anonymous: false,
  confidential: false,
  verified: true,
  reporterUserId: null,
  adminOrgPath: '/1/2/3/',
  holderOrgPath: '/1/2/3/30/',
  provincePath: '/1/2/',
  apiKeyId: null,
  ...over,
});

describe('grants from scopes', () => {
  it('read is a leader, act a liaison, submit nothing — at the key’s organisation only', () => {
    expect(grantsForScopes(['submit'], BULELENG, null)).toEqual([]);
    expect(grantsForScopes(['read', 'act'], PUPR, '/1/2/').map((g) => [g.role, g.org?.code])).toEqual([
      ['leader', '51.08.pupr'],
      ['liaison', '51.08.pupr'],
    ]);
    expect(grantsOf(key(['read']))).toHaveLength(1);
    expect(primaryRole(key(['read']))).toBe('apikey');
  });
  it('a key manages nothing; it may see its organisation’s statistics with read', () => {
    for (const scopes of [['read'], ['act'], ['submit'], ['read', 'act', 'submit']]) {
      expect(canManageOrganisation(key(scopes), { path: '/1/2/3/' })).toBe(false);
      expect(canManageApiKeys(key(scopes), { path: '/1/2/3/' })).toBe(false);
    }
    expect(canViewStatistics(key(['read']), { path: '/1/2/3/' })).toBe(true);
    expect(canViewStatistics(key(['read']), { path: '/1/2/4/' })).toBe(false);
    expect(canViewStatistics(key(['submit']), { path: '/1/2/3/' })).toBe(false);
  });
});

describe('complaint permissions of a key', () => {
  it('read: staff view of its organisation’s complaints, nothing of a neighbour’s beyond the public', () => {
    expect(readLevel(key(['read']), facts())).toBe('staff');
    expect(readLevel(key(['read']), facts({ verified: false, status: 'submitted', holderOrgPath: null }))).toBe('staff');
    expect(readLevel(key(['read']), facts({ adminOrgPath: '/1/2/4/', holderOrgPath: '/1/2/4/40/' }))).toBe('public');
    expect(readLevel(key(['read']), facts({ adminOrgPath: '/1/2/4/', holderOrgPath: null, verified: false, status: 'submitted' }))).toBe('none');
    expect(abilities(key(['read']), facts())).toEqual([]);
  });
  it('act: the handler of what its unit holds, never the admin', () => {
    const a = key(['act'], PUPR);
    expect([...partiesOf(a, facts())]).toEqual(['handler']);
    expect(abilities(a, facts())).toEqual(expect.arrayContaining(['accept', 'respond', 'return']));
    expect(abilities(a, facts())).not.toContain('verify');
    expect(partiesOf(a, facts({ holderOrgPath: '/1/2/3/31/' })).size).toBe(0);
    expect(partiesOf(key(['act'], BULELENG), facts({ status: 'submitted', verified: false, holderOrgPath: null })).has('admin')).toBe(false);
  });
  it('the key that filed a complaint is its reporter party; another key is not', () => {
    expect([...partiesOf(key(['submit'], BULELENG, 7), facts({ apiKeyId: 7, status: 'submitted', verified: false, holderOrgPath: null }))]).toEqual(['reporter']);
    expect(readLevel(key(['submit'], BULELENG, 7), facts({ apiKeyId: 7, status: 'submitted', verified: false }))).toBe('reporter');
    expect(partiesOf(key(['submit'], BULELENG, 8), facts({ apiKeyId: 7 })).size).toBe(0);
    // A user whose id happens to equal the key's id is not its reporter, and vice versa.
    expect(partiesOf({ kind: 'user', userId: 7, username: 'x', displayName: 'x', grants: [] }, facts({ apiKeyId: 7 })).size).toBe(0);
  });
  it('never sees the reporter’s identity, whatever its scopes, anonymous or not, even as the filer', () => {
    for (const scopes of [['read'], ['act'], ['submit'], ['read', 'act', 'submit']]) {
      for (const org of [BULELENG, PUPR]) {
        for (const f of [facts(), facts({ anonymous: true }), facts({ apiKeyId: 7 }), facts({ apiKeyId: 7, status: 'submitted', verified: false })]) {
          expect(seesReporterIdentity(key(scopes, org), f)).toBe(false);
          expect(seesReporterIdentity(key(scopes, org), f, { accessCode: true })).toBe(false);
        }
      }
    }
    // The rules for people are unchanged: the liaison holding a non-anonymous complaint sees the reporter.
    const liaison: Actor = { kind: 'user', userId: 1, username: 'p', displayName: 'p', grants: [{ role: 'liaison', org: PUPR, provincePath: '/1/2/' }] };
    expect(seesReporterIdentity(liaison, facts())).toBe(true);
  });
  it('the SQL scope lists what it may read: its filed complaints plus its grants', () => {
    const params: unknown[] = [];
    const sql = visibleSql(key(['read', 'submit'], BULELENG, 7), params);
    expect(sql).toBe('(c.api_key_id = $1 OR c.admin_org_path LIKE $2 OR c.holder_org_path LIKE $2)');
    expect(params).toEqual([7, '/1/2/3/%']);
    const p2: unknown[] = [];
    expect(visibleSql(key(['submit'], BULELENG, 9), p2)).toBe('(c.api_key_id = $1)');
    const p3: unknown[] = [];
    expect(visibleSql(key(['act'], PUPR, 9), p3)).toBe('(c.api_key_id = $1 OR c.holder_org_path LIKE $2)');
  });
});

describe('keys and their rate', () => {
  it('a key is adn_ and 43 base64url characters; only its hash is kept', () => {
    const k = newApiKey();
    expect(looksLikeApiKey(k)).toBe(true);
    expect(looksLikeApiKey(k.slice(0, -1))).toBe(false);
    expect(hashApiKey(k)).toMatch(/^[0-9a-f]{64}$/);
    expect(newApiKey()).not.toBe(k);
  });
  it('a token bucket per key: a burst of the rate, refilled over the minute', () => {
    const clock = fixedClock('2026-07-06T00:00:00Z');
    const b = new TokenBuckets(60, clock);
    for (let i = 0; i < 60; i++) expect(b.take(1)).toBe(0);
    expect(b.take(1)).toBe(1);
    expect(b.take(2)).toBe(0);
    clock.advance(1000);
    expect(b.take(1)).toBe(0);
    expect(b.take(1)).toBe(1);
    clock.advance(-60_000);
    expect(b.take(1)).toBe(1);
    clock.advance(120_000);
    for (let i = 0; i < 60; i++) expect(b.take(1)).toBe(0);
    const slow = new TokenBuckets(2, clock);
    slow.take(5);
    slow.take(5);
    expect(slow.take(5)).toBe(30);
  });
});
