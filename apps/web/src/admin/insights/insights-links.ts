import { ORDERS_PATH } from '../router/order-links';

/** What an Insights figure counts: closed parcels of one outcome, narrowed by place, payment, courier or week. */
export interface ClosedLink {
  outcome: 'closed' | 'delivered' | 'rto' | 'lost' | 'ndr';
  pincode?: string;
  state?: string;
  payment?: 'cod' | 'prepaid';
  courier?: string;
  week?: string;
}

/** The order list (every status) showing the orders a figure counts; the list reads these keys back (closed-filter.ts). */
export function closedOrdersHref(link: ClosedLink): string {
  const params = new URLSearchParams({ status: 'all', closed: link.outcome });
  for (const key of ['pincode', 'state', 'payment', 'courier', 'week'] as const) {
    const value = link[key];
    if (value) params.set(key, value);
  }
  return `${ORDERS_PATH}?${params.toString()}`;
}
