// The worker as the application runs it: outbox handlers and periodic tasks of every module.
// Shared by the web process (in-process worker) and `npm run worker`.
import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import { smsSenderTask } from '../modules/sms';
import { webhookWorker } from '../modules/webhooks/deliver';
import { federationWorker } from '../modules/federation';
import { notificationWorker } from '../modules/notifications';
import { triageTrainingTask } from '../modules/triage';
import { citizenPurgeTask } from '../modules/citizens';
import { securityPurgeTask } from '../modules/users';
import { createWorker, type Worker } from './worker';

export function createAppWorker(config: Config, db: Db, clock: Clock, log: Logger): Worker {
  const worker = createWorker({ db, clock, log, attachmentsDir: config.attachmentsDir, tasks: { sms: smsSenderTask(config) } });
  worker.register(webhookWorker({ timeoutMs: config.webhookTimeoutMs }));
  worker.register(federationWorker());
  worker.register(notificationWorker(config));
  worker.register({ tasks: { triageTraining: triageTrainingTask() } });
  worker.register({ tasks: { citizenPurge: citizenPurgeTask() } });
  worker.register({ tasks: { securityPurge: securityPurgeTask() } });
  return worker;
}
