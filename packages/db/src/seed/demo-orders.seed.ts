import type { OrderStatus } from '@app/shipping';
import type { Insertable } from 'kysely';
import { ORDER_NUMBER_PREFIX } from '../repositories/order.repository';
import type { OrdersTable } from '../schema';
import { DEMO_CATALOG, type CatalogProduct } from './catalog.data';
import { APARTMENTS, LANDMARKS, type DemoCustomer } from './demo-customers.data';
import { DEMO_PLACES, type DemoPlace } from './places.data';
import type { Prng } from './prng';

const FIRST_ORDER_NUMBER = 10001;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/**
 * Order numbers of the orders that exist to show a failure path in the demo. The sandbox treats a
 * pincode starting with 9 as unserviceable and one ending in 99 as "no COD".
 */
export const DEMO_CASES = {
  /** Processing, to an Army Post Office pincode (9xxxxx): serviceability check fails. */
  unserviceablePincode: `${ORDER_NUMBER_PREFIX}10055`,
  /** Processing, cash on delivery, pincode ending in 99: the courier does not offer COD there. */
  codNotOffered: `${ORDER_NUMBER_PREFIX}10057`,
  /** Processing, with an earlier failed booking attempt: the next booking must still be allowed. */
  failedBooking: `${ORDER_NUMBER_PREFIX}10045`,
  /** Processing, flagged for attention (address without a house number). */
  needsAttention: `${ORDER_NUMBER_PREFIX}10052`,
  /** Out for delivery, with an NDR note from a failed first attempt. */
  ndrOutForDelivery: `${ORDER_NUMBER_PREFIX}10024`,
} as const;

// Oldest first. Most are Processing, waiting to be shipped, which is what the panel is for.
export const STATUS_PLAN: readonly OrderStatus[] = [
  'delivered',
  'delivered',
  'delivered',
  'cancelled',
  'delivered',
  'delivered',
  'returned',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'delivered',
  'returning',
  'delivered',
  'delivered',
  'cancelled',
  'delivered',
  'shipped',
  'shipped',
  'out_for_delivery',
  'shipped',
  'out_for_delivery',
  'shipped',
  'out_for_delivery',
  'shipped',
  'shipped',
  'pending',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'processing',
  'pending',
  'processing',
  'processing',
];

/** Hand-picked line items for orders whose weights should exercise the parser's edge cases. */
const FIXED_ITEMS: Readonly<Record<number, readonly string[]>> = {
  47: ['SNK-MURUKKU-FAM', 'SNK-BANANA-200'],
  49: ['GFT-FESTIVE-BOX'],
  51: ['PKL-REDCHILLI-500', 'PKL-GONGURA-500'],
  53: ['MLT-FOXTAIL-2X500', 'HNY-MULTIFLORA-1500', 'OIL-COCONUT-200'],
};

interface DemoShopper extends DemoCustomer {
  place: DemoPlace;
  line1: string;
  line2: string | null;
}

export const APO_SHOPPER: DemoShopper = {
  name: 'Capt. Arjun Rathore',
  city: '56 APO',
  hasEmail: true,
  place: { city: 'C/O 56 APO', state: 'Jammu & Kashmir', pincode: '908056', localities: [] },
  line1: '4th Battalion, Officers Mess',
  line2: 'C/O 56 APO',
};

export const NO_COD_SHOPPER: DemoShopper = {
  name: 'Deepa Hegde',
  city: 'Bengaluru',
  hasEmail: true,
  place: { city: 'Bengaluru', state: 'Karnataka', pincode: '560099', localities: [] },
  line1: '#14, 2nd Cross, Chandapura Circle',
  line2: 'Anekal Taluk',
};

export function toShopper(customer: DemoCustomer, prng: Prng): DemoShopper {
  const place = DEMO_PLACES.find((p) => p.city === customer.city);
  if (!place) throw new Error(`demo customer ${customer.name}: no place named ${customer.city}`);
  const line1 = prng.chance(0.6)
    ? `Flat ${prng.int(1, 12)}0${prng.int(1, 8)}, ${prng.pick(APARTMENTS)}`
    : `House No. ${prng.int(2, 480)}, ${prng.pick(place.localities)}`;
  const line2 = prng.chance(0.5)
    ? `${prng.pick(LANDMARKS)}, ${prng.pick(place.localities)}`
    : prng.chance(0.5)
      ? prng.pick(place.localities)
      : null;
  return { ...customer, place, line1, line2 };
}

export function uniquePhones(prng: Prng, count: number): string[] {
  const phones = new Set<string>();
  while (phones.size < count) phones.add(`${prng.int(6, 9)}${prng.digits(9)}`);
  return [...phones];
}

export function emailFor(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  return `${words.join('.')}@example.com`;
}

export interface PlannedOrder {
  position: number;
  shopperIndex: number;
  shopper: DemoShopper;
  order: Omit<Insertable<OrdersTable>, 'customer_id'> & {
    order_number: string;
    status: OrderStatus;
    placed_at: Date;
    total_paise: number;
  };
  items: { product: CatalogProduct; quantity: number }[];
  placedAt: Date;
}

function orderAgeMs(position: number, prng: Prng): number {
  const jitter = prng.int(-90, 90) * 60_000;
  // Delivered and returned orders are 1-3 weeks old, parcels on the road 3-6 days, Processing the last 3 days.
  if (position <= 19) return 25 * DAY_MS - (position - 1) * ((18 * DAY_MS) / 18) + jitter;
  if (position <= 29) return 6 * DAY_MS - (position - 20) * ((2.8 * DAY_MS) / 9) + jitter;
  return 3 * DAY_MS - (position - 30) * ((2.8 * DAY_MS) / 30) + Math.abs(jitter) / 3;
}

export function planOrder(
  position: number,
  status: OrderStatus,
  shoppers: readonly DemoShopper[],
  phones: readonly string[],
  prng: Prng,
  now: Date,
): PlannedOrder {
  const orderNumber = `${ORDER_NUMBER_PREFIX}${FIRST_ORDER_NUMBER + position - 1}`;
  const regulars = shoppers.length - 2;
  let shopperIndex = position <= regulars ? (position * 17) % regulars : prng.int(0, regulars - 1);
  if (orderNumber === DEMO_CASES.unserviceablePincode) shopperIndex = shoppers.length - 2;
  if (orderNumber === DEMO_CASES.codNotOffered) shopperIndex = shoppers.length - 1;
  const shopper = shoppers[shopperIndex] ?? APO_SHOPPER;

  const fixed = FIXED_ITEMS[position];
  const items = fixed
    ? fixed.map((sku) => ({ product: DEMO_CATALOG.find((p) => p.sku === sku) ?? pickProduct(prng), quantity: 1 }))
    : Array.from({ length: prng.int(1, 3) }, () => ({
        product: pickProduct(prng),
        quantity: prng.chance(0.25) ? 2 : 1,
      })).filter((item, i, all) => all.findIndex((other) => other.product.sku === item.product.sku) === i);
  const subtotal = items.reduce((sum, item) => sum + item.product.pricePaise * item.quantity, 0);
  const shipping = subtotal >= 49900 ? 0 : 4900;
  // A 10% coupon on some orders, in whole rupees.
  const discount = prng.chance(0.15) ? Math.round(subtotal / 1000) * 100 : 0;
  let paymentMethod: 'cod' | 'prepaid' = prng.chance(0.4) ? 'cod' : 'prepaid';
  if (orderNumber === DEMO_CASES.codNotOffered) paymentMethod = 'cod';
  if (orderNumber === DEMO_CASES.unserviceablePincode) paymentMethod = 'prepaid';

  const placedAt = new Date(Math.round((now.getTime() - orderAgeMs(position, prng)) / 1000) * 1000);
  const isAttention = orderNumber === DEMO_CASES.needsAttention;
  return {
    position,
    shopperIndex,
    shopper,
    items,
    placedAt,
    order: {
      order_number: orderNumber,
      status,
      payment_method: paymentMethod,
      subtotal_paise: subtotal,
      shipping_paise: shipping,
      discount_paise: discount,
      total_paise: subtotal + shipping - discount,
      ship_name: shopper.name,
      ship_line1: isAttention ? (shopper.place.localities[0] ?? shopper.line1) : shopper.line1,
      ship_line2: isAttention ? null : shopper.line2,
      ship_city: shopper.place.city,
      ship_state: shopper.place.state,
      ship_pincode: shopper.place.pincode,
      // Some orders are gifts, with the recipient's phone at the door.
      contact_phone: prng.chance(0.1) ? `9${prng.digits(9)}` : (phones[shopperIndex] ?? '9000000000'),
      contact_email: shopper.hasEmail ? emailFor(shopper.name) : null,
      attention_kind: isAttention ? 'review' : null,
      attention_reason: isAttention ? 'Address has no house or flat number' : null,
      placed_at: placedAt,
      updated_at: placedAt,
    },
  };
}

function pickProduct(prng: Prng): CatalogProduct {
  return prng.pick(DEMO_CATALOG);
}
