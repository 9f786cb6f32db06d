import { resolve } from 'node:path';
import { EnvError, loadEnv, REPO_ROOT } from './env';
import { createLogger } from './logger';
import { startRuntime, stopOnSignals } from './runtime';

async function main() {
  let env;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger({ level: env.LOG_LEVEL, pretty: process.stdout.isTTY });
  const runtime = await startRuntime({ env, logger, webDist: resolve(REPO_ROOT, 'apps/web/dist') });
  const { config } = runtime.deps;
  const lines = [
    '',
    `  iCarry shipping is running (${config.mode === 'sandbox' ? 'SANDBOX: no iCarry account, simulated couriers' : 'LIVE iCarry account'})`,
    `  Database:   ${runtime.database.kind === 'pglite' ? `embedded PGlite in ${env.PGLITE_DIR}` : 'PostgreSQL (DATABASE_URL)'}${runtime.seeded ? ', demo data seeded' : ''}`,
    `  Admin:      ${config.publicUrl}/admin`,
    ...(runtime.demoAdmin ? [`  Sign in:    ${runtime.demoAdmin.email} / ${runtime.demoAdmin.password}`] : []),
    `  Tracking:   ${config.publicUrl}/order-tracking/<order number>`,
    `  Webhooks:   ${config.publicUrl}/api/webhooks/shipping-updates?secret=…  and  /api/webhooks/ndr-updates?secret=…`,
    `  Health:     ${config.publicUrl}/healthz`,
    ...(runtime.sandbox ? [`  Sandbox:    ${runtime.sandbox.url} (iCarry simulator; see docs/sandbox.md)`] : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  stopOnSignals(runtime, logger);
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
