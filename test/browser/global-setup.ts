// Builds the web app once for the browser tier when dist/web is missing or older than its sources.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export default function setup() {
  const root = path.resolve(import.meta.dirname, '../..');
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-web.mjs'), '--if-stale', '--strict'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the web app did not build (node scripts/build-web.mjs)');
  if (!fs.existsSync(path.join(root, 'dist', 'web', 'index.html'))) throw new Error('dist/web/index.html is missing after the build');
}
