// The worker on its own (`npm run worker`): configuration, database, migrations, then passes every
// WORKER_INTERVAL_MS until SIGTERM/SIGINT, which lets the pass in progress finish before closing.
// Several may run against one PostgreSQL database, next to web processes with or without their own
// in-process worker. The embedded PGlite database belongs to the web process, so there the worker
// runs inside it (WORKER_IN_PROCESS=true) and this entry point refuses to start.
import { configOrExit, loggerFor, migratedDatabaseOrExit } from './boot';
import { systemClock } from './platform/clock';
import { createAppWorker } from './jobs/app-worker';

async function main() {
  const config = configOrExit();
  const log = loggerFor(config);
  if (!config.databaseUrl) {
    console.error(
      'Configuration error: the standalone worker needs DATABASE_URL (PostgreSQL). With the embedded database the worker runs inside the web process (WORKER_IN_PROCESS=true).',
    );
    process.exit(2);
  }
  const db = await migratedDatabaseOrExit(config, log);

  const worker = createAppWorker(config, db, systemClock, log.child({ component: 'worker' }));
  worker.start(config.workerIntervalMs);
  log.info({ engine: db.engine, intervalMs: config.workerIntervalMs }, 'Aduan worker running');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'worker shutting down');
    const force = setTimeout(() => {
      log.error('worker shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    await worker.stop();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(`Aduan worker failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
