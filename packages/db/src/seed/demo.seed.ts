import { sql, type Insertable } from 'kysely';
import type { DbExecutor } from '../repositories/db-executor';
import type { CustomersTable, StatusHistoryTable } from '../schema';
import { DEMO_CATALOG } from './catalog.data';
import { productWeightColumns } from './catalog.seed';
import { DEMO_CUSTOMERS } from './demo-customers.data';
import {
  APO_SHOPPER,
  DAY_MS,
  emailFor,
  NO_COD_SHOPPER,
  planOrder,
  STATUS_PLAN,
  toShopper,
  uniquePhones,
} from './demo-orders.seed';
import { planNotes, planOrderHistory, planShipments } from './demo-shipments.seed';
import { seedDemoHistory } from './demo-history.seed';
import { catchUpDeliveryMemory } from '../repositories/delivery-memory.repository';
import { createPrng } from './prng';

export interface SeedDemoOptions {
  /** The newest demo order is placed just before this. Fixed by default so screenshots never drift. */
  now?: Date;
}

export const DEMO_SEED_NOW = new Date('2026-11-24T12:30:00.000Z');
const DEMO_SEED = 20261124;
// Any constant works; it only has to be the same for every process that may seed at once.
const SEED_LOCK_KEY = 7_203_551_001;

/**
 * Fills an empty database with a small, believable store: the catalogue, ~44 customers, 60 recent
 * orders across every common status with shipments, status history and notes where the status
 * implies them, and months of closed orders before them (demo-history.seed) for the delivery
 * memory. Deterministic. Seeds only when there are no products, customers or orders, under a
 * transaction-scoped advisory lock, so two instances starting together seed once. Returns whether
 * it seeded.
 */
export async function seedDemoData(db: DbExecutor, options: SeedDemoOptions = {}): Promise<boolean> {
  const run = (tx: DbExecutor) => seedInTransaction(tx, options.now ?? DEMO_SEED_NOW);
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function seedInTransaction(db: DbExecutor, now: Date): Promise<boolean> {
  await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`.execute(db);
  const existing = await sql<{ has_data: boolean }>`
    select exists (select 1 from orders) or exists (select 1 from customers) or exists (select 1 from products) as has_data
  `.execute(db);
  if (existing.rows[0]?.has_data !== false) return false;

  const prng = createPrng(DEMO_SEED);
  const productRows = await db
    .insertInto('products')
    .values(
      DEMO_CATALOG.map((p) => ({
        sku: p.sku,
        name: p.name,
        weight_text: p.weightText,
        ...productWeightColumns(p.weightText),
        price_paise: p.pricePaise,
        created_at: new Date(now.getTime() - 400 * DAY_MS),
        updated_at: new Date(now.getTime() - 400 * DAY_MS),
      })),
    )
    .returning(['id', 'sku'])
    .execute();
  const productIds = new Map(productRows.map((r) => [r.sku, r.id]));

  const shoppers = [...DEMO_CUSTOMERS.map((c) => toShopper(c, prng)), APO_SHOPPER, NO_COD_SHOPPER];
  const phones = uniquePhones(prng, shoppers.length);
  const customerValues: Insertable<CustomersTable>[] = shoppers.map((s, i) => {
    const optIn = prng.chance(0.6);
    const createdAt = new Date(now.getTime() - prng.int(30, 500) * DAY_MS);
    return {
      name: s.name,
      email: s.hasEmail ? emailFor(s.name) : null,
      phone: phones[i] ?? '9000000000',
      whatsapp_opt_in: optIn,
      whatsapp_opt_in_at: optIn ? createdAt : null,
      created_at: createdAt,
    };
  });
  const customerRows = await db.insertInto('customers').values(customerValues).returning(['id', 'phone']).execute();
  const customerIdByPhone = new Map(customerRows.map((r) => [r.phone, r.id]));

  const orders = STATUS_PLAN.map((status, index) => planOrder(index + 1, status, shoppers, phones, prng, now));
  const orderRows = await db
    .insertInto('orders')
    .values(
      orders.map(({ order, shopperIndex }) => ({
        ...order,
        customer_id: customerIdByPhone.get(phones[shopperIndex] ?? '') ?? '0',
      })),
    )
    .returning(['id', 'order_number'])
    .execute();
  const orderIdByNumber = new Map(orderRows.map((r) => [r.order_number, r.id]));
  const orderId = (orderNumber: string) => orderIdByNumber.get(orderNumber) ?? '0';

  await db
    .insertInto('order_items')
    .values(
      orders.flatMap(({ order, items }) =>
        items.map(({ product, quantity }) => ({
          order_id: orderId(order.order_number),
          product_id: productIds.get(product.sku) ?? null,
          sku: product.sku,
          name: product.name,
          quantity,
          unit_price_paise: product.pricePaise,
          // The store's backend sends no weight per item: the product's weight decides the parcel,
          // so fixing an unreadable product weight re-plans the orders not yet booked.
          weight_text: null,
        })),
      ),
    )
    .execute();

  const shipments = orders.flatMap((planned) => planShipments(planned, prng).map((s) => ({ planned, ...s })));
  const shipmentRows = shipments.length
    ? await db
        .insertInto('shipments')
        .values(
          shipments.map(({ planned, shipment }) => ({ ...shipment, order_id: orderId(planned.order.order_number) })),
        )
        .returning(['id', 'client_ref'])
        .execute()
    : [];
  const shipmentIdByRef = new Map(shipmentRows.map((r) => [r.client_ref, r.id]));

  const history: Insertable<StatusHistoryTable>[] = orders.flatMap((planned) =>
    [
      ...planOrderHistory(planned),
      ...shipments
        .filter((s) => s.planned === planned)
        .flatMap((s) =>
          s.history.map((h) => ({ ...h, shipment_id: shipmentIdByRef.get(s.shipment.client_ref) ?? null })),
        ),
    ].map((h) => ({ ...h, order_id: orderId(planned.order.order_number) })),
  );
  await db.insertInto('status_history').values(history).execute();

  const notes = orders.flatMap((planned) =>
    planNotes(planned).map((n) => ({ ...n, order_id: orderId(planned.order.order_number) })),
  );
  if (notes.length) await db.insertInto('order_notes').values(notes).execute();

  const names = new Map(customerValues.map((c) => [c.phone, c.name]));
  await seedDemoHistory(db, {
    now,
    prng,
    customers: customerRows.map((c) => ({ id: c.id, phone: c.phone, name: names.get(c.phone) ?? 'Demo Customer' })),
    productIds,
  });
  // The delivery memory reads the history it was just given (each closed parcel once).
  await catchUpDeliveryMemory(db, now);
  return true;
}
