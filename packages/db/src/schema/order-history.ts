import type { ColumnType, Generated, Selectable } from 'kysely';
import type { OrderStatus, ShipmentStatus } from '@app/shipping';
import type { GeneratedId, Id, NullableTimestamp, Timestamp } from './columns';

/** `customer`: the customer's own answer (a COD confirmation). */
export type HistorySource = 'admin' | 'booking' | 'webhook' | 'sync' | 'track' | 'system' | 'customer';
export type NoteKind = 'note' | 'ndr' | 'system' | 'weight' | 'ndr_response';
export type NdrAction = 'reattempt' | 'update_address' | 'cancel';
export type NdrResponseChannel = 'page' | 'whatsapp';

export interface StatusHistoryTable {
  id: GeneratedId;
  order_id: Id;
  shipment_id: Id | null;
  order_status: OrderStatus | null;
  shipment_status: ShipmentStatus | null;
  carrier_status: string | null;
  location: string | null;
  description: string | null;
  occurred_at: NullableTimestamp;
  recorded_at: Timestamp;
  source: HistorySource;
  applied: Generated<boolean>;
  dedupe_key: string | null;
  inbox_id: Id | null;
}

export interface OrderNotesTable {
  id: GeneratedId;
  order_id: Id;
  kind: NoteKind;
  body: string;
  author_admin_id: Id | null;
  ndr_code: string | null;
  ndr_date: ColumnType<string | null, string | null | undefined, string | null>;
  dedupe_key: string | null;
  created_at: Timestamp;
}

export interface NdrResponsesTable {
  id: GeneratedId;
  order_id: Id;
  ndr_note_id: Id;
  action: NdrAction;
  /** yyyy-mm-dd */
  preferred_date: ColumnType<string | null, string | null | undefined, string | null>;
  landmark: string | null;
  address_line: string | null;
  /** Bare 10 digits. */
  alternate_phone: string | null;
  message: string | null;
  channel: NdrResponseChannel;
  created_at: Timestamp;
}

export type StatusHistoryEntry = Selectable<StatusHistoryTable>;
export type OrderNote = Selectable<OrderNotesTable>;
