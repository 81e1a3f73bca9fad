// The permission matrix for organisation-level actions: every role, held at Kabupaten Buleleng
// (or its PUPR unit for the liaison), against its own node, a child node, a sibling regency in the
// same province and a regency in another province.
import { describe, expect, it } from 'vitest';
import type { Actor, Grant, Role } from '../../server/modules/access/actor';
import { canManageCalendar, canManageOrganisation, canViewStatistics } from '../../server/modules/access/org-policy';

// Paths as the tree stores them: root 1; Bali 2 with Buleleng 3 (units 30, 31) and Badung 4; Jawa Timur 5 with Surabaya 6.
const NODES = {
  own: { path: '/1/2/3/' },
  child: { path: '/1/2/3/30/' },
  siblingRegency: { path: '/1/2/4/' },
  otherProvince: { path: '/1/5/6/' },
};
type Target = keyof typeof NODES;

function actor(role: Role): Actor {
  const at: Record<Role, Grant> = {
    reporter: { role, org: null, provincePath: null },
    national_admin: { role, org: { id: 9, code: 'kemenpanrb', path: '/1/9/', type: 'ministry' }, provincePath: null },
    oversight: { role, org: { id: 8, code: 'ombudsman', path: '/1/8/', type: 'oversight' }, provincePath: null },
    org_admin: { role, org: { id: 3, code: '51.08', path: '/1/2/3/', type: 'regency' }, provincePath: '/1/2/' },
    leader: { role, org: { id: 3, code: '51.08', path: '/1/2/3/', type: 'regency' }, provincePath: '/1/2/' },
    // The liaison's "own node" is its unit: for this matrix it is held at the regency's child.
    liaison: { role, org: { id: 30, code: '51.08.pupr', path: '/1/2/3/30/', type: 'unit' }, provincePath: '/1/2/' },
  };
  return { kind: 'user', userId: 1, username: role, displayName: role, grants: [at[role]] };
}

// Expected outcome per role for [own, child, siblingRegency, otherProvince].
const MATRIX: Record<string, Record<Role | 'guest', [boolean, boolean, boolean, boolean]>> = {
  manageOrganisation: {
    guest: [false, false, false, false],
    reporter: [false, false, false, false],
    national_admin: [true, true, true, true],
    org_admin: [true, true, false, false],
    liaison: [false, false, false, false],
    leader: [false, false, false, false],
    oversight: [false, false, false, false],
  },
  viewStatistics: {
    guest: [false, false, false, false],
    reporter: [false, false, false, false],
    national_admin: [true, true, true, true],
    org_admin: [true, true, true, false],
    // A liaison sees its own unit (the "child" node here) only.
    liaison: [false, true, false, false],
    leader: [true, true, false, false],
    oversight: [true, true, true, true],
  },
  manageRegionalCalendar: {
    guest: [false, false, false, false],
    reporter: [false, false, false, false],
    national_admin: [true, true, true, true],
    org_admin: [true, true, false, false],
    liaison: [false, false, false, false],
    leader: [false, false, false, false],
    oversight: [false, false, false, false],
  },
};

const FN = {
  manageOrganisation: canManageOrganisation,
  viewStatistics: canViewStatistics,
  manageRegionalCalendar: (a: Actor, n: { path: string }) => canManageCalendar(a, n),
};

const targets = Object.keys(NODES) as Target[];

describe.each(Object.keys(MATRIX))('%s', (perm) => {
  for (const role of Object.keys(MATRIX[perm]!) as (Role | 'guest')[]) {
    it.each(targets.map((t, i) => [t, MATRIX[perm]![role][i]] as const))(`${role} on %s → %s`, (target, expected) => {
      const a: Actor = role === 'guest' ? { kind: 'guest' } : actor(role);
      expect(FN[perm as keyof typeof FN](a, NODES[target])).toBe(expected);
    });
  }
});

describe('national calendar', () => {
  it('only national admins edit national days and cuti bersama', () => {
    for (const role of ['reporter', 'org_admin', 'liaison', 'leader', 'oversight'] as Role[]) expect(canManageCalendar(actor(role), null)).toBe(false);
    expect(canManageCalendar(actor('national_admin'), null)).toBe(true);
    expect(canManageCalendar({ kind: 'guest' }, null)).toBe(false);
  });
});
