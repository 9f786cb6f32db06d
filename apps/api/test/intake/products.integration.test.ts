import { insertOrder, insertProduct, insertShipment } from '@app/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';

describe.each(testDatabaseKinds())('Products catalogue on %s', (kind) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ kind });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('lists unparseable weights first with the open orders they decide, and fixing one re-plans only unbooked parcels', async () => {
    const db = stack.database.db;
    const murukku = await insertProduct(db, {
      sku: 'SNK-MURUKKU-FAM',
      name: 'Millet Murukku',
      weight_text: 'family pack',
    });
    await insertProduct(db, { sku: 'PKL-AVAKAYA-500', name: 'Avakaya', weight_text: '500g' });
    const item = {
      sku: 'SNK-MURUKKU-FAM',
      name: 'Millet Murukku',
      product_id: murukku.id,
      weight_text: null,
      quantity: 2,
    };
    const open = await insertOrder(db, { status: 'processing', items: [item] });
    await insertOrder(db, { status: 'pending', items: [item] });
    await insertOrder(db, { status: 'delivered', items: [item] });
    const booked = await insertOrder(db, { status: 'shipped', items: [item] });
    await insertShipment(db, { order_id: booked.id, weight_grams: 500, weight_fallback: true });

    const list = await stack.adminCaller.products.list({});
    expect(list[0]).toMatchObject({ sku: 'SNK-MURUKKU-FAM', weightGrams: null, openOrderCount: 2 });
    expect(list[0]?.weightError).toContain('family pack');
    expect(list.find((p) => p.sku === 'PKL-AVAKAYA-500')).toMatchObject({
      weightGrams: 500,
      weightError: null,
      openOrderCount: 0,
    });
    expect((await stack.adminCaller.products.list({ search: 'avak' })).map((p) => p.sku)).toEqual(['PKL-AVAKAYA-500']);

    const before = await stack.adminCaller.orders.get({ orderId: open.id });
    expect(before.parcel).toMatchObject({ weightGrams: 500, usedFallback: true });
    expect(before.items[0]).toMatchObject({ weightText: 'family pack' });

    expect(await stack.adminCaller.products.previewWeight({ weightText: '2 x 375 g' })).toEqual({
      weightGrams: 750,
      weightError: null,
    });
    expect((await stack.adminCaller.products.previewWeight({ weightText: '750' })).weightError).toMatch(/no unit/);

    const updated = await stack.adminCaller.products.update({ id: murukku.id, weightText: '750 g' });
    expect(updated).toMatchObject({ weightText: '750 g', weightGrams: 750, weightError: null });
    const after = await stack.adminCaller.orders.get({ orderId: open.id });
    expect(after.parcel).toMatchObject({ weightGrams: 1500, usedFallback: false });
    const bookedAfter = await stack.adminCaller.orders.get({ orderId: booked.id });
    expect(bookedAfter.shipment?.weightGrams).toBe(500);
    await expect(stack.adminCaller.products.update({ id: '999999', weightText: '1kg' })).rejects.toMatchObject({
      cause: { code: 'PRODUCT_NOT_FOUND' },
    });
  });

  it('refuses a weight the parser cannot read (400 naming weightText) and changes nothing; empty clears it', async () => {
    const db = stack.database.db;
    const jar = await insertProduct(db, { sku: 'PKL-JAR-1', name: 'Lime Pickle', weight_text: '300g' });
    for (const weightText of ['1 packet', '500', 'approx. 1 box']) {
      const refused = await stack.adminCaller.products.update({ id: jar.id, weightText }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(TRPCError);
      expect((refused as TRPCError).code).toBe('BAD_REQUEST');
      expect((refused as TRPCError).message).toContain(`“${weightText}” is not a weight we can read`);
    }
    const [kept] = await stack.adminCaller.products.list({ search: 'PKL-JAR-1' });
    expect(kept).toMatchObject({ weightText: '300g', weightGrams: 300 });
    expect(await stack.adminCaller.products.update({ id: jar.id, weightText: '' })).toMatchObject({
      weightText: null,
      weightGrams: null,
    });
  });

  it('says the one rule for unreadable weights the same way on Products and in Order Details', async () => {
    const { rule } = await stack.adminCaller.products.weightRule();
    expect(rule).toBe(
      'An item whose weight cannot be read is left out of the parcel weight. Only when no item of an order has a ' +
        'readable weight is the parcel declared at the 0.5 kg fallback.',
    );
    // FB-10048's case: one readable item and two that are not: 200 g declared, the two left out.
    const order = await insertOrder(stack.database.db, {
      status: 'processing',
      items: [
        { sku: 'A-200', name: 'Podi', weight_text: '200g', quantity: 1 },
        { sku: 'B-X', name: 'Hamper', weight_text: '1 packet', quantity: 1 },
        { sku: 'C-X', name: 'Box', weight_text: null, quantity: 1 },
      ],
    });
    const detail = await stack.adminCaller.orders.get({ orderId: order.id });
    expect(detail.parcel).toMatchObject({ weightGrams: 200, usedFallback: false, weightRule: rule });
    expect(detail.parcel.unparsedItems.map((i) => i.sku)).toEqual(['B-X', 'C-X']);
  });

  it('bulk weights from sku,weight: all or nothing, unknown SKUs listed', async () => {
    const db = stack.database.db;
    await insertProduct(db, { sku: 'BULK-1', weight_text: null });
    await insertProduct(db, { sku: 'BULK-2', weight_text: 'a jar' });
    const bad = await stack.adminCaller.products.importWeights({ csv: 'sku,weight\r\nBULK-1,1kg\r\nBULK-2,big\r\n' });
    expect(bad).toMatchObject({ updated: 0, errors: [{ row: 3, column: 'weight' }] });
    expect((await stack.adminCaller.products.list({ search: 'BULK-1' }))[0]?.weightText).toBeNull();
    const good = await stack.adminCaller.products.importWeights({
      csv: '\uFEFFBULK-1;1kg\nBULK-2;250 gm\nNOPE-9;1kg\n',
    });
    expect(good).toEqual({ updated: 2, unknownSkus: ['NOPE-9'], errors: [] });
    expect((await stack.adminCaller.products.list({ search: 'bulk-' })).map((p) => [p.sku, p.weightGrams])).toEqual([
      ['BULK-1', 1000],
      ['BULK-2', 250],
    ]);
  });
});
