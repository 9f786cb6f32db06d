import { formatPaiseAsRupees, parseRupeesToPaise } from '@app/shipping';

/**
 * How a channel's order becomes money on our record (DESIGN "Money and the record"), decided once
 * for Shopify and WooCommerce alike: every amount is what the customer pays, tax included; the
 * parts (items + shipping + fees - discount) add up to the channel's total to the paisa; the
 * courier collects what the channel says is owed. docs/decisions.md "Issue 22: store channels".
 */

/** Orders hold at most Rs 2 crore in one amount: integer paise in a PostgreSQL integer. */
const MAX_PAISE = 2_000_000_000;

/** An amount as the channel wrote it, to paise; null when absent; NaN when it is not an amount. */
export function paiseOf(raw: string | number | null | undefined): number | null {
  if (raw === null || raw === undefined || (typeof raw === 'string' && raw.trim() === '')) return null;
  const paise = parseRupeesToPaise(raw);
  return paise === null || Math.abs(paise) > MAX_PAISE ? Number.NaN : paise;
}

/**
 * A line's amount spread over its units in whole paise: one row when it divides, else two rows
 * (some units a paisa dearer) that add up to the line exactly, so no paisa is lost or made.
 */
export function splitLineAmount(totalPaise: number, quantity: number): { quantity: number; unitPaise: number }[] {
  if (!Number.isSafeInteger(quantity) || quantity < 1) return [{ quantity, unitPaise: totalPaise }];
  const unit = Math.floor(totalPaise / quantity);
  const dearer = totalPaise - unit * quantity;
  if (dearer === 0) return [{ quantity, unitPaise: unit }];
  return [
    { quantity: quantity - dearer, unitPaise: unit },
    { quantity: dearer, unitPaise: unit + 1 },
  ];
}

export interface ChannelMoneyLine {
  sku: string;
  name: string;
  /** Units in the parcel. */
  quantity: number;
  /** What the customer pays for those units, tax included, before order discounts. */
  amountPaise: number;
  weight?: number;
}

export interface ChannelMoney {
  lines: ChannelMoneyLine[];
  shippingPaise: number;
  /** Fee lines and lines that do not ship, tax included. */
  feesPaise: number;
  discountPaise: number;
  /** Tax included in the amounts, for the record. */
  taxPaise: number;
  /** The channel's total for the order. */
  totalPaise: number;
  /** COD: what the channel says the customer still owes. */
  owedPaise: number | null;
}

/**
 * Our order input's money fields from a channel's figures. A difference between the channel's
 * total and its parts (each line's tax rounded on its own, a plugin's charge the body does not
 * itemise) is kept as a fee when the total is higher and as a discount when it is lower, so the
 * stored parts add up to the channel's total exactly.
 */
export function moneyInput(money: ChannelMoney) {
  const items = money.lines.reduce((sum, l) => sum + l.amountPaise, 0);
  // A negative discount (its tax rounded the other way) is a charge, a negative fee a credit.
  const feesStated = Math.max(money.feesPaise, 0) + Math.max(-money.discountPaise, 0);
  const discountStated = Math.max(money.discountPaise, 0) + Math.max(-money.feesPaise, 0);
  const gap = money.totalPaise - (items + money.shippingPaise + feesStated - discountStated);
  const fees = feesStated + Math.max(gap, 0);
  const discount = discountStated + Math.max(-gap, 0);
  return {
    items: money.lines.flatMap((line) =>
      splitLineAmount(line.amountPaise, line.quantity).map((row) => ({
        sku: line.sku,
        name: line.name,
        quantity: row.quantity,
        unitPrice: rupees(row.unitPaise),
        ...(line.weight !== undefined ? { weight: line.weight } : {}),
      })),
    ),
    shippingCharge: rupees(money.shippingPaise),
    ...(fees !== 0 ? { fees: rupees(fees) } : {}),
    ...(discount !== 0 ? { discount: rupees(discount) } : {}),
    ...(money.owedPaise !== null ? { codAmount: rupees(money.owedPaise) } : {}),
  };
}

/** Paise as the order input's rupee text; a negative amount stays negative so the schema names it. */
function rupees(paise: number): string {
  return Number.isSafeInteger(paise) ? formatPaiseAsRupees(paise) : 'not an amount';
}

/** The first of these named amounts that is present but not an amount, for the reason. */
export function unreadableAmount(named: Record<string, number | null>): string | null {
  for (const [name, value] of Object.entries(named)) if (value !== null && Number.isNaN(value)) return name;
  return null;
}

/** A channel's version of an order (a date-time the channel stamps on every change), or null. */
export function channelVersion(raw: string | null | undefined, assumeUtc = false): Date | null {
  if (typeof raw !== 'string' || raw.trim() === '' || raw.length > 40) return null;
  const text = raw.trim();
  const date = new Date(assumeUtc && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text}Z` : text);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 2000 || year > 2100 ? null : date;
}

/**
 * An order changes only by a newer statement of it: a body older than the one applied, or one
 * without a version once the order holds one, changes nothing. The same second is not older: the
 * channels stamp whole seconds and two real edits can share one.
 */
export function isStaleStatement(applied: Date | null, incoming: Date | null): boolean {
  return applied !== null && (incoming === null || incoming.getTime() < applied.getTime());
}

/** Tax for the record: null when it cannot be stored (negative, too large, not an amount). */
export function storableTax(paise: number | null): number | null {
  if (paise === null) return 0;
  return Number.isSafeInteger(paise) && paise >= 0 && paise <= MAX_PAISE ? paise : null;
}
