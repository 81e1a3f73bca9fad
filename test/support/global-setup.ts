// Builds one migrated and seeded template per engine, once per run; each test file then gets its
// own copy (a PGlite data-dir dump, or a PostgreSQL database created from a template database).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../../server/db/client';
import { migrate } from '../../server/db/migrate';
import { seedDemoAccounts, seedDemoOrganisation } from '../../server/seed/demo';
import { TEST_PASSWORD, adminUrl, runDatabasePrefix, templateName } from './env';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    postgresTemplate: string;
    databasePrefix: string;
  }
}

export default async function setup(project: TestProject) {
  const engine = process.env.TEST_ENGINE ?? (project.config.env?.TEST_ENGINE as string | undefined);
  if (engine === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('TEST_DATABASE_URL is required for the postgres tier');
    const name = templateName();
    const admin = await openPostgres(adminUrl(url, 'postgres'), 2);
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    const db = await openPostgres(adminUrl(url, name), 2);
    await migrate(db);
    await db.tx(async (q) => {
      await seedDemoOrganisation(q);
      await seedDemoAccounts(q, TEST_PASSWORD);
    });
    await db.close();
    project.provide('postgresTemplate', name);
    const prefix = runDatabasePrefix();
    project.provide('databasePrefix', prefix);
    return async () => {
      const left = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE left(datname, length($1)) = $1', [prefix]);
      for (const { datname } of left.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`).catch(() => {});
      await admin.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => {});
      await admin.close();
    };
  }
  const db = await openPglite();
  await migrate(db);
  await db.tx(async (q) => {
    await seedDemoOrganisation(q);
    await seedDemoAccounts(q, TEST_PASSWORD);
  });
  const dump = await db.raw.dumpDataDir('none');
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'aduan-tpl-')), 'template.tar');
  fs.writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  await db.close();
  project.provide('pgliteTemplate', file);
  return () => fs.rmSync(path.dirname(file), { recursive: true, force: true });
}
