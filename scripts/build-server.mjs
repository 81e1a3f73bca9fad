#!/usr/bin/env node
// Builds the server into dist/server (main.js, worker.js): one ES module per process, the
// TypeScript already compiled, so that `npm start` does not transpile every source file through
// tsx at each start (about half of the start-up CPU on PGlite, issue #9). Packages stay external
// (node_modules is resolved as from the sources). Tests and the bench run the sources directly.
//
//   node scripts/build-server.mjs                 build (well under a second); `npm start` runs it first
//   node scripts/build-server.mjs --outdir DIR    elsewhere (a directory inside the checkout, so that
//                                                 node_modules resolves; the test of the build uses it)
//
// Sources find their files relative to themselves (migrations/, dist/web, common-passwords.txt,
// createRequire for optional packages): every `import.meta.url` is rewritten to the URL of the
// source file it was written in, computed from the bundle's own location, so the paths resolve as
// they do under tsx wherever the checkout lives.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdirAt = process.argv.indexOf('--outdir');
const OUT = outdirAt > 0 ? path.resolve(process.argv[outdirAt + 1]) : path.join(ROOT, 'dist', 'server');

const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      let contents = await fs.promises.readFile(args.path, 'utf8');
      if (contents.includes('import.meta.url')) {
        const rel = path.relative(OUT, args.path).split(path.sep).join('/');
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(rel)}, import.meta.url).href`);
      }
      return { contents, loader: 'ts' };
    });
  },
};

await build({
  absWorkingDir: ROOT,
  entryPoints: { main: 'server/main.ts', worker: 'server/worker.ts' },
  outdir: OUT,
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  // Keeps class and function names in stack traces and error messages.
  keepNames: true,
  plugins: [sourceUrls],
  logLevel: 'warning',
});
