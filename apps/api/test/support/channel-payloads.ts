import { createHmac, randomUUID } from 'node:crypto';
import type { TestStack } from '../../src/testing/index';

export interface ChannelAnswer {
  status: number;
  /** The route's answer: `{ ok, id, outcome: 'pending' }`, a repeat's `duplicate` and earlier outcome, or an error. */
  body: {
    ok: boolean;
    id?: string;
    outcome?: string;
    duplicate?: boolean;
    ping?: boolean;
    detail?: string;
    error?: string;
  };
  /**
   * What applying it did, read from its row once the channel inbox drained (`created`, `updated`,
   * `rejected`...); posted to a bare URL (no stack to drain), the answer's outcome.
   */
  outcome: string | undefined;
  /** The row's reason (a rejected body's, an ignored topic's). */
  detail: string | null | undefined;
}

function urlOf(target: TestStack | string): string {
  return typeof target === 'string' ? target : target.url;
}

/** Waits for the channel applier, then reads what became of the delivery (the route answers before it is applied). */
async function appliedChannelAnswer(target: TestStack | string, res: Response): Promise<ChannelAnswer> {
  const body = (await res.json()) as ChannelAnswer['body'];
  if (typeof target === 'string' || !body.id) {
    return { status: res.status, body, outcome: body.outcome, detail: body.detail };
  }
  await target.drainInbox();
  const row = await target.database.db
    .selectFrom('channel_webhooks')
    .select(['outcome', 'outcome_detail'])
    .where('id', '=', body.id)
    .executeTakeFirst();
  return { status: res.status, body, outcome: row?.outcome, detail: row?.outcome_detail };
}

let next = 820_000_000_0;
/** A Shopify orders/create body in the REST Order shape its webhooks carry (a COD order from an INR shop). */
export function shopifyOrder(overrides: Record<string, unknown> = {}) {
  const id = next++;
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#${id % 100000}`,
    order_number: id % 100000,
    email: 'asha@example.com',
    phone: '+91 98450 12345',
    created_at: '2026-11-30T10:15:00+05:30',
    updated_at: '2026-11-30T10:15:00+05:30',
    test: false,
    cancelled_at: null,
    cancel_reason: null,
    currency: 'INR',
    financial_status: 'pending',
    fulfillment_status: null,
    payment_gateway_names: ['Cash on Delivery (COD)'],
    total_price: '748.00',
    subtotal_price: '698.00',
    total_discounts: '0.00',
    total_outstanding: '748.00',
    total_weight: 1000,
    note: null,
    shipping_lines: [{ id: 1, title: 'Standard', price: '50.00' }],
    customer: { id: 1, first_name: 'Asha', last_name: 'Rao', phone: null, email: 'asha@example.com' },
    billing_address: {
      first_name: 'Asha',
      last_name: 'Rao',
      address1: '12 MG Road',
      city: 'Bengaluru',
      province: 'Karnataka',
      zip: '560001',
      phone: null,
      country_code: 'IN',
    },
    shipping_address: {
      first_name: 'Asha',
      last_name: 'Rao',
      name: 'Asha Rao',
      company: null,
      address1: '12, 4th Cross, Indiranagar',
      address2: 'Near Metro',
      city: 'Bengaluru',
      province: 'Karnataka',
      province_code: 'KA',
      zip: '560 038',
      country: 'India',
      country_code: 'IN',
      phone: null,
    },
    line_items: [
      {
        id: 1,
        sku: 'MANGO-500',
        name: 'Mango Pickle 500g',
        title: 'Mango Pickle',
        variant_id: 11,
        product_id: 21,
        quantity: 2,
        price: '249.00',
        grams: 500,
        requires_shipping: true,
        fulfillable_quantity: 2,
      },
      {
        id: 2,
        sku: 'GIFT-CARD',
        name: 'Gift card',
        title: 'Gift card',
        variant_id: 12,
        product_id: 22,
        quantity: 1,
        price: '200.00',
        grams: 0,
        requires_shipping: false,
        fulfillable_quantity: 1,
      },
    ],
    ...overrides,
  };
}

export function shopifyHmac(secret: string, body: string): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

export async function postShopify(
  target: TestStack | string,
  secret: string,
  topic: string,
  order: unknown,
  options: { hmac?: string | null; webhookId?: string } = {},
) {
  const body = JSON.stringify(order);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': 'test-store.myshopify.com',
    'x-shopify-api-version': '2025-10',
    'x-shopify-webhook-id': options.webhookId ?? randomUUID(),
  };
  const hmac = options.hmac === undefined ? shopifyHmac(secret, body) : options.hmac;
  if (hmac !== null) headers['x-shopify-hmac-sha256'] = hmac;
  const res = await fetch(`${urlOf(target)}/api/integrations/shopify/webhooks`, { method: 'POST', headers, body });
  return appliedChannelAnswer(target, res);
}

let nextWoo = 5000;
/** A WooCommerce order.created body as `GET /wp-json/wc/v3/orders/{id}` returns it. */
export function wooOrder(overrides: Record<string, unknown> = {}) {
  const id = nextWoo++;
  return {
    id,
    number: String(id),
    status: 'processing',
    currency: 'INR',
    date_created_gmt: '2026-11-30T04:45:00',
    date_modified_gmt: '2026-11-30T04:45:00',
    payment_method: 'cod',
    payment_method_title: 'Cash on delivery',
    total: '548.00',
    shipping_total: '50.00',
    discount_total: '0.00',
    customer_note: '',
    billing: {
      first_name: 'Ravi',
      last_name: 'Kumar',
      company: '',
      address_1: '7 Anna Salai',
      address_2: '',
      city: 'Chennai',
      state: 'TN',
      postcode: '600002',
      country: 'IN',
      email: 'ravi@example.com',
      phone: '09840012345',
    },
    shipping: {
      first_name: 'Ravi',
      last_name: 'Kumar',
      company: '',
      address_1: '7 Anna Salai',
      address_2: 'Flat 3',
      city: 'Chennai',
      state: 'TN',
      postcode: '600002',
      country: 'IN',
      phone: '',
    },
    line_items: [
      {
        id: 1,
        name: 'Lime Pickle',
        product_id: 31,
        variation_id: 0,
        quantity: 2,
        subtotal: '498.00',
        total: '498.00',
        sku: 'LIME-250',
        price: 249,
      },
    ],
    shipping_lines: [{ method_id: 'flat_rate', method_title: 'Flat rate', total: '50.00' }],
    meta_data: [],
    ...overrides,
  };
}

export async function postWoo(
  target: TestStack | string,
  secret: string,
  topic: string,
  order: unknown,
  options: { signature?: string | null } = {},
) {
  // WordPress escapes "/" in JSON; the signature is over these exact bytes.
  const body = JSON.stringify(order).replace(/\//g, '\\/');
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-wc-webhook-topic': topic,
    'x-wc-webhook-source': 'https://shop.example.in/',
    'x-wc-webhook-resource': 'order',
    'x-wc-webhook-id': '7',
    'user-agent': 'WooCommerce/9.4 Hookshot (WordPress/6.7)',
  };
  const signature = options.signature === undefined ? shopifyHmac(secret, body) : options.signature;
  if (signature !== null) headers['x-wc-webhook-signature'] = signature;
  const res = await fetch(`${urlOf(target)}/api/integrations/woocommerce/webhooks`, { method: 'POST', headers, body });
  return appliedChannelAnswer(target, res);
}
