import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestStack,
  TestWooCommerceApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { postWoo, wooOrder } from '../support/channel-payloads';
import { pollChannels } from '../../src/intake/channels/channel-poll.job';
import { postStatusPush } from '../support/helpers';

const SECRET = 'woo-webhook-secret-for-tests-0001';

describe.each(testDatabaseKinds())('WooCommerce channel on %s', (kind) => {
  let stack: TestStack;
  const woo = new TestWooCommerceApi();

  beforeAll(async () => {
    await woo.start();
    woo.products.set('31', { sku: 'LIME-250', weight: '0.25', name: 'Lime Pickle' });
    stack = await startTestStack({
      kind,
      env: {
        WOOCOMMERCE_URL: woo.url,
        WOOCOMMERCE_CONSUMER_KEY: woo.consumerKey,
        WOOCOMMERCE_CONSUMER_SECRET: woo.consumerSecret,
        WOOCOMMERCE_WEBHOOK_SECRET: SECRET,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await woo.stop();
  });

  const db = () => stack.database.db;
  const post = (topic: string, order: unknown, options?: Parameters<typeof postWoo>[4]) =>
    postWoo(stack, SECRET, topic, order, options);
  const orderOf = (externalId: number) =>
    db()
      .selectFrom('orders')
      .selectAll()
      .where('source', '=', 'woocommerce')
      .where('external_id', '=', String(externalId))
      .executeTakeFirst();

  it('the creation ping (unsigned form webhook_id=N) gets 200 and stores nothing; a bad signature gets 401', async () => {
    const res = await fetch(`${stack.url}/api/integrations/woocommerce/webhooks`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'webhook_id=7',
    });
    expect(res.status).toBe(200);
    expect((await post('order.created', wooOrder(), { signature: 'c2lnbmF0dXJl' })).status).toBe(401);
    expect((await post('order.created', wooOrder(), { signature: null })).status).toBe(401);
    expect(await db().selectFrom('channel_webhooks').select('id').execute()).toEqual([]);
  });

  it('a pending order comes in but is not shippable', async () => {
    const order = wooOrder({ status: 'pending', payment_method: 'razorpay' });
    expect((await post('order.created', order)).outcome).toBe('created');
    const row = await orderOf(order.id);
    expect(row?.status).toBe('pending');
    await expect(stack.adminCaller.orders.ship({ orderId: row?.id ?? '0' })).rejects.toMatchObject({
      cause: { code: 'ORDER_NOT_SHIPPABLE' },
    });
  });

  it('processing: shippable, COD, billing phone, weights from the product endpoint cached in the catalogue; booking -> the note, Delivered -> completed', async () => {
    const order = wooOrder();
    expect((await post('order.created', order)).outcome).toBe('created');
    const row = await orderOf(order.id);
    expect(row).toMatchObject({
      status: 'processing',
      payment_method: 'cod',
      contact_phone: '9840012345',
      ship_state: 'Tamil Nadu',
      // The number the store and its customer know (issue 22), no longer "WC-<number>".
      order_number: order.number,
      store_order_number: order.number,
    });
    const product = await db()
      .selectFrom('products')
      .selectAll()
      .where('sku', '=', 'LIME-250')
      .executeTakeFirstOrThrow();
    expect([product.weight_text, product.weight_grams]).toEqual(['0.25 kg', 250]);
    expect(woo.requests.filter((r) => r.path === '/wp-json/wc/v3/products/31')).toHaveLength(1);
    // A coalesced update (the same current order) changes nothing and asks for no weight again.
    expect((await post('order.updated', { ...order, date_modified_gmt: '2026-11-30T05:00:00' })).outcome).toBe(
      'unchanged',
    );
    expect(woo.requests.filter((r) => r.path === '/wp-json/wc/v3/products/31')).toHaveLength(1);

    const quote = await stack.adminCaller.orders.quote({ orderId: row?.id ?? '0' });
    expect(quote.parcel.weightGrams).toBe(500);
    const shipment = await stack.adminCaller.orders.ship({ orderId: row?.id ?? '0' });
    const note = await waitFor(() => woo.requests.find((r) => r.path === `/wp-json/wc/v3/orders/${order.id}/notes`), {
      what: 'the order note',
    });
    expect((note.body as { customer_note: boolean }).customer_note).toBe(true);
    expect((note.body as { note: string }).note).toContain(String(shipment.awb));
    expect((note.body as { note: string }).note).toContain(`/order-tracking/${encodeURIComponent(order.number)}?t=`);

    const ids = { shipment_id: String(shipment.providerShipmentId), awb: String(shipment.awb) };
    await postStatusPush(stack, { ...ids, status: '21' });
    const completed = await waitFor(
      () => woo.requests.find((r) => r.method === 'PUT' && r.path === `/wp-json/wc/v3/orders/${order.id}`),
      { what: 'status completed' },
    );
    expect(completed.body).toEqual({ status: 'completed' });
  });

  it('cancelled in WooCommerce cancels the order', async () => {
    const order = wooOrder();
    await post('order.created', order);
    expect((await post('order.updated', { ...order, status: 'cancelled' })).outcome).toBe('cancelled');
    expect((await orderOf(order.id))?.status).toBe('cancelled');
  });

  it('the poll of recently modified orders takes one whose webhook was lost', async () => {
    const missed = wooOrder();
    woo.orders = [missed];
    await pollChannels(stack.runtime.deps);
    woo.orders = [];
    expect((await orderOf(missed.id))?.status).toBe('processing');
  });
});
