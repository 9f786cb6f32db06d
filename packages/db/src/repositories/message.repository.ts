import type { Transaction } from 'kysely';
import type {
  CustomerLanguage,
  DB,
  DeliveryStatus,
  Message,
  MessageAudience,
  MessageChannel,
  MessageStatus,
} from '../schema';
import type { DbExecutor } from './db-executor';
import { isRowId } from './ids';

export interface MessageRecord {
  id: string;
  orderId: string | null;
  channel: MessageChannel;
  audience: MessageAudience;
  template: string;
  recipient: string;
  subject: string | null;
  body: string;
  params: Record<string, unknown>;
  dedupeKey: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  providerMessageId: string | null;
  createdAt: Date;
  sentAt: Date | null;
  /** What the provider reported after accepting it (WhatsApp receipts); null until then. */
  deliveryStatus: DeliveryStatus | null;
  deliveryStatusAt: Date | null;
  deliveryErrorCode: number | null;
  deliveryError: string | null;
  /** The retention scrub took its text and recipient (see scrubMessagesBefore); the row stays. */
  contentRemoved: boolean;
}

/** What the retention scrub leaves in place of the recipient and the text. */
const REMOVED_RECIPIENT = '[removed]';
const REMOVED_BODY = '[removed after the retention period]';

export function toMessageRecord(row: Message): MessageRecord {
  return {
    id: row.id,
    orderId: row.order_id,
    channel: row.channel,
    audience: row.audience,
    template: row.template,
    recipient: row.recipient,
    subject: row.subject,
    body: row.body,
    params: row.params,
    dedupeKey: row.dedupe_key,
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    providerMessageId: row.provider_message_id,
    createdAt: row.created_at,
    sentAt: row.sent_at,
    deliveryStatus: row.delivery_status,
    deliveryStatusAt: row.delivery_status_at,
    deliveryErrorCode: row.delivery_error_code,
    deliveryError: row.delivery_error,
    contentRemoved: row.recipient === REMOVED_RECIPIENT,
  };
}

export interface NewMessage {
  orderId: string | null;
  channel: MessageChannel;
  audience: MessageAudience;
  template: string;
  recipient: string;
  subject: string | null;
  body: string;
  params: Record<string, unknown>;
  /** One message per key, ever: retries, duplicate pushes and replays hit the same key. */
  dedupeKey: string;
  now: Date;
}

const messageRow = (message: NewMessage) => ({
  order_id: message.orderId,
  channel: message.channel,
  audience: message.audience,
  template: message.template,
  recipient: message.recipient,
  subject: message.subject,
  body: message.body,
  params: JSON.stringify(message.params),
  dedupe_key: message.dedupeKey,
  created_at: message.now,
});

/** Writes the message unless its key exists; returns the new id, or undefined for a repeat. */
export async function insertMessage(tx: Transaction<DB>, message: NewMessage): Promise<string | undefined> {
  const row = await tx
    .insertInto('messages')
    .values(messageRow(message))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Several messages in one statement, each unless its key exists; returns the new ones' ids in id order. */
export async function insertMessages(tx: Transaction<DB>, messages: readonly NewMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx
    .insertInto('messages')
    .values(messages.map(messageRow))
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .execute();
  return rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b));
}

export async function findMessage(db: DbExecutor, messageId: string): Promise<MessageRecord | undefined> {
  if (!isRowId(messageId)) return undefined;
  const row = await db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
  return row && toMessageRecord(row);
}

/** Claims the message for a try; false when it is no longer to be sent (cancelled or finished meanwhile). */
export async function markMessageSending(db: DbExecutor, messageId: string, attempts: number): Promise<boolean> {
  const result = await db
    .updateTable('messages')
    .set({ status: 'sending', attempts })
    .where('id', '=', messageId)
    .where('status', 'in', ['pending', 'sending'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * The customer's WhatsApp messages not yet sent to this mobile (`+91` and 10 digits, as the outbox
 * writes it), held back for good as `cancelled` with the reason. One being sent right now is left
 * to finish. Returns how many were cancelled.
 */
export async function cancelQueuedWhatsAppTo(db: DbExecutor, mobile: string, reason: string): Promise<number> {
  if (!/^[6-9]\d{9}$/.test(mobile)) return 0;
  const result = await db
    .updateTable('messages')
    .set({ status: 'cancelled', last_error: reason.slice(0, 500) })
    .where('channel', '=', 'whatsapp')
    .where('audience', '=', 'customer')
    .where('status', '=', 'pending')
    .where('recipient', '=', `+91${mobile}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Sent (or, with no channel configured, kept as `logged`): done for good. */
export async function markMessageDelivered(
  db: DbExecutor,
  messageId: string,
  result: { status: 'sent' | 'logged'; at: Date; providerMessageId: string | null },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status: result.status, sent_at: result.at, provider_message_id: result.providerMessageId, last_error: null })
    .where('id', '=', messageId)
    .execute();
}

/** A failed try: `pending` waits for the next retry, `failed` is final. */
export async function markMessageAttemptFailed(
  db: DbExecutor,
  messageId: string,
  result: { final: boolean; error: string },
): Promise<void> {
  await db
    .updateTable('messages')
    .set({ status: result.final ? 'failed' : 'pending', last_error: result.error.slice(0, 500) })
    .where('id', '=', messageId)
    .execute();
}

/** Everything written about an order (to the customer and to the team), oldest first, with its text. */
export async function listMessagesForOrder(db: DbExecutor, orderId: string): Promise<MessageRecord[]> {
  if (!isRowId(orderId)) return [];
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map(toMessageRecord);
}

/** What a customer's milestone message needs to say, read inside the transaction that causes it. */
export interface MilestoneContext {
  orderId: string;
  orderNumber: string;
  contactEmail: string | null;
  contactPhone: string;
  customerName: string;
  customerEmail: string | null;
  whatsappOptIn: boolean;
  awb: string | null;
  courierName: string | null;
  /** The day promised at booking (yyyy-mm-dd). */
  promisedBy: string | null;
  /** The language the customer is written to. */
  language: CustomerLanguage;
}

function milestoneContextQuery(db: DbExecutor) {
  return db
    .selectFrom('orders as o')
    .innerJoin('customers as c', 'c.id', 'o.customer_id')
    .leftJoin('shipments as s', (join) =>
      join.onRef('s.order_id', '=', 'o.id').on('s.booking_state', '=', 'booked').on('s.direction', '=', 'forward'),
    )
    .select([
      'o.id',
      'o.order_number',
      'o.contact_email',
      'o.contact_phone',
      'c.name',
      'c.email',
      'c.whatsapp_opt_in',
      'c.language',
      's.awb',
      's.courier_name',
      's.promised_by',
    ]);
}

function toMilestoneContext(row: MilestoneRow): MilestoneContext {
  return {
    orderId: row.id,
    orderNumber: row.order_number,
    contactEmail: row.contact_email,
    contactPhone: row.contact_phone,
    customerName: row.name,
    customerEmail: row.email,
    whatsappOptIn: row.whatsapp_opt_in,
    awb: row.awb,
    courierName: row.courier_name,
    promisedBy: row.promised_by ?? null,
    language: row.language,
  };
}

type MilestoneRow = Awaited<ReturnType<ReturnType<typeof milestoneContextQuery>['executeTakeFirstOrThrow']>>;

export async function findMilestoneContext(db: DbExecutor, orderId: string): Promise<MilestoneContext | undefined> {
  const row = await milestoneContextQuery(db).where('o.id', '=', orderId).executeTakeFirst();
  return row && toMilestoneContext(row);
}

/** findMilestoneContext for several orders in one statement (one row per order, as findMilestoneContext takes the first). */
export async function findMilestoneContexts(
  db: DbExecutor,
  orderIds: readonly string[],
): Promise<Map<string, MilestoneContext>> {
  if (orderIds.length === 0) return new Map();
  const rows = await milestoneContextQuery(db).where('o.id', 'in', orderIds).execute();
  const contexts = new Map<string, MilestoneContext>();
  for (const row of rows) if (!contexts.has(row.id)) contexts.set(row.id, toMilestoneContext(row));
  return contexts;
}

/**
 * Retention: delivered (or given-up) messages older than `before` keep their row, so each
 * milestone is still sent once ever, but lose their text and recipient.
 */
export async function scrubMessagesBefore(db: DbExecutor, before: Date, limit: number): Promise<number> {
  const result = await db
    .updateTable('messages')
    .set({ body: REMOVED_BODY, recipient: REMOVED_RECIPIENT, params: JSON.stringify({}) })
    .where(
      'id',
      'in',
      db
        .selectFrom('messages')
        .select('id')
        .where('created_at', '<', before)
        .where('status', 'in', ['sent', 'logged', 'failed', 'cancelled'])
        .where('recipient', '<>', REMOVED_RECIPIENT)
        .limit(limit),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function findMessageByDedupeKey(db: DbExecutor, dedupeKey: string): Promise<MessageRecord | undefined> {
  const row = await db.selectFrom('messages').selectAll().where('dedupe_key', '=', dedupeKey).executeTakeFirst();
  return row && toMessageRecord(row);
}

/**
 * The message a provider receipt is about: by the provider's id (wamid), else by our own id echoed
 * back (`biz_opaque_callback_data`), for a receipt that beat the send's answer.
 */
export async function findMessageForReceipt(
  db: DbExecutor,
  ref: { providerMessageId: string; messageId: string | null },
): Promise<MessageRecord | undefined> {
  const byProvider = await db
    .selectFrom('messages')
    .selectAll()
    .where('provider_message_id', '=', ref.providerMessageId)
    .executeTakeFirst();
  if (byProvider) return toMessageRecord(byProvider);
  if (!ref.messageId || !isRowId(ref.messageId)) return undefined;
  const byId = await db.selectFrom('messages').selectAll().where('id', '=', ref.messageId).executeTakeFirst();
  return byId && toMessageRecord(byId);
}

/** Which receipts may replace which: forward by rank only, and `failed` only before delivery. */
const REPLACES: Record<DeliveryStatus, (DeliveryStatus | null)[]> = {
  sent: [null],
  delivered: [null, 'sent'],
  read: [null, 'sent', 'delivered'],
  failed: [null, 'sent'],
};

/**
 * Applies a provider receipt if it moves the message forward (never back: duplicates and late
 * receipts change nothing) and adopts the provider's id when the message has none yet.
 * Returns whether the row changed.
 */
export async function applyMessageReceipt(
  db: DbExecutor,
  messageId: string,
  receipt: {
    status: DeliveryStatus;
    at: Date;
    providerMessageId: string;
    errorCode: number | null;
    error: string | null;
  },
): Promise<boolean> {
  const allowed = REPLACES[receipt.status];
  const previous = allowed.filter((s): s is DeliveryStatus => s !== null);
  const result = await db
    .updateTable('messages')
    .set((eb) => ({
      delivery_status: receipt.status,
      delivery_status_at: receipt.at,
      delivery_error_code: receipt.errorCode,
      delivery_error: receipt.error?.slice(0, 500) ?? null,
      provider_message_id: eb.fn.coalesce('provider_message_id', eb.val(receipt.providerMessageId)),
    }))
    .where('id', '=', messageId)
    .where((eb) =>
      previous.length > 0
        ? eb.or([eb('delivery_status', 'is', null), eb('delivery_status', 'in', previous)])
        : eb('delivery_status', 'is', null),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
