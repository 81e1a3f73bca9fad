import { describe, it, expect } from 'vitest';
import { CATEGORIES, UNIT_SLUGS } from '../../server/seed/categories';
import { DEMO_COMPLAINTS, DEMO_DISTRICTS, DEMO_REGENCY_UNITS } from '../../server/seed/demo-complaints';

const ALLOWED_UNITS: readonly string[] = [
  'org',
  'kominfosanti',
  'pupr',
  'dinkes',
  'disdik',
  'dishub',
  'dlh',
  'disdukcapil',
  'rsud',
];
const RESOLUTION_CLASSES = ['ordinary', 'no_inspection', 'inspection'];
const CODE_RE = /^[a-z]+(\.[a-z_]+)*$/;

const byCode = new Map(CATEGORIES.map((c) => [c.code, c]));
const topLevel = CATEGORIES.filter((c) => c.parentCode === null);
const subCategories = CATEGORIES.filter((c) => c.parentCode !== null);

describe('CATEGORIES', () => {
  it('exports the allowed unit slug list', () => {
    expect([...UNIT_SLUGS].sort()).toEqual([...ALLOWED_UNITS].sort());
  });

  it('has unique codes matching the code pattern', () => {
    expect(byCode.size).toBe(CATEGORIES.length);
    for (const c of CATEGORIES) expect(c.code, c.code).toMatch(CODE_RE);
  });

  it('has about ten top-level groups, each with 2–5 sub-categories', () => {
    expect(topLevel.length).toBeGreaterThanOrEqual(8);
    for (const g of topLevel) {
      const children = subCategories.filter((c) => c.parentCode === g.code);
      expect(children.length, g.code).toBeGreaterThanOrEqual(2);
      expect(children.length, g.code).toBeLessThanOrEqual(5);
    }
  });

  it('every parentCode exists, is top-level, and prefixes the child code', () => {
    for (const c of subCategories) {
      const parent = byCode.get(c.parentCode!);
      expect(parent, `${c.code} → ${c.parentCode}`).toBeDefined();
      expect(parent!.parentCode, c.code).toBeNull();
      expect(c.code.startsWith(`${c.parentCode}.`), c.code).toBe(true);
    }
  });

  it('top-level groups have no default unit; sub-categories have an allowed one', () => {
    for (const g of topLevel) expect(g.defaultUnitSlug, g.code).toBeNull();
    for (const c of subCategories) expect(ALLOWED_UNITS, c.code).toContain(c.defaultUnitSlug);
  });

  it('uses valid resolution classes and non-empty names', () => {
    for (const c of CATEGORIES) {
      expect(RESOLUTION_CLASSES, c.code).toContain(c.resolutionClass);
      expect(c.nameId.trim().length, c.code).toBeGreaterThan(0);
      expect(c.nameEn.trim().length, c.code).toBeGreaterThan(0);
    }
  });

  it('assigns sensible resolution classes to well-known sub-categories', () => {
    expect(byCode.get('infrastruktur.jalan')?.resolutionClass).toBe('inspection');
    expect(byCode.get('kependudukan.ktp_el')?.resolutionClass).toBe('ordinary');
    const classes = new Set(subCategories.map((c) => c.resolutionClass));
    expect(classes.size).toBe(3);
  });
});

describe('DEMO_COMPLAINTS', () => {
  it('has at least 70 entries', () => {
    expect(DEMO_COMPLAINTS.length).toBeGreaterThanOrEqual(70);
  });

  it('entries are distinct (unique titles and bodies)', () => {
    expect(new Set(DEMO_COMPLAINTS.map((c) => c.title)).size).toBe(DEMO_COMPLAINTS.length);
    expect(new Set(DEMO_COMPLAINTS.map((c) => c.body)).size).toBe(DEMO_COMPLAINTS.length);
  });

  it('every categoryCode exists and is a sub-category', () => {
    for (const c of DEMO_COMPLAINTS) {
      const cat = byCode.get(c.categoryCode);
      expect(cat, `${c.title}: ${c.categoryCode}`).toBeDefined();
      expect(cat!.parentCode, c.categoryCode).not.toBeNull();
    }
  });

  it('unitSlug and misaddressedTo are allowed units of the regency, and differ', () => {
    for (const c of DEMO_COMPLAINTS) {
      expect(ALLOWED_UNITS, c.title).toContain(c.unitSlug);
      expect(DEMO_REGENCY_UNITS[c.regencyCode], `${c.title} (${c.regencyCode})`).toContain(c.unitSlug);
      if (c.misaddressedTo !== undefined) {
        expect(ALLOWED_UNITS, c.title).toContain(c.misaddressedTo);
        expect(DEMO_REGENCY_UNITS[c.regencyCode], c.title).toContain(c.misaddressedTo);
        expect(c.misaddressedTo, c.title).not.toBe(c.unitSlug);
      }
    }
  });

  it('district belongs to the regency', () => {
    for (const c of DEMO_COMPLAINTS) {
      expect(DEMO_DISTRICTS[c.regencyCode], `${c.title}: ${c.district}`).toContain(c.district);
    }
  });

  it('titles are 20–90 chars; bodies and names are non-trivial', () => {
    for (const c of DEMO_COMPLAINTS) {
      expect(c.title.length, c.title).toBeGreaterThanOrEqual(20);
      expect(c.title.length, c.title).toBeLessThanOrEqual(90);
      expect(c.body.length, c.title).toBeGreaterThanOrEqual(80);
      expect(c.reporterName.trim().length, c.title).toBeGreaterThan(2);
      for (const opt of [c.response, c.obstacle, c.ratingComment]) {
        if (opt !== undefined) expect(opt.trim().length, c.title).toBeGreaterThan(5);
      }
    }
  });

  it('contains no phone numbers or 16-digit identifiers (NIK/KK)', () => {
    for (const c of DEMO_COMPLAINTS) {
      const text = [c.title, c.body, c.response, c.obstacle, c.ratingComment].filter(Boolean).join(' ');
      expect(text, c.title).not.toMatch(/(\+62|\b0)8\d{7,}/);
      expect(text, c.title).not.toMatch(/\d{10,}/);
    }
  });

  it('has at least 5 misaddressed, several anonymous and at least one confidential entry', () => {
    expect(DEMO_COMPLAINTS.filter((c) => c.misaddressedTo).length).toBeGreaterThanOrEqual(5);
    expect(DEMO_COMPLAINTS.filter((c) => c.anonymous).length).toBeGreaterThanOrEqual(5);
    expect(DEMO_COMPLAINTS.filter((c) => c.confidential).length).toBeGreaterThanOrEqual(1);
  });

  it('represents all three types, mostly pengaduan', () => {
    const types = new Set(DEMO_COMPLAINTS.map((c) => c.type));
    expect([...types].sort()).toEqual(['aspirasi', 'informasi', 'pengaduan']);
    const pengaduan = DEMO_COMPLAINTS.filter((c) => c.type === 'pengaduan').length;
    expect(pengaduan / DEMO_COMPLAINTS.length).toBeGreaterThan(0.5);
  });

  it('is roughly 75% Buleleng / 25% Badung', () => {
    const buleleng = DEMO_COMPLAINTS.filter((c) => c.regencyCode === '51.08').length;
    const share = buleleng / DEMO_COMPLAINTS.length;
    expect(share).toBeGreaterThan(0.65);
    expect(share).toBeLessThan(0.85);
  });

  it('has responses, obstacles and rating comments in plausible proportions', () => {
    const n = DEMO_COMPLAINTS.length;
    const share = (pred: (c: (typeof DEMO_COMPLAINTS)[number]) => boolean) => DEMO_COMPLAINTS.filter(pred).length / n;
    expect(share((c) => c.response !== undefined)).toBeGreaterThan(0.45);
    expect(share((c) => c.obstacle !== undefined)).toBeGreaterThan(0.08);
    expect(share((c) => c.ratingComment !== undefined)).toBeGreaterThan(0.15);
    // A rating comment or an obstacle only makes sense once the unit has responded.
    for (const c of DEMO_COMPLAINTS) {
      if (c.ratingComment !== undefined || c.obstacle !== undefined) expect(c.response, c.title).toBeDefined();
    }
  });
});
