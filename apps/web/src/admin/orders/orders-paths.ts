import type { OrderStatus } from '../../shared/labels';
import { navigateWith, useSearchParams, type NavigateOptions } from '../router/navigation';
import { buildPath } from '../router/route-table';
import { ORDER_PATH, ORDERS_PATH } from '../router/order-links';

/**
 * The packing table's tabs that are not one status: a parcel the watchdog found stuck, a customer's
 * return pickup, returning or returned to origin (RTO). They live in `?filter=` (the watchdog's
 * digest email links to `/admin/orders?filter=stuck`).
 */
export const FILTER_TABS = ['stuck', 'returns', 'rto'] as const;
export type FilterTab = (typeof FILTER_TABS)[number];

/** A status, every order, the open failed deliveries (NDR) with the customers' answers, or a filter tab. */
export type OrdersTab = OrderStatus | 'all' | 'ndr' | FilterTab;

/**
 * Processing first: it is the queue the team works through; what needs a look next to it; `all`
 * last. Returning and Returned have no tab of their own: RTO lists both.
 */
export const TAB_ORDER = [
  'processing',
  'shipped',
  'out_for_delivery',
  'ndr',
  'stuck',
  'delivered',
  'returns',
  'rto',
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

export function isFilterTab(tab: OrdersTab): tab is FilterTab {
  return FILTER_TABS.some((filter) => filter === tab);
}

/** A tab that is one order status (what "all N matching" and bulk ship select by). */
export function isStatusTab(tab: OrdersTab): tab is OrderStatus {
  return tab !== 'all' && tab !== 'ndr' && !isFilterTab(tab);
}

/** The COD confirmation filter's values (`?codConfirmation=`): the daily digest links to `expired`. */
export const COD_FILTERS = ['unconfirmed', 'pending', 'confirmed', 'declined', 'expired'] as const;
export type CodFilter = (typeof COD_FILTERS)[number];

/** The list's state lives in the URL (`?status=` or `?filter=`, `?q=`, `?codConfirmation=`), so Back, reload and shared links keep it. */
export function useOrdersQuery(): { tab: OrdersTab; search: string; codConfirmation: CodFilter | undefined } {
  const params = useSearchParams();
  const cod = params.get('codConfirmation');
  const codConfirmation = COD_FILTERS.find((value) => value === cod);
  const filter = params.get('filter');
  const status = params.get('status');
  // Links from before the RTO tab (`?status=returned`) land on it.
  const rto = status === 'returning' || status === 'returned';
  const tab =
    isTab(filter) && isFilterTab(filter)
      ? filter
      : rto
        ? 'rto'
        : isTab(status) && !isFilterTab(status)
          ? status
          : DEFAULT_TAB;
  return { tab, search: params.get('q') ?? '', codConfirmation };
}

export function showTab(tab: OrdersTab) {
  const filter = isFilterTab(tab) ? tab : undefined;
  const status = filter || tab === DEFAULT_TAB ? undefined : tab;
  navigateWith({ params: { status, filter } });
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
