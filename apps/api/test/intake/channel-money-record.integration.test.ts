import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestWooCommerceApi, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { postShopify, postWoo, shopifyOrder, wooOrder } from '../support/channel-payloads';

const SHOPIFY_SECRET = 'shopify-secret-money-and-record';
const WOO_SECRET = 'woo-secret-money-and-record-0001';

/**
 * Issue 22, "Right to the rupee and to the record", on the store channels: what the courier
 * collects is what the channel says is owed, the parts add up to the channel's total, an order
 * changes only by a newer signed statement of it, the store's number finds it, a signed body that
 * cannot be applied is answered 2xx, and consent comes from what the channel carries.
 */
describe.each(testDatabaseKinds())('store channels: money and the record on %s', (kind) => {
  let stack: TestStack;
  const woo = new TestWooCommerceApi();

  beforeAll(async () => {
    await woo.start();
    stack = await startTestStack({
      kind,
      env: {
        SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com',
        SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
        WOOCOMMERCE_URL: woo.url,
        WOOCOMMERCE_CONSUMER_KEY: woo.consumerKey,
        WOOCOMMERCE_CONSUMER_SECRET: woo.consumerSecret,
        WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await woo.stop();
  });

  const db = () => stack.database.db;
  const shopify = (topic: string, order: unknown, options?: Parameters<typeof postShopify>[4]) =>
    postShopify(stack, SHOPIFY_SECRET, topic, order, options);
  const wooPost = (topic: string, order: unknown) => postWoo(stack, WOO_SECRET, topic, order);
  const orderOf = (source: 'shopify' | 'woocommerce', externalId: number | string) =>
    db()
      .selectFrom('orders')
      .selectAll()
      .where('source', '=', source)
      .where('external_id', '=', String(externalId))
      .executeTakeFirst();
  const itemsOf = (orderId: string | undefined) =>
    db()
      .selectFrom('order_items')
      .select(['sku', 'quantity', 'unit_price_paise'])
      .where('order_id', '=', orderId ?? '0')
      .orderBy('id')
      .execute();

  /** The order: GST-inclusive prices, total 611.00 = items 499.00 + shipping 100.00 + shipping tax 12.00. */
  function gstWooOrder(overrides: Record<string, unknown> = {}) {
    return wooOrder({
      prices_include_tax: true,
      total: '611.00',
      total_tax: '65.46',
      cart_tax: '53.46',
      shipping_total: '100.00',
      shipping_tax: '12.00',
      discount_total: '0.00',
      discount_tax: '0.00',
      line_items: [
        {
          id: 11,
          name: 'Kashmiri Kahwa',
          product_id: 901,
          variation_id: 0,
          quantity: 2,
          subtotal: '445.54',
          subtotal_tax: '53.46',
          total: '445.54',
          total_tax: '53.46',
          sku: 'KAHWA-100',
          price: 222.77,
        },
      ],
      shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate', total: '100.00', total_tax: '12.00' }],
      fee_lines: [],
      ...overrides,
    });
  }

  describe('money', () => {
    it('WooCommerce COD with GST-inclusive prices: the courier collects WooCommerce total, and the parts add up to it', async () => {
      const order = gstWooOrder();
      expect((await wooPost('order.created', order)).outcome).toBe('created');
      const row = await orderOf('woocommerce', order.id);
      // Before: 545.54 (ex-tax price x 2 + ex-tax shipping), collected 545.54.
      expect(row).toMatchObject({ total_paise: 61100, shipping_paise: 11200, discount_paise: 0 });
      expect(row?.cod_amount_paise ?? row?.total_paise).toBe(61100);
      expect(await itemsOf(row?.id)).toEqual([{ sku: 'KAHWA-100', quantity: 2, unit_price_paise: 24950 }]);
      expect(row).toMatchObject({ fees_paise: 0, tax_paise: 6546 });
    });

    it('WooCommerce fee lines (a COD fee plugin) are collected and kept as order charges', async () => {
      const order = gstWooOrder({
        total: '644.60',
        total_tax: '69.06',
        cart_tax: '57.06',
        fee_lines: [{ id: 5, name: 'Cash on delivery fee', total: '30.00', total_tax: '3.60' }],
      });
      expect((await wooPost('order.created', order)).outcome).toBe('created');
      const row = await orderOf('woocommerce', order.id);
      expect(row).toMatchObject({ total_paise: 64460, fees_paise: 3360, tax_paise: 6906 });
      expect(row?.cod_amount_paise ?? row?.total_paise).toBe(64460);
      const view = await stack.adminCaller.orders.get({ orderId: row?.id ?? '0' });
      expect(view.order).toMatchObject({ totalPaise: 64460, codAmountPaise: 64460, feesPaise: 3360, taxPaise: 6906 });
    });

    it('WooCommerce: a line whose price does not divide by its quantity still adds up to the paisa', async () => {
      const order = wooOrder({
        total: '150.00',
        shipping_total: '50.00',
        line_items: [
          { id: 1, name: 'Sampler', product_id: 77, quantity: 3, subtotal: '100.00', total: '100.00', sku: 'SMP-3' },
        ],
      });
      expect((await wooPost('order.created', order)).outcome).toBe('created');
      const row = await orderOf('woocommerce', order.id);
      const items = await itemsOf(row?.id);
      expect(items.reduce((s, i) => s + i.quantity * i.unit_price_paise, 0)).toBe(10000);
      expect(items.reduce((s, i) => s + i.quantity, 0)).toBe(3);
      expect(row?.total_paise).toBe(15000);
    });

    it('Shopify COD: the courier collects total_outstanding, a gift card in it included; the parts add up to the total', async () => {
      // 2 x 249 + a 200.00 gift card (does not ship) + 50 shipping = 748.00, nothing paid.
      const order = shopifyOrder();
      expect((await shopify('orders/create', order)).outcome).toBe('created');
      const row = await orderOf('shopify', order.id);
      expect(row?.cod_amount_paise ?? row?.total_paise).toBe(74800);
      expect(row).toMatchObject({ total_paise: 74800, shipping_paise: 5000, fees_paise: 20000 });
      expect(await itemsOf(row?.id)).toEqual([{ sku: 'MANGO-500', quantity: 2, unit_price_paise: 24900 }]);
    });

    it('Shopify with prices before tax: the tax is part of what is collected', async () => {
      const order = shopifyOrder({
        taxes_included: false,
        total_price: '608.64',
        total_tax: '60.64',
        total_outstanding: '608.64',
        line_items: [{ ...shopifyOrder().line_items[0], tax_lines: [{ price: '59.76', rate: 0.12, title: 'IGST' }] }],
        shipping_lines: [{ id: 1, title: 'Standard', price: '50.00', tax_lines: [{ price: '0.88', rate: 0.018 }] }],
      });
      expect((await shopify('orders/create', order)).outcome).toBe('created');
      const row = await orderOf('shopify', order.id);
      expect(row?.cod_amount_paise ?? row?.total_paise).toBe(60864);
      expect(row).toMatchObject({ total_paise: 60864, tax_paise: 6064, fees_paise: 0 });
    });

    it('a COD order with nothing to collect is refused at intake with the reason, answered 2xx', async () => {
      const shop = shopifyOrder({ total_outstanding: '0.00', total_price: '0.00', total_discounts: '748.00' });
      const answer = await shopify('orders/create', shop);
      expect([answer.status, answer.outcome]).toEqual([200, 'rejected']);
      expect(answer.detail).toContain('codAmount');
      expect(await orderOf('shopify', shop.id)).toBeUndefined();

      const wc = wooOrder({ total: '0.00', discount_total: '548.00' });
      const wcAnswer = await wooPost('order.created', wc);
      expect([wcAnswer.status, wcAnswer.outcome]).toEqual([200, 'rejected']);
      expect(wcAnswer.detail).toContain('codAmount');
      expect(await orderOf('woocommerce', wc.id)).toBeUndefined();
    });
  });

  describe('the record', () => {
    it('a signed body resent under the orders/cancelled topic without its own cancellation cancels nothing', async () => {
      const order = shopifyOrder();
      await shopify('orders/create', order);
      const row = await orderOf('shopify', order.id);
      await stack.adminCaller.orders.ship({ orderId: row?.id ?? '0' });
      const answer = await shopify('orders/cancelled', order);
      expect(answer.status).toBe(200);
      expect(answer.outcome).not.toBe('cancelled');
      expect((await orderOf('shopify', order.id))?.status).toBe('shipped');
      const shipments = await db()
        .selectFrom('shipments')
        .select('booking_state')
        .where('order_id', '=', row?.id ?? '0')
        .execute();
      expect(shipments.map((s) => s.booking_state)).toEqual(['booked']);
    });

    it('an older signed Shopify body (new webhook id) changes nothing: kept as stale, answered 2xx', async () => {
      const old = shopifyOrder({
        updated_at: '2026-11-30T10:15:00+05:30',
        shipping_address: { ...shopifyOrder().shipping_address, address1: '1 OLD Street' },
      });
      await shopify('orders/create', old);
      const newer = {
        ...old,
        updated_at: '2026-11-30T11:00:00+05:30',
        shipping_address: { ...old.shipping_address, address1: '2 NEW Street' },
      };
      expect((await shopify('orders/updated', newer)).outcome).toBe('updated');
      const replay = await shopify('orders/updated', old);
      expect([replay.status, replay.outcome]).toEqual([200, 'stale']);
      expect(replay.detail).toMatch(/older/);
      expect((await orderOf('shopify', old.id))?.ship_line1).toBe('2 NEW Street');
      const kept = await db()
        .selectFrom('channel_webhooks')
        .select(['outcome', 'outcome_detail'])
        .where('channel', '=', 'shopify')
        .where('external_id', '=', String(old.id))
        .orderBy('id', 'desc')
        .executeTakeFirst();
      expect(kept?.outcome).toBe('stale');
    });

    it('an older WooCommerce body (date_modified_gmt) changes nothing; one of the same second with news applies', async () => {
      const old = wooOrder({ date_modified_gmt: '2026-11-30T04:45:00' });
      await wooPost('order.created', old);
      const newer = {
        ...old,
        date_modified_gmt: '2026-11-30T05:30:00',
        shipping: { ...old.shipping, address_1: '2 NEW Street' },
      };
      expect((await wooPost('order.updated', newer)).outcome).toBe('updated');
      const replay = await wooPost('order.updated', { ...old, customer_note: 'resent' });
      expect([replay.status, replay.outcome]).toEqual([200, 'stale']);
      expect((await orderOf('woocommerce', old.id))?.ship_line1).toBe('2 NEW Street');
      // Same second, different content: applied (the stores' clocks tick in whole seconds).
      const sameSecond = { ...newer, shipping: { ...newer.shipping, address_1: '3 SAME Second Street' } };
      expect((await wooPost('order.updated', sameSecond)).outcome).toBe('updated');
      // A stale cancellation cancels nothing either.
      const staleCancel = await wooPost('order.updated', { ...old, status: 'cancelled' });
      expect(staleCancel.outcome).toBe('stale');
      expect((await orderOf('woocommerce', old.id))?.status).toBe('processing');
    });

    it('the number the store uses finds the order (WooCommerce WCX19102, Shopify #1001), and is shown', async () => {
      const wc = wooOrder({ number: 'WCX19102' });
      await wooPost('order.created', wc);
      const found = await stack.adminCaller.orders.list({ search: 'WCX19102' });
      expect(found.items.map((o) => o.externalId)).toContain(String(wc.id));
      expect(found.items.find((o) => o.externalId === String(wc.id))?.orderNumber).toBe('WCX19102');

      const shop = shopifyOrder({ name: '#1001', order_number: 1001 });
      await shopify('orders/create', shop);
      for (const term of ['#1001', '1001']) {
        const hits = await stack.adminCaller.orders.list({ search: term });
        expect(hits.items.map((o) => o.externalId)).toContain(String(shop.id));
      }
      // A second store's #1001 cannot take the number, yet is found by it.
      const twin = shopifyOrder({ name: '#1001', order_number: 1001 });
      await shopify('orders/create', twin);
      const both = await stack.adminCaller.orders.list({ search: '#1001' });
      expect(both.items.map((o) => o.externalId)).toEqual(expect.arrayContaining([String(shop.id), String(twin.id)]));
      const twinRow = both.items.find((o) => o.externalId === String(twin.id));
      expect(twinRow?.orderNumber).toMatch(/^FB-/);
      const shown = await stack.adminCaller.orders.get({ orderId: twinRow?.id ?? '0' });
      expect(shown.order.storeOrderNumber).toBe('#1001');
    });

    it('a signed WooCommerce order.updated whose status holds a NUL: kept as rejected or ignored, answered 2xx', async () => {
      const order = wooOrder({ status: 'process\u0000ing' });
      const answer = await wooPost('order.updated', order);
      expect(answer.status).toBe(200);
      expect(['rejected', 'ignored']).toContain(answer.outcome);
      expect(await orderOf('woocommerce', order.id)).toBeUndefined();
    });

    it('signed bodies whose other fields cannot be stored are answered 2xx too', async () => {
      const sku = wooOrder({
        line_items: [
          { id: 1, name: 'X', product_id: 31, quantity: 1, subtotal: '498.00', total: '498.00', sku: 'A\u0000' },
        ],
      });
      expect((await wooPost('order.created', sku)).status).toBe(200);
      const testOrder = shopifyOrder({ id: 'x\u0000', test: true });
      expect((await shopify('orders/create', testOrder)).status).toBe(200);
      const notAnOrder = await shopify('orders/create', { hello: 'world' });
      expect([notAnOrder.status, notAnOrder.outcome]).toEqual([200, 'rejected']);
    });
  });

  describe('consent', () => {
    const optInOf = async (source: 'shopify' | 'woocommerce', externalId: number) => {
      const row = await orderOf(source, externalId);
      return db()
        .selectFrom('customers')
        .select(['whatsapp_opt_in', 'whatsapp_opt_in_at'])
        .where('id', '=', row?.customer_id ?? '0')
        .executeTakeFirstOrThrow();
    };
    let phone = 9000011000;
    const nextPhone = () => `+91 ${phone++}`;
    const subscribed = { state: 'subscribed', opt_in_level: 'single_opt_in', consent_updated_at: null };

    it('off by default: a channel customer is not opted in, whatever the channel says', async () => {
      const order = shopifyOrder({
        phone: nextPhone(),
        customer: { ...shopifyOrder().customer, sms_marketing_consent: subscribed },
      });
      await shopify('orders/create', order);
      expect((await optInOf('shopify', order.id)).whatsapp_opt_in).toBe(false);
      const overview = await stack.adminCaller.integrations.overview();
      expect(overview.find((c) => c.channel === 'shopify')?.whatsappConsent).toMatchObject({ policy: 'off' });
    });

    it("'field': Shopify's SMS marketing consent and WooCommerce's opt-in meta key are read", async () => {
      await stack.adminCaller.integrations.setWhatsappConsent({ channel: 'shopify', policy: 'field' });
      await stack.adminCaller.integrations.setWhatsappConsent({ channel: 'woocommerce', policy: 'field' });
      const yes = shopifyOrder({
        phone: nextPhone(),
        customer: { ...shopifyOrder().customer, sms_marketing_consent: subscribed },
      });
      const no = shopifyOrder({ phone: nextPhone() });
      await shopify('orders/create', yes);
      await shopify('orders/create', no);
      expect((await optInOf('shopify', yes.id)).whatsapp_opt_in).toBe(true);
      expect((await optInOf('shopify', yes.id)).whatsapp_opt_in_at).toBeInstanceOf(Date);
      expect((await optInOf('shopify', no.id)).whatsapp_opt_in).toBe(false);

      const wcYes = wooOrder({
        billing: { ...wooOrder().billing, phone: nextPhone() },
        meta_data: [{ id: 1, key: '_wc_whatsapp_opt_in', value: 'yes' }],
      });
      await wooPost('order.created', wcYes);
      expect((await optInOf('woocommerce', wcYes.id)).whatsapp_opt_in).toBe(true);
      // The customer unticks it later: the newer statement withdraws consent.
      const withdrawn = {
        ...wcYes,
        date_modified_gmt: '2026-11-30T09:00:00',
        meta_data: [{ id: 1, key: '_wc_whatsapp_opt_in', value: 'no' }],
      };
      await wooPost('order.updated', withdrawn);
      expect((await optInOf('woocommerce', wcYes.id)).whatsapp_opt_in).toBe(false);
    });

    it("'checkout': the store collects consent at checkout, every channel customer is opted in", async () => {
      await stack.adminCaller.integrations.setWhatsappConsent({ channel: 'woocommerce', policy: 'checkout' });
      const order = wooOrder({ billing: { ...wooOrder().billing, phone: nextPhone() } });
      await wooPost('order.created', order);
      expect((await optInOf('woocommerce', order.id)).whatsapp_opt_in).toBe(true);
      const overview = await stack.adminCaller.integrations.overview();
      expect(overview.find((c) => c.channel === 'woocommerce')?.whatsappConsent).toMatchObject({
        policy: 'checkout',
        setBy: 'admin',
      });
    });
  });
});
