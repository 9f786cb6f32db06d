/**
 * What one Shopify, WooCommerce and WhatsApp webhook costs in SQL (issue 26): the statements the
 * request sends (an instance that stores and answers only), then what the applier sends to apply
 * it, captured from the product's own Kysely on a fresh PostgreSQL database. Counts, not timings,
 * so a busy machine does not change them.
 *
 *   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/ingest-statements.ts
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createTestDatabase } from '@app/db/testing';
import {
  applyPendingChannelWebhooks,
  applyPendingWhatsAppPushes,
  createLogger,
  parseEnv,
  startRuntime,
} from '@app/api/bench';
import { createCapturingDatabase } from './lib/capture';

const SHOPIFY_SECRET = 'bench-shopify-secret';
const WOO_SECRET = 'bench-woo-secret';
const WHATSAPP_SECRET = 'bench-whatsapp-secret';
const hmac = (secret: string, body: string, encoding: 'base64' | 'hex') =>
  createHmac('sha256', secret).update(body).digest(encoding);

const address = { address1: '12, 4th Cross, Indiranagar', city: 'Bengaluru', province_code: 'KA', zip: '560038' };
const shopify = JSON.stringify({
  id: 8_200_000_001,
  name: '#2001',
  email: 'asha@example.com',
  phone: '+91 98450 12345',
  created_at: '2026-11-30T10:15:00+05:30',
  updated_at: '2026-11-30T10:15:00+05:30',
  test: false,
  cancelled_at: null,
  currency: 'INR',
  financial_status: 'pending',
  payment_gateway_names: ['Cash on Delivery (COD)'],
  total_price: '548.00',
  subtotal_price: '498.00',
  total_discounts: '0.00',
  total_outstanding: '548.00',
  shipping_lines: [{ id: 1, title: 'Standard', price: '50.00' }],
  customer: { id: 1, first_name: 'Asha', last_name: 'Rao', phone: null, email: 'asha@example.com' },
  shipping_address: { first_name: 'Asha', last_name: 'Rao', name: 'Asha Rao', country_code: 'IN', ...address },
  line_items: [
    {
      id: 1,
      sku: 'MANGO-500',
      name: 'Mango Pickle 500g',
      quantity: 2,
      price: '249.00',
      grams: 500,
      requires_shipping: true,
      fulfillable_quantity: 2,
    },
  ],
});
const woo = JSON.stringify({
  id: 9001,
  number: '9001',
  status: 'processing',
  currency: 'INR',
  date_created_gmt: '2026-11-30T04:45:00',
  date_modified_gmt: '2026-11-30T04:45:00',
  payment_method: 'cod',
  total: '548.00',
  shipping_total: '50.00',
  discount_total: '0.00',
  billing: { first_name: 'Ravi', last_name: 'Kumar', email: 'ravi@example.com', phone: '09840012345', country: 'IN' },
  shipping: {
    first_name: 'Ravi',
    last_name: 'Kumar',
    address_1: '7 Anna Salai',
    city: 'Chennai',
    state: 'TN',
    postcode: '600002',
    country: 'IN',
  },
  line_items: [
    {
      id: 1,
      name: 'Lime Pickle',
      product_id: 31,
      quantity: 2,
      subtotal: '498.00',
      total: '498.00',
      sku: 'LIME-250',
      price: 249,
    },
  ],
  shipping_lines: [{ method_id: 'flat_rate', total: '50.00' }],
  meta_data: [],
});
const whatsapp = JSON.stringify({
  object: 'whatsapp_business_account',
  entry: [
    {
      id: '1',
      changes: [
        { field: 'messages', value: { statuses: [{ id: 'wamid.BENCH', status: 'read', timestamp: '1750030073' }] } },
      ],
    },
  ],
});

async function main() {
  const database = await createTestDatabase('postgres');
  const capturing = createCapturingDatabase(database.url ?? '', 2);
  const runtime = await startRuntime({
    env: parseEnv({
      NODE_ENV: 'production',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      SEED_DEMO_DATA: 'false',
      SHOPIFY_SHOP_DOMAIN: 'bench.myshopify.com',
      SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
      WOOCOMMERCE_URL: 'https://store.example.com',
      WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
      WHATSAPP_APP_SECRET: WHATSAPP_SECRET,
    }),
    database: capturing,
    logger: createLogger({ level: 'silent' }),
    startWorkers: false,
    // Store and answer only: the request's statements alone; applying is measured separately below.
    applyInbox: false,
  });
  // Let the start-up's own work (address-check backfill, memory catch-up, the appliers' start-up kick) finish first.
  await new Promise((ok) => setTimeout(ok, 3_000));
  const post = async (path: string, body: string, headers: Record<string, string>) => {
    capturing.captured.length = 0;
    const res = await fetch(`${runtime.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
    const answer = await res.text();
    return {
      status: res.status,
      answer,
      statements: capturing.captured.map((q) => q.sql.replace(/\s+/g, ' ').trim().slice(0, 60)),
    };
  };
  const apply = async (what: string, run: () => Promise<number>) => {
    capturing.captured.length = 0;
    const taken = await run();
    return { what, taken, statements: capturing.captured.length };
  };
  try {
    const requests = {
      shopify: await post('/api/integrations/shopify/webhooks', shopify, {
        'x-shopify-topic': 'orders/create',
        'x-shopify-webhook-id': randomUUID(),
        'x-shopify-hmac-sha256': hmac(SHOPIFY_SECRET, shopify, 'base64'),
      }),
      woocommerce: await post('/api/integrations/woocommerce/webhooks', woo, {
        'x-wc-webhook-topic': 'order.created',
        'x-wc-webhook-signature': hmac(WOO_SECRET, woo, 'base64'),
      }),
      whatsapp: await post('/api/webhooks/whatsapp', whatsapp, {
        'x-hub-signature-256': `sha256=${hmac(WHATSAPP_SECRET, whatsapp, 'hex')}`,
      }),
    };
    for (const [name, r] of Object.entries(requests)) {
      console.log(
        `[ingest-statements] ${name} request: HTTP ${r.status} ${r.answer}; ${r.statements.length} statement(s): ${r.statements.join(' | ')}`,
      );
    }
    const deps = runtime.deps;
    for (const r of [
      await apply('channel applier (the Shopify and the WooCommerce delivery, both new COD orders)', () =>
        applyPendingChannelWebhooks(deps),
      ),
      await apply('WhatsApp applier (one status for a message we did not send)', () =>
        applyPendingWhatsAppPushes(deps),
      ),
    ]) {
      console.log(
        `[ingest-statements] ${r.what}: ${r.taken} taken, ${r.statements} statements (begin and commit counted)`,
      );
    }
  } finally {
    await runtime.close();
    await capturing.close();
    await database.close();
  }
}

await main();
