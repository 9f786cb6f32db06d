import { findOrderById } from '@app/db';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codConfirmToken } from '../../src/platform/security/tokens';
import {
  startStackWithProviders,
  TestSmtpServer,
  TestWhatsAppApi,
  testDatabaseKinds,
  type TestStack,
} from '../../src/testing/index';
import { orderBody } from '../support/order-body';

/** What only the token's holder may read: none of it may appear on a page served without the token. */
const PRIVATE = ['Zoravar Pinto', '9123456780', 'Zoravar Lane', 'zoravar@example.com', '560038'];

/**
 * The customer's confirmation page fuzzed over real HTTP (issue 24): any path, query, token and form
 * body gets an answer below 500; without the order's own token nothing changes and nothing private
 * is shown; with it, a form the page refuses changes nothing either.
 */
describe.each(testDatabaseKinds())('COD confirmation routes fuzzed on %s', (kind) => {
  let stack: TestStack;
  const smtp = new TestSmtpServer();
  const whatsapp = new TestWhatsAppApi();
  let order = { id: '', orderNumber: '', token: '', path: '' };
  let otherToken = '';
  let expiredToken = '';

  beforeAll(async () => {
    stack = await startStackWithProviders({ smtp, whatsapp, kind, env: { COD_CONFIRMATION: 'all' } });
    const key = (await stack.adminCaller.apiKeys.create({ name: 'Storefront' })).key;
    const create = async (n: number, name: string, phone: string) => {
      const response = await fetch(`${stack.url}/api/v1/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': `f-${n}` },
        body: JSON.stringify(
          orderBody({
            externalId: `FUZZ-${kind}-${n}`,
            orderNumber: `#FZ${n}-${kind}`,
            customer: { name, phone, email: n === 1 ? 'zoravar@example.com' : null },
            shippingAddress: {
              line1: '21, Zoravar Lane, Indiranagar',
              city: 'Bengaluru',
              state: 'KA',
              pincode: '560038',
            },
          }),
        ),
      });
      expect(response.status).toBe(201);
      const { order: created } = (await response.json()) as { order: { id: string; orderNumber: string } };
      const record = await findOrderById(stack.database.db, created.id);
      const expiresAt = record?.codConfirmation.expiresAt;
      if (!expiresAt) throw new Error('no confirmation was requested');
      const secret = stack.runtime.deps.secrets.appSecret;
      return {
        ...created,
        token: codConfirmToken(secret, created.orderNumber, expiresAt),
        expired: codConfirmToken(secret, created.orderNumber, new Date(Date.now() - 60_000)),
        path: `/confirm-order/${encodeURIComponent(created.orderNumber)}`,
      };
    };
    const main = await create(1, 'Zoravar Pinto', '9123456780');
    const other = await create(2, 'Ila Bose', '9123456781');
    order = main;
    otherToken = other.token;
    expiredToken = main.expired;
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** The order as the customer could change it: the confirmation and the address. */
  async function snapshot() {
    const row = await stack.database.db
      .selectFrom('orders')
      .select(['cod_confirmation', 'ship_line1', 'ship_line2', 'ship_pincode', 'address_check_state'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    const history = await stack.database.db
      .selectFrom('status_history')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    return { ...row, history: Number(history.n) };
  }

  /** A token that is not this order's: random text, near misses, another order's, an expired one. */
  const wrongToken = fc
    .oneof(
      fc.string({ maxLength: 80 }),
      fc.stringMatching(/^[0-9a-z]{1,10}\.[\w-]{10,40}$/),
      fc.nat({ max: 40 }).map((i) => {
        const t = order.token;
        const at = i % t.length;
        return `${t.slice(0, at)}${t[at] === 'A' ? 'B' : 'A'}${t.slice(at + 1)}`;
      }),
      fc.constant(''),
      fc.constant('\u0000'),
      fc.constant('%ZZ'),
    )
    .map((t) => (t === order.token ? `${t}x` : t));
  const anyToken = fc.oneof(wrongToken, fc.constant(otherToken), fc.constant(expiredToken));
  const text = fc.oneof(
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('confirm', 'cancel', '560001', '\u0000', '<script>alert(1)</script>', 'a'.repeat(500), '__proto__'),
  );
  const formBody = fc.dictionary(
    fc.constantFrom('t', 'answer', 'line1', 'landmark', 'pincode', 'lang', '__proto__', 't[]', 'answer[]', 'x'),
    text,
  );
  const numberPart = fc.oneof(
    fc.constant(null).map(() => encodeURIComponent(order.orderNumber)),
    fc.string({ maxLength: 50 }).map(encodeURIComponent),
    fc.constantFrom('%00', '..%2F..', '%E0%A4%A', 'FB-1', '%23FZ1-pglite'),
  );

  function expectNothingPrivate(body: string) {
    for (const secret of PRIVATE) expect(body).not.toContain(secret);
  }

  it('with its own token, a form the page refuses changes nothing, and nothing answers 5xx', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          text.filter((a) => a !== 'confirm' && a !== 'cancel'),
          fc.constant(undefined),
        ),
        async (answer) => {
          const form = new URLSearchParams({ t: order.token, ...(answer === undefined ? {} : { answer }) });
          const res = await fetch(`${stack.url}${order.path}/answer`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: form.toString(),
          });
          expect(res.status).toBeLessThan(500);
          expect([400, 429]).toContain(res.status);
        },
      ),
      { numRuns: 40 },
    );
    // An address the form refuses (no house number, a bad pincode, NUL): nothing changes.
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          line1: fc.oneof(fc.constant(''), fc.constant('x'), fc.constant('\u0000 12 Main Road')),
          landmark: text,
          pincode: fc.oneof(fc.constant('12'), fc.constant('0000000'), fc.string({ maxLength: 5 })),
        }),
        async (fields) => {
          const res = await fetch(`${stack.url}${order.path}/address`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ t: order.token, ...fields }).toString(),
          });
          expect(res.status).toBeLessThan(500);
          expect([400, 429]).toContain(res.status);
        },
      ),
      { numRuns: 40 },
    );
    expect(await snapshot()).toEqual(before);
  });

  it('without its token: any GET or POST answers below 500, shows nothing private and changes nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        numberPart,
        anyToken,
        fc.constantFrom('', '/answer', '/address'),
        fc.dictionary(fc.constantFrom('lang', 'done', 'x', 't'), text, { maxKeys: 3 }),
        async (number, token, suffix, extra) => {
          const query = new URLSearchParams({ ...extra, t: token });
          const res = await fetch(`${stack.url}/confirm-order/${number}${suffix}?${query.toString()}`, {
            redirect: 'manual',
          });
          expect(res.status).toBeLessThan(500);
          expectNothingPrivate(await res.text());
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(
        numberPart,
        anyToken,
        fc.constantFrom('/answer', '/address'),
        formBody,
        fc.constantFrom(
          'application/x-www-form-urlencoded',
          'application/json',
          'text/plain',
          'multipart/form-data; boundary=x',
        ),
        fc.option(fc.constantFrom(stack?.url ?? 'http://127.0.0.1', 'https://evil.example'), { nil: undefined }),
        async (number, token, suffix, fields, contentType, origin) => {
          const body =
            contentType === 'application/json'
              ? JSON.stringify({ ...fields, t: token })
              : new URLSearchParams({ ...fields, t: token }).toString();
          const res = await fetch(`${stack.url}/confirm-order/${number}${suffix}`, {
            method: 'POST',
            redirect: 'manual',
            headers: { 'content-type': contentType, ...(origin ? { origin } : {}) },
            body,
          });
          expect(res.status).toBeLessThan(500);
          expect(res.status).not.toBe(303);
          expectNothingPrivate(await res.text());
        },
      ),
      { numRuns: 80 },
    );
    expect(await snapshot()).toEqual(before);
    expect(before.cod_confirmation).toBe('pending');
  });
});
