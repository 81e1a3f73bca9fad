// What both processes (web and `npm run worker`) do first: a valid configuration or exit 2, a
// reachable and migrated database or exit 3 — with a message, never a stack trace.
import pino, { type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config';
import { DatabaseUnreachable, openDatabase, type Db } from './db/client';
import { migrate } from './db/migrate';

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

export async function migratedDatabaseOrExit(config: Config, log: Logger): Promise<Db> {
  let db: Db;
  try {
    db = await openDatabase(config);
  } catch (err) {
    if (err instanceof DatabaseUnreachable) {
      log.fatal(err.message);
      process.exit(3);
    }
    throw err;
  }
  const applied = await migrate(db);
  if (applied.length) log.info({ applied }, 'migrations applied');
  return db;
}

export const loggerFor = (config: Config): Logger => pino({ level: config.logLevel });
