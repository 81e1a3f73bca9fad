import { defineConfig } from 'vitest/config';

// Tiers: `unit` (pure functions), `pglite` and `postgres` (everything above them, once per engine).
// scripts/test.mjs picks the tiers that can run here and reports the ones it skipped.
const dbTier = (engine: 'pglite' | 'postgres') => ({
  test: {
    name: engine,
    include: ['test/db/**/*.test.ts'],
    env: { TEST_ENGINE: engine },
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite runs in-process: two files at once on two cores is the sweet spot.
    maxWorkers: 2,
  },
});

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      dbTier('pglite'),
      dbTier('postgres'),
      // Real Kannel (bearerbox, smsbox, fakesmsc) in front of a real server process: slow to start, one file at a time.
      { test: { name: 'sms', include: ['test/sms/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 300_000, maxWorkers: 1 } },
      // Chromium (Debian's /usr/bin/chromium) driven by playwright-core against a real server process and the built web app.
      { test: { name: 'browser', include: ['test/browser/**/*.test.ts'], globalSetup: ['test/browser/global-setup.ts'], testTimeout: 180_000, hookTimeout: 300_000, maxWorkers: 1 } },
    ],
  },
});
