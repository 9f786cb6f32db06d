import { Writable } from 'node:stream';
import { createTestDatabase, type TestDatabase } from '@app/db/testing';
import { findAdminByEmail, type DatabaseKind } from '@app/db';
import type { Clock } from '../platform/core/clock';
import type { AppConfig } from '../platform/config/config';
import { parseEnv } from '../platform/config/env';
import { createLogger } from '../platform/core/logger';
import { drainInbox } from '../shipping/inbox/inbox-applier';
import { drainWhatsAppInbox } from '../customer/whatsapp-inbox/whatsapp-inbox.service';
import { drainChannelInbox } from '../intake/channels/channel-inbox';
import { startRuntime, type Runtime, type RuntimeOptions } from '../entry/runtime';
import { createContextInner } from '../entry/trpc/context';
import { createCaller } from '../entry/router/index';
import { TestSmtpServer } from './smtp-server';
import { TestWhatsAppApi } from './whatsapp-api';
import type { SessionAdmin } from '../platform/auth/auth.service';

export { testDatabaseKinds } from '@app/db/testing';
export { TestSmtpServer, type ReceivedMail } from './smtp-server';
export { TestWhatsAppApi, type WhatsAppRequest } from './whatsapp-api';
export { plainTrackingPage } from './tracking-page';

/** Every log line a test run wrote, as parsed JSON and as raw text (for "no secrets" scans). */
export class LogCapture {
  readonly lines: string[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(line);
      done();
    },
  });
  get text(): string {
    return this.lines.join('\n');
  }
  entries(): Record<string, unknown>[] {
    return this.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

export interface TestStackOptions {
  kind?: DatabaseKind;
  /** Extra environment variables (e.g. SMTP_URL, WHATSAPP_*). */
  env?: Record<string, string>;
  webDist?: string;
  sandboxOptions?: Record<string, unknown>;
  configure?: (config: AppConfig) => AppConfig;
  queue?: RuntimeOptions['queue'];
  startWorkers?: boolean;
  /** false: pushes are stored and answered but never applied by this stack (see RuntimeOptions.applyInbox). */
  applyInbox?: boolean;
  /** Share a database with another stack (two API instances on one PostgreSQL). */
  database?: TestDatabase;
  /** Demo data: off unless true; 'mode-default' leaves SEED_DEMO_DATA unset, as a fresh install has it. */
  seed?: boolean | 'mode-default';
  /** Time for the services (e.g. a ManualClock); the system clock by default. */
  clock?: Clock;
  /** The tracking page's renderer without a web build (see plainTrackingPage). */
  trackingPage?: RuntimeOptions['trackingPage'];
  /** Sandbox mode's WhatsApp stand-in, as `npm start` runs it (off by default in tests). */
  whatsappStandIn?: boolean;
}

export interface TestStack {
  runtime: Runtime;
  url: string;
  database: TestDatabase;
  logs: LogCapture;
  admin: SessionAdmin;
  adminCredentials: { email: string; password: string };
  /** A tRPC caller signed in as the admin (request-free context). */
  adminCaller: ReturnType<typeof createCaller>;
  anonymousCaller: ReturnType<typeof createCaller>;
  callerWithIp(ip: string, admin?: SessionAdmin | null): ReturnType<typeof createCaller>;
  /**
   * Waits until every stored webhook has been applied: iCarry pushes, WhatsApp webhooks, Shopify and
   * WooCommerce deliveries (each route answers once the body is stored; its applier applies it just
   * after). Tests that post a webhook and then read call this.
   */
  drainInbox(): Promise<void>;
  close(): Promise<void>;
}

export const TEST_ADMIN = { email: 'admin@test.example', password: 'correct horse battery' };

/**
 * The whole product on a fresh database: API on a random port, the iCarry sandbox, the job
 * queue and its workers, exactly as `npm start` wires them. Logs are captured, not printed.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const database = options.database ?? (await createTestDatabase(options.kind ?? 'pglite'));
  const logs = new LogCapture();
  // The product's own logger (and its redaction), so "no secrets in logs" is tested on what ships.
  const logger = createLogger({ level: 'debug', destination: logs.stream });
  const env = parseEnv({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    ADMIN_EMAIL: TEST_ADMIN.email,
    ADMIN_PASSWORD: TEST_ADMIN.password,
    ...(options.seed === 'mode-default' ? {} : { SEED_DEMO_DATA: options.seed ? 'true' : 'false' }),
    ICARRY_TIMEOUT_MS: '3000',
    ...options.env,
  });
  const runtime = await startRuntime({
    env,
    database,
    logger,
    webDist: options.webDist,
    sandboxOptions: options.sandboxOptions,
    configure: options.configure,
    ...(options.clock ? { clock: options.clock } : {}),
    queue: { pollingIntervalSeconds: 0.5, retryDelaySeconds: 1, retryLimit: 4, ...options.queue },
    startWorkers: options.startWorkers,
    ...(options.applyInbox === false ? { applyInbox: false } : {}),
    ...(options.trackingPage ? { trackingPage: options.trackingPage } : {}),
    ...(options.whatsappStandIn ? { whatsappStandIn: true } : {}),
  });
  // Tests read the memory as a finished start leaves it (the product serves while it catches up).
  await runtime.memoryCatchUp;
  // The start's address check backfill runs beside serving; a test's fixtures (inserted with no
  // verdict) must not race it, so the stack is ready once it has finished.
  await runtime.addressBackfill;
  const found = await findAdminByEmail(database.db, TEST_ADMIN.email);
  if (!found) throw new Error('the test admin was not created');
  const adminRow: SessionAdmin = { id: found.id, email: found.email, name: found.name };
  const callerWithIp = (ip: string, admin: SessionAdmin | null = adminRow) =>
    createCaller(createContextInner({ deps: runtime.deps, admin, ip }));
  return {
    runtime,
    url: runtime.url,
    database,
    logs,
    admin: adminRow,
    adminCredentials: TEST_ADMIN,
    adminCaller: callerWithIp('127.0.0.1'),
    anonymousCaller: callerWithIp('127.0.0.1', null),
    callerWithIp,
    drainInbox: async () => {
      await drainInbox(runtime.deps);
      await drainWhatsAppInbox(runtime.deps);
      await drainChannelInbox(runtime.deps);
    },
    close: async () => {
      await runtime.close();
      if (!options.database) await database.close();
    },
  };
}

/** Polls until `check` returns a truthy value (background jobs, webhooks) or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | null | false> | T | undefined | null | false,
  options: { timeoutMs?: number; intervalMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 15_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
  throw new Error(
    `timed out waiting for ${options.what ?? 'condition'}${last instanceof Error ? `: ${last.message}` : ''}`,
  );
}

export interface ProvidersStackOptions extends TestStackOptions {
  /** Started here (and stopped when the stack closes); pass one to control it (outages, refusals). */
  smtp?: TestSmtpServer;
  whatsapp?: TestWhatsAppApi;
}

/**
 * The whole product with a real SMTP server and a WhatsApp Cloud API stand-in wired in, as a store
 * with both channels runs it. `close()` stops the stack, then both providers.
 */
export async function startStackWithProviders(
  options: ProvidersStackOptions = {},
): Promise<TestStack & { smtp: TestSmtpServer; whatsapp: TestWhatsAppApi }> {
  const smtp = options.smtp ?? new TestSmtpServer();
  const whatsapp = options.whatsapp ?? new TestWhatsAppApi();
  await smtp.start();
  await whatsapp.start();
  const stack = await startTestStack({
    ...options,
    env: {
      SMTP_URL: smtp.url,
      EMAIL_FROM: 'orders@store.example',
      WHATSAPP_TOKEN: whatsapp.token,
      WHATSAPP_PHONE_NUMBER_ID: '1065550001',
      WHATSAPP_API_URL: whatsapp.url,
      WHATSAPP_APP_SECRET: whatsapp.appSecret,
      WHATSAPP_VERIFY_TOKEN: 'test-verify-token',
      ...options.env,
    },
  });
  // Receipts and quick replies from the stand-in reach this stack, signed with its app secret.
  // Each post returns once this stack applied it (the route answers before applying).
  whatsapp.configureWebhooks({
    url: `${stack.url}/api/webhooks/whatsapp`,
    appSecret: whatsapp.appSecret,
    afterPost: () => stack.drainInbox(),
  });
  return {
    ...stack,
    smtp,
    whatsapp,
    close: async () => {
      await stack.close();
      await smtp.stop();
      await whatsapp.stop();
    },
  };
}

/** A clock a test moves by hand (rate-limit windows, token expiry, stale bookings). */
export class ManualClock implements Clock {
  constructor(private current: Date = new Date()) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}
export { TestEventReceiver, type ReceivedEvent } from './event-receiver';
export { TestShopifyAdminApi, TestWooCommerceApi, type GraphqlCall, type WooRequest } from './store-standins';
