import {
  listenOn,
  notifyOnCommit,
  rawSqlIn,
  rawSqlOnPglite,
  whileHoldingLock,
  type Database,
  type DB,
  type Listening,
} from '@app/db';
import type { Kysely } from 'kysely';
import PgBoss from 'pg-boss';
import { fixCronDateDefaults } from './cron-dates';
import type { Logger } from './logger';

export const JOBS = {
  deliverMessage: 'deliver-message',
  trackShipment: 'track-shipment',
  reconcile: 'reconcile',
  maintenance: 'maintenance',
  retention: 'retention',
  shipBatch: 'ship-batch',
  stuckWatchdog: 'stuck-watchdog',
  billingSync: 'billing-sync',
  deliverEvent: 'deliver-event',
  channelWriteback: 'channel-writeback',
  channelPoll: 'channel-poll',
  codExpiry: 'cod-expiry',
} as const;
export type JobName = (typeof JOBS)[keyof typeof JOBS];

export interface JobPayloads {
  'deliver-message': { messageId: string };
  'track-shipment': { shipmentId: string };
  reconcile: Record<string, never>;
  maintenance: Record<string, never>;
  retention: Record<string, never>;
  'ship-batch': { batchId: string };
  'stuck-watchdog': Record<string, never>;
  'billing-sync': Record<string, never>;
  'deliver-event': { deliveryId: string };
  'channel-writeback': { writebackId: string };
  'channel-poll': Record<string, never>;
  'cod-expiry': Record<string, never>;
}

export interface QueueOptions {
  retryLimit: number;
  retryDelaySeconds: number;
  pollingIntervalSeconds: number;
  /** How long a job may run before it is failed and retried (a crashed worker's job waits this long). Default 120. */
  expireInSeconds?: number | undefined;
  /** How often expired jobs are found (pg-boss maintenance). Default 60. */
  superviseIntervalSeconds?: number | undefined;
}

/** A job as a handler sees it: its data and how many times it was tried before. */
export interface QueueJob<T> {
  id: string;
  name: string;
  data: T;
  /** 0 on the first try. */
  retryCount: number;
}

/** What a job may be sent with (a subset of pg-boss's send options). */
export interface SendOptions {
  singletonKey?: string;
  singletonSeconds?: number;
  /** Seconds from now, or a moment. */
  startAfter?: number | Date;
}

/**
 * pg-boss on the app's own database (PGlite in-process, or a pool on PostgreSQL). Jobs that a
 * state change causes are sent inside that change's transaction, so they exist iff it commits.
 */
export interface JobQueue {
  send<N extends JobName>(tx: Kysely<DB>, name: N, data: JobPayloads[N], options?: SendOptions): Promise<void>;
  /**
   * Many jobs of one queue in one statement (and one wake-up), inside the transaction that caused
   * them: what a batch of pushes queues costs one round trip, not one per job.
   */
  sendMany<N extends JobName>(
    tx: Kysely<DB>,
    name: N,
    jobs: readonly { data: JobPayloads[N]; options?: SendOptions }[],
  ): Promise<void>;
  sendNow<N extends JobName>(name: N, data: JobPayloads[N], options?: SendOptions): Promise<void>;
  work<N extends JobName>(
    name: N,
    handler: (job: QueueJob<JobPayloads[N]>) => Promise<void>,
    /** pollingIntervalSeconds: poll this queue more often than the rest (never less often). */
    /** concurrency: workers of this queue in this instance (default 1). */
    options?: { batchSize?: number; pollingIntervalSeconds?: number; concurrency?: number },
  ): Promise<void>;
  schedule(name: JobName, cron: string): Promise<void>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  /** True once stop() was called: long jobs (a bulk ship) stop starting new work and hand the rest on. */
  readonly stopping: boolean;
}

/**
 * Queues whose jobs are debounced per key: pg-boss's `short` policy keeps at most one *waiting*
 * job per singletonKey (a send while one waits is dropped by its unique index; once that job has
 * started, the next send queues a new one, so a change after the job read the state is never
 * missed). Every job sent to such a queue must carry a singletonKey (jobs without one share the
 * empty key). Under `standard`, a singletonKey alone deduplicates nothing: before this, every
 * batch of pushes queued one tracking job per shipment it touched, one iCarry track call per push.
 */
const QUEUE_POLICIES: Partial<Record<JobName, PgBoss.QueuePolicy>> = {
  'track-shipment': 'short',
};

/** The NOTIFY channel a committed job wakes its queue's workers on (payload: the queue's name). */
const WAKE_CHANNEL = 'icarry_jobs';
/** pg-boss's tables live in their own schema (the pre-release build's pg-boss 12 tables stay in `pgboss`, unused). */
const QUEUE_SCHEMA = 'job_queue';

/**
 * pg-boss 10 (the newest that runs on Node 20, see docs/decisions.md) with three things added here:
 * - Wake on commit: a job sent in a transaction also sends a NOTIFY that PostgreSQL delivers when
 *   the transaction commits; every instance LISTENs and wakes its workers of that queue, so a job
 *   starts within milliseconds of its cause committing rather than at the next poll. Polling stays
 *   as the floor (a dropped listener, a job whose startAfter comes due).
 * - Per-job results in a batch: each job of a batch is completed or failed on its own, so one
 *   failing job does not fail (and use up the retries of) the others.
 * - Bursts: a worker whose batch came back full fetches again at once instead of waiting its
 *   polling interval, so a backlog drains at the handlers' pace.
 */
export async function startJobQueue(database: Database, logger: Logger, options: QueueOptions): Promise<JobQueue> {
  fixCronDateDefaults();
  const common = {
    schema: QUEUE_SCHEMA,
    schedule: true,
    supervise: true,
    maintenanceIntervalSeconds: options.superviseIntervalSeconds ?? 60,
    // Completed jobs leave the live table after an hour (pg-boss's default is 12 h): a sale day's
    // messages and tracking jobs would otherwise make every fetch walk them.
    archiveCompletedAfterSeconds: 3600,
  };
  const boss =
    database.kind === 'pglite'
      ? new PgBoss({ ...common, db: rawSqlOnPglite(database) })
      : new PgBoss({ ...common, connectionString: database.connectionString, max: 5, application_name: 'icarry-jobs' });
  boss.on('error', (err: unknown) => logger.error({ err }, 'job queue error'));
  // Instances starting together on a new database would create the queues at once, and pg-boss 10's
  // create_queue deadlocks against itself then (seen: one of two API processes died at start).
  await whileHoldingLock(database, 'icarry:job-queue-setup', async () => {
    await boss.start();
    for (const name of Object.values(JOBS)) {
      const policy = {
        name,
        policy: QUEUE_POLICIES[name] ?? ('standard' as const),
        retryLimit: options.retryLimit,
        retryDelay: options.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: options.expireInSeconds ?? 120,
      };
      // createQueue keeps an existing queue's settings (ON CONFLICT DO NOTHING), so a changed retry
      // limit or expiry would never reach a database that already has the queue; and deliverMessage
      // decides "last try" from the configured limit, so the two must agree.
      await boss.createQueue(name, policy);
      await boss.updateQueue(name, policy);
    }
  });

  /** This instance's worker ids per queue: a NOTIFY for a queue wakes each of them. */
  const workers = new Map<string, string[]>();
  const wake = (name: string | null) => {
    const ids = name === null ? [...workers.values()].flat() : (workers.get(name) ?? []);
    for (const id of ids) boss.notifyWorker(id);
  };
  let listening: Listening | undefined;
  try {
    listening = await listenOn(database, WAKE_CHANNEL, wake, (err) =>
      logger.warn({ err }, 'job queue: the wake-up connection dropped; polling until it is back'),
    );
  } catch (err) {
    logger.warn({ err }, 'job queue: cannot listen for new jobs; workers poll');
  }

  const polling = options.pollingIntervalSeconds;
  let stopping = false;

  const singletonOptions = (sendOptions: SendOptions | undefined) => ({
    ...(sendOptions?.singletonKey !== undefined ? { singletonKey: sendOptions.singletonKey } : {}),
    ...(sendOptions?.singletonSeconds !== undefined ? { singletonSeconds: sendOptions.singletonSeconds } : {}),
  });
  /** Our send options in pg-boss's words, for `send`. */
  const toBossOptions = (sendOptions: SendOptions | undefined) => ({
    ...singletonOptions(sendOptions),
    ...(sendOptions?.startAfter !== undefined ? { startAfter: sendOptions.startAfter } : {}),
  });
  /** The same for `insert` (many jobs), which reads a startAfter ending in Z as a moment, any other string as seconds. */
  const toBossInsertOptions = (sendOptions: SendOptions | undefined) => {
    const startAfter = sendOptions?.startAfter;
    return {
      ...singletonOptions(sendOptions),
      ...(startAfter !== undefined
        ? { startAfter: startAfter instanceof Date ? startAfter.toISOString() : String(startAfter) }
        : {}),
    };
  };

  return {
    get stopping() {
      return stopping;
    },
    async send(tx, name, data, sendOptions) {
      await boss.send(name, data, { ...toBossOptions(sendOptions), db: rawSqlIn(tx) });
      await notifyOnCommit(tx, WAKE_CHANNEL, name);
    },
    async sendMany(tx, name, jobs) {
      if (jobs.length === 0) return;
      await boss.insert(
        jobs.map((job) => ({ name, data: job.data, ...toBossInsertOptions(job.options) })),
        { db: rawSqlIn(tx) },
      );
      await notifyOnCommit(tx, WAKE_CHANNEL, name);
    },
    async sendNow(name, data, sendOptions) {
      await boss.send(name, data, toBossOptions(sendOptions));
      // Other instances poll for it; this one starts it now.
      wake(name);
    },
    async work(name, handler, workOptions) {
      const batchSize = workOptions?.batchSize ?? 1;
      const pollingIntervalSeconds = Math.min(polling, workOptions?.pollingIntervalSeconds ?? polling);
      for (let i = 0; i < (workOptions?.concurrency ?? 1); i++) {
        // Set once work() answers; the handler may (in principle) run before that, so it is read, not closed over as a const.
        let workerId: string | undefined = undefined;
        workerId = await boss.work<JobPayloads[typeof name]>(
          name,
          { batchSize, pollingIntervalSeconds, includeMetadata: true },
          async (jobs) => {
            const completed: string[] = [];
            for (const job of jobs) {
              if (stopping) {
                // Shutting down: finish the job in hand, start no other; they go back to the queue for the next instance.
                await boss.fail(name, job.id, { message: 'not started: this instance was shutting down' });
                continue;
              }
              try {
                await handler({ id: job.id, name: job.name, data: job.data, retryCount: job.retryCount });
                completed.push(job.id);
              } catch (err) {
                await boss.fail(name, job.id, { message: err instanceof Error ? err.message : String(err) });
              }
            }
            // pg-boss then completes the batch's ids again: only jobs still active are touched, so
            // the failed ones keep their retry.
            if (completed.length > 0) await boss.complete(name, completed);
            if (jobs.length === batchSize && !stopping && workerId) boss.notifyWorker(workerId);
          },
        );
        workers.set(name, [...(workers.get(name) ?? []), workerId]);
      }
    },
    async schedule(name, cron) {
      await boss.schedule(name, cron, {});
    },
    async stop(stopOptions) {
      stopping = true;
      await listening?.close();
      await boss.stop({
        graceful: stopOptions?.graceful ?? true,
        timeout: stopOptions?.timeoutMs ?? 10_000,
        close: true,
        wait: true,
      });
    },
  };
}
