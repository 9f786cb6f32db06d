/**
 * One API process for the reliability suite: `startRuntime` exactly as `npm start` builds it, on the
 * DATABASE_URL and iCarry account in its environment, with the queue and stale-booking timings
 * shortened through TEST_* variables so crash drills take seconds (TEST_BATCH_LEASE_MS: a bulk
 * shipment's lease, so a killed instance's batch is taken over quickly). Prints one JSON line with
 * `reliabilityReady` once it serves; SIGTERM and SIGINT shut it down as src/main.ts does.
 */
import { parseEnv } from '../../../src/platform/config/env';
import { createLogger } from '../../../src/platform/core/logger';
import { startRuntime, stopOnSignals } from '../../../src/entry/runtime';

function num(name: string): number | undefined {
  const value = process.env[name];
  return value ? Number(value) : undefined;
}

const env = parseEnv(process.env);
const logger = createLogger({ level: env.LOG_LEVEL });
const staleBookingMs = num('TEST_STALE_BOOKING_MS');
const batchLeaseMs = num('TEST_BATCH_LEASE_MS');
const runtime = await startRuntime({
  env,
  logger,
  // TEST_APPLY_INBOX=false: pushes are stored and answered, never applied here (the ingest crash drill).
  applyInbox: process.env.TEST_APPLY_INBOX !== 'false',
  queue: {
    pollingIntervalSeconds: num('TEST_QUEUE_POLL_SECONDS') ?? 0.5,
    retryDelaySeconds: num('TEST_QUEUE_RETRY_DELAY_SECONDS') ?? 1,
    retryLimit: num('TEST_QUEUE_RETRY_LIMIT') ?? 4,
    expireInSeconds: num('TEST_QUEUE_EXPIRE_SECONDS'),
    superviseIntervalSeconds: num('TEST_QUEUE_SUPERVISE_SECONDS'),
  },
  configure:
    staleBookingMs || batchLeaseMs
      ? (config) => ({
          ...config,
          staleBookingMs: staleBookingMs ?? config.staleBookingMs,
          bulkShip: { ...config.bulkShip, leaseMs: batchLeaseMs ?? config.bulkShip.leaseMs },
        })
      : undefined,
});
process.stdout.write(`${JSON.stringify({ reliabilityReady: runtime.url, pid: process.pid })}\n`);

stopOnSignals(runtime, logger);
