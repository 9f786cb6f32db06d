import { buildPath } from './route-table';

/** The Orders section's URLs; the route table (shell/routes.tsx) registers them, every page links to them. */
export const ORDERS_PATH = '/admin';
/** The list with Order Details open over it (a link can be shared or reloaded). */
export const ORDER_PATH = '/admin/orders/:orderId';
/** Order ids are numeric (bigint as a string): anything else is not an order URL. */
export const ORDER_ID = /^\d{1,18}$/;

/** Order Details' own URL, for links from other pages (a batch, the pickup sheet, the Stuck tab). */
export function orderHref(orderId: string): string {
  return buildPath(ORDER_PATH, { orderId });
}
