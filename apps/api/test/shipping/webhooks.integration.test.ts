import { createPrng, insertOrder } from '@app/db/testing';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { applyWaitingPushes } from '../../src/shipping/shipments/waiting-pushes';
import { postNdrPush, postStatusPush } from '../support/helpers';

describe.each(testDatabaseKinds())('iCarry webhooks on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind, startWorkers: false });
  });
  afterAll(async () => {
    await stack?.close();
  });

  async function shippedOrder(overrides: Parameters<typeof insertOrder>[1] = {}) {
    const order = await insertOrder(stack.database.db, { status: 'processing', ...overrides });
    const shipment = await stack.adminCaller.orders.ship({ orderId: order.id });
    return {
      order,
      shipment,
      ids: {
        shipment_id: String(shipment.providerShipmentId),
        awb: String(shipment.awb),
        client_order_id: shipment.clientRef,
      },
    };
  }
  const orderStatus = async (id: string) =>
    (await stack.database.db.selectFrom('orders').select('status').where('id', '=', id).executeTakeFirstOrThrow())
      .status;
  const customerMessages = (orderId: string) =>
    stack.database.db
      .selectFrom('messages')
      .select(['template', 'channel'])
      .where('order_id', '=', orderId)
      .where('audience', '=', 'customer')
      .execute();

  it('moves the order forward: Shipped -> Out for Delivery -> Delivered, one message per milestone', async () => {
    const { order, shipment, ids } = await shippedOrder();
    for (const status of ['25', '24', '3', '22'])
      expect((await postStatusPush(stack, { ...ids, status })).outcome).toBe('applied');
    expect(await orderStatus(order.id)).toBe('shipped');
    expect((await postStatusPush(stack, { ...ids, status: '26' })).outcome).toBe('applied');
    expect(await orderStatus(order.id)).toBe('out_for_delivery');
    expect((await postStatusPush(stack, { ...ids, status: '21' }, { json: true })).outcome).toBe('applied');
    expect(await orderStatus(order.id)).toBe('delivered');
    const templates = (await customerMessages(order.id))
      .filter((m) => m.channel === 'email')
      .map((m) => m.template)
      .sort();
    expect(templates).toEqual(['delivered', 'out_for_delivery', 'shipped']);
    // Six pushes moved it, each applied in its own batch: one tracking follow-up waits for the
    // shipment (debounced per shipment), not one per push, each an iCarry track call.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from job_queue.job
      where name = 'track-shipment' and singleton_key = ${`track:${shipment.id}`} and state = 'created'`.execute(
      stack.database.db,
    );
    expect(rows[0]?.n).toBe(1);
  });

  it('applies duplicates once: a repeat is answered with the stored push and stored once', async () => {
    const { order, ids } = await shippedOrder();
    const first = await postStatusPush(stack, { ...ids, status: '26' });
    const second = await postStatusPush(stack, { ...ids, status: '26' });
    expect(first.outcome).toBe('applied');
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ ok: true, id: first.body.id, outcome: 'duplicate' });
    const ofd = (await customerMessages(order.id)).filter(
      (m) => m.template === 'out_for_delivery' && m.channel === 'email',
    );
    expect(ofd).toHaveLength(1);
    const inbox = await stack.database.db
      .selectFrom('webhook_inbox')
      .select(['outcome', 'raw_body'])
      .where('order_id', '=', order.id)
      .execute();
    expect(inbox).toHaveLength(1);
    expect(inbox.every((r) => !r.raw_body.includes(stack.runtime.deps.secrets.icarryApiKey ?? 'none'))).toBe(true);
  });

  it("answers iCarry with the JSON it always did, without the browser pages' headers or an ETag", async () => {
    const { ids } = await shippedOrder();
    const post = (token: string) =>
      fetch(`${stack.url}/api/webhooks/shipping-updates`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_name: 'icarry', callback_type: 'sync_status', ...ids, status: '25', token }),
      });
    const res = await post(stack.runtime.deps.secrets.icarryApiKey ?? '');
    const text = await res.text();
    const id = (JSON.parse(text) as { id: string }).id;
    expect(res.status).toBe(200);
    expect(text).toBe(`{"ok":true,"id":"${id}","outcome":"pending"}`);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    expect(res.headers.get('etag')).toBeNull();
    expect(res.headers.get('content-security-policy')).toBeNull();
    const refused = await post('not-the-key');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await refused.text()).toBe(
      '{"ok":false,"error":"not authenticated: send the account token or the ?secret= configured for this URL"}',
    );
    // The browser's pages keep their security headers.
    expect((await fetch(`${stack.url}/healthz`)).headers.get('content-security-policy')).toContain(
      "default-src 'self'",
    );
    await stack.drainInbox();
  });

  it('a shuffled sequence ends at the highest status; a late In Transit after Delivered changes nothing', async () => {
    const { order, ids } = await shippedOrder();
    for (const status of createPrng(7).shuffle(['25', '24', '3', '22', '26', '21', '22', '26']))
      await postStatusPush(stack, { ...ids, status });
    expect(await orderStatus(order.id)).toBe('delivered');
    const late = await postStatusPush(stack, { ...ids, status: '22' });
    expect(late.outcome).toMatch(/stale|duplicate/);
    expect(await orderStatus(order.id)).toBe('delivered');
    const history = await stack.database.db
      .selectFrom('status_history')
      .select(['applied', 'carrier_status'])
      .where('order_id', '=', order.id)
      .execute();
    expect(history.filter((h) => h.carrier_status === '22' && !h.applied).length).toBeGreaterThan(0);
    expect(
      (await customerMessages(order.id)).filter((m) => m.template === 'delivered' && m.channel === 'email'),
    ).toHaveLength(1);
  });

  it('refuses forged tokens and secrets with 401 and changes nothing', async () => {
    const { order, ids } = await shippedOrder();
    const before = await stack.database.db
      .selectFrom('webhook_inbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect((await postStatusPush(stack, { ...ids, status: '21' }, { token: 'forged' })).status).toBe(401);
    expect((await postStatusPush(stack, { ...ids, status: '21' }, { token: '' })).status).toBe(401);
    expect(
      (
        await postNdrPush(stack, [{ ...ids, type: 'REATTEMPT', date_added: '23/01/2025' }], {
          secret: 'wrong-secret-value-123',
        })
      ).status,
    ).toBe(401);
    const after = await stack.database.db
      .selectFrom('webhook_inbox')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    expect(await orderStatus(order.id)).toBe('shipped');
  });

  it('NDR: a note with the reason, the order flagged, one admin email per event (JSON and form-string bodies)', async () => {
    const { order, ids } = await shippedOrder();
    const entry = {
      shipment_id: Number(ids.shipment_id),
      awb: ids.awb,
      type: 'REATTEMPT-CONTACT',
      date_added: '23/01/2025',
    };
    expect((await postNdrPush(stack, [entry])).outcome).toBe('applied');
    expect((await postNdrPush(stack, [entry], { asFormString: true })).status).toBe(200);
    const notes = await stack.database.db
      .selectFrom('order_notes')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('kind', '=', 'ndr')
      .execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]?.ndr_code).toBe('REATTEMPT-CONTACT');
    expect(notes[0]?.ndr_date).toBe('2025-01-23');
    const alerts = await stack.database.db
      .selectFrom('messages')
      .selectAll()
      .where('order_id', '=', order.id)
      .where('audience', '=', 'admin')
      .execute();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.recipient).toBe(stack.runtime.deps.config.mail.adminAlertsTo);
    const o = await stack.database.db
      .selectFrom('orders')
      .select(['attention_kind', 'status'])
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(o.attention_kind).toBe('ndr');
    expect(o.status).toBe('shipped');
    // A different event on another day is a new alert.
    await postNdrPush(stack, [{ ...entry, type: 'REATTEMPT', date_added: '24/01/2025' }]);
    expect(
      await stack.database.db
        .selectFrom('messages')
        .select('id')
        .where('order_id', '=', order.id)
        .where('audience', '=', 'admin')
        .execute(),
    ).toHaveLength(2);
  });

  it('an unknown status code flags the shipment for review and is never read as Delivered', async () => {
    const { order, ids } = await shippedOrder();
    expect((await postStatusPush(stack, { ...ids, status: '99' })).outcome).toBe('review');
    expect(await orderStatus(order.id)).toBe('shipped');
    const s = await stack.database.db
      .selectFrom('shipments')
      .select(['needs_review', 'status'])
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(s.needs_review).toBe(true);
    expect(s.status).toBe('pending_pickup');
  });

  it('keeps a push for an unknown shipment and applies it when the shipment appears', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    const pushed = await postStatusPush(stack, { shipment_id: '88880001', awb: 'AWBLATE0001', status: '22' });
    expect(pushed.outcome).toBe('deferred');
    const shipment = await stack.database.db
      .insertInto('shipments')
      .values({
        order_id: order.id,
        booking_state: 'booked',
        status: 'pending_pickup',
        client_ref: `${order.order_number}-x`,
        provider_shipment_id: '88880001',
        awb: 'AWBLATE0001',
        weight_grams: 500,
        length_cm: 10,
        breadth_cm: 10,
        height_cm: 10,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await stack.database.db.updateTable('orders').set({ status: 'shipped' }).where('id', '=', order.id).execute();
    expect(await applyWaitingPushes(stack.runtime.deps, shipment.id)).toBe(1);
    const s = await stack.database.db
      .selectFrom('shipments')
      .select('status')
      .where('id', '=', shipment.id)
      .executeTakeFirstOrThrow();
    expect(s.status).toBe('in_transit');
  });

  it('adopts a booking whose response never came when iCarry pushes its status', async () => {
    const order = await insertOrder(stack.database.db, { status: 'processing' });
    stack.runtime.sandbox?.control.setFaults([{ endpoint: 'book', kind: 'book_accept_then_hang' }]);
    await expect(stack.adminCaller.orders.ship({ orderId: order.id })).rejects.toThrow();
    const unknown = await stack.database.db
      .selectFrom('shipments')
      .selectAll()
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(unknown.booking_state).toBe('unknown');
    const real = stack.runtime.sandbox?.control.shipments().find((s) => s.clientOrderId === unknown.client_ref);
    const push = await postStatusPush(stack, {
      shipment_id: String(real?.shipmentId),
      awb: String(real?.awb),
      client_order_id: unknown.client_ref,
      status: '25',
    });
    expect(push.outcome).toBe('applied');
    const settled = await stack.database.db
      .selectFrom('shipments')
      .selectAll()
      .where('id', '=', unknown.id)
      .executeTakeFirstOrThrow();
    expect(settled.booking_state).toBe('booked');
    expect(settled.awb).toBe(real?.awb);
    expect(await orderStatus(order.id)).toBe('shipped');
  });

  it('weight-discrepancy pushes are kept on the shipment and noted for the admin', async () => {
    const { order, ids } = await shippedOrder();
    const res = await postStatusPush(stack, {
      callback_type: 'new_weight_discrepancy',
      shipment_id: ids.shipment_id,
      awb: ids.awb,
      status: '22',
      old_weight: '500',
      new_weight: '1200',
      old_dimensions: '10x10x10',
      new_dimensions: '20x15x10',
    });
    expect(res.outcome).toBe('applied');
    const s = await stack.database.db
      .selectFrom('shipments')
      .select('weight_discrepancy')
      .where('order_id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(s.weight_discrepancy).toMatchObject({ newWeightGrams: 1200, newDimensions: '20x15x10' });
    const notes = await stack.database.db
      .selectFrom('order_notes')
      .select('kind')
      .where('order_id', '=', order.id)
      .where('kind', '=', 'weight')
      .execute();
    expect(notes).toHaveLength(1);
  });

  it('a push is answered the same on the lean path and through Express (another spelling, gzip, latin1, chunked, too large)', async () => {
    const key = stack.runtime.deps.secrets.icarryApiKey ?? '';
    const base = `${stack.url}/api/webhooks/shipping-updates`;
    const send = async (url: string, body: string | Buffer, headers: Record<string, string>) => {
      const res = await fetch(url, { method: 'POST', headers, body });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        json: (await res.json()) as Record<string, unknown>,
      };
    };
    const form = (ids: Record<string, string>, token = key) =>
      new URLSearchParams({
        client_name: 'icarry',
        callback_type: 'sync_status',
        ...ids,
        status: '25',
        token,
      }).toString();
    const formType = { 'content-type': 'application/x-www-form-urlencoded' };
    // The lean path (exact path) and Express (a trailing slash), each storing its own push.
    for (const url of [base, `${base}/`]) {
      const { ids } = await shippedOrder();
      const answer = await send(url, form(ids), formType);
      expect(answer, url).toMatchObject({ status: 200, type: 'application/json; charset=utf-8' });
      expect(answer.json, url).toMatchObject({ ok: true, outcome: 'pending' });
      const refused = await send(url, form(ids, 'wrong'), formType);
      expect(refused.status, url).toBe(401);
    }
    // A gzip body and a latin1 body go through Express's body parser (the lean path leaves them).
    const zipped = await shippedOrder();
    const gz = await send(base, gzipSync(form(zipped.ids)), { ...formType, 'content-encoding': 'gzip' });
    expect(gz.json).toMatchObject({ ok: true, outcome: 'pending' });
    const latin = await shippedOrder();
    const l1 = await send(base, Buffer.from(form(latin.ids), 'latin1'), {
      'content-type': 'application/x-www-form-urlencoded; charset=latin1',
    });
    expect(l1.json).toMatchObject({ ok: true, outcome: 'pending' });
    // A body without a length, sent in pieces past the limit: 413 on the lean path too, nothing stored.
    const before = await stack.database.db
      .selectFrom('webhook_inbox')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const pieces = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 30; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(10_000)));
        controller.close();
      },
    });
    const big = await fetch(base, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: pieces,
      duplex: 'half',
    });
    expect(big.status).toBe(413);
    expect(await big.json()).toEqual({ ok: false, error: 'body too large' });
    const after = await stack.database.db
      .selectFrom('webhook_inbox')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('keeps a bad authenticated push as rejected and says why (200, ok false), and never answers 5xx', async () => {
    const secret = encodeURIComponent(stack.runtime.deps.secrets.webhookSecret);
    const url = `${stack.url}/api/webhooks/shipping-updates?secret=${secret}`;
    const cases: [string, string | undefined][] = [
      ['callback_type=sync_status', 'application/x-www-form-urlencoded'],
      ['{"callback_type":"sync_status","status":"22"', 'application/json'],
      ['callback_type=mystery&awb=1', 'application/x-www-form-urlencoded'],
      ['', 'text/plain'],
    ];
    for (const [body, type] of cases) {
      const res = await fetch(url, { method: 'POST', headers: type ? { 'content-type': type } : {}, body });
      // iCarry retries an error and then stops pushing: a push no retry can fix is answered 2xx.
      expect(res.status, body.slice(0, 40)).toBe(200);
      const json = (await res.json()) as { ok?: boolean; outcome?: string; error?: string };
      expect(json).toMatchObject({ ok: false, outcome: 'rejected' });
      expect(json.error).toBeTruthy();
    }
    // Too large to read at all: refused before anything is known of it (413), never a 5xx.
    const huge = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'x'.repeat(400_000),
    });
    expect(huge.status).toBe(413);
    const rejected = await stack.database.db
      .selectFrom('webhook_inbox')
      .select('outcome_detail')
      .where('outcome', '=', 'rejected')
      .execute();
    expect(rejected.length).toBeGreaterThanOrEqual(3);
  });
});
