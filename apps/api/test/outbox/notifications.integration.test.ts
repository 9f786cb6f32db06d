import { insertCustomer, insertOrder } from '@app/db/testing';
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

describe.each(testDatabaseKinds())('customer and admin messages on %s', (kind) => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    stack = await startStackWithProviders({
      smtp,
      whatsapp,
      kind,
      env: {
        EMAIL_FROM: 'orders@store.example',
        EMAIL_FEEDBACK_TO: 'ops@store.example',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function optedInOrder() {
    const customer = await insertCustomer(stack.database.db, {
      whatsapp_opt_in: true,
      email: `c${Date.now()}@example.com`,
    });
    return insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_email: customer.email,
    });
  }

  it('SMTP down while shipping and delivering: once it is back every message arrives exactly once', async () => {
    const order = await optedInOrder();
    await smtp.stop();
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
    await postStatusPush(stack, { ...ids, status: '26' });
    await postStatusPush(stack, { ...ids, status: '21' });
    await postStatusPush(stack, { ...ids, status: '21' });
    // While SMTP is down the emails wait and retry; nothing is lost.
    await waitFor(
      async () => {
        const rows = await stack.database.db
          .selectFrom('messages')
          .select(['attempts', 'status'])
          .where('order_id', '=', order.id)
          .where('channel', '=', 'email')
          .execute();
        return rows.length === 3 && rows.every((r) => r.attempts >= 1 && r.status !== 'sent');
      },
      { what: 'failed email attempts', timeoutMs: 20_000 },
    );
    await smtp.start();
    const to = String(order.contact_email);
    const mails = await waitFor(
      () => {
        const mine = smtp.received.filter((m) => m.to.includes(to));
        return mine.length >= 3 ? mine : null;
      },
      { what: 'three emails', timeoutMs: 40_000 },
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      smtp.received
        .filter((m) => m.to.includes(to))
        .map((m) => m.subject)
        .sort(),
    ).toEqual(
      [
        `Your order ${order.order_number} has been delivered`,
        `Your order ${order.order_number} has shipped`,
        `Your order ${order.order_number} is out for delivery`,
      ].sort(),
    );
    // The body as a mail reader shows it: quoted-printable soft breaks joined, "=3D" read as "=".
    const decoded = (raw: string) => raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');
    expect(mails.some((m) => decoded(m.raw).includes(`/order-tracking/${order.order_number}?t=`))).toBe(true);

    const wa = await waitFor(
      () => {
        const mine = whatsapp.requests.filter((r) => r.body.to === `+91${order.contact_phone}`);
        return mine.length >= 3 ? mine : null;
      },
      { what: 'three WhatsApp messages' },
    );
    expect(wa.map((r) => r.body.template.name).sort()).toEqual([
      'order_delivered',
      'order_out_for_delivery',
      'order_shipped',
    ]);
    expect(wa.every((r) => r.body.biz_opaque_callback_data?.startsWith('msg_'))).toBe(true);
    const rows = await stack.database.db
      .selectFrom('messages')
      .select(['id', 'status', 'channel'])
      .where('order_id', '=', order.id)
      .execute();
    expect(rows.every((r) => r.status === 'sent')).toBe(true);
    // Each email carries its outbox row's Message-ID, the same on every attempt (a resend after a
    // crash is then one email in the mailbox), at the sender's domain.
    const emailIds = rows.filter((r) => r.channel === 'email').map((r) => `<message-${r.id}@store.example>`);
    expect(mails.map((m) => m.messageId).sort()).toEqual(emailIds.sort());
  });

  it('a message that can never be sent ends as failed with its reason; the NDR alert reaches the admin', async () => {
    const order = await optedInOrder();
    whatsapp.failWith = { status: 404, code: 132001 };
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const failed = await waitFor(
      async () =>
        stack.database.db
          .selectFrom('messages')
          .selectAll()
          .where('order_id', '=', order.id)
          .where('channel', '=', 'whatsapp')
          .where('status', '=', 'failed')
          .executeTakeFirst(),
      { what: 'failed WhatsApp message' },
    );
    expect(failed.last_error).toMatch(/132001/);
    whatsapp.failWith = null;

    await postNdrPush(stack, [
      {
        shipment_id: String(shipment.providerShipmentId),
        awb: String(shipment.awb),
        type: 'REATTEMPT-COD-NOT-READY',
        date_added: '02/02/2026',
      },
    ]);
    const alert = await waitFor(
      () => smtp.received.find((m) => m.to.includes('ops@store.example') && m.subject.includes(order.order_number)),
      { what: 'NDR alert email' },
    );
    expect(alert.raw).toMatch(/COD/);
  });

  it('customers who did not opt in get no WhatsApp message', async () => {
    const customer = await insertCustomer(stack.database.db, { whatsapp_opt_in: false });
    const order = await insertOrder(stack.database.db, { status: 'processing', customer_id: customer.id });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const rows = await stack.database.db
      .selectFrom('messages')
      .select('channel')
      .where('order_id', '=', order.id)
      .execute();
    expect(rows.map((r) => r.channel)).not.toContain('whatsapp');
  });
});
