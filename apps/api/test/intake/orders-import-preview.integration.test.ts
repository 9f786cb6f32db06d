import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';
import { toCsv, uploadCsv } from '../support/csv-import';

const HEADER = [
  'order_id',
  'order_date',
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
];
const order = (id: string, values: { date?: string; phone?: string } = {}) => [
  ...[id, values.date ?? '06-12-2026 14:30', 'prepaid', 'Kavya Iyer', values.phone ?? '9900122334'],
  ...['12, 4th Main, Jayanagar', 'Bengaluru', 'KA', '560041', 'PODI-200', 'Gunpowder Podi', '1', '199.00'],
];

/** Issue 23: what the Import page's preview says, in the file's own terms, and counts that add up. */
describe.each(testDatabaseKinds())('the CSV preview on %s', (kind) => {
  let stack: TestStack;
  let admin: ApiClient;
  const preview = (rows: string[][]) => uploadCsv(stack.url, admin.cookie, toCsv([HEADER, ...rows]), { dryRun: true });

  beforeAll(async () => {
    stack = await startTestStack({ kind });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a bad order date is told the format the file uses (dd-mm-yyyy hh:MM), not ISO 8601', async () => {
    for (const date of ['2026/12/06 2:30 PM', '31-02-2026 10:00', 'yesterday', '06-12-1899 10:00']) {
      const { status, body } = await preview([order('IMP-D1', { date })]);
      expect(status).toBe(200);
      expect(body.errors).toEqual([
        {
          row: 2,
          column: 'order_date',
          message: 'must be a date as dd-mm-yyyy hh:MM in India time, e.g. "06-12-2026 14:30"',
        },
      ]);
      expect(JSON.stringify(body.errors)).not.toContain('ISO');
    }
    // The formats merchants write still read.
    for (const date of ['06-12-2026 14:30', '06/12/2026', '2026-12-06 14:30', '2026-12-06T14:30:00+05:30']) {
      expect((await preview([order('IMP-D2', { date })])).body.errors).toEqual([]);
    }
  });

  it('a short phone says what a mobile number needs, without a masked echo of it', async () => {
    const { body } = await preview([order('IMP-P1', { phone: '12345' }), order('IMP-P2', { phone: '5876543210' })]);
    expect(body.errors).toEqual([
      { row: 2, column: 'phone', message: 'not a valid Indian mobile number (needs 10 digits)' },
      {
        row: 3,
        column: 'phone',
        message: 'not a valid Indian mobile number (a mobile number starts with 6, 7, 8 or 9)',
      },
    ]);
    expect(JSON.stringify(body.errors)).not.toMatch(/\*|2345|5 digits/);
  });

  it('lists each order with its customer, city and pincode; the counts add up to the orders found and match the lists', async () => {
    const imported = await uploadCsv(stack.url, admin.cookie, toCsv([HEADER, order('IMP-C1')]));
    expect(imported.body).toMatchObject({ created: 1, refused: 0 });
    const { body } = await preview([order('IMP-C1'), order('IMP-C2'), order('IMP-C3', { phone: '12345' })]);
    expect(body).toMatchObject({ ordersFound: 3, created: 1, updated: 0, unchanged: 1, skipped: 0, refused: 1 });
    expect(body.created + body.updated + body.unchanged + body.skipped + (body.refused ?? 0)).toBe(body.ordersFound);
    const listed = body.orders ?? [];
    for (const action of ['create', 'update', 'unchanged', 'skip'] as const) {
      const count = { create: body.created, update: body.updated, unchanged: body.unchanged, skip: body.skipped }[
        action
      ];
      expect(listed.filter((o) => o.action === action)).toHaveLength(count);
    }
    expect(listed.map((o) => [o.externalId, o.action, o.customerName, o.city, o.pincode])).toEqual([
      ['IMP-C1', 'unchanged', 'Kavya Iyer', 'Bengaluru', '560041'],
      ['IMP-C2', 'create', 'Kavya Iyer', 'Bengaluru', '560041'],
    ]);
  });
});
