import type { Transaction } from 'kysely';
import type { DB, PaymentMethod } from '../schema';
import type { DbExecutor } from './db-executor';
import { intakeExtraColumns, type IntakeOrder } from './order-intake.repository';
import { addressCheckColumns, type OrderRecord } from './order.repository';
import { ensureProducts } from './product.repository';

/**
 * Cancels an order that has not shipped (pending or processing), with a history entry. False
 * when the locked order is in any other status; the caller decides what that means.
 */
export async function cancelUnshippedOrder(
  tx: Transaction<DB>,
  orderId: string,
  input: { now: Date; description: string },
): Promise<boolean> {
  const result = await tx
    .updateTable('orders')
    .set({ status: 'cancelled', updated_at: input.now })
    .where('id', '=', orderId)
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false;
  await tx
    .insertInto('status_history')
    .values({
      order_id: orderId,
      order_status: 'cancelled',
      source: 'system',
      description: input.description,
      recorded_at: input.now,
    })
    .execute();
  return true;
}

/** What an intake can change on an order it made before (address, contact, payment, items). */
function intakeContent(order: {
  shippingAddress: IntakeOrder['shippingAddress'];
  phone: string;
  email: string | null;
  paymentMethod: PaymentMethod;
  codAmountPaise: number | null;
  shippingPaise: number;
  discountPaise: number;
  feesPaise: number;
  taxPaise: number;
  items: { sku: string; name: string; quantity: number; unitPricePaise: number; weightText: string | null }[];
}): string {
  return JSON.stringify([
    order.shippingAddress,
    order.phone,
    order.email,
    order.paymentMethod,
    order.paymentMethod === 'cod' ? order.codAmountPaise : null,
    order.shippingPaise,
    order.discountPaise,
    order.feesPaise,
    order.taxPaise,
    order.items.map((i) => [i.sku, i.name, i.quantity, i.unitPricePaise, i.weightText]),
  ]);
}

/**
 * Of these (existing order, incoming version) pairs, the ones whose content differs and that can
 * still change: pending or processing, with no active shipment. One query for all of them.
 */
export async function findChangedUnshippedOrders(
  db: DbExecutor,
  pairs: readonly { existing: OrderRecord; incoming: IntakeOrder }[],
): Promise<{ existing: OrderRecord; incoming: IntakeOrder }[]> {
  const open = pairs.filter((p) => p.existing.status === 'pending' || p.existing.status === 'processing');
  if (open.length === 0) return [];
  const ids = open.map((p) => p.existing.id);
  const [items, active] = await Promise.all([
    db.selectFrom('order_items').selectAll().where('order_id', 'in', ids).orderBy('id').execute(),
    db
      .selectFrom('shipments')
      .select('order_id')
      .where('order_id', 'in', ids)
      .where('booking_state', 'in', ['booking', 'booked', 'unknown'])
      .execute(),
  ]);
  const booked = new Set(active.map((r) => r.order_id));
  const itemsByOrder = new Map<string, typeof items>();
  for (const item of items) itemsByOrder.set(item.order_id, [...(itemsByOrder.get(item.order_id) ?? []), item]);
  return open.filter(({ existing, incoming }) => {
    if (booked.has(existing.id)) return false;
    const before = intakeContent({
      shippingAddress: { ...existing.shippingAddress },
      phone: existing.contactPhone,
      email: existing.contactEmail,
      paymentMethod: existing.paymentMethod,
      codAmountPaise:
        existing.paymentMethod === 'cod' && existing.codAmountPaise !== existing.totalPaise
          ? existing.codAmountPaise
          : null,
      shippingPaise: existing.shippingPaise,
      discountPaise: existing.discountPaise,
      feesPaise: existing.feesPaise,
      taxPaise: existing.taxPaise,
      items: (itemsByOrder.get(existing.id) ?? []).map((i) => ({
        sku: i.sku,
        name: i.name,
        quantity: i.quantity,
        unitPricePaise: i.unit_price_paise,
        weightText: i.weight_text,
      })),
    });
    const after = intakeContent({
      shippingAddress: incoming.shippingAddress,
      phone: incoming.customer.phone,
      email: incoming.customer.email,
      paymentMethod: incoming.paymentMethod,
      codAmountPaise: incoming.codAmountPaise,
      shippingPaise: incoming.shippingPaise,
      discountPaise: incoming.discountPaise,
      feesPaise: incoming.feesPaise ?? 0,
      taxPaise: incoming.taxPaise ?? 0,
      items: incoming.items,
    });
    return before !== after;
  });
}

/**
 * Applies a source's newer version of orders it sent before (address edits, items, payment),
 * only while each is unshipped: the order row is locked and re-checked (pending or processing, no
 * active shipment). Items are replaced; a history entry says what happened. Returns the ids changed.
 */
export async function updateUnshippedIntakeOrders(
  tx: Transaction<DB>,
  updates: readonly { orderId: string; incoming: IntakeOrder }[],
  input: { now: Date; description: string },
): Promise<string[]> {
  if (updates.length === 0) return [];
  const ids = updates.map((u) => u.orderId);
  const lockable = await tx
    .selectFrom('orders as o')
    .select('o.id')
    .where('o.id', 'in', ids)
    .where('o.status', 'in', ['pending', 'processing'])
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('shipments as s')
            .select('s.id')
            .whereRef('s.order_id', '=', 'o.id')
            .where('s.booking_state', 'in', ['booking', 'booked', 'unknown']),
        ),
      ),
    )
    .orderBy('o.id')
    .forUpdate()
    .execute();
  const allowed = new Set(lockable.map((r) => r.id));
  const todo = updates.filter((u) => allowed.has(u.orderId));
  if (todo.length === 0) return [];
  const products = await ensureProducts(
    tx,
    todo.flatMap((u) =>
      u.incoming.items.map((i) => ({
        sku: i.sku,
        name: i.name,
        weightText: i.weightText,
        pricePaise: i.unitPricePaise,
      })),
    ),
    input.now,
  );
  for (const { orderId, incoming } of todo) {
    const subtotal = incoming.items.reduce((sum, i) => sum + i.quantity * i.unitPricePaise, 0);
    await tx
      .updateTable('orders')
      .set({
        payment_method: incoming.paymentMethod,
        subtotal_paise: subtotal,
        shipping_paise: incoming.shippingPaise,
        discount_paise: incoming.discountPaise,
        fees_paise: incoming.feesPaise ?? 0,
        tax_paise: incoming.taxPaise ?? 0,
        total_paise: subtotal + incoming.shippingPaise + (incoming.feesPaise ?? 0) - incoming.discountPaise,
        cod_amount_paise: incoming.paymentMethod === 'cod' ? incoming.codAmountPaise : null,
        ship_name: incoming.shippingAddress.name,
        ship_line1: incoming.shippingAddress.line1,
        ship_line2: incoming.shippingAddress.line2,
        ship_city: incoming.shippingAddress.city,
        ship_state: incoming.shippingAddress.state,
        ship_pincode: incoming.shippingAddress.pincode,
        contact_phone: incoming.customer.phone,
        contact_email: incoming.customer.email,
        ...intakeExtraColumns(incoming, { alternate_phone: undefined, package: undefined }),
        ...(incoming.addressCheck ? addressCheckColumns(incoming.addressCheck) : {}),
        updated_at: input.now,
      })
      .where('id', '=', orderId)
      .execute();
  }
  const todoIds = todo.map((u) => u.orderId);
  await tx.deleteFrom('order_items').where('order_id', 'in', todoIds).execute();
  await tx
    .insertInto('order_items')
    .values(
      todo.flatMap(({ orderId, incoming }) =>
        incoming.items.map((item) => ({
          order_id: orderId,
          product_id: products.get(item.sku)?.id ?? null,
          sku: item.sku,
          name: item.name,
          quantity: item.quantity,
          unit_price_paise: item.unitPricePaise,
          weight_text: item.weightText,
        })),
      ),
    )
    .execute();
  await tx
    .insertInto('status_history')
    .values(
      todo.map(({ orderId }) => ({
        order_id: orderId,
        source: 'system' as const,
        applied: false,
        description: input.description,
        recorded_at: input.now,
      })),
    )
    .execute();
  return todoIds;
}
