// The product as `npm start` runs it (startRuntime: API, iCarry sandbox, job queue and workers), on
// a PostgreSQL database the bench prepared, in its own process. Logs go to stdout as in
// production; the parent points stdout at a file. Started by lib/servers.ts.
import { holdStartUp } from '@app/api/start-up-hold';
import { CONFIG_ENV, type ProductServerConfig, type ReadyMessage } from './protocol';

// As apps/api/src/entry/main.ts: the young generation stays small and the optimizing compiler off
// while the modules load and the runtime starts; once it is up both run as usual and the heap is compacted.
const releaseStartUp = holdStartUp();
const { createDatabase } = await import('@app/db');
const { createLogger, parseEnv, startRuntime } = await import('@app/api/server');

const config = JSON.parse(process.env[CONFIG_ENV] ?? '{}') as ProductServerConfig;
const env = parseEnv({
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  SEED_DEMO_DATA: 'false',
  // The load generator varies X-Forwarded-For to play many clients from 127.0.0.1.
  TRUST_PROXY: 'loopback',
  ...config.env,
});
const database = await createDatabase({ url: config.databaseUrl, poolMax: config.poolMax });
const logger = createLogger({ level: env.LOG_LEVEL });
const runtime = await startRuntime({
  env,
  database,
  logger,
  webDist: config.webDist,
  sandboxOptions: config.sandboxLatencyMs ? { latencyMs: config.sandboxLatencyMs } : undefined,
  startWorkers: config.startWorkers ?? true,
});
releaseStartUp();

const ready: ReadyMessage = {
  type: 'ready',
  url: runtime.url,
  pid: process.pid,
  appSecret: runtime.deps.secrets.appSecret,
  icarryApiKey: runtime.deps.secrets.icarryApiKey,
  webhookSecret: runtime.deps.secrets.webhookSecret,
};
process.send?.(ready);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await runtime.close();
  await database.close();
  process.exit(0);
}
process.on('message', (msg: { type?: string }) => {
  if (msg.type === 'stop') void stop();
});
process.on('disconnect', () => void stop());
