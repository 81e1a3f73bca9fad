// The web app's build. Root is web/, output dist/web (served by server/web.ts). The Vite manifest
// (dist/web/.vite/manifest.json) is read by scripts/build-web.mjs for the bundle budget and the
// service worker's precache list.
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  publicDir: path.join(here, 'public'),
  plugins: [react()],
  build: {
    outDir: path.join(here, '..', 'dist', 'web'),
    emptyOutDir: true,
    manifest: true,
    target: 'es2020',
    sourcemap: false,
    // Everything goes through a file: no inline scripts or data: URLs for assets (CSP script-src 'self').
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
    rolldownOptions: {
      output: {
        entryFileNames: 'assets/[name]-[hash].js',
        chunkFileNames: 'assets/[name]-[hash].js',
        assetFileNames: 'assets/[name]-[hash][extname]',
      },
    },
  },
  server: {
    // `npm run dev:web`: Vite on 5173 with the API proxied to a server started with `npm start`.
    port: 5173,
    proxy: {
      '/api': { target: process.env.ADUAN_API ?? 'http://127.0.0.1:3000', changeOrigin: false },
      '/healthz': { target: process.env.ADUAN_API ?? 'http://127.0.0.1:3000' },
    },
  },
});
