import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv, createLogger, createCaller, startRuntime, type Runtime, createContextInner } from '@app/api/bench';
import { createCapturingDatabase, type CapturedQuery } from './capture';
import { RESULTS_DIR } from './paths';

export const BENCH_ADMIN = { email: 'bench-admin@example.com', password: 'bench admin password' };

export interface InProcess {
  runtime: Runtime;
  /** Every statement the product's Kysely ran since the last clear. */
  captured: CapturedQuery[];
  adminCaller: ReturnType<typeof createCaller>;
  close(): Promise<void>;
}

/**
 * The product in this process (startRuntime on a capturing Database), for router calls through
 * createCaller and for reading the exact SQL a service issues. Workers off unless asked: timings
 * of single queries should not share the pool with background jobs.
 */
export async function startInProcess(
  url: string,
  options: {
    poolMax: number;
    env?: Record<string, string>;
    sandboxOptions?: Record<string, unknown>;
    startWorkers?: boolean;
    /** Job queue polling (default the runtime's 2 s; bulk ship's job start waits for it). */
    queue?: { pollingIntervalSeconds?: number };
    /** Log at this level to bench/results/logs/<name>.log. */ log?: { name: string; level: string };
  },
): Promise<InProcess> {
  const capturing = createCapturingDatabase(url, options.poolMax);
  let destination: ReturnType<typeof createWriteStream> | undefined;
  if (options.log) {
    mkdirSync(join(RESULTS_DIR, 'logs'), { recursive: true });
    destination = createWriteStream(join(RESULTS_DIR, 'logs', `${options.log.name}.log`));
  }
  const runtime = await startRuntime({
    env: parseEnv({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_DEMO_DATA: 'false',
      // The load generator varies X-Forwarded-For to play many clients from 127.0.0.1.
      TRUST_PROXY: 'loopback',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      ...options.env,
    }),
    database: capturing,
    logger:
      destination && options.log
        ? createLogger({ level: options.log.level, destination })
        : createLogger({ level: 'silent' }),
    sandboxOptions: options.sandboxOptions,
    startWorkers: options.startWorkers ?? false,
    ...(options.queue ? { queue: options.queue } : {}),
  });
  const admin = await capturing.db
    .selectFrom('admin_users')
    .select(['id', 'email', 'name'])
    .where('email', '=', BENCH_ADMIN.email)
    .executeTakeFirstOrThrow();
  return {
    runtime,
    captured: capturing.captured,
    adminCaller: createCaller(createContextInner({ deps: runtime.deps, admin, ip: '127.0.0.1' })),
    close: async () => {
      await runtime.close();
      await capturing.close();
      destination?.end();
    },
  };
}
