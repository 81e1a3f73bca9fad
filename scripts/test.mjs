#!/usr/bin/env node
// Runs every test tier this machine can run and says which ran, which were skipped and why.
// With CI=true a skipped tier is a failure: CI must prove every tier.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ci = process.env.CI === 'true' || process.env.CI === '1';
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

async function postgresReason() {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return 'TEST_DATABASE_URL is not set';
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.end();
    return null;
  } catch (e) {
    return `cannot reach TEST_DATABASE_URL (${e.message})`;
  }
}

// The SMS tier drives Debian's kannel (bearerbox, smsbox) and kannel-extras (fakesmsc).
async function kannelReason() {
  const missing = ['/usr/sbin/bearerbox', '/usr/sbin/smsbox', '/usr/lib/kannel/test/fakesmsc'].filter((f) => !fs.existsSync(f));
  return missing.length ? `Kannel is not installed (missing ${missing.join(', ')}; apt-get install kannel kannel-extras)` : null;
}

// The browser tier drives Debian's chromium with playwright-core.
async function chromiumReason() {
  return fs.existsSync('/usr/bin/chromium') ? null : 'Chromium is not installed (missing /usr/bin/chromium; apt-get install chromium)';
}

const tiers = [
  { name: 'unit', why: async () => null },
  { name: 'pglite', why: async () => null },
  { name: 'postgres', why: postgresReason },
  { name: 'sms', why: kannelReason },
  { name: 'browser', why: chromiumReason },
];

const results = [];
let failed = false;
for (const tier of tiers) {
  if (only.length && !only.includes(tier.name)) continue;
  const reason = await tier.why();
  if (reason) {
    results.push({ tier: tier.name, status: 'skipped', reason });
    continue;
  }
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-vitest-')), 'report.json');
  const r = spawnSync('npx', ['vitest', 'run', '--project', tier.name, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`], {
    stdio: 'inherit',
    env: process.env,
  });
  let counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const j = JSON.parse(fs.readFileSync(out, 'utf8'));
    counts = { passed: j.numPassedTests, failed: j.numFailedTests + (j.numFailedTestSuites ? 0 : 0), skipped: j.numPendingTests + j.numTodoTests };
    if (j.numFailedTestSuites > 0 && j.numFailedTests === 0) counts.failed = j.numFailedTestSuites;
  } catch {
    counts.failed = Math.max(1, counts.failed);
  }
  const ok = r.status === 0 && counts.failed === 0 && counts.passed > 0;
  if (!ok) failed = true;
  results.push({ tier: tier.name, status: ok ? 'passed' : 'failed', ...counts });
}

console.log('\nTest tiers:');
let passed = 0;
let failedCount = 0;
let skippedTests = 0;
for (const r of results) {
  if (r.status === 'skipped') console.log(`  ${r.tier.padEnd(10)} SKIPPED  ${r.reason}`);
  else {
    console.log(`  ${r.tier.padEnd(10)} ${r.status.toUpperCase().padEnd(8)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
    passed += r.passed;
    failedCount += r.failed;
    skippedTests += r.skipped;
  }
}
const skippedTiers = results.filter((r) => r.status === 'skipped');
if (ci && skippedTiers.length) {
  console.log(`\nCI=true: a skipped tier is a failure (${skippedTiers.map((r) => r.tier).join(', ')}).`);
  failed = true;
}
if (ci && skippedTests > 0) {
  console.log(`\nCI=true: ${skippedTests} skipped test(s) inside tiers; nothing may be skipped in CI.`);
  failed = true;
}
console.log(`\n${passed} passed, ${failedCount} failed`);
process.exit(failed ? 1 : 0);
