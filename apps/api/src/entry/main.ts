import { resolve } from 'node:path';
import { holdStartUp } from './start-up-hold';

// Before the program's modules load: imported below, not statically, so that their loading is held too.
const releaseStartUp = holdStartUp();
const { createLogger, EnvError, loadEnv, REPO_ROOT, startRuntime, stopOnSignals } = await import('./server');

const DEMO_DATA_LINE = {
  seeded: 'seeded 60 demo orders into the empty database (SEED_DEMO_DATA=false turns this off)',
  kept: 'not seeded: the database already has orders',
  off: 'off (the default with a live iCarry account; SEED_DEMO_DATA=true seeds an empty database)',
} as const;

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
  const runtime = await startRuntime({
    env,
    logger,
    webDist: resolve(REPO_ROOT, 'apps/web/dist'),
    // `npm start` in sandbox mode shows the whole WhatsApp story through the stand-in unless told not to.
    whatsappStandIn: env.SANDBOX_WHATSAPP ?? true,
  });
  releaseStartUp();
  const { config } = runtime.deps;
  const lines = [
    '',
    `  iCarry shipping is running (${config.mode === 'sandbox' ? 'SANDBOX: no iCarry account, simulated couriers' : 'LIVE iCarry account'})`,
    `  Database:   ${runtime.database.kind === 'pglite' ? `embedded PGlite in ${env.PGLITE_DIR}` : 'PostgreSQL (DATABASE_URL)'}`,
    `  Demo data:  ${DEMO_DATA_LINE[runtime.demoData]}`,
    `  Admin:      ${config.publicUrl}/admin`,
    ...(runtime.demoAdmin ? [`  Sign in:    ${runtime.demoAdmin.email} / ${runtime.demoAdmin.password}`] : []),
    `  Tracking:   ${config.publicUrl}/order-tracking/<order number>`,
    `  Webhooks:   ${config.publicUrl}/api/webhooks/shipping-updates?secret=…  and  /api/webhooks/ndr-updates?secret=…`,
    `  Health:     ${config.publicUrl}/healthz`,
    ...(runtime.sandbox
      ? [
          `  Sandbox:    ${runtime.sandbox.url} (iCarry simulator; see docs/sandbox.md)`,
          // Sandbox mode only: the token opens the simulator's /__sandbox controls, nothing else.
          `  Controls:   export SB=${runtime.sandbox.url}/__sandbox SBT='X-Sandbox-Token: ${runtime.sandbox.controlToken}'`,
        ]
      : []),
    ...(runtime.whatsappStandIn
      ? [`  WhatsApp:   local stand-in ${runtime.whatsappStandIn.url} (sandbox; SANDBOX_WHATSAPP=false turns it off)`]
      : []),
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  stopOnSignals(runtime, logger);
}

main().catch((err: unknown) => {
  process.stderr.write(`Failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
