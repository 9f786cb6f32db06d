import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, migrateToLatest, type Database } from '@app/db';
import { insertCustomer, insertOrder, testEnv, type OrderWithItems } from '@app/db/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { TestSmtpServer, waitFor } from '../../src/testing/index';
import { killStartedApis, spawnApi } from './support/api-process';
import { ApiClient, type TrpcAnswer } from './support/http';
import { STRESS } from './support/sizes';
import { startSandboxWorld, startWorld, WORLD_ADMIN, type World } from './support/world';

const SHIPPED_BEFORE = 2;
const IN_FLIGHT = 2;
const BOOKING_MS = 6000;

/**
 * SIGTERM the product's own entry point (src/main.ts) while Ship requests wait on iCarry and
 * emails are going out over a slow SMTP server; then look at what it left behind, and restart.
 */
async function drill(
  label: string,
  world: Omit<World, 'database'>,
  database: () => Promise<Database>,
  env: Record<string, string>,
  orders: OrderWithItems[],
) {
  const { sandbox } = world;
  const smtp = new TestSmtpServer();
  smtp.delayMs = 700;
  await smtp.start();
  try {
    const mailEnv = { ...env, SMTP_URL: smtp.url, EMAIL_FROM: 'orders@shutdown.example', ICARRY_TIMEOUT_MS: '10000' };
    const api = await spawnApi({ label: `${label}-main`, env: mailEnv, entry: 'main' });
    world.pushTo(api.url);
    const admin = await new ApiClient(api.url).login(WORLD_ADMIN.email, WORLD_ADMIN.password);
    const first = orders.slice(0, SHIPPED_BEFORE);
    const rest = orders.slice(SHIPPED_BEFORE);
    for (const order of first) {
      const shipped = await admin.mutate<{ providerShipmentId: string }>('orders.ship', { orderId: order.id });
      expect(shipped.status, shipped.text).toBe(200);
      await sandbox.control.setStatus(String(shipped.data?.providerShipmentId), 26);
      await sandbox.control.setStatus(String(shipped.data?.providerShipmentId), 21);
    }
    await waitFor(() => smtp.inFlight > 0, { what: 'an email being delivered', timeoutMs: 20_000 });

    // Two Ship clicks that iCarry answers only after 6 s (longer than a quick shutdown would wait; within ICARRY_TIMEOUT_MS).
    sandbox.control.setFaults([{ endpoint: 'book', kind: 'latency', ms: BOOKING_MS, count: IN_FLIGHT }]);
    const before = sandbox.control.bookingCount();
    const lost = (err: unknown): TrpcAnswer<{ bookingState: string }> => ({
      status: 0,
      data: undefined,
      error: undefined,
      text: `connection lost: ${(err as Error).message}`,
    });
    const inFlight = rest.map((order) =>
      admin.mutate<{ bookingState: string }>('orders.ship', { orderId: order.id }).catch(lost),
    );
    await waitFor(() => sandbox.control.bookingCount() - before === IN_FLIGHT, {
      what: 'both bookings at iCarry',
      timeoutMs: 10_000,
    });
    const sentAtSignal = smtp.received.length;
    const signalled = Date.now();
    api.kill('SIGTERM');
    const answers = await Promise.all(inFlight);
    const exit = await api.exit;
    const exitMs = Date.now() - signalled;
    sandbox.control.clearFaults();

    expect(
      answers.map((a) => a.status),
      answers.map((a) => a.text.slice(0, 200)).join(' | '),
    ).toEqual(rest.map(() => 200));
    expect(answers.map((a) => a.data?.bookingState)).toEqual(rest.map(() => 'booked'));
    expect(exit).toEqual({ code: 0, signal: null });
    expect(api.lines.some((l) => l.includes('shutting down: draining requests and jobs'))).toBe(true);

    // Nothing half-written.
    const db = await database();
    const orderIds = orders.map((o) => o.id);
    const booking = await db.db.selectFrom('shipments').select('id').where('booking_state', '=', 'booking').execute();
    const sending = await db.db.selectFrom('messages').select('id').where('status', '=', 'sending').execute();
    const statuses = await db.db.selectFrom('messages').select('status').where('order_id', 'in', orderIds).execute();
    const sentByThen = statuses.filter((m) => m.status === 'sent').length;
    expect(booking).toEqual([]);
    expect(sending).toEqual([]);
    const shippedOrders = await db.db.selectFrom('orders').select('status').where('id', 'in', orderIds).execute();
    expect(shippedOrders.every((o) => o.status !== 'processing')).toBe(true);
    await db.close();

    // The next instance sends what was left, each exactly once.
    const expected = SHIPPED_BEFORE * 3 + IN_FLIGHT;
    const next = await spawnApi({ label: `${label}-restart`, env: mailEnv });
    const recipients = new Set(orders.map((o) => String(o.contact_email)));
    const mine = () => smtp.received.filter((m) => recipients.has(m.to));
    await waitFor(() => mine().length >= expected, { what: 'every email after the restart', timeoutMs: 60_000 });
    await new Promise((r) => setTimeout(r, 1500));
    next.kill('SIGTERM');
    const nextExit = await next.exit;
    expect(nextExit.code).toBe(0);
    expect(smtp.duplicates()).toEqual([]);
    expect(mine()).toHaveLength(expected);
    console.log(
      `[shutdown:${label}] SIGTERM with ${IN_FLIGHT} Ship requests waiting ${BOOKING_MS} ms on iCarry and an email in flight (${sentAtSignal} sent by then): requests answered ${answers.map((a) => a.status).join('/')}, exit code ${String(exit.code)} after ${exitMs} ms; left 0 shipments 'booking', 0 messages 'sending', ${sentByThen}/${statuses.length} messages sent; after restart all ${expected} emails delivered once`,
    );
  } finally {
    await smtp.stop();
  }
}

async function makeOrders(db: Database['db'], tag: string): Promise<OrderWithItems[]> {
  const orders: OrderWithItems[] = [];
  for (let i = 0; i < SHIPPED_BEFORE + IN_FLIGHT; i++) {
    const customer = await insertCustomer(db, { email: `shutdown-${tag}-${i}@example.com` });
    orders.push(
      await insertOrder(db, { status: 'processing', customer_id: customer.id, contact_email: customer.email }),
    );
  }
  return orders;
}

describe('graceful shutdown: SIGTERM src/entry/main.ts with requests and jobs in flight', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await killStartedApis();
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  // PostgreSQL when TEST_DATABASE_URL is set, else PGlite; both under STRESS (a PGlite child takes ~20 s to boot twice).
  it.skipIf(!testEnv.databaseUrl)('on PostgreSQL (needs TEST_DATABASE_URL)', { timeout: 120_000 }, async () => {
    const world = await startWorld();
    cleanups.push(() => world.close());
    const orders = await makeOrders(world.database.db, 'pg');
    const url = String(world.database.url);
    await drill('postgres', world, async () => createDatabase({ url }), world.env(), orders);
  });

  it.skipIf(Boolean(testEnv.databaseUrl) && !STRESS)(
    'on PGlite (the database `npm start` uses by default), persisted to a folder',
    { timeout: 150_000 },
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'icarry-shutdown-'));
      cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
      // The sandbox only; the API keeps its own PGlite folder, which the test opens only while the API is down.
      const world = await startSandboxWorld();
      cleanups.push(() => world.close());
      const seed = await createDatabase({ dataDir: dir });
      await migrateToLatest(seed.db);
      const orders = await makeOrders(seed.db, 'pglite');
      await seed.close();
      const env = world.env();
      await drill('pglite', world, async () => createDatabase({ dataDir: dir }), { ...env, PGLITE_DIR: dir }, orders);
    },
  );
});
