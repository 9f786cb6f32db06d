import { insertOrder, insertProduct } from '@app/db/testing';
import { TRANSIT_BUCKETS } from '@app/shipping';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, waitFor, type TestStack } from '../../src/testing/index';

/**
 * Issue 25: the "best" courier policy, the risky-COD flag and the perishable warning, from the
 * store's own delivery memory, through the admin's procedures against the iCarry sandbox.
 */
describe.each(testDatabaseKinds())('courier choice, risk and spoilage from the delivery memory on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  /** Closed parcels to a place, as the memory keeps them: `days` is the transit of every delivery. */
  async function remember(row: {
    scope: 'pincode' | 'district';
    place: string;
    courier: string;
    payment: 'cod' | 'prepaid';
    closed: number;
    delivered: number;
    rto?: number;
    days?: number;
  }) {
    const histogram = Array.from({ length: TRANSIT_BUCKETS }, (_, day) =>
      day === (row.days ?? 2) ? row.delivered : 0,
    );
    await sql`
      insert into delivery_memory (scope, place, courier, payment, courier_name, closed, delivered, rto, lost, ndr, transit_days, updated_at)
      values (${row.scope}, ${row.place}, ${row.courier}, ${row.payment}, null, ${row.closed}, ${row.delivered},
              ${row.rto ?? row.closed - row.delivered}, 0, 0, ${sql.raw(`array[${histogram.join(',')}]`)}::integer[], now())
      on conflict (scope, place, courier, payment) do update set closed = excluded.closed, delivered = excluded.delivered,
        rto = excluded.rto, transit_days = excluded.transit_days`.execute(stack.database.db);
  }

  const rules = async (
    changes: Partial<Awaited<ReturnType<TestStack['adminCaller']['settings']['deliveryRules']['get']>>>,
  ) =>
    stack.adminCaller.settings.deliveryRules.update({
      ...(await stack.adminCaller.settings.deliveryRules.get()),
      ...changes,
    });

  it('books the best delivery record within the allowance, and Order Details keeps why', async () => {
    const pincode = '302001';
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: pincode,
      ship_city: 'Jaipur',
      ship_state: 'Rajasthan',
    });
    const quote = await stack.adminCaller.orders.quote({ orderId: order.id });
    expect(quote.couriers.length).toBeGreaterThanOrEqual(2);
    const [cheapest, second] = quote.couriers;
    if (!cheapest || !second) throw new Error('the sandbox offers two couriers here');
    expect(quote.best).toBeNull();
    expect(quote.defaultPolicy).toBe('cheapest');

    // The cheapest brought half its parcels back; the second delivered all of them.
    await remember({
      scope: 'pincode',
      place: pincode,
      courier: cheapest.courierId,
      payment: 'prepaid',
      closed: 10,
      delivered: 5,
    });
    await remember({
      scope: 'pincode',
      place: pincode,
      courier: second.courierId,
      payment: 'prepaid',
      closed: 8,
      delivered: 8,
      days: 3,
    });
    await rules({ bestWithinRupees: 1000 });

    const outlook = await stack.adminCaller.orders.quote({ orderId: order.id });
    expect(outlook.best?.courierId).toBe(second.courierId);
    expect(outlook.couriers.find((c) => c.courierId === second.courierId)?.record).toEqual({
      closed: 8,
      deliveredRate: 1,
      p90Days: 3,
    });
    expect(outlook.couriers.find((c) => c.courierId === cheapest.courierId)?.record?.deliveredRate).toBe(0.5);

    const booked = await stack.adminCaller.orders.ship({ orderId: order.id, courierPolicy: 'best' });
    expect(booked.courierId).toBe(second.courierId);
    expect(booked.courierChoice).toMatch(
      /^Best delivery rate within Rs 1,000 of the cheapest: 100% of 8 parcels delivered/,
    );
    expect(booked.courierChoice).toContain(`more than ${cheapest.courierName} (50%)`);
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.shipment?.courierChoice).toBe(booked.courierChoice);

    // Without a policy the store's default (cheapest) decides; a named courier says who named it.
    const plain = await insertOrder(stack.database.db, { status: 'processing', ship_pincode: pincode });
    const cheap = await stack.adminCaller.orders.ship({ orderId: plain.id });
    expect(cheap.courierId).toBe(cheapest.courierId);
    expect(cheap.courierChoice).toMatch(/^Cheapest of \d+ couriers offered \(Rs [\d,.]+\)$/);
    const named = await insertOrder(stack.database.db, { status: 'processing', ship_pincode: pincode });
    const byHand = await stack.adminCaller.orders.ship({ orderId: named.id, courierId: second.courierId });
    expect(byHand.courierChoice).toMatch(/^Chosen by the admin, and the best here: Best delivery rate/);

    // The store's default becomes "best": booking without a policy follows it.
    await rules({ defaultCourierPolicy: 'best' });
    const byDefault = await insertOrder(stack.database.db, { status: 'processing', ship_pincode: pincode });
    expect((await stack.adminCaller.orders.quote({ orderId: byDefault.id })).defaultPolicy).toBe('best');
    expect((await stack.adminCaller.orders.ship({ orderId: byDefault.id })).courierId).toBe(second.courierId);
    await rules({ defaultCourierPolicy: 'cheapest', bestWithinRupees: 20 });
  });

  it('a bulk batch under "best" books what its review said, with each order’s reason', async () => {
    const pincode = '302002';
    const orders = await Promise.all(
      [1, 2].map(() =>
        insertOrder(stack.database.db, {
          status: 'processing',
          ship_pincode: pincode,
          ship_city: 'Jaipur',
          ship_state: 'Rajasthan',
        }),
      ),
    );
    const ids = orders.map((o) => o.id);
    const quote = await stack.adminCaller.orders.quote({ orderId: ids[0]! });
    const [cheapest, second] = quote.couriers;
    if (!cheapest || !second) throw new Error('the sandbox offers two couriers here');
    await remember({
      scope: 'pincode',
      place: pincode,
      courier: cheapest.courierId,
      payment: 'prepaid',
      closed: 6,
      delivered: 3,
    });
    await remember({
      scope: 'pincode',
      place: pincode,
      courier: second.courierId,
      payment: 'prepaid',
      closed: 6,
      delivered: 6,
    });
    await rules({ bestWithinRupees: 1000 });

    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids, courierPolicy: 'best' });
    expect(review.courierChoices.map((c) => c.courierName)).toEqual([second.courierName, second.courierName]);
    expect(review.courierChoices[0]?.reason).toMatch(/^Best delivery rate/);
    expect(review.estimatedCostPaise).toBe(review.courierChoices.reduce((sum, c) => sum + c.totalPaise, 0));
    const cheapReview = await stack.adminCaller.orders.reviewShipMany({ orderIds: ids });
    expect(cheapReview.courierChoices.map((c) => c.courierName)).toEqual([cheapest.courierName, cheapest.courierName]);
    expect(cheapReview.estimatedCostPaise).toBeLessThan(review.estimatedCostPaise);

    const { batchId } = await stack.adminCaller.orders.shipMany({ orderIds: ids, courierPolicy: 'best' });
    const batch = await waitFor(
      async () => {
        const b = await stack.adminCaller.orders.batch({ batchId });
        return b.state === 'done' ? b : null;
      },
      { timeoutMs: 60_000, what: 'the batch to finish' },
    );
    expect(batch.courierPolicy).toBe('best');
    expect(batch.booked).toBe(2);
    for (const id of ids) {
      const detail = await stack.adminCaller.orders.get({ orderId: id });
      expect(detail.shipment?.courierId).toBe(second.courierId);
      expect(detail.shipment?.courierChoice).toMatch(/^Best delivery rate/);
    }
    await rules({ bestWithinRupees: 20 });
  });

  it('flags COD to a place that sends COD back, in the list, Order Details and the review', async () => {
    const pincode = '800001';
    await remember({
      scope: 'pincode',
      place: pincode,
      courier: '*',
      payment: 'cod',
      closed: 10,
      delivered: 6,
      rto: 4,
    });
    const cod = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: pincode,
      ship_city: 'Patna',
      ship_state: 'Bihar',
      payment_method: 'cod',
      order_number: 'RISK-COD-1',
    });
    const prepaid = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: pincode,
      ship_city: 'Patna',
      ship_state: 'Bihar',
      order_number: 'RISK-PRE-1',
    });
    const row = async (orderNumber: string) =>
      (await stack.adminCaller.orders.list({ status: 'processing', search: orderNumber })).items.find(
        (o) => o.orderNumber === orderNumber,
      );
    expect((await row('RISK-COD-1'))?.codRisk).toEqual({
      rtoRate: 0.4,
      reason: "40% of 10 COD parcels to this pincode came back (the store's limit is 25%)",
    });
    expect((await row('RISK-PRE-1'))?.codRisk).toBeNull();
    expect((await stack.adminCaller.orders.get({ orderId: cod.id })).codRisk?.rtoRate).toBe(0.4);

    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: [cod.id, prepaid.id] });
    expect(review.riskyCod.map((r) => r.orderNumber)).toEqual(['RISK-COD-1']);
    // Flagged, not skipped: the admin decides.
    expect(review.readyCount).toBe(2);

    // A limit above the rate clears the flag.
    await rules({ rtoRiskPercent: 50 });
    expect((await stack.adminCaller.orders.get({ orderId: cod.id })).codRisk).toBeNull();
    await rules({ rtoRiskPercent: 25 });
  });

  it('warns when a perishable parcel would outlive its shelf life, and offers express', async () => {
    const pincode = '795001';
    const sweets = await insertProduct(stack.database.db, {
      sku: 'SWEET-KAJU-250',
      name: 'Kaju Katli 250 g',
      weight_text: '250g',
    });
    const saved = await stack.adminCaller.products.update({ id: sweets.id, shelfLifeDays: 4 });
    expect(saved.shelfLifeDays).toBe(4);
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      ship_pincode: pincode,
      ship_city: 'Imphal',
      ship_state: 'Manipur',
      items: [{ sku: 'SWEET-KAJU-250', product_id: sweets.id, weight_text: null, name: 'Kaju Katli 250 g' }],
    });
    const quote = await stack.adminCaller.orders.quote({ orderId: order.id });
    expect(quote.parcel.shelfLifeDays).toBe(4);
    const [cheapest] = quote.couriers;
    if (!cheapest) throw new Error('the sandbox offers a courier here');
    // Nine days to Imphal by surface.
    await remember({
      scope: 'pincode',
      place: pincode,
      courier: cheapest.courierId,
      payment: 'prepaid',
      closed: 6,
      delivered: 6,
      days: 9,
    });

    const outlook = await stack.adminCaller.orders.quote({ orderId: order.id });
    expect(outlook.couriers[0]?.spoilage).toBe(
      '1 in 10 parcels here takes 9 days or more; the shortest shelf life in this parcel is 4 days',
    );
    const review = await stack.adminCaller.orders.reviewShipMany({ orderIds: [order.id] });
    expect(review.mode).toBe('surface');
    expect(review.spoilage).toEqual([
      expect.objectContaining({ orderId: order.id, courierName: cheapest.courierName }),
    ]);
    // Express is reviewed with its own couriers (no history of them here: no warning to give).
    const express = await stack.adminCaller.orders.reviewShipMany({ orderIds: [order.id], mode: 'express' });
    expect(express.mode).toBe('express');
    expect(express.spoilage).toEqual([]);

    // Clearing the shelf life clears the warning.
    await stack.adminCaller.products.update({ id: sweets.id, shelfLifeDays: null });
    expect((await stack.adminCaller.orders.reviewShipMany({ orderIds: [order.id] })).spoilage).toEqual([]);
  });

  it('refuses bad rules and shelf lives with the field named, changing nothing', async () => {
    const before = await stack.adminCaller.settings.deliveryRules.get();
    for (const bad of [
      { cutoffHour: 24 },
      { holidays: ['2026-02-30'] },
      { holidays: ['26-01-2026'] },
      { rtoRiskPercent: 0 },
      { bestWithinRupees: -1 },
      { bestWithinPercent: 1.5 },
    ]) {
      await expect(rules(bad as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    expect(await stack.adminCaller.settings.deliveryRules.get()).toEqual(before);
    const saved = await rules({ holidays: ['2026-12-25', '2026-10-20', '2026-12-25'], cutoffHour: 14 });
    expect(saved.holidays).toEqual(['2026-10-20', '2026-12-25']);
    expect(saved.cutoffHour).toBe(14);
    await rules({ holidays: before.holidays, cutoffHour: before.cutoffHour });

    const product = await insertProduct(stack.database.db, { sku: 'SHELF-BAD', name: 'Laddoo' });
    for (const shelfLifeDays of [0, 2.5, 3651, -3]) {
      await expect(stack.adminCaller.products.update({ id: product.id, shelfLifeDays })).rejects.toMatchObject({
        code: 'BAD_REQUEST',
      });
    }
    const row = await stack.database.db
      .selectFrom('products')
      .select('shelf_life_days')
      .where('id', '=', product.id)
      .executeTakeFirstOrThrow();
    expect(row.shelf_life_days).toBeNull();
  });
});
