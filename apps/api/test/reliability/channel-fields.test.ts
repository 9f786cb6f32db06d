import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, TestWooCommerceApi, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { postShopify, postWoo, shopifyOrder, wooOrder } from '../support/channel-payloads';
import { tally } from './support/http';
import { kindsFor, size } from './support/sizes';

const SHOPIFY_SECRET = 'fields-shopify-secret';
const WOO_SECRET = 'fields-woo-secret-0001';
const RUNS = size(150, 1500);

/**
 * Issue 22: a signed body that cannot be applied is kept with its reason and answered 2xx (senders
 * retry, then switch the webhook off). The bad-input fuzz sends broken orders (their pincode never
 * passes); this one sends valid orders with ONE field made hostile, so every field reaches the
 * mapping, the schema and the database: a NUL, a lone surrogate, a huge or negative number, a date
 * PostgreSQL cannot hold, the wrong type. Never a 5xx; what is stored still adds up.
 */
const HOSTILE: unknown[] = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\u001b[31m',
  '\u202Eevil',
  // The rest of the text rule: C0/C1 controls, DEL, bidi overrides and isolates, lone surrogates.
  'bell\u0007',
  'a\u007Fb',
  'a\u0085b',
  'csi\u009B2J',
  '\u202Dforced',
  'a\u2067b',
  'ok\uD83D',
  '\uDC00x',
  // ORDER_LIMITS: at and one past each bound (Rs 2 crore, 10,000 units, 1,000 kg, 64-character numbers).
  '20000000.00',
  '20000000.01',
  20_000_000,
  10_000,
  10_001,
  1_000_000,
  1_000_001,
  'N'.repeat(64),
  'N'.repeat(65),
  'x'.repeat(5000),
  '',
  ' ',
  -1,
  0,
  1.5,
  1e21,
  -1e21,
  99_999_999_999,
  '99999999999.99',
  '-0.01',
  '1e308',
  'NaN',
  null,
  true,
  [],
  {},
  [{ price: '\u0000' }],
  '0001-01-01T00:00:00Z',
  '-271821-04-20T00:00:00Z',
  '9999-12-31T23:59:59Z',
  '2026-13-45T99:00:00',
];

const SHOPIFY_FIELDS = [
  'id',
  'name',
  'email',
  'phone',
  'created_at',
  'updated_at',
  'cancelled_at',
  'financial_status',
  'payment_gateway_names',
  'payment_gateway_names.0',
  'taxes_included',
  'total_price',
  'current_total_price',
  'total_outstanding',
  'current_total_tax',
  'total_discounts',
  'current_total_discounts',
  'total_tax',
  'buyer_accepts_marketing',
  'note',
  'shipping_lines',
  'shipping_lines.0.price',
  'shipping_lines.0.tax_lines',
  'shipping_lines.0.tax_lines.0.price',
  'billing_address.phone',
  'customer.phone',
  'shipping_address.address1',
  'shipping_address.address2',
  'shipping_address.name',
  'shipping_address.company',
  'shipping_address.city',
  'shipping_address.province',
  'shipping_address.zip',
  'shipping_address.phone',
  'customer',
  'customer.first_name',
  'customer.email',
  'customer.sms_marketing_consent',
  'customer.sms_marketing_consent.state',
  'line_items.0.id',
  'line_items.0.sku',
  'line_items.0.name',
  'line_items.0.variant_id',
  'line_items.0.price',
  'line_items.0.quantity',
  'line_items.0.current_quantity',
  'line_items.0.fulfillable_quantity',
  'line_items.0.grams',
  'line_items.0.tax_lines',
  'line_items.0.tax_lines.0.price',
  'line_items.0.requires_shipping',
];

const WOO_FIELDS = [
  'id',
  'number',
  'status',
  'date_created_gmt',
  'date_modified_gmt',
  'payment_method',
  'prices_include_tax',
  'total',
  'total_tax',
  'cart_tax',
  'shipping_total',
  'shipping_tax',
  'discount_total',
  'discount_tax',
  'customer_note',
  'billing.first_name',
  'billing.phone',
  'billing.email',
  'shipping.address_1',
  'shipping.address_2',
  'shipping.company',
  'shipping.city',
  'shipping.state',
  'shipping.postcode',
  'line_items.0.id',
  'line_items.0.name',
  'line_items.0.sku',
  'line_items.0.product_id',
  'line_items.0.variation_id',
  'line_items.0.quantity',
  'line_items.0.price',
  'line_items.0.subtotal',
  'line_items.0.subtotal_tax',
  'line_items.0.total',
  'line_items.0.total_tax',
  'shipping_lines.0.total',
  'shipping_lines.0.total_tax',
  'shipping.phone',
  'tax_lines',
  'tax_lines.0.tax_total',
  'tax_lines.0.shipping_tax_total',
  'fee_lines.0.name',
  'fee_lines',
  'fee_lines.0.total',
  'fee_lines.0.total_tax',
  'meta_data',
  'meta_data.0.key',
  'meta_data.0.value',
];

function baseOf(bases: readonly (() => object)[], index: number): Record<string, unknown> {
  const make = bases[index] ?? bases[0];
  if (!make) throw new Error('no base order');
  return make() as Record<string, unknown>;
}

/** A copy of `body` with the value at a dotted path replaced. */
function withField(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null) return copy;
    node = next as Record<string, unknown>;
  }
  node[keys.at(-1) ?? ''] = value;
  return copy;
}

describe.each(kindsFor(testDatabaseKinds()))('one hostile field in a signed channel order on %s', (kind) => {
  let stack: TestStack;
  const woo = new TestWooCommerceApi();

  beforeAll(async () => {
    await woo.start();
    stack = await startTestStack({
      kind,
      env: {
        SHOPIFY_SHOP_DOMAIN: 'test-store.myshopify.com',
        SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
        SHOPIFY_WHATSAPP_CONSENT: 'field',
        WOOCOMMERCE_URL: woo.url,
        WOOCOMMERCE_CONSUMER_KEY: woo.consumerKey,
        WOOCOMMERCE_CONSUMER_SECRET: woo.consumerSecret,
        WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
        WOOCOMMERCE_WHATSAPP_CONSENT: 'field',
      },
    });
  });
  afterAll(async () => {
    await stack?.close();
    await woo.stop();
  });

  it(`${RUNS} signed orders, one field hostile each: never a 5xx, and every stored order adds up`, async () => {
    const statuses: string[] = [];
    const outcomes: string[] = [];
    // Valid bases the one hostile field lands in: Shopify with GST on top (tax lines on the item and
    // the shipping), and a partial COD (50.00 paid, total_outstanding below the total); WooCommerce
    // with GST-inclusive prices, taxed shipping and a COD fee line, and an alternate mobile on shipping.
    const shopifyBases = [
      () =>
        shopifyOrder({
          taxes_included: false,
          total_tax: '0.00',
          customer: { ...shopifyOrder().customer, sms_marketing_consent: { state: 'subscribed' } },
        }),
      () => {
        const base = shopifyOrder();
        return shopifyOrder({
          taxes_included: false,
          total_price: '847.64',
          total_tax: '99.64',
          total_outstanding: '847.64',
          line_items: [
            { ...base.line_items[0], tax_lines: [{ title: 'IGST', rate: 0.18, price: '89.64' }] },
            base.line_items[1],
          ],
          shipping_lines: [
            { id: 1, title: 'Standard', price: '50.00', tax_lines: [{ title: 'IGST', rate: 0.18, price: '9.00' }] },
          ],
          billing_address: { ...base.billing_address, phone: '+91 98860 12345' },
        });
      },
      () => shopifyOrder({ financial_status: 'partially_paid', total_outstanding: '698.00' }),
    ];
    const wooBases = [
      () =>
        wooOrder({
          fee_lines: [{ id: 1, name: 'COD fee', total: '30.00', total_tax: '0.00' }],
          total: '578.00',
          meta_data: [{ id: 1, key: '_wc_whatsapp_opt_in', value: 'yes' }],
        }),
      () => {
        const base = wooOrder();
        return wooOrder({
          prices_include_tax: true,
          total: '641.00',
          total_tax: '65.46',
          cart_tax: '53.46',
          shipping_total: '100.00',
          shipping_tax: '12.00',
          line_items: [
            {
              ...base.line_items[0],
              subtotal: '445.54',
              subtotal_tax: '53.46',
              total: '445.54',
              total_tax: '53.46',
              price: 222.77,
            },
          ],
          shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate', total: '100.00', total_tax: '12.00' }],
          fee_lines: [{ id: 5, name: 'COD Charges', total: '30.00', total_tax: '0.00' }],
          tax_lines: [{ id: 1, rate_code: 'IN-GST-18', tax_total: '53.46', shipping_tax_total: '12.00' }],
          shipping: { ...base.shipping, phone: '+91 98860 12345' },
        });
      },
    ];
    const request = fc.oneof(
      fc.record({
        channel: fc.constant('shopify' as const),
        base: fc.integer({ min: 0, max: shopifyBases.length - 1 }),
        field: fc.constantFrom(...SHOPIFY_FIELDS),
        value: fc.constantFrom(...HOSTILE),
        topic: fc.constantFrom('orders/create', 'orders/updated', 'orders/cancelled'),
      }),
      fc.record({
        channel: fc.constant('woocommerce' as const),
        base: fc.integer({ min: 0, max: wooBases.length - 1 }),
        field: fc.constantFrom(...WOO_FIELDS),
        value: fc.constantFrom(...HOSTILE),
        topic: fc.constantFrom('order.created', 'order.updated'),
      }),
    );
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const answer =
          r.channel === 'shopify'
            ? await postShopify(
                stack,
                SHOPIFY_SECRET,
                r.topic,
                withField(baseOf(shopifyBases, r.base), r.field, r.value),
              )
            : await postWoo(stack, WOO_SECRET, r.topic, withField(baseOf(wooBases, r.base), r.field, r.value));
        statuses.push(String(answer.status));
        outcomes.push(answer.outcome ?? 'none');
        if (answer.status >= 500) {
          throw new Error(`HTTP ${answer.status} for ${r.channel} ${r.field} = ${JSON.stringify(r.value)}`);
        }
        expect(answer.status).toBe(200);
      }),
      { numRuns: RUNS },
    );
    // Every order stored adds up (the database checks the total; COD always has something to collect).
    const { rows } = await sql<{ bad: string }>`
      select count(*)::text as bad from orders
      where payment_method = 'cod' and coalesce(cod_amount_paise, total_paise) <= 0`.execute(stack.database.db);
    expect(rows[0]?.bad).toBe('0');
    // And the parts of every stored order add up to its total, to the paisa.
    const unbalanced = await sql<{ n: string }>`
      select count(*)::text as n from orders o
      where o.total_paise <> o.shipping_paise + o.fees_paise - o.discount_paise
        + (select coalesce(sum(i.quantity * i.unit_price_paise), 0) from order_items i where i.order_id = o.id)`.execute(
      stack.database.db,
    );
    expect(unbalanced.rows[0]?.n).toBe('0');
    console.log(
      `[channel-fields:${kind}] ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}, outcomes ${JSON.stringify(tally(outcomes))}`,
    );
  });
});
