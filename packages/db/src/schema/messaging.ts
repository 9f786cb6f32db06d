import type { ColumnType, Generated, Selectable } from 'kysely';
import type { GeneratedId, Id, Json, NullableTimestamp, Timestamp } from './columns';

export type MessageChannel = 'email' | 'whatsapp';
export type MessageAudience = 'customer' | 'admin';
/** `cancelled`: held back before it was sent (the customer replied STOP); `last_error` says why. */
export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'logged' | 'cancelled';
/** What Meta reported about a WhatsApp message after it was accepted: sent < delivered < read, or failed. */
export type DeliveryStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface MessagesTable {
  id: GeneratedId;
  order_id: Id | null;
  channel: MessageChannel;
  audience: MessageAudience;
  template: string;
  recipient: string;
  subject: string | null;
  body: string;
  params: Json<Record<string, unknown>>;
  dedupe_key: string;
  status: ColumnType<MessageStatus, MessageStatus | undefined, MessageStatus>;
  attempts: Generated<number>;
  last_error: string | null;
  provider_message_id: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
  delivery_status: DeliveryStatus | null;
  delivery_status_at: NullableTimestamp;
  delivery_error_code: number | null;
  delivery_error: string | null;
}

export type Message = Selectable<MessagesTable>;
