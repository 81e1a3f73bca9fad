// Each test file gets a database of its own, copied from the seeded template, so files never see
// each other's rows and can run in parallel.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterAll, inject } from 'vitest';
import { openPglite, openPostgres, type Db } from '../../server/db/client';
import { adminUrl } from './env';

export const ENGINE = (process.env.TEST_ENGINE ?? 'pglite') as 'pglite' | 'postgres';

const urls = new WeakMap<Db, string>();
/** The connection URL of a PostgreSQL test database from testDb() (for a second pool to it); undefined on PGlite. */
export const testDatabaseUrl = (db: Db): string | undefined => urls.get(db);

export async function testDb(): Promise<Db> {
  if (ENGINE === 'postgres') {
    const url = process.env.TEST_DATABASE_URL!;
    const name = `${inject('databasePrefix')}t_${crypto.randomBytes(6).toString('hex')}`;
    const admin = await openPostgres(adminUrl(url, 'postgres'), 1);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const db = await openPostgres(adminUrl(url, name), 10);
    urls.set(db, adminUrl(url, name));
    afterAll(async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.close();
    });
    return db;
  }
  const tar = fs.readFileSync(inject('pgliteTemplate'));
  const db = await openPglite(undefined, { loadDataDir: new Blob([tar]) });
  afterAll(() => db.close());
  return db;
}
