import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';
import { toCsv, uploadCsv, type ImportAnswer } from '../support/csv-import';

const HEADER = [
  'order_id',
  'payment_method',
  'customer_name',
  'phone',
  'address_line1',
  'city',
  'state',
  'pincode',
  'sku',
  'product_name',
  'quantity',
  'unit_price',
  'shipping_charge',
];
const SR_9001 = [
  'SR-9001',
  'prepaid',
  'Meera Krishnan',
  '9444012345',
  '12, Kamarajar Salai',
  'Chennai',
  'TN',
  '600004',
];
const PICKLE = [...SR_9001, 'PKL-AVAKAYA-500', 'Andhra Avakaya Mango Pickle', '2', '349.00', '49'];
const SAMBAR = [...SR_9001, 'MSL-SAMBAR-200', 'Sambar Masala', '1', '149.00', '49'];
const SR_9002 = [
  ...['SR-9002', 'cod', 'Rohan Mehta', '9820123456', 'Flat 302, Sai Krupa Apartments', 'Mumbai', 'MH', '400052'],
  ...['GHE-A2COW-500', 'A2 Desi Cow Ghee (Bilona)', '1', '999.00', '0'],
];
const withAddress = (row: string[], line1: string) => row.map((v, i) => (i === 4 ? line1 : v));

/**
 * Issue 22 / DESIGN "Money and the record": a re-imported CSV order is left exactly as it is
 * unless the preview said it would change and how; the import does what the preview said, and
 * the counts say what happened.
 */
describe.each(testDatabaseKinds())('re-importing a CSV on %s', (kind) => {
  let stack: TestStack;
  let cookie: string | null = null;
  const upload = (rows: string[][], options: { dryRun?: boolean; expect?: string } = {}) =>
    uploadCsv(stack.url, cookie, toCsv([HEADER, ...rows]), options);
  const order = (externalId: string) =>
    stack.database.db
      .selectFrom('orders')
      .selectAll()
      .where('source', '=', 'csv')
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
  const items = async (externalId: string) =>
    stack.database.db
      .selectFrom('order_items')
      .select(['sku', 'quantity'])
      .where('order_id', '=', (await order(externalId)).id)
      .orderBy('id')
      .execute();
  const entry = (answer: ImportAnswer, externalId: string) => answer.orders?.find((o) => o.externalId === externalId);

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    cookie = (await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password))
      .cookie;
    const first = await upload([PICKLE, SAMBAR, SR_9002]);
    expect(first.body).toMatchObject({ created: 2, errors: [] });
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('SR-9001 again with one of its two rows: the preview says it changes and how, the import does exactly that', async () => {
    expect(await order('SR-9001')).toMatchObject({ total_paise: 89600 });
    const preview = await upload([PICKLE, SR_9002], { dryRun: true });
    expect(preview.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, skipped: 0, errors: [] });
    expect(entry(preview.body, 'SR-9001')).toMatchObject({
      action: 'update',
      reason: null,
      items: 1,
      totalPaise: 74700,
    });
    expect(entry(preview.body, 'SR-9001')?.changes).toEqual([
      { field: 'item', label: 'Item MSL-SAMBAR-200', before: '1 × 149.00 Sambar Masala', after: null },
      { field: 'total', label: 'Order total', before: '896.00', after: '747.00' },
    ]);
    expect(entry(preview.body, 'SR-9002')).toMatchObject({ action: 'unchanged', changes: [] });
    // A preview writes nothing.
    expect(await order('SR-9001')).toMatchObject({ total_paise: 89600 });
    expect(await items('SR-9001')).toHaveLength(2);

    const imported = await upload([PICKLE, SR_9002], { expect: preview.body.planId });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, skipped: 0, dryRun: false });
    expect(entry(imported.body, 'SR-9001')?.changes).toEqual(entry(preview.body, 'SR-9001')?.changes);
    expect(await order('SR-9001')).toMatchObject({ total_paise: 74700, subtotal_paise: 69800 });
    expect(await items('SR-9001')).toEqual([{ sku: 'PKL-AVAKAYA-500', quantity: 2 }]);
    const history = await stack.database.db
      .selectFrom('status_history')
      .select('description')
      .where('order_id', '=', (await order('SR-9001')).id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(history.description).toContain('Item MSL-SAMBAR-200');

    const again = await upload([PICKLE, SR_9002]);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 0 });
  });

  it('a file changed after its preview imports nothing: 409 with the new preview', async () => {
    const before = await order('SR-9001');
    const preview = await upload([withAddress(PICKLE, '12A, Kamarajar Salai'), SR_9002], { dryRun: true });
    expect(entry(preview.body, 'SR-9001')).toMatchObject({ action: 'update' });
    const edited = await upload([withAddress(PICKLE, '99, Elsewhere Road'), SR_9002], {
      expect: preview.body.planId,
    });
    expect(edited.status).toBe(409);
    expect(edited.body.error?.code).toBe('IMPORT_PLAN_CHANGED');
    expect(edited.body).toMatchObject({ dryRun: true, updated: 1 });
    expect(edited.body.planId).not.toBe(preview.body.planId);
    expect(entry(edited.body, 'SR-9001')?.changes).toContainEqual(
      expect.objectContaining({ field: 'address', after: expect.stringContaining('99, Elsewhere Road') as unknown }),
    );
    expect(await order('SR-9001')).toEqual(before);
    expect((await upload([PICKLE], { expect: 'not-a-plan' })).status).toBe(400);
  });

  it('an order shipped after the preview is left as it is: 409, and the new preview says it cannot change and why', async () => {
    const rows = [withAddress(PICKLE, '12A, Kamarajar Salai'), SR_9002];
    const preview = await upload(rows, { dryRun: true });
    expect(entry(preview.body, 'SR-9001')).toMatchObject({ action: 'update' });
    const shipped = await order('SR-9001');
    await stack.adminCaller.orders.ship({ orderId: shipped.id });

    const stale = await upload(rows, { expect: preview.body.planId });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ updated: 0, unchanged: 1, skipped: 1 });
    const skip = entry(stale.body, 'SR-9001');
    expect(skip).toMatchObject({ action: 'skip', reason: expect.any(String) as unknown });
    expect(skip?.changes.map((c) => c.field)).toEqual(['address']);

    const result = await upload(rows, { expect: stale.body.planId });
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, skipped: 1 });
    expect((await order('SR-9001')).ship_line1).toBe('12, Kamarajar Salai');
  });
});
