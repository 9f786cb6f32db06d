export { seedDemoData, DEMO_SEED_NOW, type SeedDemoOptions } from './demo.seed';
export { DEMO_CASES } from './demo-orders.seed';
export { DEMO_HISTORY_ORDERS } from './demo-history.seed';
export {
  generateBulkOrders,
  type BulkOrdersOptions,
  type BulkOrdersProgress,
  type BulkOrdersResult,
} from './bulk-orders.seed';
export { insertDemoCatalog } from './catalog.seed';
export { DEMO_CATALOG, type CatalogProduct } from './catalog.data';
