export type { DbExecutor } from './db-executor';
export { NotFoundError, InvalidCursorError, type NotFoundEntity } from './errors';
export { isActiveShipment, isActiveBookingState } from './shipment.predicates';
export { normalizeMobile, parseOrderSearch, type OrderSearch } from './order-search';
export * from './order.repository';
export * from './customer.repository';
export * from './product.repository';
export * from './shipment.repository';
