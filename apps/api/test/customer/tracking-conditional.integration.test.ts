import { findBookedShipment } from '@app/db';
import { insertCustomer, insertOrder } from '@app/db/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackingToken } from '../../src/platform/security/tokens';
import { plainTrackingPage, startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { postStatusPush } from '../support/helpers';

/**
 * Conditional requests on the customer's tracking (issue 26): the page and `tracking.get` answer an
 * unchanged order with 304 and no body, a changed one (a status push) with a 200 and a new ETag, a
 * different language with a different ETag, and never a 304 (nor an ETag) without the link's token.
 */
describe.each(testDatabaseKinds())('tracking conditional requests on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind, trackingPage: plainTrackingPage() });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function shippedOrder() {
    const customer = await insertCustomer(stack.database.db, {});
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      customer_id: customer.id,
      contact_phone: customer.phone,
    });
    await stack.adminCaller.orders.ship({ orderId: order.id });
    const shipment = await findBookedShipment(stack.database.db, order.id);
    if (!shipment?.awb || !shipment.providerShipmentId) throw new Error('expected a booked shipment');
    const token = trackingToken(stack.runtime.deps.secrets.appSecret, order.order_number);
    return { order, token, customer, shipment: { awb: shipment.awb, id: shipment.providerShipmentId } };
  }

  const pageUrl = (orderNumber: string, query: string) =>
    `${stack.url}/order-tracking/${encodeURIComponent(orderNumber)}?${query}`;
  const getUrl = (input: Record<string, string>) =>
    `${stack.url}/trpc/tracking.get?input=${encodeURIComponent(JSON.stringify(input))}`;

  async function get(url: string, ifNoneMatch?: string) {
    const res = await fetch(url, { headers: ifNoneMatch === undefined ? {} : { 'if-none-match': ifNoneMatch } });
    return {
      status: res.status,
      etag: res.headers.get('etag'),
      cache: res.headers.get('cache-control'),
      body: await res.text(),
    };
  }

  /** The order's status as the customer reads it, once a push has been applied (within 2 s). */
  async function waitForStatus(orderNumber: string, token: string, status: string) {
    const until = Date.now() + 2000;
    for (;;) {
      const view = await stack.anonymousCaller.tracking.get({ orderId: orderNumber, token });
      if (view.state === 'ok' && view.status === status) return;
      if (Date.now() > until) throw new Error(`the order did not reach ${status}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  for (const surface of ['page', 'tracking.get'] as const) {
    it(`${surface}: 200 with an ETag, 304 with no body on a match, a new ETag after a status push`, async () => {
      const { order, token, shipment } = await shippedOrder();
      const url =
        surface === 'page' ? pageUrl(order.order_number, `t=${token}`) : getUrl({ orderId: order.order_number, token });

      const first = await get(url);
      expect(first.status).toBe(200);
      expect(first.etag).toMatch(/^W\/"[\w-]+"$/);
      expect(first.cache).toBe('private, no-cache');
      expect(first.body).toContain(order.order_number);

      const again = await get(url, first.etag ?? '');
      expect(again.status).toBe(304);
      expect(again.body).toBe('');
      expect(again.etag).toBe(first.etag);
      expect(again.cache).toBe('private, no-cache');
      // A list of validators, one of them current, and the strong form of the same tag, match too.
      expect((await get(url, `"old", ${first.etag ?? ''}`)).status).toBe(304);
      expect((await get(url, (first.etag ?? '').slice(2))).status).toBe(304);
      // Another tag does not.
      const other = await get(url, 'W/"something-else"');
      expect(other.status).toBe(200);
      expect(other.etag).toBe(first.etag);

      // Out for delivery (26): the order changed, so the old copy is stale.
      expect((await postStatusPush(stack, { awb: shipment.awb, shipment_id: shipment.id, status: '26' })).status).toBe(
        200,
      );
      await waitForStatus(order.order_number, token, 'out_for_delivery');
      const changed = await get(url, first.etag ?? '');
      expect(changed.status).toBe(200);
      expect(changed.etag).not.toBe(first.etag);
      expect(changed.body).toMatch(/out_for_delivery/);
      expect((await get(url, changed.etag ?? '')).status).toBe(304);
    });

    it(`${surface}: a different language is a different ETag, and never a 304 for the other`, async () => {
      const { order, token } = await shippedOrder();
      const url = (lang: string) =>
        surface === 'page'
          ? pageUrl(order.order_number, `t=${token}&lang=${lang}`)
          : getUrl({ orderId: order.order_number, token, lang });
      const en = await get(url('en'));
      const hi = await get(url('hi'));
      expect(en.status).toBe(200);
      expect(hi.status).toBe(200);
      expect(en.etag).toBeTruthy();
      expect(hi.etag).toBeTruthy();
      expect(hi.etag).not.toBe(en.etag);
      expect((await get(url('hi'), en.etag ?? '')).status).toBe(200);
      expect((await get(url('en'), hi.etag ?? '')).status).toBe(200);
      expect((await get(url('hi'), hi.etag ?? '')).status).toBe(304);
    });

    it(`${surface}: without the order's own token, no ETag and no 304, whatever If-None-Match says`, async () => {
      const { order, token } = await shippedOrder();
      const other = await shippedOrder();
      const url = (t: string | null) =>
        surface === 'page'
          ? pageUrl(order.order_number, t === null ? '' : `t=${t}`)
          : getUrl(t === null ? { orderId: order.order_number } : { orderId: order.order_number, token: t });
      const real = await get(url(token));
      const etag = real.etag ?? '';
      for (const t of [null, 'x'.repeat(24), other.token, token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A')]) {
        for (const header of [etag, '*']) {
          const answer = await get(url(t), header);
          expect(answer.status).not.toBe(304);
          expect(answer.etag).toBeNull();
          expect(answer.body).not.toContain(order.contact_phone);
        }
      }
    });
  }

  it('fuzzed If-None-Match: a 200 with the same ETag or a 304 for the exact tag, never an error', async () => {
    const { order, token } = await shippedOrder();
    const urls = [pageUrl(order.order_number, `t=${token}`), getUrl({ orderId: order.order_number, token })];
    const etags = await Promise.all(urls.map(async (u) => (await get(u)).etag ?? ''));
    const header = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc
        .array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom(...etags, '*', 'W/', '""', ',')), {
          maxLength: 8,
        })
        .map((parts) => parts.join(fc.sample(fc.constantFrom(',', ', ', ' ,'), 1)[0] ?? ',')),
      fc.string({ minLength: 8000, maxLength: 9000 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1 }), header, async (which, value) => {
        // fetch refuses header values with control characters or non-Latin-1 text; HTTP carries neither.
        const sendable = value.replace(/[^\x20-\x7e]/g, '');
        const url = urls[which] ?? '';
        const etag = etags[which] ?? '';
        const answer = await get(url, sendable);
        const tags = sendable.split(',').map((t) => t.trim().replace(/^W\//, ''));
        const hits = sendable.length <= 8192 && (tags.includes('*') || tags.includes(etag.slice(2)));
        expect(answer.status).toBe(hits ? 304 : 200);
        expect(answer.etag).toBe(etag);
      }),
      { numRuns: 60 },
    );
  });

  for (const surface of ['page', 'tracking.get'] as const) {
    it(`${surface}: a write the customer cannot see (a team's flag on the order) keeps the 304`, async () => {
      const { order, token } = await shippedOrder();
      const url =
        surface === 'page' ? pageUrl(order.order_number, `t=${token}`) : getUrl({ orderId: order.order_number, token });
      const first = await get(url);
      expect(first.status).toBe(200);
      // What a background job or an admin does to the row: flag it, note why, touch updated_at.
      await stack.database.db
        .updateTable('orders')
        .set({ attention_kind: 'review', attention_reason: 'checked by the team', updated_at: new Date() })
        .where('id', '=', order.id)
        .execute();
      expect((await get(url, first.etag ?? '')).status).toBe(304);
    });
  }

  it('tracking.get answers the link token itself with the JSON tRPC answers (same data, same shape)', async () => {
    const { order, token } = await shippedOrder();
    for (const lang of [undefined, 'en', 'hi'] as const) {
      const input = { orderId: order.order_number.toLowerCase(), token, ...(lang ? { lang } : {}) };
      const lean = await fetch(getUrl(input));
      expect(lean.status).toBe(200);
      expect(lean.headers.get('content-type')).toMatch(/^application\/json/);
      // A batch of one goes through tRPC itself (the lean path takes single calls only).
      const batch = await fetch(
        `${stack.url}/trpc/tracking.get?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: input }))}`,
      );
      expect(batch.status).toBe(200);
      expect(batch.headers.get('etag')).toBeNull();
      const [viaTrpc] = (await batch.json()) as unknown[];
      const leanText = await lean.text();
      expect(leanText).toBe(JSON.stringify(viaTrpc));
      expect(leanText).not.toContain(order.contact_phone);
    }
  });
});
