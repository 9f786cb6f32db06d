import type { ColumnType, Generated, Selectable } from 'kysely';
import type { GeneratedId, Id, Json, NullableTimestamp, Timestamp } from './columns';

export type InboxKind = 'status' | 'ndr' | 'weight' | 'unknown';
export type InboxOutcome =
  'pending' | 'applied' | 'duplicate' | 'stale' | 'deferred' | 'rejected' | 'failed' | 'review';
export type WhatsAppInboxOutcome = 'pending' | 'applied' | 'ignored' | 'rejected' | 'failed';

export interface WebhookInboxTable {
  id: GeneratedId;
  kind: InboxKind;
  received_at: Timestamp;
  content_type: string | null;
  headers: Json<Record<string, string>>;
  raw_body: string;
  payload: Json<unknown> | null;
  dedupe_key: string | null;
  awb: string | null;
  provider_shipment_id: string | null;
  client_order_id: string | null;
  order_id: Id | null;
  shipment_id: Id | null;
  outcome: ColumnType<InboxOutcome, InboxOutcome | undefined, InboxOutcome>;
  outcome_detail: string | null;
  attempts: Generated<number>;
  processed_at: NullableTimestamp;
}

export interface WhatsAppInboxTable {
  id: GeneratedId;
  received_at: Timestamp;
  raw_body: string;
  payload: Json<unknown> | null;
  outcome: ColumnType<WhatsAppInboxOutcome, WhatsAppInboxOutcome | undefined, WhatsAppInboxOutcome>;
  outcome_detail: string | null;
  attempts: Generated<number>;
  processed_at: NullableTimestamp;
}

export type InboxEntry = Selectable<WebhookInboxTable>;
