import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestStack,
  TestShopifyAdminApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postShopify, shopifyOrder } from '../support/channel-payloads';
import { pollChannels } from '../../src/intake/channels/channel-poll.job';
import { postStatusPush } from '../support/helpers';

const SECRET = 'shopify-webhook-secret-for-tests';

describe.each(testDatabaseKinds())('Shopify channel on %s', (kind) => {
  let stack: TestStack;
  const shopify = new TestShopifyAdminApi();

  beforeAll(async () => {
    await shopify.start();
    stack = await startTestStack({
      kind,
      env: {
        SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com',
        SHOPIFY_WEBHOOK_SECRET: SECRET,
        SHOPIFY_ADMIN_API_TOKEN: shopify.token,
        SHOPIFY_ADMIN_API_URL: shopify.url,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await shopify.stop();
  });

  const db = () => stack.database.db;
  const post = (topic: string, order: unknown, options?: Parameters<typeof postShopify>[4]) =>
    postShopify(stack, SECRET, topic, order, options);
  const orderOf = (externalId: number) =>
    db()
      .selectFrom('orders')
      .selectAll()
      .where('source', '=', 'shopify')
      .where('external_id', '=', String(externalId))
      .executeTakeFirst();
  const counts = async () => ({
    orders: (await db().selectFrom('orders').select('id').execute()).length,
    webhooks: (await db().selectFrom('channel_webhooks').select('id').execute()).length,
  });

  it('a forged or missing HMAC: 401, nothing stored', async () => {
    const before = await counts();
    const order = shopifyOrder();
    expect((await post('orders/create', order, { hmac: 'bm90IHRoZSBobWFj' })).status).toBe(401);
    expect((await post('orders/create', order, { hmac: null })).status).toBe(401);
    // Signed with another secret.
    expect((await postShopify(stack, 'other-secret', 'orders/create', order)).status).toBe(401);
    expect(await counts()).toEqual(before);
  });

  it('orders/create for a COD order: the amount to collect, phone by fallback, weights from grams, only shipped items', async () => {
    const order = shopifyOrder({ total_outstanding: '500.00' });
    const answer = await post('orders/create', order);
    expect(answer).toMatchObject({ status: 200, body: { ok: true, outcome: 'pending' }, outcome: 'created' });
    const row = await orderOf(order.id);
    expect(row).toMatchObject({
      order_number: order.name,
      status: 'processing',
      payment_method: 'cod',
      cod_amount_paise: 50000,
      contact_phone: '9845012345',
      ship_pincode: '560038',
      ship_state: 'Karnataka',
      shipping_paise: 5000,
    });
    const items = await db()
      .selectFrom('order_items')
      .select(['sku', 'quantity', 'weight_text'])
      .where('order_id', '=', row?.id ?? '0')
      .execute();
    expect(items).toEqual([{ sku: 'MANGO-500', quantity: 2, weight_text: '500 g' }]);
  });

  it('the same delivery twice makes one order', async () => {
    const order = shopifyOrder();
    const first = await post('orders/create', order, { webhookId: 'wh-dup-1' });
    const second = await post('orders/create', order, { webhookId: 'wh-dup-1' });
    // A second subscription's delivery (another webhook id) finds the order by its natural key.
    const third = await post('orders/updated', order);
    expect([first.outcome, second.body.duplicate, third.outcome]).toEqual(['created', true, 'unchanged']);
    const rows = await db().selectFrom('orders').select('id').where('external_id', '=', String(order.id)).execute();
    expect(rows).toHaveLength(1);
  });

  it('a prepaid unpaid order is pending; paid later it becomes Processing', async () => {
    const order = shopifyOrder({ payment_gateway_names: ['razorpay'], financial_status: 'pending' });
    await post('orders/create', order);
    expect((await orderOf(order.id))?.status).toBe('pending');
    expect((await post('orders/updated', { ...order, financial_status: 'paid' })).outcome).toBe('updated');
    expect((await orderOf(order.id))?.status).toBe('processing');
  });

  it('test orders and orders without a shipping address are not imported, with the reason', async () => {
    const test = shopifyOrder({ test: true });
    const pickup = shopifyOrder({ shipping_address: null });
    expect((await post('orders/create', test)).outcome).toBe('ignored');
    const ignored = await post('orders/create', pickup);
    expect(ignored.outcome).toBe('ignored');
    expect(ignored.detail).toContain('no shipping address');
    expect(await orderOf(test.id)).toBeUndefined();
    expect(await orderOf(pickup.id)).toBeUndefined();
  });

  it('address edits land before shipping; after shipping the order is flagged, the address kept; booking and delivery are written back', async () => {
    const order = shopifyOrder();
    await post('orders/create', order);
    const moved = { ...order.shipping_address, address1: '99 Residency Road' };
    expect((await post('orders/updated', { ...order, shipping_address: moved })).outcome).toBe('updated');
    const row = await orderOf(order.id);
    expect(row?.ship_line1).toBe('99 Residency Road');

    const shipment = await stack.adminCaller.orders.ship({ orderId: row?.id ?? '0' });
    const created = await waitFor(
      () =>
        shopify.callsOf('FulfillmentCreate').find((c) => JSON.stringify(c.variables).includes(String(shipment.awb))),
      {
        what: 'fulfillmentCreate',
      },
    );
    const f = created.variables.fulfillment as {
      trackingInfo: { number: string; url: string; company: string };
      notifyCustomer: boolean;
    };
    expect(f.trackingInfo.number).toBe(shipment.awb);
    expect(f.trackingInfo.url).toContain(
      `${stack.runtime.deps.config.publicUrl}/order-tracking/${encodeURIComponent(order.name)}?t=`,
    );
    expect(f.notifyCustomer).toBe(true);

    const later = { ...order.shipping_address, address1: '1 Other Street' };
    expect((await post('orders/updated', { ...order, shipping_address: later })).outcome).toBe('flagged');
    const flagged = await orderOf(order.id);
    expect([flagged?.ship_line1, flagged?.attention_kind]).toEqual(['99 Residency Road', 'address_changed']);

    const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
    await postStatusPush(stack, { ...ids, status: '26' });
    await postStatusPush(stack, { ...ids, status: '21' });
    const delivered = await waitFor(
      () =>
        shopify
          .callsOf('FulfillmentEventCreate')
          .find((c) => (c.variables.fulfillmentEvent as { status: string }).status === 'DELIVERED'),
      { what: 'fulfillmentEventCreate DELIVERED' },
    );
    expect((delivered.variables.fulfillmentEvent as { fulfillmentId: string }).fulfillmentId).toMatch(
      /^gid:\/\/shopify\/Fulfillment\//,
    );
    const writebacks = await db()
      .selectFrom('channel_writebacks')
      .select(['kind', 'event_status', 'state'])
      .where('order_id', '=', row?.id ?? '0')
      .orderBy('id')
      .execute();
    await waitFor(
      async () =>
        (
          await db()
            .selectFrom('channel_writebacks')
            .select('state')
            .where('order_id', '=', row?.id ?? '0')
            .where('state', '=', 'pending')
            .execute()
        ).length === 0,
    );
    expect(writebacks.map((w) => w.event_status ?? w.kind)).toEqual(['fulfillment', 'OUT_FOR_DELIVERY', 'DELIVERED']);
  });

  it('the Admin API failing twice: the write-back is retried and the fulfillment created once', async () => {
    const order = shopifyOrder();
    await post('orders/create', order);
    const row = await orderOf(order.id);
    const before = shopify.callsOf('FulfillmentCreate').length;
    shopify.failNext = 2;
    const shipment = await stack.adminCaller.orders.ship({ orderId: row?.id ?? '0' });
    await waitFor(
      async () =>
        (
          await db()
            .selectFrom('channel_writebacks')
            .select('state')
            .where('order_id', '=', row?.id ?? '0')
            .where('kind', '=', 'fulfillment')
            .executeTakeFirst()
        )?.state === 'done',
      { what: 'the retried write-back', timeoutMs: 30_000 },
    );
    const mine = shopify
      .callsOf('FulfillmentCreate')
      .slice(before)
      .filter((c) => JSON.stringify(c.variables).includes(String(shipment.awb)));
    expect(mine).toHaveLength(1);
    const wb = await db()
      .selectFrom('channel_writebacks')
      .selectAll()
      .where('order_id', '=', row?.id ?? '0')
      .executeTakeFirstOrThrow();
    expect(wb.attempts).toBe(3);
  });

  it('orders/cancelled cancels an unshipped order, and a booked one at iCarry first', async () => {
    const order = shopifyOrder();
    await post('orders/create', order);
    expect((await post('orders/cancelled', { ...order, cancelled_at: '2026-11-30T12:00:00+05:30' })).outcome).toBe(
      'cancelled',
    );
    expect((await orderOf(order.id))?.status).toBe('cancelled');

    const booked = shopifyOrder();
    await post('orders/create', booked);
    const row = await orderOf(booked.id);
    await stack.adminCaller.orders.ship({ orderId: row?.id ?? '0' });
    expect((await post('orders/cancelled', { ...booked, cancelled_at: '2026-11-30T12:00:00+05:30' })).outcome).toBe(
      'cancelled',
    );
    const shipments = await db()
      .selectFrom('shipments')
      .select('booking_state')
      .where('order_id', '=', row?.id ?? '0')
      .execute();
    expect(shipments.map((s) => s.booking_state)).toEqual(['cancelled']);
    expect((await orderOf(booked.id))?.status).toBe('cancelled');
  });

  it('a signed order our rules refuse is kept with the reason and answered 200 (Shopify would drop a failing webhook)', async () => {
    const order = shopifyOrder({ shipping_address: { ...shopifyOrder().shipping_address, zip: '12' } });
    const answer = await post('orders/create', order);
    expect([answer.status, answer.outcome]).toEqual([200, 'rejected']);
    expect(answer.detail).toContain('shippingAddress.pincode');
    expect(await orderOf(order.id)).toBeUndefined();
  });

  it('a signed order with a NUL in a field is refused with the reason and answered 200, not retried forever', async () => {
    const order = shopifyOrder({ shipping_address: { ...shopifyOrder().shipping_address, province: '\u0000' } });
    const answer = await post('orders/create', order);
    expect([answer.status, answer.outcome]).toEqual([200, 'rejected']);
    expect(answer.detail).toContain('NUL');
    expect(await orderOf(order.id)).toBeUndefined();
  });

  it('the reconciliation poll takes an order whose webhook never came, once', async () => {
    const missed = shopifyOrder({ updated_at: '2026-11-30T10:20:00+05:30' });
    shopify.restOrders = [missed];
    await pollChannels(stack.runtime.deps);
    await pollChannels(stack.runtime.deps);
    shopify.restOrders = [];
    const rows = await db().selectFrom('orders').select('id').where('external_id', '=', String(missed.id)).execute();
    expect(rows).toHaveLength(1);
    expect(shopify.restQueries.at(-1)).toContain('updated_at_min=');
    const state = await db()
      .selectFrom('channel_state')
      .selectAll()
      .where('channel', '=', 'shopify')
      .executeTakeFirst();
    expect(state?.last_poll_error).toBeNull();
  });
});
