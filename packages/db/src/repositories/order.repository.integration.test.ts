import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertCustomer,
  insertOrder,
  insertOrderNote,
  insertShipment,
  insertStatusHistory,
  testDatabaseKinds,
  type OrderWithItems,
  type TestDatabase,
} from '../testing/index';
import type { DbExecutor } from './db-executor';
import { NotFoundError } from './errors';
import { findOrderById, findOrderByNumber, getOrderDetail } from './order.repository';

describe.each(testDatabaseKinds())('order repository on %s', (kind) => {
  let database: TestDatabase;
  let db: DbExecutor;
  let priyaOrder: OrderWithItems;

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    db = database.db;
    const priya = await insertCustomer(db, { name: 'Priya Sharma', phone: '9876500001' });
    priyaOrder = await insertOrder(db, { customer_id: priya.id, ship_name: priya.name, contact_phone: priya.phone });
  });
  afterAll(async () => {
    await database.close();
  });

  describe('lookups and detail', () => {
    it('finds an order by id and by number; undefined otherwise', async () => {
      expect(await findOrderById(db, priyaOrder.id)).toMatchObject({
        orderNumber: priyaOrder.order_number,
        customerId: priyaOrder.customer_id,
      });
      expect(await findOrderByNumber(db, priyaOrder.order_number.toLowerCase())).toMatchObject({ id: priyaOrder.id });
      expect(await findOrderById(db, '987654321')).toBeUndefined();
      expect(await findOrderById(db, 'abc')).toBeUndefined();
      expect(await findOrderByNumber(db, 'FB-0')).toBeUndefined();
      expect(await findOrderByNumber(db, ' ')).toBeUndefined();
    });

    it('assembles the order detail, mapped to camelCase, in display order', async () => {
      const order = await insertOrder(db, {
        status: 'shipped',
        shipping_paise: 4900,
        discount_paise: 1000,
        items: [
          {
            sku: 'PKL-AVAKAYA-500',
            name: 'Andhra Avakaya Mango Pickle',
            quantity: 2,
            unit_price_paise: 34900,
            weight_text: '500g',
          },
          {
            sku: 'GFT-FESTIVE-BOX',
            name: 'Festive Gift Hamper',
            quantity: 1,
            unit_price_paise: 149900,
            weight_text: null,
          },
        ],
      });
      const failed = await insertShipment(db, {
        order_id: order.id,
        booking_state: 'failed',
        awb: null,
        failure_reason: 'pincode not serviceable',
        created_at: '2026-11-20T09:00:00Z',
      });
      const active = await insertShipment(db, {
        order_id: order.id,
        booking_state: 'booked',
        awb: 'D12345678',
        courier_name: 'DTDC Surface',
        created_at: '2026-11-20T10:00:00Z',
      });
      await insertStatusHistory(db, {
        order_id: order.id,
        order_status: 'processing',
        description: 'Order placed',
        recorded_at: '2026-11-20T08:00:00Z',
      });
      await insertStatusHistory(db, {
        order_id: order.id,
        shipment_id: active.id,
        order_status: 'shipped',
        shipment_status: 'pending_pickup',
        source: 'booking',
        recorded_at: '2026-11-20T10:00:00Z',
      });
      await insertStatusHistory(db, {
        order_id: order.id,
        shipment_id: active.id,
        order_status: null,
        shipment_status: 'picked_up',
        source: 'webhook',
        applied: false,
        recorded_at: '2026-11-20T09:30:00Z',
      });
      await insertOrderNote(db, { order_id: order.id, body: 'first', created_at: '2026-11-20T11:00:00Z' });
      await insertOrderNote(db, {
        order_id: order.id,
        kind: 'ndr',
        body: 'NDR: customer not available',
        ndr_code: 'Customer Unavailable',
        ndr_date: '2026-11-21',
        created_at: '2026-11-21T11:00:00Z',
      });

      const detail = await getOrderDetail(db, order.id);
      expect(detail.order).toMatchObject({
        id: order.id,
        orderNumber: order.order_number,
        status: 'shipped',
        subtotalPaise: 219700,
        shippingPaise: 4900,
        discountPaise: 1000,
        totalPaise: 223600,
        shippingAddress: { city: 'Bengaluru', state: 'Karnataka', pincode: '560001', line2: 'MG Road' },
      });
      expect(detail.customer).toMatchObject({ id: order.customer_id, whatsappOptIn: false });
      expect(detail.items.map((i) => [i.sku, i.quantity, i.lineTotalPaise, i.weightText])).toEqual([
        ['PKL-AVAKAYA-500', 2, 69800, '500g'],
        ['GFT-FESTIVE-BOX', 1, 149900, null],
      ]);
      expect(detail.shipment).toMatchObject({
        id: active.id,
        awb: 'D12345678',
        isActive: true,
        bookingState: 'booked',
      });
      expect(detail.shipments.map((s) => s.id)).toEqual([active.id, failed.id]);
      expect(detail.shipments[1]).toMatchObject({ isActive: false, failureReason: 'pincode not serviceable' });
      expect(detail.history.map((h) => h.shipmentStatus)).toEqual([null, 'picked_up', 'pending_pickup']);
      expect(detail.history[1]).toMatchObject({ applied: false, source: 'webhook' });
      expect(detail.notes.map((n) => n.body)).toEqual(['NDR: customer not available', 'first']);
      expect(detail.notes[0]).toMatchObject({ kind: 'ndr', ndrCode: 'Customer Unavailable', ndrDate: '2026-11-21' });
      expect(typeof detail.order.id).toBe('string');
      expect(detail.order.placedAt).toBeInstanceOf(Date);
    });

    it('falls back to the latest attempt when no shipment is active, and to null when never booked', async () => {
      const order = await insertOrder(db);
      expect((await getOrderDetail(db, order.id)).shipment).toBeNull();
      await insertShipment(db, {
        order_id: order.id,
        booking_state: 'failed',
        awb: null,
        created_at: '2026-11-20T09:00:00Z',
      });
      const cancelled = await insertShipment(db, {
        order_id: order.id,
        booking_state: 'cancelled',
        awb: 'CANCELLED-1',
        created_at: '2026-11-20T10:00:00Z',
      });
      expect((await getOrderDetail(db, order.id)).shipment?.id).toBe(cancelled.id);
    });

    it('throws NotFoundError for a missing or malformed id', async () => {
      await expect(getOrderDetail(db, '987654321')).rejects.toBeInstanceOf(NotFoundError);
      await expect(getOrderDetail(db, 'FB-10001')).rejects.toMatchObject({ name: 'NotFoundError', entity: 'order' });
    });
  });
});
