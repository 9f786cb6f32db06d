import { insertCustomer, insertOrder, type OrderWithItems } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postStatusPush } from '../support/helpers';
import { tally } from './support/http';
import { size } from './support/sizes';

const ORDERS = size(5, 25);
const RETRY_LIMIT = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(testDatabaseKinds())('providers down on %s', (kind) => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    stack = await startStackWithProviders({
      smtp,
      whatsapp,
      kind,
      env: {
        EMAIL_FROM: 'orders@outage.example',
      },
      // Retries 1-2 s, 2-4 s, 4-8 s apart, then the message is given up as failed.
      queue: { retryLimit: RETRY_LIMIT, retryDelaySeconds: 1 },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(
    'SMTP and WhatsApp refuse for a while: messages wait and retry, then each arrives once; the undeliverable end failed with the reason',
    { timeout: 120_000 },
    async () => {
      const db = stack.database.db;
      // Outage, part 1: the SMTP server is down (connection refused) and WhatsApp answers 503.
      await smtp.stop();
      whatsapp.failWith = { status: 503, code: 131000 };
      const outageStarted = Date.now();

      const orders: OrderWithItems[] = [];
      for (let i = 0; i < ORDERS; i++) {
        const customer = await insertCustomer(db, { email: `outage-${kind}-${i}@example.com`, whatsapp_opt_in: true });
        const order = await insertOrder(db, {
          status: 'processing',
          customer_id: customer.id,
          contact_email: customer.email,
        });
        const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
        const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
        expect((await postStatusPush(stack, { ...ids, status: '26' })).status).toBe(200);
        expect((await postStatusPush(stack, { ...ids, status: '21' })).status).toBe(200);
        orders.push(order);
      }
      // Two customers no server will ever take: a mailbox refused for now (451, forever) and one refused for good (550).
      const hopeless = [] as { order: OrderWithItems; code: number }[];
      for (const code of [451, 550]) {
        const email = `never-${code}-${kind}@example.com`;
        smtp.refuseRecipient.set(email, code);
        const customer = await insertCustomer(db, { email, whatsapp_opt_in: false });
        const order = await insertOrder(db, { status: 'processing', customer_id: customer.id, contact_email: email });
        await stack.adminCaller.orders.ship({ orderId: order.id });
        hopeless.push({ order, code });
      }

      await waitFor(
        async () => {
          const rows = await db
            .selectFrom('messages')
            .select('attempts')
            .where(
              'order_id',
              'in',
              orders.map((o) => o.id),
            )
            .execute();
          return rows.length === ORDERS * 6 && rows.every((r) => r.attempts >= 1);
        },
        { what: 'every message tried once during the outage', timeoutMs: 30_000 },
      );
      const duringOutage = await db
        .selectFrom('messages')
        .select('status')
        .where(
          'order_id',
          'in',
          orders.map((o) => o.id),
        )
        .execute();
      expect(duringOutage.filter((r) => r.status === 'sent')).toEqual([]);

      // Part 2: the SMTP server is back but answers 421 (busy), WhatsApp rate-limits (429).
      smtp.refuseAllWith = 421;
      await smtp.start();
      whatsapp.failWith = { status: 429, code: 130429 };
      await sleep(1500);
      smtp.refuseAllWith = null;
      whatsapp.failWith = null;
      const outageMs = Date.now() - outageStarted;

      const orderIds = [...orders, ...hopeless.map((h) => h.order)].map((o) => o.id);
      const rows = await waitFor(
        async () => {
          const all = await db.selectFrom('messages').selectAll().where('order_id', 'in', orderIds).execute();
          return all.length === ORDERS * 6 + 2 && all.every((m) => m.status === 'sent' || m.status === 'failed')
            ? all
            : null;
        },
        { what: 'every message sent or given up', timeoutMs: 60_000, intervalMs: 250 },
      );
      const settledMs = Date.now() - outageStarted;
      await sleep(1000);

      for (const order of orders) {
        const mine = rows.filter((m) => m.order_id === order.id);
        expect(mine.map((m) => m.status)).toEqual(Array(6).fill('sent'));
        const mails = smtp.received
          .filter((m) => m.to === order.contact_email)
          .map((m) => m.subject)
          .sort();
        expect(mails).toEqual([
          `Your order ${order.order_number} has been delivered`,
          `Your order ${order.order_number} has shipped`,
          `Your order ${order.order_number} is out for delivery`,
        ]);
        const wa = whatsapp.requests
          .filter((r) => r.body.to === `+91${order.contact_phone}`)
          .map((r) => r.body.template.name)
          .sort();
        expect(wa).toEqual(['order_delivered', 'order_out_for_delivery', 'order_shipped']);
      }
      expect(smtp.duplicates()).toEqual([]);
      const retried = rows.filter((m) => m.status === 'sent' && m.attempts > 1).length;
      expect(retried).toBeGreaterThan(0);

      const temp = rows.find((m) => m.order_id === hopeless[0]?.order.id);
      const perm = rows.find((m) => m.order_id === hopeless[1]?.order.id);
      expect(temp?.status).toBe('failed');
      expect(temp?.last_error).toMatch(/451/);
      expect(temp?.attempts).toBe(RETRY_LIMIT + 1);
      expect(perm?.status).toBe('failed');
      expect(perm?.last_error).toMatch(/550/);
      // A permanent refusal is not retried: the server saw that mailbox once (earlier tries met no server at all).
      expect(smtp.attemptsFor.get(String(hopeless[1]?.order.contact_email))).toBe(1);
      // The admin sees why, over the API.
      const listed = await stack.adminCaller.orders.messages({ orderId: String(hopeless[0]?.order.id) });
      expect(listed[0]?.lastError).toMatch(/451/);

      console.log(
        `[providers-down:${kind}] ${ORDERS * 6} messages through a ${outageMs} ms outage (SMTP refused then 421, WhatsApp 503 then 429): all sent once, attempts ${JSON.stringify(tally(rows.filter((m) => m.status === 'sent').map((m) => String(m.attempts))))}, settled ${settledMs} ms after it began; 451-forever mailbox failed after ${temp?.attempts} attempts, 550 mailbox after ${smtp.attemptsFor.get(String(hopeless[1]?.order.contact_email))} try at the server`,
      );
    },
  );
});
