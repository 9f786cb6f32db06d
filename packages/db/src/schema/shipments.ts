import type { ColumnType, Generated, Selectable, Updateable } from 'kysely';
import type { BookingState, ShipmentDirection, ShipmentMode, ShipmentStatus } from '@app/shipping';
import type { CalendarDay, GeneratedId, Id, Json, NullableTimestamp, Timestamp } from './columns';

/** Which watchdog rule found the shipment stuck. */
export type StuckStage = 'awaiting_pickup' | 'in_transit' | 'ndr';
export type ShipBatchState = 'running' | 'done';
export type ShipBatchItemState = 'queued' | 'booking' | 'booked' | 'failed' | 'unknown' | 'skipped';

export interface WeightDiscrepancy {
  oldWeightGrams: number | null;
  newWeightGrams: number | null;
  oldDimensions: string | null;
  newDimensions: string | null;
  reportedAt: string;
}

export interface ShipmentsTable {
  id: GeneratedId;
  order_id: Id;
  provider: Generated<string>;
  booking_state: BookingState;
  status: ShipmentStatus | null;
  carrier_status_code: string | null;
  client_ref: string;
  provider_shipment_id: string | null;
  awb: string | null;
  courier_id: string | null;
  courier_name: string | null;
  tracking_url: string | null;
  mode: Generated<ShipmentMode>;
  weight_grams: number;
  weight_fallback: Generated<boolean>;
  length_cm: number;
  breadth_cm: number;
  height_cm: number;
  cod_amount_paise: Generated<number>;
  quoted_cost_paise: number | null;
  failure_reason: string | null;
  needs_review: Generated<boolean>;
  review_reason: string | null;
  weight_discrepancy: Json<WeightDiscrepancy> | null;
  booked_at: NullableTimestamp;
  last_event_at: NullableTimestamp;
  last_synced_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  direction: Generated<ShipmentDirection>;
  forward_shipment_id: Id | null;
  return_reason: string | null;
  refund_note: string | null;
  label_printed_at: NullableTimestamp;
  /** Only a forward status move or a new courier scan changes it (the watchdog's clock). */
  last_movement_at: NullableTimestamp;
  stuck_stage: StuckStage | null;
  stuck_since: NullableTimestamp;
  billed_paise: number | null;
  billed_weight_grams: number | null;
  billed_on: CalendarDay;
  billed_at: NullableTimestamp;
  billing_checked_at: NullableTimestamp;
  billing_flagged: Generated<boolean>;
  /** When the shipment's outcome was counted in delivery_memory (once). */
  remembered_at: NullableTimestamp;
  /** The day (IST) the store promised at booking that the parcel would arrive. */
  promised_by: CalendarDay;
  /** Why this courier was booked, in the words Order Details shows (policy and the figures). */
  courier_choice: string | null;
}

export interface ShipBatchesTable {
  id: GeneratedId;
  created_by: Id;
  state: ColumnType<ShipBatchState, ShipBatchState | undefined, ShipBatchState>;
  courier_policy: 'cheapest' | 'courier' | 'best';
  courier_id: string | null;
  mode: ShipmentMode;
  /** Book COD orders their customer has not confirmed (the admin's confirmOverride). */
  cod_override: Generated<boolean>;
  total: number;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ShipBatchItemsTable {
  id: GeneratedId;
  batch_id: Id;
  order_id: Id;
  position: number;
  state: ColumnType<ShipBatchItemState, ShipBatchItemState | undefined, ShipBatchItemState>;
  shipment_id: Id | null;
  error_code: string | null;
  error: string | null;
  note: string | null;
  attempts: Generated<number>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
}

export type Shipment = Selectable<ShipmentsTable>;
export type ShipmentUpdate = Updateable<ShipmentsTable>;
export type ShipBatch = Selectable<ShipBatchesTable>;
export type ShipBatchItem = Selectable<ShipBatchItemsTable>;

export type MemoryScope = 'pincode' | 'district' | 'state';

/**
 * What the store's own closed shipments say about one place (a pincode, its sorting district, a
 * state), courier ('*' = all) and payment mode. `transit_days[i]` (1-based) counts delivered
 * shipments that took i-1 IST days from booking (the last bucket is 30 days or more).
 */
export interface DeliveryMemoryTable {
  scope: MemoryScope;
  place: string;
  courier: string;
  payment: 'cod' | 'prepaid';
  courier_name: string | null;
  /** The state (its full name) a pincode or district lies in. */
  state: string | null;
  closed: Generated<number>;
  delivered: Generated<number>;
  rto: Generated<number>;
  lost: Generated<number>;
  ndr: Generated<number>;
  transit_days: number[];
  updated_at: Timestamp;
}
