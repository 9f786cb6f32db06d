import { isKnownNdrCode } from '@app/shipping';
import { sql } from 'kysely';
import { listCatalogue } from '../repositories/product.repository';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOrdersByStatus, listOrders } from '../repositories/order-list.repository';
import { findOrderByNumber } from '../repositories/order.repository';
import { createTestDatabase, insertProduct, testDatabaseKinds, type TestDatabase } from '../testing/index';
import { generateBulkOrders, type BulkOrdersProgress } from './bulk-orders.seed';
import { DEMO_CASES } from './demo-orders.seed';
import { DEMO_SEED_NOW, seedDemoData } from './demo.seed';
import { DEMO_HISTORY_ORDERS } from './demo-history.seed';

const TABLES = [
  'orders',
  'customers',
  'products',
  'order_items',
  'shipments',
  'status_history',
  'order_notes',
] as const;

async function tableCounts(database: TestDatabase): Promise<Record<(typeof TABLES)[number], number>> {
  const entries = await Promise.all(
    TABLES.map(async (table) => {
      const { rows } = await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(
        database.db,
      );
      return [table, Number(rows[0]?.n)] as const;
    }),
  );
  return Object.fromEntries(entries) as Record<(typeof TABLES)[number], number>;
}

/** A fingerprint of everything the demo seed writes, to compare two runs. */
async function demoFingerprint(database: TestDatabase): Promise<string> {
  const { rows } = await sql<{ f: string }>`
    select string_agg(concat_ws('|', o.order_number, o.status, o.total_paise, o.placed_at, o.ship_pincode, o.contact_phone, c.name, c.phone, s.awb), ';' order by o.order_number) as f
    from orders o join customers c on c.id = o.customer_id left join shipments s on s.order_id = o.id and s.booking_state = 'booked'`.execute(
    database.db,
  );
  return rows[0]?.f ?? '';
}

describe.each(testDatabaseKinds())('seeding on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  describe('seedDemoData', () => {
    it('seeds an empty database once; a second call changes nothing', async () => {
      expect(await seedDemoData(database.db)).toBe(true);
      const after = await tableCounts(database);
      expect(after.orders).toBe(60 + DEMO_HISTORY_ORDERS);
      expect(after.products).toBeGreaterThanOrEqual(24);
      expect(after.customers).toBeGreaterThanOrEqual(40);
      expect(await seedDemoData(database.db)).toBe(false);
      expect(await tableCounts(database)).toEqual(after);
    });

    it('writes the weights as people type them, blank and nonsense included', async () => {
      const { rows } = await sql<{ weight_text: string | null }>`select weight_text from products`.execute(database.db);
      const weights = rows.map((r) => r.weight_text);
      for (const typed of [
        '500g',
        '1kg',
        '1.5 kg',
        '250 gm',
        '200 ml',
        '1 L',
        '2 x 500g',
        '500 gms',
        '0.5KG',
        'family pack',
        '500',
        null,
      ]) {
        expect(weights, String(typed)).toContain(typed);
      }
    });

    it('stores the parse beside each weight, and leaves item weights to the catalogue', async () => {
      const products = await listCatalogue(database.db, { limit: 500 });
      expect(products.find((p) => p.sku === 'SNK-MURUKKU-FAM')).toMatchObject({
        weightGrams: null,
        weightError: expect.stringContaining('family pack') as unknown,
      });
      expect(products.find((p) => p.sku === 'PKL-AVAKAYA-500')).toMatchObject({ weightGrams: 500, weightError: null });
      // Unreadable first, with the open orders each one decides (the demo has open orders of both).
      expect(products.slice(0, 3).every((p) => p.weightGrams === null)).toBe(true);
      expect(products.find((p) => p.sku === 'SNK-MURUKKU-FAM')?.openOrderCount).toBeGreaterThan(0);
      const { rows } = await sql<{
        n: string;
      }>`select count(*)::text as n from order_items where weight_text is not null`.execute(database.db);
      expect(Number(rows[0]?.n)).toBe(0);
    });

    it('spreads orders over statuses, the recent ones mostly Processing, with shipments and history where shipped', async () => {
      const counts = await countOrdersByStatus(database.db);
      const recent = await sql<{ status: string; n: number }>`
        select status, count(*)::int as n from orders where placed_at > ${new Date(DEMO_SEED_NOW.getTime() - 29 * 86_400_000)}
        group by status order by n desc`.execute(database.db);
      expect(recent.rows[0]?.status).toBe('processing');
      for (const status of ['shipped', 'out_for_delivery', 'delivered', 'pending', 'cancelled'] as const)
        expect(counts[status]).toBeGreaterThan(0);

      const { rows } = await sql<{ order_number: string; booked: string; history: string }>`
        select o.order_number,
          (select count(*) from shipments s where s.order_id = o.id and s.booking_state = 'booked' and s.awb is not null and s.courier_name is not null)::text as booked,
          (select count(*) from status_history h where h.order_id = o.id)::text as history
        from orders o where o.status in ('shipped', 'out_for_delivery', 'delivered', 'returning', 'returned')`.execute(
        database.db,
      );
      for (const row of rows) {
        expect(Number(row.booked), row.order_number).toBe(1);
        expect(Number(row.history), row.order_number).toBeGreaterThanOrEqual(4);
      }
      const unshipped = await sql<{ n: string }>`
        select count(*)::text as n from shipments s join orders o on o.id = s.order_id
        where o.status in ('processing', 'pending') and s.booking_state in ('booking', 'booked', 'unknown')`.execute(
        database.db,
      );
      expect(Number(unshipped.rows[0]?.n)).toBe(0);
    });

    it('uses valid Indian pincodes and mobiles, many states, both payment methods', async () => {
      const { rows } = await sql<{
        pincode: string;
        state: string;
        phone: string;
        payment: string;
        email: string | null;
      }>`
        select o.ship_pincode as pincode, o.ship_state as state, c.phone, o.payment_method as payment, c.email
        from orders o join customers c on c.id = o.customer_id`.execute(database.db);
      for (const row of rows) {
        expect(row.pincode).toMatch(/^[1-9]\d{5}$/);
        expect(row.phone).toMatch(/^[6-9]\d{9}$/);
        if (row.email) expect(row.email).toMatch(/^[a-z.]+@example\.com$/);
      }
      const states = new Set(rows.map((r) => r.state));
      expect(states.size).toBeGreaterThanOrEqual(15);
      expect(states).toContain('Orissa');
      expect(states).toContain('MH');
      expect(new Set(rows.map((r) => r.payment))).toEqual(new Set(['cod', 'prepaid']));
    });

    it('includes the demo failure cases', async () => {
      const unserviceable = await findOrderByNumber(database.db, DEMO_CASES.unserviceablePincode);
      expect(unserviceable).toMatchObject({ status: 'processing' });
      expect(unserviceable?.shippingAddress.pincode).toMatch(/^9/);
      const noCod = await findOrderByNumber(database.db, DEMO_CASES.codNotOffered);
      expect(noCod).toMatchObject({ status: 'processing', paymentMethod: 'cod' });
      expect(noCod?.shippingAddress.pincode).toMatch(/99$/);
      expect(await findOrderByNumber(database.db, DEMO_CASES.needsAttention)).toMatchObject({
        needsAttention: true,
        status: 'processing',
      });
      expect(await findOrderByNumber(database.db, DEMO_CASES.failedBooking)).toMatchObject({ status: 'processing' });
    });

    it('gives the delivery memory months of history: risky COD pincodes stand out, and transit follows distance', async () => {
      const { rows } = await sql<{ place: string; payment: string; closed: number; rto: number }>`
        select place, payment, closed, rto from delivery_memory where scope = 'state' and courier = '*'`.execute(
        database.db,
      );
      const closed = rows.reduce((sum, r) => sum + r.closed, 0);
      const shipped = await sql<{ n: number }>`
        select count(*)::int as n from shipments where status in ('delivered', 'rto_delivered') and direction = 'forward'`.execute(
        database.db,
      );
      // Every closed parcel, the 60 recent orders' too, counted exactly once.
      expect(closed).toBe(shipped.rows[0]?.n);
      expect(closed).toBeGreaterThan(DEMO_HISTORY_ORDERS * 0.9);
      const rate = (state: string, payment: string) => {
        const row = rows.filter((r) => r.place === state && r.payment === payment);
        const n = row.reduce((sum, r) => sum + r.closed, 0);
        return row.reduce((sum, r) => sum + r.rto, 0) / n;
      };
      expect(rate('Bihar', 'cod')).toBeGreaterThan(rate('Karnataka', 'cod'));
      expect(rate('Karnataka', 'cod')).toBeGreaterThan(rate('Karnataka', 'prepaid'));
      const transit = await sql<{ place: string; days: number[] }>`
        select place, transit_days as days from delivery_memory where scope = 'state' and courier = '*' and payment = 'prepaid'
          and place in ('Telangana', 'Assam')`.execute(database.db);
      const median = (days: number[]) => {
        const total = days.reduce((a, b) => a + b, 0);
        let seen = 0;
        return days.findIndex((n) => (seen += n) >= total / 2);
      };
      const byState = Object.fromEntries(transit.rows.map((r) => [r.place, median(r.days)]));
      expect(byState.Telangana).toBeLessThan(byState.Assam ?? 0);
    });

    it("writes its failed deliveries with iCarry's own NDR codes, which the product recognises", async () => {
      const ndrs = await database.db.selectFrom('order_notes').select(['ndr_code']).where('kind', '=', 'ndr').execute();
      expect(ndrs.length).toBeGreaterThanOrEqual(3);
      for (const { ndr_code } of ndrs) expect(isKnownNdrCode(ndr_code ?? '')).toBe(true);
    });

    it('is deterministic', async () => {
      const first = await demoFingerprint(database);
      await sql`truncate delivery_memory, order_notes, status_history, shipments, order_items, orders, customers, products restart identity cascade`.execute(
        database.db,
      );
      expect(await seedDemoData(database.db)).toBe(true);
      expect(await demoFingerprint(database)).toBe(first);
    });

    it('leaves a database that already has data alone', async () => {
      const rollback = new Error('rollback');
      await expect(
        database.db.transaction().execute(async (tx) => {
          await sql`truncate delivery_memory, order_notes, status_history, shipments, order_items, orders, customers, products cascade`.execute(
            tx,
          );
          await insertProduct(tx);
          expect(await seedDemoData(tx)).toBe(false);
          expect((await tx.selectFrom('orders').select('id').execute()).length).toBe(0);
          throw rollback;
        }),
      ).rejects.toBe(rollback);
    });
  });

  describe('generateBulkOrders', () => {
    it('inserts consistent orders, items, customers and shipments in batches', async () => {
      const before = await tableCounts(database);
      const progress: BulkOrdersProgress[] = [];
      const result = await generateBulkOrders(database.db, {
        count: 2000,
        batchSize: 700,
        onProgress: (p) => progress.push(p),
      });
      const after = await tableCounts(database);

      expect(result).toMatchObject({ orders: 2000, customers: 800 });
      expect(after.orders - before.orders).toBe(2000);
      expect(after.customers - before.customers).toBe(800);
      expect(after.order_items - before.order_items).toBe(result.items);
      expect(after.shipments - before.shipments).toBe(result.shipments);
      expect(result.items).toBeGreaterThan(3000);
      expect(result.shipments).toBeGreaterThan(1000);
      expect(progress.map((p) => p.orders)).toEqual([700, 1400, 2000]);
      // Numbers continue after the demo's FB-10060, so both can live in one database.
      expect(result.firstOrderNumber).toBe('FB-10061');
      expect(result.lastOrderNumber).toBe('FB-12060');

      const { rows } = await sql<{ bad_totals: string; bad_subtotals: string; statuses: string; oldest_days: string }>`
        select
          (select count(*) from orders where total_paise <> subtotal_paise + shipping_paise - discount_paise)::text as bad_totals,
          (select count(*) from orders o where o.subtotal_paise <> (select sum(quantity * unit_price_paise) from order_items i where i.order_id = o.id))::text as bad_subtotals,
          (select count(distinct status) from orders)::text as statuses,
          (select extract(day from now() - min(placed_at)) from orders)::text as oldest_days`.execute(database.db);
      expect(rows[0]).toMatchObject({ bad_totals: '0', bad_subtotals: '0' });
      expect(Number(rows[0]?.statuses)).toBeGreaterThanOrEqual(6);
      expect(Number(rows[0]?.oldest_days)).toBeGreaterThan(600);
      const grouped = await sql<{
        status: string;
        n: string;
      }>`select status, count(*)::text as n from orders group by status`.execute(database.db);
      expect(await countOrdersByStatus(database.db)).toMatchObject(
        Object.fromEntries(grouped.rows.map((r) => [r.status, Number(r.n)])),
      );
    });

    it('makes bulk orders findable by AWB, phone and name', async () => {
      const { rows } = await sql<{ id: string; awb: string; phone: string; name: string }>`
        select o.id, s.awb, c.phone, c.name from orders o join shipments s on s.order_id = o.id join customers c on c.id = o.customer_id
        where s.awb like '1%' order by o.id desc limit 1`.execute(database.db);
      const sample = rows[0];
      expect(sample).toBeDefined();
      if (!sample) return;
      expect((await listOrders(database.db, { limit: 10, search: sample.awb })).items.map((r) => r.id)).toEqual([
        sample.id,
      ]);
      expect((await listOrders(database.db, { limit: 100, search: sample.phone })).items.map((r) => r.id)).toContain(
        sample.id,
      );
      expect((await listOrders(database.db, { limit: 5, search: sample.name })).items.length).toBeGreaterThan(0);
    });

    it('rejects a bad count or batch size', async () => {
      await expect(generateBulkOrders(database.db, { count: -1 })).rejects.toBeInstanceOf(RangeError);
      await expect(generateBulkOrders(database.db, { count: 10, batchSize: 0 })).rejects.toBeInstanceOf(RangeError);
      expect((await generateBulkOrders(database.db, { count: 0 })).orders).toBe(0);
    });
  });
});
