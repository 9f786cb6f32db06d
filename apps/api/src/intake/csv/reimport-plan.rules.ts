// What importing a file again would do to an order it made before, decided once and used by both
// the preview and the import (DESIGN "Money and the record": a re-imported CSV order is left
// exactly as it is unless the preview said it would change and how).
import { intakeTotalPaise, type IntakeOrder, type IntakeOrderState } from '@app/db';
import { formatPaiseAsRupees, ORDER_STATUS_LABEL } from '@app/shipping';

export type ReimportAction = 'update' | 'unchanged' | 'skip';

/** One difference between the stored order and the file, in words the admin reads. */
export interface OrderChange {
  field:
    | 'name'
    | 'address'
    | 'phone'
    | 'alternatePhone'
    | 'email'
    | 'paymentMethod'
    | 'item'
    | 'shipping'
    | 'discount'
    | 'total'
    | 'cashToCollect'
    | 'package';
  /** What changes: "Delivery address", "Item PKL-AVAKAYA-500". */
  label: string;
  /** As stored now; null = not there (an item the file adds). */
  before: string | null;
  /** As the file has it; null = gone (an item the file no longer lists). */
  after: string | null;
}

export interface ReimportDecision {
  action: ReimportAction;
  /** Every difference; for 'skip', the differences that will NOT be applied. */
  changes: OrderChange[];
  /** Why a changed order is left as it is. */
  reason: string | null;
}

const rupees = (paise: number) => formatPaiseAsRupees(paise);
type Item = IntakeOrderState['items'][number];
const describeItem = (i: Item) =>
  `${i.quantity} × ${rupees(i.unitPricePaise)} ${i.name}${i.weightText ? ` (${i.weightText})` : ''}`;
const describeBox = (box: { lengthCm: number; breadthCm: number; heightCm: number } | null) =>
  box ? `${box.lengthCm} × ${box.breadthCm} × ${box.heightCm} cm` : "the store's default box";
const describeAddress = (a: IntakeOrder['shippingAddress']) =>
  [a.line1, a.line2, a.city, `${a.state} ${a.pincode}`].filter(Boolean).join(', ');
const describeCash = (method: 'cod' | 'prepaid', paise: number) =>
  method === 'cod' ? rupees(paise) : 'nothing (prepaid)';

/** Items matched by SKU (the nth line of a SKU with the nth): what was added, removed or changed. */
function itemChanges(before: readonly Item[], after: readonly Item[]): OrderChange[] {
  const keyed = (items: readonly Item[]) => {
    const seen = new Map<string, number>();
    return items.map((item) => {
      const n = (seen.get(item.sku) ?? 0) + 1;
      seen.set(item.sku, n);
      return [`${item.sku}\u0000${n}`, item] as const;
    });
  };
  const old = new Map(keyed(before));
  const changes: OrderChange[] = [];
  for (const [key, item] of keyed(after)) {
    const was = old.get(key);
    old.delete(key);
    const now = describeItem(item);
    if (!was) changes.push({ field: 'item', label: `Item ${item.sku}`, before: null, after: now });
    else if (describeItem(was) !== now)
      changes.push({ field: 'item', label: `Item ${item.sku}`, before: describeItem(was), after: now });
  }
  for (const was of old.values()) {
    changes.push({ field: 'item', label: `Item ${was.sku}`, before: describeItem(was), after: null });
  }
  return changes;
}

/**
 * Every difference between the stored order and the file's version of it, over exactly what an
 * update writes (updateUnshippedIntakeOrders): name and address, contact, payment, money, items,
 * and the second phone and box when the file states them.
 */
export function diffIntakeOrder(state: IntakeOrderState, incoming: IntakeOrder): OrderChange[] {
  const { order } = state;
  const changes: OrderChange[] = [];
  const add = (field: OrderChange['field'], label: string, before: string | null, after: string | null) => {
    if (before !== after) changes.push({ field, label, before, after });
  };
  add('name', 'Ship to', order.shippingAddress.name, incoming.shippingAddress.name);
  add('address', 'Delivery address', describeAddress(order.shippingAddress), describeAddress(incoming.shippingAddress));
  add('phone', 'Phone', order.contactPhone, incoming.customer.phone);
  if (incoming.alternatePhone !== undefined)
    add('alternatePhone', 'Alternate phone', order.alternatePhone, incoming.alternatePhone);
  add('email', 'Email', order.contactEmail, incoming.customer.email);
  add('paymentMethod', 'Payment', order.paymentMethod.toUpperCase(), incoming.paymentMethod.toUpperCase());
  changes.push(...itemChanges(state.items, incoming.items));
  add('shipping', 'Shipping charge', rupees(order.shippingPaise), rupees(incoming.shippingPaise));
  add('discount', 'Order discount', rupees(order.discountPaise), rupees(incoming.discountPaise));
  const total = intakeTotalPaise(incoming);
  add('total', 'Order total', rupees(order.totalPaise), rupees(total));
  add(
    'cashToCollect',
    'Cash to collect',
    describeCash(order.paymentMethod, order.codAmountPaise),
    describeCash(incoming.paymentMethod, incoming.codAmountPaise ?? total),
  );
  if (incoming.package !== undefined) add('package', 'Box', describeBox(order.package), describeBox(incoming.package));
  return changes;
}

/** Update it, leave it (nothing differs), or leave it although it differs (it is on its way or closed). */
export function decideReimport(state: IntakeOrderState, incoming: IntakeOrder): ReimportDecision {
  const changes = diffIntakeOrder(state, incoming);
  if (changes.length === 0) return { action: 'unchanged', changes, reason: null };
  const { status } = state.order;
  if (status !== 'pending' && status !== 'processing') {
    return {
      action: 'skip',
      changes,
      reason: `it is ${ORDER_STATUS_LABEL[status]} already, so it can no longer change`,
    };
  }
  if (state.hasActiveShipment) {
    return { action: 'skip', changes, reason: 'its parcel is booked with iCarry already, so it can no longer change' };
  }
  return { action: 'update', changes, reason: null };
}
