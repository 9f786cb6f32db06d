// What a CSV order says about money beyond the shared order schema (Shiprocket's order discount,
// partial COD, COD charges and other per-order charges), applied to the validated order, and the
// bound on the weight its items state. DESIGN "Money and the record": the cash to collect is the
// CSV's total less a partial COD's Paid Amount plus its COD Charges, to the paise. The charges are
// the order's fees (in its total), so that is the total, fees included, less the advance.
import type { IntakeOrder } from '@app/db';
import { checkAmountPaise, formatPaiseAsRupees, ORDER_LIMITS, parseAmountPaise, parseWeightText } from '@app/shipping';
import { TEMPLATE_NAMES, type ColumnMap, type CsvField } from './csv-columns';
import type { CsvOrderInput } from './csv-order-input';
import type { CsvRowError } from './csv-orders';

function yesNo(text: string | undefined): boolean | null {
  if (text === undefined) return false;
  const t = text.trim().toLowerCase();
  if (['yes', 'y', 'true', '1'].includes(t)) return true;
  if (['no', 'n', 'false', '0'].includes(t)) return false;
  return null;
}

/**
 * Sets the order's discount and cash to collect from the file's per-order money columns, or
 * returns why it cannot (each error names the row and column). `receivedVia` records how the
 * cash was worked out when it is not simply the total.
 */
export function applyCsvOrderTotals(intake: IntakeOrder, order: CsvOrderInput, columns: ColumnMap): CsvRowError[] {
  const row = order.rows[0] ?? 0;
  const errors: CsvRowError[] = [];
  const at = (field: CsvField) => ({ row, column: columns.header[field] ?? TEMPLATE_NAMES[field] });
  const fail = (field: CsvField, message: string) => errors.push({ ...at(field), message });
  const refused = new Set<CsvField>();
  /** A column's amount (0 when blank); a bad one is reported once and checked no further. */
  const amount = (field: CsvField, text: string | undefined): number => {
    if (text === undefined) return 0;
    const parsed = parseAmountPaise(text);
    if (parsed.ok) return parsed.paise;
    fail(field, parsed.message);
    refused.add(field);
    return 0;
  };
  const { extras } = order;
  const columnName = (field: CsvField) => `"${columns.header[field] ?? TEMPLATE_NAMES[field]}"`;

  // Per-order charges the customer pays (COD charges, gift wrap, a transaction fee) are the order's
  // fees: in its total, so the cash to collect is simply the total less what was paid in advance.
  const codCharges = amount('codCharges', extras.codCharges);
  const otherCharges =
    amount('giftWrapCharges', extras.giftWrapCharges) + amount('transactionFee', extras.transactionFee);
  const fees = codCharges + otherCharges;

  const items = intake.items.reduce((sum, i) => sum + i.quantity * i.unitPricePaise, 0);
  const gross = items + intake.shippingPaise + fees;
  const discount = amount('orderDiscount', extras.orderDiscount);
  if (discount > gross) fail('orderDiscount', 'must be at most the order total');
  const total = gross - discount;

  const partial = yesNo(extras.partialCod);
  if (partial === null) fail('partialCod', 'must be Yes or No');
  const paid = amount('paidAmount', extras.paidAmount);
  const explicitCod = intake.codAmountPaise;
  let cash: number | null = null;

  if (intake.paymentMethod === 'prepaid') {
    if (partial) fail('partialCod', 'is only for COD orders');
    if (codCharges > 0) fail('codCharges', 'are only for COD orders');
  } else if (explicitCod !== null && (paid > 0 || codCharges > 0)) {
    fail('codAmount', `give either the cash to collect or ${columnName('paidAmount')} and ${columnName('codCharges')}`);
  } else if (explicitCod !== null) {
    if (explicitCod > total) fail('codAmount', 'must not be more than the order total');
    cash = explicitCod;
  } else {
    if (refused.has('paidAmount')) {
      // Reported already.
    } else if (partial) {
      if (paid <= 0) fail('paidAmount', 'must be more than 0 for a partial COD');
      else if (paid >= total)
        fail('paidAmount', `must be less than the order total (${formatPaiseAsRupees(total)}) for a partial COD`);
    } else if (paid > 0) {
      fail('paidAmount', `is only for a partial COD: set ${columnName('partialCod')} to Yes, or leave it 0`);
    }
    cash = total - (partial ? paid : 0);
    const bounded = checkAmountPaise(cash);
    if (errors.length === 0 && !bounded.ok) {
      fail(
        codCharges > 0 ? 'codCharges' : 'orderId',
        `makes the cash to collect more than the bound (${bounded.message})`,
      );
    }
  }
  if (errors.length === 0 && intake.paymentMethod === 'cod' && cash === 0) {
    fail('paymentMethod', 'is COD but there is nothing to collect (set it to Prepaid for an order paid in full)');
  }

  // The parcel its items state: within what a courier carries (catalogue weights are checked where they are set).
  const statedGrams = intake.items.reduce((sum, i) => {
    const parse = parseWeightText(i.weightText);
    return parse.kind === 'ok' ? sum + parse.grams * i.quantity : sum;
  }, 0);
  if (statedGrams > ORDER_LIMITS.maxWeightGrams) {
    errors.push({
      row,
      column: columns.header.weight ?? columns.header.shipmentWeightKg ?? 'weight',
      message: `makes the order weigh more than ${ORDER_LIMITS.maxWeightGrams / 1000} kg`,
    });
  }
  if (errors.length > 0) return errors;

  intake.discountPaise = discount;
  intake.feesPaise = fees;
  if (intake.paymentMethod === 'cod' && cash !== null) {
    intake.codAmountPaise = cash === total ? null : cash;
    if (partial || codCharges > 0) {
      const parts = [
        partial ? `partial COD, ${formatPaiseAsRupees(paid)} paid in advance` : null,
        codCharges > 0 ? `COD charges ${formatPaiseAsRupees(codCharges)} included` : null,
      ].filter(Boolean);
      intake.receivedVia = `${intake.receivedVia}: order total ${formatPaiseAsRupees(total)}, ${parts.join(', ')}; the courier collects ${formatPaiseAsRupees(cash)}`;
    }
  }
  return [];
}
