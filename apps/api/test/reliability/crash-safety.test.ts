import { insertCustomer, insertOrder, testEnv } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestSmtpServer, waitFor } from '../../src/testing/index';
import { killStartedApis, spawnApi } from './support/api-process';
import { ApiClient } from './support/http';
import { size } from './support/sizes';
import { startWorld, WORLD_ADMIN, type World } from './support/world';

const STALE_MS = 2000;
const ORDERS = size(4, 20);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (!testEnv.databaseUrl) {
  describe('crash safety', () => {
    it.skip('needs PostgreSQL: set TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test', () => undefined);
  });
} else {
  describe('crash safety: SIGKILL an API process mid-booking and mid-delivery (PostgreSQL)', () => {
    let world: World;
    beforeAll(async () => {
      world = await startWorld();
    });
    afterAll(async () => {
      await killStartedApis();
      await world?.close();
    });

    it('killed after iCarry accepted the booking and before our commit: never booked twice; unknown after the threshold; resolvable', async () => {
      const { sandbox, database } = world;
      // The stale-booking threshold is 2 minutes in production; 2 s here so the drill is quick.
      const env = world.env({ TEST_STALE_BOOKING_MS: String(STALE_MS) });
      const first = await spawnApi({ label: 'api-before-crash', env });
      const admin = await new ApiClient(first.url).login(WORLD_ADMIN.email, WORLD_ADMIN.password);
      const order = await insertOrder(database.db, { status: 'processing' });

      // iCarry books the parcel and never answers: the booking is in flight when the process dies.
      sandbox.control.setFaults([{ endpoint: 'book', kind: 'book_accept_then_hang' }]);
      const before = sandbox.control.bookingCount();
      const inFlight = admin.mutate('orders.ship', { orderId: order.id }).then(
        (a) => `HTTP ${a.status}`,
        (err: unknown) => `connection lost (${(err as Error).message})`,
      );
      await waitFor(() => sandbox.control.bookingCount() > before, {
        what: 'the booking to reach iCarry',
        timeoutMs: 10_000,
      });
      expect(sandbox.control.shipments().some((s) => s.clientOrderId?.startsWith(order.order_number))).toBe(true);
      // A second click while the first is in flight is refused, not booked.
      const doubleClick = await admin.mutate('orders.ship', { orderId: order.id });
      expect(doubleClick.status).toBe(409);
      expect(doubleClick.error?.appCode).toBe('BOOKING_IN_PROGRESS');

      first.kill('SIGKILL');
      const killedAt = Date.now();
      const exit = await first.exit;
      expect(exit.signal).toBe('SIGKILL');
      const caller = await inFlight;
      const atCrash = await database.db
        .selectFrom('shipments')
        .selectAll()
        .where('order_id', '=', order.id)
        .executeTakeFirstOrThrow();
      expect(atCrash.booking_state).toBe('booking');

      await sleep(Math.max(0, killedAt + STALE_MS + 200 - Date.now()));
      const restartStarted = Date.now();
      const second = await spawnApi({ label: 'api-after-crash', env });
      const restartMs = Date.now() - restartStarted;
      // The cookie from before the crash still works: sessions are rows, not process memory.
      const admin2 = admin.withCookie(admin.cookie);
      const again = new ApiClient(second.url, admin2.cookie);

      const detail = await again.query<{
        order: { status: string; needsAttention: boolean };
        shipment: { bookingState: string; clientRef: string } | null;
      }>('orders.get', { orderId: order.id });
      expect(detail.status).toBe(200);
      expect(detail.data?.shipment?.bookingState).toBe('unknown');
      expect(detail.data?.order.status).toBe('processing');
      expect(detail.data?.order.needsAttention).toBe(true);

      // The admin clicks Ship again: refused, nothing sent to iCarry.
      sandbox.control.clearFaults();
      const retry = await again.mutate('orders.ship', { orderId: order.id });
      expect(retry.status).toBe(409);
      expect(retry.error?.appCode).toBe('BOOKING_OUTCOME_UNKNOWN');
      expect(sandbox.control.bookingCount() - before).toBe(1);

      // The admin finds the parcel in the iCarry panel and resolves it.
      const real = sandbox.control.shipments().find((s) => s.clientOrderId === atCrash.client_ref);
      expect(real).toBeDefined();
      const resolved = await again.mutate<{ bookingState: string; awb: string | null }>('orders.resolveBooking', {
        orderId: order.id,
        outcome: 'booked',
        providerShipmentId: String(real?.shipmentId),
      });
      expect(resolved.status, resolved.text).toBe(200);
      expect(resolved.data?.bookingState).toBe('booked');
      expect(resolved.data?.awb).toBe(real?.awb);
      const after = await again.mutate('orders.ship', { orderId: order.id });
      expect(after.error?.appCode).toBe('ORDER_ALREADY_SHIPPED');
      expect(sandbox.control.bookingCount() - before).toBe(1);
      const o = await database.db
        .selectFrom('orders')
        .select(['status', 'attention_kind'])
        .where('id', '=', order.id)
        .executeTakeFirstOrThrow();
      expect(o).toEqual({ status: 'shipped', attention_kind: null });
      console.log(
        `[crash:booking] killed with the booking in flight (caller saw: ${caller}); restart ${restartMs} ms; shipment booking -> unknown at start-up; Ship again -> ${retry.error?.appCode}; resolved -> booked ${String(resolved.data?.awb)}; iCarry bookings for the order: ${sandbox.control.bookingCount() - before}`,
      );
      second.kill('SIGTERM');
      await second.exit;
    });

    it('killed while messages are being delivered over a slow SMTP server: after restart every message arrives, once in each mailbox (a resend keeps its Message-ID)', async () => {
      const { sandbox, database } = world;
      const smtp = new TestSmtpServer();
      smtp.delayMs = 400;
      await smtp.start();
      try {
        // A job whose worker died is retried once it expires: 4 s here (120 s in production).
        const env = world.env({
          SMTP_URL: smtp.url,
          EMAIL_FROM: 'orders@reliability.example',
          TEST_QUEUE_EXPIRE_SECONDS: '4',
          TEST_QUEUE_SUPERVISE_SECONDS: '1',
        });
        const first = await spawnApi({ label: 'mailer-before-crash', env });
        world.pushTo(first.url);
        const admin = await new ApiClient(first.url).login(WORLD_ADMIN.email, WORLD_ADMIN.password);
        const orders = [];
        for (let i = 0; i < ORDERS; i++) {
          const customer = await insertCustomer(database.db, { email: `crash-mail-${i}@example.com` });
          orders.push(
            await insertOrder(database.db, {
              status: 'processing',
              customer_id: customer.id,
              contact_email: customer.email,
            }),
          );
        }
        for (const order of orders) {
          const shipped = await admin.mutate<{ providerShipmentId: string }>('orders.ship', { orderId: order.id });
          expect(shipped.status, shipped.text).toBe(200);
          const id = String(shipped.data?.providerShipmentId);
          await sandbox.control.setStatus(id, 26);
          await sandbox.control.setStatus(id, 21);
        }
        const expected = ORDERS * 3;
        const orderIds = orders.map((o) => o.id);
        // The pushes are answered once stored and applied just after: wait for the inbox to drain.
        await waitFor(
          async () =>
            !(await database.db
              .selectFrom('webhook_inbox')
              .select('id')
              .where('outcome', '=', 'pending')
              .executeTakeFirst()),
          { what: 'the pushes applied', timeoutMs: 10_000, intervalMs: 50 },
        );
        const queued = await database.db
          .selectFrom('messages')
          .select('id')
          .where('channel', '=', 'email')
          .where('order_id', 'in', orderIds)
          .execute();
        expect(queued).toHaveLength(expected);

        await waitFor(() => smtp.received.length >= 3 && smtp.inFlight > 0, {
          what: 'a delivery in progress',
          timeoutMs: 30_000,
        });
        first.kill('SIGKILL');
        await first.exit;
        const atKill = smtp.received.length;
        const sending = await database.db
          .selectFrom('messages')
          .select('id')
          .where('status', '=', 'sending')
          .where('order_id', 'in', orderIds)
          .execute();

        const restarted = Date.now();
        const second = await spawnApi({ label: 'mailer-after-crash', env });
        await waitFor(
          async () => {
            const rows = await database.db
              .selectFrom('messages')
              .select(['id', 'status', 'attempts', 'last_error'])
              .where('channel', '=', 'email')
              .where('order_id', 'in', orderIds)
              .execute();
            return rows.length === expected && rows.every((r) => r.status === 'sent');
          },
          { what: 'every email sent after the restart', timeoutMs: 90_000, intervalMs: 1000 },
        );
        const recoverMs = Date.now() - restarted;
        await sleep(1500);
        console.log(
          `[crash:messages] ${expected} emails; SIGKILL after ${atKill} delivered with ${sending.length} in 'sending'; after restart all sent in ${recoverMs} ms; SMTP received ${smtp.received.length}, recipient attempts ${smtp.attempts}, duplicates ${smtp.duplicates().length}`,
        );
        // A message the server accepted in the instant before the kill, before its 'sent' was
        // recorded, is sent again (at least once: no outbox can close that window over SMTP); the
        // resend carries the first attempt's Message-ID, so the mailbox shows one email. Anything
        // else arriving twice is a bug: a message that was not in flight, or a new Message-ID.
        expect(smtp.distinctDuplicates()).toEqual([]);
        expect(smtp.received.every((m) => /^<message-[\w-]+@reliability\.example>$/.test(m.messageId))).toBe(true);
        expect(smtp.duplicates().length).toBeLessThanOrEqual(sending.length);
        // What each reader sees: one email per Message-ID.
        const mailbox = [...new Map(smtp.received.map((m) => [m.messageId, m])).values()];
        const recipients = new Set(orders.map((o) => o.contact_email));
        expect(mailbox.filter((m) => recipients.has(m.to))).toHaveLength(expected);
        for (const order of orders) {
          const subjects = mailbox
            .filter((m) => m.to === order.contact_email)
            .map((m) => m.subject)
            .sort();
          expect(subjects).toEqual([
            `Your order ${order.order_number} has been delivered`,
            `Your order ${order.order_number} has shipped`,
            `Your order ${order.order_number} is out for delivery`,
          ]);
        }
        second.kill('SIGTERM');
        await second.exit;
      } finally {
        await smtp.stop();
      }
    });
  });
}
