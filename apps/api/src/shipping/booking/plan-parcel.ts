import type { OrderItemRecord } from '@app/db';
import { computeParcelWeight } from '@app/shipping';
import type { AppConfig } from '../../platform/config/config';

export interface ParcelPlan {
  weightGrams: number;
  usedFallback: boolean;
  unparsedItems: { sku: string | null; name: string | null; weightText: string | null; reason: string }[];
  lengthCm: number;
  breadthCm: number;
  heightCm: number;
}

/** The parcel an order ships as: weight from its items' weight text (0.5 kg fallback, said so) and the store's box. */
export function planParcel(config: Pick<AppConfig, 'box'>, items: readonly OrderItemRecord[]): ParcelPlan {
  const weight = computeParcelWeight(
    items.map((i) => ({ weightText: i.weightText, quantity: i.quantity, sku: i.sku, name: i.name })),
  );
  return {
    weightGrams: weight.grams,
    usedFallback: weight.usedFallback,
    unparsedItems: weight.unparsedItems,
    ...config.box,
  };
}
