import { intakeTotalPaise, type IntakeOrder } from '@app/db';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChannelOrder } from './channel-order';
import { toChannelIntake } from './channel-intake';
import { mapShopifyOrder, shopifyOrderSchema } from './shopify/shopify.wire';
import { mapWooOrder, wooOrderSchema } from './woocommerce/woocommerce.wire';

/**
 * Money invariants (issue 22; DESIGN "Money and the record"), driven through the real mappings and
 * the one order-input schema: for any Shopify or WooCommerce order body, the cash to collect is
 * what the channel says is owed, and items + shipping + fees - discounts add up to the channel's
 * total to the paisa. Bodies are built the way the channels build them (prices with or without
 * tax, discounts, fee lines, shipping tax, several lines and quantities, COD and prepaid), and each
 * stored part is compared with the channel's own figure, so nothing is balanced by a plug.
 */

const rupees = (paise: number) =>
  `${paise < 0 ? '-' : ''}${Math.floor(Math.abs(paise) / 100)}.${String(Math.abs(paise) % 100).padStart(2, '0')}`;
const RATES = [0, 5, 12, 18, 28];
const RUNS = Number(process.env.PROPERTY_RUNS ?? 400);

type Applied = { intake: IntakeOrder } | { rejected: string } | { skipped: ChannelOrder['kind'] };
function apply(channel: 'shopify' | 'woocommerce', mapped: ChannelOrder): Applied {
  if (mapped.kind !== 'upsert') return { skipped: mapped.kind };
  return toChannelIntake(channel, mapped, 'off');
}
const itemsPaise = (intake: IntakeOrder) => intake.items.reduce((s, i) => s + i.quantity * i.unitPricePaise, 0);
const collected = (intake: IntakeOrder) => intake.codAmountPaise ?? intakeTotalPaise(intake);

const address = {
  first_name: 'Asha',
  last_name: 'Rao',
  address1: '12, 4th Cross, Indiranagar',
  address_1: '12, 4th Cross, Indiranagar',
  city: 'Bengaluru',
  province: 'Karnataka',
  state: 'KA',
  zip: '560038',
  postcode: '560038',
  country_code: 'IN',
  country: 'IN',
  phone: '+91 98450 12345',
};

// ---------------------------------------------------------------------------------------------
// Shopify
// ---------------------------------------------------------------------------------------------

const shopifyLine = fc.record({
  pricePaise: fc.integer({ min: 0, max: 2_500_00 }),
  quantity: fc.integer({ min: 1, max: 6 }),
  rate: fc.constantFrom(...RATES),
  ships: fc.oneof({ weight: 5, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  grams: fc.constantFrom(0, 250, 500, 1200),
});
const shopifyCase = fc.record({
  lines: fc.array(shopifyLine, { minLength: 1, maxLength: 4 }),
  shipping: fc.array(fc.record({ pricePaise: fc.integer({ min: 0, max: 150_00 }), rate: fc.constantFrom(...RATES) }), {
    maxLength: 2,
  }),
  taxesIncluded: fc.boolean(),
  discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
  payment: fc.constantFrom('cod', 'cod-partly-paid', 'prepaid'),
  paidShare: fc.double({ min: 0, max: 1, noNaN: true }),
  current: fc.boolean(),
});

type ShopifyCase = typeof shopifyCase extends fc.Arbitrary<infer T> ? T : never;

function shopifyBody(c: ShopifyCase, id: number) {
  let items = 0;
  let nonShipping = 0;
  let parcel = 0;
  let tax = 0;
  const line_items = c.lines.map((l, i) => {
    const gross = l.pricePaise * l.quantity;
    const lineTax = c.taxesIncluded
      ? Math.round((gross * l.rate) / (100 + l.rate))
      : Math.round((gross * l.rate) / 100);
    tax += lineTax;
    const amount = gross + (c.taxesIncluded ? 0 : lineTax);
    items += gross;
    if (l.ships) parcel += amount;
    else nonShipping += amount;
    return {
      id: i + 1,
      sku: `SKU-${i}`,
      name: `Item ${i}`,
      variant_id: 100 + i,
      quantity: l.quantity,
      ...(c.current ? { current_quantity: l.quantity } : {}),
      price: rupees(l.pricePaise),
      grams: l.grams,
      requires_shipping: l.ships,
      fulfillable_quantity: l.quantity,
      tax_lines: lineTax > 0 ? [{ price: rupees(lineTax), rate: l.rate / 100, title: 'IGST' }] : [],
    };
  });
  const linesTax = tax;
  let shipping = 0;
  const shipping_lines = c.shipping.map((s, i) => {
    const sTax = c.taxesIncluded
      ? Math.round((s.pricePaise * s.rate) / (100 + s.rate))
      : Math.round((s.pricePaise * s.rate) / 100);
    tax += sTax;
    shipping += s.pricePaise + (c.taxesIncluded ? 0 : sTax);
    return { id: i + 1, price: rupees(s.pricePaise), tax_lines: sTax > 0 ? [{ price: rupees(sTax) }] : [] };
  });
  const discount = Math.floor(items * c.discountShare);
  // Prices with tax: the total is what the lines say; without: the lines' tax comes on top.
  const totalWithTax = items + (c.taxesIncluded ? 0 : linesTax) - discount + shipping;
  const cod = c.payment !== 'prepaid';
  const paid = c.payment === 'cod-partly-paid' ? Math.floor(totalWithTax * c.paidShare) : 0;
  const money = {
    total_price: rupees(totalWithTax),
    total_discounts: rupees(discount),
    total_tax: rupees(tax),
  };
  const body = {
    id,
    name: `#${id}`,
    email: 'asha@example.com',
    created_at: '2026-11-30T10:15:00+05:30',
    updated_at: '2026-11-30T10:15:00+05:30',
    financial_status: c.payment === 'prepaid' ? 'paid' : c.payment === 'cod' ? 'pending' : 'partially_paid',
    payment_gateway_names: [cod ? 'Cash on Delivery (COD)' : 'razorpay'],
    taxes_included: c.taxesIncluded,
    ...money,
    ...(c.current
      ? {
          current_total_price: money.total_price,
          current_total_discounts: money.total_discounts,
          current_total_tax: money.total_tax,
        }
      : {}),
    total_outstanding: rupees(c.payment === 'prepaid' ? 0 : totalWithTax - paid),
    shipping_lines,
    shipping_address: address,
    line_items,
  };
  return {
    body,
    expect: {
      total: totalWithTax,
      parcel,
      nonShipping,
      shipping,
      discount,
      tax,
      owed: cod ? totalWithTax - paid : null,
    },
  };
}

describe('Shopify money invariants (property)', () => {
  it("the courier collects total_outstanding; items + shipping + fees - discount = the total, each part the channel's own", () => {
    let id = 1;
    fc.assert(
      fc.property(shopifyCase, (c) => {
        const { body, expect: want } = shopifyBody(c, id++);
        const parsed = shopifyOrderSchema.parse(body);
        const result = apply('shopify', mapShopifyOrder(parsed));
        if (c.lines.every((l) => !l.ships)) {
          expect(result).toEqual({ skipped: 'ignore' });
          return;
        }
        if (want.owed === 0) {
          // A COD order with nothing to collect is refused at intake, naming the field.
          expect('rejected' in result && result.rejected).toContain('codAmount');
          return;
        }
        if (!('intake' in result)) throw new Error(`not taken: ${JSON.stringify(result)}`);
        const intake = result.intake;
        expect(intakeTotalPaise(intake)).toBe(want.total);
        expect(itemsPaise(intake)).toBe(want.parcel);
        expect(intake.shippingPaise).toBe(want.shipping);
        expect(intake.feesPaise ?? 0).toBe(want.nonShipping);
        expect(intake.discountPaise).toBe(want.discount);
        expect(intake.taxPaise).toBe(want.tax);
        expect(intake.paymentMethod).toBe(want.owed === null ? 'prepaid' : 'cod');
        if (want.owed !== null) expect(collected(intake)).toBe(want.owed);
        // Every stored unit price is whole paise, and the items are the parcel's units.
        for (const item of intake.items) expect(Number.isSafeInteger(item.unitPricePaise)).toBe(true);
        expect(intake.items.reduce((s, i) => s + i.quantity, 0)).toBe(
          c.lines.filter((l) => l.ships).reduce((s, l) => s + l.quantity, 0),
        );
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// WooCommerce
// ---------------------------------------------------------------------------------------------

const wooLine = fc.record({
  unitPaise: fc.integer({ min: 0, max: 2_500_00 }),
  quantity: fc.integer({ min: 1, max: 7 }),
  rate: fc.constantFrom(...RATES),
  discountShare: fc.double({ min: 0, max: 1, noNaN: true }),
});
const wooCase = fc.record({
  lines: fc.array(wooLine, { minLength: 1, maxLength: 4 }),
  pricesIncludeTax: fc.boolean(),
  shippingPaise: fc.integer({ min: 0, max: 200_00 }),
  shippingRate: fc.constantFrom(...RATES),
  fees: fc.array(fc.record({ paise: fc.integer({ min: -100_00, max: 100_00 }), rate: fc.constantFrom(...RATES) }), {
    maxLength: 2,
  }),
  cod: fc.boolean(),
});

type WooCase = typeof wooCase extends fc.Arbitrary<infer T> ? T : never;

function wooBody(c: WooCase, id: number) {
  let itemsGross = 0;
  let discountTotal = 0;
  let discountTax = 0;
  let cartTax = 0;
  let totalSum = 0;
  const line_items = c.lines.map((l, i) => {
    // The customer sees `unitPaise` (with tax when prices include it); WooCommerce stores ex-tax amounts.
    const shown = l.unitPaise * l.quantity;
    const subtotal = c.pricesIncludeTax ? shown - Math.round((shown * l.rate) / (100 + l.rate)) : shown;
    const subtotalTax = c.pricesIncludeTax ? shown - subtotal : Math.round((subtotal * l.rate) / 100);
    const total = Math.floor(subtotal * (1 - l.discountShare));
    // WooCommerce taxes the discounted line at its rate: the same tax when nothing is taken off.
    const totalTax = subtotal === 0 ? 0 : Math.round((subtotalTax * total) / subtotal);
    itemsGross += subtotal + subtotalTax;
    discountTotal += subtotal - total;
    discountTax += subtotalTax - totalTax;
    cartTax += totalTax;
    totalSum += total + totalTax;
    return {
      id: i + 1,
      name: `Item ${i}`,
      product_id: 500 + i,
      variation_id: 0,
      quantity: l.quantity,
      subtotal: rupees(subtotal),
      subtotal_tax: rupees(subtotalTax),
      total: rupees(total),
      total_tax: rupees(totalTax),
      sku: `W-${i}`,
      price: subtotal / l.quantity / 100,
    };
  });
  const shippingTax = Math.round((c.shippingPaise * c.shippingRate) / 100);
  let positiveFees = 0;
  let credits = 0;
  const fee_lines = c.fees.map((f, i) => {
    const feeTax = f.paise > 0 ? Math.round((f.paise * f.rate) / 100) : 0;
    cartTax += feeTax;
    if (f.paise + feeTax >= 0) positiveFees += f.paise + feeTax;
    else credits += -(f.paise + feeTax);
    totalSum += f.paise + feeTax;
    return { id: i + 1, name: `Fee ${i}`, total: rupees(f.paise), total_tax: rupees(feeTax) };
  });
  const total = totalSum + c.shippingPaise + shippingTax;
  const body = {
    id,
    number: `WCX${id}`,
    status: 'processing',
    date_created_gmt: '2026-11-30T04:45:00',
    date_modified_gmt: '2026-11-30T04:45:00',
    payment_method: c.cod ? 'cod' : 'razorpay',
    prices_include_tax: c.pricesIncludeTax,
    total: rupees(total),
    total_tax: rupees(cartTax + shippingTax),
    cart_tax: rupees(cartTax),
    shipping_total: rupees(c.shippingPaise),
    shipping_tax: rupees(shippingTax),
    discount_total: rupees(discountTotal),
    discount_tax: rupees(discountTax),
    billing: { ...address, email: 'asha@example.com' },
    shipping: address,
    line_items,
    fee_lines,
    shipping_lines: [{ method_id: 'flat_rate', total: rupees(c.shippingPaise), total_tax: rupees(shippingTax) }],
    meta_data: [],
  };
  return {
    body,
    expect: {
      total,
      items: itemsGross,
      shipping: c.shippingPaise + shippingTax,
      fees: positiveFees,
      discount: discountTotal + discountTax + credits,
      tax: cartTax + shippingTax,
    },
  };
}

describe('WooCommerce money invariants (property)', () => {
  it("the courier collects WooCommerce total; items + shipping + fees - discount = total, each part the channel's own", () => {
    let id = 1;
    fc.assert(
      fc.property(wooCase, (c) => {
        const { body, expect: want } = wooBody(c, id++);
        const result = apply('woocommerce', mapWooOrder(wooOrderSchema.parse(body)));
        if (want.total < 0) {
          expect('rejected' in result).toBe(true);
          return;
        }
        if (c.cod && want.total === 0) {
          expect('rejected' in result && result.rejected).toContain('codAmount');
          return;
        }
        if (!('intake' in result)) throw new Error(`not taken: ${JSON.stringify(result)}`);
        const intake = result.intake;
        expect(intakeTotalPaise(intake)).toBe(want.total);
        expect(itemsPaise(intake)).toBe(want.items);
        expect(intake.shippingPaise).toBe(want.shipping);
        expect(intake.feesPaise ?? 0).toBe(want.fees);
        expect(intake.discountPaise).toBe(want.discount);
        expect(intake.taxPaise).toBe(want.tax);
        if (c.cod) expect(collected(intake)).toBe(want.total);
        else expect(intake.paymentMethod).toBe('prepaid');
        expect(intake.items.reduce((s, i) => s + i.quantity, 0)).toBe(c.lines.reduce((s, l) => s + l.quantity, 0));
        expect(intake.storeOrderNumber).toBe(`WCX${body.id}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('figures that do not add up (rounded per line, an unlisted plugin charge): the stored parts still reach the total, and COD collects it', () => {
    let id = 10_000;
    fc.assert(
      fc.property(wooCase, fc.integer({ min: -300, max: 5_000 }), (c, drift) => {
        const { body, expect: want } = wooBody(c, id++);
        const total = want.total + drift;
        const result = apply('woocommerce', mapWooOrder(wooOrderSchema.parse({ ...body, total: rupees(total) })));
        fc.pre('intake' in result);
        if (!('intake' in result)) return;
        expect(intakeTotalPaise(result.intake)).toBe(total);
        if (c.cod) expect(collected(result.intake)).toBe(total);
        expect(result.intake.feesPaise ?? 0).toBeGreaterThanOrEqual(0);
        expect(result.intake.discountPaise).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });
});
