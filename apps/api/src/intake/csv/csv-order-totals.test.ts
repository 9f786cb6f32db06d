import type { IntakeOrder } from '@app/db';
import { formatPaiseAsRupees } from '@app/shipping';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveColumns } from './csv-columns';
import type { CsvOrderInput } from './csv-order-input';
import { applyCsvOrderTotals } from './csv-order-totals';

const columns = resolveColumns([
  '*Order Id',
  '*Payment Method(COD/Prepaid)',
  '*Customer First Name',
  '*Customer Mobile',
  '*Shipping Address Line 1',
  '*Shipping Address City',
  '*Shipping Address State',
  '*Shipping Address Postcode',
  '*Master SKU',
  '*Product Name',
  '*Product Quantity',
  '*Selling Price(Per Unit Item, Inclusive of Tax)',
  'Shipping Charges(Per Order)',
  'COD Charges(Per Order)',
  'Total Discount (Per Order)',
  '*Partial COD (Yes/No)',
  'Paid Amount (Rs.)',
]);

function intakeOf(items: { quantity: number; unitPricePaise: number }[], shippingPaise: number): IntakeOrder {
  return {
    source: 'csv',
    externalId: 'SR-1',
    orderNumber: 'SR-1',
    placedAt: null,
    status: 'processing',
    paymentMethod: 'cod',
    codAmountPaise: null,
    customer: { name: 'Meera Kapoor', phone: '9812345670', email: null, whatsappOptIn: false },
    shippingAddress: {
      name: 'Meera Kapoor',
      line1: 'Flat 12B',
      line2: null,
      city: 'Panchkula',
      state: 'Haryana',
      pincode: '134109',
    },
    items: items.map((i, n) => ({ sku: `SKU-${n}`, name: 'Top', weightText: null, ...i })),
    shippingPaise,
    discountPaise: 0,
    note: null,
    receivedVia: 'Imported from a CSV file',
  };
}

function csvOrder(extras: CsvOrderInput['extras']): CsvOrderInput {
  return { orderId: 'SR-1', rows: [2], input: {}, extras, rowErrors: [] };
}

const money = (paise: number) => formatPaiseAsRupees(paise);

describe('applyCsvOrderTotals: the CSV cash to collect (DESIGN "Money and the record")', () => {
  it('PG1263-SR: 7,760.00 - 500.00 paid + 49.00 COD charges = 7,309.00', () => {
    const intake = intakeOf(
      [890_00, 890_00, 2990_00, 2990_00].map((p) => ({ quantity: 1, unitPricePaise: p })),
      0,
    );
    const errors = applyCsvOrderTotals(
      intake,
      csvOrder({ partialCod: 'Yes', paidAmount: '500', codCharges: '49' }),
      columns,
    );
    expect(errors).toEqual([]);
    expect(intake.codAmountPaise).toBe(730_900);
  });

  it('for any order: cash = items + shipping + COD charges - discount - (partial ? paid : 0), to the paise, or a row error naming the column', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            quantity: fc.integer({ min: 1, max: 20 }),
            unitPricePaise: fc.integer({ min: 0, max: 50_000_00 }),
          }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        fc.integer({ min: 0, max: 500_00 }),
        fc.integer({ min: 0, max: 1_000_000_00 }),
        fc.boolean(),
        fc.integer({ min: -1_000_00, max: 3_000_000_00 }),
        fc.integer({ min: 0, max: 200_00 }),
        (items, shipping, discountSeed, partial, paid, codCharges) => {
          const intake = intakeOf(items, shipping);
          // COD charges are a fee: part of the total the discount comes off and the advance is paid against.
          const gross = items.reduce((s, i) => s + i.quantity * i.unitPricePaise, 0) + shipping + codCharges;
          const discount = discountSeed % (gross + 1);
          const errors = applyCsvOrderTotals(
            intake,
            csvOrder({
              partialCod: partial ? 'Yes' : 'No',
              paidAmount: partial ? money(paid) : '0',
              codCharges: money(codCharges),
              orderDiscount: money(discount),
            }),
            columns,
          );
          const total = gross - discount;
          const cash = total - (partial ? paid : 0);
          const paidBad = partial && (paid <= 0 || paid >= total);
          if (paidBad) {
            expect(errors.map((e) => [e.row, e.column])).toEqual([[2, 'Paid Amount (Rs.)']]);
            expect(intake.codAmountPaise).toBeNull();
          } else if (cash === 0) {
            expect(errors.map((e) => e.column)).toEqual(['*Payment Method(COD/Prepaid)']);
          } else {
            expect(errors).toEqual([]);
            expect(intake.codAmountPaise ?? total).toBe(cash);
            expect(intake.discountPaise).toBe(discount);
            expect(intake.feesPaise).toBe(codCharges);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('a prepaid order with Partial COD or COD charges, Paid Amount without Partial COD: row errors; gift wrap is a fee', () => {
    const prepaid = { ...intakeOf([{ quantity: 1, unitPricePaise: 100_00 }], 0), paymentMethod: 'prepaid' as const };
    expect(
      applyCsvOrderTotals(prepaid, csvOrder({ partialCod: 'Yes', codCharges: '10' }), columns).map((e) => e.column),
    ).toEqual(['*Partial COD (Yes/No)', 'COD Charges(Per Order)']);
    const cod = intakeOf([{ quantity: 1, unitPricePaise: 100_00 }], 0);
    expect(applyCsvOrderTotals(cod, csvOrder({ partialCod: 'No', paidAmount: '10' }), columns)).toHaveLength(1);
    expect(applyCsvOrderTotals(cod, csvOrder({ partialCod: 'maybe' }), columns)).toHaveLength(1);
    expect(applyCsvOrderTotals(cod, csvOrder({ giftWrapCharges: '30' }), columns)).toEqual([]);
    expect(cod.feesPaise).toBe(30_00);
    expect(cod.codAmountPaise ?? 130_00).toBe(130_00);
  });
});
