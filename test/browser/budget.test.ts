// The build's bundle budget: `npm run build:web` exits 0, prints the citizen first-load figure
// (gzip) and it is within 150 KB; an immediate `--if-stale` run finds nothing to do.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support';

describe('web build budget', () => {
  it('builds, prints the citizen first-load size and stays within the budget', () => {
    const r = spawnSync(process.execPath, ['scripts/build-web.mjs'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const m = /budget: citizen first load ([\d.]+) KB gzip of ([\d.]+) KB allowed — OK/.exec(r.stdout);
    expect(m, r.stdout).not.toBeNull();
    const [size, budget] = [Number(m![1]), Number(m![2])];
    expect(budget).toBe(150);
    expect(size).toBeGreaterThan(20);
    expect(size).toBeLessThanOrEqual(budget);

    const info = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'web', '.build-info.json'), 'utf8'));
    expect(info.firstLoadGzipBytes).toBeLessThanOrEqual(150 * 1024);
    // Only the citizen chunks count: the staff and dashboard chunks and Leaflet are not in the first load.
    expect(info.files.map((f: { file: string }) => f.file).join(' ')).not.toMatch(/staff|dashboard|LocationMap|leaflet/i);
    for (const f of ['sw.js', 'manifest.webmanifest', 'icons/icon-192.png', 'icons/icon-512.png', 'icons/maskable-512.png', 'index.html.br', 'index.html.gz']) {
      expect(fs.existsSync(path.join(ROOT, 'dist', 'web', f)), f).toBe(true);
    }
    const sw = fs.readFileSync(path.join(ROOT, 'dist', 'web', 'sw.js'), 'utf8');
    expect(sw).not.toContain('__ADUAN_PRECACHE__');
    for (const f of info.files) expect(sw).toContain(`/${f.file}`);

    const again = spawnSync(process.execPath, ['scripts/build-web.mjs', '--if-stale'], { cwd: ROOT, encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('web app is up to date');
  });
});
