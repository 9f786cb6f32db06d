import type { Database, DB } from '@app/db';
import type { Kysely } from 'kysely';
import { fromKysely, fromPglite, PgBoss, type Job, type JobResult, type SendOptions } from 'pg-boss';
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
  retryDelayMaxSeconds: number;
  pollingIntervalSeconds: number;
  /** How long a job may run before it is failed and retried (a crashed worker's job waits this long). Default 120. */
  expireInSeconds?: number | undefined;
  /** How often expired jobs are found (pg-boss supervise and monitor intervals). Default pg-boss's 60. */
  superviseIntervalSeconds?: number | undefined;
}

/**
 * pg-boss on the app's own database (PGlite in-process, or a pool on PostgreSQL). Jobs that a
 * state change causes are sent inside that change's transaction, so they exist iff it commits.
 */
export interface JobQueue {
  send<N extends JobName>(tx: Kysely<DB>, name: N, data: JobPayloads[N], options?: SendOptions): Promise<void>;
  sendNow<N extends JobName>(name: N, data: JobPayloads[N], options?: SendOptions): Promise<void>;
  work<N extends JobName>(
    name: N,
    handler: (job: Job<JobPayloads[N]>) => Promise<void>,
    /** pollingIntervalSeconds: poll this queue more often than the rest (never less often). */
    /** concurrency: workers of this queue in this instance (default 1). */
    options?: { batchSize?: number; pollingIntervalSeconds?: number; concurrency?: number },
  ): Promise<void>;
  schedule(name: JobName, cron: string): Promise<void>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
  /** True once stop() was called: long jobs (a bulk ship) stop starting new work and hand the rest on. */
  readonly stopping: boolean;
  readonly boss: PgBoss;
}

export async function startJobQueue(database: Database, logger: Logger, options: QueueOptions): Promise<JobQueue> {
  const supervise = options.superviseIntervalSeconds
    ? {
        superviseIntervalSeconds: options.superviseIntervalSeconds,
        monitorIntervalSeconds: options.superviseIntervalSeconds,
      }
    : {};
  const boss =
    database.kind === 'pglite' && database.pglite
      ? new PgBoss({
          db: fromPglite(database.pglite),
          backend: 'pglite',
          schedule: true,
          useListenNotify: true,
          supervise: true,
          ...supervise,
        })
      : new PgBoss({
          connectionString: database.connectionString,
          max: 5,
          schedule: true,
          supervise: true,
          application_name: 'icarry-jobs',
          // A job sent in a transaction wakes the workers of every instance when it commits (NOTIFY),
          // rather than after their polling interval; polling stays as the floor.
          useListenNotify: true,
          ...supervise,
        });
  boss.on('error', (err: unknown) => logger.error({ err }, 'job queue error'));
  boss.on('warning', (warning: { message: string }) => logger.warn({ warning }, 'job queue warning'));
  await boss.start();
  for (const name of Object.values(JOBS)) {
    const policy = {
      retryLimit: options.retryLimit,
      retryDelay: options.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: options.retryDelayMaxSeconds,
      expireInSeconds: options.expireInSeconds ?? 120,
      notify: true,
    };
    // createQueue keeps an existing queue's settings (ON CONFLICT DO NOTHING), so a changed retry
    // limit or expiry would never reach a database that already has the queue; and deliverMessage
    // decides "last try" from the configured limit, so the two must agree.
    await boss.createQueue(name, policy);
    await boss.updateQueue(name, policy);
  }
  const polling = options.pollingIntervalSeconds;
  let stopping = false;
  return {
    boss,
    get stopping() {
      return stopping;
    },
    async send(tx, name, data, sendOptions) {
      await boss.send(name, data, { ...sendOptions, db: fromKysely(tx) });
    },
    async sendNow(name, data, sendOptions) {
      await boss.send(name, data, sendOptions ?? {});
    },
    async work(name, handler, workOptions) {
      // pg-boss waits a full polling interval after every fetch, so one job per fetch caps a worker
      // at one job per interval. With batches it keeps fetching while batches come back full, and
      // each job settles on its own: one failing job must not fail (and use up the retries of) the
      // others in its batch.
      await boss.work(
        name,
        {
          batchSize: workOptions?.batchSize ?? 1,
          localConcurrency: workOptions?.concurrency ?? 1,
          pollingIntervalSeconds: Math.min(polling, workOptions?.pollingIntervalSeconds ?? polling),
          // With NOTIFY on, pg-boss would relax polling to 30 s; a missed NOTIFY must cost no more than before.
          notifyPollingIntervalSeconds: Math.min(polling, workOptions?.pollingIntervalSeconds ?? polling),
          perJobResults: true,
          burstWhenBatchFull: true,
        },
        async (jobs: Job<JobPayloads[typeof name]>[]) => {
          const results: JobResult[] = [];
          for (const job of jobs) {
            if (stopping) {
              // Shutting down: finish the job in hand, start no other; they go back to the queue for the next instance.
              results.push({
                id: job.id,
                status: 'failed',
                output: { message: 'not started: this instance was shutting down' },
              });
              continue;
            }
            try {
              await handler(job);
              results.push({ id: job.id, status: 'completed' });
            } catch (err) {
              results.push({
                id: job.id,
                status: 'failed',
                output: { message: err instanceof Error ? err.message : String(err) },
              });
            }
          }
          return results;
        },
      );
    },
    async schedule(name, cron) {
      await boss.schedule(name, cron, {});
    },
    async stop(stopOptions) {
      stopping = true;
      await boss.stop({
        graceful: stopOptions?.graceful ?? true,
        timeout: stopOptions?.timeoutMs ?? 10_000,
        close: true,
      });
    },
  };
}
