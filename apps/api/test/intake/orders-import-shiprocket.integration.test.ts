import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { publicFixture, readPublicFixture } from '../fixtures/public/index';
import { ApiClient } from '../reliability/support/http';
import { csvRows, toCsv, uploadCsv, withCell } from '../support/csv-import';

const FILE_53 = 'shiprocket-csv/derived-53col-partial-cod-multi-item.csv';
const FILE_48 = 'shiprocket-csv/derived-48col-template-cod-multi-item.csv';

/** Issue 22: Shiprocket files as merchants have them (the public corpus), through the real route. */
describe.each(testDatabaseKinds())('Shiprocket CSV files through POST /api/imports/orders on %s', (kind) => {
  let stack: TestStack;
  let cookie: string | null = null;
  const upload = (body: string, options: { dryRun?: boolean; expect?: string } = {}) =>
    uploadCsv(stack.url, cookie, body, options);
  const orderRow = (externalId: string) =>
    stack.database.db
      .selectFrom('orders')
      .selectAll()
      .where('source', '=', 'csv')
      .where('external_id', '=', externalId)
      .executeTakeFirst();

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    cookie = (await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password))
      .cookie;
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('53 columns, partial COD: PG1263-SR collects 7,760.00 - 500.00 paid + 49.00 COD charges = 7,309.00, with its second mobile and its box', async () => {
    // The COD charges are the order's fee: in its total (7,809.00), which less the advance is the cash.
    const csv = readPublicFixture(FILE_53);
    const preview = await upload(csv, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ created: 2, updated: 0, unchanged: 0, skipped: 0, errors: [] });
    expect(preview.body.orders?.find((o) => o.externalId === 'PG1263-SR')).toMatchObject({
      totalPaise: 780900,
      codAmountPaise: 730900,
      action: 'create',
    });

    const imported = await upload(csv, { expect: preview.body.planId });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 2, errors: [] });
    for (const facts of publicFixture(FILE_53).money ?? []) {
      const row = await orderRow(facts.order);
      expect(row, facts.order).toMatchObject({ payment_method: 'cod' });
      expect(row?.cod_amount_paise ?? row?.total_paise).toBe(facts.cashToCollectPaise);
      // Items, shipping and fees less the discount are the stored total, to the paise.
      const parts = (row?.subtotal_paise ?? 0) + (row?.shipping_paise ?? 0) + (row?.fees_paise ?? 0);
      expect(parts - (row?.discount_paise ?? 0)).toBe(row?.total_paise);
    }
    const partial = await orderRow('PG1263-SR');
    expect(partial).toMatchObject({
      total_paise: 780900,
      fees_paise: 4900,
      cod_amount_paise: 730900,
      alternate_phone: '9812345671',
      package_length_cm: 30,
      package_breadth_cm: 25,
      package_height_cm: 5,
    });
    // SR-9002 has no second mobile: none is made up.
    expect(await orderRow('SR-9002')).toMatchObject({ alternate_phone: null, package_length_cm: 25 });

    // Order Details shows them, and booking sends them: the second number for the courier, the box declared.
    const detail = await stack.adminCaller.orders.get({ orderId: partial?.id ?? '' });
    expect(detail.order).toMatchObject({
      alternatePhone: '9812345671',
      codAmountPaise: 730900,
      package: { lengthCm: 30, breadthCm: 25, heightCm: 5 },
    });
    expect(detail.parcel).toMatchObject({ lengthCm: 30, breadthCm: 25, heightCm: 5, boxSource: 'order' });
    const shipped = await stack.adminCaller.orders.ship({ orderId: partial?.id ?? '' });
    expect(shipped).toMatchObject({ bookingState: 'booked', codAmountPaise: 730900 });
    const stored = await stack.database.db
      .selectFrom('shipments')
      .select(['length_cm', 'breadth_cm', 'height_cm'])
      .where('id', '=', shipped.id)
      .executeTakeFirst();
    expect(stored).toEqual({ length_cm: 30, breadth_cm: 25, height_cm: 5 });
    const booking = stack.runtime.sandbox?.control.requests.findLast((r) => /api_add_shipment/.test(r.endpoint));
    expect(booking?.body).toMatchObject({
      consignee: { mobile: '9812345670', alt_mobile: '9812345671' },
      parcel: { type: 'COD', value: '7309.00', dimensions: { length: '30', breadth: '25', height: '5' } },
    });
  });

  it('48 columns (the newer template): SRN-2001 is read, collects 1,346.00, with its landmark, second mobile and box', async () => {
    const result = await upload(readPublicFixture(FILE_48));
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ created: 1, errors: [] });
    const facts = publicFixture(FILE_48).money?.[0];
    const row = await orderRow('SRN-2001');
    expect(row).toMatchObject({
      total_paise: facts?.totalPaise,
      shipping_paise: facts?.shippingPaise,
      contact_phone: '9886012345',
      alternate_phone: '6361012345',
      ship_city: 'Bengaluru',
      package_length_cm: 20,
      package_breadth_cm: 15,
      package_height_cm: 10,
    });
    expect(row?.cod_amount_paise ?? row?.total_paise).toBe(facts?.cashToCollectPaise);
    expect(row?.ship_line2).toContain('Near Forum Mall');
  });

  it('a partial COD whose paid amount is negative, not below the total, or given without "Partial COD" is refused by row and column; the other order imports', async () => {
    const rows = csvRows(readPublicFixture(FILE_53)).map((r) =>
      r.map((v) => (v === 'PG1263-SR' ? 'PG-BAD' : v === 'SR-9002' ? 'SR-GOOD' : v)),
    );
    const column = 'Paid Amount (Rs.)';
    // The total is 7,809.00 with the COD charges: paying all of it is no partial COD.
    for (const paid of ['-5', '7809', '8000.50', '0']) {
      const answer = await upload(toCsv(withCell(rows, column, paid, [0, 1, 2, 3])), { dryRun: true });
      expect(answer.body.created, paid).toBe(1);
      expect(answer.body.errors, paid).toEqual([{ row: 2, column, message: expect.any(String) as unknown }]);
    }
    const notPartial = withCell(rows, '*Partial COD (Yes/No)', 'No', [0, 1, 2, 3]);
    const refused = await upload(toCsv(notPartial));
    expect(refused.body).toMatchObject({ created: 1 });
    expect(refused.body.errors.map((e) => [e.row, e.column])).toEqual([[2, column]]);
    expect(await orderRow('PG-BAD')).toBeUndefined();
    expect(await orderRow('SR-GOOD')).toBeDefined();
  });

  it('rows of one order that disagree on order-level columns: the order is refused naming rows and columns; blanks on later rows are fine', async () => {
    const rows = csvRows(readPublicFixture(FILE_53)).map((r) =>
      r.map((v) => (v === 'PG1263-SR' ? 'PG-SPLIT' : v === 'SR-9002' ? 'SR-OTHER' : v)),
    );
    // The third item row (spreadsheet row 4) names another city and payment method.
    let split = withCell(rows, '*Shipping Address City', 'Chandigarh', [2]);
    split = withCell(split, '*Payment Method(COD/Prepaid)', 'Prepaid', [2]);
    // "49" and "49.00" are one amount; a later row leaving the order's email blank says nothing new.
    split = withCell(split, 'COD Charges(Per Order)', '49.00', [1]);
    split = withCell(split, 'Email (Optional)', '', [3]);
    const preview = await upload(toCsv(split), { dryRun: true });
    expect(preview.body).toMatchObject({ created: 1 });
    expect(preview.body.errors.map((e) => [e.row, e.column])).toEqual([
      [4, '*Payment Method(COD/Prepaid)'],
      [4, '*Shipping Address City'],
    ]);
    expect(preview.body.errors[0]?.message).toMatch(/rows 2, 3, 5 vs row 4/);
    const imported = await upload(toCsv(split));
    expect(imported.body.errors).toEqual(preview.body.errors);
    expect(await orderRow('PG-SPLIT')).toBeUndefined();
    expect(await orderRow('SR-OTHER')).toBeDefined();
  });

  it('numbers beyond the shared bounds are row errors in the preview and the import alike; the rest of the file imports, never a 500', async () => {
    const header = (await (await fetch(`${stack.url}/api/imports/orders/template.csv`)).text()).trim().split(',');
    const order = (id: string, cells: Record<string, string>) =>
      header.map(
        (h) =>
          ({
            order_id: id,
            payment_method: 'prepaid',
            customer_name: 'Kavya Iyer',
            phone: '9900122334',
            address_line1: '12, 4th Main, Jayanagar',
            city: 'Bengaluru',
            state: 'KA',
            pincode: '560041',
            sku: 'BOUND-SKU',
            product_name: 'Gunpowder Podi',
            quantity: '1',
            unit_price: '199.00',
            weight: '200g',
            ...cells,
          })[h] ?? '',
      );
    const rows = [
      header,
      order('B-1', { weight: '99999999999 kg' }),
      order('B-2', { weight: '1e308 kg' }),
      order('B-3', { length_cm: '0', breadth_cm: '10', height_cm: '10' }),
      order('B-4', { length_cm: '20', breadth_cm: '99999', height_cm: '10' }),
      order('B-5', { quantity: '99999999999' }),
      order('B-6', { unit_price: '1e308' }),
      order('B-7', { shipping_charge: '99999999999' }),
      order('B-8', { weight: '600 kg', quantity: '2' }),
      order('B-9', { payment_method: 'cod', cod_amount: '-1' }),
      order('B-OK', { length_cm: '20', breadth_cm: '15.5', height_cm: '10' }),
    ];
    const csv = toCsv(rows);
    const preview = await upload(csv, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ created: 1 });
    expect(preview.body.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'weight'],
      [3, 'weight'],
      [4, 'length_cm'],
      [5, 'breadth_cm'],
      [6, 'quantity'],
      [7, 'unit_price'],
      [8, 'shipping_charge'],
      [9, 'weight'],
      [10, 'cod_amount'],
    ]);
    const imported = await upload(csv, { expect: preview.body.planId });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 1, errors: preview.body.errors });
    expect(await orderRow('B-OK')).toMatchObject({ package_breadth_cm: 16 });
    expect(await orderRow('B-1')).toBeUndefined();
  });
});
