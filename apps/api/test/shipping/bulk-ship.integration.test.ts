import { insertOrder, insertProduct, insertShipment } from '@app/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appErrorCodeOf } from '../../src/entry/trpc/init';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';

const ORDERS = 200;
const LATENCY_MS = 100;

async function codeOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    return appErrorCodeOf(err) ?? (err as { code?: string }).code ?? 'UNKNOWN';
  }
  return null;
}

describe.each(testDatabaseKinds())('bulk ship (orders.shipMany, orders.batch) on %s', (kind) => {
  let stack: TestStack;
  const sandbox = () => {
    const s = stack.runtime.sandbox;
    if (!s) throw new Error('no sandbox');
    return s.control;
  };
  const newOrder = (overrides: Parameters<typeof insertOrder>[1] = {}) =>
    insertOrder(stack.database.db, { status: 'processing', ...overrides });
  const bookedShipments = (orderIds: string[]) =>
    stack.database.db
      .selectFrom('shipments')
      .select(['order_id', 'booking_state', 'awb'])
      .where('order_id', 'in', orderIds)
      .where('booking_state', '=', 'booked')
      .execute();

  beforeAll(async () => {
    stack = await startTestStack({
      kind,
      sandboxOptions: { latencyMs: LATENCY_MS },
    });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it(`${ORDERS} orders against the sandbox (+${LATENCY_MS} ms a call): each booked once, progress visible while it runs`, async () => {
    const orders = [];
    for (let i = 0; i < ORDERS; i++) orders.push(await newOrder({ payment_method: i % 3 === 0 ? 'prepaid' : 'cod' }));
    const delivered = await newOrder({ status: 'delivered' });
    const shipped = await newOrder();
    await stack.adminCaller.orders.ship({ orderId: shipped.id });
    const ids = [...orders.map((o) => o.id), delivered.id, shipped.id];

    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids });
    expect(review.count).toBe(ORDERS + 2);
    expect(review.shippableCount).toBe(ORDERS);
    expect(review.notShippable.map((n) => n.orderId).sort()).toEqual([delivered.id, shipped.id].sort());
    expect(review.codCount).toBe(orders.filter((o) => o.payment_method === 'cod').length);
    expect(review.totalCodPaise).toBe(
      orders.filter((o) => o.payment_method === 'cod').reduce((sum, o) => sum + o.total_paise, 0),
    );
    expect(review.unserviceable).toEqual([]);
    expect(review.couriers.length).toBeGreaterThan(0);
    expect(review.estimatedCostPaise).toBeGreaterThan(0);

    const bookingsBefore = sandbox().bookingCount();
    const started = Date.now();
    const { batchId } = await stack.adminCaller.orders.shipMany({ orderIds: ids, courierPolicy: 'cheapest' });
    const seen: number[] = [];
    const final = await waitFor(
      async () => {
        const batch = await stack.adminCaller.orders.batch({ batchId });
        seen.push(batch.done);
        return batch.state === 'done' ? batch : null;
      },
      { timeoutMs: 170_000, intervalMs: 250, what: 'the batch to finish' },
    );
    const seconds = (Date.now() - started) / 1000;
    // Progress is visible: the view was polled partway through.
    expect(seen.some((done) => done > 2 && done < ORDERS + 2)).toBe(true);
    expect(final).toMatchObject({ total: ORDERS + 2, done: ORDERS + 2, booked: ORDERS, skipped: 2, failed: 0 });
    expect(final.items.map((i) => i.orderId)).toEqual(ids);
    expect(final.items.filter((i) => i.state === 'booked').every((i) => i.awb && i.canPrintLabel)).toBe(true);
    expect(final.printableOrderIds).toEqual(orders.map((o) => o.id));
    expect(final.items.find((i) => i.orderId === shipped.id)).toMatchObject({
      state: 'skipped',
      errorCode: 'ORDER_ALREADY_SHIPPED',
    });

    // Exactly one booking per order, at iCarry and here.
    expect(sandbox().bookingCount() - bookingsBefore).toBe(ORDERS);
    const rows = await bookedShipments(orders.map((o) => o.id));
    expect(rows).toHaveLength(ORDERS);
    expect(new Set(rows.map((r) => r.order_id)).size).toBe(ORDERS);
    const refs = sandbox()
      .shipments()
      .map((s) => s.clientOrderId ?? '');
    for (const order of orders) expect(refs.filter((r) => r.startsWith(`${order.order_number}-`))).toHaveLength(1);
    const statuses = await stack.database.db
      .selectFrom('orders')
      .select('status')
      .where(
        'id',
        'in',
        orders.map((o) => o.id),
      )
      .execute();
    expect(statuses.every((s) => s.status === 'shipped')).toBe(true);

    const recent = await stack.adminCaller.orders.batches();
    expect(recent.items[0]).toMatchObject({ batchId, state: 'done', booked: ORDERS });
    console.log(
      `[bulk-ship:${kind}] ${ORDERS} orders (+2 skipped) in ${seconds.toFixed(1)} s at +${LATENCY_MS} ms per iCarry call, ${stack.runtime.deps.config.bulkShip.concurrency} at once; progress polls ${seen.length}; bookings at iCarry ${ORDERS}`,
    );
  });

  it('an outcome left unknown is reported, not retried; a refusal is reported with the reason', async () => {
    const orders = await Promise.all(Array.from({ length: 5 }, () => newOrder()));
    const bookingsBefore = sandbox().bookingCount();
    sandbox().setFaults([
      { endpoint: 'book', kind: 'book_accept_then_hang', count: 1 },
      { endpoint: 'book', kind: 'api_error', message: 'Insufficient wallet balance. Please recharge.', count: 1 },
    ]);
    try {
      const { batchId } = await stack.adminCaller.orders.shipMany({
        orderIds: orders.map((o) => o.id),
        courierPolicy: 'cheapest',
      });
      const batch = await waitFor(
        async () => {
          const b = await stack.adminCaller.orders.batch({ batchId });
          return b.state === 'done' ? b : null;
        },
        { timeoutMs: 60_000, what: 'the batch to finish' },
      );
      expect(batch).toMatchObject({ total: 5, booked: 3, unknown: 1, failed: 1 });
      const unknown = batch.items.find((i) => i.state === 'unknown');
      expect(unknown?.errorCode).toBe('BOOKING_OUTCOME_UNKNOWN');
      expect(batch.items.find((i) => i.state === 'failed')?.error).toMatch(/wallet/i);
      // Five bookings reached iCarry, the hung one included; nothing was sent twice.
      expect(sandbox().bookingCount() - bookingsBefore).toBe(5);
      const flagged = await stack.adminCaller.orders.get({ orderId: String(unknown?.orderId) });
      expect(flagged.order.attentionKind).toBe('booking_unknown');
      expect(flagged.shipment?.bookingState).toBe('unknown');
    } finally {
      sandbox().clearFaults();
    }
  });

  it('a preferred courier where it is offered, the cheapest (said so) where it is not', async () => {
    // Xpressbees Surface 0.5Kg (111) carries up to 500 g; a 1 kg parcel gets the cheapest instead.
    const light = await newOrder();
    const heavy = await newOrder({ items: [{ weight_text: '1kg' }] });
    const { batchId } = await stack.adminCaller.orders.shipMany({
      orderIds: [light.id, heavy.id],
      courierPolicy: { courierId: '111' },
    });
    const batch = await waitFor(
      async () => {
        const b = await stack.adminCaller.orders.batch({ batchId });
        return b.state === 'done' ? b : null;
      },
      { timeoutMs: 60_000, what: 'the batch to finish' },
    );
    expect(batch.courierPolicy).toEqual({ courierId: '111' });
    expect(batch.booked).toBe(2);
    const [lightItem, heavyItem] = batch.items;
    expect(lightItem?.note).toBeUndefined();
    expect(heavyItem?.note).toMatch(/preferred courier is not offered/);
    const lightShipment = await stack.adminCaller.orders.get({ orderId: light.id });
    expect(lightShipment.shipment?.courierId).toBe('111');
  });

  it('"all N matching" ships what the list shows; bad selections change nothing', async () => {
    const target = await newOrder();
    const { batchId } = await stack.adminCaller.orders.shipMany({
      status: 'processing',
      search: target.order_number,
      courierPolicy: 'cheapest',
    });
    const batch = await waitFor(
      async () => {
        const b = await stack.adminCaller.orders.batch({ batchId });
        return b.state === 'done' ? b : null;
      },
      { timeoutMs: 60_000, what: 'the batch to finish' },
    );
    expect(batch.items.map((i) => i.orderId)).toEqual([target.id]);

    const batchesBefore = await stack.database.db.selectFrom('ship_batches').select('id').execute();
    expect(
      await codeOf(
        stack.adminCaller.orders.shipMany({ orderIds: [target.id, '999999999'], courierPolicy: 'cheapest' }),
      ),
    ).toBe('BATCH_ORDERS_NOT_FOUND');
    expect(
      await codeOf(
        stack.adminCaller.orders.shipMany({ status: 'processing', search: 'FB-0000001', courierPolicy: 'cheapest' }),
      ),
    ).toBe('BATCH_EMPTY');
    expect(await codeOf(stack.adminCaller.orders.shipMany({ orderIds: [], courierPolicy: 'cheapest' }))).toBe(
      'BAD_REQUEST',
    );
    expect(await codeOf(stack.adminCaller.orders.batch({ batchId: '999999999' }))).toBe('BATCH_NOT_FOUND');
    expect(await stack.database.db.selectFrom('ship_batches').select('id').execute()).toEqual(batchesBefore);
  });

  it('the review weighs parcels as booking does: catalogue weights count, the cost is quoted at that weight', async () => {
    // Items without a weight of their own take their SKU's catalogue weight, in review as in booking.
    const suffix = `${kind}-${Date.now()}`;
    await insertProduct(stack.database.db, { sku: `MILK-${suffix}`, name: 'Milk', weight_text: '1 Ltr' });
    await insertProduct(stack.database.db, { sku: `TEA-${suffix}`, name: 'Tea', weight_text: '250 gm' });
    const orders = [];
    for (let i = 0; i < 3; i++)
      orders.push(
        await newOrder({
          items: [
            { sku: `MILK-${suffix}`, name: 'Milk', quantity: 2, weight_text: null },
            { sku: `TEA-${suffix}`, name: 'Tea', quantity: 1, weight_text: null },
          ],
        }),
      );
    const ids = orders.map((o) => o.id);
    const seen = sandbox().requests.length;
    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids });
    expect(review.weightFallbacks).toEqual([]);
    const detail = await stack.adminCaller.orders.get({ orderId: ids[0] ?? '' });
    expect(detail.parcel.usedFallback).toBe(false);
    expect(detail.parcel.weightGrams).toBe(2250);
    // What iCarry is asked in the review is the weight booking then declares.
    const asked = sandbox()
      .requests.slice(seen)
      .filter((r) => r.endpoint === '/api_get_estimate')
      .map((r) => Number(r.body.weight));
    expect(asked).toContain(2250);
    expect(asked).not.toContain(500);
    const shipped = await stack.adminCaller.orders.ship({ orderId: ids[0] ?? '' });
    expect(shipped.weightGrams).toBe(2250);
  });

  it('the review names unserviceable pincodes and weight fallbacks', async () => {
    const remote = await newOrder({ ship_pincode: '930001' });
    const unweighed = await newOrder({ items: [{ weight_text: 'a handful' }] });
    const fine = await newOrder();
    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: [remote.id, unweighed.id, fine.id] });
    expect(review.unserviceable).toEqual([
      {
        orderId: remote.id,
        orderNumber: remote.order_number,
        pincode: '930001',
        reason: 'iCarry does not deliver to this pincode.',
      },
    ]);
    expect(review.weightFallbacks.map((w) => w.orderId)).toEqual([unweighed.id]);
    expect(review.shippableCount).toBe(3);
    expect(review.readyCount).toBe(2);
    const shipments = await stack.database.db
      .selectFrom('shipments')
      .select('id')
      .where('order_id', 'in', [remote.id, unweighed.id, fine.id])
      .execute();
    expect(shipments).toEqual([]);
    // A booked shipment inserted directly is seen as "already shipped" in the review too.
    const other = await newOrder();
    await insertShipment(stack.database.db, { order_id: other.id });
    expect((await stack.adminCaller.orders.reviewShipMany({ orderIds: [other.id] })).notShippable[0]?.reason).toBe(
      'Already shipped.',
    );
  });

  it("ready + will fail + skipped = selected, each with a reason; a will-fail reason is booking's own; COD is the cash to collect", async () => {
    const noCod = await newOrder({ ship_pincode: '400099', payment_method: 'cod' });
    const remote = await newOrder({ ship_pincode: '930001', payment_method: 'prepaid' });
    const partial = await newOrder({ payment_method: 'cod', cod_amount_paise: 12_345 });
    const prepaid = await newOrder({ payment_method: 'prepaid' });
    const delivered = await newOrder({ status: 'delivered' });
    const ids = [noCod.id, remote.id, partial.id, prepaid.id, delivered.id];
    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids });

    expect(review.count).toBe(5);
    expect(review.readyCount).toBe(2);
    expect(review.willFail.map((f) => f.orderId)).toEqual([noCod.id, remote.id]);
    expect(review.notShippable.map((f) => f.orderId)).toEqual([delivered.id]);
    expect(review.readyCount + review.willFail.length + review.notShippable.length + review.unconfirmedCod.length).toBe(
      review.count,
    );
    for (const item of [...review.willFail, ...review.notShippable]) expect(item.reason.length).toBeGreaterThan(5);
    expect(review.codCount + review.prepaidCount).toBe(review.readyCount);
    // The cash the courier collects for the one ready COD order: its COD amount, not its total.
    expect(review.codCount).toBe(1);
    expect(review.totalCodPaise).toBe(12_345);

    // Booking refuses each will-fail order with the very reason the review gave.
    for (const order of [noCod, remote]) {
      const said = review.willFail.find((f) => f.orderId === order.id)?.reason;
      const refused = await stack.adminCaller.orders.ship({ orderId: order.id }).then(
        () => 'booked',
        (err: unknown) => (err as Error).message,
      );
      expect(refused).toBe(said);
    }
    expect(review.willFail.find((f) => f.orderId === noCod.id)?.reason).toBe(
      'Cash on delivery is not available at this pincode.',
    );
  });
});
