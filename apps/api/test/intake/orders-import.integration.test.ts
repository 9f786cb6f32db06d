import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, testDatabaseKinds, type TestStack } from '../../src/testing/index';
import { ApiClient } from '../reliability/support/http';

/** Shiprocket's bulk-order headers, as merchants' files have them (reference/order-intake.md s.3). */
const SHIPROCKET_HEADERS = [
  '*Order Id',
  'Order Date as dd-mm-yyyy hh:MM',
  '*Channel',
  '*Payment Method(COD/Prepaid)',
  '*Customer First Name',
  'Customer Last Name',
  'Email (Optional)',
  '*Customer Mobile',
  'Customer Alternate Mobile',
  '*Shipping Address Line 1',
  'Shipping Address Line 2',
  '*Shipping Address Country',
  '*Shipping Address State',
  '*Shipping Address City',
  '*Shipping Address Postcode',
  '*Master SKU',
  '*Product Name',
  '*Product Quantity',
  'Tax %',
  '*Selling Price(Per Unit Item, Inclusive of Tax)',
  'Discount(Per Unit Item)',
  'Shipping Charges(Per Order)',
  '*Length (cm)',
  '*Breadth (cm)',
  '*Height (cm)',
  '*Weight Of Shipment(kg)',
];

function row(values: Record<string, string>): string[] {
  return SHIPROCKET_HEADERS.map((h) => values[h] ?? '');
}

const base = {
  'Order Date as dd-mm-yyyy hh:MM': '30-11-2026 10:15',
  '*Channel': 'Custom',
  '*Shipping Address Country': 'India',
  'Tax %': '5',
  '*Length (cm)': '20',
  '*Breadth (cm)': '15',
  '*Height (cm)': '10',
};

/** Three orders: one with two items, one COD, one with a bad pincode. */
const THREE_ORDERS = [
  row({
    ...base,
    '*Order Id': 'SR-9001',
    '*Payment Method(COD/Prepaid)': 'Prepaid',
    '*Customer First Name': 'Meera',
    'Customer Last Name': 'Krishnan',
    '*Customer Mobile': '+91 94440 12345',
    '*Shipping Address Line 1': '12, Kamarajar Salai',
    'Shipping Address Line 2': 'Mylapore',
    '*Shipping Address State': 'Tamil Nadu',
    '*Shipping Address City': 'Chennai',
    '*Shipping Address Postcode': '600004',
    '*Master SKU': 'PKL-AVAKAYA-500',
    '*Product Name': 'Andhra Avakaya Mango Pickle',
    '*Product Quantity': '2',
    '*Selling Price(Per Unit Item, Inclusive of Tax)': '349',
    'Shipping Charges(Per Order)': '49',
    '*Weight Of Shipment(kg)': '1.3',
  }),
  row({
    ...base,
    '*Order Id': 'SR-9001',
    '*Payment Method(COD/Prepaid)': 'Prepaid',
    '*Customer First Name': 'Meera',
    'Customer Last Name': 'Krishnan',
    '*Customer Mobile': '+91 94440 12345',
    '*Shipping Address Line 1': '12, Kamarajar Salai',
    'Shipping Address Line 2': 'Mylapore',
    '*Shipping Address State': 'Tamil Nadu',
    '*Shipping Address City': 'Chennai',
    '*Shipping Address Postcode': '600004',
    '*Master SKU': 'CSV-NEW-SKU-1',
    '*Product Name': 'Curry Leaf Podi',
    '*Product Quantity': '1',
    '*Selling Price(Per Unit Item, Inclusive of Tax)': '199',
    'Shipping Charges(Per Order)': '49',
    '*Weight Of Shipment(kg)': '1.3',
  }),
  row({
    ...base,
    '*Order Id': 'SR-9002',
    '*Payment Method(COD/Prepaid)': 'COD',
    '*Customer First Name': 'Rohan',
    'Customer Last Name': 'Mehta',
    '*Customer Mobile': '09820123456',
    '*Shipping Address Line 1': 'Flat 302, Sai Krupa Apartments, "B" Wing',
    'Shipping Address Line 2': 'Linking Road\nKhar West',
    '*Shipping Address State': 'MH',
    '*Shipping Address City': 'Mumbai',
    '*Shipping Address Postcode': '400 052',
    '*Master SKU': 'GHE-A2COW-500',
    '*Product Name': 'A2 Desi Cow Ghee (Bilona)',
    '*Product Quantity': '1',
    '*Selling Price(Per Unit Item, Inclusive of Tax)': '999.00',
    '*Weight Of Shipment(kg)': '0.5',
  }),
  row({
    ...base,
    '*Order Id': 'SR-9003',
    '*Payment Method(COD/Prepaid)': 'Prepaid',
    '*Customer First Name': 'Fatima',
    'Customer Last Name': 'Sheikh',
    '*Customer Mobile': '9876501234',
    '*Shipping Address Line 1': 'H.No 8-2-293, Road No. 12',
    '*Shipping Address State': 'TG',
    '*Shipping Address City': 'Hyderabad',
    '*Shipping Address Postcode': '50003',
    '*Master SKU': 'MSL-SAMBAR-200',
    '*Product Name': 'Sambar Masala',
    '*Product Quantity': '1',
    '*Selling Price(Per Unit Item, Inclusive of Tax)': '149',
    '*Weight Of Shipment(kg)': '0.25',
  }),
];

function toCsv(rows: string[][], options: { delimiter?: string; eol?: string; bom?: boolean } = {}): string {
  const d = options.delimiter ?? ',';
  const quote = (v: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  const text = rows.map((r) => r.map(quote).join(d)).join(options.eol ?? '\r\n') + (options.eol ?? '\r\n');
  return (options.bom ? '\uFEFF' : '') + text;
}

interface ImportAnswer {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
  ordersFound?: number;
  errors: { row: number; column: string; message: string }[];
  orders?: { externalId: string; orderNumber: string; action: string; reason: string | null }[];
  error?: { message: string };
}

describe.each(testDatabaseKinds())('CSV order import on %s', (kind) => {
  let stack: TestStack;
  let admin: ApiClient;

  async function upload(
    body: string | Buffer,
    options: { dryRun?: boolean; type?: string; cookie?: string | null; origin?: string } = {},
  ): Promise<{ status: number; body: ImportAnswer }> {
    const headers: Record<string, string> = { 'content-type': options.type ?? 'text/csv' };
    const cookie = options.cookie === undefined ? admin.cookie : options.cookie;
    if (cookie) headers.cookie = cookie;
    if (options.origin) headers.origin = options.origin;
    const res = await fetch(`${stack.url}/api/imports/orders${options.dryRun ? '?dryRun=1' : ''}`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: res.status, body: (await res.json()) as ImportAnswer };
  }

  async function counts() {
    const out: Record<string, number> = {};
    for (const table of ['orders', 'order_items', 'customers', 'products']) {
      const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(
        stack.database.db,
      );
      out[table] = Number(rows[0]?.n);
    }
    return out;
  }

  beforeAll(async () => {
    stack = await startTestStack({ kind, seed: true });
    admin = await new ApiClient(stack.url).login(stack.adminCredentials.email, stack.adminCredentials.password);
  });
  afterAll(async () => {
    await stack?.close();
  });

  it('a Shiprocket file of 3 orders: the preview names the bad row and column, import creates 2, again creates 0', async () => {
    const csv = toCsv([SHIPROCKET_HEADERS, ...THREE_ORDERS]);
    const before = await counts();
    const preview = await upload(csv, { dryRun: true });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ ordersFound: 3, created: 2, updated: 0, unchanged: 0, skipped: 0 });
    expect(preview.body.errors).toEqual([
      { row: 5, column: '*Shipping Address Postcode', message: 'must be a 6-digit Indian pincode' },
    ]);
    expect(await counts()).toEqual(before);

    const imported = await upload(csv);
    expect(imported.body).toMatchObject({ created: 2, skipped: 0 });
    const multi = await stack.database.db
      .selectFrom('orders')
      .selectAll()
      .where('source', '=', 'csv')
      .where('external_id', '=', 'SR-9001')
      .executeTakeFirstOrThrow();
    expect(multi).toMatchObject({
      order_number: 'SR-9001',
      payment_method: 'prepaid',
      subtotal_paise: 89700,
      shipping_paise: 4900,
      ship_state: 'Tamil Nadu',
      contact_phone: '9444012345',
      ship_name: 'Meera Krishnan',
    });
    const items = await stack.database.db
      .selectFrom('order_items')
      .select(['sku', 'quantity', 'weight_text'])
      .where('order_id', '=', multi.id)
      .orderBy('id')
      .execute();
    // A shipment weight cannot be split between two lines: the catalogue decides each item's.
    expect(items).toEqual([
      { sku: 'PKL-AVAKAYA-500', quantity: 2, weight_text: null },
      { sku: 'CSV-NEW-SKU-1', quantity: 1, weight_text: null },
    ]);
    const cod = await stack.database.db
      .selectFrom('orders')
      .selectAll()
      .where('external_id', '=', 'SR-9002')
      .executeTakeFirstOrThrow();
    expect(cod).toMatchObject({
      payment_method: 'cod',
      total_paise: 99900,
      ship_pincode: '400052',
      ship_state: 'Maharashtra',
    });
    // A line break inside an address cell reads as two parts of one line.
    expect(cod.ship_line2).toBe('Linking Road, Khar West');
    const codItem = await stack.database.db
      .selectFrom('order_items')
      .select('weight_text')
      .where('order_id', '=', cod.id)
      .executeTakeFirstOrThrow();
    expect(codItem.weight_text).toBe('500 g');

    const afterFirst = await counts();
    const again = await upload(csv);
    expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 0 });
    expect(await counts()).toEqual(afterFirst);
    const preview2 = await upload(csv, { dryRun: true });
    expect(preview2.body.orders?.map((o) => [o.externalId, o.action]).sort()).toEqual([
      ['SR-9001', 'unchanged'],
      ['SR-9002', 'unchanged'],
    ]);
    // Found by the admin search by their external id.
    expect((await stack.adminCaller.orders.list({ search: 'sr-9002' })).items.map((o) => o.orderNumber)).toEqual([
      'SR-9002',
    ]);
  });

  it('a corrected file updates an imported order while it is unshipped, never a shipped one', async () => {
    const fixed = THREE_ORDERS.map((r) => r.map((v) => (v === '12, Kamarajar Salai' ? '12A, Kamarajar Salai' : v)));
    const preview = await upload(toCsv([SHIPROCKET_HEADERS, ...fixed]), { dryRun: true });
    expect(preview.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, skipped: 0 });
    const result = await upload(toCsv([SHIPROCKET_HEADERS, ...fixed]));
    expect(result.body).toMatchObject({ created: 0, updated: 1, unchanged: 1, skipped: 0 });
    const order = await stack.database.db
      .selectFrom('orders')
      .select(['id', 'ship_line1', 'total_paise'])
      .where('external_id', '=', 'SR-9001')
      .executeTakeFirstOrThrow();
    expect(order).toMatchObject({ ship_line1: '12A, Kamarajar Salai', total_paise: 94600 });
    const items = await stack.database.db
      .selectFrom('order_items')
      .select('sku')
      .where('order_id', '=', order.id)
      .execute();
    expect(items.map((i) => i.sku).sort()).toEqual(['CSV-NEW-SKU-1', 'PKL-AVAKAYA-500']);

    await stack.adminCaller.orders.ship({ orderId: order.id });
    const again = THREE_ORDERS.map((r) => r.map((v) => (v === '12, Kamarajar Salai' ? '99, Elsewhere Road' : v)));
    const refused = await upload(toCsv([SHIPROCKET_HEADERS, ...again]));
    expect(refused.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, skipped: 1 });
    expect(refused.body.orders?.find((o) => o.externalId === 'SR-9001')).toMatchObject({ action: 'skip' });
    const after = await stack.database.db
      .selectFrom('orders')
      .select('ship_line1')
      .where('id', '=', order.id)
      .executeTakeFirstOrThrow();
    expect(after.ship_line1).toBe('12A, Kamarajar Salai');
  });

  it('reads a BOM, ";" separators, Windows line ends and quoted newlines', async () => {
    const rows = THREE_ORDERS.slice(2, 3).map((r) => r.map((v) => (v === 'SR-9002' ? 'SR-EU-1' : v)));
    const csv = toCsv([SHIPROCKET_HEADERS, ...rows], { delimiter: ';', eol: '\r\n', bom: true });
    const res = await upload(csv);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ created: 1, errors: [] });
    const order = await stack.database.db
      .selectFrom('orders')
      .select(['ship_line1', 'ship_line2'])
      .where('external_id', '=', 'SR-EU-1')
      .executeTakeFirstOrThrow();
    expect(order).toEqual({
      ship_line1: 'Flat 302, Sai Krupa Apartments, "B" Wing',
      ship_line2: 'Linking Road, Khar West',
    });
  });

  it('reads the product template and its sample', async () => {
    const sample = await fetch(`${stack.url}/api/imports/orders/sample.csv`);
    expect(sample.headers.get('content-type')).toContain('text/csv');
    const res = await upload(await sample.text());
    expect(res.body).toMatchObject({ created: 2, errors: [] });
    const template = await (await fetch(`${stack.url}/api/imports/orders/template.csv`)).text();
    expect(template.split('\r\n')[0]).toContain('order_id,order_number,order_date');
  });

  it('malformed CSV, missing columns, a 20 MB upload, no session, a foreign origin, a wrong type: 4xx, nothing changed', async () => {
    const before = await counts();
    const header = toCsv([SHIPROCKET_HEADERS]);
    const unclosed = await upload(`${header}SR-X,"30-11-2026,Custom\r\n`);
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error?.message).toMatch(/not valid CSV/);

    const missing = await upload('order_id,sku\r\nA-1,SKU-1\r\n');
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e) => e.column)).toContain('phone');

    const huge = Buffer.alloc(20 * 1024 * 1024, 'a,');
    const tooLarge = await upload(Buffer.concat([Buffer.from(header), huge]));
    expect(tooLarge.status).toBe(413);

    expect((await upload(header, { cookie: null })).status).toBe(401);
    expect((await upload(header, { origin: 'https://evil.example' })).status).toBe(403);
    expect((await upload(header, { type: 'application/json' })).status).toBe(415);
    expect((await upload('')).status).toBe(400);
    expect((await upload(header)).status).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
