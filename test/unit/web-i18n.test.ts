// Every pair of web dictionaries (web/src/i18n and each audience's web/src/<audience>/i18n) has
// exactly the same keys in Bahasa Indonesia and English, no empty texts, and the same {placeholders}.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../web/src');

function dictionaryDirs(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!e.isDirectory()) continue;
    const p = path.join(dir, e.name);
    if (e.name === 'i18n' && fs.existsSync(path.join(p, 'id.ts'))) out.push(p);
    out.push(...dictionaryDirs(p));
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const dirs = dictionaryDirs(SRC);

describe('web dictionaries', () => {
  it('finds the main dictionary pair', () => {
    expect(dirs).toContain(path.join(SRC, 'i18n'));
  });

  for (const dir of dirs) {
    const name = path.relative(SRC, dir);
    it(`${name}: id and en have the same keys, no empty values, same placeholders`, async () => {
      expect(fs.existsSync(path.join(dir, 'en.ts')), `${name}/en.ts exists`).toBe(true);
      const id = (await import(pathToFileURL(path.join(dir, 'id.ts')).href)).id as Record<string, string>;
      const en = (await import(pathToFileURL(path.join(dir, 'en.ts')).href)).en as Record<string, string>;
      expect(Object.keys(id).length).toBeGreaterThan(0);
      expect(Object.keys(en).sort()).toEqual(Object.keys(id).sort());
      for (const [lang, dict] of [['id', id], ['en', en]] as const) {
        for (const [k, v] of Object.entries(dict)) {
          expect(typeof v, `${lang} ${k}`).toBe('string');
          expect(v.trim(), `${lang} ${k} is empty`).not.toBe('');
        }
      }
      for (const k of Object.keys(id)) expect(placeholders(en[k]!), `placeholders of ${k}`).toEqual(placeholders(id[k]!));
    });
  }
});
