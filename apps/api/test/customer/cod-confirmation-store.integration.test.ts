import { findOrderById } from '@app/db';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestStack,
  TestEventReceiver,
  TestShopifyAdminApi,
  TestWooCommerceApi,
  testDatabaseKinds,
  waitFor,
  type TestStack,
} from '../../src/testing/index';
import { codConfirmToken } from '../../src/platform/security/tokens';
import { expireCodConfirmationRequests } from '../../src/customer/cod-confirmation/cod-expiry.job';
import { runStuckWatchdog } from '../../src/shipping/watchdog/stuck-watchdog.job';
import { postShopify, postWoo, shopifyOrder, wooOrder } from '../support/channel-payloads';

const WOO_SECRET = 'woo-webhook-secret-for-tests-0001';
const SHOPIFY_SECRET = 'shopify-webhook-secret-for-tests-0001';

/** A declined COD order tells the store's systems; an unanswered one expires into the daily digest. */
describe.each(testDatabaseKinds())('COD confirmation and the store on %s', (kind) => {
  let stack: TestStack;
  const woo = new TestWooCommerceApi();
  const shopify = new TestShopifyAdminApi();
  const receiver = new TestEventReceiver();

  beforeAll(async () => {
    await Promise.all([woo.start(), shopify.start(), receiver.start()]);
    woo.products.set('31', { sku: 'LIME-250', weight: '0.25', name: 'Lime Pickle' });
    stack = await startTestStack({
      kind,
      env: {
        COD_CONFIRMATION: 'all',
        EVENTS_ALLOW_PRIVATE_URLS: 'true',
        EMAIL_FROM: 'orders@store.example',
        WOOCOMMERCE_URL: woo.url,
        WOOCOMMERCE_CONSUMER_KEY: woo.consumerKey,
        WOOCOMMERCE_CONSUMER_SECRET: woo.consumerSecret,
        WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
        SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com',
        SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
        SHOPIFY_ADMIN_API_TOKEN: shopify.token,
        SHOPIFY_ADMIN_API_URL: shopify.url,
      },
    });
    const endpoint = await stack.adminCaller.eventEndpoints.create({ url: receiver.url });
    receiver.verifyWith(endpoint.secret);
  });
  afterAll(async () => {
    await stack?.close();
    await Promise.all([woo.stop(), shopify.stop(), receiver.stop()]);
  });

  async function orderOf(source: 'woocommerce' | 'shopify', externalId: string) {
    const row = await sql<{
      id: string;
    }>`select id::text as id from orders where source = ${source} and external_id = ${externalId}`.execute(
      stack.database.db,
    );
    const id = row.rows[0]?.id;
    if (!id) throw new Error(`no ${source} order ${externalId}`);
    const order = await findOrderById(stack.database.db, id);
    if (!order?.codConfirmation.expiresAt) throw new Error('no confirmation requested');
    return order;
  }

  async function decline(orderNumber: string, expiresAt: Date) {
    const token = codConfirmToken(stack.runtime.deps.secrets.appSecret, orderNumber, expiresAt);
    const response = await fetch(`${stack.url}/confirm-order/${encodeURIComponent(orderNumber)}/answer`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, answer: 'cancel' }).toString(),
    });
    expect(response.status).toBe(303);
  }

  it('a WooCommerce COD order the customer declines: order.cod_declined out, a private note on the order', async () => {
    const body = wooOrder();
    expect((await postWoo(stack, WOO_SECRET, 'order.created', body)).status).toBe(200);
    const order = await orderOf('woocommerce', String(body.id));
    expect(order.codConfirmation.state).toBe('pending');
    await decline(order.orderNumber, order.codConfirmation.expiresAt ?? new Date());
    const event = await waitFor(() =>
      receiver.accepted.find((e) => e.orderId === order.id && e.type === 'order.cod_declined'),
    );
    expect(event.body.data).toMatchObject({ orderNumber: order.orderNumber, codConfirmation: { state: 'declined' } });
    const note = await waitFor(() =>
      woo.requests.find((r) => r.method === 'POST' && r.path === `/wp-json/wc/v3/orders/${body.id}/notes`),
    );
    const noteBody = note.body as { customer_note: boolean; note: string };
    expect(noteBody.customer_note).toBe(false);
    expect(noteBody.note).toContain('declined cash on delivery');
  });

  it('a Shopify COD order the customer declines: a note and a tag on the Shopify order, kept beside its own note', async () => {
    const body = shopifyOrder();
    expect((await postShopify(stack, SHOPIFY_SECRET, 'orders/create', body)).status).toBe(200);
    const order = await orderOf('shopify', String(body.id));
    const gid = `gid://shopify/Order/${String(body.id)}`;
    shopify.orderNotes.set(gid, { note: 'Gift wrap please', tags: ['vip'] });
    await decline(order.orderNumber, order.codConfirmation.expiresAt ?? new Date());
    await waitFor(() => shopify.callsOf('OrderUpdate').length > 0, { what: 'the Shopify note' });
    const saved = shopify.orderNotes.get(gid);
    expect(saved?.note).toMatch(/^Gift wrap please\n\nThe customer declined cash on delivery/);
    expect(saved?.tags).toEqual(['vip', 'cod-declined']);
  });

  it('an unanswered request expires after COD_CONFIRMATION_HOURS and is listed in the daily digest', async () => {
    const body = wooOrder();
    await postWoo(stack, WOO_SECRET, 'order.created', body);
    const order = await orderOf('woocommerce', String(body.id));
    const deps = stack.runtime.deps;
    // Nothing is due before its time.
    expect(await expireCodConfirmationRequests(deps)).toBe(0);
    const later = { now: () => new Date((order.codConfirmation.expiresAt?.getTime() ?? 0) + 60_000) };
    expect(await expireCodConfirmationRequests({ ...deps, clock: later })).toBeGreaterThanOrEqual(1);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.codConfirmation).toMatchObject({ state: 'expired', needsOverride: true });
    expect(detail.history.some((h) => h.source === 'customer' && /expired/.test(h.description ?? ''))).toBe(true);
    // The digest goes out from its IST hour (9 by default): 10:00 IST on the expiry's day.
    const day = new Date(later.now().getTime() + 5.5 * 3600_000).toISOString().slice(0, 10);
    const tenIst = { now: () => new Date(`${day}T04:30:00.000Z`) };
    const result = await runStuckWatchdog({ ...deps, clock: tenIst });
    expect(result.digestQueued).toBe(true);
    const digest = await sql<{
      subject: string;
      body: string;
    }>`select subject, body from messages where template = 'stuck_digest' order by id desc limit 1`.execute(
      stack.database.db,
    );
    expect(digest.rows[0]?.body).toContain(order.orderNumber);
    expect(digest.rows[0]?.subject).toMatch(/COD/);
  });
});
