import { createPrng, insertCustomer, insertOrder, type OrderWithItems } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postNdrPush, postStatusPush } from '../support/helpers';
import { mapLimit, tally } from './support/http';
import { size } from './support/sizes';

const PUSHES = size(200, 1000);
const ORDERS = size(20, 100);
const CONCURRENCY = 8;
const SEED = 20261125;
/** iCarry's happy path after booking; each order is pushed a prefix of it. */
const PATH = ['25', '24', '3', '22', '26', '21'] as const;
const ORDER_STATUS_AFTER: Record<number, string> = { 4: 'shipped', 5: 'out_for_delivery', 6: 'delivered' };
const SHIPMENT_STATUS_AFTER: Record<number, string> = { 4: 'in_transit', 5: 'out_for_delivery', 6: 'delivered' };

type Push =
  | { kind: 'status'; order: number; status: string; json: boolean }
  | { kind: 'ndr'; order: number }
  | { kind: 'weight'; order: number };

describe.each(testDatabaseKinds())('webhook storm on %s', (kind) => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    stack = await startStackWithProviders({
      smtp,
      whatsapp,
      kind,
      env: {
        EMAIL_FROM: 'orders@storm.example',
        EMAIL_FEEDBACK_TO: 'ops@storm.example',
        // Every push comes from this one address: the storm is not a tracking-page visitor.
        TRACKING_LOOKUPS_PER_MINUTE: '100000',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(
    `${PUSHES} pushes over ${ORDERS} orders, duplicated and shuffled, ${CONCURRENCY} at a time: highest status, every distinct push kept once, each message once`,
    { timeout: 180_000 },
    async () => {
      const db = stack.database.db;
      const prng = createPrng(SEED);
      const random = () => prng.next();
      const orders: { order: OrderWithItems; steps: number; ids: { shipment_id: string; awb: string } }[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const customer = await insertCustomer(db, { email: `storm-${kind}-${i}@example.com`, whatsapp_opt_in: true });
        const order = await insertOrder(db, {
          status: 'processing',
          customer_id: customer.id,
          contact_email: customer.email,
        });
        const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
        // 4..6 steps of the path: ends In Transit (order Shipped), Out for Delivery, or Delivered.
        const steps = 4 + Math.floor(random() * 3);
        orders.push({
          order,
          steps,
          ids: { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) },
        });
      }

      const unique: Push[] = orders.flatMap((o, i): Push[] => [
        ...PATH.slice(0, o.steps).map((status): Push => ({ kind: 'status', order: i, status, json: random() < 0.3 })),
        { kind: 'ndr', order: i },
        { kind: 'weight', order: i },
      ]);
      const duplicates = Array.from(
        { length: Math.max(0, PUSHES - unique.length) },
        () => unique[Math.floor(random() * unique.length)] as Push,
      );
      const storm = prng.shuffle([...unique, ...duplicates]);

      const inboxBefore = Number(
        (
          await db
            .selectFrom('webhook_inbox')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
      const started = Date.now();
      const answers = await mapLimit(storm, CONCURRENCY, async (push) => {
        const o = orders[push.order];
        if (!o) throw new Error('no order');
        if (push.kind === 'status')
          return postStatusPush(stack, { ...o.ids, status: push.status }, { json: push.json });
        if (push.kind === 'ndr')
          return postNdrPush(stack, [{ ...o.ids, type: 'REATTEMPT-CONTACT', date_added: '23/01/2026' }]);
        return postStatusPush(stack, {
          callback_type: 'new_weight_discrepancy',
          ...o.ids,
          new_weight: '1200',
          new_dimensions: '20x15x10',
        });
      });
      const stormMs = Date.now() - started;
      const inboxAfter = Number(
        (
          await db
            .selectFrom('webhook_inbox')
            .select((eb) => eb.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

      expect(answers.filter((a) => a.status !== 200)).toEqual([]);
      // Each distinct push is stored once; a repeat is answered from the stored one (ON CONFLICT DO NOTHING).
      const stored = answers.filter((a) => a.body.outcome === 'pending').length;
      expect(inboxAfter - inboxBefore).toBe(stored);
      expect(answers.filter((a) => a.body.outcome === 'duplicate').length).toBe(storm.length - stored);
      expect(storm.length - stored).toBeGreaterThanOrEqual(duplicates.length);

      const orderIds = orders.map((o) => o.order.id);
      for (const o of orders) {
        const row = await db
          .selectFrom('orders')
          .select('status')
          .where('id', '=', o.order.id)
          .executeTakeFirstOrThrow();
        const s = await db
          .selectFrom('shipments')
          .select('status')
          .where('order_id', '=', o.order.id)
          .where('booking_state', '=', 'booked')
          .executeTakeFirstOrThrow();
        expect(row.status, `order ${o.order.order_number} after ${o.steps} steps`).toBe(ORDER_STATUS_AFTER[o.steps]);
        expect(s.status).toBe(SHIPMENT_STATUS_AFTER[o.steps]);
      }

      // Messages: one per milestone the order actually passed through (a late Out for Delivery after
      // Delivered moves nothing and messages no one), per channel; then what the providers received.
      const reached = new Map<string, string[]>();
      for (const o of orders) {
        const rows = await db
          .selectFrom('status_history')
          .select('order_status')
          .where('order_id', '=', o.order.id)
          .where('applied', '=', true)
          .where('order_status', 'in', ['shipped', 'out_for_delivery', 'delivered'])
          .execute();
        reached.set(o.order.id, [...new Set(rows.map((r) => String(r.order_status)))].sort());
      }
      const expectedCustomer = [...reached.values()].reduce((n, m) => n + 2 * m.length, 0);
      const messages = await waitFor(
        async () => {
          const rows = await db
            .selectFrom('messages')
            .select(['order_id', 'template', 'channel', 'audience', 'status', 'recipient', 'subject'])
            .where('order_id', 'in', orderIds)
            .execute();
          // The customer's NDR ask depends on whether the NDR landed before Delivered: counted apart, below.
          const milestoneRows = rows.filter((r) => r.template !== 'ndr_customer');
          return milestoneRows.length === expectedCustomer + ORDERS && rows.every((r) => r.status === 'sent')
            ? rows
            : null;
        },
        { what: 'every message sent', timeoutMs: 60_000, intervalMs: 250 },
      ).catch(async (err: unknown) => {
        const rows = await db
          .selectFrom('messages')
          .select(['status', 'channel', 'last_error', 'attempts'])
          .where('order_id', 'in', orderIds)
          .execute();
        console.log(
          `[storm:${kind}] expected ${expectedCustomer + ORDERS} messages, have ${rows.length}: ${JSON.stringify(tally(rows.map((r) => `${r.channel}:${r.status}:${r.attempts}:${r.last_error ?? ''}`)))}`,
        );
        throw err;
      });
      const drainedMs = Date.now() - started;
      const keys = messages.map((m) => `${m.order_id}|${m.template}|${m.channel}|${m.audience}`);
      expect(new Set(keys).size).toBe(keys.length);
      await new Promise((r) => setTimeout(r, 1000));

      for (const o of orders) {
        const milestones = reached.get(o.order.id) ?? [];
        expect(milestones).toContain('shipped');
        expect(milestones.includes('delivered')).toBe(o.steps === 6);
        const asks = messages.filter((m) => m.order_id === o.order.id && m.template === 'ndr_customer');
        // At most one NDR ask per channel, ever (none when the order was delivered first).
        expect(new Set(asks.map((m) => m.channel)).size).toBe(asks.length);
        const mine = messages.filter(
          (m) => m.order_id === o.order.id && m.audience === 'customer' && m.template !== 'ndr_customer',
        );
        expect(
          mine
            .filter((m) => m.channel === 'email')
            .map((m) => m.template)
            .sort(),
        ).toEqual(milestones);
        expect(
          mine
            .filter((m) => m.channel === 'whatsapp')
            .map((m) => m.template)
            .sort(),
        ).toEqual(milestones);
        const mails = smtp.received.filter(
          (m) => m.to === o.order.contact_email && !m.subject.startsWith('We could not deliver'),
        );
        expect(mails).toHaveLength(milestones.length);
        const wa = whatsapp.requests.filter(
          (r) => r.body.to === `+91${o.order.contact_phone}` && !r.body.template.name.startsWith('delivery_failed'),
        );
        expect(wa.map((r) => r.body.template.name).sort()).toEqual(milestones.map((m) => `order_${m}`).sort());
        expect(
          smtp.received.filter((m) => m.to === 'ops@storm.example' && m.subject.includes(o.order.order_number)),
        ).toHaveLength(1);
        const ndrNotes = await db
          .selectFrom('order_notes')
          .select('id')
          .where('order_id', '=', o.order.id)
          .where('kind', '=', 'ndr')
          .execute();
        expect(ndrNotes).toHaveLength(1);
      }
      expect(smtp.duplicates()).toEqual([]);

      const outcomes = tally(answers.map((a) => a.body.outcome));
      const skippedOfd = orders.filter(
        (o) => o.steps === 6 && !(reached.get(o.order.id) ?? []).includes('out_for_delivery'),
      ).length;
      console.log(
        `[storm:${kind}] ${storm.length} pushes (${unique.length} distinct, ${duplicates.length} duplicates = ${Math.round((100 * duplicates.length) / storm.length)}%) over ${ORDERS} orders, ${CONCURRENCY} concurrent, seed ${SEED}: ${stormMs} ms (${Math.round(storm.length / (stormMs / 1000))}/s); outcomes ${JSON.stringify(outcomes)}; inbox +${inboxAfter - inboxBefore}; ${messages.length} messages (${smtp.received.length} SMTP, ${whatsapp.requests.length} WhatsApp) all sent once (${skippedOfd} orders saw Delivered before Out for Delivery, so got no OFD message), drained ${drainedMs} ms after the first push`,
      );
    },
  );
});
