import type { OrderStatus, ShipmentStatus } from '@app/shipping';
import { sql, type Insertable } from 'kysely';
import type { DbExecutor } from '../repositories/db-executor';
import { ORDER_NUMBER_PREFIX } from '../repositories/order.repository';
import type {
  CustomersTable,
  HistorySource,
  OrderNotesTable,
  OrdersTable,
  ShipmentsTable,
  StatusHistoryTable,
} from '../schema';
import { DEMO_CATALOG, type CatalogProduct } from './catalog.data';
import { productWeightColumns } from './catalog.seed';
import { APARTMENTS, DEMO_CUSTOMERS, LANDMARKS, type DemoCustomer } from './demo-customers.data';
import { COURIERS, DEMO_PLACES, type DemoPlace } from './places.data';
import { createPrng, type Prng } from './prng';

export interface SeedDemoOptions {
  /** The newest demo order is placed just before this. Fixed by default so screenshots never drift. */
  now?: Date;
}

export const DEMO_SEED_NOW = new Date('2026-11-24T12:30:00.000Z');
const DEMO_SEED = 20261124;
const FIRST_ORDER_NUMBER = 10001;
// Any constant works; it only has to be the same for every process that may seed at once.
const SEED_LOCK_KEY = 7_203_551_001;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Where the store ships from (the sandbox's pickup pincode is the API's business). */
const ORIGIN_HUB = 'Hyderabad_Kukatpally_PC (Telangana)';

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
const STATUS_PLAN: readonly OrderStatus[] = [
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

const APO_SHOPPER: DemoShopper = {
  name: 'Capt. Arjun Rathore',
  city: '56 APO',
  hasEmail: true,
  place: { city: 'C/O 56 APO', state: 'Jammu & Kashmir', pincode: '908056', localities: [] },
  line1: '4th Battalion, Officers Mess',
  line2: 'C/O 56 APO',
};

const NO_COD_SHOPPER: DemoShopper = {
  name: 'Deepa Hegde',
  city: 'Bengaluru',
  hasEmail: true,
  place: { city: 'Bengaluru', state: 'Karnataka', pincode: '560099', localities: [] },
  line1: '#14, 2nd Cross, Chandapura Circle',
  line2: 'Anekal Taluk',
};

/**
 * Fills an empty database with a small, believable store: the catalogue, ~44 customers and 60
 * orders across every common status, with shipments, status history and notes where the status
 * implies them. Deterministic. Seeds only when there are no products, customers or orders, under a
 * transaction-scoped advisory lock, so two instances starting together seed once. Returns whether
 * it seeded.
 */
export async function seedDemoData(db: DbExecutor, options: SeedDemoOptions = {}): Promise<boolean> {
  const run = (tx: DbExecutor) => seedInTransaction(tx, options.now ?? DEMO_SEED_NOW);
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}

async function seedInTransaction(db: DbExecutor, now: Date): Promise<boolean> {
  await sql`select pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`.execute(db);
  const existing = await sql<{ has_data: boolean }>`
    select exists (select 1 from orders) or exists (select 1 from customers) or exists (select 1 from products) as has_data
  `.execute(db);
  if (existing.rows[0]?.has_data !== false) return false;

  const prng = createPrng(DEMO_SEED);
  const productRows = await db
    .insertInto('products')
    .values(
      DEMO_CATALOG.map((p) => ({
        sku: p.sku,
        name: p.name,
        weight_text: p.weightText,
        ...productWeightColumns(p.weightText),
        price_paise: p.pricePaise,
        created_at: new Date(now.getTime() - 400 * DAY_MS),
        updated_at: new Date(now.getTime() - 400 * DAY_MS),
      })),
    )
    .returning(['id', 'sku'])
    .execute();
  const productIds = new Map(productRows.map((r) => [r.sku, r.id]));

  const shoppers = [...DEMO_CUSTOMERS.map((c) => toShopper(c, prng)), APO_SHOPPER, NO_COD_SHOPPER];
  const phones = uniquePhones(prng, shoppers.length);
  const customerValues: Insertable<CustomersTable>[] = shoppers.map((s, i) => {
    const optIn = prng.chance(0.6);
    const createdAt = new Date(now.getTime() - prng.int(30, 500) * DAY_MS);
    return {
      name: s.name,
      email: s.hasEmail ? emailFor(s.name) : null,
      phone: phones[i] ?? '9000000000',
      whatsapp_opt_in: optIn,
      whatsapp_opt_in_at: optIn ? createdAt : null,
      created_at: createdAt,
    };
  });
  const customerRows = await db.insertInto('customers').values(customerValues).returning(['id', 'phone']).execute();
  const customerIdByPhone = new Map(customerRows.map((r) => [r.phone, r.id]));

  const orders = STATUS_PLAN.map((status, index) => planOrder(index + 1, status, shoppers, phones, prng, now));
  const orderRows = await db
    .insertInto('orders')
    .values(
      orders.map(({ order, shopperIndex }) => ({
        ...order,
        customer_id: customerIdByPhone.get(phones[shopperIndex] ?? '') ?? '0',
      })),
    )
    .returning(['id', 'order_number'])
    .execute();
  const orderIdByNumber = new Map(orderRows.map((r) => [r.order_number, r.id]));
  const orderId = (orderNumber: string) => orderIdByNumber.get(orderNumber) ?? '0';

  await db
    .insertInto('order_items')
    .values(
      orders.flatMap(({ order, items }) =>
        items.map(({ product, quantity }) => ({
          order_id: orderId(order.order_number),
          product_id: productIds.get(product.sku) ?? null,
          sku: product.sku,
          name: product.name,
          quantity,
          unit_price_paise: product.pricePaise,
          // The store's backend sends no weight per item: the product's weight decides the parcel,
          // so fixing an unreadable product weight re-plans the orders not yet booked.
          weight_text: null,
        })),
      ),
    )
    .execute();

  const shipments = orders.flatMap((planned) => planShipments(planned, prng).map((s) => ({ planned, ...s })));
  const shipmentRows = shipments.length
    ? await db
        .insertInto('shipments')
        .values(
          shipments.map(({ planned, shipment }) => ({ ...shipment, order_id: orderId(planned.order.order_number) })),
        )
        .returning(['id', 'client_ref'])
        .execute()
    : [];
  const shipmentIdByRef = new Map(shipmentRows.map((r) => [r.client_ref, r.id]));

  const history: Insertable<StatusHistoryTable>[] = orders.flatMap((planned) =>
    [
      ...planOrderHistory(planned),
      ...shipments
        .filter((s) => s.planned === planned)
        .flatMap((s) =>
          s.history.map((h) => ({ ...h, shipment_id: shipmentIdByRef.get(s.shipment.client_ref) ?? null })),
        ),
    ].map((h) => ({ ...h, order_id: orderId(planned.order.order_number) })),
  );
  await db.insertInto('status_history').values(history).execute();

  const notes = orders.flatMap((planned) =>
    planNotes(planned).map((n) => ({ ...n, order_id: orderId(planned.order.order_number) })),
  );
  if (notes.length) await db.insertInto('order_notes').values(notes).execute();
  return true;
}

function toShopper(customer: DemoCustomer, prng: Prng): DemoShopper {
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

function uniquePhones(prng: Prng, count: number): string[] {
  const phones = new Set<string>();
  while (phones.size < count) phones.add(`${prng.int(6, 9)}${prng.digits(9)}`);
  return [...phones];
}

function emailFor(name: string): string {
  const words = name
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .filter(Boolean);
  return `${words.join('.')}@example.com`;
}

interface PlannedOrder {
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

function planOrder(
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

type HistoryRow = Omit<Insertable<StatusHistoryTable>, 'order_id'>;
type NoteRow = Omit<Insertable<OrderNotesTable>, 'order_id'>;

interface PlannedShipment {
  shipment: Omit<Insertable<ShipmentsTable>, 'order_id'> & { client_ref: string };
  history: HistoryRow[];
}

function planOrderHistory(planned: PlannedOrder): HistoryRow[] {
  const placed = planned.placedAt;
  const rows: HistoryRow[] = [
    {
      order_status: planned.order.status === 'pending' ? 'pending' : 'processing',
      description: planned.order.status === 'pending' ? 'Order placed, awaiting payment confirmation' : 'Order placed',
      occurred_at: placed,
      recorded_at: placed,
      source: 'system',
    },
  ];
  if (planned.order.status === 'cancelled') {
    const at = new Date(placed.getTime() + 5 * HOUR_MS);
    rows.push({
      order_status: 'cancelled',
      description: 'Cancelled at the customer’s request',
      occurred_at: at,
      recorded_at: at,
      source: 'admin',
    });
  }
  return rows;
}

/** Carrier events, oldest first, that lead a parcel to the order's status. */
const JOURNEYS: Partial<Record<OrderStatus, readonly ShipmentStatus[]>> = {
  shipped: ['pending_pickup', 'picked_up', 'in_transit'],
  out_for_delivery: ['pending_pickup', 'picked_up', 'in_transit', 'out_for_delivery'],
  delivered: ['pending_pickup', 'picked_up', 'in_transit', 'out_for_delivery', 'delivered'],
  returning: ['pending_pickup', 'picked_up', 'in_transit', 'out_for_delivery', 'rto_in_transit'],
  returned: ['pending_pickup', 'picked_up', 'in_transit', 'out_for_delivery', 'rto_in_transit', 'rto_delivered'],
};

const CARRIER: Record<ShipmentStatus, { code: string; text: string; order: OrderStatus | null }> = {
  pending_pickup: { code: '1', text: 'Pending Pickup', order: 'shipped' },
  pickup_scheduled: { code: '25', text: 'Pickup Scheduled', order: null },
  manifested: { code: '24', text: 'Manifested', order: null },
  picked_up: { code: '3', text: 'Shipped', order: null },
  in_transit: { code: '22', text: 'In Transit', order: null },
  out_for_delivery: { code: '26', text: 'Out For Delivery', order: 'out_for_delivery' },
  rto_in_transit: { code: '27', text: 'Pending Return', order: 'returning' },
  delivered: { code: '21', text: 'Delivered', order: 'delivered' },
  rto_delivered: { code: '23', text: 'Returned to Origin', order: 'returned' },
  cancelled: { code: '7', text: 'Cancelled', order: 'cancelled' },
  lost: { code: '14', text: 'Lost', order: 'lost' },
  damaged: { code: '12', text: 'Damaged', order: 'lost' },
};

function awbFor(courierName: string, prng: Prng): string {
  if (courierName.startsWith('Delhivery')) return `2${prng.digits(13)}`;
  if (courierName.startsWith('Xpressbees')) return `14${prng.digits(12)}`;
  if (courierName.startsWith('Ekart')) return `FMPC${prng.digits(10)}`;
  if (courierName.startsWith('DTDC')) return `D${prng.digits(8)}`;
  return `SF${prng.digits(10)}FPL`;
}

function planShipments(planned: PlannedOrder, prng: Prng): PlannedShipment[] {
  const { order } = planned;
  const grams = planned.items.reduce((sum, item) => sum + item.product.grams * item.quantity, 0) + 150;
  const parcel = {
    weight_grams: grams,
    length_cm: grams > 1500 ? 30 : 22,
    breadth_cm: grams > 1500 ? 22 : 16,
    height_cm: grams > 1500 ? 15 : 10,
  };
  const shipments: PlannedShipment[] = [];

  if (order.order_number === DEMO_CASES.failedBooking) {
    const at = new Date(planned.placedAt.getTime() + 4 * HOUR_MS);
    const reason = 'Courier rejected the booking: pickup not available for Express mode at this pincode';
    shipments.push({
      shipment: {
        ...parcel,
        booking_state: 'failed',
        client_ref: `${order.order_number}-1`,
        mode: 'express',
        failure_reason: reason,
        created_at: at,
        updated_at: at,
      },
      history: [
        {
          description: `Booking failed: ${reason}`,
          occurred_at: at,
          recorded_at: at,
          source: 'booking',
          applied: false,
        },
      ],
    });
  }

  const journey = JOURNEYS[order.status];
  if (!journey) return shipments;
  const courier = prng.pick(COURIERS);
  const awb = awbFor(courier.name, prng);
  const bookedAt = new Date(planned.placedAt.getTime() + prng.int(3, 20) * HOUR_MS);
  const history: HistoryRow[] = [];
  let at = bookedAt;
  for (const [step, status] of journey.entries()) {
    if (step > 0)
      at = new Date(
        at.getTime() + prng.int(status === 'in_transit' ? 10 : 5, status === 'rto_delivered' ? 120 : 30) * HOUR_MS,
      );
    const carrier = CARRIER[status];
    const source: HistorySource = step === 0 ? 'booking' : 'webhook';
    const location =
      status === 'pending_pickup' || status === 'picked_up' ? ORIGIN_HUB : `${order.ship_city} (${order.ship_state})`;
    history.push({
      order_status: carrier.order,
      shipment_status: status,
      carrier_status: carrier.text,
      location: step === 0 ? null : location,
      description: step === 0 ? `Booked with ${courier.name}, AWB ${awb}` : carrier.text,
      occurred_at: at,
      recorded_at: new Date(at.getTime() + prng.int(1, 9) * 60_000),
      source,
      dedupe_key: step === 0 ? null : `${carrier.code}:${at.toISOString()}`,
    });
  }
  const last = journey.at(-1) ?? 'pending_pickup';
  shipments.push({
    shipment: {
      ...parcel,
      booking_state: 'booked',
      status: last,
      carrier_status_code: CARRIER[last].code,
      client_ref: `${order.order_number}-${shipments.length + 1}`,
      provider_shipment_id: String(4_810_000 + planned.position * 37),
      awb,
      courier_id: courier.id,
      courier_name: courier.name,
      cod_amount_paise: order.payment_method === 'cod' ? order.total_paise : 0,
      quoted_cost_paise: prng.int(60, 140) * 100,
      booked_at: bookedAt,
      last_event_at: at,
      created_at: bookedAt,
      updated_at: at,
    },
    history,
  });
  return shipments;
}

function planNotes(planned: PlannedOrder): NoteRow[] {
  const { order, placedAt } = planned;
  const day = (offsetDays: number) => new Date(placedAt.getTime() + offsetDays * DAY_MS);
  const ymd = (date: Date) => date.toISOString().slice(0, 10);
  if (order.status === 'returning' || order.status === 'returned') {
    return [
      {
        kind: 'ndr',
        body: 'NDR: Customer not available at the address (attempt 1)',
        ndr_code: 'Customer Unavailable',
        ndr_date: ymd(day(3)),
        dedupe_key: `demo-ndr-${order.order_number}-1`,
        created_at: day(3),
      },
      {
        kind: 'ndr',
        body: 'NDR: Customer refused delivery (attempt 2)',
        ndr_code: 'Refused',
        ndr_date: ymd(day(4)),
        dedupe_key: `demo-ndr-${order.order_number}-2`,
        created_at: day(4),
      },
    ];
  }
  if (order.order_number === DEMO_CASES.ndrOutForDelivery) {
    return [
      {
        kind: 'ndr',
        body: 'NDR: Address incomplete, courier could not find the flat (attempt 1)',
        ndr_code: 'Address Issue',
        ndr_date: ymd(day(3)),
        dedupe_key: `demo-ndr-${order.order_number}-1`,
        created_at: day(3),
      },
      {
        kind: 'note',
        body: 'Called the customer: landmark is "Opp. SBI Branch". Courier informed.',
        created_at: day(3.2),
      },
    ];
  }
  if (planned.position === 33) {
    return [
      {
        kind: 'note',
        body: 'Customer asked for delivery after 6 pm on weekdays.',
        created_at: new Date(placedAt.getTime() + HOUR_MS),
      },
    ];
  }
  return [];
}
