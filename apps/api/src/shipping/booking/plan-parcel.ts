import type { OrderItemRecord, OrderRecord } from '@app/db';
import { computeParcelWeight, UNREADABLE_WEIGHT_RULE } from '@app/shipping';
import type { AppConfig } from '../../platform/config/config';

export interface ParcelPlan {
  weightGrams: number;
  usedFallback: boolean;
  unparsedItems: { sku: string | null; name: string | null; weightText: string | null; reason: string }[];
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
  /** Where the box comes from: the order's own (its source declared one) or the store's default. */
  boxSource: 'order' | 'store';
  /** What was done with the weights that could not be read, in the words every page uses. */
  weightRule: string;
  /** The shortest shelf life of the products in it (days); null when none is perishable. */
  shelfLifeDays: number | null;
}

/**
 * The parcel an order ships as: weight from its items' weight text (0.5 kg fallback, said so) and
 * the box its source declared, else the store's default box. Quote, booking, bulk review and
 * Order Details all plan with this, so they never disagree.
 */
export function planParcel(
  config: Pick<AppConfig, 'box'>,
  items: readonly OrderItemRecord[],
  order: Pick<OrderRecord, 'package'>,
): ParcelPlan {
  const weight = computeParcelWeight(
    items.map((i) => ({ weightText: i.weightText, quantity: i.quantity, sku: i.sku, name: i.name })),
  );
  const box = order.package ?? config.box;
  return {
    weightGrams: weight.grams,
    usedFallback: weight.usedFallback,
    unparsedItems: weight.unparsedItems,
    lengthCm: box.lengthCm,
    breadthCm: box.breadthCm,
    heightCm: box.heightCm,
    boxSource: order.package ? 'order' : 'store',
    weightRule: UNREADABLE_WEIGHT_RULE,
    shelfLifeDays: items.reduce<number | null>(
      (shortest, i) => (i.shelfLifeDays === null ? shortest : Math.min(shortest ?? Infinity, i.shelfLifeDays)),
      null,
    ),
  };
}
