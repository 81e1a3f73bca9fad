// The process: configuration, database, migrations, demo data, HTTP server, worker, shutdown.
import { configOrExit, loggerFor, migratedDatabaseOrExit } from './boot';
import { buildApp } from './app';
import { systemClock } from './platform/clock';
import { seedDemoIfEmpty } from './seed/demo';
import { createAppWorker } from './jobs/app-worker';

async function main() {
  const config = configOrExit();
  const log = loggerFor(config);
  const started = Date.now();
  const db = await migratedDatabaseOrExit(config, log);
  let stopping = false;
  // The demo complaints (~200 through the commands, a few seconds on PGlite) are seeded in the
  // background: the server answers meanwhile (/healthz at once; lists fill up as they go in), and
  // the worker starts only once they are all in, so that it does not escalate or auto-close them
  // while they are being filed. Shutdown stops the seeding between two steps.
  let demoComplaints: Promise<unknown> = Promise.resolve();
  if (config.seedDemo) {
    const seeded = await seedDemoIfEmpty(db, {
      password: config.demoPassword,
      clock: systemClock,
      attachmentsDir: config.attachmentsDir,
      background: true,
      shouldStop: () => stopping,
    });
    if (seeded) {
      console.log(`\nDemo data seeded. Accounts (password "${config.demoPassword}"):`);
      for (const a of seeded.accounts) console.log(`  ${a.username.padEnd(16)} ${a.role.padEnd(15)} ${a.organisation ?? ''}`);
      console.log('  plus a liaison officer <unit>.buleleng / <unit>.badung for every unit (e.g. rsud.buleleng, pupr.badung)');
      console.log('');
      demoComplaints = seeded.complaints.then((r) => {
        if (r.error) log.error({ err: r.error, complaints: r.complaints }, 'seeding the demo complaints failed');
        else log.info({ complaints: r.complaints, byStatus: r.byStatus, ms: r.ms }, stopping ? 'demo complaints seeding stopped' : 'demo complaints seeded');
      });
    }
  }
  const app = await buildApp({ config, db, clock: systemClock }, { logger: log });
  await app.listen({ port: config.port, host: config.host });
  log.info({ engine: db.engine, ms: Date.now() - started }, `Aduan listening on http://${config.host}:${config.port}`);
  const worker = config.inProcessWorker
    ? createAppWorker(config, db, systemClock, log.child({ component: 'worker' }))
    : undefined;
  // The first pass comes one interval after listening, like every later one: on PGlite its queries
  // run on this thread, and at start they would hold up the first requests (and readiness probes)
  // for work that can wait a couple of seconds (issue #9, PGlite start-up).
  let workerDelay: NodeJS.Timeout | undefined;
  void demoComplaints.then(() => {
    if (!stopping && worker) workerDelay = setTimeout(() => worker.start(config.workerIntervalMs), config.workerIntervalMs);
  });

  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    clearTimeout(workerDelay);
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      log.error('shutdown timed out');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // close() stops accepting connections and waits for in-flight requests to finish.
    await Promise.all([app.close(), worker?.stop(), demoComplaints]);
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  console.error(`Aduan failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
