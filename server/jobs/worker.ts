// The background worker: one pass runs the deadline sweep and then dispatches the outbox (so the
// events the sweep wrote go out in the same pass). It runs inside the web process
// (WORKER_IN_PROCESS, the default) or on its own (`npm run worker`, server/worker.ts); any number
// of workers may run against one PostgreSQL database — they coordinate through row locks only.
import pino, { type Logger } from 'pino';
import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import { DEFAULT_HANDLERS, dispatchOutbox, type HandlerRegistry } from './outbox';
import { sweepDeadlines, type SweepResult } from './deadlines';

export type { HandlerRegistry, OutboxEvent, OutboxHandler } from './outbox';

/**
 * A periodic job run after the outbox in every pass (senders of queued SMS, webhook deliveries, …).
 * It gets the pass's instant and returns how much it did; it must be safe with several workers
 * (claim its rows with FOR UPDATE SKIP LOCKED) and should return soon after `shouldStop()`.
 */
export type WorkerTask = (ctx: { db: Db; now: Date; log: Logger; shouldStop: () => boolean }) => Promise<number>;

export interface WorkerDeps {
  db: Db;
  clock: Clock;
  log?: Logger;
  /** Added to (and overriding by key) DEFAULT_HANDLERS; see HandlerRegistry for the key grammar. */
  handlers?: HandlerRegistry;
  /** Periodic jobs by name, run in name order after the outbox; a task that throws is logged and the pass goes on. */
  tasks?: Record<string, WorkerTask>;
  attachmentsDir?: string;
  /** Complaints per page of a sweep step (default 500). */
  batchSize?: number;
  /** Events dispatched per pass at most (default 1000); the next pass continues. */
  maxEventsPerPass?: number;
  /** How often the purge runs, by the injected clock (default 10 minutes; the first pass always purges). */
  purgeIntervalMs?: number;
}

export interface PassResult {
  /** Events handled successfully. */
  events: number;
  /** Events whose handler failed this pass (retried later with backoff). */
  failedEvents: number;
  swept: SweepResult;
  /** What each task reported (tasks that threw are missing). */
  tasks: Record<string, number>;
}

export interface Worker {
  /** One pass. Passes never overlap: a call while one runs waits for it and then runs its own. */
  runOnce(): Promise<PassResult>;
  /** Runs a pass every `intervalMs` (measured from the end of the previous pass; at once while work is left). */
  start(intervalMs: number): void;
  /** Stops the loop; the pass in progress finishes the complaint or event at hand and ends. */
  stop(): Promise<void>;
  /** Adds outbox handlers (e.g. notifications, webhooks) and periodic tasks. */
  register(add: { handlers?: HandlerRegistry; tasks?: Record<string, WorkerTask> }): void;
}

export function createWorker(deps: WorkerDeps): Worker {
  const log = deps.log ?? pino({ level: 'silent' });
  const registry: HandlerRegistry = { ...DEFAULT_HANDLERS, ...deps.handlers };
  const tasks: Record<string, WorkerTask> = { ...deps.tasks };
  const maxEvents = deps.maxEventsPerPass ?? 1000;
  const purgeEvery = deps.purgeIntervalMs ?? 600_000;
  let lastPurge: number | undefined;
  let stopping = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let loop = false;

  const pass = async (): Promise<PassResult> => {
    const now = deps.clock.now();
    const purge = lastPurge === undefined || now.getTime() < lastPurge || now.getTime() - lastPurge >= purgeEvery;
    const shouldStop = () => stopping;
    const swept = await sweepDeadlines({
      db: deps.db,
      now,
      attachmentsDir: deps.attachmentsDir,
      batchSize: deps.batchSize,
      purge,
      log,
      shouldStop,
    });
    if (purge) lastPurge = now.getTime();
    const out = await dispatchOutbox(deps.db, registry, now, { max: maxEvents, log, shouldStop });
    const done: Record<string, number> = {};
    for (const name of Object.keys(tasks).sort()) {
      if (stopping) break;
      try {
        done[name] = await tasks[name]!({ db: deps.db, now, log, shouldStop });
      } catch (err) {
        log.error({ task: name, err: err instanceof Error ? err.message : String(err) }, 'worker task failed');
      }
    }
    const result: PassResult = { events: out.processed, failedEvents: out.failed, swept, tasks: done };
    const busy = Object.values(done).reduce((a, b) => a + b, 0) + out.processed + out.failed + swept.closed + swept.escalated + swept.reminded + swept.purged.idempotencyKeys + swept.purged.loginAttempts;
    if (busy > 0) log.info(result, 'worker pass');
    return result;
  };

  const runOnce = (): Promise<PassResult> => {
    const next = current.catch(() => {}).then(pass);
    current = next;
    return next;
  };

  const schedule = (ms: number, intervalMs: number) => {
    if (!loop) return;
    timer = setTimeout(() => {
      timer = undefined;
      runOnce().then(
        (r) => schedule(r.events + r.failedEvents >= maxEvents ? 0 : intervalMs, intervalMs),
        (err) => {
          log.error({ err: err instanceof Error ? err.message : String(err) }, 'worker pass failed');
          schedule(intervalMs, intervalMs);
        },
      );
    }, ms);
  };

  return {
    runOnce,
    start(intervalMs) {
      if (loop) return;
      loop = true;
      stopping = false;
      schedule(0, intervalMs);
    },
    async stop() {
      loop = false;
      stopping = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current.catch(() => {});
      stopping = false;
    },
    register(add) {
      Object.assign(registry, add.handlers);
      Object.assign(tasks, add.tasks);
    },
  };
}
