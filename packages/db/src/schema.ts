// The Kysely table types, one file per area in schema/. Importers use this module: it re-exports every
// area and puts DB together (the column helpers in schema/columns stay private to the areas).
import type {
  CustomersTable,
  OrderItemsTable,
  OrderStatusCountsTable,
  OrdersTable,
  ProductsTable,
} from './schema/orders';
import type { NdrResponsesTable, OrderNotesTable, StatusHistoryTable } from './schema/order-history';
import type { DeliveryMemoryTable, ShipBatchItemsTable, ShipBatchesTable, ShipmentsTable } from './schema/shipments';
import type { WebhookInboxTable, WhatsAppInboxTable } from './schema/inbox';
import type { MessagesTable } from './schema/messaging';
import type {
  EventDeliveriesTable,
  EventDeliveryAttemptsTable,
  EventEndpointsTable,
  OutboundEventsTable,
} from './schema/events';
import type { ChannelStateTable, ChannelWebhooksTable, ChannelWritebacksTable } from './schema/channels';
import type {
  AdminSessionsTable,
  AdminSignInsTable,
  AdminUsersTable,
  LoginDeviceLockoutsTable,
  RateLimitsTable,
} from './schema/auth';
import type { ApiKeysTable, IdempotencyKeysTable } from './schema/orders-api';
import type { AppSettingsTable, StoreBrandingTable } from './schema/settings';

export * from './schema/orders';
export * from './schema/order-history';
export * from './schema/shipments';
export * from './schema/inbox';
export * from './schema/messaging';
export * from './schema/events';
export * from './schema/channels';
export * from './schema/auth';
export * from './schema/orders-api';
export * from './schema/settings';

export interface DB {
  app_settings: AppSettingsTable;
  admin_users: AdminUsersTable;
  admin_sessions: AdminSessionsTable;
  admin_sign_ins: AdminSignInsTable;
  rate_limits: RateLimitsTable;
  login_device_lockouts: LoginDeviceLockoutsTable;
  customers: CustomersTable;
  products: ProductsTable;
  orders: OrdersTable;
  order_items: OrderItemsTable;
  shipments: ShipmentsTable;
  status_history: StatusHistoryTable;
  order_notes: OrderNotesTable;
  webhook_inbox: WebhookInboxTable;
  messages: MessagesTable;
  order_status_counts: OrderStatusCountsTable;
  api_keys: ApiKeysTable;
  idempotency_keys: IdempotencyKeysTable;
  ship_batches: ShipBatchesTable;
  ship_batch_items: ShipBatchItemsTable;
  event_endpoints: EventEndpointsTable;
  outbound_events: OutboundEventsTable;
  event_deliveries: EventDeliveriesTable;
  event_delivery_attempts: EventDeliveryAttemptsTable;
  channel_webhooks: ChannelWebhooksTable;
  channel_writebacks: ChannelWritebacksTable;
  channel_state: ChannelStateTable;
  store_branding: StoreBrandingTable;
  whatsapp_inbox: WhatsAppInboxTable;
  ndr_responses: NdrResponsesTable;
  delivery_memory: DeliveryMemoryTable;
}
