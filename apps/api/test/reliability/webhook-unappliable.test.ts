import { createTestDatabase } from '@app/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serializeAsMeta, whatsappSignature } from '../../src/outbox/messaging/whatsapp.wire';
import { isTransientFailure } from '../../src/platform/core/transient';
import {
  startStackWithProviders,
  TestWhatsAppApi,
  TestWooCommerceApi,
  testDatabaseKinds,
  type TestStack,
} from '../../src/testing/index';
import { postShopify, postWoo, shopifyHmac, shopifyOrder, wooOrder } from '../support/channel-payloads';

const SHOPIFY_SECRET = 'shopify-secret-unappliable-0001';
const WOO_SECRET = 'woo-secret-unappliable-0000001';

/** The tables a webhook can change besides its own inbox: none may change for a body that cannot be applied. */
const GUARDED = [
  'orders',
  'order_items',
  'customers',
  'shipments',
  'status_history',
  'order_notes',
  'messages',
  'products',
] as const;

/**
 * Issue 22 (5): on every webhook route a signed (or authenticated) body that can never be applied
 * is kept as rejected with its reason and answered 2xx, since a sender that keeps getting errors
 * retries for days and then switches the subscription off. A missing or wrong signature is a 401
 * and keeps nothing; only a failure of ours (the database) is a 5xx, so the sender retries.
 */
describe.each(testDatabaseKinds())('webhooks: signed but unappliable on %s', (kind) => {
  let stack: TestStack;
  const woo = new TestWooCommerceApi();
  const whatsapp = new TestWhatsAppApi();

  beforeAll(async () => {
    await woo.start();
    stack = await startStackWithProviders({
      kind,
      whatsapp,
      startWorkers: false,
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
  const counts = async () => {
    const out: Record<string, number> = {};
    for (const table of GUARDED) {
      const row = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(db());
      out[table] = Number(row.rows[0]?.n);
    }
    return out;
  };
  const channelRow = (id: string | undefined) =>
    db()
      .selectFrom('channel_webhooks')
      .select(['outcome', 'outcome_detail'])
      .where('id', '=', id ?? '0')
      .executeTakeFirst();

  describe('Shopify and WooCommerce', () => {
    const unappliableShopify: [string, Record<string, unknown>][] = [
      ['ESC in the name', { shipping_address: { ...shopifyOrder().shipping_address, name: 'Asha \u001b[31mRao' } }],
      [
        'RLO in the address',
        { shipping_address: { ...shopifyOrder().shipping_address, address1: '12 \u202eMG Road' } },
      ],
      ['C1 control in the note', { note: 'leave at door \u0085' }],
      [
        'a lone surrogate in the city',
        { shipping_address: { ...shopifyOrder().shipping_address, city: 'Bengal\ud800uru' } },
      ],
      ['NUL in the SKU', { line_items: [{ ...shopifyOrder().line_items[0], sku: 'MANGO\u0000' }] }],
      [
        'a quantity past ORDER_LIMITS',
        { line_items: [{ ...shopifyOrder().line_items[0], quantity: 10_001, fulfillable_quantity: 10_001 }] },
      ],
      ['an amount past ORDER_LIMITS', { total_price: '30000000.00', total_outstanding: '30000000.00' }],
      ['a 65-character order name', { name: `#${'9'.repeat(64)}` }],
      [
        'a 5,000-character address line',
        { shipping_address: { ...shopifyOrder().shipping_address, address1: 'x'.repeat(5000) } },
      ],
      ['COD with nothing to collect', { total_outstanding: '0.00', total_price: '0.00' }],
      ['not an order at all', { id: { nested: true } }],
    ];
    it.each(unappliableShopify)(
      'Shopify, %s: 200, kept as rejected with its reason, nothing changed',
      async (_, overrides) => {
        const before = await counts();
        const order = shopifyOrder(overrides);
        const answer = await postShopify(stack, SHOPIFY_SECRET, 'orders/create', order);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(answer.outcome).toBe('rejected');
        const stored = await channelRow((answer.body as { id?: string }).id);
        expect(stored?.outcome).toBe('rejected');
        expect(stored?.outcome_detail).toBeTruthy();
        expect(await counts()).toEqual(before);
      },
    );

    const unappliableWoo: [string, Record<string, unknown>][] = [
      ['NUL in the status', { status: 'process\u0000ing' }],
      ['ESC in the first name', { shipping: { ...wooOrder().shipping, first_name: 'Ravi\u001b' } }],
      ['LRO in the address', { shipping: { ...wooOrder().shipping, address_1: '\u202d7 Anna Salai' } }],
      ['a lone surrogate in the note', { customer_note: 'ring \udfff twice' }],
      ['C0 control in the SKU', { line_items: [{ ...wooOrder().line_items[0], sku: 'LIME\u0007' }] }],
      ['a quantity past ORDER_LIMITS', { line_items: [{ ...wooOrder().line_items[0], quantity: 20_000 }] }],
      ['a total past ORDER_LIMITS', { total: '99999999999.00' }],
      ['a 65-character number', { number: 'W'.repeat(65) }],
      [
        'COD total 0',
        {
          total: '0.00',
          shipping_total: '0.00',
          line_items: [{ ...wooOrder().line_items[0], total: '0.00', subtotal: '0.00', price: 0 }],
        },
      ],
      ['a fee line of 1e308', { fee_lines: [{ id: 1, name: 'COD fee', total: '1e308', total_tax: '0' }] }],
    ];
    it.each(unappliableWoo)(
      'WooCommerce, %s: 200, kept as rejected with its reason, nothing changed',
      async (_, overrides) => {
        const before = await counts();
        const order = wooOrder(overrides);
        const answer = await postWoo(stack, WOO_SECRET, 'order.created', order);
        expect(answer.status, JSON.stringify(answer.body)).toBe(200);
        expect(['rejected', 'ignored']).toContain(answer.outcome);
        const stored = await channelRow((answer.body as { id?: string }).id);
        expect(stored?.outcome).toBe(answer.outcome);
        expect(stored?.outcome_detail).toBeTruthy();
        expect(await counts()).toEqual(before);
      },
    );

    it('unsigned or wrongly signed: 401, nothing kept', async () => {
      const before = await counts();
      const webhooks = await db().selectFrom('channel_webhooks').select(db().fn.countAll().as('n')).executeTakeFirst();
      expect((await postShopify(stack, SHOPIFY_SECRET, 'orders/create', shopifyOrder(), { hmac: null })).status).toBe(
        401,
      );
      expect((await postShopify(stack, SHOPIFY_SECRET, 'orders/create', shopifyOrder(), { hmac: 'AAAA' })).status).toBe(
        401,
      );
      expect((await postWoo(stack, WOO_SECRET, 'order.created', wooOrder(), { signature: null })).status).toBe(401);
      expect((await postWoo(stack, 'other', 'order.created', wooOrder())).status).toBe(401);
      expect(await counts()).toEqual(before);
      expect(await db().selectFrom('channel_webhooks').select(db().fn.countAll().as('n')).executeTakeFirst()).toEqual(
        webhooks,
      );
    });

    it('the admin sees the rejected delivery and its reason on the Integrations page', async () => {
      const order = shopifyOrder({ note: 'bad \u001b note' });
      const answer = await postShopify(stack, SHOPIFY_SECRET, 'orders/create', order);
      expect(answer.outcome).toBe('rejected');
      const overview = JSON.stringify(await stack.adminCaller.integrations.overview());
      expect(overview).toContain('rejected');
      expect(overview).toContain((answer.detail ?? '').slice(0, 30));
    });
  });

  describe('iCarry pushes', () => {
    const pushUrl = (route: string) =>
      `${stack.url}/api/webhooks/${route}?secret=${encodeURIComponent(stack.runtime.deps.secrets.webhookSecret)}`;
    const post = (route: string, body: string, type = 'application/json') =>
      fetch(pushUrl(route), { method: 'POST', headers: { 'content-type': type }, body });
    const cases: [string, string, string, string][] = [
      ['not JSON', 'shipping-updates', '{"callback_type":"sync_status","status":"22"', 'application/json'],
      ['an unknown callback', 'shipping-updates', 'callback_type=mystery&awb=1', 'application/x-www-form-urlencoded'],
      [
        'a status push without a shipment',
        'shipping-updates',
        'callback_type=sync_status&status=22',
        'application/x-www-form-urlencoded',
      ],
      ['an empty body', 'ndr-updates', '', 'text/plain'],
      [
        'a lone surrogate in the NDR remark',
        'ndr-updates',
        '{"callback_type":"ndr_status","ndr_data":[{"shipment_id":"1","awb":"1\\ud800","type":"REFUSED","date_added":"23/01/2025"}]}',
        'application/json',
      ],
      [
        'NUL in the AWB',
        'shipping-updates',
        '{"callback_type":"sync_status","status":"3","awb":"1624\\u00001"}',
        'application/json',
      ],
    ];
    it.each(cases)('%s: 200, kept as rejected with its reason, nothing changed', async (_, route, body, type) => {
      const before = await counts();
      const res = await post(route, body, type);
      const json = (await res.json()) as { ok: boolean; id?: string; outcome?: string; error?: string };
      expect(res.status, JSON.stringify(json)).toBe(200);
      expect(json).toMatchObject({ ok: false, outcome: 'rejected' });
      expect(json.error).toBeTruthy();
      const row = await db()
        .selectFrom('webhook_inbox')
        .select(['outcome', 'outcome_detail'])
        .where('id', '=', json.id ?? '0')
        .executeTakeFirst();
      expect(row?.outcome).toBe('rejected');
      expect(row?.outcome_detail).toBeTruthy();
      expect(await counts()).toEqual(before);
    });

    it('without the secret or the account token: 401, nothing kept', async () => {
      const inbox = await db().selectFrom('webhook_inbox').select(db().fn.countAll().as('n')).executeTakeFirst();
      const res = await fetch(`${stack.url}/api/webhooks/shipping-updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'callback_type=sync_status&status=22&awb=1&token=forged',
      });
      expect(res.status).toBe(401);
      expect(await db().selectFrom('webhook_inbox').select(db().fn.countAll().as('n')).executeTakeFirst()).toEqual(
        inbox,
      );
    });
  });

  describe('WhatsApp', () => {
    const postSigned = (body: string, secret = whatsapp.appSecret) =>
      fetch(`${stack.url}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': whatsappSignature(secret, body) },
        body,
      });
    const statusBody = (status: string, id = 'wamid.HBgM') =>
      serializeAsMeta({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: '1',
            changes: [
              {
                field: 'messages',
                value: { statuses: [{ id, status, timestamp: '1750030073', recipient_id: '919876543210' }] },
              },
            ],
          },
        ],
      });
    const cases: [string, string][] = [
      ['not JSON', '{"object":'],
      ['NUL in a status', statusBody('rea\u0000d')],
      ['a lone surrogate in the message id', statusBody('read', 'wamid.\ud800')],
      ['not a WhatsApp account object', '{"object":"page","entry":[]}'],
    ];
    it.each(cases)('%s: 200, kept as rejected or ignored, nothing changed', async (_, body) => {
      const before = await counts();
      const res = await postSigned(body);
      const json = (await res.json()) as { ok: boolean; id?: string; outcome?: string; error?: string };
      expect(res.status, JSON.stringify(json)).toBe(200);
      // A readable body is answered `pending` and applied just after, off the request.
      await stack.drainInbox();
      const row = await db()
        .selectFrom('whatsapp_inbox')
        .select(['outcome', 'outcome_detail'])
        .where('id', '=', json.id ?? '0')
        .executeTakeFirst();
      expect(['rejected', 'ignored']).toContain(row?.outcome);
      expect(json.outcome).toBe(row?.outcome === 'rejected' ? 'rejected' : 'pending');
      expect(row?.outcome_detail).toBeTruthy();
      expect(await counts()).toEqual(before);
    });

    it('a wrong or missing signature: 401, nothing kept', async () => {
      const inbox = await db().selectFrom('whatsapp_inbox').select(db().fn.countAll().as('n')).executeTakeFirst();
      expect((await postSigned(statusBody('read'), 'not-the-secret')).status).toBe(401);
      const unsigned = await fetch(`${stack.url}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: statusBody('read'),
      });
      expect(unsigned.status).toBe(401);
      expect(await db().selectFrom('whatsapp_inbox').select(db().fn.countAll().as('n')).executeTakeFirst()).toEqual(
        inbox,
      );
    });
  });
});

/**
 * A failure of ours is the one case for a 5xx: the database gone. Each route on a stack whose
 * database was shut answers 5xx (the sender retries), and the classification that decides between
 * "rejected, 2xx" and "failed, 503" after an apply throws is checked on real database errors.
 */
describe.each(testDatabaseKinds())('webhooks: the database down on %s', (kind) => {
  it('a value the database refuses is not transient; a shut database is', async () => {
    const database = await createTestDatabase(kind);
    const refused = await sql`select 1 / 0`.execute(database.db).catch((err: unknown) => err);
    const tooLong = await sql`select 'abc'::varchar(2)::text, repeat('x', 3)::char(2)::varchar(1), ${'a\u0000'}::jsonb`
      .execute(database.db)
      .catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(Error);
    expect(isTransientFailure(refused)).toBe(false);
    expect(tooLong).toBeInstanceOf(Error);
    expect(isTransientFailure(tooLong)).toBe(false);
    await database.close();
    const down = await sql`select 1`.execute(database.db).catch((err: unknown) => err);
    expect(down).toBeInstanceOf(Error);
    expect(isTransientFailure(down), String(down)).toBe(true);
    expect(isTransientFailure(Object.assign(new Error('deadlock detected'), { code: '40P01' }))).toBe(true);
    expect(isTransientFailure(new TypeError('x is undefined'))).toBe(false);
  });

  it('every webhook route answers 5xx while the database is down, so the sender retries', async () => {
    const database = await createTestDatabase(kind);
    const whatsapp = new TestWhatsAppApi();
    const stack = await startStackWithProviders({
      kind,
      database,
      whatsapp,
      startWorkers: false,
      env: {
        SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com',
        SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
        WOOCOMMERCE_URL: 'https://store.example.com',
        WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
      },
    });
    try {
      await database.close();
      const shop = await postShopify(stack, SHOPIFY_SECRET, 'orders/create', shopifyOrder()).catch(() => null);
      const wooBody = JSON.stringify(wooOrder());
      const wooRes = await fetch(`${stack.url}/api/integrations/woocommerce/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-wc-webhook-topic': 'order.created',
          'x-wc-webhook-signature': shopifyHmac(WOO_SECRET, wooBody),
        },
        body: wooBody,
      });
      const push = await fetch(
        `${stack.url}/api/webhooks/shipping-updates?secret=${encodeURIComponent(stack.runtime.deps.secrets.webhookSecret)}`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'callback_type=sync_status&status=3&awb=1624196',
        },
      );
      const meta = '{"object":"whatsapp_business_account","entry":[]}';
      const wa = await fetch(`${stack.url}/api/webhooks/whatsapp`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-hub-signature-256': whatsappSignature(whatsapp.appSecret, meta),
        },
        body: meta,
      });
      expect(shop?.status ?? 500).toBeGreaterThanOrEqual(500);
      expect(wooRes.status).toBeGreaterThanOrEqual(500);
      expect(push.status).toBeGreaterThanOrEqual(500);
      expect(wa.status).toBeGreaterThanOrEqual(500);
    } finally {
      await stack.close().catch(() => undefined);
    }
  });
});
