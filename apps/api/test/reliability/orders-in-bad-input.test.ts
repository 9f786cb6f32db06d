import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { orderBody } from '../support/order-body';
import { ApiClient, tally } from './support/http';
import { kindsFor, size } from './support/sizes';

const RUNS = size(300, 3000);
const REQUIRED = ['externalId', 'paymentMethod', 'customer', 'shippingAddress', 'items'] as const;
const TABLES = ['orders', 'order_items', 'customers', 'products', 'status_history', 'order_notes', 'idempotency_keys'];

const nasty = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1",
    '\u0000',
    'a\u0000b',
    '\uD800',
    'x\uDFFF',
    '\u001b[2J',
    '\u202Eevil',
    'a\u2066b',
    '99999999999 kg',
    '1e308 kg',
    '1e308',
    '%',
    '<script>',
    '9'.repeat(40),
    'x'.repeat(5000),
    '',
    ' ',
    '__proto__',
  ),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 50 }),
);
const anyJson = fc.jsonValue({ maxDepth: 3 });

/** A body that can never be a valid order: a required field is gone, or replaced by junk of the wrong type. */
const invalidOrder = fc.oneof(
  fc.constantFrom(...REQUIRED).map((field) => {
    const body = orderBody({ externalId: 'FUZZ-1' });
    return Object.fromEntries(Object.entries(body).filter(([k]) => k !== field));
  }),
  fc
    .record({
      field: fc.constantFrom(...REQUIRED),
      value: fc.oneof(fc.constant(null), fc.boolean(), fc.array(nasty, { maxLength: 2 })),
    })
    .map(({ field, value }) => orderBody({ externalId: 'FUZZ-2', [field]: field === 'items' ? [value] : value })),
  anyJson,
  nasty,
);

/** encodeURIComponent throws on a lone surrogate; such a path is still worth sending, as %EF%BF%BD. */
function safeEncode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return encodeURIComponent(text.replace(/[\uD800-\uDFFF]/g, '\uFFFD'));
  }
}

function hasErrorMessage(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } };
    return typeof body.error?.message === 'string' && body.error.message.length > 0;
  } catch {
    return false;
  }
}

/** Issue 22: text no field may hold (the text rule), in any one field of an otherwise valid order. */
const HOSTILE_TEXT = [
  'a\uD800',
  '\uDFFF',
  'ok\uD83D',
  'a\u0000b',
  'x\u001b[2J',
  'bell\u0007',
  'a\u007Fb',
  '\u202Eevil',
  '\u202Dforced',
  'a\u2066b',
  'a\u2067b',
  'a\u0085b',
  'csi\u009B31m',
  'a\u200Fb',
];
/** Numbers beyond ORDER_LIMITS, or written so a careless parser reads something else ("1e308 kg" as 308 kg). */
const HOSTILE_NUMBER: unknown[] = [
  '99999999999 kg',
  '1e308 kg',
  '1E3kg',
  '1e308',
  99_999_999_999,
  1e308,
  -1,
  '9'.repeat(40),
];
/** One step past each ORDER_LIMITS bound (packages/shipping/src/limits.ts), at the field it bounds. */
const PAST_BOUNDS: [string, unknown][] = [
  ['items.0.quantity', 10_001],
  ['items.0.quantity', 0],
  ['items.0.unitPrice', '20000000.01'],
  ['shippingCharge', '20000000.01'],
  ['fees', '20000000.01'],
  ['codAmount', '20000000.01'],
  ['items.0.weight', '1000001 g'],
  ['items.0.weight', '1000.001 kg'],
  ['items.0.weight', '2 x 500.5 kg'],
  ['package.lengthCm', 301],
  ['package.heightCm', 0],
  ['orderNumber', 'N'.repeat(65)],
];
const TEXT_PATHS = [
  'externalId',
  'orderNumber',
  'note',
  'customer.name',
  'customer.email',
  'shippingAddress.line1',
  'shippingAddress.line2',
  'shippingAddress.landmark',
  'shippingAddress.city',
  'items.0.sku',
  'items.0.name',
  'alternatePhone',
];
const NUMBER_PATHS = [
  'items.0.weight',
  'items.0.quantity',
  'items.0.unitPrice',
  'shippingCharge',
  'discount',
  'fees',
  'codAmount',
  'package.lengthCm',
  'package.heightCm',
];

function withValueAt(body: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  const keys = path.split('.');
  let node = copy;
  for (const key of keys.slice(0, -1)) {
    node[key] ??= key === 'package' ? { lengthCm: 10, breadthCm: 10, heightCm: 10 } : {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
  return copy;
}

describe.each(kindsFor(testDatabaseKinds()))('bad input to the Orders-in routes on %s', (kind) => {
  let stack: TestStack;
  let key = '';
  let admin: ApiClient;

  async function counts() {
    const out: Record<string, number> = {};
    for (const table of TABLES) {
      const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(
        stack.database.db,
      );
      out[table] = Number(rows[0]?.n);
    }
    return out;
  }

  beforeAll(async () => {
    stack = await startTestStack({ kind, env: { API_REQUESTS_PER_MINUTE: '1000000' } });
    key = (await stack.adminCaller.apiKeys.create({ name: 'fuzz' })).key;
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(
    `${RUNS} valid orders with one field made hostile (lone surrogates, ESC, RLO, NUL, out-of-range and exponent numbers): a 400 naming that field, nothing stored`,
    { timeout: 180_000 },
    async () => {
      const before = await counts();
      const statuses: string[] = [];
      const hostile = fc.oneof(
        fc.record({ path: fc.constantFrom(...TEXT_PATHS), value: fc.constantFrom(...HOSTILE_TEXT) }),
        fc.record({
          path: fc.constantFrom(...TEXT_PATHS),
          value: fc
            .tuple(fc.string({ maxLength: 10 }), fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 10 }))
            .map((parts) => parts.join('')),
        }),
        fc.record({ path: fc.constantFrom(...NUMBER_PATHS), value: fc.constantFrom(...HOSTILE_NUMBER) }),
        fc.constantFrom(...PAST_BOUNDS).map(([path, value]) => ({ path, value })),
      );
      await fc.assert(
        fc.asyncProperty(hostile, fc.integer({ min: 0, max: 1e9 }), async ({ path, value }, n) => {
          const body = withValueAt(orderBody({ externalId: `FUZZ-H-${n}`, orderNumber: `FUZZ-H-${n}` }), path, value);
          const res = await fetch(`${stack.url}/api/v1/orders`, {
            method: 'POST',
            headers: {
              authorization: `Bearer ${key}`,
              'content-type': 'application/json',
              'idempotency-key': `h-${n}`,
            },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          statuses.push(String(res.status));
          const issues = (JSON.parse(text) as { error?: { issues?: { path: string }[] } }).error?.issues ?? [];
          if (res.status !== 400 || !issues.some((i) => i.path === path || path.startsWith(`${i.path}.`))) {
            throw new Error(`HTTP ${res.status} for ${path} = ${JSON.stringify(value)}: ${text.slice(0, 300)}`);
          }
        }),
        { numRuns: RUNS },
      );
      expect(await counts()).toEqual(before);
      console.log(
        `[orders-in hostile field:${kind}] ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}`,
      );
    },
  );

  it(
    `${RUNS} malformed REST and CSV requests: 4xx with a reason, never 5xx, nothing changes`,
    { timeout: 180_000 },
    async () => {
      const before = await counts();
      const statuses: string[] = [];
      const request = fc.record({
        route: fc.constantFrom('create', 'create', 'create', 'get', 'cancel', 'import'),
        body: invalidOrder,
        transport: fc.constantFrom('json', 'json', 'json', 'text', 'deep', 'huge', 'raw'),
        raw: fc.string({ unit: 'binary', maxLength: 300 }),
        auth: fc.constantFrom('key', 'key', 'key', 'key', 'none', 'wrong', 'basic'),
        idempotencyKey: fc.oneof(
          fc.constant('fuzz-key'),
          fc.constant(undefined),
          nasty,
          fc.string({ minLength: 256, maxLength: 300 }),
        ),
        orderNumber: fc.oneof(nasty, fc.constantFrom('..', '%2e%2e', 'FB-0', 'ZZ-FUZZ-404')),
        csvHeader: fc.constantFrom('', 'order_id,sku\r\n', '*Order Id,*Master SKU,*Customer Mobile\r\n'),
      });

      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          const headers: Record<string, string> = {};
          if (r.auth === 'key') headers.authorization = `Bearer ${key}`;
          if (r.auth === 'wrong') headers.authorization = 'Bearer sk_test_wrongwrongwrongwrongwrong';
          if (r.auth === 'basic') headers.authorization = 'Basic dXNlcjpwYXNz';
          let url: string;
          let body: string;
          if (r.route === 'import') {
            url = `${stack.url}/api/imports/orders`;
            if (admin.cookie) headers.cookie = admin.cookie;
            headers['content-type'] = r.transport === 'text' ? 'application/json' : 'text/csv';
            // A header then junk rows whose order id is blank: never an importable order.
            body = `${r.csvHeader}${r.raw.replace(/^[^,;\t]*/, ',')}`;
          } else {
            const path = safeEncode(r.orderNumber).slice(0, 400);
            url =
              r.route === 'create'
                ? `${stack.url}/api/v1/orders`
                : r.route === 'get'
                  ? `${stack.url}/api/v1/orders/${path}`
                  : `${stack.url}/api/v1/orders/${path}/cancel`;
            if (r.idempotencyKey !== undefined) headers['idempotency-key'] = r.idempotencyKey.replace(/[^ -~]/g, '?');
            headers['content-type'] = r.transport === 'text' ? 'text/plain' : 'application/json';
            body =
              r.transport === 'deep'
                ? `{"items":${'['.repeat(50_000)}${']'.repeat(50_000)}}`
                : r.transport === 'huge'
                  ? JSON.stringify({ ...orderBody({ externalId: 'FUZZ-HUGE' }), note: 'x'.repeat(1_100_000) })
                  : r.transport === 'raw'
                    ? r.raw
                    : (JSON.stringify(r.body) ?? '');
          }
          const method = r.route === 'get' ? 'GET' : 'POST';
          const res = await fetch(url, { method, headers, ...(method === 'GET' ? {} : { body }) });
          const text = await res.text();
          statuses.push(String(res.status));
          // A GET of a real order is a 200; nothing fuzzed here names one.
          if (res.status >= 500 || res.status < 400 || !hasErrorMessage(text)) {
            throw new Error(
              `HTTP ${res.status} for ${method} ${url} (${r.transport}, ${r.auth}): ${text.slice(0, 300)}`,
            );
          }
        }),
        { numRuns: RUNS },
      );
      expect(await counts()).toEqual(before);
      const internal = stack.logs
        .entries()
        .filter((e) => /internal error|unhandled error|import failed/.test(String(e.msg)));
      expect(internal.map((e) => String(e.msg))).toEqual([]);
      console.log(
        `[orders-in bad input:${kind}] ${statuses.length} requests, HTTP ${JSON.stringify(tally(statuses))}; tables unchanged`,
      );
    },
  );
});
