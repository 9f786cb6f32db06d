import type { Insertable } from 'kysely';
import { ORDER_NUMBER_PREFIX } from '../repositories/order.repository';
import type { DbExecutor } from '../repositories/db-executor';
import type { OrderNotesTable, StatusHistoryTable } from '../schema';
import { DEMO_CATALOG } from './catalog.data';
import { DAY_MS, HOUR_MS } from './demo-orders.seed';
import { COURIERS, DEMO_PLACES, type DemoPlace } from './places.data';
import type { Prng } from './prng';

/**
 * Months of closed orders before the demo's own 60, so the delivery memory, the courier choice,
 * the promise and Insights have the store's history to read (issue 25). Deterministic. The
 * figures follow what Indian D2C stores see shipping from Hyderabad: two to three days in the
 * south, five to eight in the north and east, COD returned far more often than prepaid, and a few
 * places where COD is returned one time in three.
 */
export const DEMO_HISTORY_ORDERS = 420;
const FIRST_HISTORY_NUMBER = 9001;
const OLDEST_DAYS = 180;
const NEWEST_DAYS = 30;

/** Days from booking to delivery for the pincode's region (first digit), shipping from Hyderabad. */
const REGION_DAYS: Record<string, [number, number]> = {
  '1': [4, 7],
  '2': [4, 7],
  '3': [4, 6],
  '4': [2, 5],
  '5': [1, 3],
  '6': [2, 4],
  '7': [5, 9],
  '8': [5, 8],
};

/** Places where COD parcels come back often: the demo's risky pincodes. */
const RISKY_COD = new Set(['221001', '800001', '834001', '781001']);

/** Each courier's habits for this store: extra days, and how much more often COD comes back. */
const COURIER_HABITS: Record<string, { extraDays: number; rtoFactor: number }> = {
  '12': { extraDays: 0, rtoFactor: 0.8 },
  '27': { extraDays: 1, rtoFactor: 1.1 },
  '33': { extraDays: 1, rtoFactor: 1.0 },
  '41': { extraDays: 2, rtoFactor: 1.5 },
  '58': { extraDays: 0, rtoFactor: 1.2 },
};

export interface HistoryCustomer {
  id: string;
  name: string;
  phone: string;
}

export interface DemoHistoryInput {
  now: Date;
  prng: Prng;
  customers: readonly HistoryCustomer[];
  productIds: ReadonlyMap<string, string>;
}

function rtoChance(place: DemoPlace, cod: boolean, courierId: string): number {
  if (!cod) return 0.03;
  const base = RISKY_COD.has(place.pincode) ? 0.34 : 0.1;
  return Math.min(0.6, base * (COURIER_HABITS[courierId]?.rtoFactor ?? 1));
}

/** Inserts the closed history orders with their items, shipments, history and NDR notes. */
export async function seedDemoHistory(db: DbExecutor, input: DemoHistoryInput): Promise<number> {
  const { now, prng, customers, productIds } = input;
  // Returns come at each place's rate exactly, not by luck: a parcel comes back each time the
  // place's running share passes a whole parcel (a dozen orders per place would otherwise be noise).
  const owed = new Map<string, number>();
  const comesBack = (place: DemoPlace, cod: boolean, courierId: string) => {
    const key = `${place.pincode}:${cod}`;
    const due = (owed.get(key) ?? 0.5) + rtoChance(place, cod, courierId);
    owed.set(key, due >= 1 ? due - 1 : due);
    return due >= 1;
  };
  const planned = Array.from({ length: DEMO_HISTORY_ORDERS }, (_, i) => {
    const place = prng.pick(DEMO_PLACES);
    const customer = customers[prng.int(0, customers.length - 1)] ?? customers[0];
    const product = prng.pick(DEMO_CATALOG);
    const quantity = prng.chance(0.3) ? 2 : 1;
    const subtotal = product.pricePaise * quantity;
    const shipping = subtotal >= 49900 ? 0 : 4900;
    const cod = prng.chance(0.45);
    const courier = prng.pick(COURIERS);
    const returned = comesBack(place, cod, courier.id);
    const ndr = returned || prng.chance(0.08);
    // Oldest first: order numbers rise with time.
    const ageDays = OLDEST_DAYS - ((OLDEST_DAYS - NEWEST_DAYS) * i) / DEMO_HISTORY_ORDERS;
    const placedAt = new Date(Math.round((now.getTime() - ageDays * DAY_MS) / 60_000) * 60_000);
    const bookedAt = new Date(placedAt.getTime() + prng.int(3, 20) * HOUR_MS);
    const [low, high] = REGION_DAYS[place.pincode.charAt(0)] ?? [3, 6];
    const days = prng.int(low, high) + (COURIER_HABITS[courier.id]?.extraDays ?? 0) + (ndr ? 1 : 0);
    const closedAt = new Date(bookedAt.getTime() + (returned ? days + 6 : days) * DAY_MS + prng.int(0, 8) * HOUR_MS);
    return {
      place,
      customer,
      product,
      quantity,
      subtotal,
      shipping,
      cod,
      courier,
      returned,
      ndr,
      placedAt,
      bookedAt,
      closedAt,
      number: `${ORDER_NUMBER_PREFIX}${FIRST_HISTORY_NUMBER + i}`,
      line1: `House No. ${prng.int(2, 480)}, ${prng.pick(place.localities)}`,
      awb: `${prng.int(1, 9)}${prng.digits(12)}`,
    };
  }).filter((p) => p.customer !== undefined);

  const orders = await db
    .insertInto('orders')
    .values(
      planned.map((p) => ({
        order_number: p.number,
        customer_id: p.customer?.id ?? '0',
        status: p.returned ? ('returned' as const) : ('delivered' as const),
        payment_method: p.cod ? ('cod' as const) : ('prepaid' as const),
        subtotal_paise: p.subtotal,
        shipping_paise: p.shipping,
        discount_paise: 0,
        total_paise: p.subtotal + p.shipping,
        ship_name: p.customer?.name ?? 'Demo Customer',
        ship_line1: p.line1,
        ship_line2: null,
        ship_city: p.place.city,
        ship_state: p.place.state,
        ship_pincode: p.place.pincode,
        contact_phone: p.customer?.phone ?? '9000000000',
        contact_email: null,
        placed_at: p.placedAt,
        updated_at: p.closedAt,
      })),
    )
    .returning(['id', 'order_number'])
    .execute();
  const orderId = new Map(orders.map((o) => [o.order_number, o.id]));
  const idOf = (number: string) => orderId.get(number) ?? '0';

  await db
    .insertInto('order_items')
    .values(
      planned.map((p) => ({
        order_id: idOf(p.number),
        product_id: productIds.get(p.product.sku) ?? null,
        sku: p.product.sku,
        name: p.product.name,
        quantity: p.quantity,
        unit_price_paise: p.product.pricePaise,
        weight_text: null,
      })),
    )
    .execute();

  const shipments = await db
    .insertInto('shipments')
    .values(
      planned.map((p, i) => ({
        order_id: idOf(p.number),
        booking_state: 'booked' as const,
        status: p.returned ? ('rto_delivered' as const) : ('delivered' as const),
        carrier_status_code: p.returned ? '23' : '21',
        client_ref: `${p.number}-1`,
        provider_shipment_id: String(4_700_000 + i * 31),
        awb: p.awb,
        courier_id: p.courier.id,
        courier_name: p.courier.name,
        weight_grams: 650,
        length_cm: 22,
        breadth_cm: 16,
        height_cm: 10,
        cod_amount_paise: p.cod ? p.subtotal + p.shipping : 0,
        quoted_cost_paise: prng.int(60, 140) * 100,
        booked_at: p.bookedAt,
        last_event_at: p.closedAt,
        last_movement_at: p.closedAt,
        created_at: p.bookedAt,
        updated_at: p.closedAt,
      })),
    )
    .returning(['id', 'client_ref'])
    .execute();
  const shipmentId = new Map(shipments.map((s) => [s.client_ref, s.id]));

  const history: Insertable<StatusHistoryTable>[] = planned.flatMap((p) => {
    const order_id = idOf(p.number);
    const shipment_id = shipmentId.get(`${p.number}-1`) ?? null;
    return [
      {
        order_id,
        order_status: 'processing' as const,
        description: 'Order placed',
        occurred_at: p.placedAt,
        recorded_at: p.placedAt,
        source: 'system' as const,
      },
      {
        order_id,
        shipment_id,
        order_status: 'shipped' as const,
        shipment_status: 'pending_pickup' as const,
        description: `Booked with ${p.courier.name}, AWB ${p.awb}`,
        occurred_at: p.bookedAt,
        recorded_at: p.bookedAt,
        source: 'booking' as const,
      },
      {
        order_id,
        shipment_id,
        shipment_status: 'in_transit' as const,
        carrier_status: 'In Transit',
        location: 'Hyderabad_Kukatpally_PC (Telangana)',
        description: 'In Transit',
        occurred_at: new Date(p.bookedAt.getTime() + 20 * HOUR_MS),
        recorded_at: new Date(p.bookedAt.getTime() + 20 * HOUR_MS),
        source: 'webhook' as const,
        dedupe_key: `22:${new Date(p.bookedAt.getTime() + 20 * HOUR_MS).toISOString()}`,
      },
      {
        order_id,
        shipment_id,
        order_status: p.returned ? ('returned' as const) : ('delivered' as const),
        shipment_status: p.returned ? ('rto_delivered' as const) : ('delivered' as const),
        carrier_status: p.returned ? 'Returned to Origin' : 'Delivered',
        location: `${p.place.city} (${p.place.state})`,
        description: p.returned ? 'Returned to Origin' : 'Delivered',
        occurred_at: p.closedAt,
        recorded_at: p.closedAt,
        source: 'webhook' as const,
        dedupe_key: `${p.returned ? '23' : '21'}:${p.closedAt.toISOString()}`,
      },
    ];
  });
  await db.insertInto('status_history').values(history).execute();

  const notes: Insertable<OrderNotesTable>[] = planned
    .filter((p) => p.ndr)
    .map((p) => {
      const at = new Date(p.bookedAt.getTime() + 3 * DAY_MS);
      return {
        order_id: idOf(p.number),
        kind: 'ndr' as const,
        body: p.returned ? 'NDR: Customer refused delivery (attempt 1)' : 'NDR: Customer not available (attempt 1)',
        ndr_code: p.returned ? 'REATTEMPT-CUST-REFUSED' : 'REATTEMPT-OUTOFSTN',
        ndr_date: at.toISOString().slice(0, 10),
        dedupe_key: `demo-history-ndr-${p.number}`,
        created_at: at,
      };
    });
  if (notes.length) await db.insertInto('order_notes').values(notes).execute();
  return planned.length;
}
