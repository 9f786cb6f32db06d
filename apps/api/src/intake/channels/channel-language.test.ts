import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { languageFromLocale } from '../orders/order-fields.schema';
import { orderInputSchema } from '../orders/order-input.schema';
import { mapShopifyOrder, shopifyOrderSchema } from './shopify/shopify.wire';
import { mapWooOrder, wooOrderSchema } from './woocommerce/woocommerce.wire';

/** The customer's language from each channel's own field (DESIGN "Language"), through the real mappings. */
const fixture = (path: string) =>
  JSON.parse(readFileSync(new URL(`../../../test/fixtures/public/${path}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;

function languageOf(mapped: ReturnType<typeof mapShopifyOrder>): unknown {
  if (mapped.kind !== 'upsert') throw new Error(`not an order: ${mapped.kind}`);
  // The order input's own reading of it (a locale is accepted there too): what intake stores.
  const customer = orderInputSchema.shape.customer.parse({
    ...(mapped.input.customer as Record<string, unknown>),
    phone: '9845012345',
  });
  return customer.language;
}

describe('the customer’s language from a channel', () => {
  const shopify = fixture('shopify/in-pistagreen-pg1263-orders-create-cod.json');

  it.each([
    ['hi-IN', 'hi'],
    ['hi', 'hi'],
    ['en-IN', 'en'],
    ['ta-IN', undefined],
    [null, undefined],
  ])('Shopify customer_locale %s -> %s', (locale, language) => {
    const order = shopifyOrderSchema.parse({ ...shopify, customer_locale: locale });
    expect(languageOf(mapShopifyOrder(order))).toBe(language);
  });

  const woo = fixture('woocommerce/in-frappe-205-order-created-cod-on-hold.json');

  it.each([
    [[{ key: 'wpml_language', value: 'hi' }], 'hi'],
    [[{ key: 'pll_language', value: 'en' }], 'en'],
    [[{ key: '_locale', value: 'hi_IN' }], 'hi'],
    [[{ key: 'wpml_language', value: 'mr' }], undefined],
    [[], undefined],
  ])('WooCommerce order meta %j -> %s', (meta, language) => {
    const order = wooOrderSchema.parse({ ...woo, meta_data: meta.map((m, i) => ({ id: i + 1, ...m })) });
    expect(languageOf(mapWooOrder(order))).toBe(language);
  });

  it.each([
    ['Hindi', 'hi'],
    ['हिंदी', 'hi'],
    ['हिन्दी', 'hi'],
    [' HI ', 'hi'],
    ['English', 'en'],
    ['en_US', 'en'],
    ['Tamil', null],
    ['', null],
  ])('a CSV Language cell %j -> %s', (cell, language) => {
    expect(languageFromLocale(cell)).toBe(language);
  });
});
