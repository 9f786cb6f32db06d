import { findOrderByNumber, type OrderRecord, type OrderSource } from '@app/db';
import type { AppDeps } from '../../platform/core/deps';

/**
 * A store API key's scope: the orders the REST Orders API brought in (any key's, so a rotated key
 * still manages what the old one created). Orders from Shopify, WooCommerce, a CSV or the admin
 * are the admin's and their channel's; to a key they do not exist (404, the same answer as an
 * order number nobody has).
 */
export const API_KEY_ORDER_SOURCES: readonly OrderSource[] = ['api'];

/** The order a key names by number, when it is in the key's scope; undefined otherwise. */
export function findOrderInKeyScope(deps: Pick<AppDeps, 'db'>, orderNumber: string): Promise<OrderRecord | undefined> {
  return findOrderByNumber(deps.db, orderNumber, { sources: API_KEY_ORDER_SOURCES });
}
