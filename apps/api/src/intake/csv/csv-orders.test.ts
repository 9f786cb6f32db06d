import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { csvDateToIso } from './csv-order-input';
import { readOrdersCsv } from './csv-orders';

describe('csvDateToIso', () => {
  it.each([
    ['30-11-2026 10:15', '2026-11-30T10:15:00+05:30'],
    ['30/11/2026', '2026-11-30T00:00:00+05:30'],
    ['2026-11-30 09:05:07', '2026-11-30T09:05:07+05:30'],
  ])('reads %s as IST', (text, iso) => {
    expect(csvDateToIso(text)).toBe(iso);
  });

  it('leaves impossible dates as they are, for the schema to refuse', () => {
    expect(csvDateToIso('31-02-2026')).toBe('31-02-2026');
  });
});

describe('readOrdersCsv', () => {
  const header =
    'order_id,payment_method,customer_name,phone,address_line1,city,state,pincode,sku,product_name,quantity,unit_price\r\n';

  it('groups rows by order id, in chunks split anywhere', async () => {
    const text = `\uFEFF${header}A,cod,X,9876543210,"1, Road",Pune,MH,411001,S1,P1,1,10\r\nB,cod,Y,9876543211,Road,Pune,MH,411001,S1,P1,1,10\r\nA,cod,X,9876543210,"1, Road",Pune,MH,411001,S2,P2,2,20\r\n`;
    const chunks = text.match(/[\s\S]{1,7}/g) ?? [];
    const result = await readOrdersCsv(Readable.from(chunks.map((c) => Buffer.from(c))));
    expect(result.ok && result.orders.map((o) => [o.orderId, o.rows])).toEqual([
      ['A', [2, 4]],
      ['B', [3]],
    ]);
  });

  it('names the row of an unclosed quote', async () => {
    const result = await readOrdersCsv(Readable.from([Buffer.from(`${header}A,cod,"X,9876543210\r\n`)]));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/never closed/);
  });
});
