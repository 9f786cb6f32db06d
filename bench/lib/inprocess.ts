import { parseEnv } from '../../apps/api/src/env';
import { createLogger } from '../../apps/api/src/logger';
import { createCaller } from '../../apps/api/src/router/index';
import { startRuntime, type Runtime } from '../../apps/api/src/runtime';
import { createContextInner } from '../../apps/api/src/trpc/context';
import { createCapturingDatabase, type CapturedQuery } from './capture';

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
export async function startInProcess(url: string, options: { poolMax: number; env?: Record<string, string>; sandboxOptions?: Record<string, unknown>; startWorkers?: boolean }): Promise<InProcess> {
  const capturing = createCapturingDatabase(url, options.poolMax);
  const runtime = await startRuntime({
    env: parseEnv({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_DEMO_DATA: 'false',
      ADMIN_EMAIL: BENCH_ADMIN.email,
      ADMIN_PASSWORD: BENCH_ADMIN.password,
      ...options.env,
    }),
    database: capturing,
    logger: createLogger({ level: options.env?.LOG_LEVEL ?? 'silent' }),
    sandboxOptions: options.sandboxOptions,
    startWorkers: options.startWorkers ?? false,
  });
  const admin = await capturing.db.selectFrom('admin_users').select(['id', 'email', 'name']).where('email', '=', BENCH_ADMIN.email).executeTakeFirstOrThrow();
  return {
    runtime,
    captured: capturing.captured,
    adminCaller: createCaller(createContextInner({ deps: runtime.deps, admin, ip: '127.0.0.1' })),
    close: async () => {
      await runtime.close();
      await capturing.close();
    },
  };
}
