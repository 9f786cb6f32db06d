import { listMessagesForOrder } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import { sql } from 'kysely';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import type { AppError } from '../../src/platform/core/errors';
import { orderBody } from '../support/order-body';

describe.each(testDatabaseKinds())('COD confirmation on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();
  let seq = 0;

  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind, env: { COD_CONFIRMATION: 'above:500' } });
    key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function postOrder(overrides: Record<string, unknown> = {}) {
    seq++;
    const phone = `98765${String(10000 + seq).slice(-5)}`;
    const response = await fetch(`${stack.url}/api/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `k-${seq}` },
      body: JSON.stringify(
        orderBody({
          externalId: `COD-${kind}-${seq}`,
          orderNumber: `#C${seq}-${kind}`,
          customer: { name: 'Asha Raman', phone, email: `asha${seq}@example.com`, whatsappOptIn: true },
          ...overrides,
        }),
      ),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { order: { id: string; orderNumber: string } };
    return { ...body.order, phone };
  }

  it('the environment’s policy asks a covered COD order on WhatsApp (quick replies) and by email, once', async () => {
    const order = await postOrder();
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation).toMatchObject({
      state: 'pending',
      needsOverride: true,
      via: null,
      answeredAt: null,
    });
    expect(detail.codConfirmation.requestedAt).toBeInstanceOf(Date);
    expect(detail.history.some((h) => h.source === 'customer' && /requested/.test(h.description ?? ''))).toBe(true);
    const sent = await waitFor(() => whatsapp.requests.find((r) => r.body.to === `+91${order.phone}`), {
      what: 'the confirmation WhatsApp',
    });
    expect(sent.body.template.name).toBe('cod_order_confirmation');
    expect(sent.body.template.language.code).toBe('en');
    const buttons = sent.body.template.components.filter((c) => (c as { type: string }).type === 'button');
    expect(buttons.map((b) => (b as { sub_type: string }).sub_type)).toEqual(['quick_reply', 'quick_reply', 'url']);
    await waitFor(() => smtp.received.find((m) => m.subject.includes(order.orderNumber)), { what: 'the email' });
    const email = smtp.received.find((m) => m.subject.includes(order.orderNumber));
    expect(email?.raw).toMatch(/\/confirm-order\//);
    const messages = await listMessagesForOrder(stack.database.db, order.id);
    const wa = messages.find((m) => m.channel === 'whatsapp');
    expect(wa?.template).toBe('cod_confirmation');
    expect(wa?.params).toMatchObject({ template: { name: 'cod_order_confirmation', language: 'en' } });
  });

  it('an order under the amount, and a prepaid one, are not asked', async () => {
    const small = await postOrder({
      items: [{ sku: 'PKL-SMALL', name: 'Small pickle', quantity: 1, unitPrice: '100.00' }],
      shippingCharge: '0.00',
    });
    expect((await stack.adminCaller.orders.get({ orderId: small.id })).codConfirmation.state).toBe('not_needed');
    const prepaid = await postOrder({ paymentMethod: 'prepaid' });
    expect((await stack.adminCaller.orders.get({ orderId: prepaid.id })).codConfirmation.state).toBe('not_needed');
  });

  it('the admin’s setting wins over the environment', async () => {
    const saved = await stack.adminCaller.settings.codConfirmation.update({ policy: 'off' });
    expect(saved).toMatchObject({ policy: 'off', setBy: 'admin', hours: 24 });
    const order = await postOrder();
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).codConfirmation.state).toBe('not_needed');
    await expect(stack.adminCaller.settings.codConfirmation.update({ policy: 'sometimes' })).rejects.toThrow();
    await stack.adminCaller.settings.codConfirmation.update({ policy: 'all' });
    const again = await postOrder({
      items: [{ sku: 'PKL-SMALL', name: 'Small pickle', quantity: 1, unitPrice: '100.00' }],
    });
    expect((await stack.adminCaller.orders.get({ orderId: again.id })).codConfirmation.state).toBe('pending');
    await stack.adminCaller.settings.codConfirmation.update({ policy: 'above:500' });
  });

  it('orders.ship refuses an unconfirmed COD order with COD_NOT_CONFIRMED; the override is recorded with the admin', async () => {
    const order = await postOrder();
    const refused = await stack.adminCaller.orders.ship({ orderId: order.id }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(TRPCError);
    expect((refused as TRPCError).code).toBe('PRECONDITION_FAILED');
    expect(((refused as TRPCError).cause as AppError).code).toBe('COD_NOT_CONFIRMED');
    expect(await stack.adminCaller.orders.get({ orderId: order.id })).toMatchObject({ shipment: null });
    const shipped = await stack.adminCaller.orders.ship({ orderId: order.id, confirmOverride: true });
    expect(shipped.bookingState).toBe('booked');
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation.overriddenAt).toBeInstanceOf(Date);
    const note = detail.notes.find((n) =>
      /without the customer’s COD confirmation|without the customer's COD/.test(n.body),
    );
    expect(note).toBeDefined();
    const row = await sql<{
      by: string | null;
    }>`select cod_confirmation_override_by::text as by from orders where id = ${order.id}`.execute(stack.database.db);
    expect(row.rows[0]?.by).toBe(stack.admin.id);
  });

  it('“Confirm order” on WhatsApp confirms it; the order then ships without an override; a second press changes nothing', async () => {
    const order = await postOrder();
    const sent = await waitFor(() => whatsapp.requests.find((r) => r.body.to === `+91${order.phone}`));
    expect(await whatsapp.pressQuickReply(sent.wamid, 0, 'Confirm order')).toBe(200);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation).toMatchObject({ state: 'confirmed', via: 'whatsapp', needsOverride: false });
    expect(detail.history.some((h) => h.source === 'customer' && /confirmed/.test(h.description ?? ''))).toBe(true);
    // A late "Cancel" press: the first answer stands.
    expect(await whatsapp.pressQuickReply(sent.wamid, 1, 'Cancel order')).toBe(200);
    expect((await stack.adminCaller.orders.get({ orderId: order.id })).codConfirmation.state).toBe('confirmed');
    expect((await stack.adminCaller.orders.ship({ orderId: order.id })).bookingState).toBe('booked');
  });

  it('“Cancel order” on WhatsApp declines it: flagged, and bulk ship skips it with the reason', async () => {
    const order = await postOrder();
    const sent = await waitFor(() => whatsapp.requests.find((r) => r.body.to === `+91${order.phone}`));
    expect(await whatsapp.pressQuickReply(sent.wamid, 1, 'Cancel order')).toBe(200);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation).toMatchObject({ state: 'declined', via: 'whatsapp', needsOverride: true });
    expect(detail.order.attentionKind).toBe('cod_declined');
    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: [order.id] });
    expect(review.unconfirmedCod.map((u) => ({ orderId: u.orderId, state: u.state }))).toEqual([
      { orderId: order.id, state: 'declined' },
    ]);
    expect(review.unconfirmedCod[0]?.reason).toMatch(/cancelled/);
    expect(review.shippableCount).toBe(0);
    const { batchId } = await stack.adminCaller.orders.shipMany({ orderIds: [order.id], courierPolicy: 'cheapest' });
    const batch = await waitFor(async () => {
      const b = await stack.adminCaller.orders.batch({ batchId });
      return b.state === 'done' ? b : undefined;
    });
    expect(batch.items[0]).toMatchObject({ state: 'skipped', errorCode: 'COD_NOT_CONFIRMED' });
  });

  it('a customer who replies STOP is opted out of WhatsApp', async () => {
    const c = await insertCustomer(stack.database.db, { whatsapp_opt_in: true });
    await insertOrder(stack.database.db, { customer_id: c.id, contact_phone: c.phone });
    expect(await whatsapp.sendCustomerText(`91${c.phone}`, ' Stop ')).toBe(200);
    const row = await sql<{
      opt_in: boolean;
      out_at: Date | null;
    }>`select whatsapp_opt_in as opt_in, whatsapp_opt_out_at as out_at from customers where id = ${c.id}`.execute(
      stack.database.db,
    );
    expect(row.rows[0]).toMatchObject({ opt_in: false });
    expect(row.rows[0]?.out_at).toBeInstanceOf(Date);
    // Any other text changes nothing.
    const other = await insertCustomer(stack.database.db, { whatsapp_opt_in: true });
    expect(await whatsapp.sendCustomerText(`91${other.phone}`, 'Please stop by at 5')).toBe(200);
    const still = await sql<{
      opt_in: boolean;
    }>`select whatsapp_opt_in as opt_in from customers where id = ${other.id}`.execute(stack.database.db);
    expect(still.rows[0]?.opt_in).toBe(true);
  });
});
