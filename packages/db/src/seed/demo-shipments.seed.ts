import type { OrderStatus, ShipmentStatus } from '@app/shipping';
import type { Insertable } from 'kysely';
import type { HistorySource, OrderNotesTable, ShipmentsTable, StatusHistoryTable } from '../schema';
import { DAY_MS, DEMO_CASES, HOUR_MS, type PlannedOrder } from './demo-orders.seed';
import { COURIERS } from './places.data';
import type { Prng } from './prng';

/** Where the store ships from (the sandbox's pickup pincode is the API's business). */
const ORIGIN_HUB = 'Hyderabad_Kukatpally_PC (Telangana)';

type HistoryRow = Omit<Insertable<StatusHistoryTable>, 'order_id'>;
type NoteRow = Omit<Insertable<OrderNotesTable>, 'order_id'>;

interface PlannedShipment {
  shipment: Omit<Insertable<ShipmentsTable>, 'order_id'> & { client_ref: string };
  history: HistoryRow[];
}

export function planOrderHistory(planned: PlannedOrder): HistoryRow[] {
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

export function planShipments(planned: PlannedOrder, prng: Prng): PlannedShipment[] {
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

/** NDR notes carry iCarry's own codes (its NDR table), as the product writes them from a push. */
export function planNotes(planned: PlannedOrder): NoteRow[] {
  const { order, placedAt } = planned;
  const day = (offsetDays: number) => new Date(placedAt.getTime() + offsetDays * DAY_MS);
  const ymd = (date: Date) => date.toISOString().slice(0, 10);
  if (order.status === 'returning' || order.status === 'returned') {
    return [
      {
        kind: 'ndr',
        body: 'NDR: Customer not available at the address (attempt 1)',
        ndr_code: 'REATTEMPT-OUTOFSTN',
        ndr_date: ymd(day(3)),
        dedupe_key: `demo-ndr-${order.order_number}-1`,
        created_at: day(3),
      },
      {
        kind: 'ndr',
        body: 'NDR: Customer refused delivery (attempt 2)',
        ndr_code: 'REATTEMPT-CUST-REFUSED',
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
        ndr_code: 'REATTEMPT-CONTACT',
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
