/**
 * The bounds on every number an order brings in: amounts, quantities, weights and box sides. One
 * rule for every intake (REST, CSV, channels, the product catalogue), so a value one path accepts
 * is one the database can store and a courier can carry; beyond them it is a typo ("99999999999
 * kg"), refused with the reason rather than stored, rounded or failed on later.
 *
 * The parsers that apply them live beside their kind: `parseAmountPaise` (money.ts),
 * `parseWeightText` and `parseWeightKg` (parcel/weight.ts), `parseBoxSideCm` (parcel/box.ts) and
 * `parseQuantity` (below).
 */
export const ORDER_LIMITS = Object.freeze({
  /** Rs 2 crore in paise: any one amount and an order's total, inside a PostgreSQL integer. */
  maxAmountPaise: 2_000_000_000,
  /** Units of one line. */
  maxQuantity: 10_000,
  /** 1,000 kg: a weight text (a unit, "2 x 500 kg" counted whole), a declared parcel, an order's stated weight. */
  maxWeightGrams: 1_000_000,
  /** A side of a box, in whole centimetres (couriers take whole cm; 0.5 cm rounds up to 1). */
  minSideCm: 1,
  maxSideCm: 300,
  /**
   * Characters of an order number ("#1001", "SR/88421-A"): what every intake accepts is what the
   * customer's tracking link, the REST lookups and the label carry, so no accepted order has a
   * link that answers 404.
   */
  maxOrderNumberChars: 64,
});

export type QuantityParse = { ok: true; quantity: number } | { ok: false; message: string };

/** Whole units from 1 to ORDER_LIMITS.maxQuantity: a number, or digits ("2"). */
export function parseQuantity(raw: unknown): QuantityParse {
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*\d{1,9}\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > ORDER_LIMITS.maxQuantity) {
    return {
      ok: false,
      message: `must be a whole number from 1 to ${ORDER_LIMITS.maxQuantity.toLocaleString('en-IN')}`,
    };
  }
  return { ok: true, quantity: n };
}
