import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertCustomer,
  insertOrder,
  insertShipment,
  testDatabaseKinds,
  type TestDatabase,
} from './testing/index';

// What the schema itself refuses, whatever the callers do.
describe.each(testDatabaseKinds())('constraints on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('rejects a second active shipment for an order (23505)', async () => {
    const order = await insertOrder(database.db);
    await insertShipment(database.db, { order_id: order.id, booking_state: 'booked' });
    await expect(
      insertShipment(database.db, { order_id: order.id, booking_state: 'booking', awb: null }),
    ).rejects.toMatchObject({
      code: '23505',
    });
    await expect(
      insertShipment(database.db, { order_id: order.id, booking_state: 'unknown', awb: null }),
    ).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('allows a new active shipment after a failed or void one', async () => {
    const order = await insertOrder(database.db);
    await insertShipment(database.db, { order_id: order.id, booking_state: 'failed', awb: null });
    await insertShipment(database.db, { order_id: order.id, booking_state: 'void', awb: 'VOID-AWB-1' });
    const active = await insertShipment(database.db, { order_id: order.id, booking_state: 'booked' });
    expect(active.booking_state).toBe('booked');
  });

  it('keeps AWBs unique among non-void shipments only', async () => {
    const first = await insertOrder(database.db);
    const second = await insertOrder(database.db);
    await insertShipment(database.db, { order_id: first.id, booking_state: 'void', awb: 'SHARED-AWB-1' });
    await insertShipment(database.db, { order_id: second.id, booking_state: 'booked', awb: 'SHARED-AWB-1' });
    const third = await insertOrder(database.db);
    await expect(
      insertShipment(database.db, { order_id: third.id, booking_state: 'booked', awb: 'SHARED-AWB-1' }),
    ).rejects.toMatchObject({
      code: '23505',
    });
  });

  it('rejects an unknown order status (23514)', async () => {
    const order = await insertOrder(database.db);
    await expect(
      database.db
        .updateTable('orders')
        // @ts-expect-error: not an OrderStatus, on purpose
        .set({ status: 'teleported' })
        .where('id', '=', order.id)
        .execute(),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it.each(['56001', '056001', '5600011', 'ABCDEF'])('rejects pincode %s (23514)', async (pincode) => {
    await expect(insertOrder(database.db, { ship_pincode: pincode })).rejects.toMatchObject({ code: '23514' });
  });

  it.each(['5845012345', '984501234', '+919845012345', '98450 12345'])(
    'rejects customer phone %s (23514)',
    async (phone) => {
      await expect(insertCustomer(database.db, { phone })).rejects.toMatchObject({ code: '23514' });
    },
  );

  it('rejects totals that do not add up (23514)', async () => {
    await expect(
      insertOrder(database.db, { subtotal_paise: 50000, shipping_paise: 4900, discount_paise: 0, total_paise: 50000 }),
    ).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('rejects a duplicate order number (23505)', async () => {
    const order = await insertOrder(database.db);
    await expect(insertOrder(database.db, { order_number: order.order_number })).rejects.toMatchObject({
      code: '23505',
    });
  });
});
