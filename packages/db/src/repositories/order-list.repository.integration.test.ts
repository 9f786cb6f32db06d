import { ORDER_STATUSES, type OrderStatus } from '@app/shipping';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertCustomer,
  insertOrder,
  insertShipment,
  testDatabaseKinds,
  type OrderWithItems,
  type TestDatabase,
} from '../testing/index';
import type { DbExecutor } from './db-executor';
import { InvalidCursorError } from './errors';
import { countOrdersByStatus, listOrders, type ListOrdersInput, type ListOrdersTuning } from './order-list.repository';

const TIE = '2026-11-20T10:00:00.123456Z';

/** Every page of a listing, following nextCursor to the end. */
async function walk(
  db: DbExecutor,
  input: Omit<ListOrdersInput, 'cursor'>,
  tuning?: ListOrdersTuning,
): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await listOrders(db, { ...input, cursor }, tuning);
    ids.push(...page.items.map((row) => row.id));
    cursor = page.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(1000);
  } while (cursor);
  return { ids, pages };
}

async function expectedIds(db: DbExecutor, where = sql`true`): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    select o.id from orders o join customers c on c.id = o.customer_id where ${where} order by o.placed_at desc, o.id desc`.execute(
    db,
  );
  return rows.map((r) => r.id);
}

async function groupedCounts(db: DbExecutor): Promise<Record<OrderStatus, number>> {
  const { rows } = await sql<{
    status: OrderStatus;
    n: string;
  }>`select status, count(*)::text as n from orders group by status`.execute(db);
  const counts = Object.fromEntries(ORDER_STATUSES.map((s) => [s, 0])) as Record<OrderStatus, number>;
  for (const row of rows) counts[row.status] = Number(row.n);
  return counts;
}

describe.each(testDatabaseKinds())('order list repository on %s', (kind) => {
  let database: TestDatabase;
  let db: DbExecutor;
  const orders: OrderWithItems[] = [];
  let priyaOrder: OrderWithItems;
  let giftOrder: OrderWithItems;
  let shippedOrder: OrderWithItems;
  let retriedOrder: OrderWithItems;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    const priya = await insertCustomer(db, { name: 'Priya Sharma', phone: '9876500001' });
    const priyanka = await insertCustomer(db, { name: 'Priyanka Iyer', phone: '9876500002' });
    const rahul = await insertCustomer(db, { name: 'Rahul Verma', phone: '9876500003' });
    const statuses: OrderStatus[] = [
      'processing',
      'processing',
      'shipped',
      'delivered',
      'processing',
      'cancelled',
      'out_for_delivery',
    ];
    const people = [priya, priyanka, rahul];
    for (let i = 0; i < 21; i++) {
      const customer = people[i % 3] ?? priya;
      // Six orders share one timestamp to the microsecond; the rest are a minute apart, plus two 1 µs apart.
      const placedAt =
        i < 6 ? TIE : i === 6 ? '2026-11-20T10:00:00.123457Z' : new Date(Date.parse(TIE) - i * 60_000).toISOString();
      orders.push(
        await insertOrder(db, {
          customer_id: customer.id,
          ship_name: customer.name,
          contact_phone: customer.phone,
          status: statuses[i % statuses.length] ?? 'processing',
          placed_at: placedAt,
        }),
      );
    }
    priyaOrder = orders[0] ?? (await insertOrder(db));
    // A gift: Rahul's order, delivered to someone whose phone is Priya's.
    giftOrder = await insertOrder(db, {
      customer_id: rahul.id,
      ship_name: 'Meera Menon',
      contact_phone: '9876500001',
      placed_at: '2026-11-01T08:00:00Z',
    });
    orders.push(giftOrder);

    shippedOrder = orders[2] ?? priyaOrder;
    await insertShipment(db, { order_id: shippedOrder.id, awb: 'FMPC1234567890', courier_name: 'Ekart Logistics' });
    // An order whose first booking was voided and second is active: the list shows the active one.
    retriedOrder = orders[3] ?? priyaOrder;
    await insertShipment(db, {
      order_id: retriedOrder.id,
      booking_state: 'void',
      awb: '29000000000001',
      courier_name: 'Xpressbees',
    });
    await insertShipment(db, {
      order_id: retriedOrder.id,
      booking_state: 'booked',
      awb: '29000000000002',
      courier_name: 'Delhivery Surface',
    });
    await insertShipment(db, { order_id: retriedOrder.id, booking_state: 'failed', awb: null, courier_name: null });
  });
  afterAll(async () => {
    await database.close();
  });

  describe('listOrders', () => {
    it('lists newest first with the list columns', async () => {
      const page = await listOrders(db, { limit: 100 });
      expect(page.items.map((r) => r.id)).toEqual(await expectedIds(db));
      expect(page.nextCursor).toBeNull();
      const row = page.items.find((r) => r.id === shippedOrder.id);
      expect(row).toEqual({
        id: shippedOrder.id,
        orderNumber: shippedOrder.order_number,
        placedAt: shippedOrder.placed_at,
        customerName: 'Rahul Verma',
        city: 'Bengaluru',
        state: 'Karnataka',
        pincode: '560001',
        paymentMethod: 'prepaid',
        totalPaise: shippedOrder.total_paise,
        status: shippedOrder.status,
        needsAttention: false,
        source: 'manual',
        externalId: null,
        awb: 'FMPC1234567890',
        courierName: 'Ekart Logistics',
        shipmentStatus: 'pending_pickup',
        shipmentDirection: 'forward',
        addressCheck: null,
        codConfirmation: 'not_needed',
      });
    });

    it('filters by the customer’s COD confirmation, one state or every unconfirmed one, across pages', async () => {
      const states = ['pending', 'confirmed', 'declined', 'expired', 'pending'] as const;
      const marked = orders.slice(7, 12);
      for (const [i, order] of marked.entries()) {
        await sql`update orders set cod_confirmation = ${states[i]}, cod_confirmation_requested_at = now(),
          cod_confirmation_expires_at = now() where id = ${order.id}`.execute(db);
      }
      try {
        const expired = await listOrders(db, { limit: 100, codConfirmation: 'expired' });
        expect(expired.items.map((r) => r.id)).toEqual([marked[3]?.id]);
        expect(expired.items[0]?.codConfirmation).toBe('expired');
        const unconfirmed = await walk(db, { limit: 2, codConfirmation: 'unconfirmed' });
        expect(unconfirmed.ids).toEqual(
          await expectedIds(db, sql`o.cod_confirmation in ('pending', 'declined', 'expired')`),
        );
        expect(unconfirmed.ids).toHaveLength(4);
        // With a status and a name search (the customer-first plan is bypassed for a filter).
        const processing = await listOrders(db, {
          limit: 100,
          status: 'processing',
          search: 'priya',
          codConfirmation: 'unconfirmed',
        });
        expect(processing.items.map((r) => r.id)).toEqual(
          await expectedIds(
            db,
            sql`o.status = 'processing' and lower(c.name) like 'priya%' and o.cod_confirmation in ('pending', 'declined', 'expired')`,
          ),
        );
        const all = await listOrders(db, { limit: 100 });
        expect(all.items.filter((r) => r.codConfirmation !== 'not_needed')).toHaveLength(5);
      } finally {
        await sql`update orders set cod_confirmation = null, cod_confirmation_requested_at = null,
          cod_confirmation_expires_at = null where id in (${sql.join(marked.map((o) => o.id))})`.execute(db);
      }
    });

    it('shows the active shipment, not a newer failed or older void attempt', async () => {
      const page = await listOrders(db, { limit: 100 });
      expect(page.items.find((r) => r.id === retriedOrder.id)).toMatchObject({
        awb: '29000000000002',
        courierName: 'Delhivery Surface',
      });
      expect(page.items.find((r) => r.id === priyaOrder.id)).toMatchObject({ awb: null, courierName: null });
    });

    it.each([1, 4, 7, 22, 23])(
      'walks every order exactly once in pages of %i, ties and microseconds included',
      async (limit) => {
        const expected = await expectedIds(db);
        const { ids, pages } = await walk(db, { limit });
        expect(new Set(ids).size).toBe(ids.length);
        expect(ids).toEqual(expected);
        expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
      },
    );

    it('filters by status, across pages', async () => {
      const { ids } = await walk(db, { limit: 2, status: 'processing' });
      expect(ids).toEqual(await expectedIds(db, sql`o.status = 'processing'`));
      expect(ids.length).toBeGreaterThan(3);
      expect((await listOrders(db, { limit: 10, status: 'lost' })).items).toEqual([]);
    });

    it('finds an order by number with or without prefix, in any case', async () => {
      const number = priyaOrder.order_number;
      const digits = number.replace(/\D/g, '');
      for (const term of [number, number.toLowerCase(), digits, `fb${digits}`, ` ${number} `]) {
        const page = await listOrders(db, { limit: 10, search: term });
        expect(
          page.items.map((r) => r.id),
          term,
        ).toEqual([priyaOrder.id]);
      }
    });

    it('finds orders by customer name prefix, case-insensitively, on both plans', async () => {
      const priyas = await expectedIds(db, sql`lower(c.name) like 'priya%'`);
      const sharma = await expectedIds(db, sql`c.name = 'Priya Sharma'`);
      expect(priyas.length).toBeGreaterThan(sharma.length);
      // Default: few matching customers, read customer-first. Cap 0: the orders-first walk with the
      // matches hashed; both caps 0: the planner's join.
      for (const tuning of [
        undefined,
        { nameSearchCustomerCap: 0 },
        { nameSearchCustomerCap: 0, nameSearchHashCap: 0 },
      ]) {
        expect((await walk(db, { limit: 3, search: 'priya' }, tuning)).ids).toEqual(priyas);
        expect((await walk(db, { limit: 3, search: 'PRIYA s' }, tuning)).ids).toEqual(sharma);
        expect((await walk(db, { limit: 2, search: 'Priya', status: 'processing' }, tuning)).ids).toEqual(
          await expectedIds(db, sql`lower(c.name) like 'priya%' and o.status = 'processing'`),
        );
      }
    });

    it('does not treat LIKE wildcards in a name as wildcards', async () => {
      expect((await listOrders(db, { limit: 10, search: '%' })).items).toEqual([]);
      expect((await listOrders(db, { limit: 10, search: '_riya' })).items).toEqual([]);
    });

    it('finds orders by phone on the customer or on the order, with +91 and spaces', async () => {
      const expected = await expectedIds(db, sql`c.phone = '9876500001' or o.contact_phone = '9876500001'`);
      expect(expected).toContain(giftOrder.id);
      for (const term of ['9876500001', '+91 98765 00001', '098765-00001']) {
        expect((await walk(db, { limit: 4, search: term })).ids, term).toEqual(expected);
      }
    });

    it('finds an order by AWB, including a voided booking and a lower-case entry', async () => {
      expect((await listOrders(db, { limit: 10, search: 'FMPC1234567890' })).items.map((r) => r.id)).toEqual([
        shippedOrder.id,
      ]);
      expect((await listOrders(db, { limit: 10, search: 'fmpc1234567890' })).items.map((r) => r.id)).toEqual([
        shippedOrder.id,
      ]);
      expect((await listOrders(db, { limit: 10, search: '29000000000001' })).items.map((r) => r.id)).toEqual([
        retriedOrder.id,
      ]);
    });

    it('combines search and status filter', async () => {
      expect((await listOrders(db, { limit: 10, search: 'FMPC1234567890', status: 'delivered' })).items).toEqual([]);
      expect(
        (await listOrders(db, { limit: 10, search: 'FMPC1234567890', status: shippedOrder.status })).items,
      ).toHaveLength(1);
    });

    it('returns an empty last page for no match', async () => {
      expect(await listOrders(db, { limit: 10, search: 'Zubin Mehta' })).toEqual({ items: [], nextCursor: null });
      expect(await listOrders(db, { limit: 10, search: 'FB-1' })).toEqual({ items: [], nextCursor: null });
    });

    it('rejects a cursor it did not issue, and a limit out of range', async () => {
      await expect(listOrders(db, { limit: 10, cursor: 'garbage!' })).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(
        listOrders(db, { limit: 10, cursor: Buffer.from('yesterday|1').toString('base64url') }),
      ).rejects.toBeInstanceOf(InvalidCursorError);
      await expect(listOrders(db, { limit: 0 })).rejects.toBeInstanceOf(RangeError);
      await expect(listOrders(db, { limit: 101 })).rejects.toBeInstanceOf(RangeError);
      await expect(listOrders(db, { limit: 2.5 })).rejects.toBeInstanceOf(RangeError);
    });
  });

  describe('countOrdersByStatus', () => {
    it('has every status, zeros included, matching a full count', async () => {
      const counts = await countOrdersByStatus(db);
      expect(Object.keys(counts).sort()).toEqual([...ORDER_STATUSES].sort());
      expect(counts.lost).toBe(0);
      expect(counts).toEqual(await groupedCounts(db));
    });

    it('stays exact through inserts, single and multi-row status updates, other updates and deletes', async () => {
      const extra = [
        await insertOrder(db, { status: 'pending' }),
        await insertOrder(db, { status: 'pending' }),
        await insertOrder(db),
      ];
      const ids = extra.map((o) => o.id);
      await db.updateTable('orders').set({ status: 'processing' }).where('id', 'in', ids).execute();
      await db
        .updateTable('orders')
        .set({ status: 'lost' })
        .where('id', '=', extra[2]?.id ?? '0')
        .execute();
      await db
        .updateTable('orders')
        .set({ attention_kind: 'review', attention_reason: 'test' })
        .where('id', 'in', ids)
        .execute();
      expect(await countOrdersByStatus(db)).toEqual(await groupedCounts(db));
      await db.deleteFrom('orders').where('id', 'in', ids).execute();
      expect(await countOrdersByStatus(db)).toEqual(await groupedCounts(db));
    });

    it('resets on truncate', async () => {
      const rollback = new Error('rollback');
      await expect(
        db.transaction().execute(async (tx) => {
          await sql`truncate orders cascade`.execute(tx);
          const counts = await countOrdersByStatus(tx);
          expect(Object.values(counts).every((n) => n === 0)).toBe(true);
          throw rollback;
        }),
      ).rejects.toBe(rollback);
      expect(await countOrdersByStatus(db)).toEqual(await groupedCounts(db));
    });
  });
});
