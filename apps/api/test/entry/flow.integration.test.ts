import { insertCustomer, insertOrder } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcileQuietShipments } from '../../src/shipping/reconcile/reconcile.service';
import { startTestStack, TestSmtpServer, waitFor, type TestStack } from '../../src/testing/index';

describe('the whole story through the sandbox', () => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  beforeAll(async () => {
    await smtp.start();
    stack = await startTestStack({ env: { SMTP_URL: smtp.url, EMAIL_FROM: 'orders@store.example' } });
  });
  afterAll(async () => {
    await stack?.close();
    await smtp.stop();
  });

  it('ship, let the sandbox push Shipped -> Out for Delivery -> Delivered plus one NDR: order, history, notes and messages are right', async () => {
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const customer = await insertCustomer(stack.database.db, { email: 'asha.flow@example.com' });
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_email: customer.email,
    });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    const id = String(shipment.providerShipmentId);

    // The sandbox walks the happy path and posts each webhook exactly as iCarry does.
    for (let i = 0; i < 4; i++) await sandbox.control.advance(id); // 25, 24, 3, 22
    await sandbox.control.raiseNdr(id, 'REATTEMPT');
    await sandbox.control.advance(id); // 26
    await sandbox.control.advance(id); // 21

    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.order.status).toBe('delivered');
    expect(detail.shipment?.status).toBe('delivered');
    const applied = detail.history.filter((h) => h.applied && h.orderStatus).map((h) => h.orderStatus);
    expect(applied).toEqual(['shipped', 'out_for_delivery', 'delivered']);
    expect(detail.notes.filter((n) => n.kind === 'ndr')).toHaveLength(1);
    expect(detail.notes.find((n) => n.kind === 'ndr')?.ndrCode).toBe('REATTEMPT');

    const mails = await waitFor(
      () => {
        const customerMails = smtp.received.filter((m) => m.to.includes('asha.flow@example.com'));
        const alerts = smtp.received.filter(
          (m) => m.subject.includes(order.order_number) && m.subject.startsWith('Delivery problem'),
        );
        return customerMails.length >= 4 && alerts.length >= 1 ? { customerMails, alerts } : null;
      },
      { what: 'four customer emails and one admin alert', timeoutMs: 20_000 },
    );
    await new Promise((r) => setTimeout(r, 1500));
    // Three milestones, and the failed attempt's "tell us what to do" (issue 16's NDR buyer flow).
    expect(smtp.received.filter((m) => m.to.includes('asha.flow@example.com'))).toHaveLength(4);
    expect(mails.customerMails.map((m) => m.subject)).toContain(
      `We could not deliver your order ${order.order_number}`,
    );
    expect(
      smtp.received.filter((m) => m.subject.startsWith('Delivery problem') && m.subject.includes(order.order_number)),
    ).toHaveLength(1);
    expect(mails.customerMails.map((m) => m.subject)).toContain(`Your order ${order.order_number} has been delivered`);

    // The background job added the courier's scans with places to the history.
    await waitFor(
      async () => {
        const scans = await stack.database.db
          .selectFrom('status_history')
          .select('location')
          .where('order_id', '=', order.id)
          .where('source', '=', 'track')
          .execute();
        return scans.length > 0 && scans.some((s) => s.location);
      },
      { what: 'tracking scans', timeoutMs: 20_000 },
    );
  });

  it('with pushes lost, reconciliation catches the order up', async () => {
    const sandbox = stack.runtime.sandbox;
    if (!sandbox) throw new Error('sandbox expected');
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    sandbox.control.setWebhookUrls({ statusUrl: null, ndrUrl: null, weightUrl: null });
    try {
      await sandbox.control.setStatus(String(shipment.providerShipmentId), 26);
      expect((await stack.adminCaller.orders.get({ orderId: order.id })).order.status).toBe('shipped');
      const result = await reconcileQuietShipments(stack.runtime.deps, { quietMinutes: 0 });
      expect(result.asked).toBeGreaterThanOrEqual(1);
      expect((await stack.adminCaller.orders.get({ orderId: order.id })).order.status).toBe('out_for_delivery');
      const history = await stack.database.db
        .selectFrom('status_history')
        .select('source')
        .where('order_id', '=', order.id)
        .where('order_status', '=', 'out_for_delivery')
        .execute();
      expect(history.map((h) => h.source)).toEqual(['sync']);
    } finally {
      sandbox.control.setWebhookUrls(sandbox.webhookUrls);
    }
  });
});
