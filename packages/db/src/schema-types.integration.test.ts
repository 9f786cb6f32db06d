import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DB } from './schema';
import { createTestDatabase, testDatabaseKinds, type TestDatabase } from './testing/index';

/**
 * Every table and column of the hand-written types, as data. `satisfies` checks each name exists in
 * the types; `Exhaustive` checks none is missing. The test then compares this with what the
 * migrations really built, in both directions, so the types cannot drift from the database.
 */
type Columns<T> = readonly (keyof T & string)[];
type Exhaustive<T, L extends readonly string[]> = [Exclude<keyof T, L[number]>] extends [never] ? L : never;
function columns<T>() {
  return <const L extends Columns<T>>(list: Exhaustive<T, L>): L => list;
}

const TABLES = {
  app_settings: columns<DB['app_settings']>()(['key', 'value', 'created_at']),
  admin_users: columns<DB['admin_users']>()([
    'id',
    'email',
    'name',
    'password_hash',
    'created_at',
    'password_changed_at',
  ]),
  admin_sessions: columns<DB['admin_sessions']>()([
    'token_hash',
    'admin_id',
    'created_at',
    'expires_at',
    'client',
    'user_agent',
  ]),
  admin_sign_ins: columns<DB['admin_sign_ins']>()(['id', 'admin_id', 'signed_in_at', 'client', 'user_agent']),
  rate_limits: columns<DB['rate_limits']>()(['bucket', 'window_start', 'hits']),
  customers: columns<DB['customers']>()([
    'id',
    'name',
    'email',
    'phone',
    'whatsapp_opt_in',
    'whatsapp_opt_in_at',
    'created_at',
  ]),
  products: columns<DB['products']>()([
    'id',
    'sku',
    'name',
    'weight_text',
    'weight_grams',
    'weight_error',
    'price_paise',
    'created_at',
    'updated_at',
  ]),
  orders: columns<DB['orders']>()([
    'id',
    'order_number',
    'customer_id',
    'status',
    'payment_method',
    'subtotal_paise',
    'shipping_paise',
    'discount_paise',
    'total_paise',
    'ship_name',
    'ship_line1',
    'ship_line2',
    'ship_city',
    'ship_state',
    'ship_pincode',
    'contact_phone',
    'contact_email',
    'attention_kind',
    'attention_reason',
    'placed_at',
    'updated_at',
    'source',
    'external_id',
    'cod_amount_paise',
  ]),
  order_items: columns<DB['order_items']>()([
    'id',
    'order_id',
    'product_id',
    'sku',
    'name',
    'quantity',
    'unit_price_paise',
    'weight_text',
  ]),
  shipments: columns<DB['shipments']>()([
    'id',
    'order_id',
    'provider',
    'booking_state',
    'status',
    'carrier_status_code',
    'client_ref',
    'provider_shipment_id',
    'awb',
    'courier_id',
    'courier_name',
    'tracking_url',
    'mode',
    'weight_grams',
    'weight_fallback',
    'length_cm',
    'breadth_cm',
    'height_cm',
    'cod_amount_paise',
    'quoted_cost_paise',
    'failure_reason',
    'needs_review',
    'review_reason',
    'weight_discrepancy',
    'booked_at',
    'last_event_at',
    'last_synced_at',
    'created_at',
    'updated_at',
  ]),
  status_history: columns<DB['status_history']>()([
    'id',
    'order_id',
    'shipment_id',
    'order_status',
    'shipment_status',
    'carrier_status',
    'location',
    'description',
    'occurred_at',
    'recorded_at',
    'source',
    'applied',
    'dedupe_key',
    'inbox_id',
  ]),
  order_notes: columns<DB['order_notes']>()([
    'id',
    'order_id',
    'kind',
    'body',
    'author_admin_id',
    'ndr_code',
    'ndr_date',
    'dedupe_key',
    'created_at',
  ]),
  webhook_inbox: columns<DB['webhook_inbox']>()([
    'id',
    'kind',
    'received_at',
    'content_type',
    'headers',
    'raw_body',
    'payload',
    'dedupe_key',
    'awb',
    'provider_shipment_id',
    'client_order_id',
    'order_id',
    'shipment_id',
    'outcome',
    'outcome_detail',
    'attempts',
    'processed_at',
  ]),
  messages: columns<DB['messages']>()([
    'id',
    'order_id',
    'channel',
    'audience',
    'template',
    'recipient',
    'subject',
    'body',
    'params',
    'dedupe_key',
    'status',
    'attempts',
    'last_error',
    'provider_message_id',
    'created_at',
    'sent_at',
  ]),
  order_status_counts: columns<DB['order_status_counts']>()(['status', 'order_count']),
  api_keys: columns<DB['api_keys']>()([
    'id',
    'name',
    'prefix',
    'key_hash',
    'created_by_admin_id',
    'created_at',
    'last_used_at',
    'revoked_at',
  ]),
  idempotency_keys: columns<DB['idempotency_keys']>()([
    'api_key_id',
    'key',
    'fingerprint',
    'state',
    'response_status',
    'response_body',
    'created_at',
    'completed_at',
  ]),
  event_endpoints: columns<DB['event_endpoints']>()([
    'id',
    'url',
    'secret',
    'event_types',
    'enabled',
    'disabled_reason',
    'failing_since',
    'alerted_at',
    'created_at',
    'updated_at',
  ]),
  outbound_events: columns<DB['outbound_events']>()([
    'id',
    'msg_id',
    'type',
    'order_id',
    'dedupe_key',
    'payload',
    'occurred_at',
    'created_at',
  ]),
  event_deliveries: columns<DB['event_deliveries']>()([
    'id',
    'event_id',
    'endpoint_id',
    'order_id',
    'state',
    'attempts',
    'next_attempt_at',
    'last_status_code',
    'last_error',
    'delivered_at',
    'created_at',
    'updated_at',
  ]),
  event_delivery_attempts: columns<DB['event_delivery_attempts']>()([
    'id',
    'delivery_id',
    'attempted_at',
    'status_code',
    'error',
    'duration_ms',
  ]),
  channel_webhooks: columns<DB['channel_webhooks']>()([
    'id',
    'channel',
    'delivery_id',
    'topic',
    'external_id',
    'headers',
    'raw_body',
    'order_id',
    'outcome',
    'outcome_detail',
    'received_at',
    'processed_at',
  ]),
  channel_writebacks: columns<DB['channel_writebacks']>()([
    'id',
    'channel',
    'order_id',
    'shipment_id',
    'kind',
    'event_status',
    'dedupe_key',
    'state',
    'attempts',
    'remote_id',
    'last_error',
    'user_errors',
    'created_at',
    'updated_at',
  ]),
  channel_state: columns<DB['channel_state']>()(['channel', 'polled_until', 'last_poll_at', 'last_poll_error']),
} satisfies { [T in keyof DB]: Columns<DB[T]> };

// A table in the types but missing from TABLES fails to compile here.
export const EVERY_TABLE: Exhaustive<DB, readonly (keyof typeof TABLES)[]> = Object.keys(
  TABLES,
) as (keyof typeof TABLES)[];

describe.each(testDatabaseKinds())('table types match the migrated database on %s', (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
  });

  it('every table and column in the types exists, and the database has nothing the types lack', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and table_name not like 'kysely_%'
      order by table_name, ordinal_position`.execute(database.db);
    const actual: Record<string, string[]> = {};
    for (const row of rows) (actual[row.table_name] ??= []).push(row.column_name);
    expect(EVERY_TABLE).toHaveLength(Object.keys(TABLES).length);
    const expected = Object.fromEntries(Object.entries(TABLES).map(([table, cols]) => [table, [...cols].sort()]));
    const found = Object.fromEntries(Object.entries(actual).map(([table, cols]) => [table, [...cols].sort()]));
    expect(found).toEqual(expected);
  });
});
