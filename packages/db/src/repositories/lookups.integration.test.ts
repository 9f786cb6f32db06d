import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  insertCustomer,
  insertOrder,
  insertProduct,
  insertShipment,
  testDatabaseKinds,
  type TestDatabase,
} from '../testing/index';
import { findCustomerById, findCustomersByPhone, getCustomerById } from './customer.repository';
import { NotFoundError } from './errors';
import { findProductById, findProductBySku, getProductById, listProducts } from './product.repository';
import {
  findCurrentShipment,
  findShipmentByAwb,
  findShipmentById,
  getShipmentById,
  listShipmentsForOrder,
} from './shipment.repository';

describe.each(testDatabaseKinds())('customer, product and shipment lookups on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('finds customers by id and by phone in any common format', async () => {
    const optedIn = new Date('2026-10-01T10:00:00Z');
    const customer = await insertCustomer(database.db, {
      name: 'Kavya Reddy',
      phone: '9123400001',
      whatsapp_opt_in: true,
      whatsapp_opt_in_at: optedIn,
    });
    expect(await findCustomerById(database.db, customer.id)).toEqual({
      id: customer.id,
      name: 'Kavya Reddy',
      email: customer.email,
      phone: '9123400001',
      whatsappOptIn: true,
      whatsappOptInAt: optedIn,
      whatsappOptOutAt: null,
      language: 'en',
      createdAt: customer.created_at,
    });
    expect((await findCustomersByPhone(database.db, '+91 91234 00001')).map((c) => c.id)).toEqual([customer.id]);
    expect(await findCustomersByPhone(database.db, '12345')).toEqual([]);
    expect(await findCustomerById(database.db, '987654321')).toBeUndefined();
    expect(await findCustomerById(database.db, '-1')).toBeUndefined();
    await expect(getCustomerById(database.db, '987654321')).rejects.toMatchObject({
      name: 'NotFoundError',
      entity: 'customer',
      key: '987654321',
    });
  });

  it('finds products by id and SKU, and lists them by name', async () => {
    const ghee = await insertProduct(database.db, {
      sku: 'GHE-TEST-1L',
      name: 'A2 Desi Cow Ghee',
      weight_text: '1 L',
      price_paise: 189900,
    });
    const blank = await insertProduct(database.db, { sku: 'GFT-TEST', name: 'Gift Hamper', weight_text: null });
    expect(await findProductById(database.db, ghee.id)).toMatchObject({
      sku: 'GHE-TEST-1L',
      weightText: '1 L',
      pricePaise: 189900,
    });
    expect(await findProductBySku(database.db, 'GFT-TEST')).toMatchObject({ id: blank.id, weightText: null });
    expect(await findProductBySku(database.db, 'NOPE')).toBeUndefined();
    const names = (await listProducts(database.db)).map((p) => p.name);
    expect(names).toEqual([...names].sort());
    await expect(getProductById(database.db, '987654321')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('finds shipments by id, AWB and order, preferring the active one', async () => {
    const order = await insertOrder(database.db);
    const voided = await insertShipment(database.db, {
      order_id: order.id,
      booking_state: 'void',
      awb: 'LOOKUP-AWB-1',
      created_at: '2026-11-20T08:00:00Z',
    });
    const active = await insertShipment(database.db, {
      order_id: order.id,
      booking_state: 'booked',
      awb: 'LOOKUP-AWB-1',
      created_at: '2026-11-20T09:00:00Z',
    });
    const failed = await insertShipment(database.db, {
      order_id: order.id,
      booking_state: 'failed',
      awb: null,
      created_at: '2026-11-20T10:00:00Z',
    });

    expect(await findShipmentById(database.db, active.id)).toMatchObject({
      id: active.id,
      orderId: order.id,
      isActive: true,
      weightGrams: 650,
    });
    expect((await findShipmentByAwb(database.db, 'LOOKUP-AWB-1'))?.id).toBe(active.id);
    expect(await findShipmentByAwb(database.db, 'NO-SUCH-AWB')).toBeUndefined();
    expect((await findCurrentShipment(database.db, order.id))?.id).toBe(active.id);
    expect((await listShipmentsForOrder(database.db, order.id)).map((s) => s.id)).toEqual([
      failed.id,
      active.id,
      voided.id,
    ]);
    expect(await findCurrentShipment(database.db, 'x')).toBeUndefined();
    await expect(getShipmentById(database.db, '987654321')).rejects.toMatchObject({ entity: 'shipment' });
  });
});
