import type { OrderStatus } from '../../shared/labels';
import { navigateWith, useSearchParams, type NavigateOptions } from '../router/navigation';
import { buildPath } from '../router/route-table';

/** The Orders section's URLs; the route table (shell/routes.tsx) registers them, this feature links to them. */
export const ORDERS_PATH = '/admin';
/** The list with Order Details open over it (a link can be shared or reloaded). */
export const ORDER_PATH = '/admin/orders/:orderId';
/** Order ids are numeric (bigint as a string): anything else is not an order URL. */
export const ORDER_ID = /^\d{1,18}$/;

/** A status, every order, or the open failed deliveries (NDR) with the customers' answers. */
export type OrdersTab = OrderStatus | 'all' | 'ndr';

/** Processing first: it is the queue the team works through; `all` last. */
export const TAB_ORDER = [
  'processing',
  'shipped',
  'out_for_delivery',
  'ndr',
  'delivered',
  'returning',
  'returned',
  'cancelled',
  'lost',
  'pending',
  'all',
] as const satisfies readonly OrdersTab[];

/** The default tab is not written in the URL, so `/admin` is the Processing queue. */
const DEFAULT_TAB: OrdersTab = 'processing';

function isTab(value: string | null): value is OrdersTab {
  return TAB_ORDER.some((tab) => tab === value);
}

/** The list's state lives in the URL (`?status=`, `?q=`), so Back, reload and shared links keep it. */
export function useOrdersQuery(): { tab: OrdersTab; search: string } {
  const params = useSearchParams();
  const status = params.get('status');
  return { tab: isTab(status) ? status : DEFAULT_TAB, search: params.get('q') ?? '' };
}

export function showTab(tab: OrdersTab) {
  navigateWith({ params: { status: tab === DEFAULT_TAB ? undefined : tab } });
}

export function showSearch(search: string) {
  navigateWith({ params: { q: search || undefined } }, { replace: true });
}

/** Opens Order Details over the list, keeping the list's tab and search. */
export function openOrder(orderId: string, options?: NavigateOptions) {
  navigateWith({ path: buildPath(ORDER_PATH, { orderId }) }, options);
}

export function closeOrder() {
  navigateWith({ path: ORDERS_PATH });
}
