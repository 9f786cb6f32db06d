import { insertOrder } from '@app/db/testing';
import fc from 'fast-check';
import { createHmac } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { whatsappSignature } from '../../src/outbox/messaging/whatsapp.wire';
import { trackingToken } from '../../src/platform/security/tokens';
import { plainTrackingPage, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient, tally } from './support/http';
import { GUARDED_TABLES, listProcedures, PUBLIC_PROCEDURES } from './support/router';
import { kindsFor, size, STRESS } from './support/sizes';

const WEBHOOK_RUNS = size(250, 3000);
const CHANNEL_RUNS = size(200, 2000);
const SHOPIFY_SECRET = 'fuzz-shopify-secret';
const WOO_SECRET = 'fuzz-woo-secret';
const PAGE_RUNS = size(250, 3000);
const WHATSAPP_SECRET = 'bad-input-whatsapp-app-secret';

/** encodeURIComponent for any string: lone surrogates (which it refuses) become U+FFFD first. */
function encodeAny(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'),
  );
}
const TRPC_RUNS = size(350, 4000);

/** Strings that have broken servers before: injection, markup, odd unicode, NUL, overflow. */
const NASTY = [
  "' OR '1'='1",
  '1; DROP TABLE orders; --',
  "1' UNION SELECT password_hash FROM admin_users --",
  '$1',
  '%',
  '_',
  '\\',
  "'",
  '"',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '{{7*7}}',
  '${7*7}',
  '../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '\uDFFF',
  '\u202Eevil',
  // Issue 22's text rule: C0/C1 controls, DEL, bidi overrides and isolates, a lone high surrogate at the end.
  '\u001b[31mred',
  'bell\u0007',
  'a\u007Fb',
  'a\u0085b',
  'csi\u009B2J',
  '\u202Dforced',
  'a\u2067b\u2069',
  'ok\uD83D',
  // One past ORDER_LIMITS: Rs 2 crore + 1 paisa, 1,000 kg + 1 g, 301 cm, a 65-character number (never
  // digits alone: the sweep puts these in id fields too, where "301" would name a real row).
  '20000000.01',
  '1000001 g',
  '1000.001 kg',
  '301 cm',
  'N'.repeat(65),
  '😀'.repeat(50),
  'ﷺ',
  '\r\n\r\nX-Injected: 1',
  '-1',
  '0',
  '1e309',
  'NaN',
  'Infinity',
  '9'.repeat(40),
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'x'.repeat(5000),
  ' ',
  '',
];
/** The sweep's share of NASTY: one of each kind by default, all under STRESS. */
const SWEEP = STRESS
  ? NASTY
  : [
      "' OR '1'='1",
      "1' UNION SELECT password_hash FROM admin_users --",
      '%',
      '<script>alert(1)</script>',
      '{{7*7}}',
      'a\u0000b',
      '\u0000',
      '\uD800',
      '\u202Eevil',
      '😀'.repeat(50),
      '9'.repeat(40),
      'x'.repeat(5000),
      '__proto__',
      '',
    ];
const nastyString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
);
/** Never a valid order or inbox id (those are 1-18 digits), so no fuzzed mutation can touch a real row. */
const badId = fc.oneof(
  fc.constantFrom('', ' ', '1 ', '-1', '1.5', '0x10', '1e3', '9'.repeat(19), "1' OR '1'='1", '1;--', '１２', '\u00001'),
  fc.string().filter((s) => !/^\d{1,18}$/.test(s)),
  fc.integer(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });
const fields = [
  'body',
  'reason',
  'status',
  'outcome',
  'providerShipmentId',
  'awb',
  'courierName',
  'courierId',
  'mode',
  'search',
  'cursor',
  'limit',
  'pincode',
  'cod',
  'token',
  'phoneLast4',
  'email',
  'password',
  'type',
  'statusCode',
  'newWeightGrams',
];
/** Numbers one past ORDER_LIMITS (paise, units, grams, cm), as numbers. */
const pastLimits = fc.constantFrom(2_000_000_001, 10_001, 1_000_001, 301, -1);
const fieldValue = fc.oneof(
  nastyString,
  anyJson,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  pastLimits,
);

/** An input object using the routers' field names, with the ids always invalid or absent. */
const nearInput = fc
  .record(
    { orderId: badId, inboxId: badId, extra: fc.dictionary(fc.constantFrom(...fields), fieldValue, { maxKeys: 4 }) },
    { requiredKeys: [] },
  )
  .map(({ extra, ...ids }) => ({ ...extra, ...ids }));

const CONTENT_TYPES = [
  'application/json',
  'application/x-www-form-urlencoded',
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=zz',
  'application/json; charset=utf-16',
  'text/plain; charset=bogus-8',
  'image/png',
  '',
];

function hasErrorMessage(text: string): boolean {
  try {
    const body = JSON.parse(text) as unknown;
    const items = Array.isArray(body) ? body : [body];
    return items.every((item) => {
      const error = (item as { error?: unknown }).error;
      if (typeof error === 'string') return error.length > 0;
      return (
        typeof (error as { message?: unknown } | undefined)?.message === 'string' &&
        (error as { message: string }).message.length > 0
      );
    });
  } catch {
    return false;
  }
}

/** Mutations whose only valid input is none at all. */
const NO_INPUT_MUTATIONS = ['auth.logout', 'auth.endOtherSessions'];
describe.each(kindsFor(testDatabaseKinds()))('bad input on %s', (kind) => {
  let stack: TestStack;
  let admin: ApiClient;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);

  async function counts() {
    const out: Record<string, number> = {};
    for (const table of GUARDED_TABLES) {
      const row = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(
        stack.database.db,
      );
      out[table] = Number(row.rows[0]?.n);
    }
    return out;
  }

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    stack = await startTestStack({
      kind,
      env: {
        TRACKING_LOOKUPS_PER_MINUTE: '1000000',
        SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
        WOOCOMMERCE_URL: 'https://shop.example.in',
        WOOCOMMERCE_WEBHOOK_SECRET: WOO_SECRET,
        WHATSAPP_APP_SECRET: WHATSAPP_SECRET,
      },
      trackingPage: plainTrackingPage(),
    });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
    // Real rows for the fuzz to miss: one order waiting, one shipped.
    await insertOrder(stack.database.db, { status: 'processing' });
    const shipped = await insertOrder(stack.database.db, { status: 'processing' });
    await stack.adminCaller.orders.ship({ orderId: shipped.id });
  });
  afterAll(async () => {
    await stack?.close();
    process.off('unhandledRejection', onUnhandled);
  });

  it(
    `${WEBHOOK_RUNS} malformed webhook requests: a reason (200 when authenticated, else 4xx), never 5xx, nothing changes but rejected inbox rows`,
    { timeout: 180_000 },
    async () => {
      const db = stack.database.db;
      const secret = encodeURIComponent(stack.runtime.deps.secrets.webhookSecret);
      const before = await counts();
      const inboxBefore = Number(
        (await sql<{ n: string }>`select max(id)::text as n from webhook_inbox`.execute(db)).rows[0]?.n ?? 0,
      );
      const statuses: string[] = [];

      const statusPush = { callback_type: 'sync_status', status: '22', shipment_id: '249772', awb: 'AWB1' };
      // Each mutation below makes the push invalid, so none can be applied (or even deferred).
      const brokenPush = fc.oneof(
        fc
          .record({
            callback_type: nastyString.filter(
              (s) => !['sync_status', 'ndr_status', 'new_weight_discrepancy'].includes(s.trim()),
            ),
          })
          .map((r) => ({ ...statusPush, ...r })),
        fc
          .oneof(
            fc.constant(''),
            fc.string({ minLength: 11 }),
            anyJson.filter((v) => typeof v !== 'string' && typeof v !== 'number'),
          )
          .map((status) => ({ ...statusPush, status })),
        fc
          .record({ status: fc.string({ minLength: 1, maxLength: 10 }) })
          .map((r) => ({ callback_type: 'sync_status', ...r, awb: '', shipment_id: '  ' })),
        fc
          .oneof(
            anyJson.filter((v) => !Array.isArray(v) && typeof v !== 'string'),
            fc.constant([]),
            fc.array(fc.record({ type: nastyString }), { minLength: 1, maxLength: 3 }),
          )
          .map((ndr_data) => ({ callback_type: 'ndr_status', ndr_data })),
        fc
          .record({ new_weight: fc.oneof(fc.constant(-5), fc.constant('heavy'), fc.constant(null)) })
          .map((r) => ({ callback_type: 'new_weight_discrepancy', shipment_id: '1', ...r })),
      );
      const body = fc.oneof(
        { weight: 3, arbitrary: brokenPush.map((p) => ({ text: JSON.stringify(p), type: 'application/json' })) },
        {
          weight: 2,
          arbitrary: brokenPush.map((p) => ({
            text: new URLSearchParams(
              Object.entries(p).map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
            ).toString(),
            type: 'application/x-www-form-urlencoded',
          })),
        },
        {
          weight: 2,
          arbitrary: fc.record({ text: fc.string({ unit: 'binary' }), type: fc.constantFrom(...CONTENT_TYPES) }),
        },
        {
          weight: 2,
          arbitrary: fc.record({
            text: anyJson.map((v) => JSON.stringify(v)),
            type: fc.constantFrom(...CONTENT_TYPES),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            text: fc.dictionary(nastyString, nastyString, { maxKeys: 5 }).map((d) => new URLSearchParams(d).toString()),
            type: fc.constantFrom(...CONTENT_TYPES),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.constantFrom(300_000, 2_000_000).map((n) => ({
            text: `{"callback_type":"sync_status","status":"${'2'.repeat(n)}"}`,
            type: 'application/json',
          })),
        },
        // Deep nesting: anything that walks the body recursively overflows the stack.
        {
          weight: 1,
          arbitrary: fc.constantFrom('callback_type', 'ndr_data', 'status').map((key) => ({
            text: `{"callback_type":"ndr_status","${key}":${'['.repeat(60_000)}${']'.repeat(60_000)}}`,
            type: 'application/json',
          })),
        },
        // NUL characters, raw and escaped: PostgreSQL text and jsonb cannot hold them.
        {
          weight: 1,
          arbitrary: fc.record({
            text: fc.constantFrom(
              '\u0000',
              'callback_type=sync_status&status=2\u00002&awb=X1',
              'callback_type=sync_status&status=22&awb=A%00B',
              '{"callback_type":"sync_status","status":"2\u0000"}',
              '{"callback_type":"sync_status","status":"22","awb":"A\\u0000B"}',
              '{"callback_type":"ndr_status","ndr_data":[{"awb":"X\\u0000","type":"REATTEMPT"}]}',
              '{"callback_type":"new_weight_discrepancy","awb":"\\u0000","new_weight":"5"}',
            ),
            type: fc.constantFrom('application/json', 'application/x-www-form-urlencoded', 'text/plain'),
          }),
        },
      );
      const request = fc.record({
        body,
        route: fc.oneof(
          { weight: 10, arbitrary: fc.constantFrom('shipping-updates', 'ndr-updates') },
          { weight: 1, arbitrary: fc.constantFrom('status', 'shipping-updates/%00', 'ndr-updates/../../trpc') },
        ),
        auth: fc.oneof(
          { weight: 8, arbitrary: fc.constant('secret') },
          { weight: 2, arbitrary: fc.constantFrom('none', 'wrong', 'token') },
        ),
        method: fc.oneof(
          { weight: 10, arbitrary: fc.constant('POST') },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'PATCH') },
        ),
        encoding: fc.constantFrom(
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          undefined,
          'gzip',
          'br',
          'x-unknown',
        ),
      });

      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const query =
            r.auth === 'secret'
              ? `?secret=${secret}`
              : r.auth === 'wrong'
                ? '?secret=not-the-secret-000'
                : r.auth === 'token'
                  ? '?token=x&secret='
                  : '';
          const headers: Record<string, string> = {};
          if (r.body.type) headers['content-type'] = r.body.type;
          if (r.encoding) headers['content-encoding'] = r.encoding;
          const res = await fetch(`${stack.url}/api/webhooks/${r.route}${query}`, {
            method: r.method,
            headers,
            ...(r.method === 'GET' ? {} : { body: r.body.text }),
          });
          const text = await res.text();
          statuses.push(String(res.status));
          // Authenticated bad pushes are kept as rejected and answered 200 (ok false, the reason):
          // iCarry would retry an error and then stop pushing. Anything else is a 4xx with a reason.
          const authed =
            r.auth === 'secret' && r.method === 'POST' && ['shipping-updates', 'ndr-updates'].includes(r.route);
          if (
            res.status >= 500 ||
            (!authed && res.status < 400) ||
            (res.status === 200 && !text.includes('"ok":false')) ||
            !hasErrorMessage(text)
          ) {
            throw new Error(
              `HTTP ${res.status} for ${r.method} ${r.route} (${r.auth}, ${r.body.type}, ${String(r.encoding)}): ${text.slice(0, 300)} <- ${r.body.text.slice(0, 200)}`,
            );
          }
        }),
        { numRuns: WEBHOOK_RUNS },
      );

      expect(await counts()).toEqual(before);
      const added = await db
        .selectFrom('webhook_inbox')
        .select(['outcome', 'kind'])
        .where('id', '>', String(inboxBefore))
        .execute();
      expect(added.filter((r) => r.outcome !== 'rejected')).toEqual([]);
      expect(await admin.healthz()).toBe(200);
      console.log(
        `[bad-input:${kind}] webhooks: ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}, inbox +${added.length} rows, all rejected; guarded tables unchanged`,
      );
    },
  );

  it(
    `${CHANNEL_RUNS} fuzzed bodies on the Shopify and WooCommerce routes, signed and not: never 5xx, nothing changes`,
    { timeout: 180_000 },
    async () => {
      const db = stack.database.db;
      const before = await counts();
      const maxId = Number(
        (await sql<{ n: string }>`select coalesce(max(id), 0)::text as n from channel_webhooks`.execute(db)).rows[0]
          ?.n ?? 0,
      );
      const statuses: string[] = [];
      const money = fc.oneof(
        fc.integer({ min: 0, max: 99_999 }).map((n) => (n / 100).toFixed(2)),
        fc.constantFrom('20000000.00', '20000000.01', '0.00', '-0.01', '1e308', '99999999999.99'),
      );
      // Order-shaped bodies that can never be a valid order: the pincode is always wrong.
      const brokenOrder = fc.record({
        id: fc.oneof(fc.integer(), nastyString, fc.constant(null)),
        name: nastyString,
        status: fc.oneof(fc.constantFrom('processing', 'pending', 'cancelled'), nastyString),
        financial_status: fc.oneof(fc.constantFrom('pending', 'partially_paid', 'paid'), nastyString),
        payment_gateway_names: fc.oneof(fc.array(nastyString, { maxLength: 3 }), anyJson),
        // Money as the channels state it (issue 22): Shopify's total_outstanding (a partial COD owes
        // less than the total), WooCommerce's taxes and fee lines, numbers at and past ORDER_LIMITS.
        total_price: fc.oneof(money, nastyString),
        total_outstanding: fc.oneof(money, nastyString, fc.constant(null)),
        taxes_included: fc.oneof(fc.boolean(), anyJson),
        total: fc.oneof(money, nastyString),
        total_tax: fc.oneof(money, nastyString),
        cart_tax: fc.oneof(money, nastyString),
        shipping_tax: fc.oneof(money, nastyString),
        prices_include_tax: fc.oneof(fc.boolean(), anyJson),
        fee_lines: fc.oneof(
          fc.array(
            fc.record({ id: fc.integer(), name: nastyString, total: fc.oneof(money, nastyString), total_tax: money }),
            {
              maxLength: 2,
            },
          ),
          anyJson,
        ),
        tax_lines: fc.oneof(
          fc.array(fc.record({ rate_code: nastyString, tax_total: money, shipping_tax_total: money }), {
            maxLength: 2,
          }),
          anyJson,
        ),
        payment_method: fc.oneof(fc.constant('cod'), nastyString),
        shipping_address: fc.oneof(
          fc.record({
            address1: nastyString,
            city: nastyString,
            province: nastyString,
            zip: fc.constantFrom('12', 'abc', ''),
            // The alternate mobile a checkout collects.
            phone: fc.oneof(fc.constantFrom('+91 98450 12345', '09840012345', '98450'), nastyString),
          }),
          anyJson,
        ),
        shipping: fc.oneof(
          fc.record({
            address_1: nastyString,
            city: nastyString,
            state: nastyString,
            postcode: fc.constantFrom('12', 'x'),
            phone: fc.oneof(fc.constantFrom('+91 98450 12345', '09840012345', '98450'), nastyString),
          }),
          anyJson,
        ),
        billing: anyJson,
        line_items: fc.oneof(
          fc.array(
            fc.record({
              id: fc.integer(),
              sku: nastyString,
              quantity: fc.oneof(fc.integer(), nastyString),
              price: fc.oneof(money, nastyString),
              grams: fc.oneof(fc.integer(), nastyString),
              total: fc.oneof(money, nastyString),
              total_tax: money,
              tax_lines: fc.oneof(fc.array(fc.record({ price: money, rate: fc.double() }), { maxLength: 2 }), anyJson),
            }),
            { maxLength: 3 },
          ),
          anyJson,
        ),
      });
      const body = fc.oneof(
        { weight: 3, arbitrary: brokenOrder.map((o) => JSON.stringify(o)) },
        { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            'webhook_id=abc',
            'webhook_id=1&x=2',
            '\u0000',
            '{"id":"\\u0000"}',
            `{"a":${'['.repeat(20_000)}${']'.repeat(20_000)}}`,
          ),
        },
      );
      const request = fc.record({
        channel: fc.constantFrom('shopify', 'woocommerce'),
        body,
        signed: fc.oneof(
          { weight: 3, arbitrary: fc.constant('valid') },
          { weight: 1, arbitrary: fc.constantFrom('none', 'wrong', 'garbage') },
        ),
        topic: fc.oneof(
          {
            weight: 4,
            arbitrary: fc.constantFrom(
              'orders/create',
              'orders/updated',
              'orders/cancelled',
              'order.created',
              'order.updated',
            ),
          },
          { weight: 1, arbitrary: nastyString.filter((s) => /^[ -~]*$/.test(s)) },
        ),
        type: fc.constantFrom(...CONTENT_TYPES),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const secret = r.channel === 'shopify' ? SHOPIFY_SECRET : WOO_SECRET;
          const signature =
            r.signed === 'valid'
              ? createHmac('sha256', secret).update(r.body).digest('base64')
              : r.signed === 'wrong'
                ? createHmac('sha256', 'not-the-secret').update(r.body).digest('base64')
                : r.signed === 'garbage'
                  ? 'not base64 at all !!'
                  : undefined;
          const headers: Record<string, string> =
            r.channel === 'shopify'
              ? { 'x-shopify-topic': r.topic, 'x-shopify-webhook-id': `fuzz-${statuses.length}` }
              : { 'x-wc-webhook-topic': r.topic };
          if (r.type) headers['content-type'] = r.type;
          if (signature)
            headers[r.channel === 'shopify' ? 'x-shopify-hmac-sha256' : 'x-wc-webhook-signature'] = signature;
          const res = await fetch(`${stack.url}/api/integrations/${r.channel}/webhooks`, {
            method: 'POST',
            headers,
            body: r.body,
          });
          const text = await res.text();
          statuses.push(String(res.status));
          if (res.status >= 500)
            throw new Error(
              `HTTP ${res.status} on ${r.channel} (${r.signed}, ${r.topic}): ${text.slice(0, 300)} <- ${r.body.slice(0, 200)}`,
            );
        }),
        { numRuns: CHANNEL_RUNS },
      );
      // Stored deliveries are applied off the request: wait for them before looking.
      await stack.drainInbox();
      expect(await counts()).toEqual(before);
      const added = await db.selectFrom('channel_webhooks').select('outcome').where('id', '>', String(maxId)).execute();
      expect(added.filter((r) => !['rejected', 'ignored'].includes(r.outcome))).toEqual([]);
      expect(await admin.healthz()).toBe(200);
      console.log(
        `[bad-input:${kind}] channels: ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}, channel inbox +${added.length} rows, none applied; guarded tables unchanged`,
      );
    },
  );

  it(
    `${TRPC_RUNS} malformed calls to every tRPC procedure, as admin and anonymous: 4xx with a reason, never 5xx, nothing changes`,
    { timeout: 180_000 },
    async () => {
      const procedures = listProcedures();
      const anonymous = new ApiClient(stack.url);
      const before = await counts();
      const statuses: string[] = [];
      const seen = new Set<string>();
      const accepted: string[] = [];

      // Well-formed inputs carrying nasty text, for the procedures that read but never write.
      const digits = fc.oneof(fc.stringMatching(/^[1-9]\d{0,17}$/), fc.constantFrom('1', '2', '999999999999999999'));
      const shaped: Record<string, fc.Arbitrary<unknown>> = {
        'orders.list': fc.record(
          {
            search: nastyString,
            cursor: nastyString,
            limit: fc.integer({ min: 1, max: 100 }),
            status: fc.constantFrom('processing', 'shipped', 'delivered'),
          },
          { requiredKeys: [] },
        ),
        'orders.get': fc.record({ orderId: digits }),
        'orders.messages': fc.record({ orderId: digits }),
        'orders.inbox': fc.record(
          {
            orderId: digits,
            outcome: fc.constantFrom('rejected', 'applied', 'deferred'),
            limit: fc.integer({ min: 1, max: 200 }),
          },
          { requiredKeys: [] },
        ),
        'tracking.get': fc.record(
          { orderId: nastyString, token: nastyString, phoneLast4: fc.oneof(fc.stringMatching(/^\d{4}$/), nastyString) },
          { requiredKeys: ['orderId'] },
        ),
        'orders.batch': fc.record({ batchId: digits }),
        'orders.batches': fc.record({ limit: fc.integer({ min: 1, max: 50 }) }, { requiredKeys: [] }),
        'orders.reviewShipMany': fc.oneof(
          fc.record({ orderIds: fc.array(digits, { minLength: 1, maxLength: 5 }) }),
          fc.record({ status: fc.constantFrom('processing', 'shipped'), search: nastyString }),
        ),
        'packing.pickup': fc.record({ date: fc.oneof(nastyString, fc.constantFrom('2026-12-01', '2026-02-30')) }),
        'packing.stuck': fc.record({ limit: fc.integer({ min: 1, max: 500 }) }, { requiredKeys: [] }),
        'packing.billingReport': fc.record(
          {
            fromMonth: fc.oneof(nastyString, fc.constant('2026-01')),
            toMonth: fc.oneof(nastyString, fc.constant('2026-13')),
          },
          { requiredKeys: [] },
        ),
        'shipping.checkServiceability': fc.record({
          pincode: fc.oneof(fc.stringMatching(/^[1-9]\d{5}$/), nastyString),
          cod: fc.oneof(fc.boolean(), nastyString),
        }),
        'tracking.respondToNdr': fc.record(
          {
            orderId: nastyString,
            token: nastyString,
            phoneLast4: fc.oneof(fc.stringMatching(/^\d{4}$/), nastyString),
            action: fc.oneof(fc.constantFrom('reattempt', 'update_address', 'cancel'), nastyString),
            preferredDate: fc.oneof(fc.constantFrom('2026-12-02', '9999-99-99'), nastyString),
            landmark: nastyString,
            addressLine: nastyString,
            alternatePhone: fc.oneof(fc.constantFrom('9876543210', '+91 98765 43210'), nastyString),
            message: nastyString,
          },
          { requiredKeys: ['orderId', 'action'] },
        ),
        'settings.branding.update': fc.record({
          storeName: nastyString,
          logoUrl: fc.oneof(nastyString, fc.constantFrom('javascript:alert(1)', 'data:x', 'ftp://x')),
          brandColor: fc.oneof(nastyString, fc.constantFrom('#ffffff', '#FFFF00', 'red', '#12345')),
          supportPhone: nastyString,
          supportEmail: nastyString,
          storeUrl: nastyString,
        }),
        'orders.ndrList': fc.record({ limit: fc.oneof(fc.integer(), nastyString) }, { requiredKeys: [] }),
        'auth.login': fc.record({
          email: fc.oneof(
            nastyString,
            nastyString.map((s) => `${s}@example.com`),
          ),
          password: nastyString,
        }),
      };
      const call = fc.constantFrom(...procedures).chain((proc) =>
        fc.record({
          proc: fc.constant(proc),
          asAdmin: fc.boolean(),
          input: fc.oneof(
            { weight: proc.path in shaped ? 4 : 0, arbitrary: shaped[proc.path] ?? fc.constant(undefined) },
            { weight: 3, arbitrary: nearInput },
            { weight: 2, arbitrary: anyJson },
            { weight: 1, arbitrary: nastyString },
            { weight: 1, arbitrary: fc.constant(undefined) },
          ),
          transport: fc.constantFrom(
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'normal',
            'raw-body',
            'wrong-type',
            'huge',
            'deep',
            'wrong-method',
            'batch',
            'bad-query',
            'unknown-path',
          ),
          raw: fc.string({ unit: 'binary', maxLength: 200 }),
        }),
      );

      await fc.assert(
        fc.asyncProperty(call, async ({ proc, asAdmin, input, transport, raw }) => {
          // Signing the fuzzer out is a valid call, not bad input.
          if (proc.path === 'auth.logout' && asAdmin) return;
          const client = asAdmin ? admin : anonymous;
          const cookie: Record<string, string> = client.cookie ? { cookie: client.cookie } : {};
          const path = transport === 'unknown-path' ? `${proc.path}Nope` : proc.path;
          const url = `${stack.url}/trpc/${path}`;
          const json = JSON.stringify(input) ?? '';
          const isQuery = proc.type === 'query';
          const useGet = transport === 'wrong-method' ? !isQuery : isQuery;
          let res: Response;
          if (transport === 'bad-query') {
            res = await fetch(`${url}?input=${encodeURIComponent(raw)}`, { headers: cookie });
          } else if (useGet) {
            const q =
              transport === 'batch'
                ? `?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`
                : input === undefined
                  ? ''
                  : `?input=${encodeURIComponent(json.slice(0, 6000))}`;
            res = await fetch(`${url}${q}`, { headers: cookie });
          } else {
            const text =
              transport === 'raw-body'
                ? raw
                : transport === 'huge'
                  ? JSON.stringify({ body: 'x'.repeat(80_000), input })
                  : transport === 'deep'
                    ? `{"orderId":${'['.repeat(25_000)}${']'.repeat(25_000)},"search":${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}}`
                    : transport === 'batch'
                      ? JSON.stringify({ 0: input })
                      : json;
            const type = transport === 'wrong-type' ? 'text/plain' : 'application/json';
            res = await fetch(`${url}${transport === 'batch' ? '?batch=1' : ''}`, {
              method: 'POST',
              headers: { ...cookie, 'content-type': type },
              body: text,
            });
          }
          const text = await res.text();
          statuses.push(String(res.status));
          seen.add(proc.path);
          // A mutation that takes no input, called with none, is a valid call (ending the admin's
          // other sessions, say), not bad input that got through.
          const validNoInputCall = NO_INPUT_MUTATIONS.includes(proc.path) && input === undefined;
          if (res.status === 200 && proc.type === 'mutation' && !validNoInputCall)
            accepted.push(`${proc.path} (${transport}, ${asAdmin ? 'admin' : 'anonymous'}): ${json.slice(0, 200)}`);
          if (res.status >= 500)
            throw new Error(
              `HTTP ${res.status} from ${proc.path} (${transport}, ${asAdmin ? 'admin' : 'anonymous'}) for ${json.slice(0, 200)}: ${text.slice(0, 400)}`,
            );
          if (res.status >= 400 && !hasErrorMessage(text))
            throw new Error(
              `HTTP ${res.status} without an error message from ${proc.path} (${transport}): ${text.slice(0, 300)}`,
            );
        }),
        { numRuns: TRPC_RUNS },
      );

      expect(accepted.filter((a) => !a.startsWith('auth.logout'))).toEqual([]);
      expect(await counts()).toEqual(before);
      expect(await admin.healthz()).toBe(200);
      // The admin's session survived the fuzz (nothing signed it out or broke it).
      expect((await admin.query<{ admin: { email: string } | null }>('auth.me')).data?.admin?.email).toBe(
        stack.adminCredentials.email,
      );
      expect(unhandled).toEqual([]);
      const internal = stack.logs
        .entries()
        .filter(
          (e) =>
            e.msg === 'unhandled error' ||
            e.msg === 'tRPC internal error' ||
            String(e.msg).endsWith('unexpected error'),
        );
      expect(internal.map((e) => String(e.msg))).toEqual([]);
      console.log(
        `[bad-input:${kind}] tRPC: ${statuses.length} calls over ${seen.size}/${procedures.length} procedures, HTTP ${JSON.stringify(tally(statuses))}; guarded tables unchanged`,
      );
    },
  );
  it(
    `${TRPC_RUNS} malformed queries to the PDF routes (labels, manifest): 4xx with a reason or a PDF, never 5xx, no rows added`,
    { timeout: 180_000 },
    async () => {
      const before = await counts();
      const statuses: string[] = [];
      const idList = fc.array(
        fc.oneof(
          badId.map((v) => String(v)),
          fc.constantFrom('1', '2', '999999999999'),
        ),
        {
          maxLength: 4,
        },
      );
      const query = fc.oneof(
        fc.record({
          path: fc.constant('labels.pdf'),
          params: fc.record(
            {
              orderIds: fc.oneof(
                idList.map((ids) => ids.join(',')),
                nastyString,
              ),
              paper: fc.oneof(fc.constantFrom('4x6', 'a4'), nastyString),
              direction: fc.oneof(fc.constantFrom('forward', 'return'), nastyString),
            },
            { requiredKeys: [] },
          ),
        }),
        fc.record({
          path: fc.constant('manifest.pdf'),
          params: fc.record(
            { date: fc.oneof(nastyString, fc.constantFrom('2026-12-01', '2026-02-30', '2026-1-1')) },
            { requiredKeys: [] },
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(query, fc.boolean(), fc.boolean(), async (q, asAdmin, repeat) => {
          const params = new URLSearchParams();
          for (const [k, v] of Object.entries(q.params)) {
            params.append(k, v);
            if (repeat) params.append(k, v);
          }
          const res = await fetch(`${stack.url}/api/${q.path}?${params.toString()}`, {
            headers: asAdmin && admin.cookie ? { cookie: admin.cookie } : {},
          });
          statuses.push(String(res.status));
          if (res.status === 200) {
            if (!asAdmin || res.headers.get('content-type') !== 'application/pdf')
              throw new Error(`200 without a PDF (or without a session) for ${q.path}?${params.toString()}`);
            await res.arrayBuffer();
            return;
          }
          const text = await res.text();
          // A request line and headers over Node's 16 KB limit never reach the app: Node answers
          // 431 itself, with no body. That is a refusal with its reason in the status.
          if (res.status === 431 && `${q.path}?${params.toString()}`.length > 8_000) return;
          if (res.status >= 500 || res.status < 400 || !hasErrorMessage(text))
            throw new Error(`HTTP ${res.status} for ${q.path}?${params.toString()}: ${text.slice(0, 300)}`);
        }),
        { numRuns: TRPC_RUNS },
      );
      expect(await counts()).toEqual(before);
      expect(await admin.healthz()).toBe(200);
      console.log(
        `[bad-input:${kind}] PDF routes: ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}; guarded tables unchanged`,
      );
    },
  );

  it(
    'every text field of every procedure with each nasty string (admin, and anonymous for public ones): never 5xx, nothing changes',
    { timeout: 180_000 },
    async () => {
      const missing = '999999999999';
      const order = await stack.database.db
        .selectFrom('orders')
        .select(['id', 'order_number'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      // Valid shapes; ids of writes point at no order, so a mutation can fail but never succeed.
      const templates: Record<string, Record<string, unknown>> = {
        'auth.login': { email: 'nobody@example.com', password: 'x' },
        // cursor is absent unless it is the field under test (a bad cursor would stop the search first).
        'orders.list': { search: 'a', cursor: undefined, filter: 'stuck' },
        'orders.get': { orderId: order.id },
        'orders.quote': { orderId: order.id },
        'orders.messages': { orderId: order.id },
        'orders.inbox': { orderId: order.id },
        'orders.ship': { orderId: missing, courierId: '1' },
        'orders.cancelShipment': { orderId: missing, reason: 'r' },
        'orders.resolveBooking': {
          orderId: missing,
          outcome: 'booked',
          providerShipmentId: '1',
          awb: 'AWB00001',
          courierName: 'Courier',
        },
        'orders.overrideStatus': { orderId: missing, status: 'shipped', reason: 'because' },
        'orders.addNote': { orderId: missing, body: 'note' },
        'orders.clearAttention': { orderId: missing },
        'orders.reapplyInbox': { inboxId: missing },
        'orders.shipMany': { orderIds: [missing], courierPolicy: 'cheapest', mode: 'surface' },
        'orders.reviewShipMany': { orderIds: [order.id], courierPolicy: { courierId: '111' } },
        'orders.batch': { batchId: missing },
        'orders.batches': { limit: 10 },
        'orders.createReturn': { orderId: missing, reason: 'Damaged in transit', refundNote: 'refund' },
        'packing.pickup': { date: '2026-12-01' },
        'packing.stuck': { limit: 10 },
        'packing.billingReport': { fromMonth: '2026-01', toMonth: '2026-12' },
        'shipping.checkServiceability': { pincode: '110001' },
        'tracking.get': { orderId: order.order_number, token: 'tttttttttt', phoneLast4: '1234' },
        'sandbox.advance': { orderId: missing },
        'sandbox.raiseNdr': { orderId: missing, type: 'REATTEMPT' },
        'sandbox.setStatus': { orderId: missing, statusCode: 22 },
        'sandbox.reportWeight': { orderId: missing, newWeightGrams: 10 },
        'tracking.respondToNdr': {
          orderId: order.order_number,
          token: 'tttttttttt',
          action: 'reattempt',
          preferredDate: '2026-12-02',
          landmark: 'near the temple',
          addressLine: '14 2nd Cross',
          alternatePhone: '9876543210',
          message: 'call first',
        },
        // Two fields always invalid, so no single replaced field can make a save valid.
        'settings.branding.update': {
          storeName: 'Store',
          logoUrl: 'javascript:alert(1)',
          brandColor: '#ffffff',
          supportPhone: '+91 80 1234 5678',
          supportEmail: 'help@store.example',
          storeUrl: 'ftp://store.example',
        },
        'orders.ndrList': { limit: 10 },
      };
      const procedures = listProcedures();
      const covered = procedures.filter((p) => p.path in templates);
      const anonymous = new ApiClient(stack.url);
      const before = await counts();
      const statuses: string[] = [];
      const failures: string[] = [];
      for (const proc of covered) {
        const template = templates[proc.path] ?? {};
        const clients = PUBLIC_PROCEDURES.has(proc.path) ? [admin, anonymous] : [admin];
        for (const field of Object.keys(template)) {
          for (const value of SWEEP) {
            const input = { ...template, [field]: value };
            for (const client of clients) {
              const answer =
                proc.type === 'query' ? await client.query(proc.path, input) : await client.mutate(proc.path, input);
              statuses.push(String(answer.status));
              if (answer.status >= 500 || (answer.status >= 400 && !answer.error?.message))
                failures.push(
                  `${proc.path}.${field}=${JSON.stringify(value).slice(0, 40)} -> ${answer.status} ${answer.text.slice(0, 160)}`,
                );
              if (answer.status === 200 && proc.type === 'mutation')
                failures.push(`${proc.path}.${field}=${JSON.stringify(value).slice(0, 40)} was accepted`);
            }
          }
        }
      }
      expect(failures).toEqual([]);
      expect(await counts()).toEqual(before);
      console.log(
        `[bad-input:${kind}] sweep: ${SWEEP.length} nasty strings into every field of ${covered.length}/${procedures.length} procedures (${procedures
          .filter((p) => !(p.path in templates))
          .map((p) => p.path)
          .join(
            ', ',
          )} take no input): ${statuses.length} calls, HTTP ${JSON.stringify(tally(statuses))}; guarded tables unchanged`,
      );
    },
  );

  it(
    `${WEBHOOK_RUNS} malformed WhatsApp webhooks and handshakes: 4xx with a reason (unsigned: 401), never 5xx, nothing but rejected inbox rows`,
    { timeout: 180_000 },
    async () => {
      const db = stack.database.db;
      const before = await counts();
      const inboxBefore = Number(
        (await sql<{ n: string }>`select coalesce(max(id), 0)::text as n from whatsapp_inbox`.execute(db)).rows[0]?.n,
      );
      const statuses: string[] = [];
      const status = fc.record({
        id: fc.oneof(nastyString, fc.constant('wamid.HBgM')),
        status: fc.oneof(fc.constantFrom('sent', 'delivered', 'read', 'failed', 'deleted'), nastyString),
        timestamp: fc.oneof(fc.constant('1750030073'), nastyString, fc.integer()),
        biz_opaque_callback_data: fc.oneof(fc.constantFrom('msg_1', 'msg_999999999999'), nastyString),
        errors: fc.oneof(fc.constant(undefined), anyJson),
      });
      const envelope = fc
        .record({
          object: fc.oneof(fc.constant('whatsapp_business_account'), nastyString),
          statuses: fc.array(status, { maxLength: 3 }),
          messages: fc.array(
            fc.record({
              id: nastyString,
              type: fc.constantFrom('button', 'interactive', 'text', 'image'),
              timestamp: fc.constant('1750030073'),
              button: fc.record({ payload: nastyString, text: nastyString }),
              context: fc.record({ id: nastyString }),
            }),
            { maxLength: 2 },
          ),
        })
        .map((r) => ({
          object: r.object,
          entry: [{ id: '1', changes: [{ field: 'messages', value: { statuses: r.statuses, messages: r.messages } }] }],
        }));
      const request = fc.record({
        text: fc.oneof(
          { weight: 4, arbitrary: envelope.map((e) => JSON.stringify(e)) },
          { weight: 2, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? '') },
          { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
          { weight: 1, arbitrary: fc.constant(`{"object":${'['.repeat(50_000)}${']'.repeat(50_000)}}`) },
          { weight: 1, arbitrary: fc.constant(`{"object":"${'x'.repeat(700_000)}"}`) },
        ),
        signature: fc.constantFrom('right', 'right', 'right', 'wrong', 'none', 'garbage'),
        method: fc.oneof(
          { weight: 10, arbitrary: fc.constant('POST') },
          { weight: 1, arbitrary: fc.constantFrom('PUT', 'DELETE') },
        ),
        type: fc.constantFrom(...CONTENT_TYPES),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const headers: Record<string, string> = {};
          if (r.type) headers['content-type'] = r.type;
          if (r.signature === 'right') headers['x-hub-signature-256'] = whatsappSignature(WHATSAPP_SECRET, r.text);
          if (r.signature === 'wrong') headers['x-hub-signature-256'] = whatsappSignature('nope', r.text);
          if (r.signature === 'garbage') headers['x-hub-signature-256'] = 'sha256=zz';
          const res = await fetch(`${stack.url}/api/webhooks/whatsapp`, { method: r.method, headers, body: r.text });
          const text = await res.text();
          statuses.push(String(res.status));
          const signed = r.signature === 'right' && r.method === 'POST';
          if (res.status >= 500 || (!signed && res.status < 400) || (res.status >= 400 && !hasErrorMessage(text)))
            throw new Error(`HTTP ${res.status} for ${r.method} (${r.signature}, ${r.type}): ${text.slice(0, 200)}`);
        }),
        { numRuns: WEBHOOK_RUNS },
      );
      // Handshakes with odd queries: 403 unless it is exactly right (no verify token is configured here).
      for (const query of [
        '',
        '?hub.mode=subscribe',
        '?hub.challenge=<script>',
        '?hub.mode=subscribe&hub.verify_token=&hub.challenge=1',
        '?hub.mode[]=x',
      ]) {
        const res = await fetch(`${stack.url}/api/webhooks/whatsapp${query}`);
        statuses.push(String(res.status));
        expect(res.status).toBe(403);
        expect(hasErrorMessage(await res.text())).toBe(true);
      }
      await stack.drainInbox();
      expect(await counts()).toEqual(before);
      const added = await db
        .selectFrom('whatsapp_inbox')
        .select('outcome')
        .where('id', '>', String(inboxBefore))
        .execute();
      expect(added.filter((a) => !['rejected', 'ignored'].includes(a.outcome))).toEqual([]);
      console.log(
        `[bad-input:${kind}] WhatsApp: ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}, inbox +${added.length} rows (rejected or ignored); guarded tables unchanged`,
      );
    },
  );

  it(
    `${PAGE_RUNS} malformed requests to the tracking page and its forms: never 5xx, nothing private, nothing changes`,
    { timeout: 180_000 },
    async () => {
      const order = await stack.database.db
        .selectFrom('orders')
        .select(['id', 'order_number', 'contact_phone', 'ship_line1'])
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
      const before = await counts();
      const statuses: string[] = [];
      const formBody = fc.dictionary(
        fc.constantFrom(
          't',
          'phoneLast4',
          'action',
          'preferredDate',
          'landmark',
          'addressLine',
          'alternatePhone',
          'message',
          '__proto__',
          'x',
        ),
        fc.oneof(nastyString, fc.constant(token), fc.constantFrom('reattempt', 'cancel', '2026-12-02', '1234')),
        { maxKeys: 8 },
      );
      const request = fc.record({
        number: fc.oneof(fc.constant(order.order_number), nastyString),
        route: fc.constantFrom('', '/unlock', '/ndr', '/ndr', '/unlock', '/x'),
        method: fc.constantFrom('GET', 'POST', 'POST', 'PUT'),
        query: fc.oneof(
          fc.constant(''),
          nastyString.map((t) => `?t=${encodeAny(t)}`),
          fc.constant(`?t=${token}&t=x`),
          fc.constant('?answered=1&t[]=1'),
          // The language switch (issue 24): any value, repeated or nested, is a language or ignored.
          nastyString.map((l) => `?t=${token}&lang=${encodeAny(l)}`),
          fc.constantFrom(`?t=${token}&lang=hi&lang=en`, `?lang[x]=hi&t=${token}`, '?lang=hi', `?t=${token}&lang=hi`),
        ),
        body: fc.oneof(
          formBody.map((d) => new URLSearchParams(d).toString()),
          fc.string({ unit: 'binary' }),
          fc.constant(`t=${token}&action=reattempt&preferredDate=2026-12-02&landmark=%00`),
          fc.constant('a'.repeat(40_000)),
        ),
        type: fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', ''),
        origin: fc.constantFrom(undefined, undefined, 'null', 'https://evil.example'),
      });
      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const headers: Record<string, string> = {};
          if (r.type) headers['content-type'] = r.type;
          if (r.origin) headers.origin = r.origin;
          const path = `/order-tracking/${encodeAny(r.number)}${r.route}${r.query}`;
          const res = await fetch(`${stack.url}${path}`, {
            method: r.method,
            headers,
            redirect: 'manual',
            ...(r.method === 'GET' ? {} : { body: r.body }),
          });
          const text = await res.text();
          statuses.push(String(res.status));
          if (res.status >= 500)
            throw new Error(`HTTP ${res.status} for ${r.method} ${path.slice(0, 120)}: ${text.slice(0, 200)}`);
          for (const secret of [order.contact_phone, order.ship_line1])
            if (text.includes(secret)) throw new Error(`${r.method} ${path.slice(0, 80)} showed personal data`);
        }),
        { numRuns: PAGE_RUNS },
      );
      expect(await counts()).toEqual(before);
      console.log(
        `[bad-input:${kind}] tracking page: ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}; guarded tables unchanged`,
      );
    },
  );
});
