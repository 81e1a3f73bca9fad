// One data-access layer over both engines: PGlite (embedded, in-process) and a PostgreSQL server
// through a pg pool. Everything above this file speaks plain PostgreSQL 15 SQL through `Queryable`.
import fs from 'node:fs';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL: cancels the statement running on backend `pid`, over a connection of its own (the pool may be exhausted). */
  cancelBackend?(pid: number): Promise<void>;
}

// int8 and numeric come back as strings by default; counts and averages here always fit a double.
const INT8 = 20;
const NUMERIC = 1700;
pg.types.setTypeParser(INT8, (v) => Number(v));
pg.types.setTypeParser(NUMERIC, (v) => Number(v));

export class DatabaseUnreachable extends Error {}

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize, connectionTimeoutMillis: 5000 });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  try {
    const c = await pool.connect();
    c.release();
  } catch (err) {
    await pool.end().catch(() => {});
    const u = new URL(url);
    throw new DatabaseUnreachable(
      `cannot connect to PostgreSQL at ${u.hostname}:${u.port || 5432}/${u.pathname.slice(1)}: ${(err as Error).message}`,
    );
  }
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await c.query(sql, params as unknown[] | undefined);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  return {
    engine: 'postgres',
    ...wrap(pool),
    async tx<T>(fn: (q: Queryable) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
    async cancelBackend(pid: number) {
      const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
      c.on('error', () => {});
      try {
        await c.connect();
        await c.query('SELECT pg_cancel_backend($1)', [pid]);
      } finally {
        await c.end().catch(() => {});
      }
    },
  };
}

/** dataDir undefined → in memory (tests). */
export async function openPglite(dataDir?: string, opts: { loadDataDir?: Blob } = {}): Promise<Db & { raw: PGlite }> {
  if (dataDir) fs.mkdirSync(dataDir, { recursive: true });
  // Loaded only for the embedded engine: a server on PostgreSQL saves about 37 MB of resident memory.
  const { PGlite, types: pgliteTypes } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const db = await PGlite.create({
    dataDir,
    extensions: { pg_trgm },
    loadDataDir: opts.loadDataDir,
    parsers: { [pgliteTypes.INT8]: (v: string) => Number(v), [pgliteTypes.NUMERIC]: (v: string) => Number(v) },
  });
  const wrap = (c: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const r = await c.query<T>(sql, params as unknown[] | undefined);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.exec(sql);
    },
  });
  return {
    engine: 'pglite',
    raw: db,
    ...wrap(db),
    // PGlite is one connection: its transaction() holds a lock, so transactions run one at a time.
    tx: <T>(fn: (q: Queryable) => Promise<T>) => db.transaction((t) => fn(wrap(t))),
    close: () => db.close(),
  };
}

export async function openDatabase(cfg: { databaseUrl?: string; dataDir: string; databasePoolSize?: number }): Promise<Db> {
  if (cfg.databaseUrl) return openPostgres(cfg.databaseUrl, cfg.databasePoolSize);
  return openPglite(`${cfg.dataDir}/pglite`);
}

/** PostgreSQL error codes the domain reacts to. */
export const PgError = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
  lockNotAvailable: '55P03',
} as const;

export function pgCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}
