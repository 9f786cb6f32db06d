import type { Migration } from 'kysely';
import * as initialSchema from './2026_11_25_120000_initial_schema';
import * as orderSearchIndexes from './2026_11_26_090000_order_search_indexes';
import * as orderStatusCounts from './2026_11_26_090100_order_status_counts';
import * as orderStatusCountsMoveFix from './2026_11_26_090200_order_status_counts_move_fix';
import * as customerNameSearchIndex from './2026_11_26_090300_customer_name_search_index';
import * as attentionKindInboxRefs from './2026_12_01_100000_attention_kind_inbox_refs';
import * as shipmentsPollIndex from './2026_12_01_100100_shipments_poll_index';
import * as adminSignIns from './2026_12_01_100200_admin_sign_ins';
import * as productsCatalogue from './2026_12_01_120000_products_catalogue';
import * as orderSources from './2026_12_01_120100_order_sources';
import * as apiKeys from './2026_12_01_120200_api_keys';
import * as idempotencyKeys from './2026_12_01_120300_idempotency_keys';
import * as shipmentDirections from './2026_12_01_140000_shipment_directions';
import * as shipBatches from './2026_12_01_140100_ship_batches';
import * as labelsWatchdogBilling from './2026_12_01_140200_labels_watchdog_billing';
import * as eventsAndChannels from './2026_12_01_180000_events_and_channels';
import * as shardedStatusCounts from './2026_12_02_100000_sharded_status_counts';
import * as storeBranding from './2026_12_02_110000_store_branding';
import * as whatsappReceipts from './2026_12_02_110100_whatsapp_receipts';
import * as ndrResponses from './2026_12_02_110200_ndr_responses';
import * as orderMoneyAndRecord from './2026_12_05_120000_order_money_and_record';
import * as loginDeviceLockouts from './2026_12_06_100000_login_device_lockouts';
import * as orderAlternatePhonePackage from './2026_12_06_110000_order_alternate_phone_package';
import * as addressCheckAndLanguage from './2026_12_06_160000_address_check_and_language';
import * as deliveryMemory from './2026_12_06_170000_delivery_memory';
import * as shipmentPromisedBy from './2026_12_06_170100_shipment_promised_by';
import * as codConfirmation from './2026_12_06_171500_cod_confirmation';
import * as shipBatchCodOverride from './2026_12_06_183000_ship_batch_cod_override';
import * as messageCancelled from './2026_12_06_183100_message_cancelled';
import * as courierChoiceAndShelfLife from './2026_12_06_184000_courier_choice_and_shelf_life';
import * as inboxIngestQueue from './2026_12_06_190000_inbox_ingest_queue';
import * as orderListWalkCustomer from './2026_12_06_191000_order_list_walk_customer';
import * as channelWebhookApplier from './2026_12_07_100000_channel_webhook_applier';
import * as inboxNarrowWaiting from './2026_12_07_110000_inbox_narrow_waiting';
import * as customersPhoneId from './2026_12_07_120000_customers_phone_id';

/** Every migration, by name. Names sort in the order they run; add new files here. */
export const migrations: Record<string, Migration> = {
  '2026_11_25_120000_initial_schema': initialSchema,
  '2026_11_26_090000_order_search_indexes': orderSearchIndexes,
  '2026_11_26_090100_order_status_counts': orderStatusCounts,
  '2026_11_26_090200_order_status_counts_move_fix': orderStatusCountsMoveFix,
  '2026_11_26_090300_customer_name_search_index': customerNameSearchIndex,
  '2026_12_01_100000_attention_kind_inbox_refs': attentionKindInboxRefs,
  '2026_12_01_100100_shipments_poll_index': shipmentsPollIndex,
  '2026_12_01_100200_admin_sign_ins': adminSignIns,
  '2026_12_01_120000_products_catalogue': productsCatalogue,
  '2026_12_01_120100_order_sources': orderSources,
  '2026_12_01_120200_api_keys': apiKeys,
  '2026_12_01_120300_idempotency_keys': idempotencyKeys,
  '2026_12_01_140000_shipment_directions': shipmentDirections,
  '2026_12_01_140100_ship_batches': shipBatches,
  '2026_12_01_140200_labels_watchdog_billing': labelsWatchdogBilling,
  '2026_12_01_180000_events_and_channels': eventsAndChannels,
  '2026_12_02_100000_sharded_status_counts': shardedStatusCounts,
  '2026_12_02_110000_store_branding': storeBranding,
  '2026_12_02_110100_whatsapp_receipts': whatsappReceipts,
  '2026_12_02_110200_ndr_responses': ndrResponses,
  '2026_12_05_120000_order_money_and_record': orderMoneyAndRecord,
  '2026_12_06_100000_login_device_lockouts': loginDeviceLockouts,
  '2026_12_06_110000_order_alternate_phone_package': orderAlternatePhonePackage,
  '2026_12_06_160000_address_check_and_language': addressCheckAndLanguage,
  '2026_12_06_170000_delivery_memory': deliveryMemory,
  '2026_12_06_170100_shipment_promised_by': shipmentPromisedBy,
  '2026_12_06_171500_cod_confirmation': codConfirmation,
  '2026_12_06_183000_ship_batch_cod_override': shipBatchCodOverride,
  '2026_12_06_183100_message_cancelled': messageCancelled,
  '2026_12_06_184000_courier_choice_and_shelf_life': courierChoiceAndShelfLife,
  '2026_12_06_190000_inbox_ingest_queue': inboxIngestQueue,
  '2026_12_06_191000_order_list_walk_customer': orderListWalkCustomer,
  '2026_12_07_100000_channel_webhook_applier': channelWebhookApplier,
  '2026_12_07_110000_inbox_narrow_waiting': inboxNarrowWaiting,
  '2026_12_07_120000_customers_phone_id': customersPhoneId,
};
