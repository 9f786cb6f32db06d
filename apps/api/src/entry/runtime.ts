import { catchUpMemory } from '../shipping/shipments/delivery-memory.service';
import { backfillAddressChecks } from '../platform/address/address-backfill';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { resolve } from 'node:path';
import { createDatabase, getOrCreateSetting, hasAnyAdmin, migrateToLatest, seedDemoData, type Database } from '@app/db';
import { ICarryClient, resolveICarryBaseUrl } from '@app/shipping';
import { startSandbox, type Sandbox } from '@app/shipping/sandbox';
import { icarryPushFastPath } from './http/icarry-webhook.routes';
import { createApp } from './app';
import { systemClock, type Clock } from '../platform/core/clock';
import { buildConfig, type AppConfig } from '../platform/config/config';
import type { AppDeps, InboxApplier } from '../platform/core/deps';
import { REPO_ROOT, type Env } from '../platform/config/env';
import type { Senders } from '../outbox/notifications/deliver-message.job';
import { startJobQueue } from '../platform/core/job-queue';
import { startWorkers } from './jobs/workers';
import { startInboxApplier } from '../shipping/inbox/inbox-applier';
import { startWhatsAppApplier } from '../customer/whatsapp-inbox/whatsapp-inbox.service';
import { startChannelApplier } from '../intake/channels/channel-inbox';
import { sandboxLabelRenderer, shareParcelsWithSandbox } from './sandbox-parcels';
import { createLogger, type Logger } from '../platform/core/logger';
import { createEmailSender } from '../outbox/messaging/email.sender';
import { createWhatsAppSender } from '../outbox/messaging/whatsapp.sender';
import { WhatsAppStandIn } from '../outbox/messaging/whatsapp.stand-in';
import type { SandboxControl } from '../platform/config/sandbox-mode';
import { ensureAdmin } from '../platform/auth/auth.service';
import { markStaleBookings } from '../shipping/booking/mark-stale-bookings';
import { randomToken } from '../platform/security/tokens';
import { loadTrackingPage, type TrackingPage } from '../customer/tracking-page/tracking-page.loader';

export const SANDBOX_USERNAME = 'sandbox';
export const DEMO_ADMIN_EMAIL = 'admin@example.com';

export interface RuntimeOptions {
  env: Env;
  /** Tests pass their own database; otherwise DATABASE_URL or PGlite under PGLITE_DIR. */
  database?: Database;
  logger?: Logger;
  clock?: Clock;
  webDist?: string;
  /** Tune for tests: faster polling and retries. */
  queue?: {
    pollingIntervalSeconds?: number;
    retryDelaySeconds?: number;
    retryLimit?: number;
    expireInSeconds?: number;
    superviseIntervalSeconds?: number;
  };
  /** Extra sandbox options (faults, latency) for tests and benchmarks. */
  sandboxOptions?: Record<string, unknown>;
  /** Override config after it is built from env (tests). */
  configure?: (config: AppConfig) => AppConfig;
  startWorkers?: boolean;
  /**
   * false: webhooks (iCarry, WhatsApp, Shopify, WooCommerce) are stored and answered but not applied
   * by this instance (the crash drills: an instance that dies between answering and applying). Default on.
   */
  applyInbox?: boolean;
  fetch?: typeof fetch;
  /**
   * Sandbox mode with no WhatsApp account: start the WhatsApp stand-in (accepts sends, posts signed
   * receipts back). Default SANDBOX_WHATSAPP, else off; `npm start` turns it on (main.ts).
   */
  whatsappStandIn?: boolean;
  /** The tracking page's renderer when not loaded from `webDist` (API tests without a web build). */
  trackingPage?: TrackingPage;
}

export interface Runtime {
  deps: AppDeps;
  server: Server;
  url: string;
  database: Database;
  sandbox: Sandbox | undefined;
  /** The WhatsApp stand-in, when sandbox mode runs one. */
  whatsappStandIn: WhatsAppStandIn | undefined;
  demoAdmin: { email: string; password: string } | undefined;
  seeded: boolean;
  /** What happened to demo data at this start: seeded now, the database already had orders, or off. */
  demoData: 'seeded' | 'kept' | 'off';
  /** The start's address check backfill (orders stored before the check): how many it checked. */
  addressBackfill: Promise<number>;
  /** The start's delivery memory catch-up (closed shipments not yet counted): how many it counted. */
  memoryCatchUp: Promise<number>;
  close(): Promise<void>;
}

/** Builds and starts everything `npm start` runs; tests start the same thing with their own database. */
export async function startRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { env } = options;
  const logger =
    options.logger ??
    createLogger({ level: env.LOG_LEVEL, pretty: env.NODE_ENV === 'development' && process.stdout.isTTY });
  const clock = options.clock ?? systemClock;
  const database =
    options.database ??
    (await createDatabase({
      url: env.DATABASE_URL,
      dataDir: resolve(REPO_ROOT, env.PGLITE_DIR),
      onIdleConnectionError: (err) => logger.warn({ err }, 'a database connection was lost; the pool opens a new one'),
    }));
  await migrateToLatest(database.db);

  const appSecret = env.APP_SECRET ?? (await getOrCreateSetting(database.db, 'app_secret', () => randomToken(48)));
  const webhookSecret =
    env.ICARRY_WEBHOOK_SECRET ?? (await getOrCreateSetting(database.db, 'webhook_secret', () => randomToken(24)));

  // Listen first: the sandbox's webhook URLs and the links in messages need the real port.
  const server = createServer();
  // Idle keep-alive connections stay open past a load balancer's idle timeout (60 s on the common
  // ones), so the balancer or client always closes first. Node's 5 s default closes them under a
  // client about to reuse one: that request fails (ECONNRESET, "other side closed"; seen in CI on a
  // busy machine, and as 502s behind balancers). Headers must be allowed a little longer still.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  // Until the app is attached (migrations, queue, workers), answer rather than leave callers hanging.
  const starting = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' });
    res.end(JSON.stringify({ ok: false, starting: true }));
  };
  server.on('request', starting);
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(env.PORT, env.HOST, () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  let config = buildConfig(env, port);

  let sandbox: Sandbox | undefined;
  let afterSandboxWebhooks = async (): Promise<void> => undefined;
  let icarry: ICarryClient;
  let icarryApiKey: string;
  if (config.mode === 'sandbox') {
    icarryApiKey = await getOrCreateSetting(database.db, 'sandbox_api_key', () => randomToken(48));
    const hook = (path: string) =>
      `http://127.0.0.1:${port}/api/webhooks/${path}?secret=${encodeURIComponent(webhookSecret)}`;
    sandbox = await startSandbox({
      username: SANDBOX_USERNAME,
      apiKey: icarryApiKey,
      pickupAddressId: config.pickupAddressId,
      // The warehouse's pincode, as estimates use it: otherwise the sandbox books and bills from its
      // default origin while quotes come from ours, and every bill differs from its quote.
      pickupPincode: config.pickupPincode,
      autoAdvanceMs: env.SANDBOX_AUTO_ADVANCE_MS,
      // The sandbox's parcels belong with the database that booked them: a fresh PGlite directory
      // starts a fresh sandbox, instead of one that remembers returns the new database never made.
      stateFile: options.database
        ? undefined
        : env.DATABASE_URL
          ? resolve(REPO_ROOT, '.data/sandbox.json')
          : `${resolve(REPO_ROOT, env.PGLITE_DIR)}.sandbox.json`,
      webhooks: {
        statusUrl: hook('shipping-updates'),
        ndrUrl: hook('ndr-updates'),
        weightUrl: hook('shipping-updates'),
      },
      logger: logger.child({ component: 'sandbox' }),
      // This app answers a push once stored and applies it just after: a sandbox control call
      // (the admin panel's "advance", tests) returns once the push is applied.
      afterWebhooks: () => afterSandboxWebhooks(),
      renderLabel: sandboxLabelRenderer(config.store.name),
      ...options.sandboxOptions,
    });
    // Label PDFs come only from the sandbox itself, which listens on this machine.
    config = {
      ...config,
      labels: { ...config.labels, sources: { origins: [new URL(sandbox.url).origin], allowPrivateAddresses: true } },
    };
    icarry = new ICarryClient({
      username: SANDBOX_USERNAME,
      apiKey: icarryApiKey,
      baseUrl: sandbox.url,
      timeoutMs: config.icarryTimeoutMs,
      logger,
      ...(options.fetch ? { fetch: options.fetch } : {}),
    });
  } else {
    icarryApiKey = env.ICARRY_API_KEY ?? '';
    icarry = new ICarryClient({
      username: env.ICARRY_USERNAME ?? '',
      apiKey: icarryApiKey,
      baseUrl: resolveICarryBaseUrl(env.ICARRY_BASE_URL, logger),
      timeoutMs: config.icarryTimeoutMs,
      logger,
    });
  }

  // Sandbox mode without a WhatsApp account can still show the whole message story (sent, delivered,
  // read, failed -> email, quick replies) through the stand-in, which signs its webhooks like Meta.
  let whatsappStandIn: WhatsAppStandIn | undefined;
  let whatsappAppSecret = env.WHATSAPP_APP_SECRET;
  if (config.mode === 'sandbox' && !config.whatsapp && (options.whatsappStandIn ?? env.SANDBOX_WHATSAPP ?? false)) {
    whatsappAppSecret ??= await getOrCreateSetting(database.db, 'sandbox_whatsapp_app_secret', () => randomToken(32));
    whatsappStandIn = new WhatsAppStandIn({
      token: randomToken(24),
      receipts: ['sent', 'delivered', 'read'],
      receiptDelayMs: 1_500,
      // Numbers ending 0000 are "not on WhatsApp": accepted, then failed with Meta's 131026 (docs/sandbox.md).
      failingNumbers: { '0000': 131026 },
      onError: (err) => logger.warn({ err }, '[WHATSAPP] the stand-in could not post a receipt'),
    });
    await whatsappStandIn.start();
    whatsappStandIn.configureWebhooks({
      url: `http://127.0.0.1:${port}/api/webhooks/whatsapp`,
      appSecret: whatsappAppSecret,
      afterPost: () => afterSandboxWebhooks(),
    });
    config = {
      ...config,
      whatsapp: {
        token: whatsappStandIn.token,
        phoneNumberId: whatsappStandIn.phoneNumberId,
        apiUrl: whatsappStandIn.url,
      },
    };
    logger.info('[WHATSAPP] sandbox: messages go to the local WhatsApp stand-in (SANDBOX_WHATSAPP=false turns it off)');
  }

  // A booking is only declared interrupted after the longest a booking call can take (logins,
  // retries, the booking itself at its timeout): never while it may still be in flight.
  config = { ...config, staleBookingMs: Math.max(config.staleBookingMs, icarry.worstCaseBookingMs() + 30_000) };
  if (options.configure) config = options.configure(config);

  const queue = await startJobQueue(database, logger, {
    retryLimit: options.queue?.retryLimit ?? config.messageRetry.limit,
    retryDelaySeconds: options.queue?.retryDelaySeconds ?? config.messageRetry.delaySeconds,
    pollingIntervalSeconds: options.queue?.pollingIntervalSeconds ?? 2,
    expireInSeconds: options.queue?.expireInSeconds,
    superviseIntervalSeconds: options.queue?.superviseIntervalSeconds,
  });
  if (options.queue?.retryLimit !== undefined)
    config = { ...config, messageRetry: { ...config.messageRetry, limit: options.queue.retryLimit } };

  const sandboxControl: SandboxControl | undefined = sandbox
    ? {
        advance: async (id) => sandbox.control.advance(id),
        setStatus: async (id, code) => {
          await sandbox.control.setStatus(id, code);
        },
        raiseNdr: async (id, type) => {
          await sandbox.control.raiseNdr(id, type);
        },
        reportWeight: async (id, grams) => {
          await sandbox.control.weightDiscrepancy(id, grams);
        },
      }
    : undefined;

  const deps: AppDeps = {
    db: database.db,
    config,
    icarry,
    logger,
    clock,
    queue,
    secrets: {
      appSecret,
      webhookSecret,
      icarryApiKey,
      whatsappAppSecret,
      whatsappVerifyToken: env.WHATSAPP_VERIFY_TOKEN,
    },
    sandbox: sandboxControl,
    inbox: idleApplier(),
    whatsappInbox: idleApplier(),
    channelInbox: idleApplier(),
  };
  // The three inboxes (iCarry, WhatsApp, Shopify and WooCommerce) are applied off the request.
  if (options.applyInbox !== false) {
    deps.inbox = startInboxApplier(deps);
    deps.whatsappInbox = startWhatsAppApplier(deps);
    deps.channelInbox = startChannelApplier(deps);
  }
  const appliers = [deps.inbox, deps.whatsappInbox, deps.channelInbox];
  afterSandboxWebhooks = async () => {
    for (const applier of appliers) await applier.drained();
  };

  let demoAdmin: Runtime['demoAdmin'];
  if (env.ADMIN_EMAIL && env.ADMIN_PASSWORD) {
    const { created, passwordMatches } = await ensureAdmin(database.db, {
      email: env.ADMIN_EMAIL,
      password: env.ADMIN_PASSWORD,
    });
    if (created) logger.info('admin account created from ADMIN_EMAIL');
    else if (!passwordMatches) {
      logger.warn(
        'ADMIN_PASSWORD is not the password of the existing ADMIN_EMAIL account: it only creates the account. Change a password with `npm run admin -- set-password <email>` or on the Account page.',
      );
    }
  } else if (config.mode === 'sandbox') {
    // Kept so each start can print it: this account exists only in sandbox mode.
    const password = await getOrCreateSetting(database.db, 'demo_admin_password', () => randomToken(9));
    await ensureAdmin(database.db, { email: DEMO_ADMIN_EMAIL, password, name: 'Demo Admin' });
    demoAdmin = { email: DEMO_ADMIN_EMAIL, password };
  } else {
    if (!(await hasAnyAdmin(database.db)))
      logger.warn('no admin account exists: set ADMIN_EMAIL and ADMIN_PASSWORD and restart');
  }

  const seedWanted = env.SEED_DEMO_DATA ?? config.mode === 'sandbox';
  const seeded = seedWanted ? await seedDemoData(database.db) : false;
  const demoData: Runtime['demoData'] = seeded ? 'seeded' : seedWanted ? 'kept' : 'off';
  if (sandbox) {
    const adopted = await shareParcelsWithSandbox(database.db, sandbox);
    if (adopted > 0) logger.info({ adopted }, 'sandbox: took in the parcels booked before it knew them (demo data)');
  }
  await markStaleBookings(deps);
  // Orders stored before the address check existed get one, and shipments closed before the delivery
  // memory existed (or by another path) are counted, in batches, beside serving (issues 24, 25): a
  // large history must not hold the start up. Each resumes at the next start if stopped.
  let stoppingBackfill = false;
  const memoryCatchUp = catchUpMemory(deps, { shouldStop: () => stoppingBackfill }).catch((err: unknown) => {
    logger.error({ err }, 'delivery memory catch-up stopped; the next start resumes it');
    return 0;
  });
  const backfill = backfillAddressChecks(deps, { shouldStop: () => stoppingBackfill }).catch((err: unknown) => {
    logger.error({ err }, 'address check backfill stopped; the next start resumes it');
    return 0;
  });

  const senders: Senders = {
    email: config.mail.smtpUrl ? createEmailSender(config.mail.smtpUrl, config.mail.from) : null,
    whatsapp: config.whatsapp
      ? createWhatsAppSender({ ...config.whatsapp, ...(options.fetch ? { fetch: options.fetch } : {}) })
      : null,
  };
  if (options.startWorkers !== false) await startWorkers(deps, senders);

  const trackingPage =
    options.trackingPage ?? (options.webDist ? await loadTrackingPage(options.webDist, logger) : undefined);
  const app = createApp(deps, { webDist: options.webDist, trackingPage });
  server.off('request', starting);
  // iCarry's pushes, the busiest route, skip Express's router and body parser (same answers).
  const pushes = icarryPushFastPath(deps, app);
  server.on('request', (req, res) => {
    if (!pushes(req, res)) app(req, res);
  });
  // Webhooks a stopped or crashed instance stored but did not apply are applied now, not at the sweep.
  for (const applier of appliers) applier.kick();
  const url = `http://127.0.0.1:${port}`;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests, let in-flight ones finish, drain jobs, then close the database. A Ship
      // request may wait on iCarry for up to its timeout: cutting it off earlier loses the answer
      // and leaves the handler writing to a closed database. Keep-alive connections are closed as
      // soon as they go idle, so an instance with nothing in flight stops at once.
      await new Promise<void>((ok) => {
        const idle = setInterval(() => server.closeIdleConnections(), 100);
        const deadline = setTimeout(() => server.closeAllConnections(), config.icarryTimeoutMs + 5_000);
        idle.unref();
        deadline.unref();
        server.close(() => {
          clearInterval(idle);
          clearTimeout(deadline);
          ok();
        });
        server.closeIdleConnections();
      });
      stoppingBackfill = true;
      await Promise.all([backfill, memoryCatchUp]);
      // Webhooks not applied yet stay pending in their inbox: the next start (or another instance) applies them.
      for (const applier of appliers) await applier.stop();
      await queue.stop({ graceful: true, timeoutMs: 10_000 });
      await sandbox?.close();
      await whatsappStandIn?.stop();
      senders.email?.close();
      if (!options.database) await database.close();
    })());

  return {
    deps,
    server,
    url,
    database,
    sandbox,
    whatsappStandIn,
    demoAdmin,
    seeded,
    demoData,
    addressBackfill: backfill,
    memoryCatchUp,
    close,
  };
}

/**
 * SIGTERM and SIGINT drain the runtime and exit (0, or 1 when shutdown fails); unhandled
 * rejections are logged. What `npm start` and the reliability suite's API processes share.
 */
export function stopOnSignals(runtime: Pick<Runtime, 'close'>, logger: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: draining requests and jobs');
    runtime
      .close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

/** An applier that never applies (`applyInbox: false`: an instance that answers and stores only). */
function idleApplier(): InboxApplier {
  return { kick: () => undefined, drained: async () => undefined, stop: async () => undefined };
}
